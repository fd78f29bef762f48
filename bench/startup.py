"""Start-up: time from `tradekg serve` to the first answered query, and the resident memory of the whole server.

The server is started as a user would start it; the clock runs until a real query is answered with 200: first a
query whose cost does not depend on the store's size (`ASK { ?s ?p ?o }`, which stops at the first triple), then a
count of measures, which touches every measure. Memory is the resident set of the server's whole process tree (web
workers and query workers) read from /proc after the first answer, and again after a full scan (a count per
predicate). Each `--mode` is a set of `tradekg serve` flags (the default mode has none); the Oxigraph server is
started the same way on the same store for comparison.

    python bench/startup.py --store build/store [--runs 3] [--mode "lean=--workers 1 --query-workers 1"]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import emit_table, load_average, oxigraph_command, rss_mb, tradekg_command  # noqa: E402
from tests.server import free_port, stop  # noqa: E402

CONSTANT = "ASK { ?s ?p ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/tradekg/ontology#Measure> }"
HEAVY = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"


def first_answers(cmd: list[str], url: str) -> tuple[float, float, float, float, float, subprocess.Popen[bytes]]:
    """Start `cmd`; seconds until CONSTANT is answered and until COUNT is, RSS after each, RSS after HEAVY."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}")
        try:
            if requests.get(url, params={"query": CONSTANT}, timeout=60).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.perf_counter() - t0 > 600:
            raise RuntimeError("no answer within 600 s")
        time.sleep(0.02)
    constant = time.perf_counter() - t0
    rss_constant = rss_mb(proc.pid)
    requests.get(url, params={"query": COUNT}, timeout=600).raise_for_status()
    count = time.perf_counter() - t0
    rss_count = rss_mb(proc.pid)
    requests.get(url, params={"query": HEAVY}, timeout=600).raise_for_status()
    return constant, count, rss_constant, rss_count, rss_mb(proc.pid), proc


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--mode", action="append", default=[], help="NAME=FLAGS for tradekg serve (repeatable)")
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    args = ap.parse_args()
    modes = {"tradekg serve": ()} | {
        f"tradekg serve ({name})": tuple(flags.split()) for name, _, flags in (m.partition("=") for m in args.mode)
    }
    servers = {
        name: lambda port, flags=flags: (
            tradekg_command(args.store, port, ("--access-log", "", *flags)),
            f"http://127.0.0.1:{port}/sparql",
        )
        for name, flags in modes.items()
    }
    servers["oxigraph serve-read-only"] = lambda port: (
        oxigraph_command(args.store, port, union=True),
        f"http://127.0.0.1:{port}/query",
    )
    lines = [
        "| server | first answer (ASK) s | first count of measures s | RSS after first answer MB "
        "| RSS after the count MB | RSS after a full scan MB |",
        "|---|---|---|---|---|---|",
    ]
    print(f"load average before: {load_average()}", flush=True)
    for name, make in servers.items():
        results = []
        for _ in range(args.runs):
            cmd, url = make(free_port())
            *numbers, proc = first_answers(cmd, url)
            stop(proc)
            results.append(numbers)
        med = [statistics.median(r[i] for r in results) for i in range(5)]
        lines.append(f"| {name} | {med[0]:.2f} | {med[1]:.2f} | {med[2]:.0f} | {med[3]:.0f} | {med[4]:.0f} |")
        print(lines[-1], flush=True)
    print(f"load average after: {load_average()}", flush=True)
    emit_table(lines, args.markdown)


if __name__ == "__main__":
    main()
