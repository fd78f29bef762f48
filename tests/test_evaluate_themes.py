"""The theme scorer (graph/evaluate_themes.py) on a store whose answers are known: the themes-en golden excerpt.

A scorer that miscounts would make the quality floors meaningless, so its counts are checked exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.build import build
from graph.evaluate_themes import evaluate_themes
from graph.settings import Settings
from graph.store import open_store

EXCERPT = Path(__file__).parent / "golden" / "themes-en" / "input.txt"


def _gold(tmp: Path, themes: list[list[str]], prefixes: list[str]) -> Path:
    measures = [
        {"ordinal": k, "label_prefix": p, "themes": t} for k, (p, t) in enumerate(zip(prefixes, themes, strict=True), 1)
    ]
    path = tmp / "gold.json"
    path.write_text(json.dumps({"doc": "input.txt", "lang": "en", "measures": measures}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    out = tmp_path_factory.mktemp("evalthemes") / "store"
    build([EXCERPT], out, settings)
    return out


PREFIXES = [
    "Extend the international trade single window",
    "Apply a risk model to the",
    "Compress the overall clearance time of",
    "Strengthen Party building and the training",
]


def test_exact_counts(store: Path, settings: Settings, tmp_path: Path) -> None:
    """Measure 1 is tagged single window and formalities; the gold says single window and statistics."""
    gold = [["single-window", "statistics"], ["aeo-credit", "risk-management"], ["clearance-release"], []]
    ev = evaluate_themes(open_store(store), settings.queries_dir, [_gold(tmp_path, gold, PREFIXES)])
    s = ev.scores["en.theme"]
    assert (s.tp, s.fp, s.fn) == (4, 1, 1)
    assert (ev.scores["en.theme.formalities"].fp, ev.scores["en.theme.statistics"].fn) == (1, 1)
    assert any("extra formalities" in m and "'paperless'" in m for m in ev.misses)


def test_a_gold_measure_the_segmenter_missed_counts_only_outside_aligned(
    store: Path, settings: Settings, tmp_path: Path
) -> None:
    gold = [["single-window", "formalities"], ["aeo-credit", "risk-management"], ["clearance-release"], ["transit"]]
    prefixes = [*PREFIXES[:3], "A measure that is not in the text at all"]
    ev = evaluate_themes(open_store(store), settings.queries_dir, [_gold(tmp_path, gold, prefixes)])
    assert (ev.scores["en.theme"].tp, ev.scores["en.theme"].fn) == (5, 1)
    assert (ev.scores["en.theme-aligned"].tp, ev.scores["en.theme-aligned"].fn) == (5, 0)
