"""Figure extraction quality against hand-made gold (tests/gold/figures/, rule in its README), through figures.rq.

Floors, not targets: precision first, since a wrong number in a researcher's table is worse than a missing one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.build import build
from graph.evaluate import Evaluation
from graph.evaluate_figures import evaluate_figures
from graph.settings import Settings
from graph.store import open_store

TESTS = Path(__file__).parent
GOLD = sorted((TESTS / "gold" / "figures").glob("*.json"))
FLOORS = {"en.figure": (0.95, 0.65), "zh.figure": (0.95, 0.9)}


def _document(gold: Path) -> Path:
    name = json.loads(gold.read_text(encoding="utf-8"))["doc"]
    found = [p for root in (TESTS.parent / "seeds", TESTS / "corpus") for p in root.rglob(name)]
    assert len(found) == 1, name
    return found[0]


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Evaluation:
    store = tmp_path_factory.mktemp("figures") / "store"
    build([_document(g) for g in GOLD], store, settings)
    ev = evaluate_figures(open_store(store), settings.queries_dir, GOLD)
    print("\n== figures\n" + ev.table())
    return ev


def test_figure_precision_and_recall_floors(evaluation: Evaluation) -> None:
    short = []
    for key, (min_p, min_r) in FLOORS.items():
        s = evaluation.scores.get(key)
        assert s is not None and s.tp + s.fn >= 10, f"too little gold for {key}"
        if s.precision < min_p or s.recall < min_r:
            short.append(f"{key}: P={s.precision:.3f} (≥{min_p}) R={s.recall:.3f} (≥{min_r})")
    assert not short, "\n".join(short) + "\n" + "\n".join(evaluation.misses)
