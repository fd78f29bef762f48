"""The endpoint as clients see it: a real `tradekg serve` process, talked to over HTTP."""

from __future__ import annotations

import requests

from graph.web import conneg


def test_select_as_json_counts_measures(server: str) -> None:
    q = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a tkg:Measure }"
    r = requests.get(server + "sparql", params={"query": q}, timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == 58


def test_bad_query_is_400_with_parser_message(server: str) -> None:
    r = requests.get(server + "sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=30)
    assert r.status_code == 400
    assert "error at" in r.text  # the parser's own position and expectation


def test_row_cap_is_announced(server: str) -> None:
    r = requests.get(server + "sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 3"}, timeout=30)
    assert r.headers["X-Max-Rows"].isdigit()
    assert r.headers["X-Result-Rows"] == "3"
    assert r.headers["X-Result-Truncated"] == "false"


def test_accept_q_values_choose_the_format() -> None:
    fmt = conneg.choose(conneg.RESULTS, "text/csv;q=0.5, application/sparql-results+xml;q=0.9")
    assert fmt is not None and fmt.name == "xml"
    assert conneg.choose(conneg.RDF, "application/sparql-results+json") is None
    wild = conneg.choose(conneg.RDF, "text/*")
    assert wild is not None and wild.name == "turtle"
