"""Query latency, side by side in one run: tradekg's endpoint over HTTP, the same store in-process (pyoxigraph),
the Oxigraph server over HTTP on the very same on-disk store, and rdflib's own SPARQL engine in memory.

Every engine answers each named query of ontology/queries/ in SPARQL JSON (in-process: serialised the same way),
`--repeat` times after one warm-up (fewer when a query's runs pass `--budget` seconds, at least three); the two
servers take turns run by run, so the machine's load drifts over both alike, and both return every row (tradekg's
row cap is lifted for the bench). The table gives medians and p95 in milliseconds and the ratios the endpoint issue
asks for. tradekg's answer cache is switched off here, or the repetitions would time the cache (`bench/load.py`
measures it). rdflib runs after the others, each query in a forked copy of the loaded dataset that is killed at the
cap (default 120 s), so a capped query burns no CPU afterwards; it is marked when it hits the cap.

    python bench/queries.py --store build/store --repeat 20 [--markdown BENCHMARKS-queries.md]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import emit_table, load_average, oxigraph_server, tradekg_server  # noqa: E402
from graph.namespaces import PREFIXES  # noqa: E402
from graph.queries import load  # noqa: E402
from graph.store import current_build  # noqa: E402

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
JSON = "application/sparql-results+json"
# tradekg's endpoint stops an answer at its row cap (10,000 by default) and the Oxigraph server has none: lifted
# here, so both engines return every row of the row-heavy queries and their times compare.
ALL_ROWS = "1000000000"


def timed_together(fns: dict[str, Callable[[], object]], repeat: int, budget: float) -> dict[str, list[float] | None]:
    """Milliseconds of up to `repeat` runs of each engine after a warm-up; runs stop after `budget` seconds (at least
    three runs, or one when a warm-up alone took more than two seconds: slow queries are not dominated by warm-up
    effects). Engines take turns: each round runs every engine once, in an order that turns round by round, so a
    change in the machine's load during the repetitions hits all engines alike. An engine that stopped the query at
    its time limit (in warm-up or later) is None and drops out of the rounds."""
    out: dict[str, list[float] | None] = {}
    slow = False
    for name, fn in fns.items():  # warm-up
        t = time.perf_counter()
        try:
            fn()
            out[name] = []
        except Capped:
            out[name] = None
        slow = slow or time.perf_counter() - t > 2
    least = 1 if slow else 3
    live = [name for name in fns if out[name] is not None]
    started, turn = time.perf_counter(), 0
    while live and turn < repeat and (turn < least or time.perf_counter() - started < budget):
        for name in live[turn % len(live) :] + live[: turn % len(live)]:
            t = time.perf_counter()
            try:
                fns[name]()
            except Capped:
                out[name] = None
                continue
            times = out[name]
            if times is not None:
                times.append((time.perf_counter() - t) * 1000)
        live = [name for name in live if out[name] is not None]
        turn += 1
    return out


class Capped(Exception):  # noqa: N818 - not an error: the engine's time limit
    """The server stopped the query at its time limit."""


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]


def http(session: requests.Session, url: str, text: str, extra: dict[str, str]) -> Callable[[], object]:
    def run() -> object:
        r = session.post(url, data={"query": text, **extra}, headers={"Accept": JSON}, timeout=3600)
        if r.status_code in (500, 503) and b"time" in r.content.lower():
            raise Capped(r.text)
        r.raise_for_status()
        return r.content

    return run


def in_process(store: ox.Store, text: str) -> Callable[[], object]:
    def run() -> object:
        result = store.query(text, use_default_graph_as_union=True)
        if isinstance(result, ox.QuerySolutions):
            return result.serialize(format=ox.QueryResultsFormat.JSON)
        return list(result) if isinstance(result, ox.QueryTriples) else bool(result)

    return run


def rdflib_engine(nquads: Path, cap: float) -> Callable[[str], float | None]:
    """rdflib's engine over the whole dataset in memory; each query runs in a fork killed at the cap (None)."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(str(nquads), format="nquads")

    def run(text: str) -> float | None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, report the milliseconds, exit without cleanup
            os.close(read)
            t = time.perf_counter()
            list(ds.query(text))
            os.write(write, f"{(time.perf_counter() - t) * 1000}".encode())
            os._exit(0)
        os.close(write)
        deadline = time.monotonic() + cap
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        with os.fdopen(read, "rb") as fh:
            reply = fh.read()
        return float(reply) if reply else None

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--budget", type=float, default=20.0, help="seconds of repetitions per query and engine")
    ap.add_argument("--rdflib-cap", type=float, default=120.0, help="seconds per rdflib query; 0: leave rdflib out")
    ap.add_argument("--cap", type=float, default=120.0, help="time limit of both servers, seconds per query")
    ap.add_argument("--local-cap", type=float, default=10.0, help="in-process only when Oxigraph took less (s)")
    ap.add_argument("--only", help="comma-separated query names (default: all)")
    ap.add_argument("--serve-flags", default="", help="extra `tradekg serve` flags, e.g. '--workers 1'")
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    args = ap.parse_args()
    build = current_build(args.store)
    queries = [q for q in load(ROOT / "ontology" / "queries") if not args.only or q.name in args.only.split(",")]
    store = ox.Store.read_only(str(build / "oxigraph"))
    rows: list[Row] = []
    session = requests.Session()
    print(f"load average before: {load_average()}", flush=True)
    # the answer cache is off: every repetition must reach a query process, as every Oxigraph request does
    with (
        oxigraph_server(args.store, timeout=args.cap) as oxigraph,
        tradekg_server(
            args.store,
            ("--cache-mb", "0", "--timeout", f"{args.cap:g}", "--max-rows", ALL_ROWS, *args.serve_flags.split()),
        ) as tkg,
    ):
        for q in queries:
            text = PROLOGUE + q.text
            both = timed_together(
                {
                    "tradekg": http(session, tkg.root + "/sparql", text, {}),
                    "oxigraph": http(session, oxigraph.root + "/query", text, {}),
                },
                args.repeat,
                args.budget,
            )
            ours, theirs = both["tradekg"], both["oxigraph"]
            # in-process runs cannot be stopped: only queries the Oxigraph server answered within --local-cap
            quick = theirs is not None and statistics.median(theirs) < args.local_cap * 1000
            local = (
                timed_together({"local": in_process(store, text)}, args.repeat, args.budget)["local"] if quick else None
            )
            rows.append(Row(q.name, text, local, ours, theirs))
            print(f"{q.name}: {_ms(ours, args.cap)} / {_ms(theirs, args.cap)} ms", flush=True)
    print(f"load average after the HTTP timings: {load_average()}", flush=True)
    if args.rdflib_cap > 0:  # 0: rdflib is left out
        rdf = rdflib_engine(build / "dataset.nq", args.rdflib_cap)
        for row in rows:
            row.rdflib = rdf(row.text)
            print(f"{row.name}: rdflib {row.rdflib}", flush=True)
    print_table(rows, args)


@dataclass
class Row:
    name: str
    text: str
    local: list[float] | None
    ours: list[float] | None
    theirs: list[float] | None
    rdflib: float | None = None


def _ms(xs: list[float] | None, cap: float) -> str:
    return f"{statistics.median(xs):.2f}" if xs else f"> {cap * 1000:.0f}"


def _ratio(a: list[float] | None, b: list[float] | None) -> str:
    return f"{statistics.median(a) / statistics.median(b):.2f}" if a and b else "—"


def print_table(rows: list[Row], args: argparse.Namespace) -> None:
    head = (
        "| query | in-process median ms | tradekg HTTP median / p95 ms | Oxigraph server median / p95 ms | "
        "rdflib ms (1 run) | tradekg ÷ Oxigraph | tradekg ÷ in-process | rdflib ÷ tradekg |"
    )
    lines = [head, "|" + "---|" * 8]
    for r in rows:
        if r.rdflib is not None:
            rd = f"{r.rdflib:.1f}"
        else:
            rd = f"> {args.rdflib_cap * 1000:.0f} (capped)" if args.rdflib_cap else "not run"
        if r.rdflib is not None and r.ours:
            rd_ratio = f"{r.rdflib / statistics.median(r.ours):.1f}×"
        elif r.ours and args.rdflib_cap:
            rd_ratio = f"> {args.rdflib_cap * 1000 / statistics.median(r.ours):.1f}×"
        else:
            rd_ratio = "—"
        ours = f"{_ms(r.ours, args.cap)} / {p95(r.ours):.2f}" if r.ours else _ms(None, args.cap)
        theirs = f"{_ms(r.theirs, args.cap)} / {p95(r.theirs):.2f}" if r.theirs else _ms(None, args.cap)
        lines.append(
            f"| {r.name} | {_ms(r.local, args.cap) if r.local else '—'} | {ours} | {theirs} | {rd} | "
            f"{_ratio(r.ours, r.theirs)} | {_ratio(r.ours, r.local)} | {rd_ratio} |"
        )
    emit_table(lines, args.markdown)


if __name__ == "__main__":
    main()
