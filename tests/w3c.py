"""Read the W3C SPARQL 1.1 test manifests (protocol, service description, result formats) into plain test cases.

The suite lives outside the project (`../shared/w3c-sparql11`, or TRADEKG_W3C_TESTS) and is never copied in; when
it is absent the tests that need it skip, saying where they looked.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from rdflib.term import Node

from graph.settings import PROJECT_ROOT

SUITE = Path(os.environ.get("TRADEKG_W3C_TESTS") or PROJECT_ROOT.parent / "shared" / "w3c-sparql11")
MISSING = f"the W3C SPARQL 1.1 tests are not at {SUITE} (set TRADEKG_W3C_TESTS to their folder)"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # rewritten from /sparql/ to the endpoint's own path
    headers: dict[str, str]
    body: bytes | None
    status_classes: frozenset[int]  # 2 for hts:StatusCode2xx …
    expected_format: str | None  # "boolean", "tabular", "RDF"
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        media = self.headers.get("content-type", "").split(";")[0].strip()
        form_update = media == "application/x-www-form-urlencoded" and (self.body or b"").startswith(b"update=")
        return self.method == "POST" and (media == "application/sparql-update" or form_update)


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    requests: tuple[Request, ...]
    graphs: tuple[tuple[Path, str], ...] = field(default=())

    @property
    def is_update(self) -> bool:
        """An update the protocol expects to succeed (the bad_update_* cases expect a 4xx anyway)."""
        first = self.requests[0]
        return first.is_update and 2 in first.status_classes


def _parse(path: Path) -> tuple[Graph, list[Node]]:
    g = Graph()
    g.parse(path, format="turtle")
    manifest = next(g.subjects(MF.entries, None))
    entries = list(Collection(g, g.value(manifest, MF.entries)))
    return g, entries


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1]


def _request(g: Graph, node: Node, endpoint: str) -> Request:
    path = str(g.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    headers: dict[str, str] = {}
    header_list = g.value(node, HT.headers)
    for h in Collection(g, header_list) if header_list is not None else []:
        headers[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
    body_node = g.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(body_node, CNT.chars)).encode(encoding)
    resp = g.value(node, HT.resp)
    classes = frozenset(int(_local(s).removeprefix("StatusCode")[0]) for s in g.objects(resp, MF.expectedStatus))
    fmt = g.value(resp, MF.expectedFormat)
    boolean = g.value(resp, MF.expectedBoolean)
    return Request(
        method=str(g.value(node, HT.methodName)),
        path=endpoint + path.removeprefix("/sparql/"),
        headers=headers,
        body=body,
        status_classes=classes,
        expected_format=str(fmt) if fmt is not None else None,
        expected_boolean=boolean.toPython() if boolean is not None else None,  # type: ignore[union-attr]
    )


def protocol_cases(endpoint: str = "sparql") -> list[Case]:
    """Every entry of protocol/manifest.ttl, in manifest order; [] when the suite is absent."""
    path = SUITE / "protocol" / "manifest.ttl"
    if not path.exists():
        return []
    g, entries = _parse(path)
    cases = []
    for entry in entries:
        action = g.value(entry, MF.action)
        requests = tuple(_request(g, r, endpoint) for r in Collection(g, g.value(action, HT.requests)))
        graphs = tuple(
            sorted(
                (Path(str(g.value(d, UT.graph)).removeprefix("file://")), str(g.value(d, RDFS.label)))
                for d in g.objects(entry, UT.graphData)
            )
        )
        cases.append(Case(_local(entry), str(g.value(entry, MF.name)), requests, graphs))
    return cases


def protocol_graphs(cases: list[Case]) -> list[tuple[Path, str]]:
    """The data every protocol case needs, once: the same file always has the same graph IRI in the manifest."""
    return sorted({pair for case in cases for pair in case.graphs})


@dataclass(frozen=True)
class ResultCase:
    """A query over one data file and the answer expected in one result serialisation."""

    name: str
    query: Path
    data: Path
    result: Path

    @property
    def graph_iri(self) -> str:
        return self.data.resolve().as_uri()


def result_cases() -> list[ResultCase]:
    cases = []
    for folder in ("csv-tsv-res", "json-res"):
        path = SUITE / folder / "manifest.ttl"
        if not path.exists():
            continue
        g, entries = _parse(path)
        for entry in entries:
            action = g.value(entry, MF.action)
            files = [g.value(action, QT.query), g.value(action, QT.data), g.value(entry, MF.result)]
            query, data, result = (Path(str(f).removeprefix("file://")) for f in files)
            cases.append(ResultCase(_local(entry), query, data, result))
    return cases


def service_description_names() -> list[str]:
    path = SUITE / "service-description" / "manifest.ttl"
    return [_local(e) for e in _parse(path)[1]] if path.exists() else []


# Comparing answers by meaning: literals by value where the datatype is numeric, blank nodes as "some blank node".
NUMERIC = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "decimal", "double", "float", "int", "long", "negativeInteger", "nonNegativeInteger")
}


def canon(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        kind = term.datatype.value.rsplit("#", 1)[1]
        value = float(term.value) if kind in ("double", "float") else Decimal(term.value)
        return ("number", kind if kind in ("double", "float", "decimal") else "integer", value)
    return str(term)


def _csv_cell(cell: str) -> str:
    """CSV keeps only lexical forms: numbers compare by value (1.0E6 is 1000000), blank nodes as any blank node."""
    if cell.startswith("_:"):
        return "_:"
    try:
        number = Decimal(cell)
    except InvalidOperation:
        return cell
    return format(number.normalize(), "f") if number.is_finite() else cell


def parsed_results(body: bytes, media: str) -> tuple[list[str], list[tuple[object, ...]]] | bool:
    """SPARQL results as (sorted variables, sorted canonical rows), or the boolean of an ASK."""
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
        order = sorted(range(len(rows[0])), key=lambda i: rows[0][i])
        cells = [tuple(_csv_cell(row[i]) for i in order) for row in rows[1:]]
        return [rows[0][i] for i in order], sorted(cells)
    fmt = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }[media]
    raw = ox.parse_query_results(io.BytesIO(body), fmt)
    if isinstance(raw, ox.QueryBoolean):
        return bool(raw)
    variables = sorted(v.value for v in raw.variables)  # SELECT * may list them in any order
    return variables, sorted((tuple(canon(s[v]) for v in variables) for s in raw), key=repr)


RDF_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}


def parsed_rdf(body: bytes, media: str) -> list[ox.Quad]:
    return list(ox.parse(body, RDF_MEDIA[media], base_iri="http://example.org/"))
