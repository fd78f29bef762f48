"""Enumerators of the genre, in English translation and in Chinese: what an item's number is and what family it is.

A family is the visual shape of an enumerator ("(1)", "1、", "III.", "Article 3", "First,"). Machine translation
renders one Chinese level in several shapes — seed-like lists mix "(1)", "(four)", "(XIII)" and "(twenty-one)" — so
shapes are grouped into broader *kinds* and the segmenter joins shapes of one kind when their values run on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ORD_TENS = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

CARDINAL_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"one|two|three|four|five|six|seven|eight|nine|ten)"
)
ORDINAL_WORD = (
    r"(?:(?:twenty|thirty|forty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"twentieth|thirtieth|fortieth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
)
ROMAN = r"(?:x{0,3}(?:ix|iv|v?i{0,3}))"
ZH_NUM = r"[一二三四五六七八九十百零〇两]+"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def word_value(word: str) -> int | None:
    """Value of an English cardinal or ordinal word, "four" → 4, "twenty-first" → 21."""
    w = word.lower().replace(" ", "-")
    parts = w.split("-")
    total = 0
    for part in parts:
        if part in _UNITS:
            total += _UNITS.index(part)
        elif part in _TENS:
            total += _TENS[part]
        elif part in _ORDINALS:
            total += _ORDINALS.index(part)
        elif part in _ORD_TENS:
            total += _ORD_TENS[part]
        else:
            return None
    return total or None


def roman_value(text: str) -> int | None:
    """Value of a Roman numeral, case-insensitive; None for anything that is not one."""
    t = text.lower()
    if not t or not re.fullmatch(ROMAN, t):
        return None
    total = 0
    for i, ch in enumerate(t):
        v = _ROMAN[ch]
        nxt = _ROMAN[t[i + 1]] if i + 1 < len(t) else 0
        total += -v if v < nxt else v
    return total or None


def zh_value(text: str) -> int | None:
    """Value of a Chinese numeral up to the hundreds: 一 → 1, 十二 → 12, 二十七 → 27, 一百零三 → 103."""
    if not text:
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            current = _ZH_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return (total + current) or None


def any_value(token: str) -> int | None:
    """Value of a bare numeral in any script the genre uses."""
    t = token.strip()
    if t.isascii() and t.isdecimal():
        return int(t)
    if t and t in CIRCLED:
        return CIRCLED.index(t) + 1
    return word_value(t) or roman_value(t) or zh_value(t)


@dataclass(frozen=True)
class Enumerator:
    """An enumerator found at the start of a line: its text, value and shape."""

    token: str  # as written, e.g. "(XIII)", "1、", "Article 3", "First,"
    value: int
    shape: str  # e.g. "paren-roman", "dot-arabic", "word-comma", "zh-dun"
    kind: str  # broader family: paren, dot, dun, word, article, zh-dun, zh-paren, circled, letter
    end: int  # offset in the line where the item's own text begins


# Order matters: the first pattern that matches wins.
_LINE_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    # parts and chapters group other items; they are never measures themselves
    (
        "part",
        "part",
        re.compile(r"(?:Part|Chapter)\s+(\d+|" + CARDINAL_WORD + r"|[IVX]+)\b[.:：]?\s*", re.I),
    ),
    ("zh-chapter", "part", re.compile(r"第(" + ZH_NUM + r"|\d+)(?:章|编|部分)\s*")),
    ("article", "article", re.compile(r"Article\s+(\d+|" + CARDINAL_WORD + r")\b[.:：]?\s*", re.I)),
    ("zh-article", "article", re.compile(r"第(" + ZH_NUM + r"|\d+)条\s*")),
    # a prose ordinal that opens its own line: "The first is to …", "一是…"
    ("word-is", "word", re.compile(r"The\s+(" + ORDINAL_WORD + r")\s+is(?:\s+to)?\b\s*", re.I)),
    ("zh-shi", "word", re.compile(r"([一二三四五六七八九十]{1,3})是(?=[\u4e00-\u9fff“《（(])")),
    ("zh-di", "word", re.compile(r"第([一二三四五六七八九十]{1,3})\s*[，,]\s*")),
    # decimal outline numbers: "2.3 Promote …" is item 3 of its group
    ("decimal", "decimal", re.compile(r"\d{1,2}\.(\d{1,2})\.?\s+")),
    ("zh-dun", "zh-dun", re.compile(r"(" + ZH_NUM + r")\s*[、.．]\s*")),
    ("zh-paren", "paren", re.compile(r"[（(]\s*(" + ZH_NUM + r")\s*[)）]\s*")),
    ("paren-arabic", "paren", re.compile(r"[（(]\s*(\d{1,3})\s*[)）]\s*")),
    ("paren-word", "paren", re.compile(r"\(\s*(" + CARDINAL_WORD + r"|" + ORDINAL_WORD + r")\s*\)\s*", re.I)),
    ("paren-letter", "letter", re.compile(r"[（(]\s*([a-h])\s*[)）]\s*")),
    ("paren-upper", "upper", re.compile(r"[（(]\s*([A-H])\s*[)）]\s*")),
    ("paren-roman", "paren", re.compile(r"\(\s*(" + ROMAN + r")\s*\)\s*", re.I)),
    ("circled", "circled", re.compile(r"([" + CIRCLED + r"])\s*")),
    ("dun-arabic", "dun", re.compile(r"(\d{1,3})\s*、\s*")),
    ("dot-arabic", "dot", re.compile(r"(\d{1,3})\s*[.．](?!\d)\s*")),
    ("rparen-arabic", "paren", re.compile(r"(\d{1,3})\s*[)）]\s*")),
    ("letter-dot", "letter", re.compile(r"([a-h])[.)]\s+")),
    # upper- and lower-case Roman numerals are two levels ("I." headings over "(1)" items over "i." sub-items)
    ("roman-dot", "roman", re.compile(r"(" + ROMAN.upper() + r")\s*[.．、](?!\w)\s*")),
    ("roman-dot-lower", "roman", re.compile(r"(" + ROMAN + r")\s*[.．、](?!\w)\s*")),
    # capital letters are group headings ("A. …" over "1) …"); lower-case letters stay sub-items
    ("upper-letter-dot", "upper", re.compile(r"([A-H])[.．]\s+")),
    ("word-comma", "word", re.compile(r"(" + ORDINAL_WORD + r"|" + CARDINAL_WORD + r")\s*[,，:：]\s*", re.I)),
    ("word-ly", "word", re.compile(r"(firstly|secondly|thirdly|fourthly|fifthly|sixthly|lastly)\s*[,，]\s*", re.I)),
]

_LY = {"firstly": 1, "secondly": 2, "thirdly": 3, "fourthly": 4, "fifthly": 5, "sixthly": 6}


def line_enumerator(line: str) -> Enumerator | None:
    """The enumerator a line starts with, if any. The rest of the line must hold text, not more numbers."""
    stripped = line.lstrip()
    lead = len(line) - len(stripped)
    for shape, kind, pattern in _LINE_PATTERNS:
        m = pattern.match(stripped)
        if not m:
            continue
        raw = m.group(1)
        if shape == "word-ly":
            value = _LY.get(raw.lower())
        elif shape == "part" and raw.isupper():
            value = roman_value(raw)
        elif shape in ("paren-letter", "letter-dot", "upper-letter-dot", "paren-upper"):
            value = ord(raw.lower()) - ord("a") + 1
        else:
            value = any_value(raw)
        rest = stripped[m.end() :]
        if value is None or not rest or not re.match(r"[\w\"“‘'《「（(]", rest):
            continue
        if shape.startswith("roman-dot") and len(raw) == 1 and raw.lower() not in ("i", "v", "x"):
            continue
        return Enumerator(stripped[: m.end()].strip(), value, shape, kind, lead + m.end())
    return None


# Prose ordinals inside running text: "First, …", "The second is to …", "一是…".
PROSE_ORDINAL = re.compile(
    r"(?:(?<=^)|(?<=[.。;；!?！？:：]\s)|(?<=[.。;；!?！？:：]))\s*"
    r"(?P<tok>(?:The\s+(?P<ord1>" + ORDINAL_WORD + r")\s+is(?:\s+to)?\b"
    r"|(?P<ord2>" + ORDINAL_WORD + r"|firstly|secondly|thirdly|fourthly|fifthly)\s*[,，]"
    r"|(?P<zh>[一二三四五六七八九十]{1,3})是|第(?P<zh2>[一二三四五六七八九十]{1,3})[，,]))",
    re.I,
)


def prose_value(m: re.Match[str]) -> int | None:
    """Value of a prose-ordinal match from PROSE_ORDINAL."""
    word = m.group("ord1") or m.group("ord2")
    if word:
        return _LY.get(word.lower()) or word_value(word)
    return zh_value(m.group("zh") or m.group("zh2"))
