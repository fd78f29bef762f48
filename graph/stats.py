"""Counts that describe a built store: what a curator checks after a build, and the VoID numbers a endpoint
publishes later. Plain SPARQL over the store, so they hold for any store tradekg built."""

from __future__ import annotations

import pyoxigraph as ox

from graph.store import query, term_text

COUNTS: dict[str, str] = {
    "quads": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "named graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "documents": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a tkg:PolicyDocument }",
    "sections": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a tkg:Section }",
    "measures": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a tkg:Measure }",
    "responsibilities": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?m ?u WHERE { ?m tkg:responsibleUnit ?u } }",
    "responsible units": "SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?m tkg:responsibleUnit ?u }",
    "mentioned entities": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?d a tkg:PolicyDocument ; tkg:mentions ?e }",
    "discovered entities": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e tkg:discovered true }",
    "evidence records": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a tkg:Evidence }",
    "vocabulary entries": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { "
    "GRAPH <https://w3id.org/tradekg/id/graph/vocabulary> { ?e skos:prefLabel ?l } }",
}
BY_TYPE = """SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?d a tkg:PolicyDocument ; tkg:mentions ?e . ?e a ?c . ?c tkg:mentionType ?type
} GROUP BY ?type ORDER BY ?type"""


def counts(store: ox.Store) -> dict[str, int]:
    """Headline counts, in a stable order."""
    out: dict[str, int] = {}
    for name, sparql in COUNTS.items():
        row = next(query(store, sparql).rows())
        out[name] = int(term_text(row[0]) or 0)
    return out


def mentions_by_type(store: ox.Store) -> dict[str, int]:
    return {term_text(t): int(term_text(n)) for t, n in query(store, BY_TYPE).rows()}
