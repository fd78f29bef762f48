"""Golden extraction tests: a small input excerpt and the facts it must yield, compared as graphs.

Each folder under tests/golden holds input.txt and expected.ttl (reviewed by hand). The comparison covers the
structural facts and responsibilities (graph.extract.facts), not evidence hashes or labels.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.extract.emit import emit
from graph.extract.facts import core_facts
from graph.extract.gazetteer import Gazetteer
from graph.extract.pipeline import extract
from graph.extract.read import read_source

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.txt").exists())


def facts_of(folder: Path, gaz: Gazetteer) -> Graph:
    return core_facts(emit(extract(read_source(folder / "input.txt", 1 << 20), gaz), gaz))


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, gaz: Gazetteer) -> None:
    """The excerpt yields exactly the expected facts; on failure the differing triples are printed."""
    assert_same_facts(case, facts_of(GOLDEN / case, gaz), Graph().parse(GOLDEN / case / "expected.ttl"))


def assert_same_facts(case: str, got: Graph, want: Graph) -> None:
    """Compare as graphs; on failure print the triples only one side has."""
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(
            f"{case}: extracted but not expected:\n{only_got.serialize(format='nt')}\n"
            f"expected but not extracted:\n{only_want.serialize(format='nt')}"
        )


def test_golden_cases_cover_the_numbering_styles() -> None:
    """The golden set keeps covering the styles the genre uses (a case removed by mistake fails here)."""
    text = "\n".join((GOLDEN / c / "input.txt").read_text(encoding="utf-8") for c in CASES)
    for token in ("(1)", "(two)", "(III)", "1、", "Article 1", "i.", "The first is", "（一）", "一、", "牵头部门"):
        assert token in text, token
