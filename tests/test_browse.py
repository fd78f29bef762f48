"""Linked data against the real server: content negotiation, JSON twins, 404s, evidence marks on measure and
document pages (checked against SPARQL on the same store)."""

from __future__ import annotations

from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.term import Node

from graph.namespaces import PREFIXES
from graph.settings import Settings

BASE = Settings().base_iri
RESPONSIBILITY = ("responsibleUnit", "leadUnit", "cooperatingUnit")


def _one(kg: ox.Store, query: str) -> dict[str, str]:
    """The first row of a SELECT on the store itself, as plain strings."""
    solutions = kg.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    row = next(iter(solutions))
    return {n: row[n].value for n in names if row[n] is not None}


@pytest.fixture(scope="module")
def measure(kg: ox.Store) -> str:
    """A measure with at least one responsibility that has evidence."""
    q = """SELECT ?m WHERE { ?ev a tkg:Evidence ; rdf:subject ?m ; rdf:predicate tkg:responsibleUnit .
                             ?m a tkg:Measure } ORDER BY ?m LIMIT 1"""
    return _one(kg, q)["m"]


def triples(data: bytes, rdflib_format: str) -> set[tuple[Node, Node, Node]]:
    """Parsed with rdflib, as a set of triples."""
    return set(Graph().parse(data=data, format=rdflib_format))


def path(iri: str) -> str:
    assert iri.startswith(BASE)
    return iri[len(BASE) :]


@pytest.mark.parametrize(
    ("accept", "suffix", "rdflib_format", "media"),
    [
        ("text/turtle", "", "turtle", "text/turtle"),
        ("application/ld+json", "", "json-ld", "application/ld+json"),
        ("application/n-triples", "", "nt", "application/n-triples"),
        ("application/rdf+xml", "", "xml", "application/rdf+xml"),
        (None, ".ttl", "turtle", "text/turtle"),
        (None, ".jsonld", "json-ld", "application/ld+json"),
        (None, ".nt", "nt", "application/n-triples"),
        ("text/html", "?format=nt", "nt", "application/n-triples"),  # format= wins over Accept
    ],
)
# rdflib's own JSON-LD parser builds a ConjunctiveGraph internally, which rdflib itself deprecates
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdf_twins_are_about_the_resource(
    server: str, measure: str, accept: str | None, suffix: str, rdflib_format: str, media: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    resp = requests.get(server + path(measure) + suffix, headers=headers, timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.headers["Content-Type"].startswith(media)
    g = triples(resp.content, rdflib_format)
    me = URIRef(measure)
    assert len(g) > 5
    assert all(s == me or o == me for s, _, o in g), "every triple has the resource as subject or object"
    assert any(p == URIRef(PREFIXES["tkg"] + "inDocument") for s, p, _ in g if s == me)


def test_html_for_browsers(server: str, measure: str) -> None:
    resp = requests.get(server + path(measure), headers={"Accept": "text/html,*/*;q=0.8"}, timeout=30)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/html")
    assert "<mark" in resp.text


def test_json_twin(server: str, measure: str, kg: ox.Store) -> None:
    url = server + path(measure)
    for url_, headers in ((url + ".json", {}), (url, {"Accept": "application/json"})):
        resp = requests.get(url_, headers=headers, timeout=30)
        assert resp.status_code == 200
        assert resp.headers["Content-Type"].startswith("application/json")
        doc = resp.json()
        assert doc["iri"] == measure
        assert any(t["iri"] == PREFIXES["tkg"] + "Measure" for t in doc["types"])
        props = {g["property"] for g in doc["out"]}
        assert PREFIXES["tkg"] + "responsibleUnit" in props
        assert doc["passages"] and doc["passages"][0]["records"]
    ordinal = _one(kg, f"SELECT ?n WHERE {{ <{measure}> tkg:ordinal ?n }}")["n"]
    ordinals = [v["value"] for g in doc["out"] if g["property"].endswith("#ordinal") for v in g["values"]]
    assert ordinals == [ordinal]


def test_unknown_iri_is_404(server: str) -> None:
    for accept in ("text/html", "text/turtle", "application/json"):
        resp = requests.get(server + "id/document/no-such-thing", headers={"Accept": accept}, timeout=30)
        assert resp.status_code == 404, accept
        assert "no-such-thing" in resp.text


@pytest.mark.parametrize(
    "weird",
    [
        "id/../sparql",
        "id/a/%2e%2e/%2e%2e/etc/passwd",
        "id/%00%01",
        "id/%3Cscript%3E%22%7B%7D%7C%5C%5E%60",
        "id/" + "x" * 5000,
        "id/海关总署/措施",
        "id/a%20b?format=ttl",
        "id/document/x.json",
        "id/%F0%9F%98%80.ttl",
        "id/?type=%3E%20%3Cx",
    ],
)
def test_weird_paths_never_5xx(server: str, weird: str) -> None:
    resp = requests.get(server + weird, headers={"Accept": "text/html"}, timeout=30)
    assert resp.status_code < 500, (weird, resp.status_code, resp.text[:300])


class _Marks(HTMLParser):
    """Collects every mark's classes, evidence key and the text inside it (nested marks included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict[str, str]] = []
        self.marks: list[dict[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "mark":
            item = {"class": a.get("class", ""), "ev": a.get("data-ev", ""), "title": a.get("title", ""), "text": ""}
            self.open.append(item)
            self.marks.append(item)
        elif tag == "a":
            self.links.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for item in self.open:
            item["text"] += data


def marks_of(html: str) -> _Marks:
    p = _Marks()
    p.feed(html)
    return p


def test_measure_page_shows_departments_and_evidence(server: str, measure: str, kg: ox.Store) -> None:
    html = requests.get(server + path(measure), headers={"Accept": "text/html"}, timeout=30).text
    page = marks_of(html)
    units = [
        s["u"].value
        for s in kg.query(
            f"SELECT DISTINCT ?u WHERE {{ <{measure}> tkg:responsibleUnit ?u }}",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    ]
    for unit in units:
        assert "/" + path(unit) in page.links, f"responsible unit {unit} is linked"
    anchors = {
        s["ev"].value.rsplit("/", 1)[-1]: s["a"].value
        for s in kg.query(
            f"SELECT ?ev ?a WHERE {{ ?ev rdf:subject <{measure}> ; nif:anchorOf ?a }}",
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
        )
    }
    whole = {}
    for m in page.marks:
        whole.setdefault(m["ev"], "")
        whole[m["ev"]] += m["text"]
    for key, anchor in anchors.items():
        assert whole.get(key) == anchor, f"the marks of evidence {key} read {whole.get(key)!r}, not {anchor!r}"
    resp_marks = [m for m in page.marks if "f-responsibleUnit" in m["class"].split()]
    assert resp_marks and all("rule" in m["title"] for m in resp_marks)


def test_document_page_highlights_every_responsibility(server: str, kg: ox.Store) -> None:
    values = " ".join(f"tkg:{p}" for p in RESPONSIBILITY)
    row = _one(
        kg,
        f"""SELECT ?doc (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
              ?doc tkg:text ?ctx . ?ev nif:referenceContext ?ctx ; rdf:predicate ?p . VALUES ?p {{ {values} }}
            }} GROUP BY ?doc ORDER BY DESC(?n) LIMIT 1""",
    )
    html = requests.get(server + path(row["doc"]), headers={"Accept": "text/html"}, timeout=30).text
    page = marks_of(html)
    firsts = {
        m["ev"]
        for m in page.marks
        if set(m["class"].split()) & {f"f-{p}" for p in RESPONSIBILITY} and "cont" not in m["class"].split()
    }
    assert len(firsts) == int(row["n"]) > 0
    assert 'class="legend"' in html


def test_index_lists_kinds(server: str) -> None:
    doc = requests.get(server + "id/?format=json", timeout=30).json()
    kinds = {k["class"]: k["count"] for k in doc["kinds"]}
    assert kinds[PREFIXES["tkg"] + "PolicyDocument"] >= 1
    members = requests.get(
        server + "id/", params={"type": PREFIXES["tkg"] + "PolicyDocument", "format": "json"}, timeout=30
    ).json()["members"]
    assert len(members) == kinds[PREFIXES["tkg"] + "PolicyDocument"]
    assert all(m["href"].startswith("/id/document/") for m in members)
    html = requests.get(server + "id/", headers={"Accept": "text/html"}, timeout=30).text
    assert "/id/?type=" in html
