"""The serving commands: `tradekg serve` (the SPARQL endpoint and pages) and `tradekg push` (copy to a server)."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli_common import err, fail, out
from graph.errors import TradeKGError
from graph.settings import Settings
from graph.store import current_build


@click.command()
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Store folder built by 'tradekg build' (not needed with --sparql-url).",
)
@click.option("--host", help="Address to listen on.  [default: 127.0.0.1]")
@click.option("--port", type=int, help="Port to listen on.  [default: 8000]")
@click.option("--workers", "web_workers", type=int, help="HTTP worker processes.  [default: 2]")
@click.option("--threads", "web_threads", type=int, help="Request threads per worker.  [default: 8]")
@click.option("--query-workers", type=int, help="Killable query processes per HTTP worker.  [default: 2]")
@click.option("--timeout", type=float, help="Seconds before a query is stopped.  [default: 30]")
@click.option("--max-rows", type=int, help="Most rows or triples in one answer.  [default: 10000]")
@click.option(
    "--in-memory/--on-disk",
    default=None,
    help="Copy the store into memory in each query process: faster answers, slower start, more memory.  "
    "[default: on disk]",
)
@click.option("--cache-mb", type=int, help="MB of repeated-query answers kept per HTTP worker; 0: off.  [default: 64]")
@click.option("--sparql-url", help="Serve from this SPARQL 1.1 endpoint instead of the embedded store.")
@click.option("--access-log", default="-", show_default=True, help="Access log file ('-': standard error).")
def serve(store_dir: Path | None, access_log: str, **flags: object) -> None:
    """Serve the SPARQL endpoint, the query page and the linked-data pages.

    Runs under gunicorn, on 127.0.0.1:8000 unless told otherwise. Every flag has a TRADEKG_* variable
    (TRADEKG_PORT, TRADEKG_TIMEOUT, TRADEKG_SERVICE_ALLOW, TRADEKG_UPDATE_TOKEN, TRADEKG_SPARQL_URL …).

    \b
    Examples:
      tradekg serve --store build/store
      tradekg serve --store build/store --port 8080 --timeout 10
      tradekg serve --store build/store --in-memory --workers 1
      tradekg serve --sparql-url http://127.0.0.1:7878/query
    """
    from graph.web.serve import serve as run_server

    settings = Settings.from_env(None, **flags)
    if settings.in_memory and settings.update_token:
        raise click.UsageError("--in-memory serves a read-only copy: it cannot take updates (unset the update token)")
    if not settings.sparql_url:
        if store_dir is None:
            raise click.UsageError("give --store DIR (or --sparql-url URL)")
        try:
            build = current_build(store_dir)
        except TradeKGError as exc:
            fail(exc)
        source = f"{store_dir} ({build.name})"
    else:
        source = settings.sparql_url
    root = f"http://{settings.host}:{settings.port}/"
    out.print(f"tradekg serving {source}", highlight=False)
    out.print(f"  query page      {root}", highlight=False)
    out.print(f"  SPARQL endpoint {root}sparql", highlight=False)
    run_server(settings, store_dir, None if access_log == "" else access_log)


@click.command()
@click.argument("url")
@click.option("--store", "store_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def push(url: str, store_dir: Path) -> None:
    """Copy the served build into the Graph Store endpoint URL (e.g. http://127.0.0.1:7878/store), graph by graph."""
    from graph.push import push as run_push

    try:
        graphs, quads = run_push(store_dir, url)
    except TradeKGError as exc:
        fail(exc)
    err.print(f"pushed {graphs} graph(s), {quads} triple(s) to {url}")
