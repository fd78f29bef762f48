"""Enumerators and numerals of the genre: the values the segmenter relies on."""

from __future__ import annotations

import pytest

from graph.extract.numbering import PROSE_ORDINAL, any_value, line_enumerator, prose_value


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("7", 7),
        ("XIII", 13),
        ("iv", 4),
        ("twenty-one", 21),
        ("twenty-seventh", 27),
        ("fourth", 4),
        ("十二", 12),
        ("二十七", 27),
        ("一百零三", 103),
        ("③", 3),
    ],
)
def test_numeral_values(token: str, value: int) -> None:
    assert any_value(token) == value


@pytest.mark.parametrize(
    ("line", "token", "value", "kind"),
    [
        ("(XIII) Promote the reform", "(XIII)", 13, "paren"),
        ("(twenty-one) in accordance with", "(twenty-one)", 21, "paren"),
        ("（一）优化通关", "（一）", 1, "paren"),
        ("1、 Accelerate the single window", "1、", 1, "dun"),
        ("III. Promoting imports", "III.", 3, "roman"),
        ("Thirteen, continue to do", "Thirteen,", 13, "word"),
        ("Article 12 These measures", "Article 12", 12, "article"),
        ("第三条 海关", "第三条", 3, "article"),
        ("二、支持产业发展", "二、", 2, "zh-dun"),
        ("(b) the second sub-item", "(b)", 2, "letter"),
        # group headings over items: Part/Chapter/第N章, capital letters; items "1)" and decimal "2.3"
        ("Part Two. Main Tasks", "Part Two.", 2, "part"),
        ("Chapter IV Supervision", "Chapter IV", 4, "part"),
        ("第三章　通关管理", "第三章", 3, "part"),
        ("第二部分 重点任务", "第二部分", 2, "part"),
        ("C. Serving open platforms", "C.", 3, "upper"),
        ("(B) Opening up", "(B)", 2, "upper"),
        ("4) Extend the appointment service", "4)", 4, "paren"),
        ("2.3 Publish the clearance time", "2.3", 3, "decimal"),
        # prose ordinals that open a line are items too
        ("The third is to cut costs.", "The third is to", 3, "word"),
        ("四是优化监管。", "四是", 4, "word"),
        ("第二，加强协作。", "第二，", 2, "word"),
    ],
)
def test_line_enumerators(line: str, token: str, value: int, kind: str) -> None:
    enum = line_enumerator(line)
    assert enum is not None
    assert (enum.token, enum.value, enum.kind) == (token, value, kind)


@pytest.mark.parametrize(
    "line",
    [
        "I hereby inform you.",
        "1000.webp_副本.jpg",
        "2023-06-20 Source: X",
        "In 2022, trade grew.",
        "(Responsible department: General Office)",
    ],
)
def test_lines_that_are_not_items(line: str) -> None:
    assert line_enumerator(line) is None


def test_prose_ordinals_in_running_text() -> None:
    text = "We will do three things. The first is to open. The second is to cut costs. Third, support. 四是加强。"
    values = [prose_value(m) for m in PROSE_ORDINAL.finditer(text)]
    assert values == [1, 2, 3, 4]


def test_upper_and_lower_roman_are_different_shapes() -> None:
    """ "II." headings and "ii." sub-items (or "ii." matters with "(a)" sub-items) are two levels, not one list."""
    upper, lower = line_enumerator("II. Supporting trade"), line_enumerator("ii. parcels are checked first;")
    assert upper is not None and lower is not None
    assert (upper.value, lower.value) == (2, 2)
    assert upper.shape != lower.shape


def test_prose_ordinal_di() -> None:
    text = "海关将做好两件事：第一，优化通关流程；第二，加强信用培育。"
    assert [prose_value(m) for m in PROSE_ORDINAL.finditer(text)] == [1, 2]
