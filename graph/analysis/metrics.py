"""What each department's place in the network is: how many measures, with how many others, how central.

Degree counts a department's measures in the department–measure network; the rest is read from the
co-responsibility network (departments linked by shared measures), where every department is a node, also one that
shares nothing. Everything is deterministic: nodes are added in IRI order and Louvain runs with a fixed seed, so
the same store gives the same numbers from the embedded store and from an endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.analysis.networks import co_responsibility, departments

LOUVAIN_SEED = 2024


@dataclass(frozen=True)
class DepartmentMetrics:
    iri: str
    label: str
    label_zh: str
    issuer_scope: str
    degree: int  # measures, any role
    partners: int  # co-responsible departments
    weighted_degree: int  # shared measures summed over partners
    betweenness: float
    pagerank: float
    component: int
    community: int
    lead: int
    cooperating: int

    @property
    def lead_share(self) -> float:
        return self.lead / self.degree if self.degree else 0.0

    @property
    def cooperating_share(self) -> float:
        return self.cooperating / self.degree if self.degree else 0.0


def numbered(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Node → group number, groups numbered from 1 by size (largest first), ties by their first IRI."""
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return {n: i for i, group in enumerate(ordered, start=1) for n in group}


def _stable(g: nx.Graph) -> nx.Graph:
    """The same graph with nodes and edges inserted in sorted order, so seeded algorithms do not depend on the
    order the rows came in."""
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    h.add_weighted_edges_from(sorted((min(u, v), max(u, v), w) for u, v, w in g.edges(data="weight", default=1)))
    return h


BETWEENNESS_SOURCES = 300  # exact up to this many departments; above, estimated from this many seeded sources


def _betweenness(g: nx.Graph) -> dict[str, float]:
    """Betweenness costs a shortest-path search from every node (15 s for 1,200 departments here, growing with nodes
    times edges); a national corpus has tens of thousands. Above BETWEENNESS_SOURCES departments it is estimated from
    that many sources drawn with a fixed seed (Brandes and Pich's pivot sampling, as networkx does it), so a rebuild
    gives the same figures and the ranking of brokers holds."""
    if g.number_of_nodes() <= BETWEENNESS_SOURCES:
        return nx.betweenness_centrality(g, normalized=True)
    return nx.betweenness_centrality(g, k=BETWEENNESS_SOURCES, normalized=True, seed=LOUVAIN_SEED)


def department_metrics(bipartite: nx.Graph) -> list[DepartmentMetrics]:
    """One row per department of a department–measure network, by degree (then weighted degree, then label)."""
    co = co_responsibility(bipartite)
    stable = _stable(co)
    if stable.number_of_nodes() == 0:
        return []
    betweenness = _betweenness(stable)
    pagerank = nx.pagerank(stable, weight="weight") if stable.number_of_edges() else _uniform(stable)
    components = numbered(nx.connected_components(stable))
    communities = numbered(nx.community.louvain_communities(stable, weight="weight", seed=LOUVAIN_SEED))
    rows = []
    for d in departments(bipartite):
        roles = [role for *_, role in bipartite.edges(d, data="role")]
        attrs = bipartite.nodes[d]
        rows.append(
            DepartmentMetrics(
                iri=d,
                label=attrs.get("label", d),
                label_zh=attrs.get("label_zh", ""),
                issuer_scope=attrs.get("issuer_scope", ""),
                degree=bipartite.degree(d),
                partners=co.degree(d),
                weighted_degree=int(co.degree(d, weight="weight")),
                betweenness=betweenness[d],
                pagerank=pagerank[d],
                component=components[d],
                community=communities[d],
                lead=roles.count("lead"),
                cooperating=roles.count("cooperating"),
            )
        )
    return sorted(rows, key=lambda r: (-r.degree, -r.weighted_degree, r.label, r.iri))


def _uniform(g: nx.Graph) -> dict[str, float]:
    return {n: 1 / g.number_of_nodes() for n in g}


def annotate(g: nx.Graph, rows: Iterable[DepartmentMetrics]) -> nx.Graph:
    """Put the metrics on the department nodes of `g` as attributes (for exports, plots and the view)."""
    for r in rows:
        if r.iri in g:
            g.nodes[r.iri].update(
                degree=r.degree,
                partners=r.partners,
                weighted_degree=r.weighted_degree,
                betweenness=round(r.betweenness, 6),
                pagerank=round(r.pagerank, 6),
                component=r.component,
                community=r.community,
                lead_share=round(r.lead_share, 6),
                cooperating_share=round(r.cooperating_share, 6),
            )
    return g
