"""SPARQL JSON written by pyoxigraph (the fast path) is byte for byte what the row-by-row writer gives, with the
same row count and cap, whatever the literals hold: text that looks like the row separator, empty rows, no rows."""

from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest

from graph.web.answers import json_rows, render

# Literal values that imitate the text between two rows of SPARQL JSON, or an empty row.
TRICKY = ("a},{", '},{"', 'x},{","y', "{}", '"},{"}', '},{"}', '},{",', "plain", "中文", "\\", "\n", "")


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _values_query(rng: random.Random, rows: int) -> str:
    cells = []
    for _ in range(rows):
        a = _literal(rng.choice(TRICKY)) if rng.random() < 0.8 else "UNDEF"
        b = _literal(rng.choice(TRICKY)) if rng.random() < 0.7 else "UNDEF"
        cells.append(f"({a} {b})")
    return "SELECT ?a ?b WHERE { VALUES (?a ?b) { " + " ".join(cells) + " } }"


@pytest.mark.parametrize("seed", range(40))
def test_native_json_matches_the_row_by_row_writer(seed: int) -> None:
    store = ox.Store()
    rng = random.Random(seed)
    query = _values_query(rng, rng.randint(0, 25))
    for cap in (1, 5, 12, 25, 100):
        fast = render(store.query(query), None, "json", cap, again=lambda q=query: store.query(q))
        slow = render(store.query(query), None, "json", cap)
        assert (fast.body, fast.rows, fast.truncated) == (slow.body, slow.rows, slow.truncated), (query, cap)
        assert len(json.loads(fast.body)["results"]["bindings"]) == fast.rows <= cap


def test_row_count_of_answers_without_rows_or_variables() -> None:
    store = ox.Store()
    for query, rows in (
        ("SELECT ?x WHERE { FILTER(false) }", 0),
        ("SELECT * WHERE {}", 1),
        ("SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF UNDEF } }", 3),
    ):
        body = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]
        assert json_rows(body) == rows, query


@pytest.mark.parametrize("text", ["plain", "},{"])
@pytest.mark.parametrize(("rows", "cap"), [(50, 20), (5000, 3000), (5000, 4999), (5000, 5000)])
def test_an_answer_over_the_cap_is_cut_exactly_and_says_so(rows: int, cap: int, text: str) -> None:
    store = ox.Store()  # thousands of rows: pyoxigraph writes them in several chunks
    values = " ".join(str(i) for i in range(rows))
    query = f'SELECT ?i ?t WHERE {{ VALUES ?i {{ {values} }} BIND("{text}" AS ?t) }}'
    answer = render(store.query(query), None, None, cap, again=lambda: store.query(query))
    values = [int(b["i"]["value"]) for b in json.loads(answer.body)["results"]["bindings"]]
    assert (values, answer.rows, answer.truncated) == (list(range(min(rows, cap))), min(rows, cap), rows > cap)
    assert answer.body == render(store.query(query), None, None, cap).body
