"""What the benchmarks share: tradekg and the Oxigraph server started side by side on the same store, the CPU time
and memory of a server's whole process tree, and the table output.

Every comparison runs the Oxigraph server (the `oxigraph` PyPI package's binary, next to this Python) read-only on the
very store folder tradekg serves, so both answer from the same bytes on disk. On a shared machine throughput moves
with everyone else's load; the CPU a server spent per request (its process tree's user + system time, from /proc)
moves much less, so the load benchmark reports both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store import DB, current_build  # noqa: E402
from tests.server import free_port, stop  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Running:
    """A server under test: its root URL (no trailing slash) and the pid at the top of its process tree."""

    root: str
    pid: int

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)

    def rss_mb(self) -> float:
        return rss_mb(self.pid)


def oxigraph_command(store: Path, port: int, union: bool = True, timeout: float | None = None) -> list[str]:
    """The command that serves `store`'s current build read-only on 127.0.0.1:`port`."""
    db = current_build(store) / DB
    cmd = [str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location", str(db)]
    cmd += ["--bind", f"127.0.0.1:{port}"] + (["--union-default-graph"] if union else [])
    return cmd + (["--timeout-s", f"{timeout:g}"] if timeout else [])


def tradekg_command(store: Path, port: int, args: tuple[str, ...] = ()) -> list[str]:
    """`tradekg serve` from this checkout (python -m graph.cli, not an installed copy) on 127.0.0.1:`port`."""
    return [sys.executable, "-m", "graph.cli", "serve", "--store", str(store), "--port", str(port), *args]


@contextmanager
def started(cmd: list[str], root: str, probe: str) -> Iterator[Running]:
    """Run `cmd` in its own session until `root + probe` answers 200; stop the whole group afterwards."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(root + probe, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} did not start") from None
            time.sleep(0.1)
        yield Running(root, proc.pid)
    finally:
        stop(proc)


@contextmanager
def oxigraph_server(store: Path, timeout: float | None = None) -> Iterator[Running]:
    """The Oxigraph server on `store`, with the union default graph as tradekg has; its SPARQL path is /query."""
    port = free_port()
    with started(oxigraph_command(store, port, timeout=timeout), f"http://127.0.0.1:{port}", "/query") as server:
        yield server


@contextmanager
def tradekg_server(store: Path, args: tuple[str, ...] = ()) -> Iterator[Running]:
    """`tradekg serve` on `store` without an access log; its SPARQL path is /sparql."""
    port = free_port()
    cmd = tradekg_command(store, port, ("--access-log", "", *args))
    with started(cmd, f"http://127.0.0.1:{port}", "/sparql") as server:
        yield server


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


def cpu_seconds(pid: int) -> float:
    """User + system time of the live processes of `pid`'s tree (a process replaced meanwhile is not counted)."""
    ticks = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / TICK


def rss_mb(pid: int) -> float:
    """Resident memory of `pid`'s whole tree, in MB."""
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status", encoding="utf-8") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def load_average() -> str:
    with open("/proc/loadavg", encoding="utf-8") as fh:
        return " ".join(fh.read().split()[:3])


def emit_table(lines: list[str], markdown: Path | None) -> None:
    """Print the markdown table, and write it to `markdown` when given."""
    text = "\n".join(lines)
    print(text)
    if markdown:
        markdown.write_text(text + "\n", encoding="utf-8")
