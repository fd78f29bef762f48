"""A bounded cache of query answers, keyed by the build being served.

A build never changes once it is swapped in (the store is opened read-only and a new build is a new folder behind the
`current` link), so the answer to the same query text, dataset, format and row cap from the same build is the same
bytes. Researchers repeat queries all the time — the query page's examples, notebooks re-run from the top, the
network view — and a repeat costs a dictionary lookup instead of a trip to a query process.

Not cached: updates; queries whose answer may differ from one run to the next (NOW, RAND, UUID, STRUUID, BNODE);
answers larger than an eighth of the cache; anything when the data lives on a remote server (we cannot know when it
changes). The cache belongs to one HTTP worker process and is emptied as soon as another build is served.
"""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path

from graph.store import CURRENT
from graph.web.answers import Answer
from graph.web.guard import tokens

VOLATILE = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})


@functools.lru_cache(maxsize=1024)
def deterministic(text: str) -> bool:
    """False when the query calls a function whose value changes between runs; cached by text, as the same queries
    come again and again and this runs on every request."""
    return not any(kind == "word" and value.upper() in VOLATILE for kind, value in tokens(text))


class AnswerCache:
    """Least-recently-used answers up to `max_bytes` of bodies, for one build of one store."""

    def __init__(self, store_dir: Path, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._link_path = str(store_dir / CURRENT)
        self._build = ""
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def build(self) -> str:
        """The build in service now (one system call); the cache empties itself when it changes."""
        try:
            link = os.readlink(self._link_path)
        except OSError:
            link = ""
        if link != self._build:
            with self._lock:
                if link != self._build:
                    self._items.clear()
                    self._bytes = 0
                    self._build = link
        return link

    def get(self, build: str, key: Hashable) -> Answer | None:
        with self._lock:
            if build != self._build:
                return None
            answer = self._items.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, build: str, key: Hashable, answer: Answer) -> None:
        """Keep `answer`, computed from `build`; an answer from a build no longer served is dropped."""
        size = len(answer.body)
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if build != self._build or key in self._items:
                return
            self._items[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, old = self._items.popitem(last=False)
                self._bytes -= len(old.body)

    def __len__(self) -> int:
        return len(self._items)
