"""Figures (graph/extract/figures.py) and targets and deadlines (graph/extract/targets.py).

The sentences are invented in the genre's phrasing (English translations and Chinese originals); none is a seed
sentence.
"""

from __future__ import annotations

from decimal import Decimal

from graph.extract.figures import find_figures
from graph.extract.gazetteer import Gazetteer
from graph.extract.records import DocumentRecord, Figure, Measure, Span
from graph.extract.targets import find_targets

UNIT = "https://w3id.org/tradekg/id/unit/"


def _doc(text: str, date: str | None = None, measure: bool = True) -> DocumentRecord:
    rec = DocumentRecord("t.txt", text, "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en", "", "utf-8")
    rec.date = date
    if measure:
        rec.measures = [Measure(1, "1.", "dot-arabic", Span(0, len(text), text))]
    return rec


def _figures(text: str, gaz: Gazetteer) -> list[Figure]:
    assert gaz.units is not None
    return find_figures(_doc(text), gaz.units)


def _one(text: str, gaz: Gazetteer) -> Figure:
    figs = _figures(text, gaz)
    assert len(figs) == 1, [f.span.text for f in figs]
    return figs[0]


def test_money_with_a_scale_word_and_the_year_and_quantity(gaz: Gazetteer) -> None:
    f = _one("In 2021, the total import and export value of the province reached 3.5 trillion yuan.", gaz)
    assert (f.span.text, f.value, f.unit, f.bound) == ("3.5 trillion yuan", Decimal("3.5e12"), UNIT + "yuan", "exact")
    assert f.year is not None and f.year.text == "2021"
    assert f.quantity is not None and f.quantity.text == "the total import and export value of the province"


def test_chinese_money_percent_and_counts(gaz: Gazetteer) -> None:
    figs = _figures("前三季度，全省进出口总值2.8万亿元，同比增长6.5%，新增备案企业350家。", gaz)
    assert [(f.span.text, f.value, f.unit.removeprefix(UNIT)) for f in figs] == [
        ("2.8万亿元", Decimal("2.8e12"), "yuan"),
        ("6.5%", Decimal("6.5"), "percent"),
        ("350家", Decimal(350), "enterprise"),
    ]
    assert [f.quantity.text if f.quantity else None for f in figs] == ["全省进出口总值", "同比增长", "新增备案企业"]


def test_chinese_numerals_go_through_the_numbering_helpers(gaz: Gazetteer) -> None:
    f = _one("在十二个城市开展试点。", gaz)
    assert (f.value, f.unit) == (Decimal(12), UNIT + "city")


def test_bounds(gaz: Gazetteer) -> None:
    assert _one("raise the share to over 60%", gaz).bound == "min"
    assert _one("complete the review within 3 hours", gaz).bound == "max"
    assert _one("比例达到90%以上", gaz).bound == "min"
    assert _one("压缩至12小时以内", gaz).bound == "max"


def test_numbers_without_a_unit_are_not_figures(gaz: Gazetteer) -> None:
    text = "Under Announcement No. 15 of 2022 and 京关发〔2022〕18号, item (3) applies from 2023年5月6日; 第十条."
    assert _figures(text, gaz) == []


def _targets(text: str, gaz: Gazetteer, date: str | None = None) -> list[tuple[str, str | None, int | None, str]]:
    rec = _doc(text, date)
    assert gaz.units is not None
    find_targets(rec, find_figures(rec, gaz.units))
    return [
        (t.span.text, t.deadline_date, t.deadline_year, t.figure.span.text if t.figure else "")
        for t in rec.measures[0].targets
    ]


def test_target_figure_with_a_deadline_resolved_through_the_document_date(gaz: Gazetteer) -> None:
    got = _targets("Raise the share of paperless declarations to over 85% by the end of the year.", gaz, "2022-03-01")
    assert got == [("over 85% by the end of the year", "2022-12-31", None, "over 85%")]


def test_the_end_of_the_year_without_a_document_date_stays_text(gaz: Gazetteer) -> None:
    assert _targets("Finish the pilot by the end of the year.", gaz) == [("by the end of the year", None, None, "")]


def test_explicit_years_and_chinese_deadlines(gaz: Gazetteer) -> None:
    assert _targets("Build the platform by 2026.", gaz) == [("by 2026", None, 2026, "")]
    assert _targets("2024年底前完成平台建设。", gaz) == [("2024年底前", "2024-12-31", None, "")]
    assert _targets("2025年6月底前全面推广。", gaz) == [("2025年6月底前", "2025-06-30", None, "")]


def test_a_bounded_figure_is_a_target_without_a_deadline(gaz: Gazetteer) -> None:
    assert _targets("将进口货物通关时间压缩至12小时以内。", gaz) == [("12小时以内", None, None, "12小时以内")]


def test_a_goal_word_makes_a_plain_figure_a_target(gaz: Gazetteer) -> None:
    got = _targets("力争新增高级认证企业40家。", gaz)
    assert [g[3] for g in got] == ["40家"]


def test_a_reported_figure_is_not_a_target(gaz: Gazetteer) -> None:
    assert _targets("Last year the zone imported goods worth 12 billion yuan.", gaz) == []


def test_what_is_measured_can_follow_the_figure(gaz: Gazetteer) -> None:
    f = _one("Officers seized 3.5 tons of ivory products at the border.", gaz)
    assert f.quantity is not None and f.quantity.text == "ivory products at the border"
    g = _one("Exports reached 9 billion yuan.", gaz)
    assert g.quantity is not None and g.quantity.text == "Exports"


def test_a_unit_word_in_title_case_is_part_of_a_name(gaz: Gazetteer) -> None:
    assert _figures("The 12 Measures for Customs to Support Exporters were issued.", gaz) == []
    assert [f.span.text for f in _figures("Customs issued 12 measures to support exporters.", gaz)] == ["12 measures"]


def test_chinese_one_before_a_measure_word_is_an_article(gaz: Gazetteer) -> None:
    assert _figures("推动一批企业开展试点，查获走私案件35起。", gaz)[0].span.text == "35起"
    assert len(_figures("推动一批企业开展试点，查获走私案件35起。", gaz)) == 1
