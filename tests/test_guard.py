"""The SERVICE/LOAD screen reads SPARQL as the grammar does: what it refuses, and what it must let through."""

from __future__ import annotations

import pytest

from graph.errors import QueryError, RequestError
from graph.web.guard import check_calls, client_timeout, engine_parser, nesting_depth, remote_targets, screen

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


# What no lexer can tell: '<' as "less than" makes the rest look like an IRI, and the alignment of strings and
# comments after it differs. The engine is asked instead (check_calls), on an empty dataset.
LEXER_FOOLERS = [
    "PREFIX : <http://127.0.0.1:9/> SELECT * { ?s ?p ?o FILTER(?o<?p)SERVICE:#>\n{} }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * { ?s ?p ?o FILTER(?o<?p)SERVICE SILENT:#>\n{} }",
    f"SELECT * {{ ?s ?p ?o FILTER(?o<?p#> '''\n&& ?o != <http://x/#>) SERVICE <{EVIL}> {{ }}\n# '''\n}}",
    f"SELECT * {{ ?s ?p ?o FILTER(<http://x/#><?o)SERVICE <{EVIL}>#>\n{{ }} }}",
]


@pytest.mark.parametrize("text", LEXER_FOOLERS)
def test_the_engine_is_asked_when_a_lexer_is_fooled(text: str) -> None:
    with pytest.raises(RequestError) as info:
        check_calls(text, engine_parser(None))
    assert info.value.status == 403


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
        "SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/>",
        "SELECT ?service WHERE { ?service a <urn:x:SERVICE> ; tkg:service ?x }",
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> SELECT * { ?s sd:endpoint ?e }",
        "SELECT * { ?s ?p ?o FILTER(?o<?p) } # SERVICE <http://127.0.0.1:9/> {}",
    ],
)
def test_the_engine_lets_mentions_through(text: str) -> None:
    check_calls(text, engine_parser(None))


def test_not_sparql_is_a_syntax_error_not_a_refusal() -> None:
    with pytest.raises(QueryError) as info:
        check_calls("SELECT * { SERVICE <urn:x> { ?s ?p }", engine_parser(None))
    assert info.value.status == 400 and "error at" in str(info.value)


def test_deep_nesting_is_measured_outside_strings() -> None:
    assert nesting_depth("SELECT * { FILTER((1)) }") == 3
    assert nesting_depth('SELECT * { BIND("((((((" AS ?x) } # {{{{{{') == 2
    with pytest.raises(RequestError) as info:
        screen("ASK { FILTER(" + "(" * 500 + "1" + ")" * 500 + ") }", frozenset())
    assert info.value.status == 400
