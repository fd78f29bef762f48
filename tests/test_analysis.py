"""The network library on a toy store whose answers are worked out by hand, loaded into a real Oxigraph store.

Four departments of two invented customs districts, four measures in two documents:

    m1 (doc 1, 2020, North)  Alpha leads, Beta cooperates   theme T1, zone Z1   (evidence quoting Alpha's tag)
    m2 (doc 1, 2020, North)  Beta, Gamma responsible        theme T2
    m3 (doc 2, 2023, South)  Beta, Gamma responsible        zone Z1
    m4 (doc 2, 2023, South)  Delta responsible

So the co-responsibility network is Alpha–Beta (1 shared measure), Beta–Gamma (2) and Delta alone: Beta sits on
the only shortest path between Alpha and Gamma (betweenness 1 of 3 pairs = 1/3), and there are two components.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from graph.analysis.analytics import ANALYTICS_GRAPH, write_analytics
from graph.analysis.exports import cytoscape_elements, write
from graph.analysis.filters import Filters
from graph.analysis.metrics import department_metrics
from graph.analysis.networks import (
    KINDS,
    department_measure,
    network,
    passage,
    responsibility_network,
    store_select,
)
from graph.errors import QueryError
from graph.namespaces import TKG
from graph.quads import Closures
from graph.settings import PROJECT_ROOT
from graph.store import DB, current_build, load_files, open_store, query
from graph.workers import responsibility_statements

X = "https://example.org/toy/"
A, B, C, D = (f"{X}org/north/alpha", f"{X}org/north/beta", f"{X}org/south/gamma", f"{X}org/south/delta")
M1, M2, M3, M4 = (f"{X}m{i}" for i in range(1, 5))
T1, T2, Z1 = f"{X}theme/t1", f"{X}theme/t2", f"{X}zone/z1"
DOC1, DOC2, NORTH, SOUTH = f"{X}doc1", f"{X}doc2", f"{X}org/north", f"{X}org/south"
CONTEXT = "North Customs notice\n1. Work on X together. (Lead: Alpha Office; cooperating: Beta Office)\n2. Next."
QUOTE_AT = CONTEXT.index("Alpha Office")

TOY = f"""
@prefix tkg: <https://w3id.org/tradekg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .

<{DOC1}> a tkg:PolicyDocument ; tkg:issuedBy <{NORTH}> ; tkg:dateIssued "2020-03-01"^^xsd:date ; eli:title "Doc one" .
<{DOC2}> a tkg:PolicyDocument ; tkg:issuedBy <{SOUTH}> ; tkg:dateIssued "2023-05-10"^^xsd:date ; eli:title "Doc two" .
<{M1}> a tkg:Measure ; tkg:inDocument <{DOC1}> ; tkg:ordinal 1 ; tkg:measureText "Work on X together." ;
    tkg:responsibleUnit <{A}> , <{B}> ; tkg:leadUnit <{A}> ; tkg:cooperatingUnit <{B}> ;
    tkg:theme <{T1}> ; tkg:appliesToZone <{Z1}> .
<{M2}> a tkg:Measure ; tkg:inDocument <{DOC1}> ; tkg:ordinal 2 ; tkg:measureText "Second." ;
    tkg:responsibleUnit <{B}> , <{C}> ; tkg:theme <{T2}> .
<{M3}> a tkg:Measure ; tkg:inDocument <{DOC2}> ; tkg:ordinal 1 ; tkg:measureText "Third." ;
    tkg:responsibleUnit <{B}> , <{C}> ; tkg:appliesToZone <{Z1}> .
<{M4}> a tkg:Measure ; tkg:inDocument <{DOC2}> ; tkg:ordinal 2 ; tkg:measureText "Fourth." ;
    tkg:responsibleUnit <{D}> .
<{A}> skos:prefLabel "Alpha Office"@en , "甲处"@zh ; org:unitOf <{NORTH}> .
<{B}> skos:prefLabel "Beta Office"@en ; org:unitOf <{NORTH}> .
<{C}> skos:prefLabel "Gamma Office"@en .
<{D}> skos:prefLabel "丁处"@zh .
<{NORTH}> skos:prefLabel "North Customs"@en .
<{T1}> skos:prefLabel "Theme one"@en . <{T2}> skos:prefLabel "Theme two"@en . <{Z1}> skos:prefLabel "Zone one"@en .
<{X}ctx1> nif:isString {CONTEXT!r} .
<{X}ev1> a tkg:Evidence ; rdf:subject <{M1}> ; rdf:predicate tkg:leadUnit ; rdf:object <{A}> ;
    nif:anchorOf "Alpha Office" ; nif:beginIndex {QUOTE_AT} ; nif:endIndex {QUOTE_AT + 12} ;
    nif:referenceContext <{X}ctx1> .
"""


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("toy")
    (folder / "toy.ttl").write_text(TOY.replace("'", '"'), encoding="utf-8")
    load_files(folder / "store", [(folder / "toy.ttl", f"{X}graph")])
    return folder / "store"


def depts(g: nx.Graph) -> set[str]:
    return {n for n, k in g.nodes(data="kind") if k == "department"}


def test_bipartite_network_nodes_and_edges(toy: Path) -> None:
    g = network(store_select(toy))
    assert depts(g) == {A, B, C, D}
    assert g.number_of_nodes() == 8 and g.number_of_edges() == 7
    assert g.edges[A, M1]["role"] == "lead" and g.edges[B, M1]["role"] == "cooperating"
    assert g.edges[B, M2]["role"] == "responsible"
    assert g.nodes[A]["label"] == "Alpha Office" and g.nodes[A]["label_zh"] == "甲处"
    assert g.nodes[D]["label"] == "丁处", "no English label: any label"
    assert g.nodes[A]["issuer_scope"] == NORTH and g.nodes[C]["issuer_scope"] == ""
    assert g.nodes[M3]["date"] == "2023-05-10" and g.nodes[M3]["document"] == DOC2
    assert g.nodes[M3]["document_label"] == "Doc two" and g.nodes[M3]["ordinal"] == 1
    edge = g.edges[A, M1]
    assert edge["evidence"] == f"{X}ev1" and edge["quote"] == "Alpha Office"
    assert edge["passage"] == "1. Work on X together. (Lead: Alpha Office; cooperating: Beta Office)"
    assert g.edges[B, M3]["evidence"] == "" and g.edges[B, M3]["weight"] == 1


def test_projections(toy: Path) -> None:
    select = store_select(toy)
    co = network(select, "co-responsibility")
    assert set(co.nodes) == {A, B, C, D}
    assert {(min(u, v), max(u, v), w) for u, v, w in co.edges(data="weight")} == {(A, B, 1), (B, C, 2)}
    assert co.edges[B, C]["measures"] == 2
    zones = network(select, "department-zone")
    assert {(u, v, w) for u, v, w in zones.edges(data="weight") if Z1 in (u, v)} == {
        (x, y, w) for x, y, w in zones.edges(data="weight")
    }
    assert {d: zones.edges[d, Z1]["weight"] for d in zones.neighbors(Z1)} == {A: 1, B: 2, C: 1}
    assert zones.nodes[Z1]["kind"] == "zone" and zones.nodes[Z1]["label"] == "Zone one"
    themes = network(select, "department-theme")
    assert set(themes.neighbors(T1)) == {A, B} and set(themes.neighbors(T2)) == {B, C}


def test_metrics_by_hand(toy: Path) -> None:
    rows = {r.iri: r for r in department_metrics(network(store_select(toy)))}
    assert {d: rows[d].degree for d in rows} == {A: 1, B: 3, C: 2, D: 1}
    assert {d: rows[d].partners for d in rows} == {A: 1, B: 2, C: 1, D: 0}
    assert {d: rows[d].weighted_degree for d in rows} == {A: 1, B: 3, C: 2, D: 0}
    assert rows[B].betweenness == pytest.approx(1 / 3)
    assert all(rows[d].betweenness == 0 for d in (A, C, D))
    assert {d: rows[d].component for d in rows} == {A: 1, B: 1, C: 1, D: 2}
    assert sum(r.pagerank for r in rows.values()) == pytest.approx(1)
    assert max(rows.values(), key=lambda r: r.pagerank).iri == B
    assert rows[A].lead_share == 1 and rows[A].cooperating_share == 0
    assert rows[B].cooperating_share == pytest.approx(1 / 3) and rows[B].lead_share == 0
    assert rows[D].community not in {rows[x].community for x in (A, B, C)}
    again = {r.iri: r.community for r in department_metrics(network(store_select(toy)))}
    assert again == {d: r.community for d, r in rows.items()}, "Louvain is seeded"
    order = [r.iri for r in department_metrics(network(store_select(toy)))]
    assert order[:2] == [B, C], "by degree"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"since": "2023-01-01"}, {B, C, D}),
        ({"until": "2020-12-31"}, {A, B, C}),
        ({"since": "2020-01-01", "until": "2020-12-31"}, {A, B, C}),
        ({"document": DOC2}, {B, C, D}),
        ({"document": [DOC1, DOC2]}, {A, B, C, D}),
        ({"issuer": NORTH}, {A, B, C}),
        ({"theme": T1}, {A, B}),
        ({"theme": f"{T1},{T2}"}, {A, B, C}),
        ({"zone": Z1}, {A, B, C}),
        ({"theme": T2, "since": "2023-01-01"}, set()),
    ],
)
def test_filters(toy: Path, given: dict[str, str | list[str]], expected: set[str]) -> None:
    filters = Filters.from_mapping(given)
    for kind in KINDS:
        assert depts(network(store_select(toy), kind, filters)) == expected, kind


def test_filtered_projection_counts_only_passing_measures(toy: Path) -> None:
    co = network(store_select(toy), "co-responsibility", Filters.from_mapping({"since": "2023-01-01"}))
    assert co.edges[B, C]["weight"] == 1  # m3 only; m2 is from 2020


def test_bad_filters_and_kinds_are_refused(toy: Path) -> None:
    with pytest.raises(QueryError):
        Filters.from_mapping({"since": "last year"})
    with pytest.raises(QueryError):
        Filters.from_mapping({"document": "<bad> iri"})
    with pytest.raises(QueryError):
        network(store_select(toy), "department-person")


def test_build_statements_give_the_stores_network(toy: Path) -> None:
    """A build's analytics read the responsibilities its workers return, not the store: the same network and the same
    metrics as the query over the store. Super-properties count (M1's responsibleUnit statements are dropped and
    come back from leadUnit/cooperatingUnit), and a measure of no document is left out, as the query leaves it."""
    data = Graph().parse(data=TOY.replace("'", '"'), format="turtle")
    for unit in (A, B):
        data.remove((URIRef(M1), TKG.responsibleUnit, URIRef(unit)))
    data.add((URIRef(f"{X}m5"), TKG.leadUnit, URIRef(A)))  # no tkg:inDocument
    closures = Closures.of(Graph().parse(PROJECT_ROOT / "ontology" / "tradekg.ttl"))
    statements = responsibility_statements(data, closures)
    assert (M1, str(TKG.responsibleUnit), A) in statements and not any(s == f"{X}m5" for s, _, _ in statements)
    got = responsibility_network(statements)
    want = department_measure(store_select(toy), detail=False)

    def edges(g: nx.Graph) -> set[tuple[str, str, str]]:
        return {(min(u, v), max(u, v), role) for u, v, role in g.edges(data="role")}

    assert edges(got) == edges(want) and len(edges(got)) == 7
    assert department_metrics(got) == department_metrics(want)


def test_analytics_graph_round_trip(toy: Path, tmp_path: Path) -> None:
    """Written into a writable copy of the store, the metrics come back by SPARQL from the analytics graph."""
    store = ox.Store(str(current_build(toy) / DB))
    try:
        assert write_analytics(store) == 4
        assert write_analytics(store) == 4, "rewriting replaces, not adds"
        store.flush()
    finally:
        del store
    text = (PROJECT_ROOT / "ontology" / "queries" / "departments-by-degree.rq").read_text(encoding="utf-8")
    result = query(open_store(toy), text)
    rows = [dict(zip(result.variables, (t.value if t else None for t in row), strict=True)) for row in result.rows()]
    assert [r["department"] for r in rows][:2] == [B, C]
    got = {r["department"]: (int(r["degree"]), int(r["component"]), float(r["betweenness"])) for r in rows}
    assert got == {A: (1, 1, 0.0), B: (3, 1, pytest.approx(1 / 3, abs=1e-6)), C: (2, 1, 0.0), D: (1, 2, 0.0)}
    kg = open_store(toy)
    n = query(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ANALYTICS_GRAPH}> {{ ?s ?p ?o }} }}")
    assert int(next(n.rows())[0].value) == 4 * 9  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", KINDS)
def test_graphml_and_gexf_round_trip(toy: Path, tmp_path: Path, kind: str) -> None:
    g = network(store_select(toy), kind)
    elements = cytoscape_elements(g)["elements"]
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        (path,) = write(g, fmt, tmp_path / f"toy.{fmt}")
        back = read(path)
        assert back.number_of_nodes() == len(elements["nodes"]) == g.number_of_nodes()
        assert back.number_of_edges() == len(elements["edges"]) == g.number_of_edges()
        assert back.nodes[A]["kind"] == "department" and back.nodes[A]["label"] == "Alpha Office"
        assert back.nodes[A]["label_zh"] == "甲处"
    kinds = {n["data"]["id"]: n["data"]["kind"] for n in elements["nodes"]}
    for e in elements["edges"]:
        assert kinds[e["data"]["source"]] == "department", "edges run from the department"
        assert e["data"]["weight"] >= 1


def test_passage_cuts_long_lines_at_a_sentence() -> None:
    line = "Intro words here. " + "x" * 300 + ". The measure itself. (Responsible: Alpha Office)"
    cut = passage(line, line.index("Alpha"), "Alpha Office")
    assert cut.startswith(("x", "…")) or cut.startswith("The"), cut
    assert cut.endswith("(Responsible: Alpha Office)") and len(cut) < 300
    assert passage("a\nb (Alpha Office) c\nd", 3, "Alpha Office") == "b (Alpha Office) c"


def test_plot_labels_without_a_cjk_font() -> None:
    """With no CJK font, a Chinese label gives way to the English one, or to the IRI's last segment."""
    from graph.analysis.plot import _label

    both = {"label": "Alpha Office", "label_zh": "甲处"}
    assert _label(both, A, "zh", cjk=True) == ("甲处", False)
    assert _label(both, A, "zh", cjk=False) == ("Alpha Office", True)
    assert _label({"label": "丁处", "label_zh": "丁处"}, D, "en", cjk=False) == ("delta", True)
    scoped = {**both, "issuer_scope_label": "North Customs"}
    assert _label(scoped, A, "en", cjk=False) == ("Alpha Office (North Customs)", False)
    assert _label(scoped, A, "en", cjk=False, scoped=False) == ("Alpha Office", False)


def test_betweenness_of_many_departments_is_a_stable_estimate_that_keeps_the_ranking() -> None:
    """Above BETWEENNESS_SOURCES departments betweenness is estimated from seeded sources: the same on every run and
    ranked like the exact figure (a generated network with 480 departments; the exact one takes a second)."""
    from scipy.stats import spearmanr

    from graph.analysis import synthetic
    from graph.analysis.metrics import BETWEENNESS_SOURCES
    from graph.analysis.networks import co_responsibility

    bipartite = synthetic.network(12_000, seed=3)
    rows = department_metrics(bipartite)
    assert len(rows) > BETWEENNESS_SOURCES
    again = {r.iri: r.betweenness for r in department_metrics(bipartite)}
    assert {r.iri: r.betweenness for r in rows} == again
    exact = nx.betweenness_centrality(co_responsibility(bipartite), normalized=True)
    keys = sorted(again)
    assert spearmanr([again[k] for k in keys], [exact[k] for k in keys]).correlation > 0.9
