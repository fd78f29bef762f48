"""What the benchmarks share: the Oxigraph server started beside tradekg on the same store, and the table output.

Every comparison runs the Oxigraph server (the `oxigraph` PyPI package's binary, next to this Python) read-only on the
very store folder tradekg serves, so both answer from the same bytes on disk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store import DB, current_build  # noqa: E402
from tests.server import free_port  # noqa: E402


def oxigraph_command(store: Path, port: int, union: bool = True) -> list[str]:
    """The command that serves `store`'s current build read-only on 127.0.0.1:`port`."""
    db = current_build(store) / DB
    cmd = [str(Path(sys.executable).parent / "oxigraph"), "serve-read-only", "--location", str(db)]
    return cmd + ["--bind", f"127.0.0.1:{port}"] + (["--union-default-graph"] if union else [])


@contextmanager
def oxigraph_server(store: Path) -> Iterator[str]:
    """The Oxigraph server on `store`, with the union default graph as tradekg has; yields its root URL."""
    port = free_port()
    proc = subprocess.Popen(
        oxigraph_command(store, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(root + "/query", params={"query": "ASK {}"}, timeout=5).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the Oxigraph server did not start") from None
                time.sleep(0.1)
        yield root
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def emit_table(lines: list[str], markdown: Path | None) -> None:
    """Print the markdown table, and write it to `markdown` when given."""
    text = "\n".join(lines)
    print(text)
    if markdown:
        markdown.write_text(text + "\n", encoding="utf-8")
