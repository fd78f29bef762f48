"""The department–measure network and the networks drawn from it, as networkx graphs built from SPARQL results.

Named queries feed every network (ontology/queries/network-*.rq): the responsibilities, the measures' details, the
evidence of responsibilities and the texts it quotes, the zones and themes of measures, and the labels of
departments, zones and themes. Each is a plain join the store answers from its indexes; they are put together here,
in Python, because one query joining them all paid every OPTIONAL once per row (12 s at a million triples). The
bipartite department–measure network is their direct picture; the co-responsibility, department–zone and
department–theme networks are projections of it, so a filter on measures narrows all four alike.

Node ids are IRIs. Every node has `kind`, `label` (English if there is one), `label_zh` and `iri`; measures also
carry their document, date, ordinal and a shortened text; internal units the organisation they belong to
(`issuer_scope`). Bipartite edges carry the role, document, date and the evidence with the line it quotes;
projected edges a `weight` and `measures`, both the number of measures behind the link.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import networkx as nx

from graph.analysis.filters import KINDS, Filters
from graph.analysis.sources import Binding, Select, endpoint_select, store_select
from graph.errors import QueryError
from graph.prefixes import PREFIXES
from graph.settings import Settings

__all__ = ["KINDS", "Filters", "Select", "endpoint_select", "network", "store_select"]

NO_FILTERS = Filters()  # frozen: safe as a default
TEXT_CHARS = 200
_ROLE_ORDER = {"lead": 0, "cooperating": 1, "responsible": 2}


def _queries_dir(queries_dir: Path | None) -> Path:
    return queries_dir or Settings.from_env().queries_dir


def _read(queries_dir: Path | None, name: str) -> str:
    return (_queries_dir(queries_dir) / f"{name}.rq").read_text(encoding="utf-8")


def _v(row: Binding, name: str) -> str:
    term = row.get(name)
    return term["value"] if term else ""


def shorten(text: str, limit: int = TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_STOPS = ".。!?！？;；"
BEFORE_CHARS = 240  # at most this much of the line before the quote: the sentence that assigns the responsibility


def passage(window: str, offset: int, quote: str) -> str:
    """The line of `window` holding the quote that starts at `offset` (both in characters), from the start of the
    sentence before the tag when the line is long: enough to read what the department is made responsible for."""
    if not window:
        return quote
    offset = max(0, min(offset, len(window)))
    start = window.rfind("\n", 0, offset) + 1
    end = window.find("\n", offset + len(quote))
    end = end if end >= 0 else len(window)
    if offset - start > BEFORE_CHARS:
        # the tag's own sentence starts after the last stop; keep the sentence before it too
        floor = offset - BEFORE_CHARS
        stops = [i for i in range(floor, offset) if window[i] in _STOPS]
        if len(stops) >= 2:
            start, prefix = stops[-2] + 1, ""
        else:  # no sentence start in reach: cut at a word boundary (Chinese has none; cut where it falls)
            space = window.find(" ", floor, floor + 20)
            start, prefix = (space + 1 if space >= 0 else floor), "…"
    else:
        prefix = ""
    return prefix + " ".join(window[start:end].split()) or quote


def _labels(select: Select, queries_dir: Path | None) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for row in select(_read(queries_dir, "network-labels")):
        node = _v(row, "node")
        en, zh, anything = _v(row, "labelEn"), _v(row, "labelZh"), _v(row, "labelAny")
        out[node] = {
            "label": en or anything or zh or node,
            "label_zh": zh,
            "issuer_scope": _v(row, "scope"),
            "issuer_scope_label": _v(row, "scopeLabel"),
        }
    return out


def _node(labels: dict[str, dict[str, str]], iri: str, kind: str) -> dict[str, str]:
    slug = iri.rstrip("/").rsplit("/", 1)[-1]
    known = labels.get(iri, {"label": slug, "label_zh": "", "issuer_scope": "", "issuer_scope_label": ""})
    attrs = {"kind": kind, "iri": iri, "label": known["label"], "label_zh": known["label_zh"]}
    if kind == "department":
        attrs["issuer_scope"] = known["issuer_scope"]
        attrs["issuer_scope_label"] = known["issuer_scope_label"]
    return attrs


_TKG = PREFIXES["tkg"]
_ROLE_OF = {_TKG + "leadUnit": "lead", _TKG + "cooperatingUnit": "cooperating", _TKG + "responsibleUnit": "responsible"}
TEXTS_PER_QUERY = 100  # document texts asked for in one VALUES block


def department_measure(
    select: Select,
    filters: Filters = NO_FILTERS,
    queries_dir: Path | None = None,
    labels: dict[str, dict[str, str]] | None = None,
    detail: bool = True,
) -> nx.Graph:
    """The bipartite network: departments and the measures they are responsible for, one edge per pair.

    With `detail` off, nodes carry only their kind, IRI and label and edges only their role: what the metrics
    need, read by one query that the store answers from its indexes. With it on (the default), measure nodes get their
    document, date, ordinal and text, and edges the first evidence (in text order) with the passage it quotes."""
    labels = ({} if not detail else _labels(select, queries_dir)) if labels is None else labels
    rows = select(filters.apply(_read(queries_dir, "network-responsibilities")))
    roles = strongest_roles((_v(row, "measure"), _v(row, "stated"), _v(row, "unit")) for row in rows)
    measures = _measure_nodes(select, filters, queries_dir) if detail else {}
    found = _evidence(select, filters, queries_dir) if detail else {}
    return _bipartite(roles, measures, found, labels, detail)


def strongest_roles(statements: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """(unit, measure) → role, from (measure, property IRI, unit) statements of responsibleUnit, leadUnit and
    cooperatingUnit: the strongest role stated wins, so a unit named both lead and cooperating counts as lead."""
    roles: dict[tuple[str, str], str] = {}
    for measure, stated, unit in statements:
        key = (unit, measure)
        role = _ROLE_OF.get(stated, "responsible")
        if key not in roles or _ROLE_ORDER[role] < _ROLE_ORDER[roles[key]]:
            roles[key] = role
    return roles


def responsibility_network(statements: Iterable[tuple[str, str, str]]) -> nx.Graph:
    """The department–measure network without detail (what the metrics need) from statements already in hand —
    the build's workers return them with each document, so its analytics need not query a store that is still
    being compacted. The same graph as `department_measure(..., detail=False)` on a store holding them."""
    return _bipartite(strongest_roles(statements), {}, {}, {}, detail=False)


def _bipartite(
    roles: dict[tuple[str, str], str],
    measures: dict[str, dict],
    found: dict[tuple[str, str], dict[str, str]],
    labels: dict[str, dict[str, str]],
    detail: bool,
) -> nx.Graph:
    g = nx.Graph(name="department-measure")
    for (unit, measure), role in sorted(roles.items(), key=lambda kv: (_order(measures, kv[0][1]), kv[0][0])):
        if measure not in g:
            g.add_node(measure, **measures.get(measure, _node(labels, measure, "measure")))
        if unit not in g:
            g.add_node(unit, **_node(labels, unit, "department"))
        attrs = measures.get(measure, {})
        edge = {"role": role, "document": attrs.get("document", ""), "date": attrs.get("date", ""), "weight": 1}
        if detail:
            edge |= found.get((unit, measure), {"evidence": "", "quote": "", "passage": ""})
        g.add_edge(unit, measure, **edge)
    return g


def _order(measures: dict[str, dict], measure: str) -> tuple[str, int, str]:
    """Measures in document order, then by ordinal: the order the old single query sorted its rows in."""
    attrs = measures.get(measure, {})
    return (attrs.get("document", ""), attrs.get("ordinal", 0), measure)


def _measure_nodes(select: Select, filters: Filters, queries_dir: Path | None) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for row in select(filters.apply(_read(queries_dir, "network-measures"))):
        measure = _v(row, "measure")
        if measure in out:
            # a co-issued document, or one with a title in each language, repeats its measures: the least value of
            # each field stays, so the node does not depend on the order rows come in
            known = out[measure]
            for key, name in (("issuer", "issuer"), ("date", "date"), ("document_label", "docLabel")):
                value = _v(row, name)
                if value and (not known[key] or value < known[key]):
                    known[key] = value
            continue
        text = shorten(_v(row, "text"))
        ordinal = _v(row, "ordinal")
        out[measure] = {
            "kind": "measure",
            "iri": measure,
            "label": shorten(f"#{ordinal} {text}" if ordinal else text, 60),
            "label_zh": "",
            "document": _v(row, "document"),
            "document_label": _v(row, "docLabel"),
            "date": _v(row, "date"),
            "issuer": _v(row, "issuer"),
            "ordinal": int(ordinal) if ordinal.isdigit() else 0,
            "text": text,
        }
    return out


def _evidence(select: Select, filters: Filters, queries_dir: Path | None) -> dict[tuple[str, str], dict[str, str]]:
    """The first evidence (in text order) of each (unit, measure) pair, with the line it quotes."""
    first: dict[tuple[str, str], tuple[int, str, str, str]] = {}
    for row in select(filters.apply(_read(queries_dir, "network-evidence"))):
        key = (_v(row, "unit"), _v(row, "measure"))
        begin = int(_v(row, "begin") or 0)
        if key not in first or begin < first[key][0]:
            first[key] = (begin, _v(row, "evidence"), _v(row, "quote"), _v(row, "context"))
    texts = _texts(select, queries_dir, sorted({c for *_, c in first.values() if c}))
    return {
        key: {"evidence": ev, "quote": quote, "passage": passage(texts.get(ctx, ""), begin, quote) if quote else ""}
        for key, (begin, ev, quote, ctx) in first.items()
    }


def _texts(select: Select, queries_dir: Path | None, contexts: list[str]) -> dict[str, str]:
    query = _read(queries_dir, "network-texts")
    out: dict[str, str] = {}
    for i in range(0, len(contexts), TEXTS_PER_QUERY):
        values = " ".join(f"<{c}>" for c in contexts[i : i + TEXTS_PER_QUERY])
        for row in select(query.replace("# contexts", f"VALUES ?context {{ {values} }}", 1)):
            out.setdefault(_v(row, "context"), _v(row, "text"))
    return out


def departments(g: nx.Graph) -> list[str]:
    return sorted(n for n, kind in g.nodes(data="kind") if kind == "department")


def co_responsibility(bipartite: nx.Graph) -> nx.Graph:
    """Departments linked by the measures they share; weight = shared measures. Every department is a node, also
    one that shares none."""
    g = nx.Graph(name="co-responsibility")
    for d in departments(bipartite):
        g.add_node(d, **bipartite.nodes[d])
    measures = sorted(n for n, kind in bipartite.nodes(data="kind") if kind == "measure")
    for m in measures:
        for a, b in combinations(sorted(bipartite.neighbors(m)), 2):
            if g.has_edge(a, b):
                g.edges[a, b]["weight"] += 1
                g.edges[a, b]["measures"] += 1
            else:
                g.add_edge(a, b, weight=1, measures=1)
    return g


def _linked(
    select: Select,
    bipartite: nx.Graph,
    kind: str,
    filters: Filters,
    queries_dir: Path | None,
    labels: dict[str, dict[str, str]],
) -> nx.Graph:
    """Departments linked to the zones (or themes) of their measures; weight = measures behind the link."""
    g = nx.Graph(name=f"department-{kind}")
    for d in departments(bipartite):
        g.add_node(d, **bipartite.nodes[d])
    links: dict[str, list[str]] = defaultdict(list)
    for row in select(filters.apply(_read(queries_dir, "network-measure-links"))):
        if _v(row, "kind") == kind:
            links[_v(row, "measure")].append(_v(row, "node"))
    for m in sorted(links):
        if m not in bipartite:
            continue  # a measure nobody is responsible for links no department
        for target in sorted(set(links[m])):
            if target not in g:
                g.add_node(target, **_node(labels, target, kind))
            for d in sorted(bipartite.neighbors(m)):
                if g.has_edge(d, target):
                    g.edges[d, target]["weight"] += 1
                    g.edges[d, target]["measures"] += 1
                else:
                    g.add_edge(d, target, weight=1, measures=1)
    return g


def network(
    select: Select,
    kind: str = "department-measure",
    filters: Filters = NO_FILTERS,
    queries_dir: Path | None = None,
) -> nx.Graph:
    """One of KINDS, built from what `select` answers; QueryError for an unknown kind."""
    if kind not in KINDS:
        raise QueryError(f"unknown network {kind!r}; one of: {', '.join(KINDS)}")
    labels = _labels(select, queries_dir)
    bipartite = department_measure(select, filters, queries_dir, labels)
    if kind == "department-measure":
        return bipartite
    if kind == "co-responsibility":
        return co_responsibility(bipartite)
    return _linked(select, bipartite, kind.removeprefix("department-"), filters, queries_dir, labels)
