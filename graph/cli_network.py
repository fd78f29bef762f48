"""`tradekg network stats|write`, `tradekg export` and `tradekg plot`: the network analysis from the shell.

Each command reads either a store folder (--store) or any SPARQL endpoint (--endpoint) and takes the same filters;
the work is done by graph.analysis, these functions only parse flags and print.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from graph.analysis.filters import KINDS
from graph.cli_common import err, fail, out
from graph.errors import QueryError, TradeKGError


def _source(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--endpoint", metavar="URL", help="Read from this SPARQL endpoint instead of a store (e.g. …/sparql)."
    )(f)
    return click.option(
        "--store",
        "store_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Store folder built by 'tradekg build'.",
    )(f)


def _filters(f: Callable[..., Any]) -> Callable[..., Any]:
    for name, help_text in reversed(
        (
            ("document", "Only measures of this document (IRI; repeat or comma-separate for several)."),
            ("issuer", "Only documents issued by this organisation (IRI)."),
            ("since", "Only documents issued on or after this date (YYYY-MM-DD)."),
            ("until", "Only documents issued on or before this date (YYYY-MM-DD)."),
            ("theme", "Only measures with this theme (IRI)."),
            ("zone", "Only measures applying to this zone (IRI)."),
        )
    ):
        multiple = name not in ("since", "until")
        f = click.option(f"--{name}", multiple=multiple, help=help_text)(f)
    return f


def _select(store_dir: Path | None, endpoint: str | None) -> Any:
    from graph.analysis.sources import endpoint_select, store_select

    if bool(store_dir) == bool(endpoint):
        raise QueryError("give either --store DIR or --endpoint URL")
    return endpoint_select(endpoint) if endpoint else store_select(store_dir)  # type: ignore[arg-type]


def _parse_filters(values: dict[str, Any]) -> Any:
    from graph.analysis.filters import Filters

    return Filters.from_mapping({k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if v})


def _annotated(select: Any, kind: str, filters: Any) -> Any:
    """The network of `kind`, department nodes carrying their metrics (computed on the same filtered measures)."""
    from graph.analysis.metrics import annotate, department_metrics
    from graph.analysis.networks import network

    bipartite = network(select, "department-measure", filters)
    g = bipartite if kind == "department-measure" else network(select, kind, filters)
    return annotate(g, department_metrics(bipartite))


@click.group("network")
def network_group() -> None:
    """Department metrics: print them, or write them into the store's analytics graph."""


@network_group.command("stats")
@_source
@_filters
@click.option("--top", type=int, default=0, help="Only the first N departments (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def stats(store_dir: Path | None, endpoint: str | None, top: int, fmt: str, **given: Any) -> None:
    """Departments by degree (measures carried), with their place in the co-responsibility network.

    \b
    degree      measures the department is responsible for (any role)
    partners    departments it shares at least one measure with
    weighted    shared measures summed over those partners
    between.    betweenness centrality (0–1) in the co-responsibility network
    pagerank    PageRank there, links weighted by shared measures
    comp./comm. connected component and Louvain community (numbered by size)
    lead/coop.  share of its measures where it leads / cooperates

    \b
    Examples:
      tradekg network stats --store build/store
      tradekg network stats --store build/store --since 2023-01-01 --format csv
    """
    from graph.analysis.metrics import department_metrics
    from graph.analysis.networks import network

    try:
        t = time.perf_counter()
        bipartite = network(_select(store_dir, endpoint), "department-measure", _parse_filters(given))
        rows = department_metrics(bipartite)
        seconds = time.perf_counter() - t
    except TradeKGError as exc:
        fail(exc)
    shown = rows[:top] if top else rows
    records = [
        {
            "department": r.iri,
            "label": r.label,
            "organisation": bipartite.nodes[r.iri].get("issuer_scope_label", ""),
            "degree": r.degree,
            "partners": r.partners,
            "weightedDegree": r.weighted_degree,
            "betweenness": round(r.betweenness, 6),
            "pageRank": round(r.pagerank, 6),
            "component": r.component,
            "community": r.community,
            "leadShare": round(r.lead_share, 6),
            "cooperatingShare": round(r.cooperating_share, 6),
        }
        for r in shown
    ]
    if fmt == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else ["department"])
        w.writeheader()
        w.writerows(records)
        return
    t_ = Table(title="departments by degree", title_justify="left")
    for col in ("#", "department", "organisation", "degree", "partners", "weighted", "between.", "pagerank"):
        t_.add_column(col, justify="left" if col in ("department", "organisation") else "right")
    for col in ("comp.", "comm.", "lead", "coop."):
        t_.add_column(col, justify="right")
    for i, rec in enumerate(records, start=1):
        t_.add_row(
            str(i),
            rec["label"],
            rec["organisation"],
            str(rec["degree"]),
            str(rec["partners"]),
            str(rec["weightedDegree"]),
            f"{rec['betweenness']:.3f}",
            f"{rec['pageRank']:.3f}",
            str(rec["component"]),
            str(rec["community"]),
            f"{rec['leadShare']:.2f}",
            f"{rec['cooperatingShare']:.2f}",
        )
    out.print(t_)
    measures = sum(1 for _, k in bipartite.nodes(data="kind") if k == "measure")
    components = len({r.component for r in rows})
    communities = len({r.community for r in rows})
    out.print(
        f"{len(rows)} departments, {measures} measures, {bipartite.number_of_edges()} responsibilities; "
        f"{components} components, {communities} communities; {seconds:.2f}s"
    )


@network_group.command("write")
@click.option(
    "--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Store folder."
)
def write_cmd(store_dir: Path) -> None:
    """Recompute the analytics named graph of the build in service, in place (a build writes it anyway).

    The build's dataset.nq (what the downloads are made from) is updated too. A running server sees the new
    numbers once restarted.
    """
    import pyoxigraph as ox

    from graph.analysis.analytics import ANALYTICS_GRAPH, write_analytics
    from graph.errors import StoreError
    from graph.store import DB, current_build
    from graph.web.downloads import CACHE, SOURCE

    try:
        folder = current_build(store_dir)
        try:
            store = ox.Store(str(folder / DB))
        except OSError as exc:
            raise StoreError(f"cannot open {folder / DB} for writing (is another process writing it?): {exc}") from exc
        dump = folder / SOURCE
        n = write_analytics(store, dump if dump.exists() else None)
        store.flush()
        del store
        shutil.rmtree(folder / CACHE, ignore_errors=True)  # downloads made from the old dataset.nq
    except TradeKGError as exc:
        fail(exc)
    out.print(f"wrote the metrics of {n} departments into <{ANALYTICS_GRAPH}>")


@click.command("export")
@_source
@_filters
@click.option("--kind", type=click.Choice(KINDS), default="department-measure", show_default=True)
@click.option(
    "--format", "fmt", required=True, type=click.Choice(["graphml", "gexf", "cytoscape-json", "csv"]), help="File type."
)
@click.option(
    "--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
def export(store_dir: Path | None, endpoint: str | None, kind: str, fmt: str, out_path: Path, **given: Any) -> None:
    """Write a network for Gephi or Cytoscape, with labels, kinds, roles, weights and metrics as attributes.

    GraphML and GEXF open in Gephi and Cytoscape; cytoscape-json is Cytoscape.js's elements JSON (Cytoscape:
    File → Import → Network from File); csv writes an edge table and, beside it, a node table (<name>-nodes.csv)
    with Gephi's column names.

    \b
    Examples:
      tradekg export --store build/store --format gexf --out departments.gexf
      tradekg export --store build/store --kind co-responsibility --format graphml --out co.graphml
    """
    from graph.analysis.exports import write

    try:
        g = _annotated(_select(store_dir, endpoint), kind, _parse_filters(given))
        files = write(g, fmt, out_path)
    except TradeKGError as exc:
        fail(exc)
    err.print(f"{kind}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges → {', '.join(map(str, files))}")


@click.command("plot")
@_source
@_filters
@click.option("--kind", type=click.Choice(KINDS), default="co-responsibility", show_default=True)
@click.option(
    "--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.svg|png|pdf"
)
@click.option("--labels", "max_labels", type=int, default=30, show_default=True, help="Label the N busiest nodes.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Label language.")
@click.option("--title", default="", help="Figure title (default: the network and its size).")
def plot(
    store_dir: Path | None,
    endpoint: str | None,
    kind: str,
    out_path: Path,
    max_labels: int,
    lang: str,
    title: str,
    **given: Any,
) -> None:
    """Draw a department network as a figure (SVG, PNG or PDF, from the file name).

    Departments are sized by measures and coloured by community; the legend names each community by its
    busiest department. Chinese labels use an installed CJK font, or fall back to English labels.

    \b
    Example:
      tradekg plot --store build/store --out departments.svg
    """
    from graph.analysis.plot import draw

    try:
        g = _annotated(_select(store_dir, endpoint), kind, _parse_filters(given))
        fig = draw(g, out_path, title=title, max_labels=max_labels, lang=lang)
    except TradeKGError as exc:
        fail(exc)
    for note in fig.notes:
        err.print(f"[yellow]note:[/] {note}", highlight=False)
    err.print(f"{kind}: {fig.nodes} nodes, {fig.edges} edges, {len(fig.labelled)} labels → {out_path}")
