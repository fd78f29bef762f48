"""A network written for the tools researchers open it in: Gephi (GEXF, GraphML, CSV), Cytoscape (GraphML, Cytoscape.js
JSON) and the endpoint's own view (Cytoscape.js JSON).

Every format carries every node and edge attribute (labels in both languages, kinds, roles, weights, evidence), so
what a file shows is what the network holds. Edges of a network with departments run from the department.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import QueryError

FORMATS = ("graphml", "gexf", "cytoscape-json", "csv")


def _oriented(g: nx.Graph) -> list[tuple[str, str, dict[str, Any]]]:
    """Edges with the department first (then by id), in a stable order."""
    out = []
    for u, v, data in g.edges(data=True):
        ku, kv = g.nodes[u].get("kind"), g.nodes[v].get("kind")
        if (kv == "department" and ku != "department") or (ku == kv and v < u):
            u, v = v, u
        out.append((u, v, data))
    return sorted(out, key=lambda e: (e[0], e[1]))


def cytoscape_elements(g: nx.Graph) -> dict[str, Any]:
    """Cytoscape.js elements: `{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]}}`, every attribute
    kept; node ids are IRIs, edge ids `e0`, `e1`, … in a stable order."""
    nodes = [{"data": {**data, "id": n}} for n, data in sorted(g.nodes(data=True))]
    edges = [{"data": {**data, "id": f"e{i}", "source": u, "target": v}} for i, (u, v, data) in enumerate(_oriented(g))]
    return {"data": {"name": g.graph.get("name", "")}, "elements": {"nodes": nodes, "edges": edges}}


def _plain(g: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF can hold: strings, numbers and booleans only."""
    h = nx.Graph(name=g.graph.get("name", ""))
    for n, data in sorted(g.nodes(data=True)):
        h.add_node(n, **{k: v if isinstance(v, str | int | float | bool) else str(v) for k, v in data.items()})
    for u, v, data in _oriented(g):
        h.add_edge(u, v, **{k: x if isinstance(x, str | int | float | bool) else str(x) for k, x in data.items()})
    return h


def write_csv(g: nx.Graph, path: Path) -> Path:
    """Edges to `path`, nodes beside it (`<name>-nodes.csv`), with the column names Gephi's spreadsheet import
    recognises (Id, Label, Source, Target, Weight, Type). Returns the nodes file."""
    node_keys = sorted({k for _, d in g.nodes(data=True) for k in d} - {"label"})
    edge_keys = sorted({k for *_, d in g.edges(data=True) for k in d} - {"weight"})
    nodes_path = path.with_name(f"{path.stem}-nodes{path.suffix or '.csv'}")
    with nodes_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Id", "Label", *node_keys])
        for n, d in sorted(g.nodes(data=True)):
            w.writerow([n, d.get("label", n), *(d.get(k, "") for k in node_keys)])
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Source", "Target", "Type", "Weight", "source_label", "target_label", *edge_keys])
        for u, v, d in _oriented(g):
            labels = [g.nodes[u].get("label", u), g.nodes[v].get("label", v)]
            w.writerow([u, v, "Undirected", d.get("weight", 1), *labels, *(d.get(k, "") for k in edge_keys)])
    return nodes_path


def write(g: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write `g` as one of FORMATS; returns the files written (CSV writes two)."""
    if fmt == "graphml":
        nx.write_graphml(_plain(g), path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(_plain(g), path, encoding="utf-8")
    elif fmt == "cytoscape-json":
        path.write_text(json.dumps(cytoscape_elements(g), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elif fmt == "csv":
        return [path, write_csv(g, path)]
    else:
        raise QueryError(f"unknown export format {fmt!r}; one of: {', '.join(FORMATS)}")
    return [path]
