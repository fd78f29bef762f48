"""The competency queries about themes, figures and targets (ontology/queries/), on the seed store.

Each answer is checked against the seed texts themselves or against an independent tkg: query, never against
itself: a trigger must occur in its measure, a figure must be the characters the evidence points at.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from graph.settings import PROJECT_ROOT
from graph.store import query, term_text

QUERIES = PROJECT_ROOT / "ontology" / "queries"
THEME = "https://w3id.org/tradekg/id/theme/"
Rows = list[dict[str, str]]


def _rows(kg: ox.Store, sparql: str) -> Rows:
    result = query(kg, sparql)
    return [dict(zip(result.variables, map(term_text, row), strict=True)) for row in result.rows()]


def _named(kg: ox.Store, name: str) -> Rows:
    return _rows(kg, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))


def _measure_texts(kg: ox.Store) -> dict[tuple[str, str], str]:
    return {(r["source"], r["ordinal"]): r["text"] for r in _named(kg, "measures")}


def test_the_queries_are_there_and_say_what_they_answer() -> None:
    for name in ("measures-by-theme", "themes-by-department", "figures", "targets", "themes-tfa"):
        text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
        assert text.startswith("# ") and "# Answers:" in text, name


def test_measures_by_theme(kg: ox.Store) -> None:
    """Every row's trigger is words of its own measure; the seeds' single-window measures are found."""
    rows = _named(kg, "measures-by-theme")
    texts = _measure_texts(kg)
    assert len(rows) > 40
    for r in rows:
        assert r["trigger"].lower() in texts[(r["source"], r["ordinal"])].lower(), r
        assert r["label"] and r["theme"].startswith(THEME)
    single = {(r["source"][:3], r["ordinal"]) for r in rows if r["theme"] == THEME + "single-window"}
    with_words = {(s[:3], o) for (s, o), t in texts.items() if "single window" in t.lower()}
    assert single == with_words and single
    assert {r["tfa"] for r in rows if r["theme"] == THEME + "single-window"} == {"10.4"}


def test_themes_by_department_counts_match_a_plain_count(kg: ox.Store) -> None:
    rows = _named(kg, "themes-by-department")
    assert rows
    plain = _rows(
        kg,
        """PREFIX tkg: <https://w3id.org/tradekg/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE {
          SELECT DISTINCT ?m ?t ?u WHERE { ?m a tkg:Measure ; tkg:theme ?t ; tkg:responsibleUnit ?u } }""",
    )
    assert sum(int(r["measures"]) for r in rows) == int(plain[0]["n"])
    keys = [(r["theme"], r["department"], r["organisation"]) for r in rows]
    assert len(keys) == len(set(keys)), "one row per theme and unit"
    beijing = {r["department"] for r in rows if r["organisation"] == "Beijing Customs"}
    assert {"Enterprise Management Office", "Postal Office"} <= beijing  # bonded maintenance, e-commerce (seed 002)


def test_figures(kg: ox.Store) -> None:
    """The seeds' headline figure: 42 trillion yuan of total foreign trade in 2022, stated as a minimum."""
    rows = _named(kg, "figures")
    trade = [r for r in rows if r["text"] == "exceeded 42 trillion yuan"]
    assert len(trade) == 1
    t = trade[0]
    assert (Decimal(t["value"]), t["bound"], t["unit"], t["unitCode"], t["year"]) == (
        Decimal("42e12"),
        "min",
        "yuan",
        "CNY",
        "2022",
    )
    assert "foreign trade" in t["quantity"]
    assert all(r["unit"] and r["value"] for r in rows)
    assert {r["bound"] for r in rows} <= {"exact", "min", "max"}


def test_targets(kg: ox.Store) -> None:
    """ "a random control and inspection proportion of over 70% by the end of the year" in a 2020 document."""
    rows = _named(kg, "targets")
    texts = _measure_texts(kg)
    for r in rows:
        assert r["target"] in texts[(r["source"], r["ordinal"])], r
    seventy = [r for r in rows if r["target"].startswith("over 70%")]
    assert len(seventy) == 1
    assert (Decimal(seventy[0]["value"]), seventy[0]["bound"], seventy[0]["unit"], seventy[0]["due"]) == (
        Decimal(70),
        "min",
        "percent",
        "2020-12-31",
    )


def test_themes_tfa(kg: ox.Store) -> None:
    """Every theme is listed with its English and Chinese label; single window is a close match of TFA 10.4."""
    rows = _named(kg, "themes-tfa")
    themes = {r["theme"] for r in rows}
    assert len(themes) >= 15
    assert {(r["match"], r["article"]) for r in rows if r["theme"] == THEME + "single-window"} == {("close", "10.4")}
    assert all(r["labelZh"] for r in rows)
