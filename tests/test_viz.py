"""/viz and /viz.json over HTTP on the seed store: the twin holds the networks the library builds, negotiation picks
the page or the data, filters narrow it, and a bad request is a 4xx with a reason, never a 500."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import requests

from graph.analysis.networks import KINDS, network, store_select
from graph.build import BuildReport
from graph.settings import PROJECT_ROOT


def get(server: str, path: str, **kw: Any) -> requests.Response:
    return requests.get(server + path, timeout=120, **kw)


def test_twin_holds_the_network_the_library_builds(server: str, seed_build: BuildReport) -> None:
    select = store_select(seed_build.store)
    for kind in KINDS:
        doc = get(server, "viz.json", params={"kind": kind}).json()
        g = network(select, kind)
        ids = {n["data"]["id"] for n in doc["elements"]["nodes"]}
        pairs = {frozenset((e["data"]["source"], e["data"]["target"])) for e in doc["elements"]["edges"]}
        assert doc["kind"] == kind
        assert (doc["counts"]["nodes"], doc["counts"]["edges"]) == (g.number_of_nodes(), g.number_of_edges())
        assert ids == set(g.nodes) and pairs == {frozenset(e) for e in g.edges}
        assert all(n["data"]["degree"] == g.degree(n["data"]["id"]) for n in doc["elements"]["nodes"])


def test_seed_network_shows_beijing_customs_measures_with_their_departments(server: str) -> None:
    doc = get(server, "viz.json").json()
    nodes = {n["data"]["id"]: n["data"] for n in doc["elements"]["nodes"]}
    measures = [d for d in nodes.values() if d["kind"] == "measure"]
    assert measures and all(d["page"].startswith("/id/document/") for d in measures)
    beijing = [d for d in measures if d["issuer"].endswith("/org/beijing-customs")]
    assert beijing
    for edge in doc["elements"]["edges"]:
        e = edge["data"]
        department, measure = nodes[e["source"]], nodes[e["target"]]
        assert (department["kind"], measure["kind"]) == ("department", "measure")
        assert e["role"] in ("lead", "cooperating", "responsible")
        if e["quote"]:
            assert e["quote"] in e["passage"] and e["evidence_page"].startswith("/id/")
    offices = {
        nodes[e["data"]["source"]]["label"] for e in doc["elements"]["edges"] if nodes[e["data"]["target"]] in beijing
    }
    assert "Inspection Office" in offices


def test_every_edge_of_the_seed_network_has_its_evidence(server: str) -> None:
    edges = [e["data"] for e in get(server, "viz.json").json()["elements"]["edges"]]
    assert edges and all(e["evidence"] and e["quote"] and e["passage"] for e in edges)


@pytest.mark.parametrize(
    ("accept", "params", "expected"),
    [
        ("application/json", {}, "application/json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", {}, "text/html"),
        ("*/*", {}, "text/html"),
        ("text/html", {"format": "json"}, "application/json"),
        ("application/json", {"format": "html"}, "text/html"),
    ],
)
def test_page_or_data_by_negotiation(server: str, accept: str, params: dict[str, str], expected: str) -> None:
    resp = get(server, "viz", params=params, headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].split(";")[0] == expected
    assert "Accept" in resp.headers["Vary"]
    if expected == "application/json":
        assert resp.json()["counts"]["nodes"] > 0
    else:
        assert 'id="viz"' in resp.text and "/viz/vendor/cytoscape/" in resp.text


def test_twin_is_gzipped_when_asked_and_plain_otherwise(server: str) -> None:
    plain = requests.get(server + "viz.json", headers={"Accept-Encoding": "identity"}, timeout=120, stream=True)
    body = plain.raw.read()
    assert "Content-Encoding" not in plain.headers
    packed = requests.get(server + "viz.json", headers={"Accept-Encoding": "gzip"}, timeout=120, stream=True)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.raw.read())) == json.loads(body)


def test_filters_narrow_the_network(server: str) -> None:
    everything = get(server, "viz.json").json()
    nodes = [n["data"] for n in everything["elements"]["nodes"]]
    dates = sorted({d["date"] for d in nodes if d["kind"] == "measure"})
    assert dates
    none = get(server, "viz.json", params={"until": "1990-01-01"}).json()
    assert none["counts"] == {"nodes": 0, "edges": 0, "communities": 0, "by_kind": {}}
    same = get(server, "viz.json", params={"since": dates[0], "until": dates[-1]}).json()
    assert same["counts"] == everything["counts"] and same["filters"]["since"] == dates[0]
    documents = sorted({d["document"] for d in nodes if d["kind"] == "measure"})
    one = get(server, "viz.json", params={"document": documents[0], "kind": "co-responsibility"}).json()
    assert one["filters"]["documents"] == documents[:1]
    assert {n["data"]["kind"] for n in one["elements"]["nodes"]} == {"department"}
    themes = get(server, "viz.json", params={"kind": "department-theme"}).json()
    theme = next(n["data"]["id"] for n in themes["elements"]["nodes"] if n["data"]["kind"] == "theme")
    narrowed = get(server, "viz.json", params={"theme": theme}).json()
    assert 0 < narrowed["counts"]["nodes"] < everything["counts"]["nodes"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"since": "2023-13-45"}, "not a date"),
        ({"until": "yesterday"}, "not a date"),
        ({"since": "2024-01-01", "until": "2020-01-01"}, "after"),
        ({"kind": "friendship"}, "unknown network kind"),
        ({"document": "not an iri"}, "not an IRI"),
        ({"zone": "<https://example.org/z>"}, "not an IRI"),
        ({"department": "x"}, "unknown parameter"),
    ],
)
@pytest.mark.parametrize("path", ["viz.json", "viz"])
def test_bad_requests_are_400_with_a_reason(server: str, path: str, params: dict[str, str], words: str) -> None:
    resp = get(server, path, params=params, headers={"Accept": "application/json"})
    assert resp.status_code == 400
    assert words in resp.json()["error"]


def test_unknown_format_is_406(server: str) -> None:
    resp = get(server, "viz", params={"format": "graphml"}, headers={"Accept": "application/json"})
    assert resp.status_code == 406 and "html or json" in resp.json()["error"]


def test_cytoscape_is_served_pinned_and_only_that(server: str) -> None:
    page = get(server, "viz").text
    src = page.split('src="', 2)[1].split('"')[0]
    version = json.loads((PROJECT_ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["cytoscape"]
    assert src == f"/viz/vendor/cytoscape/{version}/cytoscape.min.js"
    resp = get(server, src.lstrip("/"))
    assert resp.status_code == 200 and "immutable" in resp.headers["Cache-Control"]
    assert b"cytoscape" in resp.content[:2000].lower()
    for wrong in ("/viz/vendor/cytoscape/0.0.1/cytoscape.min.js", f"/viz/vendor/cytoscape/{version}/package.json"):
        assert get(server, wrong.lstrip("/")).status_code == 404


def test_same_view_in_front_of_a_remote_sparql_server(server: str) -> None:
    """`serve --sparql-url` in front of the seed server: the view asks the remote and draws the same network."""
    from tests.server import running

    with running(None, env={"TRADEKG_TIMEOUT": "30"}, args=("--sparql-url", server + "sparql")) as front:
        for params in ({}, {"kind": "co-responsibility"}):
            near, far = get(server, "viz.json", params=params).json(), get(front, "viz.json", params=params).json()
            assert far["counts"] == near["counts"] and far["counts"]["nodes"] > 0
            assert far["elements"] == near["elements"]
        assert get(front, "viz").status_code == 200


def test_a_network_cut_by_the_row_cap_says_so(server: str, seed_build: BuildReport) -> None:
    """With max_rows below the number of responsibilities the twin is marked incomplete, not passed off as whole."""
    from tests.server import running

    with running(seed_build.store, env={"TRADEKG_MAX_ROWS": "5"}) as root:
        doc = get(root, "viz.json").json()
    assert doc["truncated"] is True and doc["max_rows"] == 5
    assert doc["counts"]["edges"] <= 5
    whole = get(server, "viz.json").json()
    assert whole["truncated"] is False and whole["counts"]["edges"] > 5


def test_departments_carry_the_metrics_network_stats_prints(server: str, seed_build: BuildReport) -> None:
    from graph.analysis.metrics import department_metrics

    rows = {r.iri: r for r in department_metrics(network(store_select(seed_build.store)))}
    doc = get(server, "viz.json").json()
    nodes = [n["data"] for n in doc["elements"]["nodes"]]
    departments = {d["id"]: d for d in nodes if d["kind"] == "department"}
    assert departments.keys() == rows.keys()
    for iri, d in departments.items():
        r = rows[iri]
        assert (d["degree"], d["partners"], d["community"]) == (r.degree, r.partners, r.community)
        assert d["pagerank"] == pytest.approx(r.pagerank, abs=1e-6)
        assert d["lead_share"] == pytest.approx(r.lead_share, abs=1e-6)
    order = ("lead", "cooperating", "responsible")
    units: dict[str, list[tuple[int, str]]] = {}
    for e in (e["data"] for e in doc["elements"]["edges"]):
        units.setdefault(e["target"], []).append((order.index(e["role"]), e["source"]))
    for d in nodes:
        if d["kind"] == "measure":  # a measure is coloured with its lead (else first responsible) department
            assert d["community"] == rows[min(units[d["id"]])[1]].community
