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
