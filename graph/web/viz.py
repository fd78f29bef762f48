"""The network view at `/viz`: who is responsible for what, drawn in the browser; `/viz.json` is its data.

The networks come from `graph.analysis.networks` through the app's query service, so the view obeys the endpoint's
time limits and works on a remote SPARQL server too; the departments' metrics and communities come from
`graph.analysis.metrics`, the same numbers `tradekg network stats` prints. This module adds only what drawing needs:
each node's local page, a community for every node, and — above `COSE_MAX` nodes, where a force-directed layout in
the browser takes too long — positions computed here (see `positions`). Cytoscape.js is installed from the npm
registry at set-up (package.json, pinned) and served from node_modules under a URL that carries its version.
"""

from __future__ import annotations

import gzip
import json
import math
import threading
from collections import OrderedDict, defaultdict
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    url_for,
)

from graph import __version__
from graph.analysis.filters import KINDS, Filters
from graph.errors import RequestError, TradeKGError
from graph.namespaces import sparql_prefixes
from graph.web import conneg
from graph.web.backend import Service
from graph.web.search import FINGERPRINT_QUERY
from graph.web.ui import page_for

if TYPE_CHECKING:  # networkx (half a second to import) is loaded by the first network view, not at start-up
    import networkx as nx

from graph.web.vendor import Vendor, installed, send

bp = Blueprint("viz", __name__)

PARAMETERS = frozenset({"kind", "format", "colour", "document", "issuer", "since", "until", "theme", "zone"})
PARAMETERS |= {p + "s" for p in ("document", "issuer", "theme", "zone")}
COSE_MAX = 150  # above this the server lays the network out (cose in the browser: ~0.8 s at 150 nodes, ~2 s at 250)
LARGE = 1000  # above this the page trades looks for speed: textures while panning, no fading on a click
SPACING = 14.0  # pixels between neighbouring measures around a department in a server-side layout
SPRING_MAX = 1500  # hubs laid out by networkx's spring layout; beyond this, on a circle
CACHED = 4  # answers each process keeps (a 5,000-node network is ~9 MB of JSON, ~0.5 MB gzipped)
SEED = 1  # the hub layout is seeded: the same data always gives the same picture
ROLES = ("lead", "cooperating", "responsible")

OPTIONS = """
SELECT ?kind ?iri (SAMPLE(?l) AS ?label) (MAX(?d) AS ?date) WHERE {
  {
    ?iri a tkg:PolicyDocument . BIND("document" AS ?kind)
    OPTIONAL { ?iri dcterms:title|rdfs:label ?l } OPTIONAL { ?iri tkg:dateIssued ?d }
  } UNION {
    ?x a tkg:PolicyDocument ; tkg:issuedBy ?iri . BIND("issuer" AS ?kind)
    OPTIONAL { ?iri skos:prefLabel ?l FILTER(langMatches(lang(?l), "en")) }
  } UNION {
    { SELECT DISTINCT ?iri WHERE { ?m a tkg:Measure ; tkg:theme ?iri } } BIND("theme" AS ?kind)
    OPTIONAL { ?iri skos:prefLabel ?l FILTER(langMatches(lang(?l), "en")) }
  } UNION {
    { SELECT DISTINCT ?iri WHERE { ?m a tkg:Measure ; tkg:appliesToZone ?iri } } BIND("zone" AS ?kind)
    OPTIONAL { ?iri skos:prefLabel ?l FILTER(langMatches(lang(?l), "en")) }
  }
} GROUP BY ?kind ?iri ORDER BY ?kind DESC(?date) LCASE(STR(?label))
"""


def cytoscape() -> Vendor | None:
    """The installed Cytoscape.js, or None when `npm ci` has not run (the page then says so)."""
    return installed("cytoscape")


def _svc() -> Service:
    service: Service = current_app.extensions["tradekg"]
    return service


def _request() -> tuple[str, Filters]:
    """The network kind and filters of this request; 400 with the reason for anything it cannot use."""
    unknown = sorted(set(request.args) - PARAMETERS)
    if unknown:
        known = ", ".join(sorted(PARAMETERS - {"format", "colour"}))
        raise RequestError(f"unknown parameter {', '.join(map(repr, unknown))}; the view takes: {known}")
    kind = request.args.get("kind", KINDS[0]) or KINDS[0]
    if kind not in KINDS:
        raise RequestError(f"unknown network kind {kind!r}; one of: {', '.join(KINDS)}")
    try:
        filters = Filters.from_mapping({k: request.args.getlist(k) for k in request.args})
    except TradeKGError as exc:
        raise RequestError(f"bad filter: {exc}") from None
    if filters.since and filters.until and filters.since > filters.until:
        raise RequestError(f"since ({filters.since}) is after until ({filters.until})")
    return kind, filters


def positions(g: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Pixel positions for a large network, in time linear in its size once the hubs are placed.

    Hubs (every node that is not a measure: departments, zones, themes) are placed by networkx's spring layout on
    the network of hubs, two hubs pulled together by each measure or link they share, one connected component at a
    time; the components are then packed in rows, largest first, so none is flung to the edge of the picture. Each
    measure sits on a sunflower spiral around the hubs it belongs to: around its department when it has one,
    midway between them when it has several. Only the hub layout iterates, and hubs are few.
    """
    import networkx as nx

    core = nx.Graph()
    core.add_nodes_from(n for n, k in g.nodes(data="kind") if k != "measure")
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for n, k in g.nodes(data="kind"):
        if k == "measure":
            around = tuple(sorted(g.neighbors(n)))
            groups[around].append(n)
            for i, a in enumerate(around):
                for b in around[i + 1 :]:
                    core.add_edge(a, b, weight=core.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    for a, b, w in g.edges(data="weight", default=1):
        if a in core and b in core:
            core.add_edge(a, b, weight=core.get_edge_data(a, b, {"weight": 0})["weight"] + w)
    load: dict[Any, int] = defaultdict(int)  # measures drawn around each hub
    for around, members in groups.items():
        load[around[0]] += len(members)
    boxes = []
    for comp in sorted(nx.connected_components(core), key=lambda c: (-len(c), min(c))):
        half = SPACING * math.sqrt(2.5 * sum(load[h] + 1 for h in comp))
        if len(comp) == 1:
            placed = {next(iter(comp)): (0.0, 0.0)}
        elif len(comp) <= SPRING_MAX:
            placed = nx.spring_layout(core.subgraph(comp), weight="weight", seed=SEED, scale=half)
        else:
            placed = nx.circular_layout(core.subgraph(comp), scale=half)
        boxes.append((half + 4 * SPACING, placed))
    out = _pack(boxes)
    golden = math.pi * (3 - math.sqrt(5))
    for around, members in sorted(groups.items()):
        cx = sum(out[a][0] for a in around) / len(around)
        cy = sum(out[a][1] for a in around) / len(around)
        first = 4 if len(around) == 1 else 0  # leave room for the department at the centre
        members.sort(key=lambda m: (g.nodes[m].get("date", ""), g.nodes[m].get("ordinal", 0), m))
        for i, m in enumerate(members, first):
            r, t = SPACING * math.sqrt(i + 0.5), i * golden
            out[m] = (cx + r * math.cos(t), cy + r * math.sin(t))
    return out


def _pack(boxes: list[tuple[float, dict[Any, Any]]]) -> dict[Any, tuple[float, float]]:
    """Square boxes (half-width, positions around 0) placed left to right in rows about as wide as they are tall."""
    width = math.sqrt(sum((2 * half) ** 2 for half, _ in boxes)) * 1.15
    out: dict[Any, tuple[float, float]] = {}
    x = y = row = 0.0
    for half, placed in boxes:
        if x > 0 and x + 2 * half > width:
            x, y, row = 0.0, y + row, 0.0
        for n, (px, py) in placed.items():
            out[n] = (x + half + float(px), y + half + float(py))
        x, row = x + 2 * half, max(row, 2 * half)
    return out


def data(svc: Service, kind: str, filters: Filters) -> dict[str, Any]:
    """The view's data: the network as Cytoscape.js elements, with metrics, pages and (when large) positions.

    `truncated` is true when a query behind it reached the endpoint's row cap (`max_rows`): the network is then
    incomplete, and the page says so rather than drawing part of it as if it were the whole.
    """
    capped: list[int] = []

    def select(text: str) -> list[dict[str, dict[str, str]]]:
        rows = svc.select(text)
        if len(rows) >= svc.settings.max_rows:
            capped.append(len(rows))
        return rows

    from graph.analysis.exports import cytoscape_elements
    from graph.analysis.networks import network

    g = network(select, kind, filters, svc.settings.queries_dir)
    community = _communities(g, kind)
    layout = "preset" if g.number_of_nodes() > COSE_MAX else "cose"
    where = positions(g) if layout == "preset" else {}
    doc = cytoscape_elements(g)
    for node in doc["elements"]["nodes"]:
        d = node["data"]
        n = d["id"]
        d.setdefault("degree", g.degree(n))
        d.setdefault("weighted_degree", g.degree(n, weight="weight"))
        d["community"] = community.get(n, 0)
        d["page"] = page_for(n)
        if d.get("document"):
            d["document_page"] = page_for(d["document"])
        if n in where:
            node["position"] = {"x": round(where[n][0], 1), "y": round(where[n][1], 1)}
    for edge in doc["elements"]["edges"]:
        if edge["data"].get("evidence"):
            edge["data"]["evidence_page"] = page_for(edge["data"]["evidence"])
    kinds: dict[str, int] = defaultdict(int)
    for _, k in g.nodes(data="kind"):
        kinds[k] += 1
    return {
        "kind": kind,
        "filters": _filters_doc(filters),
        "layout": layout,
        "truncated": bool(capped),
        "max_rows": svc.settings.max_rows,
        "counts": {
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "communities": len(set(community.values())),
            "by_kind": dict(sorted(kinds.items())),
        },
        "elements": doc["elements"],
    }


def _communities(g: nx.Graph, kind: str) -> dict[Any, int]:
    """Community numbers as `tradekg network stats` and the analytics graph give them, for every node drawn.

    In the department–measure network the departments get their metrics (degree, partners, betweenness, PageRank,
    lead share, community) from `graph.analysis.metrics`, computed on the co-responsibility network, and each
    measure the community of its lead department (else its first responsible one). Other networks are split by the
    same seeded Louvain on what is drawn; nodes are inserted in IRI order so the seed gives the same answer anywhere.
    """
    import networkx as nx

    from graph.analysis.metrics import LOUVAIN_SEED, annotate, department_metrics, numbered

    if kind == "department-measure":
        annotate(g, department_metrics(g))
        out = {n: c for n, c in g.nodes(data="community") if c is not None}
        for n, k in g.nodes(data="kind"):
            if k == "measure":
                units = sorted(g[n].items(), key=lambda e: (ROLES.index(e[1].get("role", "responsible")), e[0]))
                out[n] = out.get(units[0][0], 0) if units else 0
        return out
    stable = nx.Graph()
    stable.add_nodes_from(sorted(g.nodes))
    stable.add_weighted_edges_from(sorted((min(u, v), max(u, v), w) for u, v, w in g.edges(data="weight", default=1)))
    return numbered(nx.community.louvain_communities(stable, weight="weight", seed=LOUVAIN_SEED))


def _filters_doc(filters: Filters) -> dict[str, Any]:
    return {
        "documents": list(filters.documents),
        "issuers": list(filters.issuers),
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
        "themes": list(filters.themes),
        "zones": list(filters.zones),
    }


def options(svc: Service) -> dict[str, list[dict[str, str]]]:
    """What the filter form offers: documents (newest first), issuers, themes and zones, by label."""
    out: dict[str, list[dict[str, str]]] = {"document": [], "issuer": [], "theme": [], "zone": []}
    for row in svc.select(sparql_prefixes() + OPTIONS):
        iri = row["iri"]["value"]
        label = row.get("label", {}).get("value") or iri.rstrip("/").rsplit("/", 1)[-1]
        date = row.get("date", {}).get("value", "")
        out[row["kind"]["value"]].append({"iri": iri, "label": f"{label} ({date})" if date else label})
    return out


class Answers:
    """The last few answers of this process, as JSON and gzip bytes, dropped when the served build changes.

    A large network costs seconds of queries and layout; the page and its JSON twin ask for the same one, and
    people come back to the same view. The key is the served build (as search checks it), the kind and filters.
    """

    def __init__(self, size: int = CACHED) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], tuple[bytes, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, svc: Service, kind: str, filters: Filters) -> tuple[bytes, bytes]:
        rows = svc.select(FINGERPRINT_QUERY)
        mark = "|".join(f"{r['b']['value']}@{r.get('t', {}).get('value', '')}" for r in rows)
        key = (mark, request.script_root, kind, filters)
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        body = json.dumps(data(svc, kind, filters), ensure_ascii=False, separators=(",", ":")).encode()
        found = (body, gzip.compress(body, 5))
        with self.lock:
            self.items[key] = found
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return found


def _answers() -> Answers:
    found = current_app.extensions.setdefault("tradekg.viz", Answers())
    assert isinstance(found, Answers)
    return found


def _json(kind: str, filters: Filters) -> Response:
    body, packed = _answers().get(_svc(), kind, filters)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        resp = Response(packed, mimetype="application/json")
        resp.headers["Content-Encoding"] = "gzip"
    else:
        resp = Response(body, mimetype="application/json")
    resp.headers["Access-Control-Allow-Origin"] = "*"
    resp.headers["Vary"] = "Accept, Accept-Encoding"
    return resp


@bp.route("/viz.json")
def viz_json() -> Response:
    return _json(*_request())


@bp.route("/viz")
def viz() -> Response:
    """The page; `format=json` or an Accept header that names JSON (and not HTML) gets the data instead."""
    kind, filters = _request()
    fmt = request.args.get("format")
    accept = request.headers.get("Accept")
    wants_json = not conneg.prefers_html(accept) and any(r.subtype == "json" for r in conneg.parse_accept(accept))
    if fmt == "json" or (fmt is None and wants_json):
        return _json(kind, filters)
    if fmt not in (None, "html"):
        raise RequestError(f"the network view is available as html or json, not {fmt!r}", 406)
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("format", "colour")]
    body = render_template(
        "viz.html",
        version=__version__,
        kind=kind,
        kinds=KINDS,
        filters=filters,
        options=options(_svc()),
        colour=request.args.get("colour", "kind"),
        json_url=url_for("viz.viz_json") + ("?" + urlencode(args) if args else ""),
        cytoscape=cytoscape(),
        large=LARGE,
    )
    resp = Response(body, mimetype="text/html")
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/viz/vendor/<package>/<version>/<filename>")
def vendor(package: str, version: str, filename: str) -> Response:
    """Cytoscape.js from node_modules; the version is in the URL, so it is cached for a year and never stale."""
    return send("cytoscape", package, version, filename)
