"""The per-process search index is rebuilt when the served build changes, and only then."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.web.search import FINGERPRINT_QUERY, SearchCache


@dataclass
class FakeService:
    """Answers the fingerprint query with the current build and the label query with one resource."""

    build: str = "b1"
    settings: Any = field(default_factory=lambda: type("S", (), {"max_rows": 100})())
    label_queries: int = 0

    def select(self, text: str) -> list[dict[str, dict[str, str]]]:
        if text == FINGERPRINT_QUERY:
            return [{"b": {"value": f"x:{self.build}"}}]
        self.label_queries += 1
        label = {"value": f"Port {self.build}"}
        return [{"s": {"value": "x:p"}, "type": {"value": "zone"}, "kind": {"value": "pref"}, "text": label}]


def test_index_is_rebuilt_when_the_build_changes() -> None:
    svc = FakeService()
    cache = SearchCache(svc)  # type: ignore[arg-type]
    first = cache.get()
    assert cache.get() is first and svc.label_queries == 1  # within the recheck interval: no query at all
    cache.checked = 0.0
    assert cache.get() is first and svc.label_queries == 1  # same build: same index
    svc.build, cache.checked = "b2", 0.0
    second = cache.get()
    assert second is not first and svc.label_queries == 2
    assert second.index.entries[0].texts == [("pref", "Port b2")]
