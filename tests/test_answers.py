"""Our capped result writers agree with pyoxigraph's own parsers, and the cap is exact."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from graph.namespaces import PREFIXES
from graph.web import conneg
from graph.web.answers import RDF_WRITERS, render

PARSERS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "tsv": ox.QueryResultsFormat.TSV,
}
# Literals with languages, datatypes, quotes, tabs and newlines; IRIs; unbound variables; Chinese text.
QUERY = """SELECT ?s ?label ?n ?missing WHERE {
  { ?s skos:prefLabel ?label } UNION { ?s tkg:measureText ?label } UNION { ?s nif:beginIndex ?n }
  OPTIONAL { ?s <urn:nothing> ?missing }
} ORDER BY ?s ?label ?n LIMIT 400"""


def _run(kg: ox.Store, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    return kg.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)


def _terms(solutions: ox.QuerySolutions) -> list[list[object]]:
    names = solutions.variables
    return [[s[v] for v in names] for s in solutions]


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_select_round_trips_through_pyoxigraph(kg: ox.Store, name: str) -> None:
    answer = render(_run(kg, QUERY), None, name, max_rows=10_000)
    parsed = ox.parse_query_results(io.BytesIO(answer.body), PARSERS[name])
    assert isinstance(parsed, ox.QuerySolutions)
    expected = _run(kg, QUERY)
    assert isinstance(expected, ox.QuerySolutions)
    assert [v.value for v in parsed.variables] == ["s", "label", "n", "missing"]
    assert _terms(parsed) == _terms(expected)
    assert answer.rows == 400 and not answer.truncated


def test_csv_is_plain_values_with_escaping(kg: ox.Store) -> None:
    answer = render(_run(kg, QUERY), None, "csv", max_rows=10_000)
    import csv

    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "label", "n", "missing"]
    assert len(rows) == 401
    assert all(len(r) == 4 and r[3] == "" for r in rows[1:])


def test_cap_is_exact_and_announced(kg: ox.Store) -> None:
    answer = render(_run(kg, "SELECT * { ?s ?p ?o } LIMIT 50"), None, "json", max_rows=7)
    parsed = ox.parse_query_results(io.BytesIO(answer.body), ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    assert len(list(parsed)) == 7
    assert answer.rows == 7 and answer.truncated


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_ask_in_every_results_format(kg: ox.Store, name: str) -> None:
    yes = render(_run(kg, "ASK { ?m a tkg:Measure }"), None, name, 10).body.decode()
    no = render(_run(kg, "ASK { ?m a <urn:none> }"), None, name, 10).body.decode()
    assert "true" in yes and "false" not in yes
    assert "false" in no and "true" not in no
    if name in PARSERS:
        parsed = ox.parse_query_results(io.BytesIO(yes.encode()), PARSERS[name])
        assert isinstance(parsed, ox.QueryBoolean) and bool(parsed)


@pytest.mark.parametrize("fmt", [f.name for f in conneg.FORMATS if f.kind == conneg.RDF])
def test_construct_in_every_rdf_format(kg: ox.Store, fmt: str) -> None:
    text = "CONSTRUCT { ?m tkg:measureText ?t } WHERE { ?m tkg:measureText ?t } LIMIT 20"
    answer = render(_run(kg, text), None, fmt, max_rows=10_000)
    parsed = {q.triple for q in ox.parse(io.BytesIO(answer.body), RDF_WRITERS[fmt])}  # each syntax read back
    expected = set(_run(kg, text))  # type: ignore[arg-type]
    assert parsed == expected and len(parsed) == answer.rows > 0


def test_nothing_acceptable_is_406(kg: ox.Store) -> None:
    from graph.errors import RequestError

    with pytest.raises(RequestError) as info:
        render(_run(kg, "ASK {}"), "image/png", None, 10)
    assert info.value.status == 406
