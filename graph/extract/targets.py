"""Targets and deadlines in measures: "over 70% by the end of the year", "by 2025", "2023年底前", "压缩至24小时以内".

A target is a figure a measure aims at and/or a deadline it sets. A figure counts as aimed at when it is bounded
("over", "within", 以上, 以内), when its sentence sets a deadline, or when a goal word (strive, 力争, 目标) precedes
it; a plain figure in a measure ("24 products were added") is only a figure. Deadlines resolve to a date or a year
when the text names the year, or when it says "the end of the year" (年底前, 年内, 全年) and the document has a date.
The cue words are grammar, not names, so they live here rather than in a vocabulary.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left

from graph.extract.records import DocumentRecord, Figure, Measure, Span, Target

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_NUM = {m: i + 1 for i, m in enumerate(_MONTHS.split("|"))}
# (pattern, kind): kinds say how the match resolves; named groups y (year) and mo (month) when written
_DEADLINES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:by|before|until) (?:the )?end(?: of|-) ?(?P<y>20\d{2})\b", re.I), "year-end"),
    (re.compile(r"(?:by|before|until) (?:the )?end of (?P<mo>" + _MONTHS + r")(?:,? (?P<y>20\d{2}))?", re.I), "month"),
    (re.compile(r"(?:by|before) (?:the )?end of (?:the|this) year|within (?:the|this) year\b", re.I), "this"),
    (re.compile(r"\bin the year\b", re.I), "this"),
    (re.compile(r"(?:by|before) (?P<y>20\d{2})\b(?![\]〕)])", re.I), "year"),
    (re.compile(r"(?:到|至|在)?(?P<y>20\d{2})年(?:年底|年末|底)前?"), "year-end"),
    (re.compile(r"(?:到|至|在)?(?P<y>20\d{2})年(?P<mo>\d{1,2})月(?:底|末)前?"), "month"),
    (re.compile(r"(?P<y>20\d{2})年(?:以)?前"), "year"),
    (re.compile(r"(?<![0-9年])(?P<mo>\d{1,2})月(?:底|末)前?"), "month"),
    (re.compile(r"年底前|年内|全年|今年底"), "this"),
]
_GOAL = re.compile(
    r"\b(?:strive|striving|aim|aiming|goal|target|ensure)\b|力争|目标|确保|争取",
    re.I,
)
_SENTENCE = re.compile(r"[.。;；!?！？\n]")


def _sentences(measure: Measure) -> list[tuple[int, int]]:
    """Sentence bounds inside a measure, as document offsets."""
    base, text = measure.span.start, measure.text
    out, begin = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((base + begin, base + m.end()))
        begin = m.end()
    if begin < len(text):
        out.append((base + begin, base + len(text)))
    return out


def _resolve(m: re.Match[str], kind: str, doc_year: int | None) -> tuple[str | None, int | None]:
    """(xsd:date, year) for a deadline match; (None, None) when it cannot be resolved."""
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else doc_year
    if year is None:
        return None, None
    if kind == "year":
        return None, year
    if kind == "month":
        mo_text = groups["mo"]
        month = int(mo_text) if mo_text.isdigit() else _MONTH_NUM[mo_text.lower()]
        if not 1 <= month <= 12:
            return None, None
        return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}", None
    return f"{year:04d}-12-31", None


def _deadlines(rec: DocumentRecord, begin: int, end: int) -> list[tuple[Span, str | None, int | None]]:
    doc_year = int(rec.date[:4]) if rec.date else None
    found: list[tuple[Span, str | None, int | None]] = []
    taken = bytearray(end - begin)
    for pattern, kind in _DEADLINES:
        for m in pattern.finditer(rec.text, begin, end):
            if any(taken[m.start() - begin : m.end() - begin]):
                continue
            taken[m.start() - begin : m.end() - begin] = b"\x01" * (m.end() - m.start())
            date, year = _resolve(m, kind, doc_year)
            found.append((Span(m.start(), m.end(), m.group(0)), date, year))
    return sorted(found, key=lambda d: d[0].start)


def _join(text: str, spans: list[Span]) -> Span:
    s, e = min(x.start for x in spans), max(x.end for x in spans)
    return Span(s, e, text[s:e])


def find_targets(rec: DocumentRecord, figures: list[Figure]) -> None:
    """Set `targets` on every measure of `rec` in place, from the document's figures and the measure's deadlines."""
    ordered = sorted(figures, key=lambda f: f.span.start)
    starts = [f.span.start for f in ordered]
    for measure in rec.measures:
        measure.targets = []
        for begin, end in _sentences(measure):
            deadlines = _deadlines(rec, begin, end)
            inside = ordered[bisect_left(starts, begin) : bisect_left(starts, end)]
            aimed = [
                f
                for f in inside
                if f.bound != "exact" or deadlines or _GOAL.search(rec.text, begin, f.span.start) is not None
            ]
            deadline = deadlines[0] if deadlines else None
            for fig in aimed:
                spans = [fig.span] + ([deadline[0]] if deadline else [])
                measure.targets.append(_target(rec.text, spans, fig, deadline))
            if not aimed:
                for dl in deadlines:
                    measure.targets.append(_target(rec.text, [dl[0]], None, dl))


def _target(text: str, spans: list[Span], fig: Figure | None, dl: tuple[Span, str | None, int | None] | None) -> Target:
    t = Target(_join(text, spans), fig, rule="target-figure" if fig else "target-deadline")
    if dl is not None:
        t.deadline_text, t.deadline_date, t.deadline_year = dl
    return t
