"""Killable query workers: each query runs in a child process, so a query past its time limit can really be stopped.

Neither pyoxigraph nor rdflib can cancel a running query, and a thread cannot be killed. So every HTTP worker keeps a
small pool of processes, each with the store open read-only (or, with `--in-memory`, a copy of it loaded into
memory before the process says it is ready); a request borrows one, sends the job down a pipe and waits at most the
time left. When time runs out the child is killed (SIGKILL: Rust code does not look at signals),
a fresh one is started in the background, and the client gets a 503 — while the other children go on serving.

Each child notices a new build (the `current` link moved) before its next job and reopens the store, so a rebuild is
picked up without a restart, and the old build stays readable until then (the store keeps two builds).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.errors import Overloaded, QueryTimeout, StoreError, TradeKGError
from graph.web.answers import Answer

log = logging.getLogger("tradekg.workers")


@dataclass(frozen=True)
class Job:
    """One query or update, as the protocol layer understood it; picklable."""

    text: str
    accept: str | None = None
    format_name: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000
    base_iri: str | None = None
    update: bool = False
    screened: bool = False  # SERVICE targets already read from a parse tree (guard.screen); else check_calls runs


MODES = ("read", "write", "memory")  # the store on disk read-only, on disk read-write, or copied into memory


def _child(conn: Connection, store_dir: str, mode: str) -> None:
    """A worker's whole life: open the store, say it is ready, answer jobs until the pipe closes.

    In memory mode the copy is loaded before the worker says it is ready, so no query's time limit is spent on it
    (a failed load is reported to each query instead, as an unreadable store on disk is)."""
    from graph.web.execute import Session  # imported here: the child pays for pyoxigraph, not the parent

    session = Session(Path(store_dir), writable=mode == "write", in_memory=mode == "memory")
    if mode == "memory":
        with contextlib.suppress(TradeKGError):
            session.store  # noqa: B018 - loads the copy now
    try:
        conn.send(("ready",))
    except OSError:
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", session.run(job)))
        except TradeKGError as exc:
            conn.send(("error", type(exc).__name__, str(exc), getattr(exc, "status", 500)))
        except Exception as exc:  # noqa: BLE001 - a child must answer, never die, on a bad job
            log.exception("query worker failed")
            conn.send(("error", "QueryError", f"query failed: {exc}", 400))


class _Worker:
    """A child started as `python -m graph.web.workers FD STORE MODE`, talking over a socket pair.

    A fresh interpreter (not fork, not multiprocessing's spawn) needs no `if __name__ == "__main__"` guard in the
    caller's script or notebook, and inherits no threads or locks. When the parent dies the socket closes and the
    child exits on its own.
    """

    def __init__(self, store_dir: Path, mode: str) -> None:
        parent, child = socket.socketpair()
        fd = child.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.web.workers", str(fd), str(store_dir), mode],
            pass_fds=(fd,),
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.conn = Connection(parent.detach())

    @property
    def pid(self) -> int:
        return self.process.pid

    def ready(self) -> bool:
        """Wait until the child has opened (or copied) the store; False when it died first."""
        try:
            return bool(self.conn.recv() == ("ready",))
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("query worker %s did not stop", self.process.pid)
        self.conn.close()


RETRY = 5.0  # seconds before a query process that died while starting is replaced


class QueryPool:
    """A fixed number of query processes; `run` borrows one for one job, within a deadline."""

    def __init__(self, store_dir: Path, size: int, mode: str = "read") -> None:
        if size < 1:
            raise StoreError("the query pool needs at least one worker")
        if mode not in MODES:
            raise StoreError(f"unknown query worker mode {mode!r}; one of {', '.join(MODES)}")
        self.store_dir = store_dir
        self.mode = mode
        self.size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [_Worker(self.store_dir, self.mode) for _ in range(size)]  # all load at once
        for worker in started:
            self._keep(worker)

    def _add(self) -> None:
        if not self._closed:
            self._keep(_Worker(self.store_dir, self.mode))

    def _keep(self, worker: _Worker) -> None:
        """Into the pool once the child says it is ready (in memory mode, after its copy is loaded)."""
        if not worker.ready():
            log.warning("query worker %s stopped before it was ready; another starts in %g s", worker.pid, RETRY)
            worker.kill()
            retry = threading.Timer(RETRY, self._add)  # the pool keeps its size, without a tight loop of failures
            retry.daemon = True
            retry.start()
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker now and start its successor in the background, so the request can answer at once."""
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        threading.Thread(target=self._add, name="tradekg-respawn", daemon=True).start()

    def run(self, job: Job, timeout: float) -> Answer:
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Overloaded(f"all {self.size} query workers stayed busy for {timeout:g} s; try again later") from None
        remaining = deadline - time.monotonic()
        try:
            worker.conn.send(job)
            ready = remaining > 0 and worker.conn.poll(remaining)
            reply: Any = worker.conn.recv() if ready else None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise StoreError("the query worker stopped unexpectedly; the query was not answered") from None
        if reply is None:
            self._replace(worker)
            raise QueryTimeout(f"query stopped after the time limit of {timeout:g} s")
        self._idle.put(worker)
        if reply[0] == "ok":
            answer: Answer = reply[1]
            return answer
        _, name, message, status = reply
        raise _rebuild(name, message, status)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._all]


def _rebuild(name: str, message: str, status: int) -> TradeKGError:
    """The child's typed error, raised again in the parent with the same message and status."""
    from graph import errors

    cls = getattr(errors, name, errors.QueryError)
    if cls is errors.RequestError:
        return errors.RequestError(message, status)
    exc: TradeKGError = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.status = status
    return exc


def default_size() -> int:
    return max(2, min(4, os.cpu_count() or 2))


# Long chains of operators (1+1+…) recurse deeply in the engine; the main thread's stack is fixed by the OS, so the
# worker's loop runs on a thread with room for them rather than dying of a stack overflow on a hostile query.
STACK_BYTES = 512 * 1024 * 1024

if __name__ == "__main__":
    threading.stack_size(STACK_BYTES)
    main = threading.Thread(target=_child, args=(Connection(int(sys.argv[1])), sys.argv[2], sys.argv[3]))
    main.start()
    main.join()
