"""A generated department–measure network of any size, and the policy-shaped RDF it would have been read from.

The seeds hold a few dozen responsibilities; the network view must stay usable at thousands of nodes. Rather than
test it on a graph assembled in memory, `write` turns a generated network into the same kind of data a build emits
(documents with their text as a NIF context, measures, responsibility statements with evidence records pointing at
the quoted name in that text, units of issuing organisations, themes, zones), so a real store can be loaded with it
and the real server, the SPARQL queries behind the networks and the page are exercised end to end.

Everything is drawn from one seeded `random.Random`, so the same (nodes, seed) always gives the same data. Names
are invented ("District 3 Office 12"), never taken from a vocabulary.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from graph.namespaces import BASE

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
TKG_NS = BASE + "ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SCHEMA = "https://schema.org/"

DEPARTMENT_SHARE = 0.04  # departments among all nodes: a few busy offices, many measures (as in real notices)
MEASURES_PER_DOCUMENT = 40
UNITS_PER_ISSUER = 20
THEMES = 8
ZONES = 6
CROSS_ISSUER = 0.03  # measures that also name a unit of another district: joint work links the districts
VERBS = ("Promote", "Improve", "Simplify", "Expand", "Strengthen", "Optimise", "Support", "Deepen")
OBJECTS = (
    "paperless declaration of goods",
    "advance rulings for importers",
    "joint inspection at the border",
    "credit management of enterprises",
    "clearance of cross-border parcels",
    "risk screening of shipments",
    "services for bonded processing",
    "data sharing between agencies",
)
ROLE_PROPERTY = {"lead": "leadUnit", "cooperating": "cooperatingUnit", "responsible": "responsibleUnit"}
ROLE_WORD = {"lead": "Lead", "cooperating": "cooperating", "responsible": "Responsible"}


@dataclass(frozen=True)
class Sizes:
    departments: int
    measures: int
    issuers: int
    documents: int


def sizes(nodes: int) -> Sizes:
    """How many of each kind make up `nodes` nodes of the department–measure network (at least 3)."""
    if nodes < 3:
        raise ValueError("a synthetic network needs at least 3 nodes")
    departments = max(1, round(nodes * DEPARTMENT_SHARE))
    measures = nodes - departments
    issuers = max(1, -(-departments // UNITS_PER_ISSUER))
    documents = max(issuers, -(-measures // MEASURES_PER_DOCUMENT))
    return Sizes(departments, measures, issuers, documents)


def _iri(path: str) -> str:
    return f"{BASE}id/{path}"


def network(nodes: int, seed: int = 1) -> nx.Graph:
    """The bipartite department–measure network, with the node and edge attributes the analysis networks carry.

    Each measure is assigned to one issuer's document and names one to three of that issuer's units (a lead and
    cooperating units, or a single responsible one), chosen with Zipf-like weights so that a few offices carry
    many measures; every unit carries at least one, so the network has exactly `nodes` nodes and no isolates.
    """
    rng = random.Random(seed)
    n = sizes(nodes)
    g = nx.Graph()
    units: list[list[str]] = [[] for _ in range(n.issuers)]
    for k in range(n.departments):
        j = k % n.issuers
        iri = _iri(f"org/synthetic-district-{j + 1}/office-{len(units[j]) + 1}")
        units[j].append(iri)
        g.add_node(
            iri,
            kind="department",
            label=f"District {j + 1} Office {len(units[j])}",
            label_zh=f"第{j + 1}关区第{len(units[j])}处",
            iri=iri,
            issuer=_iri(f"org/synthetic-district-{j + 1}"),
        )
    start = date(2018, 1, 1)
    docs = []
    for d in range(n.documents):
        source = f"synthetic_{d + 1:04d}.txt"
        docs.append((_iri(f"document/synthetic-{d + 1:04d}"), source, d % n.issuers))
    dates = {doc: (start + timedelta(days=rng.randrange(7 * 365))).isoformat() for doc, _, _ in docs}
    ordinals: dict[str, int] = {}
    pending = {j: list(us) for j, us in enumerate(units)}  # units still without a measure
    for m in range(n.measures):
        doc, source, j = docs[m % n.documents]
        ordinal = ordinals[doc] = ordinals.get(doc, 0) + 1
        iri = f"{doc}/measure/{ordinal}"
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        themes = sorted(rng.sample(range(1, THEMES + 1), rng.choice((0, 1, 1, 2))))
        zones = [rng.randrange(1, ZONES + 1)] if rng.random() < 0.2 else []
        g.add_node(
            iri,
            kind="measure",
            label=f"{source} #{ordinal}",
            label_zh="",
            iri=iri,
            document=doc,
            document_label=f"Notice {d_label(doc)} on synthetic measures",
            date=dates[doc],
            issuer=_iri(f"org/synthetic-district-{j + 1}"),
            ordinal=ordinal,
            text=text,
            themes=",".join(map(str, themes)),
            zones=",".join(map(str, zones)),
        )
        weights = [1 / (r + 1) ** 0.9 for r in range(len(units[j]))]
        chosen = [pending[j].pop(0)] if pending[j] else rng.choices(units[j], weights)
        extra = rng.choices(units[j], weights, k=rng.choice((0, 0, 1, 2)))
        if n.issuers > 1 and rng.random() < CROSS_ISSUER:
            extra.append(rng.choice(units[(j + rng.randrange(1, n.issuers)) % n.issuers]))
        chosen += [u for u in dict.fromkeys(extra) if u not in chosen]
        roles = (
            ["lead"] + ["cooperating"] * (len(chosen) - 1) if len(chosen) > 1 else [rng.choice(("lead", "responsible"))]
        )
        for unit, role in zip(chosen, roles, strict=True):
            g.add_edge(unit, iri, role=role, document=doc, date=dates[doc], weight=1)
    return g


def d_label(doc: str) -> str:
    return doc.rsplit("-", 1)[-1]


class _Quads:
    """Collects quads; `add` takes IRIs as strings and literals as ox.Literal."""

    def __init__(self) -> None:
        self.items: list[ox.Quad] = []

    def add(self, s: str, p: str, o: str | ox.Literal, g: str) -> None:
        obj = o if isinstance(o, ox.Literal) else ox.NamedNode(o)
        self.items.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, ox.NamedNode(g)))


def _lit(value: object, datatype: str = "", lang: str = "") -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))
    return ox.Literal(str(value))


def quads(g: nx.Graph) -> list[ox.Quad]:
    """The RDF a build would emit for `g`: one named graph per document plus a vocabulary graph of the names."""
    q = _Quads()
    vocab = _iri("graph/vocabulary")
    tkg = TKG_NS
    for node, a in g.nodes(data=True):
        if a["kind"] != "department":
            continue
        for t in (ORG + "Organization", ORG + "OrganizationalUnit", tkg + "InternalUnit"):
            q.add(node, RDF + "type", t, vocab)
        q.add(node, SKOS + "prefLabel", _lit(a["label"], lang="en"), vocab)
        q.add(node, SKOS + "prefLabel", _lit(a["label_zh"], lang="zh"), vocab)
        q.add(node, ORG + "unitOf", a["issuer"], vocab)
    issuers = sorted({a["issuer"] for _, a in g.nodes(data=True) if a["kind"] == "department"})
    for k, issuer in enumerate(issuers, 1):
        for t in (ORG + "Organization", ORG + "FormalOrganization", tkg + "GovernmentBody"):
            q.add(issuer, RDF + "type", t, vocab)
        q.add(issuer, SKOS + "prefLabel", _lit(f"District {k}", lang="en"), vocab)
        q.add(issuer, SKOS + "prefLabel", _lit(f"第{k}关区", lang="zh"), vocab)
    for k in range(1, THEMES + 1):
        theme = _iri(f"theme/synthetic-{k}")
        q.add(theme, RDF + "type", tkg + "Theme", vocab)
        q.add(theme, RDF + "type", SKOS + "Concept", vocab)
        q.add(theme, SKOS + "prefLabel", _lit(f"theme {k}", lang="en"), vocab)
        q.add(theme, SKOS + "prefLabel", _lit(f"主题{k}", lang="zh"), vocab)
    for k in range(1, ZONES + 1):
        zone = _iri(f"zone/synthetic-{k}")
        q.add(zone, RDF + "type", tkg + "Zone", vocab)
        q.add(zone, RDF + "type", SCHEMA + "Place", vocab)
        q.add(zone, SKOS + "prefLabel", _lit(f"Zone {k}", lang="en"), vocab)
        q.add(zone, SKOS + "prefLabel", _lit(f"第{k}区", lang="zh"), vocab)
    by_doc: dict[str, list[str]] = {}
    for node, a in g.nodes(data=True):
        if a["kind"] == "measure":
            by_doc.setdefault(a["document"], []).append(node)
    for doc, measures in by_doc.items():
        measures.sort(key=lambda m: g.nodes[m]["ordinal"])
        _document(q, g, doc, measures)
    return q.items


def _document(q: _Quads, g: nx.Graph, doc: str, measures: list[str]) -> None:
    """A document, its text (title, date, one numbered line per measure with its responsibility tag) and evidence."""
    tkg, graph_iri = TKG_NS, doc.replace("/id/document/", "/id/graph/document/")
    first = g.nodes[measures[0]]
    issuer = first["issuer"]
    title = first["document_label"]
    parts = [f"{title}\n{first['date']}\n"]
    offset = len(parts[0])
    ctx = f"{doc}/text"
    for m in measures:
        a = g.nodes[m]
        line = f"({a['ordinal']}) {a['text']} ("
        spans = []
        edges = sorted(g[m].items(), key=lambda e: (e[1]["role"] != "lead", g.nodes[e[0]]["label"]))
        for k, (unit, e) in enumerate(edges):
            word = ROLE_WORD[e["role"]] if k == 0 or edges[k - 1][1]["role"] != e["role"] else ""
            line += ("; " if k else "") + (f"{word}: " if word else ", " if k else "")
            label = g.nodes[unit]["label"]
            spans.append((unit, e["role"], offset + len(line), label))
            line += label
        line += ").\n"
        parts.append(line)
        q.add(m, RDF + "type", tkg + "Measure", graph_iri)
        q.add(m, RDF + "type", ELI + "LegalResourceSubdivision", graph_iri)
        q.add(m, tkg + "inDocument", doc, graph_iri)
        q.add(m, ELI + "is_part_of", doc, graph_iri)
        q.add(m, tkg + "ordinal", _lit(a["ordinal"], "integer"), graph_iri)
        q.add(m, tkg + "measureText", _lit(a["text"]), graph_iri)
        q.add(m, RDFS + "label", _lit(a["label"]), graph_iri)
        for t in filter(None, a["themes"].split(",")):
            q.add(m, tkg + "theme", _iri(f"theme/synthetic-{t}"), graph_iri)
            q.add(m, ELI + "is_about", _iri(f"theme/synthetic-{t}"), graph_iri)
        for z in filter(None, a["zones"].split(",")):
            q.add(m, tkg + "appliesToZone", _iri(f"zone/synthetic-{z}"), graph_iri)
            q.add(m, DCT + "spatial", _iri(f"zone/synthetic-{z}"), graph_iri)
        for unit, role, begin, label in spans:
            prop = tkg + ROLE_PROPERTY[role]
            q.add(m, prop, unit, graph_iri)
            q.add(m, tkg + "responsibleUnit", unit, graph_iri)
            q.add(m, ELI + "responsibility_of_agent", unit, graph_iri)
            _evidence(q, doc, graph_iri, ctx, (m, prop, unit), begin, label)
        offset += len(line)
    text = "".join(parts)
    q.add(doc, RDF + "type", tkg + "PolicyDocument", graph_iri)
    q.add(doc, RDF + "type", ELI + "LegalResource", graph_iri)
    q.add(doc, tkg + "sourceFile", _lit(first["label"].split(" #")[0]), graph_iri)
    q.add(doc, DCT + "title", _lit(title, lang="en"), graph_iri)
    q.add(doc, RDFS + "label", _lit(title, lang="en"), graph_iri)
    q.add(doc, tkg + "dateIssued", _lit(first["date"], "date"), graph_iri)
    q.add(doc, ELI + "date_document", _lit(first["date"], "date"), graph_iri)
    q.add(doc, tkg + "issuedBy", issuer, graph_iri)
    q.add(doc, ELI + "passed_by", issuer, graph_iri)
    q.add(doc, tkg + "text", ctx, graph_iri)
    q.add(ctx, RDF + "type", tkg + "SourceFile", graph_iri)
    q.add(ctx, NIF + "isString", _lit(text), graph_iri)
    q.add(ctx, NIF + "beginIndex", _lit(0, "integer"), graph_iri)
    q.add(ctx, NIF + "endIndex", _lit(len(text), "integer"), graph_iri)


def _evidence(
    q: _Quads, doc: str, graph_iri: str, ctx: str, fact: tuple[str, str, str], begin: int, quote: str
) -> None:
    s, p, o = fact
    ev = f"{doc}/evidence/{hashlib.sha1(f'{s} {p} {o} {begin}'.encode()).hexdigest()[:16]}"
    for t in (TKG_NS + "Evidence", RDF + "Statement", "http://www.w3.org/ns/prov#Entity"):
        q.add(ev, RDF + "type", t, graph_iri)
    q.add(ev, RDF + "subject", s, graph_iri)
    q.add(ev, RDF + "predicate", p, graph_iri)
    q.add(ev, RDF + "object", o, graph_iri)
    q.add(ev, NIF + "beginIndex", _lit(begin, "integer"), graph_iri)
    q.add(ev, NIF + "endIndex", _lit(begin + len(quote), "integer"), graph_iri)
    q.add(ev, NIF + "anchorOf", _lit(quote), graph_iri)
    q.add(ev, NIF + "referenceContext", ctx, graph_iri)
    q.add(ev, TKG_NS + "rule", _lit("synthetic"), graph_iri)


def write(folder: Path, nodes: int, seed: int = 1) -> list[tuple[Path, str]]:
    """Write the RDF of a generated network as one N-Quads file; returns the (file, graph) pairs `load_files` takes.

    N-Quads carry their own graph names, so the graph given with the file is only the default for triples without
    one (there are none).
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"synthetic-{nodes}-{seed}.nq"
    with path.open("wb") as out:
        ox.serialize(quads(network(nodes, seed)), out, ox.RdfFormat.N_QUADS)
    return [(path, _iri("graph/synthetic"))]
