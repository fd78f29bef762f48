"""The W3C SPARQL 1.1 Protocol, service description and result-format tests, replayed against a real server.

Each manifest entry is one test. The data files are loaded as the named graphs the manifest names; each request is
sent as written (its `/sparql/` path rewritten to `/sparql`); status class, result format and boolean are checked
by parsing the body. Updates are refused on a read-only endpoint: the protocol's update tests must get exactly 403
and leave the data as it was. With an update token, the update tests that need no using-graph-uri pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph.store import load_files
from tests.server import running
from tests.w3c import (
    MISSING,
    RDF_MEDIA,
    Case,
    Request,
    ResultCase,
    parsed_rdf,
    parsed_results,
    protocol_cases,
    protocol_graphs,
    result_cases,
    service_description_names,
)

CASES = protocol_cases()
RESULTS = result_cases()
TOKEN = "w3c-test-token"
RESULT_MEDIA = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
}
# The graph every refused update would have cleared: it must still be there afterwards.
STILL_THERE = "ASK { GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { ?s ?p ?o } }"


def _params(items: list, ids: list[str]) -> list:  # type: ignore[type-arg]
    return [pytest.param(x, id=i) for x, i in zip(items, ids, strict=True)] or [
        pytest.param(None, marks=pytest.mark.skip(reason=MISSING))
    ]


def _store(root: Path) -> Path:
    files = protocol_graphs(CASES) + sorted({(r.data, r.graph_iri) for r in RESULTS})
    load_files(root, files)
    return root


@pytest.fixture(scope="module")
def w3c_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CASES:
        pytest.skip(MISSING)
    store = _store(tmp_path_factory.mktemp("w3c") / "store")
    with running(store, env={"TRADEKG_TIMEOUT": "20"}, log=store.parent / "server.log") as root:
        yield root


def send(root: str, req: Request, headers: dict[str, str] | None = None) -> requests.Response:
    return requests.request(
        req.method,
        root + req.path,
        data=req.body,
        headers={**req.headers, **(headers or {})},
        allow_redirects=False,
        timeout=30,
    )


def check(req: Request, resp: requests.Response) -> None:
    """The response meets what the manifest expects: status class, then format and boolean by parsing the body."""
    assert resp.status_code // 100 in req.status_classes, f"{resp.status_code}: {resp.text[:300]}"
    assert "Traceback" not in resp.text
    if req.expected_format is None:
        return
    media = resp.headers["Content-Type"].split(";")[0].strip()
    if req.expected_format == "RDF":
        assert media in RDF_MEDIA, media
        parsed_rdf(resp.content, media)  # raises unless it is RDF in the type it claims
        return
    assert media in RESULT_MEDIA[req.expected_format], media
    parsed = parsed_results(resp.content, media)
    if req.expected_format == "boolean":
        assert isinstance(parsed, bool)
        if req.expected_boolean is not None:
            assert parsed is req.expected_boolean
    else:
        assert not isinstance(parsed, bool)


def ask(root: str, query: str) -> bool:
    r = requests.post(root + "sparql", data={"query": query}, timeout=30)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


@pytest.mark.parametrize("case", _params(CASES, [c.name for c in CASES]))
def test_protocol(case: Case, w3c_server: str) -> None:
    if case.is_update:
        # Documented refusal: read-only endpoint, 403 with a message, nothing changed.
        resp = send(w3c_server, case.requests[0])
        assert resp.status_code == 403, resp.text
        assert "read-only" in resp.text
        assert ask(w3c_server, STILL_THERE)
        return
    for req in case.requests:
        check(req, send(w3c_server, req))


def test_protocol_suite_size() -> None:
    """The manifest really was read: 34 entries, 7 of them updates the protocol expects to succeed."""
    if not CASES:
        pytest.skip(MISSING)
    assert len(CASES) == 34
    assert sum(c.is_update for c in CASES) == 7


# The update tests a SPARQL Update endpoint passes without using-graph-uri / using-named-graph-uri (which this
# endpoint refuses with 400: pyoxigraph has no way to override an update's dataset).
TOKEN_CASES = [c for c in CASES if c.is_update and "using-" not in c.requests[0].path]


@pytest.fixture(scope="module")
def update_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CASES:
        pytest.skip(MISSING)
    store = _store(tmp_path_factory.mktemp("w3c-update") / "store")
    env = {"TRADEKG_TIMEOUT": "20", "TRADEKG_UPDATE_TOKEN": TOKEN}
    with running(store, env=env, log=store.parent / "server.log") as root:
        yield root


@pytest.mark.parametrize("case", _params(TOKEN_CASES, [c.name for c in TOKEN_CASES]))
def test_protocol_update_with_token(case: Case, update_server: str) -> None:
    first = case.requests[0]
    assert send(update_server, first).status_code == 403  # no token: still refused
    assert send(update_server, first, {"Authorization": "Bearer wrong"}).status_code == 403
    for req in case.requests:
        check(req, send(update_server, req, {"Authorization": f"Bearer {TOKEN}"}))


def test_update_dataset_parameters_are_refused_with_a_reason(update_server: str) -> None:
    using = [c for c in CASES if c.is_update and "using-" in c.requests[0].path]
    assert using
    for case in using:
        resp = send(update_server, case.requests[0], {"Authorization": f"Bearer {TOKEN}"})
        assert resp.status_code == 400 and "not supported" in resp.text, resp.text


# --- service description ---------------------------------------------------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"
SD_WORDS = (
    "Service Feature Language Function Aggregate EntailmentRegime EntailmentProfile GraphCollection Dataset "
    "Graph NamedGraph endpoint feature defaultEntailmentRegime entailmentRegime defaultSupportedEntailmentProfile "
    "supportedEntailmentProfile extensionFunction extensionAggregate languageExtension supportedLanguage "
    "propertyFeature defaultDataset availableGraphs resultFormat inputFormat defaultGraph namedGraph name graph "
    "SPARQL10Query SPARQL11Query SPARQL11Update DereferencesURIs UnionDefaultGraph RequiresDataset EmptyGraphs "
    "BasicFederatedQuery"
)
SD_TERMS = {SD + t for t in SD_WORDS.split()}
SD_NAMES = service_description_names()


def _description(root: str, accept: str = "*/*") -> tuple[requests.Response, Graph]:
    resp = requests.get(root + "sparql", headers={"Accept": accept}, timeout=30)
    g = Graph()
    if resp.status_code == 200:
        media = resp.headers["Content-Type"].split(";")[0].strip()
        g.parse(data=resp.content, format={"text/turtle": "turtle", "application/rdf+xml": "xml"}[media])
    return resp, g


def _returns_rdf(root: str) -> None:
    for accept in ("*/*", "text/turtle", "application/rdf+xml"):
        resp, g = _description(root, accept)
        assert resp.status_code == 200 and len(g) > 0


def _has_endpoint_triple(root: str) -> None:
    _, g = _description(root)
    endpoint = URIRef(root + "sparql")
    services = set(g.subjects(URIRef(SD + "endpoint"), endpoint))
    assert services and all((s, RDF.type, URIRef(SD + "Service")) in g for s in services)


def _conforms_to_schema(root: str) -> None:
    """Every sd: term used exists in the vocabulary, and the main properties link nodes of the right classes."""
    _, g = _description(root)
    used = {str(t) for triple in g for t in triple if str(t).startswith(SD)}
    assert used <= SD_TERMS, used - SD_TERMS
    service = next(g.subjects(RDF.type, URIRef(SD + "Service")))
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in g
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Update")) not in g  # read-only
    dataset = g.value(service, URIRef(SD + "defaultDataset"))
    assert (dataset, RDF.type, URIRef(SD + "Dataset")) in g
    assert (g.value(dataset, URIRef(SD + "defaultGraph")), RDF.type, URIRef(SD + "Graph")) in g
    assert all(isinstance(f, URIRef) for f in g.objects(service, URIRef(SD + "resultFormat")))


SD_CHECKS = {"returns-rdf": _returns_rdf, "has-endpoint-triple": _has_endpoint_triple}
SD_CHECKS["conforms-to-schema"] = _conforms_to_schema


@pytest.mark.parametrize("name", _params(SD_NAMES, SD_NAMES))
def test_service_description(name: str, w3c_server: str) -> None:
    SD_CHECKS[name](w3c_server)


# --- result serialisations (csv-tsv-res, json-res): compared parsed, never as strings --------------------------

MEDIA_BY_SUFFIX = {".csv": "text/csv", ".tsv": "text/tab-separated-values", ".srj": "application/sparql-results+json"}


@pytest.mark.parametrize("case", _params(RESULTS, [r.name for r in RESULTS]))
def test_result_format(case: ResultCase, w3c_server: str) -> None:
    media = MEDIA_BY_SUFFIX[case.result.suffix]
    params = {"query": case.query.read_text(encoding="utf-8"), "default-graph-uri": case.graph_iri}
    resp = requests.get(w3c_server + "sparql", params=params, headers={"Accept": media}, timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.headers["Content-Type"].split(";")[0] == media
    assert parsed_results(resp.content, media) == parsed_results(case.result.read_bytes(), media)
