"""Throughput under concurrent load, side by side in one run: tradekg's endpoint vs the Oxigraph server.

Both serve the very same on-disk store on 127.0.0.1. `wrk` (Debian package `wrk`) drives each with 1, 4 and 16
keep-alive connections for a fixed time per cell, for two workloads:

- point lookup: `SELECT ?p ?o WHERE { <measure> ?p ?o }`, a measure picked at random for each request (by a Lua
  script) from up to `--lookups` of the store's own measures;
- join: a named query of ontology/queries/ that joins measures, departments and labels (default
  co-responsible-departments).

tradekg runs twice: with its answer cache switched off (`--cache-mb 0`: every request goes to a query process) and
with it on (the default: a repeated query is answered from the HTTP worker's cache). The Oxigraph server has no such
cache. The table gives requests/s, p50/p99 latency, the errors wrk saw (socket errors and non-2xx answers) and
tradekg's throughput as a fraction of Oxigraph's, and the CPU time each server's process tree spent per request
(from /proc; less sensitive than throughput to whatever else the machine is running). The three servers run side by
side and each cell runs them one after the other, so a change in the machine's load hits all three alike. The two
cores are shared by client and servers alike, as they are for anyone benchmarking on one machine; compare the ratio,
not the absolute numbers, across machines.

    python bench/load.py --store build/store --duration 10 [--markdown build/bench-load.md]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import Running, emit_table, load_average, oxigraph_server, tradekg_server  # noqa: E402
from graph.queries import load  # noqa: E402

JSON = "application/sparql-results+json"
MEASURES = "SELECT ?m WHERE { ?m a <https://w3id.org/tradekg/ontology#Measure> }"
LUA = """
local paths = {%s}
local n = #paths
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format("GET", paths[math.random(n)], {["Accept"] = "%s"})
end
"""


ERRORS = r"(?:Non-2xx or 3xx responses|connect|read|write|timeout)\s*:?\s*(\d+)"


@dataclass
class Cell:
    rps: float
    p50: float  # ms
    p99: float  # ms
    errors: int
    cpu_ms: float = float("nan")  # server CPU per request


def wrk(server: Running, paths: list[str], clients: int, seconds: float) -> Cell:
    """One wrk run over `paths` (picked at random per request) with `clients` keep-alive connections."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA % (",".join(f'"{p}"' for p in paths), JSON))
        script = fh.name
    try:
        threads = min(clients, 2)
        cpu = server.cpu_seconds()
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds:g}s", "--timeout", "60s", "--latency"]
            + ["-s", script, server.root],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        cpu = server.cpu_seconds() - cpu
    finally:
        os.unlink(script)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(ERRORS, out))
    return Cell(rps, _latency(out, "50%"), _latency(out, "99%"), errors, cpu * 1000 / max(total, 1))


def _cell(cell: Cell) -> str:
    return f"{cell.rps:.0f} ({cell.p50:.2f} / {cell.p99:.2f})"


def _latency(out: str, pct: str) -> float:
    m = re.search(rf"^\s*{re.escape(pct)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _compact(text: str) -> str:
    """The query without its comment lines, so that it fits in a GET request line for both servers."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def query_path(endpoint: str, text: str) -> str:
    return endpoint + "?query=" + urllib.parse.quote(text, safe="")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per cell (bounded run)")
    ap.add_argument("--clients", default="1,4,16", help="comma-separated connection counts")
    ap.add_argument("--join-query", default="co-responsible-departments", help="named query for the join workload")
    ap.add_argument("--lookups", type=int, default=2000, help="distinct measures to look up at random")
    ap.add_argument("--markdown", type=Path, help="also write the table here")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/load.py needs wrk (Debian: apt-get install wrk; `make bench` installs it)")
    clients = [int(c) for c in args.clients.split(",")]
    join = next(q for q in load(ROOT / "ontology" / "queries") if q.name == args.join_query)
    lines = [
        "| workload | clients | tradekg, no cache: req/s (p50 / p99 ms) | tradekg, answer cache: req/s (p50 / p99 ms) "
        "| Oxigraph server: req/s (p50 / p99 ms) | errors (no cache / cache / Oxigraph) "
        "| tradekg ÷ Oxigraph, no cache | tradekg ÷ Oxigraph, cache "
        "| server CPU ms/request (no cache / cache / Oxigraph) |",
        "|" + "---|" * 9,
    ]
    print(f"load average before: {load_average()}", flush=True)
    with (
        oxigraph_server(args.store) as oxigraph,
        tradekg_server(args.store, ("--cache-mb", "0")) as cold_server,
        tradekg_server(args.store) as warm_server,
    ):
        rows = requests.post(
            oxigraph.root + "/query", data={"query": MEASURES}, headers={"Accept": JSON}, timeout=600
        ).json()["results"]["bindings"]
        iris = [b["m"]["value"] for b in rows]
        picked = random.Random(7).sample(iris, min(args.lookups, len(iris)))
        workloads = {
            f"point lookup ({len(picked)} measures)": [f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}" for iri in picked],
            f"join ({join.name})": [_compact(join.text)],
        }
        servers = {
            "oxigraph": (oxigraph, "/query"),
            "no cache": (cold_server, "/sparql"),
            "cache": (warm_server, "/sparql"),
        }
        for name, texts in workloads.items():
            for c in clients:
                cells = {
                    mode: wrk(server, [query_path(path, t) for t in texts], c, args.duration)
                    for mode, (server, path) in servers.items()
                }
                cold, warm, theirs = (cells[m] for m in ("no cache", "cache", "oxigraph"))
                lines.append(
                    f"| {name} | {c} | {_cell(cold)} | {_cell(warm)} | {_cell(theirs)} | "
                    f"{cold.errors} / {warm.errors} / {theirs.errors} | "
                    f"{cold.rps / theirs.rps:.2f} | {warm.rps / theirs.rps:.2f} | "
                    f"{cold.cpu_ms:.2f} / {warm.cpu_ms:.2f} / {theirs.cpu_ms:.2f} |"
                )
                print(lines[-1], flush=True)
    print(f"load average after: {load_average()}", flush=True)
    emit_table(lines, args.markdown)


if __name__ == "__main__":
    main()
