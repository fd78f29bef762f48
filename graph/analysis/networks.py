"""The department–measure network and the networks drawn from it, as networkx graphs built from SPARQL results.

Three named queries feed every network (ontology/queries/network-*.rq): the responsibilities with their evidence,
the zones and themes of measures, and the labels of departments, zones and themes. The bipartite
department–measure network is their direct picture; the co-responsibility, department–zone and department–theme
networks are projections of it, so a filter on measures narrows all four alike.

Node ids are IRIs. Every node has `kind`, `label` (English if there is one), `label_zh` and `iri`; measures also
carry their document, date, ordinal and a shortened text; internal units the organisation they belong to
(`issuer_scope`). Bipartite edges carry the role, document, date and the evidence with the line it quotes;
projected edges a `weight` and `measures`, both the number of measures behind the link.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

import networkx as nx

from graph.analysis.filters import KINDS, Filters
from graph.analysis.sources import Binding, Select, endpoint_select, store_select
from graph.errors import QueryError
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


def department_measure(
    select: Select,
    filters: Filters = NO_FILTERS,
    queries_dir: Path | None = None,
    labels: dict[str, dict[str, str]] | None = None,
) -> nx.Graph:
    """The bipartite network: departments and the measures they are responsible for, one edge per pair."""
    labels = _labels(select, queries_dir) if labels is None else labels
    g = nx.Graph(name="department-measure")
    for row in select(filters.apply(_read(queries_dir, "network-responsibilities"))):
        measure, unit, role = _v(row, "measure"), _v(row, "unit"), _v(row, "role")
        if measure not in g:
            text = shorten(_v(row, "text"))
            ordinal = _v(row, "ordinal")
            g.add_node(
                measure,
                kind="measure",
                iri=measure,
                label=shorten(f"#{ordinal} {text}" if ordinal else text, 60),
                label_zh="",
                document=_v(row, "document"),
                document_label=_v(row, "docLabel"),
                date=_v(row, "date"),
                issuer=_v(row, "issuer"),
                ordinal=int(ordinal) if ordinal.isdigit() else 0,
                text=text,
            )
        if unit not in g:
            g.add_node(unit, **_node(labels, unit, "department"))
        if g.has_edge(unit, measure):
            old = g.edges[unit, measure]
            if _ROLE_ORDER[role] < _ROLE_ORDER[old["role"]]:
                old["role"] = role  # a unit named both lead and cooperating counts as lead
            if old["evidence"] or not _v(row, "evidence"):
                continue  # the first evidence (in text order) stays
        quote = _v(row, "quote")
        begin, start = _v(row, "begin"), _v(row, "from")
        offset = int(begin) - int(start) + 1 if begin and start else 0
        g.add_edge(
            unit,
            measure,
            role=g.edges[unit, measure]["role"] if g.has_edge(unit, measure) else role,
            document=_v(row, "document"),
            date=_v(row, "date"),
            evidence=_v(row, "evidence"),
            quote=quote,
            passage=passage(_v(row, "window"), offset, quote) if quote else "",
            weight=1,
        )
    return g


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
