"""Golden tests for themes, figures and targets: tests/golden/<case>/themes.ttl holds the facts the excerpt must
yield (graph.extract.emit_quantities.quantity_facts), reviewed by hand; expected.ttl in the same folder holds its
structural facts, checked by tests/test_golden.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.extract.emit import emit
from graph.extract.emit_quantities import quantity_facts
from graph.extract.gazetteer import Gazetteer
from graph.extract.pipeline import extract
from graph.extract.read import read_source
from tests.test_golden import assert_same_facts

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "themes.ttl").exists())


@pytest.mark.parametrize("case", CASES)
def test_golden_themes_and_figures(case: str, gaz: Gazetteer) -> None:
    got = quantity_facts(emit(extract(read_source(GOLDEN / case / "input.txt", 1 << 20), gaz), gaz))
    assert_same_facts(case, got, Graph().parse(GOLDEN / case / "themes.ttl"))


def test_golden_theme_cases_cover_both_languages_and_targets() -> None:
    text = "\n".join((GOLDEN / c / "themes.ttl").read_text(encoding="utf-8") for c in CASES)
    for token in ("tkg:theme", "schema:minValue", "schema:maxValue", "time:inXSDDate", "time:inXSDgYear", "年底前"):
        assert token in text, token
