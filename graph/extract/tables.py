"""Task lists laid out as text tables: each row is a measure, and a units column says who is responsible for it.

A table is a heading line split into cells (by "|", by tabs, or by runs of two or more spaces) with a task column
and a column naming units ("No. | Task | Responsible Department | Deadline", 序号 任务 责任部门 完成时限), then the
rows split the same way, up to the first line that is not a row. The heading words are in tag-grammar.ttl (column
headings, role words and unit nouns), so a new heading is an edit to Turtle. Rules for what counts as a measure
are ANNOTATION.md's: a table row that numbers a task is an enumerated item like "1." is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract.lines import Line
from graph.extract.records import Measure, Responsibility, Span
from graph.extract.tags import column_words, split_names, unit_column_role

_RULE = re.compile(r"^[\s|+:=_-]*$")  # a ruling line between heading and rows ("---|---", "+----+")


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # offset in the document


def cells(line: Line, sep: str) -> list[Cell]:
    """The cells of `line` split by `sep` ("|", a tab, or runs of two or more spaces), each with its offset; an empty
    cell between two bars is kept (a row with no unit named), the empty edges of "| a | b |" are not cells."""
    body = line.text
    pattern = {"|": r"\|", "\t": r"\t+", "  ": r"[ \u3000]{2,}|\t+"}[sep]
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(pattern, body):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(body)))
    out = [Cell(body[a:b].strip(), line.start + a + len(body[a:b]) - len(body[a:b].lstrip())) for a, b in bounds]
    while out and not out[0].text:
        out = out[1:]
    while out and not out[-1].text:
        out = out[:-1]
    return out


def _separator(line: Line) -> str | None:
    if "|" in line.text:
        return "|"
    if "\t" in line.text.strip():
        return "\t"
    if re.search(r"\S[ \u3000]{2,}\S", line.text):
        return "  "
    return None


def _matches(heading: str, words: dict[str, list[str]]) -> bool:
    low = heading.lower().strip(" .:：")
    return any(low == w.lower().strip(" .:：") for lang in words.values() for w in lang)


@dataclass(frozen=True)
class Columns:
    sep: str
    count: int
    number: int | None
    task: int
    units: tuple[tuple[int, str], ...]  # column, role


def heading(line: Line) -> Columns | None:
    """The columns a heading line declares, when it has a task column and a units column."""
    sep = _separator(line)
    if sep is None:
        return None
    found = cells(line, sep)
    if len(found) < 2:
        return None
    words = column_words()
    number = next((k for k, c in enumerate(found) if _matches(c.text, words.get("column-number", {}))), None)
    task = next((k for k, c in enumerate(found) if _matches(c.text, words.get("column-task", {}))), None)
    units = tuple((k, role) for k, c in enumerate(found) if (role := unit_column_role(c.text)) and k != task)
    if task is None or not units:
        return None
    return Columns(sep, len(found), number, task, units)


def table_measures(lines: list[Line], lang: str, start_at: int = 0) -> list[Measure]:
    """Every row of every task table after `start_at`, as a measure with its units (ordinals are set by the
    caller, which merges them with the document's other measures)."""
    out: list[Measure] = []
    k = 0
    while k < len(lines):
        cols = heading(lines[k]) if lines[k].start >= start_at else None
        k += 1
        if cols is None:
            continue
        while k < len(lines) and _RULE.match(lines[k].text) and lines[k].text.strip():
            k += 1
        while k < len(lines):
            row = _row(lines[k], cols)
            if row is None:
                # a group heading between rows ("（一）口岸通关", "Part II") or a blank line does not end the table
                # when a row follows it
                nxt = next((ln for ln in lines[k + 1 : k + 4] if ln.text.strip()), None)
                if _between_rows(lines[k], cols) and nxt is not None and _row(nxt, cols) is not None:
                    k += 1
                    continue
                break
            measure = _row_measure(row, cols, lang, len(out) + 1)
            if measure is not None:
                out.append(measure)
            k += 1
    return out


def _row(line: Line, cols: Columns) -> list[Cell] | None:
    """The cells of a table row, or None when `line` is not one (too few cells for the table's columns)."""
    if _separator(line) != cols.sep:
        return None
    row = cells(line, cols.sep)
    if len(row) < max(2, cols.count - 1) or len(row) <= cols.task:
        return None
    return row


def _between_rows(line: Line, cols: Columns) -> bool:
    """A blank line or a short group heading of one cell, which may stand between the rows of a task table: a line
    of its own ("Part A — Clearance") or a row of the table with only its first cell filled ("| 一、口岸通关 | | |")."""
    text = line.text.strip()
    sep = _separator(line)
    if sep is not None and sep == cols.sep:
        filled = [c for c in cells(line, sep) if c.text]
        text = filled[0].text if len(filled) == 1 else ""
        if not text:
            return False
    elif sep is not None:
        return False
    return not text or (len(text) <= 80 and not text.endswith(("。", ".", ":", "：")))


def _row_measure(row: list[Cell], cols: Columns, lang: str, position: int) -> Measure | None:
    task = row[cols.task]
    if not task.text:
        return None
    numbering = row[cols.number].text if cols.number is not None and cols.number < len(row) else str(position)
    measure = Measure(0, numbering, "table-row", Span(task.start, task.start + len(task.text), task.text))
    for column, role in cols.units:
        if column >= len(row) or not row[column].text:
            continue
        for part in split_names(row[column].text, row[column].start, role, lang):
            measure.responsibilities.append(Responsibility(part.span.text, part.span, part.role, part.rule))
    return measure
