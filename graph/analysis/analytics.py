"""The department metrics as RDF in the store's analytics named graph, so SPARQL can read them beside the data.

Every build writes the graph (just before the store is optimised), computed from the whole store with no filter;
`tradekg network write` recomputes it in place. The terms are declared in ontology/tradekg.ttl (network analytics);
ontology/queries/departments-by-degree.rq reads them back.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph.analysis.metrics import DepartmentMetrics, department_metrics
from graph.analysis.networks import department_measure, responsibility_network
from graph.analysis.sources import oxigraph_select
from graph.namespaces import ID, TKG
from graph.store import rdf_text

ANALYTICS_GRAPH = str(ID["graph/analytics"])
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(_XSD + "integer"))


def _double(x: float) -> ox.Literal:
    return ox.Literal(repr(round(x, 6)), datatype=ox.NamedNode(_XSD + "double"))


def quads(rows: list[DepartmentMetrics]) -> list[ox.Quad]:
    graph = ox.NamedNode(ANALYTICS_GRAPH)
    out: list[ox.Quad] = []
    for r in rows:
        s = ox.NamedNode(r.iri)
        for term, value in (
            (TKG.degree, _int(r.degree)),
            (TKG.partners, _int(r.partners)),
            (TKG.weightedDegree, _int(r.weighted_degree)),
            (TKG.betweenness, _double(r.betweenness)),
            (TKG.pageRank, _double(r.pagerank)),
            (TKG.component, _int(r.component)),
            (TKG.community, _int(r.community)),
            (TKG.leadShare, _double(r.lead_share)),
            (TKG.cooperatingShare, _double(r.cooperating_share)),
        ):
            out.append(ox.Quad(s, ox.NamedNode(str(term)), value, graph))
    return out


def write_analytics(
    store: ox.Store, dump: Path | None = None, statements: Iterable[tuple[str, str, str]] | None = None
) -> int:
    """Replace the analytics graph of an open, writable store with metrics computed from it; returns the number of
    departments. The metrics are read from the document graphs only (an old analytics graph is removed first), or
    from `statements` when the caller has them: the (measure, property, unit) rows of every responsibility in
    the store, which is how a build passes what its workers saw.

    `dump` is the build's N-Quads file (dataset.nq), which the downloads are made from: the analytics quads are put
    there too (replacing old ones), so a dump holds exactly what the store holds."""
    graph = ox.NamedNode(ANALYTICS_GRAPH)
    replacing = store.contains_named_graph(graph)
    if replacing:
        store.remove_graph(graph)
    if statements is None:
        network = department_measure(oxigraph_select(store), detail=False)
    else:
        network = responsibility_network(statements)
    rows = department_metrics(network)
    new = quads(rows)
    store.extend(new)
    if dump is not None and replacing:
        _rewrite_dump(dump, new)
    elif dump is not None:  # a new build's dump has no analytics lines: append, not copy gigabytes at corpus scale
        with dump.open("a", encoding="utf-8") as out:
            out.write(rdf_text(new, ox.RdfFormat.N_QUADS))
    return len(rows)


def _rewrite_dump(dump: Path, new: list[ox.Quad]) -> None:
    """Drop the analytics graph's lines from the N-Quads file and append the new ones (through a temporary file, so
    a reader never sees half a dump)."""
    ending = f"<{ANALYTICS_GRAPH}> .\n"
    tmp = dump.with_name(dump.name + ".tmp")
    with dump.open(encoding="utf-8") as src, tmp.open("w", encoding="utf-8") as out:
        for line in src:
            if not line.endswith(ending):
                out.write(line)
        out.write(rdf_text(new, ox.RdfFormat.N_QUADS))
    os.replace(tmp, dump)
