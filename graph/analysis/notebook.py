"""The network analysis from a notebook: open a store or an endpoint, ask SPARQL for a DataFrame, get a network.

    from graph.analysis.notebook import open_store, open_endpoint
    kg = open_store("build/store")                    # or open_endpoint("http://127.0.0.1:8000/sparql")
    kg.sparql("SELECT ?m ?t WHERE { ?m tkg:theme ?t }")   # a pandas DataFrame; numbers come back as numbers
    g = kg.network("co-responsibility", since="2023-01-01", issuer="https://w3id.org/tradekg/id/org/…")
    kg.departments()                                  # the metrics table `tradekg network stats` prints

`network` returns a networkx graph (see graph.analysis.networks for its attributes); filters are the keywords of
Filters.from_mapping (document, issuer, since, until, theme, zone; a value may be a list). Nothing here caches: each
call asks the store or endpoint again, so a rebuilt store is seen at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.analysis.filters import Filters
from graph.analysis.sources import Select, endpoint_json, oxigraph_select, term_json
from graph.namespaces import sparql_prefixes

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

_NUMBERS = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "int", "long", "short", "decimal", "double", "float", "nonNegativeInteger")
}


def value(term: dict[str, str] | None) -> object:
    """A SPARQL JSON term as a Python value: numbers as int or float, everything else as its string."""
    if term is None:
        return None
    if term.get("datatype") in _NUMBERS:
        text = term["value"]
        try:
            return int(text)
        except ValueError:
            return float(text)
    return term["value"]


@dataclass
class KnowledgeGraph:
    """A store or an endpoint, seen through SELECT queries. Use `open_store` or `open_endpoint` to get one."""

    select: Select
    table: Any  # text -> (variables, bindings)
    where: str

    def sparql(self, text: str) -> pd.DataFrame:
        """A SELECT query's answer as a DataFrame, one column per variable in the query's order (standard
        prefixes such as tkg:, skos:, eli: need no declaration)."""
        import pandas as pd

        variables, rows = self.table(sparql_prefixes() + text)
        return pd.DataFrame([[value(r.get(v)) for v in variables] for r in rows], columns=variables)

    def network(self, kind: str = "department-measure", filters: Filters | None = None, **given: Any) -> nx.Graph:
        """One of networks.KINDS as a networkx graph, department nodes carrying their metrics."""
        from graph.analysis.metrics import annotate, department_metrics
        from graph.analysis.networks import network

        chosen = filters or Filters.from_mapping({k: v for k, v in given.items() if v is not None})
        g = network(self.select, kind, chosen)
        bipartite = g if kind == "department-measure" else network(self.select, "department-measure", chosen)
        return annotate(g, department_metrics(bipartite))

    def departments(self, filters: Filters | None = None, **given: Any) -> pd.DataFrame:
        """Each department's metrics (degree, partners, betweenness, PageRank, community, lead share …)."""
        import pandas as pd

        from graph.analysis.metrics import department_metrics
        from graph.analysis.networks import network

        chosen = filters or Filters.from_mapping({k: v for k, v in given.items() if v is not None})
        rows = department_metrics(network(self.select, "department-measure", chosen))
        return pd.DataFrame(
            [{**asdict(r), "lead_share": r.lead_share, "cooperating_share": r.cooperating_share} for r in rows]
        )


def open_store(store_dir: str | Path) -> KnowledgeGraph:
    """The build in service in a store folder made by `tradekg build`, opened read-only."""
    from graph.store import open_store as open_oxigraph
    from graph.store import query

    store = open_oxigraph(Path(store_dir))

    def table(text: str) -> tuple[list[str], list[dict[str, dict[str, str]]]]:
        result = query(store, text)
        names = result.variables
        return names, [
            {n: term_json(v) for n, v in zip(names, row, strict=True) if v is not None} for row in result.rows()
        ]

    return KnowledgeGraph(oxigraph_select(store), table, str(store_dir))


def open_endpoint(url: str, timeout: float = 60) -> KnowledgeGraph:
    """Any SPARQL 1.1 endpoint: `tradekg serve`'s /sparql, or another server holding a tradekg dump."""
    from graph.analysis.sources import endpoint_select

    def table(text: str) -> tuple[list[str], list[dict[str, dict[str, str]]]]:
        doc = endpoint_json(url, text, timeout)
        return list(doc["head"].get("vars", [])), doc["results"]["bindings"]

    return KnowledgeGraph(endpoint_select(url, timeout), table, url)
