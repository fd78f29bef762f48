"""Start-up: time from `tradekg serve` to the first answered query, and the resident memory of the whole server.

The server is started as a user would start it; the clock runs until a real query (a count of measures, which
touches the store) is answered with 200. Memory is the resident set of the server's whole process tree (web workers
and query workers) read from /proc after that first answer, and again after a second, heavier query. The Oxigraph
server is started the same way on the same store for comparison.

    python bench/startup.py --store build/store [--runs 3] [--markdown build/bench-startup.md]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import emit_table, oxigraph_command  # noqa: E402
from tests.server import free_port  # noqa: E402

FIRST = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/tradekg/ontology#Measure> }"
HEAVY = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def rss_mb(pid: int) -> float:
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status", encoding="utf-8") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def first_answer(cmd: list[str], url: str, params_key: str) -> tuple[float, float, float, subprocess.Popen[bytes]]:
    """Start `cmd`; seconds until FIRST is answered, RSS then, RSS after HEAVY; the process is left running."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}")
        try:
            r = requests.get(url, params={params_key: FIRST}, timeout=60)
            if r.status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.perf_counter() - t0 > 600:
            raise RuntimeError("no answer within 600 s")
        time.sleep(0.02)
    seconds = time.perf_counter() - t0
    first = rss_mb(proc.pid)
    requests.get(url, params={params_key: HEAVY}, timeout=600).raise_for_status()
    return seconds, first, rss_mb(proc.pid), proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    args = ap.parse_args()
    servers = {
        "tradekg serve": lambda port: (
            [sys.executable, "-m", "graph.cli", "serve", "--store", str(args.store), "--port", str(port)],
            f"http://127.0.0.1:{port}/sparql",
        ),
        "oxigraph serve-read-only": lambda port: (
            oxigraph_command(args.store, port, union=False),
            f"http://127.0.0.1:{port}/query",
        ),
    }
    lines = [
        "| server | first answer s (median of runs) | RSS after first answer MB | RSS after a full scan MB |",
        "|---|---|---|---|",
    ]
    for name, make in servers.items():
        results = []
        for _ in range(args.runs):
            cmd, url = make(free_port())
            seconds, first, heavy, proc = first_answer(cmd, url, "query")
            stop(proc)
            results.append((seconds, first, heavy))
        lines.append(
            f"| {name} | {statistics.median(r[0] for r in results):.2f} | "
            f"{statistics.median(r[1] for r in results):.0f} | {statistics.median(r[2] for r in results):.0f} |"
        )
        print(lines[-1], flush=True)
    emit_table(lines, args.markdown)


if __name__ == "__main__":
    main()
