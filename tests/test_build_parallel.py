"""The build on several worker processes: the same store as on one, documents in input order, an unreadable file
reported by name while the rest are built, and a shape violation found in a worker still stopping the swap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import BATCH, build
from graph.errors import ShapeViolation, StoreError
from graph.settings import PROJECT_ROOT, Settings
from graph.store import CURRENT, StreamLoader, current_build, open_store

DOCS = sorted((PROJECT_ROOT / "tests" / "corpus").rglob("*.txt")) + sorted((PROJECT_ROOT / "seeds").glob("*.txt"))


def _document_lines(store: Path) -> list[str]:
    """The dataset's lines, without the build's own provenance graph (it holds the build's time)."""
    text = (current_build(store) / "dataset.nq").read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if not ln.endswith("<https://w3id.org/tradekg/id/graph/build> .")]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More documents than one batch, so two workers really share them."""
    folder = tmp_path_factory.mktemp("docs")
    for p in DOCS:
        shutil.copy(p, folder / p.name)
    assert len(DOCS) > BATCH
    return folder


def test_two_workers_build_what_one_builds(docs: Path, tmp_path: Path, settings: Settings) -> None:
    one = build([docs], tmp_path / "one", settings, jobs=1)
    two = build([docs], tmp_path / "two", settings, jobs=2)
    assert two.jobs == 2
    assert [d.source for d in two.documents] == sorted(p.name for p in DOCS), "input order, whoever finished first"
    assert [(d.source, d.measures, d.triples) for d in one.documents] == [
        (d.source, d.measures, d.triples) for d in two.documents
    ]
    assert _document_lines(tmp_path / "one") == _document_lines(tmp_path / "two")
    assert len(open_store(tmp_path / "one")) == len(open_store(tmp_path / "two"))


def test_unreadable_file_in_a_worker_is_named(docs: Path, tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(docs, folder)
    (folder / "m_broken.txt").write_bytes(b"\x80\x80\x80 hello \xff\xfe")
    rep = build([folder], tmp_path / "s", settings, jobs=2)
    assert [e.source for e in rep.errors] == ["m_broken.txt"]
    assert len(rep.documents) == len(DOCS)
    assert (tmp_path / "s" / CURRENT).exists(), "the readable documents were built and swapped in"


def test_violation_in_a_worker_stops_the_swap(docs: Path, tmp_path: Path, settings: Settings) -> None:
    """Shapes that every measure fails: the parallel build raises and the store keeps serving the last good build."""
    store = tmp_path / "s"
    build([next(iter(sorted(docs.glob("*.txt"))))], store, settings, jobs=1)
    served = current_build(store)
    onto = tmp_path / "ontology"
    shutil.copytree(settings.ontology_dir, onto)
    with (onto / "shapes.ttl").open("a", encoding="utf-8") as fh:
        fh.write(
            "\ntkgsh:AlwaysFailsShape a sh:NodeShape ; sh:targetClass tkg:Measure ;\n"
            '    sh:property [ sh:path tkg:neverEmitted ; sh:minCount 1 ; sh:message "no such property" ] .\n'
        )
    strict = Settings(ontology_dir=onto)
    with pytest.raises(ShapeViolation) as exc:
        build([docs], store, strict, jobs=2)
    assert "no such property" in str(exc.value)
    assert current_build(store) == served
    assert len(list(store.glob("build-*"))) == 1, "the failed build folder was removed"


def test_stream_loader_loads_and_reports_bad_input(tmp_path: Path) -> None:
    """The loader the build feeds as documents finish: what it was given is in the store; a malformed line is an
    error naming the store, not a silently shorter store."""
    good = StreamLoader(tmp_path / "good")
    good.write('<urn:x:a> <urn:x:p> "one" <urn:x:g> .\n')
    good.write('<urn:x:b> <urn:x:p> "two"@en <urn:x:g> .\n')
    good.finish()
    assert len(ox.Store.read_only(str(tmp_path / "good"))) == 2
    bad = StreamLoader(tmp_path / "bad")
    bad.write("<urn:x:a> <urn:x:p> not a term .\n")
    with pytest.raises(StoreError, match="cannot load into"):
        bad.finish()
