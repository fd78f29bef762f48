"""Golden tests for themes, figures and targets: tests/golden/<case>/themes.ttl holds the facts the excerpt must
yield (graph.extract.emit_quantities.quantity_facts), reviewed by hand; expected.ttl in the same folder holds its
structural facts, checked by tests/test_golden.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.extract.emit import emit
from graph.extract.emit_quantities import quantity_facts
from graph.extract.gazetteer import Gazetteer
from graph.extract.pipeline import extract
from graph.extract.read import read_source

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "themes.ttl").exists())


@pytest.mark.parametrize("case", CASES)
def test_golden_themes_and_figures(case: str, gaz: Gazetteer) -> None:
    got = quantity_facts(emit(extract(read_source(GOLDEN / case / "input.txt", 1 << 20), gaz), gaz))
    want = Graph().parse(GOLDEN / case / "themes.ttl")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(
            f"{case}: extracted but not expected:\n{only_got.serialize(format='nt')}\n"
            f"expected but not extracted:\n{only_want.serialize(format='nt')}"
        )


def test_golden_theme_cases_cover_both_languages_and_targets() -> None:
    text = "\n".join((GOLDEN / c / "themes.ttl").read_text(encoding="utf-8") for c in CASES)
    for token in ("tkg:theme", "schema:minValue", "schema:maxValue", "time:inXSDDate", "time:inXSDgYear", "年底前"):
        assert token in text, token
