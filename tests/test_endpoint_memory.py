"""`tradekg serve --in-memory`: each query process answers from a copy of the build in memory, loaded before it takes
any query. The answers must be exactly those of the on-disk store, a new build must be picked up as on disk, and a
copy that cannot be made must come back as a clear error, not a hung or dying worker.

Real servers on 127.0.0.1 over stores built here, compared with the session's on-disk server on the seed store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from graph.build import BuildReport, build
from graph.cli import main
from graph.queries import load
from graph.settings import PROJECT_ROOT, Settings
from graph.store import current_build
from tests.conftest import seed_path
from tests.server import running

JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a tkg:PolicyDocument }"


def answer(root: str, query: str) -> tuple[list[str], list[dict[str, dict[str, str]]]]:
    r = requests.post(root + "sparql", data={"query": query}, headers={"Accept": JSON}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    return body["head"]["vars"], body["results"]["bindings"]


@pytest.fixture(scope="module")
def in_memory(seed_build: BuildReport) -> Iterator[str]:
    with running(seed_build.store, args=("--in-memory", "--workers", "1", "--access-log", "")) as url:
        yield url


def same_rows(result: tuple[list[str], list[dict[str, dict[str, str]]]]) -> tuple[list[str], list[str]]:
    """Variables and rows, with the order that SPARQL leaves open taken out: rows within ties of ORDER BY, and the
    items of a GROUP_CONCAT (labels|aliases), which follow the order the store keeps them in."""
    variables, rows = result
    out = []
    for row in rows:
        cells = []
        for v in variables:
            term = dict(row.get(v, {}))
            if "|" in term.get("value", ""):
                term["value"] = "|".join(sorted(term["value"].split("|")))
            cells.append(repr(sorted(term.items())))
        out.append("\t".join(cells))
    return variables, sorted(out)


@pytest.mark.parametrize("name", ["documents", "measures", "responsibilities", "mentions", "departments-by-degree"])
def test_answers_are_those_of_the_store_on_disk(server: str, in_memory: str, name: str) -> None:
    (query,) = [q.text for q in load(PROJECT_ROOT / "ontology" / "queries") if q.name == name]
    on_disk = answer(server, query)
    assert on_disk[1], f"{name} has rows on the seeds"
    assert same_rows(answer(in_memory, query)) == same_rows(on_disk)


def test_every_quad_of_the_store_is_in_the_copy(server: str, in_memory: str) -> None:
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    on_disk = answer(server, per_graph)
    assert len(on_disk[1]) > 5  # ontology, vocabulary, build, analytics and one graph per seed
    assert answer(in_memory, per_graph) == on_disk


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("memory") / "store"
    build([seed_path("000")], path, Settings(validate=False))
    return path


def test_a_new_build_is_copied_in_at_the_next_query(store: Path) -> None:
    with running(store, args=("--in-memory", "--workers", "1", "--cache-mb", "0", "--access-log", "")) as url:
        assert answer(url, COUNT)[1][0]["n"]["value"] == "1"
        build([seed_path("001"), seed_path("002")], store, Settings(validate=False))  # swapped in while serving
        assert answer(url, COUNT)[1][0]["n"]["value"] == "2"


def test_a_copy_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build([seed_path("000")], path, Settings(validate=False))
    (current_build(path) / "dataset.nq").write_text("<not a quad\n", encoding="utf-8")
    with running(path, args=("--in-memory", "--workers", "1", "--access-log", ""), ready=(503,)) as url:
        r = requests.get(url + "sparql", params={"query": COUNT}, headers={"Accept": JSON}, timeout=60)
        assert r.status_code == 503, r.text
        assert "dataset.nq" in r.text and "memory" in r.text


def test_updates_cannot_be_served_from_a_copy(seed_build: BuildReport) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--store", str(seed_build.store), "--in-memory"], env={"TRADEKG_UPDATE_TOKEN": "secret"}
    )
    assert result.exit_code == 2
    assert "read-only copy" in result.output
