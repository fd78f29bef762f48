"""The network commands on the seed store: stats agree with the analytics graph the build wrote; export in every
format opens in networkx with the view's counts; plot writes real SVG/PNG/PDF with labels; filters narrow to what an
independent SPARQL query says; the same network comes from the running endpoint as from the store."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.analysis.exports import cytoscape_elements
from graph.analysis.filters import Filters
from graph.analysis.networks import KINDS, network
from graph.analysis.notebook import open_endpoint
from graph.analysis.notebook import open_store as open_kg
from graph.analysis.sources import endpoint_select, store_select
from graph.build import BuildReport
from graph.cli import main
from graph.settings import PROJECT_ROOT
from graph.store import load_files, open_store, query, rdf_text

QUERIES = PROJECT_ROOT / "ontology" / "queries"
BEIJING = "https://w3id.org/tradekg/id/org/beijing-customs"


def rows(kg: ox.Store, text: str) -> list[dict[str, str]]:
    result = query(kg, text)
    return [{v: t.value for v, t in zip(result.variables, row, strict=True) if t is not None} for row in result.rows()]


def stats_json(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    answer = runner.invoke(main, ["network", "stats", *args, "--format", "json"])
    assert answer.exit_code == 0, answer.output
    records: list[dict[str, object]] = json.loads(answer.output)
    return records


def test_stats_match_the_analytics_graph(seed_build: BuildReport, kg: ox.Store, runner: CliRunner) -> None:
    printed = stats_json(runner, "--store", str(seed_build.store))
    stored = rows(kg, (QUERIES / "departments-by-degree.rq").read_text(encoding="utf-8"))
    assert len(printed) == len(stored) == 14
    assert [p["department"] for p in printed] == [s["department"] for s in stored]
    for p, s in zip(printed, stored, strict=True):
        for key in ("degree", "partners", "weightedDegree", "component", "community"):
            assert p[key] == int(s[key]), (p["label"], key)
        for key in ("betweenness", "pageRank", "leadShare", "cooperatingShare"):
            assert p[key] == pytest.approx(float(s[key]), abs=1e-6), (p["label"], key)
    # the degrees are the measure counts an independent query gives
    counted = rows(kg, (QUERIES / "departments-by-measure-count.rq").read_text(encoding="utf-8"))
    assert {c["department"]: int(c["measures"]) for c in counted} == {p["department"]: p["degree"] for p in printed}


def test_stats_table(seed_build: BuildReport, runner: CliRunner) -> None:
    answer = runner.invoke(main, ["network", "stats", "--store", str(seed_build.store), "--top", "3"])
    assert answer.exit_code == 0, answer.output
    assert "departments by degree" in answer.output
    assert answer.output.count("Beijing Customs") == 3
    assert "14 departments, 27 measures, 34 responsibilities" in answer.output


def test_network_write_recomputes(tmp_path: Path, runner: CliRunner) -> None:
    from tests.test_analysis import TOY, X

    (tmp_path / "toy.ttl").write_text(TOY.replace("'", '"'), encoding="utf-8")
    folder = load_files(tmp_path / "store", [(tmp_path / "toy.ttl", f"{X}graph")])
    # a dump like the one a build writes beside its store, and a download cached from it
    dump = folder / "dataset.nq"
    dump.write_text(rdf_text(list(open_store(tmp_path / "store")), ox.RdfFormat.N_QUADS), encoding="utf-8")
    (folder / "downloads").mkdir()
    (folder / "downloads" / "tradekg.ttl").write_text("stale", encoding="utf-8")
    for _ in range(2):
        answer = runner.invoke(main, ["network", "write", "--store", str(tmp_path / "store")])
        assert answer.exit_code == 0, answer.output
        assert "4 departments" in answer.output
    dumped = ox.Store()
    dumped.load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    assert len(dumped) == len(open_store(tmp_path / "store"))
    analytics = ox.NamedNode("https://w3id.org/tradekg/id/graph/analytics")
    assert len(list(dumped.quads_for_pattern(None, None, None, analytics))) == 4 * 9, "written twice, kept once"
    assert not (folder / "downloads").exists(), "downloads made from the old dump are dropped"
    answer = runner.invoke(
        main,
        ["query", "--store", str(tmp_path / "store"), "--format", "csv", str(QUERIES / "departments-by-degree.rq")],
    )
    lines = answer.output.splitlines()
    assert len(lines) == 5 and lines[1].startswith(f"{X}org/north/beta,Beta Office,North Customs,3,2,3,")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape-json", "csv"])
def test_export(seed_build: BuildReport, runner: CliRunner, tmp_path: Path, kind: str, fmt: str) -> None:
    out = tmp_path / f"net.{fmt}"
    answer = runner.invoke(
        main, ["export", "--store", str(seed_build.store), "--kind", kind, "--format", fmt, "--out", str(out)]
    )
    assert answer.exit_code == 0, answer.output
    view = cytoscape_elements(network(store_select(seed_build.store), kind))["elements"]
    n, m = len(view["nodes"]), len(view["edges"])
    assert n > 0 and m > 0
    if fmt == "graphml":
        g = nx.read_graphml(out)
    elif fmt == "gexf":
        g = nx.read_gexf(out)
    elif fmt == "cytoscape-json":
        data = json.loads(out.read_text(encoding="utf-8"))["elements"]
        g = nx.Graph()
        g.add_nodes_from((x["data"]["id"], x["data"]) for x in data["nodes"])
        g.add_edges_from((e["data"]["source"], e["data"]["target"], e["data"]) for e in data["edges"])
    else:
        import csv

        with (tmp_path / "net-nodes.csv").open(encoding="utf-8") as fh:
            nodes = list(csv.DictReader(fh))
        with out.open(encoding="utf-8") as fh:
            edges = list(csv.DictReader(fh))
        g = nx.Graph()
        g.add_nodes_from((x["Id"], {"label": x["Label"], **x}) for x in nodes)
        g.add_edges_from((e["Source"], e["Target"], e) for e in edges)
    assert (g.number_of_nodes(), g.number_of_edges()) == (n, m)
    emo = f"{BEIJING}/enterprise-management-office"
    assert g.nodes[emo]["label"] == "Enterprise Management Office" and g.nodes[emo]["kind"] == "department"
    assert str(g.nodes[emo]["degree"]) == "6", "metrics travel as attributes"


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<?xml"), (".png", b"\x89PNG\r\n\x1a\n"), (".pdf", b"%PDF-")])
def test_plot(seed_build: BuildReport, runner: CliRunner, tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"departments{suffix}"
    answer = runner.invoke(main, ["plot", "--store", str(seed_build.store), "--out", str(out)])
    assert answer.exit_code == 0, answer.output
    data = out.read_bytes()
    assert data.startswith(magic) and len(data) > 5000
    if suffix == ".svg":
        text = data.decode("utf-8")
        assert "<svg" in text and "Enterprise Management Office" in text and "community 1" in text


def test_plot_in_chinese(seed_build: BuildReport, runner: CliRunner, tmp_path: Path) -> None:
    from graph.analysis.plot import cjk_font

    out = tmp_path / "zh.svg"
    answer = runner.invoke(main, ["plot", "--store", str(seed_build.store), "--lang", "zh", "--out", str(out)])
    assert answer.exit_code == 0, answer.output
    text = out.read_text(encoding="utf-8")
    if cjk_font():
        assert "企业管理处" in text
    else:  # no CJK font here: English labels instead of empty boxes, and a note saying so
        assert "Enterprise Management Office" in text and "no CJK font" in answer.output


def test_plot_refuses_an_unknown_format(seed_build: BuildReport, runner: CliRunner, tmp_path: Path) -> None:
    answer = runner.invoke(main, ["plot", "--store", str(seed_build.store), "--out", str(tmp_path / "x.gif")])
    assert answer.exit_code == 2 and "svg" in answer.output


def _departments_by_sparql(kg: ox.Store, clause: str) -> set[str]:
    text = f"""SELECT DISTINCT ?u WHERE {{
        ?m a tkg:Measure ; tkg:responsibleUnit ?u ; tkg:inDocument ?d . {clause} }}"""
    return {r["u"] for r in rows(kg, text)}


def _some(kg: ox.Store, text: str) -> str:
    return rows(kg, text)[0]["x"]


def test_filters_on_the_seeds(seed_build: BuildReport, kg: ox.Store) -> None:
    """Each filter gives the departments an independent query gives, and at least one filter of each kind
    actually removes some."""
    select = store_select(seed_build.store)
    everyone = _departments_by_sparql(kg, "")
    theme = _some(
        kg,
        "SELECT ?x (COUNT(*) AS ?n) WHERE { ?m tkg:theme ?x ; tkg:responsibleUnit ?u } "
        "GROUP BY ?x ORDER BY DESC(?n) ?x",
    )
    doc = _some(kg, "SELECT ?x WHERE { ?m tkg:responsibleUnit ?u ; tkg:inDocument ?x } LIMIT 1")
    cases = [
        ({"since": "2023-01-01"}, '?d tkg:dateIssued ?t FILTER (?t >= "2023-01-01"^^xsd:date)'),
        ({"until": "2022-12-31"}, '?d tkg:dateIssued ?t FILTER (?t <= "2022-12-31"^^xsd:date)'),
        ({"document": doc}, f"FILTER (?d = <{doc}>)"),
        ({"issuer": BEIJING}, f"?d tkg:issuedBy <{BEIJING}>"),
        ({"issuer": "https://w3id.org/tradekg/id/org/gacc"}, "?d tkg:issuedBy <https://w3id.org/tradekg/id/org/gacc>"),
        ({"theme": theme}, f"?m tkg:theme <{theme}>"),
    ]
    narrowed = 0
    for given, clause in cases:
        expected = _departments_by_sparql(kg, clause)
        g = network(select, "department-measure", Filters.from_mapping(given))
        assert {n for n, k in g.nodes(data="kind") if k == "department"} == expected, given
        narrowed += expected != everyone
    assert narrowed >= 3


def test_zone_filter_on_the_corpus(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The seeds' responsibilities name no zone, so the zone filter is checked on a document from the corpus
    whose measures apply to zones."""
    from graph.build import build

    corpus = PROJECT_ROOT / "tests" / "corpus"
    store = tmp_path_factory.mktemp("zones") / "store"
    build([corpus / "en"], store)
    select = store_select(store)
    pairs = [(r["measure"]["value"], r["node"]["value"]) for r in select(
        "PREFIX tkg: <https://w3id.org/tradekg/ontology#> SELECT ?measure ?node WHERE { "
        "?measure tkg:appliesToZone ?node ; tkg:responsibleUnit [] }"
    )]  # fmt: skip
    assert pairs, "the English corpus has measures with zones and departments"
    zone = sorted(z for _, z in pairs)[0]
    g = network(select, "department-measure", Filters.from_mapping({"zone": zone}))
    measures = {n for n, k in g.nodes(data="kind") if k == "measure"}
    assert measures == {m for m, z in pairs if z == zone}
    assert g.number_of_nodes() < network(select).number_of_nodes()


def test_endpoint_gives_the_same_networks(seed_build: BuildReport, server: str) -> None:
    local, remote = store_select(seed_build.store), endpoint_select(server + "sparql")
    for kind in KINDS:
        a, b = network(local, kind), network(remote, kind)
        assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True)), kind
        assert {(min(u, v), max(u, v), tuple(sorted(d.items()))) for u, v, d in a.edges(data=True)} == {
            (min(u, v), max(u, v), tuple(sorted(d.items()))) for u, v, d in b.edges(data=True)
        }, kind


def test_notebook_api(seed_build: BuildReport, server: str) -> None:
    here, there = open_kg(seed_build.store), open_endpoint(server + "sparql")
    text = "SELECT ?u (COUNT(?m) AS ?n) WHERE { ?m tkg:responsibleUnit ?u } GROUP BY ?u ORDER BY DESC(?n) ?u"
    df = here.sparql(text)
    assert list(df.columns) == ["u", "n"] and df["n"].dtype.kind == "i" and int(df["n"].sum()) == 34
    assert df.equals(there.sparql(text))
    g = here.network("co-responsibility", since="2023-01-01")
    assert g.number_of_nodes() == 14 and all("community" in d for _, d in g.nodes(data=True))
    table = here.departments()
    assert table.iloc[0]["degree"] == 6 and len(table) == 14
