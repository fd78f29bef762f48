"""Extraction quality against hand-made gold, through the named queries (graph.evaluate).

The seeds and the held-out corpus (tests/corpus, written by someone who did not read the extractor) are built
into real stores; precision, recall and F1 are printed (pytest -s, or in the summary on failure) and asserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.build import build
from graph.evaluate import Evaluation, evaluate
from graph.settings import Settings
from graph.store import open_store

TESTS = Path(__file__).parent
CASES = {
    "seeds": (TESTS.parent / "seeds", TESTS / "gold" / "seeds"),
    "corpus-en": (TESTS / "corpus" / "en", TESTS / "gold" / "corpus"),
    "corpus-zh": (TESTS / "corpus" / "zh", TESTS / "gold" / "corpus"),
    # The second blind set (tests/corpus_blind/README.md): measured, never tuned on for segmentation or entities.
    "blind-en": (TESTS / "corpus_blind" / "en", TESTS / "gold" / "blind"),
    "blind-zh": (TESTS / "corpus_blind" / "zh", TESTS / "gold" / "blind"),
    # The third and fourth blind sets, scored once blind and since used as development sets.
    "blind3-en": (TESTS / "corpus_blind3" / "en", TESTS / "gold" / "blind3"),
    "blind3-zh": (TESTS / "corpus_blind3" / "zh", TESTS / "gold" / "blind3"),
    "blind4-en": (TESTS / "corpus_blind4" / "en", TESTS / "gold" / "blind4"),
    "blind4-zh": (TESTS / "corpus_blind4" / "zh", TESTS / "gold" / "blind4"),
    "blind5-en": (TESTS / "corpus_blind5" / "en", TESTS / "gold" / "blind5"),
    "blind5-zh": (TESTS / "corpus_blind5" / "zh", TESTS / "gold" / "blind5"),
    # The sixth blind set, scored once blind after round 3 and not tuned on: its floors guard the unseen figures.
    "blind6-en": (TESTS / "corpus_blind6" / "en", TESTS / "gold" / "blind6"),
    "blind6-zh": (TESTS / "corpus_blind6" / "zh", TESTS / "gold" / "blind6"),
}
# Floors, not targets: each is below what the extractor reaches today, so a regression fails.
THRESHOLDS = {
    "seeds": {
        "en.measures": (0.95, 0.95),
        "en.responsibility": (0.95, 0.95),
        "en.doc_date": (1.0, 1.0),
        "en.doc_issuer": (1.0, 1.0),
        "en.doc_doc_number": (1.0, 1.0),
        "en.entity.all": (0.85, 0.85),
        "en.entity.department": (0.85, 0.85),
        "en.entity.person": (0.9, 0.9),
        "en.entity.agreement": (0.9, 0.9),
    },
    "corpus-en": {
        # en_09-14 were written blind and then used to generalise numbering and tag forms; all are 1.0 today
        "en.measures": (0.97, 0.97),
        "en.responsibility": (0.97, 0.97),
        "en.doc_date": (0.9, 0.9),
        "en.doc_issuer": (0.8, 0.8),
        "en.entity.all": (0.8, 0.8),
        "en.entity.department": (0.85, 0.85),
        "en.entity.person": (0.85, 0.85),
        "en.entity.agreement": (0.85, 0.8),
    },
    "corpus-zh": {"zh.measures": (0.97, 0.97), "zh.responsibility": (0.97, 0.97), "zh.entity.all": (0.8, 0.8)},
    # Floors a little under today's figures (EN measures 1.0/.667, responsibilities 1.0/.684, entities .913/.861;
    # ZH measures 1.0/.860, responsibilities 1.0/1.0 after the tag grammar was generalised, entities .851/.855).
    # After sentence frames, bullets and transcript turns (round 2): EN measures 1.0/.944, responsibilities 1.0/1.0.
    "blind-en": {"en.measures": (0.95, 0.9), "en.responsibility": (0.95, 0.95), "en.entity.all": (0.85, 0.8)},
    "blind-zh": {"zh.measures": (0.95, 0.8), "zh.responsibility": (0.95, 0.95), "zh.entity.all": (0.8, 0.8)},
    # Dev sets, floors a little under the figures of round 2 (scorer: blind3 EN measures 1.0/1.0, responsibilities
    # .99/1.0, entities .944/.874; ZH measures 1.0/1.0, responsibilities 1.0/1.0, entities .909/.823; blind4 EN
    # measures 1.0/.965, responsibilities 1.0/1.0, entities .939/.881; ZH 1.0/1.0, 1.0/1.0, entities .889/.843).
    "blind3-en": {"en.measures": (0.95, 0.95), "en.responsibility": (0.95, 0.95), "en.entity.all": (0.88, 0.82)},
    "blind3-zh": {"zh.measures": (0.95, 0.95), "zh.responsibility": (0.95, 0.95), "zh.entity.all": (0.85, 0.78)},
    "blind4-en": {"en.measures": (0.95, 0.92), "en.responsibility": (0.95, 0.95), "en.entity.all": (0.88, 0.83)},
    "blind4-zh": {"zh.measures": (0.95, 0.95), "zh.responsibility": (0.95, 0.95), "zh.entity.all": (0.83, 0.79)},
    # Blind 5, scored once blind (EN measures 1.0/.593, responsibilities .821/.230, entities .866/.783; ZH measures
    # 1.0/.817, responsibilities 1.0/.758, entities .850/.776), then a dev set: floors under round 3's figures (EN
    # measures 1.0/1.0, responsibilities .932/.960, entities .935/.833, departments .897/.935, zones 1.0/.842;
    # ZH measures 1.0/1.0, responsibilities 1.0/1.0, entities .852/.813).
    "blind5-en": {
        "en.measures": (0.95, 0.95),
        "en.responsibility": (0.9, 0.93),
        "en.entity.all": (0.9, 0.8),
        "en.entity.department": (0.87, 0.9),
        "en.entity.zone": (0.95, 0.8),
    },
    "blind5-zh": {"zh.measures": (0.95, 0.95), "zh.responsibility": (0.95, 0.95), "zh.entity.all": (0.83, 0.79)},
    # Blind 6, first (blind) score with round 3's code (scorer: EN measures .860/.902, responsibilities .896/.775,
    # entities .906/.839, departments .844/.876, zones 1.0/.750; ZH measures .950/.916, responsibilities .960/.915,
    # entities .872/.849), then a dev set: floors a little under round 4's figures (EN measures .953/1.0,
    # responsibilities 1.0/1.0, entities .977/.927, departments .981/.971, zones 1.0/1.0, agreements 1.0/1.0,
    # persons 1.0/1.0; ZH measures 1.0/1.0, responsibilities .992/.962, entities .898/.894, persons 1.0/1.0).
    "blind6-en": {
        "en.measures": (0.92, 0.95),
        "en.responsibility": (0.95, 0.95),
        "en.entity.all": (0.93, 0.88),
        "en.entity.department": (0.93, 0.92),
        "en.entity.zone": (0.95, 0.93),
        "en.entity.agreement": (0.93, 0.93),
        "en.entity.person": (0.93, 0.93),
    },
    "blind6-zh": {
        "zh.measures": (0.95, 0.95),
        "zh.responsibility": (0.95, 0.92),
        "zh.entity.all": (0.86, 0.86),
        "zh.entity.person": (0.93, 0.93),
    },
}


@pytest.fixture(scope="module", params=sorted(CASES))
def evaluation(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> tuple[str, Evaluation]:
    docs, gold = CASES[request.param]
    store = tmp_path_factory.mktemp(request.param) / "store"
    build([docs], store, settings)
    ev = evaluate(open_store(store), settings.queries_dir, sorted(gold.glob("*.json")))
    print(f"\n== {request.param}\n{ev.table()}")
    return request.param, ev


def test_precision_and_recall_floors(evaluation: tuple[str, Evaluation]) -> None:
    name, ev = evaluation
    short = []
    for key, (min_p, min_r) in THRESHOLDS[name].items():
        score = ev.scores.get(key)
        assert score is not None, f"{name}: no {key} scored"
        if score.precision < min_p or score.recall < min_r:
            short.append(f"{key}: P={score.precision:.3f} (≥{min_p}) R={score.recall:.3f} (≥{min_r})")
    misses = "\n".join(m for m in ev.misses if "measure" in m or "lacks" in m)
    assert not short, f"{name}:\n" + "\n".join(short) + "\n" + ev.table() + "\n" + misses


def test_every_gold_document_was_scored(evaluation: tuple[str, Evaluation]) -> None:
    """A gold file whose document is not built would silently drop out of the figures."""
    name, ev = evaluation
    docs, gold = CASES[name]
    names = {p.name for p in docs.glob("*.txt")}
    lang = "zh" if name.endswith("zh") else "en"
    scored = ev.scores[f"{lang}.doc_title"]
    expected = [g for g in gold.glob("*.json") if g.stem + ".txt" in names]
    assert expected, "no gold for this case"
    assert scored.tp + scored.fn + scored.fp >= 1
