"""The tradekg command: parse flags, call the library, print, map errors to exit codes.

Exit codes: 0 success; 1 unexpected error; 2 bad query or usage; 3 a document could not be read (the others were
built); 4 the graph does not conform to the SHACL shapes (nothing was swapped in); 5 store missing or unreadable;
6 a vocabulary file is malformed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pyoxigraph as ox
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:  # the build and validation pipelines load pyshacl and the extractors: not for `tradekg serve`
    from graph.build import BuildReport

from graph import __version__
from graph.cli_common import err, fail, out, store_option
from graph.errors import TradeKGError
from graph.settings import Settings
from graph.stats import counts, mentions_by_type
from graph.store import current_build, open_store, query, rdf_text, results_text, term_text


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="tradekg")
def main() -> None:
    """tradekg: a knowledge graph of Chinese customs and trade policy.

    Build a store from policy documents (.txt, English or Chinese), then query it with SPARQL.

    \b
    Exit codes: 0 ok; 1 unexpected error; 2 bad query or usage; 3 a document could not be read
    (the others were built); 4 SHACL violations (nothing swapped in); 5 store missing; 6 bad vocabulary.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--store",
    "store_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Store folder; created if absent. The new build replaces the served one only on success.",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; not recommended).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or tables; errors only.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes that extract and validate documents (default: one per CPU).",
)
@click.option(
    "--report-json",
    "report_json",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the build's counts and stage timings (seconds) to this JSON file.",
)
@click.option(
    "--push",
    "push_url",
    metavar="URL",
    help="Then copy the build into this Graph Store endpoint (e.g. http://127.0.0.1:7878/store).",
)
def build(
    paths: tuple[Path, ...],
    store_dir: Path,
    no_validate: bool,
    quiet: bool,
    jobs: int | None,
    report_json: Path | None,
    push_url: str | None,
) -> None:
    """Build a store from PATHS: .txt files and folders of them (searched recursively).

    Every document becomes a named graph with an evidence record for each fact; the graph is validated
    against ontology/shapes.ttl, loaded into an on-disk Oxigraph store beside the one in service, and
    swapped in. Unreadable files are reported by name and the rest are still built (exit 3). Names no
    vocabulary knows are listed as vocabulary gaps (vocabulary-gaps.csv in the build folder).

    \b
    Example:
      tradekg build seeds/ --store build/store
    """
    settings = Settings.from_env(validate=False if no_validate else None)
    from graph.build import build as run_build
    from graph.build import collect

    files = collect(paths)
    try:
        if quiet:
            rep = run_build(files, store_dir, settings, jobs=jobs)
        else:
            with Progress(
                TextColumn("[bold]building"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task("", total=len(files))

                def tick(name: str) -> None:
                    bar.update(task, advance=1, description=name)

                rep = run_build(files, store_dir, settings, progress=tick, jobs=jobs)
    except TradeKGError as exc:
        fail(exc)
    if not quiet:
        _print_summary(rep)
    if report_json:
        report_json.write_text(json.dumps(_report_dict(rep), indent=2) + "\n", encoding="utf-8")
    if push_url:
        from graph.push import push as run_push

        try:
            graphs, triples = run_push(store_dir, push_url)
        except TradeKGError as exc:
            fail(exc)
        err.print(f"pushed {graphs} graph(s), {triples} triple(s) to {push_url}")
    for e in rep.errors:
        err.print(f"[bold red]error:[/] {e}", highlight=False)
    if rep.errors:
        err.print(f"{len(rep.errors)} document(s) could not be read; the other {len(rep.documents)} were built.")
        sys.exit(3)


# Rows of the per-document table printed after a build: enough to see what was read, few enough to read at 10k.
SHOWN_DOCUMENTS = 20


def _report_dict(rep: BuildReport) -> dict[str, object]:
    return {
        "store": str(rep.store),
        "jobs": rep.jobs,
        "documents": len(rep.documents),
        "errors": [str(e) for e in rep.errors],
        "measures": sum(d.measures for d in rep.documents),
        "responsibilities": sum(d.responsibilities for d in rep.documents),
        "triples": rep.triples,
        "seconds": {k: round(v, 3) for k, v in rep.seconds.items()},
        "per_document": [asdict(d) for d in rep.documents],
    }


def _print_summary(rep: BuildReport) -> None:
    t = Table(title=f"built {rep.store}", title_justify="left")
    for col in ("document", "lang", "measures", "responsibilities", "entities", "triples"):
        t.add_column(col, justify="left" if col in ("document", "lang") else "right")
    for d in rep.documents[:SHOWN_DOCUMENTS]:
        t.add_row(d.source, d.lang, str(d.measures), str(d.responsibilities), str(d.entities), str(d.triples))
    hidden = len(rep.documents) - SHOWN_DOCUMENTS
    if hidden > 0:
        t.add_row(f"[dim]… {hidden} more documents (every row: --report-json)", "", "", "", "", "")
    t.add_row(
        "[bold]total",
        "",
        str(sum(d.measures for d in rep.documents)),
        str(sum(d.responsibilities for d in rep.documents)),
        str(sum(d.entities for d in rep.documents)),
        str(rep.triples),
        end_section=True,
    )
    out.print(t)
    if rep.gaps:
        g = Table(
            title="vocabulary gaps (names no vocabulary lists; add them under ontology/vocab/)", title_justify="left"
        )
        for col in ("type", "name", "source"):
            g.add_column(col)
        for kind, label, _, source in sorted(set(rep.gaps))[:40]:
            g.add_row(kind, label, source)
        out.print(g)
        out.print(f"all {len(set(rep.gaps))} gaps: {rep.build_dir and rep.build_dir.name}/vocabulary-gaps.csv")
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in rep.seconds.items())
    out.print(f"{len(rep.documents)} documents, {rep.triples} triples in document graphs; {timing}")


FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


@main.command("query")
@click.argument("sparql")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "nt"]),
    default="table",
    show_default=True,
    help="SELECT/ASK: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: turtle, nt.",
)
def query_cmd(sparql: str, store_dir: Path, fmt: str) -> None:
    """Run SPARQL, given as text or as a .rq file, over the whole store.

    The default graph is the union of all named graphs; standard prefixes (tkg, eli, org, skos, dcterms,
    prov, nif …) are predeclared.

    \b
    Examples:
      tradekg query --store build/store ontology/queries/measures.rq
      tradekg query --store build/store --format csv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    path = Path(sparql)
    text = path.read_text(encoding="utf-8") if path.suffix == ".rq" and path.is_file() else sparql
    try:
        result = query(open_store(store_dir), text)
    except TradeKGError as exc:
        fail(exc)
    if result.kind == "graph":
        assert isinstance(result.raw, ox.QueryTriples)
        rdf_fmt = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
        sys.stdout.write(rdf_text(list(result.raw), rdf_fmt))
        return
    if result.kind == "ask":
        value = bool(result.raw)
        if fmt == "json":
            sys.stdout.write(json.dumps({"head": {}, "boolean": value}) + "\n")
        else:
            sys.stdout.write(("true" if value else "false") + "\n")
        return
    if fmt == "table":
        t = Table(*result.variables)
        for column in t.columns:
            column.overflow = "fold"
        n = 0
        for row in result.rows():
            t.add_row(*(term_text(v) for v in row))
            n += 1
        out.print(t)
        err.print(f"{n} row(s)")
        return
    if fmt == "csv":
        # plain values under a header of variable names, as spreadsheets and pandas expect
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.variables)
        for row in result.rows():
            w.writerow([term_text(v) for v in row])
        sys.stdout.write(buf.getvalue())
        return
    assert isinstance(result.raw, ox.QuerySolutions)
    sys.stdout.write(results_text(result.raw, FORMATS[fmt]))


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(store_dir: Path, as_json: bool) -> None:
    """Counts of what a store holds: documents, measures, responsibilities, entities by type, evidence."""
    try:
        store = open_store(store_dir)
        numbers = counts(store)
        by_type = mentions_by_type(store)
    except TradeKGError as exc:
        fail(exc)
    if as_json:
        sys.stdout.write(json.dumps({**numbers, "mentioned entities by type": by_type}, indent=1) + "\n")
        return
    t = Table("what", "count", title=f"{store_dir} ({current_build(store_dir).name})", title_justify="left")
    for name, n in numbers.items():
        t.add_row(name, str(n))
    for name, n in by_type.items():
        t.add_row(f"  {name}", str(n))
    out.print(t)


@main.command()
@store_option
def validate(store_dir: Path) -> None:
    """Run the SHACL shapes (ontology/shapes.ttl) over every document graph of a built store.

    Violations are printed with focus node, path, message, source document and character offset;
    the exit code is 4 when there is any.
    """
    settings = Settings.from_env()
    try:
        from graph.validate import validate_store

        violations, graphs = validate_store(open_store(store_dir), settings)
    except TradeKGError as exc:
        fail(exc)
    for v in violations:
        out.print(str(v), highlight=False)
    if violations:
        err.print(f"{len(violations)} violation(s) in {graphs} document graph(s)")
        sys.exit(4)
    out.print(f"{graphs} document graph(s) conform to {settings.shapes_file.name}")


from graph.cli_serve import push, serve  # noqa: E402 - the serving commands live in their own module

main.add_command(serve)
main.add_command(push)

from graph.cli_network import export, network_group, plot  # noqa: E402 - the network commands live in their own module

main.add_command(network_group)
main.add_command(export)
main.add_command(plot)

if __name__ == "__main__":
    main()
