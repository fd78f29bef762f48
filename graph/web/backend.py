"""The query service every blueprint uses: the embedded store through killable workers, or a remote server.

Pages (resource pages, search, the network view) ask through the same service as the SPARQL endpoint, so they obey
the same time limits and work unchanged when `sparql_url` points at another server.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Protocol

from graph.settings import Settings
from graph.web.answers import Answer
from graph.web.cache import AnswerCache
from graph.web.workers import Job, QueryPool


class Runner(Protocol):
    size: int

    def run(self, job: Job, timeout: float) -> Answer: ...

    def close(self) -> None: ...


class Service:
    """Settings plus a lazily started runner: the pool starts on first use, inside the serving process."""

    def __init__(self, settings: Settings, store_dir: Path | None) -> None:
        self.settings = settings
        self.store_dir = store_dir
        self._runner: Runner | None = None
        self._lock = threading.Lock()
        # answers to repeated queries; only for the embedded store, whose builds never change once served
        self.cache: AnswerCache | None = None
        if store_dir is not None and not settings.sparql_url and settings.cache_mb > 0 and not settings.update_token:
            self.cache = AnswerCache(store_dir, settings.cache_mb * 1024 * 1024)

    @property
    def remote(self) -> bool:
        return bool(self.settings.sparql_url)

    @property
    def writable(self) -> bool:
        return bool(self.settings.update_token)

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            with self._lock:
                if self._runner is None:
                    self._runner = self._start()
        return self._runner

    def _start(self) -> Runner:
        if self.remote:
            from graph.web.remote import RemoteBackend

            return RemoteBackend(self.settings.sparql_url)
        assert self.store_dir is not None, "an embedded service needs a store folder"
        # One writer at a time: with updates allowed, a single worker owns the store read-write.
        size = 1 if self.writable else self.settings.query_workers
        mode = "write" if self.writable else "memory" if self.settings.in_memory else "read"
        return QueryPool(self.store_dir, size, mode)

    def run(self, job: Job, timeout: float | None = None) -> Answer:
        return self.runner.run(job, self.settings.timeout if timeout is None else timeout)

    def select(self, text: str, max_rows: int | None = None) -> list[dict[str, dict[str, str]]]:
        """SELECT bindings as SPARQL JSON term objects, for pages that render results themselves."""
        job = Job(text, format_name="json", max_rows=max_rows or self.settings.max_rows, base_iri=self.base)
        doc = json.loads(self.run(job).body)
        rows: list[dict[str, dict[str, str]]] = doc["results"]["bindings"]
        return rows

    def ask(self, text: str) -> bool:
        job = Job(text, format_name="json", base_iri=self.base)
        return bool(json.loads(self.run(job).body)["boolean"])

    def graph(self, text: str, format_name: str) -> Answer:
        """A CONSTRUCT/DESCRIBE answer in the given RDF format."""
        return self.run(Job(text, format_name=format_name, max_rows=self.settings.max_rows, base_iri=self.base))

    @property
    def base(self) -> str:
        return self.settings.base_iri

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None
