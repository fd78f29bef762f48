"""Self-description: the SPARQL service description (sd:) at /sparql and the VoID description of the dataset.

A client that meets the endpoint learns from it what it speaks (languages, result formats, the union default
graph), what limits it sets (time, rows), what the data holds (VoID counts, classes, dumps) and which example
queries to start from (as SHACL SPARQL executables, the convention of the SIB/UniProt example sets).
"""

from __future__ import annotations

import threading
import time

from flask import Response, redirect, request, url_for
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, VOID, XSD

from graph import __version__
from graph.queries import load as load_queries
from graph.web import conneg
from graph.web.backend import Service

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
SCHEMA = Namespace("https://schema.org/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
RDF_FORMATS = ("Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads")
RDFLIB_NAMES = {
    "turtle": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}

VOID_COUNTS = {
    VOID.triples: "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    VOID.distinctSubjects: "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    VOID.properties: "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    VOID.classes: "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?s a ?c } }",
}
CLASS_PARTITION = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c ORDER BY DESC(?n)"

_cache: dict[str, tuple[float, list[tuple[URIRef, int]], list[tuple[str, int]]]] = {}
_cache_lock = threading.Lock()
CACHE_SECONDS = 300.0


def counts(svc: Service) -> tuple[list[tuple[URIRef, int]], list[tuple[str, int]]]:
    """VoID numbers, computed once per few minutes: counting a large store is not free."""
    key = str(svc.store_dir or svc.settings.sparql_url)
    with _cache_lock:
        hit = _cache.get(key)
        if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
            return hit[1], hit[2]
    totals = [(prop, int(svc.select(q)[0]["n"]["value"])) for prop, q in VOID_COUNTS.items()]
    classes = [(row["c"]["value"], int(row["n"]["value"])) for row in svc.select(CLASS_PARTITION) if "c" in row]
    with _cache_lock:
        _cache[key] = (time.monotonic(), totals, classes)
    return totals, classes


def void_graph(svc: Service, root: str) -> Graph:
    """The dataset as VoID: counts, class partitions, the endpoint, dumps and the vocabularies it uses."""
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    ds = URIRef(root + "void#dataset")
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("tradekg: Chinese customs and trade policy", lang="en")))
    g.add(
        (
            ds,
            DCTERMS.description,
            Literal(
                "Policy measures, responsible departments, zones, agreements and places extracted from customs policy "
                "documents, each fact with the sentence it came from.",
                lang="en",
            ),
        )
    )
    g.add((ds, VOID.sparqlEndpoint, URIRef(root + "sparql")))
    g.add((ds, VOID.uriSpace, Literal(svc.base + "id/")))
    g.add((ds, VOID.rootResource, URIRef(svc.base + "id/org/gacc")))
    for name in ("nquads", "turtle", "jsonld"):
        g.add((ds, VOID.dataDump, URIRef(f"{root}download/tradekg.{conneg.BY_NAME[name].extension}")))
    for vocab in ("http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#", str(SKOS_NS), str(PROV_NS)):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    totals, classes = counts(svc)
    for prop, n in totals:
        g.add((ds, prop, Literal(n, datatype=XSD.integer)))
    for cls, n in classes:
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    return g


SKOS_NS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV_NS = Namespace("http://www.w3.org/ns/prov#")


def sd_graph(svc: Service, endpoint: str, root: str) -> Graph:
    g = void_graph(svc, root)
    g.bind("sd", SD)
    g.bind("sh", SH)
    g.bind("schema", SCHEMA)
    s = URIRef(endpoint)
    s_ep = URIRef(endpoint)
    g.add((s, RDF.type, SD.Service))
    g.add((s, SD.endpoint, s_ep))
    g.add((s, SD.supportedLanguage, SD.SPARQL11Query))
    if svc.writable:
        g.add((s, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((s, SD.feature, SD.UnionDefaultGraph))
    g.add((s, SD.feature, SD.EmptyGraphs))
    for fmt in RESULT_FORMATS + RDF_FORMATS:
        g.add((s, SD.resultFormat, FORMATS_NS[fmt]))
    limits = (
        f"tradekg {__version__}. Read-only unless an update token is configured. Each query may run "
        f"{svc.settings.timeout:g} s (ask for less with timeout=<seconds>) and returns at most "
        f"{svc.settings.max_rows} rows or triples (X-Max-Rows; X-Result-Truncated says when more matched: page "
        "with LIMIT/OFFSET). The default graph is the union of all named graphs: one per document, plus the "
        "ontology, vocabulary and build graphs; COUNT a triple stored in two graphs once with DISTINCT. SERVICE "
        "and LOAD only reach endpoints on the allow-list. Common prefixes (tkg, eli, org, skos, dcterms, prov, "
        "nif, rdfs, xsd…) are predeclared."
    )
    g.add((s, RDFS.comment, Literal(limits, lang="en")))
    dataset, default = BNode(), BNode()
    g.add((s, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDFS.seeAlso, URIRef(root + "void#dataset")))
    for nq in load_queries(svc.settings.queries_dir):
        ex = URIRef(f"{root}#query={nq.name}")
        g.add((ex, RDF.type, SH.SPARQLExecutable))
        g.add((ex, RDFS.label, Literal(nq.title, lang="en")))
        if nq.description:
            g.add((ex, RDFS.comment, Literal(nq.description, lang="en")))
        g.add((ex, SH.select, Literal(nq.text)))
        g.add((ex, SCHEMA.target, s_ep))
    return g


def serialise(g: Graph, fmt: conneg.Format) -> bytes:
    if fmt.name in ("trig", "nquads"):
        ds = Dataset()
        for triple in g:
            ds.add(triple)
        for prefix, ns in g.namespaces():
            ds.bind(prefix, ns)
        return ds.serialize(format=RDFLIB_NAMES[fmt.name], encoding="utf-8")
    return g.serialize(format=RDFLIB_NAMES[fmt.name], encoding="utf-8")


def _respond(g: Graph) -> Response:
    fmt = conneg.choose(conneg.RDF, request.headers.get("Accept"), request.args.get("format"))
    if fmt is None:
        from graph.errors import RequestError

        raise RequestError("this description is available as " + ", ".join(conneg.names(conneg.RDF)), 406)
    resp = Response(serialise(g, fmt), 200, content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    return resp


def service_description(svc: Service) -> Response:
    """At the endpoint URL without a query; browsers are sent to the query page instead."""
    accept = request.headers.get("Accept")
    if not request.args.get("format") and conneg.prefers_html(accept):
        return redirect(url_for("ui.index") if "ui" in _blueprints() else request.url_root)  # type: ignore[return-value]
    return _respond(sd_graph(svc, request.base_url, request.url_root))


def void_description(svc: Service) -> Response:
    return _respond(void_graph(svc, request.url_root))


def _blueprints() -> set[str]:
    from flask import current_app

    return set(current_app.blueprints)
