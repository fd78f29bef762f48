"""The SERVICE/LOAD screen reads SPARQL as the grammar does: what it refuses, and what it must let through."""

from __future__ import annotations

import pytest

from graph.errors import RequestError
from graph.web.guard import client_timeout, remote_targets, screen

EVIL = "http://127.0.0.1:9/sparql"


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{EVIL}> {{ ?s ?p ?o }} }}",
        "PREFIX x: <http://127.0.0.1:9/> SELECT * { SERVICE x:sparql { ?s ?p ?o } }",
        f"SELECT * {{ SERVIC\\u0045 <{EVIL}> {{ ?s ?p ?o }} }}",
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://127.0.0.1:9/> } }",
        f"LOAD <{EVIL}> INTO GRAPH <urn:g>",
        f"SELECT * {{ # comment\n SERVICE\n<{EVIL}>{{?s ?p ?o}} }}",
        # A lexer is fooled by these (an escaped '#' or quote in a local name, a '<' that is "less than"):
        f'PREFIX ex: <http://example.org/> SELECT * {{ ?s ex:a\\#"" SERVICE <{EVIL}> {{ ?s ?p ?o }} }}',
        f"PREFIX ex: <http://example.org/> SELECT * {{ ?s ex:a\\' ?o SERVICE <{EVIL}> {{ }} ?x ?y 'z' }}",
        "PREFIX : <http://127.0.0.1:9/> SELECT * { ?s ?p ?o FILTER(?o<?p)SERVICE:#>\n{} }",
        f"LOAD <{EVIL}>",
    ],
)
def test_remote_calls_are_refused(text: str) -> None:
    with pytest.raises(RequestError) as info:
        screen(text, frozenset())
    assert info.value.status == 403


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
        "SELECT * { ?s ?p '''a\nSERVICE <http://127.0.0.1:9/>''' }",
        "SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/>",
        "SELECT ?service WHERE { ?service a <urn:x:SERVICE> }",
        "SELECT * { ?s tkg:service ?o }",
    ],
)
def test_the_word_alone_is_not_a_call(text: str) -> None:
    assert remote_targets(text) == []
    screen(text, frozenset())


def test_allow_list_lets_a_named_endpoint_through() -> None:
    text = f"SELECT * {{ SERVICE <{EVIL}> {{ ?s ?p ?o }} }}"
    screen(text, frozenset({EVIL}))
    with pytest.raises(RequestError):
        screen(text, frozenset({"http://127.0.0.1:10/sparql"}))


@pytest.mark.parametrize(("asked", "expected"), [(None, 30.0), ("5", 5.0), ("0.5", 0.5), ("300", 30.0)])
def test_client_may_ask_for_less_time(asked: str | None, expected: float) -> None:
    assert client_timeout(asked, 30.0) == expected


@pytest.mark.parametrize("asked", ["-1", "0", "nan", "soon"])
def test_bad_timeouts_are_400(asked: str) -> None:
    with pytest.raises(RequestError) as info:
        client_timeout(asked, 30.0)
    assert info.value.status == 400
