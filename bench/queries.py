"""Query latency, side by side in one run: tradekg's endpoint over HTTP, the same store in-process (pyoxigraph),
the Oxigraph server over HTTP on the very same on-disk store, and rdflib's own SPARQL engine in memory.

Every engine answers each named query of ontology/queries/ in SPARQL JSON (in-process: serialised the same way),
`--repeat` times after one warm-up; the table gives medians and p95 in milliseconds and the ratios the endpoint
issue asks for. tradekg's answer cache is switched off here, or the repetitions would time the cache
(`bench/load.py` measures it). rdflib is capped (default 120 s per query) and marked when it hits the cap.

    python bench/queries.py --store build/store --repeat 20 [--markdown BENCHMARKS-queries.md]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import emit_table, oxigraph_server  # noqa: E402
from graph.namespaces import PREFIXES  # noqa: E402
from graph.queries import load  # noqa: E402
from graph.store import current_build  # noqa: E402
from tests.server import running  # noqa: E402

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
JSON = "application/sparql-results+json"


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm-up: caches, connections, worker processes
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]


def http(session: requests.Session, url: str, text: str, extra: dict[str, str]) -> Callable[[], object]:
    def run() -> object:
        r = session.post(url, data={"query": text, **extra}, headers={"Accept": JSON}, timeout=600)
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
    """rdflib's engine over the whole dataset in memory; None when a query passes the cap."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(str(nquads), format="nquads")

    def run(text: str) -> float | None:
        box: dict[str, float] = {}

        def work() -> None:
            t = time.perf_counter()
            list(ds.query(text))
            box["ms"] = (time.perf_counter() - t) * 1000

        th = threading.Thread(target=work, daemon=True)
        th.start()
        th.join(cap)
        return box.get("ms")

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rdflib-cap", type=float, default=120.0, help="seconds per rdflib query")
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    args = ap.parse_args()
    build = current_build(args.store)
    queries = [q for q in load(ROOT / "ontology" / "queries")]
    store = ox.Store.read_only(str(build / "oxigraph"))
    rows = []
    session = requests.Session()
    with oxigraph_server(args.store) as oxi_root:
        oxi_url = oxi_root + "/query"
        rdf = rdflib_engine(build / "dataset.nq", args.rdflib_cap)
        # the answer cache is off: every repetition must reach a query process, as every Oxigraph request does
        with running(args.store, args=("--access-log", "", "--cache-mb", "0")) as root:
            for q in queries:
                text = PROLOGUE + q.text
                ours = timed(http(session, root + "sparql", text, {}), args.repeat)
                theirs = timed(http(session, oxi_url, text, {}), args.repeat)
                local = timed(in_process(store, text), args.repeat)
                slow = rdf(text)
                rows.append((q.name, local, ours, theirs, slow))
    print_table(rows, args)


def print_table(
    rows: list[tuple[str, list[float], list[float], list[float], float | None]], args: argparse.Namespace
) -> None:
    head = (
        "| query | in-process median ms | tradekg HTTP median / p95 ms | Oxigraph server median / p95 ms | "
        "rdflib ms (1 run) | tradekg ÷ Oxigraph | tradekg ÷ in-process | rdflib ÷ tradekg |"
    )
    lines = [head, "|" + "---|" * 8]
    for name, local, ours, theirs, slow in rows:
        m_local, m_ours, m_theirs = (statistics.median(x) for x in (local, ours, theirs))
        rd = f"{slow:.1f}" if slow is not None else f"> {args.rdflib_cap:.0f} s (capped)"
        rd_ratio = f"{slow / m_ours:.1f}×" if slow is not None else "—"
        lines.append(
            f"| {name} | {m_local:.2f} | {m_ours:.2f} / {p95(ours):.2f} | {m_theirs:.2f} / {p95(theirs):.2f} | "
            f"{rd} | {m_ours / m_theirs:.2f} | {m_ours / m_local:.1f} | {rd_ratio} |"
        )
    emit_table(lines, args.markdown)


if __name__ == "__main__":
    main()
