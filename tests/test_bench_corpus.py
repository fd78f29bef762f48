"""The benchmark corpus generator: the same seed writes the same corpus, and what it says it wrote is what the build
reads — every measure it numbered becomes a tkg:Measure, validated and stored."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from graph.build import build
from graph.settings import PROJECT_ROOT, Settings
from graph.store import open_store, query, term_text

BENCH = PROJECT_ROOT / "bench"


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_corpus(corpus: ModuleType, tmp_path: Path) -> None:
    a = corpus.generate(12, 7, tmp_path / "a", ["en", "zh"])
    b = corpus.generate(12, 7, tmp_path / "b", ["en", "zh"])
    corpus.generate(12, 8, tmp_path / "c", ["en", "zh"])
    fa, fb, fc = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    fa.pop("manifest.json"), fb.pop("manifest.json"), fc.pop("manifest.json")  # they hold the seconds taken
    assert fa == fb
    assert {k for k in fa if k.endswith(".txt")} == {k for k in fc if k.endswith(".txt")}
    assert fa != fc, "another seed writes other documents"
    assert {k: v for k, v in a.items() if k != "seconds"} == {k: v for k, v in b.items() if k != "seconds"}
    assert a["docs"] == 12 and a["by_lang"]["zh"]["docs"] == 6
    assert a["bytes"] == sum(len(v) for k, v in fa.items() if k.endswith(".txt"))


def test_documents_use_the_vocabularies_in_both_languages(corpus: ModuleType, tmp_path: Path) -> None:
    corpus.generate(40, 3, tmp_path, ["en", "zh"])
    en = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "en").rglob("*.txt"))
    zh = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "zh").rglob("*.txt"))
    assert " Customs" in en and "海关" in zh
    assert "Responsible department:" in en or "Responsible departments:" in en
    assert "〔" in zh and "号" in zh, "Chinese document numbers such as 京关综发〔2023〕54号"
    sizes = [p.stat().st_size for p in tmp_path.rglob("*.txt")]
    assert 3000 < sum(sizes) / len(sizes) < 8000, "about 5 KB per document"


def test_generated_corpus_builds_with_every_measure(corpus: ModuleType, tmp_path: Path, settings: Settings) -> None:
    """A 40-document corpus, built on two workers: it validates, and the graph holds the measures the generator
    wrote, per document; responsibilities are all read in Chinese and nearly all in English."""
    manifest = corpus.generate(40, 11, tmp_path / "corpus", ["en", "zh"])
    rep = build([tmp_path / "corpus"], tmp_path / "store", settings, jobs=2)
    assert rep.ok and len(rep.documents) == 40
    with (tmp_path / "corpus" / "manifest.tsv").open(encoding="utf-8") as fh:
        expected = {Path(r["file"]).name: r for r in csv.DictReader(fh, delimiter="\t")}
    got = {d.source: d for d in rep.documents}
    assert {k: int(v["measures"]) for k, v in expected.items()} == {k: d.measures for k, d in got.items()}
    zh = [k for k in expected if k.startswith("zh")]
    assert {k: int(expected[k]["responsibilities"]) for k in zh} == {k: got[k].responsibilities for k in zh}
    read = sum(d.responsibilities for d in rep.documents)
    assert 0.9 * int(manifest["responsibilities"]) <= read <= int(manifest["responsibilities"])
    rows = query(open_store(tmp_path / "store"), "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a tkg:Measure }")
    assert [[term_text(t) for t in r] for r in rows.rows()] == [[str(manifest["measures"])]]
    assert json.loads((tmp_path / "corpus" / "manifest.json").read_text())["measures"] == manifest["measures"]
