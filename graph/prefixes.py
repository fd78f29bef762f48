"""The namespace prefixes every query may use, without importing rdflib.

Query workers and the web process import this on start-up; `graph.namespaces` (the closed rdflib namespaces used by
the extractors) builds on it, so both always agree.
"""

from __future__ import annotations

BASE = "https://w3id.org/tradekg/"

PREFIXES: dict[str, str] = {
    "tkg": BASE + "ontology#",
    "id": BASE + "id/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, to prepend to ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
