"""The endpoint as real clients see it: SPARQLWrapper, rdflib's SPARQLStore and plain HTTP against `tradekg serve`.

Answers are parsed and compared with what the same store gives in-process (graph.store.query), never as strings.
"""

from __future__ import annotations

import json
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from graph import store as kgstore
from graph.namespaces import TKG
from graph.web import conneg
from tests.w3c import RDF_MEDIA, parsed_results

MEASURES = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a tkg:Measure }"
SELECT = "SELECT ?m ?text WHERE { ?m a tkg:Measure ; tkg:measureText ?text } ORDER BY ?m LIMIT 5"
CONSTRUCT = "CONSTRUCT { ?m a tkg:Measure } WHERE { ?m a tkg:Measure }"
ASK = "ASK { ?m a tkg:Measure }"
SD = "http://www.w3.org/ns/sparql-service-description#"


def direct(kg: ox.Store, text: str) -> list[list[str]]:
    """The same query in-process; never empty here, so that comparing counts can fail."""
    result = kgstore.query(kg, text)
    rows = [[kgstore.term_text(t) for t in row] for row in result.rows()]
    assert rows
    return rows


def measure_count(kg: ox.Store) -> int:
    return int(direct(kg, MEASURES)[0][0])


def get(server: str, query: str, accept: str | None = None, **params: str) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(server + "sparql", params={"query": query, **params}, headers=headers, timeout=60)


def media(resp: requests.Response) -> str:
    return resp.headers["Content-Type"].split(";")[0].strip()


# --- SPARQLWrapper and SPARQLStore ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(server: str, kg: ox.Store, method: str) -> None:
    sw = SPARQLWrapper(server + "sparql")
    sw.setMethod(method)
    sw.setQuery("PREFIX tkg: <" + str(TKG) + ">\n" + MEASURES)
    sw.setReturnFormat(JSON)
    doc = sw.query().convert()
    assert isinstance(doc, dict)
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == measure_count(kg)


def test_sparqlwrapper_select_xml_and_csv(server: str, kg: ox.Store) -> None:
    sw = SPARQLWrapper(server + "sparql")
    sw.setQuery(SELECT)
    sw.setReturnFormat(XML)
    dom = sw.query().convert()
    assert isinstance(dom, Document)
    uris = [n.firstChild.data for n in dom.getElementsByTagName("uri")]
    assert uris == [row[0] for row in direct(kg, SELECT)]
    sw.setReturnFormat(CSV)
    body = sw.query().convert()
    assert isinstance(body, bytes)
    got = parsed_results(body, "text/csv")
    assert not isinstance(got, bool)
    assert got[0] == ["m", "text"] and got[1] == sorted(tuple(row) for row in direct(kg, SELECT))


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper
def test_sparqlwrapper_ask_and_construct(server: str, kg: ox.Store) -> None:
    sw = SPARQLWrapper(server + "sparql")
    sw.setQuery(ASK)
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True  # type: ignore[index]
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(XML)  # RDF/XML for a graph
    g = sw.query().convert()
    assert isinstance(g, Graph) and len(g) == measure_count(kg)
    sw.setReturnFormat(TURTLE)
    g2 = Graph().parse(data=sw.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert len(g2) == measure_count(kg)


def test_rdflib_sparqlstore(server: str, kg: ox.Store) -> None:
    remote = Graph(SPARQLStore(server + "sparql"))
    rows = list(remote.query(MEASURES, initNs={"tkg": TKG}))
    assert int(rows[0][0]) == measure_count(kg)  # type: ignore[index, arg-type]
    assert remote.query(ASK, initNs={"tkg": TKG}).askAnswer is True
    assert len(remote.query(CONSTRUCT, initNs={"tkg": TKG}).graph) == measure_count(kg)  # type: ignore[arg-type]
    measure = next(iter(direct(kg, SELECT)))[0]
    assert (URIRef(measure), RDF.type, TKG.Measure) in remote


# --- content negotiation ---------------------------------------------------------------------------------------

RESULT_FORMATS = [f for f in conneg.FORMATS if f.kind == conneg.RESULTS]
RDF_FORMATS = [f for f in conneg.FORMATS if f.kind == conneg.RDF]


def _check_results(resp: requests.Response, fmt: conneg.Format, kg: ox.Store, query: str) -> None:
    assert resp.status_code == 200, resp.text
    assert media(resp) == fmt.media_type
    got = parsed_results(resp.content, fmt.media_type)
    if isinstance(got, bool):
        assert got is True
    else:
        assert len(got[1]) == len(direct(kg, query))


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_select_and_ask_in_every_results_format(server: str, kg: ox.Store, fmt: conneg.Format) -> None:
    for query in (SELECT, ASK):
        if fmt.name in ("csv", "tsv") and query == ASK:
            assert get(server, query, fmt.media_type).status_code == 200
            continue
        _check_results(get(server, query, fmt.media_type), fmt, kg, query if query != ASK else SELECT)
        _check_results(get(server, query, None, format=fmt.name), fmt, kg, query if query != ASK else SELECT)
    for alias in fmt.aliases:
        assert media(get(server, SELECT, alias)) == fmt.media_type


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_construct_in_every_rdf_format(server: str, kg: ox.Store, fmt: conneg.Format) -> None:
    for resp in (get(server, CONSTRUCT, fmt.media_type), get(server, CONSTRUCT, None, format=fmt.name)):
        assert resp.status_code == 200, resp.text
        assert media(resp) == fmt.media_type
        quads = list(ox.parse(resp.content, RDF_MEDIA[fmt.media_type]))
        assert len(quads) == measure_count(kg)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
        ("text/*", "text/csv"),
        ("application/json", "application/sparql-results+json"),
        ("text/html;q=0.9, application/sparql-results+json;q=0.2", "application/sparql-results+json"),
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        ("garbage, ;;;, application/sparql-results+xml;q=bogus, text/csv", "text/csv"),
        ("", "application/sparql-results+json"),
    ],
)
def test_q_values(server: str, accept: str, expected: str) -> None:
    resp = get(server, SELECT, accept)
    assert resp.status_code == 200 and media(resp) == expected


def test_nothing_acceptable_is_406(server: str) -> None:
    for query, accept in ((SELECT, "image/png"), (CONSTRUCT, "application/sparql-results+json"), (ASK, "text/turtle")):
        resp = get(server, query, accept)
        assert resp.status_code == 406, resp.text
        assert "offered" in resp.text
    assert get(server, SELECT, None, format="png").status_code == 406


def test_format_parameter_names_used_by_other_clients(server: str) -> None:
    """SPARQLWrapper and Virtuoso-style clients send format=xml/json for graphs too, or a media type."""
    assert media(get(server, CONSTRUCT, None, format="xml")) == "application/rdf+xml"
    assert media(get(server, CONSTRUCT, None, format="json")) == "application/ld+json"
    assert media(get(server, SELECT, None, format="application/sparql-results+xml")) == "application/sparql-results+xml"
    assert media(get(server, CONSTRUCT, None, format="text/turtle")) == "text/turtle"


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "application/sparql-results+json"])
def test_wrong_content_type_is_415(server: str, content_type: str) -> None:
    resp = requests.post(server + "sparql", data=ASK.encode(), headers={"Content-Type": content_type}, timeout=30)
    assert resp.status_code == 415 and "Content-Type" in resp.text


def test_post_forms_and_direct_body(server: str, kg: ox.Store) -> None:
    n = measure_count(kg)
    form = requests.post(server + "sparql", data={"query": MEASURES}, timeout=30)
    body = requests.post(
        server + "sparql", data=MEASURES.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    for resp in (form, body):
        assert int(resp.json()["results"]["bindings"][0]["n"]["value"]) == n


# --- dataset -------------------------------------------------------------------------------------------------------


def test_default_and_named_graph_uri(server: str, kg: ox.Store) -> None:
    graphs = sorted((g for g in kg.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    g1, g2 = graphs[0], graphs[1]
    size = len(list(kg.quads_for_pattern(None, None, None, g1)))
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    resp = get(server, count, **{"default-graph-uri": g1.value})
    assert int(resp.json()["results"]["bindings"][0]["n"]["value"]) == size
    named = requests.get(
        server + "sparql",
        params=[("query", "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", g1.value)]
        + [("named-graph-uri", g2.value)],
        timeout=30,
    ).json()
    assert {b["g"]["value"] for b in named["results"]["bindings"]} == {g1.value, g2.value}
    # A graph that is not in the store is empty: never fetched.
    resp = get(server, count, **{"default-graph-uri": "http://127.0.0.1:9/nothing"})
    assert resp.json()["results"]["bindings"][0]["n"]["value"] == "0"
    assert get(server, count, **{"default-graph-uri": "not an iri"}).status_code == 400


# --- self-description ----------------------------------------------------------------------------------------------


def test_service_description(server: str) -> None:
    resp = requests.get(server + "sparql", headers={"Accept": "text/turtle"}, timeout=30)
    g = Graph().parse(data=resp.content, format="turtle")
    endpoint = URIRef(server + "sparql")
    service = g.value(None, URIRef(SD + "endpoint"), endpoint)
    assert service is not None and (service, RDF.type, URIRef(SD + "Service")) in g
    assert (service, URIRef(SD + "feature"), URIRef(SD + "UnionDefaultGraph")) in g
    assert len(list(g.objects(service, URIRef(SD + "resultFormat")))) == len(conneg.FORMATS)


def test_void_counts_equal_direct_counts(server: str, kg: ox.Store) -> None:
    resp = requests.get(server + "void", headers={"Accept": "application/n-triples"}, timeout=60)
    g = Graph().parse(data=resp.content, format="nt")
    ds = next(g.subjects(RDF.type, VOID.Dataset))
    quads = list(kg)
    assert g.value(ds, VOID.triples) == Literal(len(quads))
    assert g.value(ds, VOID.distinctSubjects) == Literal(len({q.subject for q in quads}))
    assert g.value(ds, VOID.properties) == Literal(len({q.predicate for q in quads}))
    measures = {
        q.subject for q in kg.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(TKG.Measure)))
    }
    parts = {g.value(p, VOID["class"]): g.value(p, VOID.entities) for p in g.objects(ds, VOID.classPartition)}
    assert parts[URIRef(str(TKG.Measure))] == Literal(len(measures))


# --- CORS, refusals ------------------------------------------------------------------------------------------------


def test_cors_without_credentials(server: str) -> None:
    origin = {"Origin": "https://example.org"}
    for resp in (
        requests.get(server + "sparql", params={"query": ASK}, headers=origin, timeout=30),
        requests.get(server + "sparql", params={"query": "ASK {"}, headers=origin, timeout=30),  # errors too
    ):
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in resp.headers
    pre = requests.options(
        server + "sparql",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Content-Type"},
        timeout=30,
    )
    assert pre.status_code in (200, 204)
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert "content-type" in pre.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in pre.headers
    assert "X-Result-Truncated" in pre.headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/sparql-update", b"CLEAR ALL"),
        ("application/sparql-update", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
        ("application/x-www-form-urlencoded", b"update=DROP+ALL"),
    ],
)
def test_updates_are_refused(server: str, kg: ox.Store, content_type: str, body: bytes) -> None:
    before = len(kg)
    resp = requests.post(server + "sparql", data=body, headers={"Content-Type": content_type}, timeout=30)
    assert resp.status_code == 403 and "read-only" in resp.text
    assert measure_count(kg) > 0 and len(kg) == before


def test_request_size_limit_is_413(server: str) -> None:
    big = "ASK {} #" + "x" * (2 * 1024 * 1024)
    for resp in (
        requests.post(
            server + "sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=60
        ),
        requests.post(server + "sparql", data={"query": big}, timeout=60),
    ):
        assert resp.status_code == 413, resp.status_code
        assert "Traceback" not in resp.text


def test_errors_are_json_for_json_clients(server: str) -> None:
    resp = get(server, "SELECT ?x WHERE { ?x ?y }", "application/json")
    assert resp.status_code == 400
    doc = json.loads(resp.text)
    assert doc["status"] == 400 and "error" in doc
