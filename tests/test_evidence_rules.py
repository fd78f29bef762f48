"""One fact read over the same span by two rules gets one evidence record with one rule (the shapes require it)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.build import build
from graph.settings import Settings
from graph.store import open_store, query

ROOT = Path(__file__).resolve().parent.parent
# a press release whose speaker is named both by an appositive post and by a title before the name
DOCUMENT = ROOT / "tests" / "corpus_blind5" / "en" / "e_en_05_quanzhou_press_conference.txt"


def test_every_evidence_record_names_exactly_one_rule(tmp_path: Path) -> None:
    report = build([DOCUMENT], tmp_path / "store", Settings())  # validates: a second rule would stop the build
    assert report.ok
    result = query(
        open_store(tmp_path / "store"),
        "SELECT ?e (COUNT(?r) AS ?n) WHERE { ?e a tkg:Evidence ; tkg:rule ?r } GROUP BY ?e HAVING (COUNT(?r) != 1)",
    )
    assert list(result.rows()) == []
    persons = query(open_store(tmp_path / "store"), "SELECT ?p WHERE { ?p a foaf:Person }")
    assert any(isinstance(row[0], ox.NamedNode) for row in persons.rows())
