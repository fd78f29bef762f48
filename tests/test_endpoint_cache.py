"""Answers to repeated queries come from the HTTP worker's cache, and never outlive the build they came from.

One real server with one HTTP worker (so that repeats reach the same cache), over a store rebuilt while it serves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from graph.build import build
from graph.settings import Settings
from tests.conftest import seed_path
from tests.server import running

JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a tkg:PolicyDocument }"


def documents(root: str, **headers: str) -> tuple[int, str | None]:
    r = requests.get(root + "sparql", params={"query": COUNT}, headers={"Accept": JSON, **headers}, timeout=60)
    r.raise_for_status()
    return int(r.json()["results"]["bindings"][0]["n"]["value"]), r.headers.get("X-Cache")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cached") / "store"
    build([seed_path("000")], path, Settings(validate=False))
    return path


@pytest.fixture(scope="module")
def root(store: Path) -> Iterator[str]:
    with running(store, args=("--workers", "1", "--access-log", "")) as url:
        yield url


def test_a_repeated_query_is_answered_from_the_cache_with_the_same_bytes(root: str) -> None:
    query = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
    first = requests.get(root + "sparql", params={"query": query}, headers={"Accept": JSON}, timeout=60)
    again = requests.get(root + "sparql", params={"query": query}, headers={"Accept": JSON}, timeout=60)
    assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again.headers["X-Result-Rows"] == first.headers["X-Result-Rows"]
    as_csv = requests.get(root + "sparql", params={"query": query}, headers={"Accept": "text/csv"}, timeout=60)
    assert as_csv.headers["X-Cache"] == "miss"  # another format is another answer
    assert as_csv.text.startswith("p,n")


def test_queries_that_differ_between_runs_are_never_cached(root: str) -> None:
    for query in ("SELECT (NOW() AS ?t) WHERE {}", "SELECT (STRUUID() AS ?u) WHERE {}", "SELECT (rand() AS ?r) {}"):
        answers = [requests.get(root + "sparql", params={"query": query}, timeout=60) for _ in range(2)]
        assert [a.status_code for a in answers] == [200, 200]
        assert all("X-Cache" not in a.headers for a in answers), query
    uuids = [requests.get(root + "sparql", params={"query": "SELECT (STRUUID() AS ?u) {}"}, timeout=60) for _ in "ab"]
    assert uuids[0].text != uuids[1].text


def test_a_new_build_is_never_answered_from_the_old_builds_cache(root: str, store: Path) -> None:
    before, _ = documents(root)
    assert documents(root) == (before, "hit")
    build([seed_path("001"), seed_path("002")], store, Settings(validate=False))  # swapped in while serving
    after, state = documents(root)
    assert (after, state) == (2, "miss")
    assert before == 1


def test_the_cache_can_be_switched_off(store: Path) -> None:
    with running(store, args=("--workers", "1", "--cache-mb", "0", "--access-log", "")) as url:
        assert documents(url)[1] is None
        assert documents(url)[1] is None
