"""A real tradekg server process on 127.0.0.1, for tests that talk HTTP to it (no mocks, no sleeps)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def stop(proc: subprocess.Popen[bytes], grace: float = 30) -> None:
    """Stop a server started in its own process group (gunicorn and its workers, or the Oxigraph server): SIGTERM,
    then SIGKILL if it has not exited within `grace` seconds."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextmanager
def running(
    store: Path | None,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    log: Path | None = None,
    ready: tuple[int, ...] = (200,),
) -> Iterator[str]:
    """Start `tradekg serve` on a free port, wait until /sparql answers (with a status in `ready`), yield its root
    URL, stop it."""
    port = free_port()
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--port", str(port), *args]
    if store is not None:
        cmd += ["--store", str(store)]
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        cmd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    root = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"tradekg serve exited with {proc.returncode}: {cmd}")
            try:
                if requests.get(root + "sparql", params={"query": "ASK {}"}, timeout=5).status_code in ready:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting its workers
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("tradekg serve did not answer within 60 s")
            time.sleep(0.1)
        yield root
    finally:
        stop(proc, grace=20)
        if log:
            out.close()  # type: ignore[union-attr]
