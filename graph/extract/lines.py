"""Lines of a document with their offsets, and the document header: title, date, document number.

The header rules follow the genre: a title is a short first line without sentence punctuation (a first line cut
short is replaced by the longer line that repeats it); a date counts only when it is complete and stands on a line
of its own; a document number is a standalone line (or the part of the title) shaped like 京关综发〔2023〕54号,
"Hu Guan fa [2024] No.7" or "GACC Announcement No. 35 of 2024".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from graph.extract.records import Span

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_NUM = {m: i + 1 for i, m in enumerate(_MONTHS.split("|")[:12])}
_MONTH_NUM.update(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

DATE_PATTERNS = [
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(
        r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
    ),
    re.compile(r"(?P<mn>" + _MONTHS + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mn>" + _MONTHS + r")\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
]
_DATE_LINE_PREFIX = re.compile(
    r"^\s*(?:date[d]?|issued(?: on)?|issue date|published(?: on)?|publication date|"
    r"release (?:date|time)|released on|time|发布日期|发布时间|成文日期|日期|时间)?\s*[:：]?\s*",
    re.I,
)
# a time of day next to a date ("10:00 a.m., 16 October 2025", 2025年5月15日上午10时)
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?\s*,?|\b\d{1,2}\s*[ap]\.?m\.?\s*,?"
    r"|(?:上午|下午|晚上|中午)?\d{1,2}(?:时|点|:\d{2})(?:\d{1,2}分|半)?|^(?:上午|下午)$",
    re.I,
)
_HEADER_LINES = 8
# the part before the date is a publication's name and a comma: capitalised words only
_DATELINE_SOURCE = re.compile(r"(?:[A-Z][\w'’&-]*\s+){0,6}[A-Z][\w'’&-]*\s*,")
_FIELD_SEP = re.compile(r"\s{3,}|\t+|\s+\|\s+|\s{2,}(?=[A-Za-z\u4e00-\u9fff]+\s*[:：])")
_ZH_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

NUMBER_PATTERNS = [
    re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d+\s*号"),
    re.compile(r"(?:中华人民共和国)?海关总署(?:公告|令)\s*(?:\d{4}\s*年)?\s*第\s*\d+\s*号"),
    # a joint announcement's number names every issuer: 海关总署 农业农村部 X局公告2025年第63号
    re.compile(
        r"(?:[\u4e00-\u9fff]{2,20}[ 　]+){1,5}[\u4e00-\u9fff]{2,20}(?:公告|令)\s*(?:\d{4}\s*年)?\s*第\s*\d+\s*号"
    ),
    re.compile(r"(?:[A-Za-z][A-Za-z.]*\s+){0,6}[\[〔(]\s*\d{4}\s*[\]〕)]\s*(?:No\.?|Number|#)?\s*\d+(?:\s*号)?"),
    re.compile(
        r"(?:(?:[A-Z][A-Za-z]*|of|the)\s+){0,6}(?:Announcement|Order|Decree|Circular|Notice|Document)\s+"
        r"No\.?\s*\d+(?:\s*(?:of|,)\s*(?:the\s+year\s+)?\d{4}|\s*[\[(]\d{4}[\])])?"
    ),
]


@dataclass(frozen=True)
class Line:
    index: int
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str  # stripped

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with offsets into `text` (which already has \\n line endings)."""
    out: list[Line] = []
    pos = 0
    for i, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(i, pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def is_zh(text: str) -> bool:
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return han > 0.2 * max(1, len(text.replace(" ", "")))


def word_count(text: str) -> int:
    return len(text.split()) if not is_zh(text) else len(text) // 2


def _zh_number(chars: str) -> int:
    if len(chars) == 4 and all(c in _ZH_DIGIT for c in chars):
        return int("".join(str(_ZH_DIGIT[c]) for c in chars))
    total, cur = 0, 0
    for c in chars:
        if c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _ZH_DIGIT.get(c, 0)
    return total + cur


def parse_date(text: str) -> tuple[str, int, int] | None:
    """The first complete date in `text` as (YYYY-MM-DD, start, end), or None."""
    for pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("mn"):
            month = _MONTH_NUM[groups["mn"].lower().rstrip(".")]
            year, day = int(groups["y"]), int(groups["d"])
        elif re.fullmatch(r"\d+", groups["y"]):
            year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
        else:
            year, month, day = _zh_number(groups["y"]), _zh_number(groups["m"]), _zh_number(groups["d"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}", m.start(), m.end()
    return None


def fields(line: Line) -> list[Line]:
    """The fields of a header line such as "Issued by: X      Date: 2024-02-27", each with its offsets."""
    out: list[Line] = []
    pos = 0
    for m in [*_FIELD_SEP.finditer(line.text), None]:
        end = m.start() if m else len(line.text)
        piece = line.text[pos:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(
                Line(line.index, line.start + pos + lead, line.start + pos + lead + len(piece.strip()), piece.strip())
            )
        pos = m.end() if m else pos
    return out


def date_line(lines: list[Line], words_of: HeaderWords) -> tuple[str, Span] | None:
    """The document's own date: the first line, or field of a header line, that is a complete date."""
    for line in lines:
        if len(line.text) > 160:
            continue
        for part in fields(line):
            found = parse_date(part.text)
            if not found:
                continue
            iso, s, e = found
            before = _TIME_OF_DAY.sub("", _DATE_LINE_PREFIX.sub("", part.text[:s])).strip()
            after = _TIME_OF_DAY.sub("", part.text[e:]).strip()
            rest = before + after
            header = line.index <= lines[0].index + _HEADER_LINES
            if len(rest) <= 3 or (header and _dateline(before, after, words_of)):
                return iso, Span(part.start + s, part.start + e, part.text[s:e])
    return None


def _dateline(before: str, after: str, words_of: HeaderWords) -> bool:
    """A header line that dates the document with a little more around the date: a publication's dateline
    ("Sichuan Economic Herald, 3 July 2025") or an issuing note in brackets (（X海关2025年1月24日印发）)."""
    if words_of.is_issuing_note(before, after):
        return True
    return not after.strip(" ,.") and _DATELINE_SOURCE.fullmatch(before) is not None


def number_span(lines: list[Line], title: Line | None) -> Span | None:
    """The document number: a short standalone line near the top, else the part of the title that is one."""
    candidates = [ln for ln in lines[:12] if ln is not title]
    for line in candidates:
        for pattern in NUMBER_PATTERNS:
            m = pattern.search(line.text)
            if m and len(line.text) - (m.end() - m.start()) <= 6:
                s = line.text.index(m.group(0).strip())
                return Span(line.start + s, line.start + s + len(m.group(0).strip()), m.group(0).strip())
    if title is not None:
        for pattern in NUMBER_PATTERNS:
            m = pattern.search(title.text)
            if m:
                tok = m.group(0).strip()
                s = title.text.index(tok)
                return Span(title.start + s, title.start + s + len(tok), tok)
    return None


def looks_like_title(line: Line) -> bool:
    t = line.text
    if is_zh(t):
        return len(t) <= 120 and not t.endswith(("。", "：", ":"))
    return word_count(t) <= 40 and not re.search(r"[.:;]$", t) and not t.startswith(("(", "（"))


class HeaderWords(Protocol):
    """The words of name-grammar.ttl that the header is read with (graph.extract.grammar.Grammar has them)."""

    def names_document_kind(self, text: str) -> bool: ...

    def is_source_line(self, text: str) -> bool: ...

    def is_link_word(self, word: str) -> bool: ...

    def is_issuing_note(self, before: str, after: str) -> bool: ...


# A first line that is a letterhead, not a title: "海关总署文件", "Taiyuan Customs", "General Administration of Customs
# of the People's Republic of China" (only capitalised words and the link words of name-grammar.ttl, with no word
# naming a kind of document), or a document number standing first. A "Source:" line is never a title.
def _letterhead(line: Line, words_of: HeaderWords) -> bool:
    t = line.text.strip()
    if any(p.fullmatch(t) for p in NUMBER_PATTERNS):
        return True
    if is_zh(t):
        return t.endswith("文件") and len(t) <= 30
    words = t.split()
    return (
        len(words) <= 14
        and not words_of.names_document_kind(t)
        and all(w[:1].isupper() or words_of.is_link_word(w) for w in words)
    )


def _could_title(line: Line, words_of: HeaderWords) -> bool:
    t = line.text.strip()
    return (
        looks_like_title(line)
        and not _letterhead(line, words_of)
        and not parse_date(t)
        and not any(p.search(t) for p in NUMBER_PATTERNS)
        and not words_of.is_source_line(t)
        and len(t) >= (8 if is_zh(t) else 20)
    )


def title_line(lines: list[Line], words_of: HeaderWords) -> Line | None:
    """The title: the first line when it looks like one; a later line that repeats and completes it wins."""
    if not lines or not looks_like_title(lines[0]):
        return None
    first = lines[0]
    if parse_date(first.text) and len(first.text) < 25:
        return None
    if _letterhead(first, words_of):
        nxt = next((ln for ln in lines[1:5] if _could_title(ln, words_of)), None)
        if nxt is not None:
            first = nxt
    for line in lines[1:6]:
        if line.text != first.text and line.text.startswith(first.text.rstrip(".… ")) and looks_like_title(line):
            return line
    return first
