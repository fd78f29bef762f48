"""One document, text to record: header, issuer, structure, responsibilities, mentions, package.

The stages are plain functions (lines, segment, tags, relate, recognise); this module only orders them.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from graph.extract.characterise import characterise
from graph.extract.gazetteer import Gazetteer
from graph.extract.lines import date_line, is_zh, number_span, split_lines, title_line
from graph.extract.names import slug
from graph.extract.read import SourceText
from graph.extract.recognise import issuers, recognise
from graph.extract.records import DocumentRecord, Measure, Mention, Package, Section, Span
from graph.extract.relate import resolve_unit, responsibilities
from graph.extract.segment import cover_end, segment
from graph.extract.tables import table_measures
from graph.extract.tags import find_tag
from graph.namespaces import ID

_PKG_EN = re.compile(
    r"\b(?P<name>(?P<n>\d{1,3}|(?:twenty|thirty)[- ]\w+|\w+teen|ten|eleven|twelve)\s+"
    r"(?:[A-Za-z-]+\s+){0,3}?(?:Measures|Initiatives|Tasks|Policies|Articles|Opinions)"
    r"(?:\s+(?:for|to|on|of|in|of the)\s+[^\n\"”,.;]{3,120})?)",
    re.I,
)
_PKG_ISSUE_EN = re.compile(
    r"(?:Printing and Distributing|Issuing|Distributing|Publishing|Promulgating)\s+"
    r"(?:the\s+)?[\"“]?(?P<name>[^\"”]+?)[\"”]?\s*$",
    re.I,
)
_PKG_ZH = re.compile(r"(?:印发|发布|出台)《?(?P<name>[^《》]{4,60}?)》?的通知")


def doc_iri(source: str) -> str:
    """A document's IRI is derived from its file name, so rebuilding never renames it."""
    stem = source.rsplit(".", 1)[0]
    return str(ID[f"document/{slug(stem)}"])


def _package(text: str, title: Span | None) -> Package | None:
    if title is None:
        return None
    m = _PKG_ISSUE_EN.search(title.text) or _PKG_ZH.search(title.text)
    if not m:
        return None
    name = m.group("name").strip()
    size_m = _PKG_EN.match(name) or re.match(r"(?P<n>\d{1,3})(?:条|项)", name)
    size = None
    if size_m and size_m.group("n").isdigit():
        size = int(size_m.group("n"))
    s = title.start + m.start("name")
    return Package(name, Span(s, s + len(name), name), size, issued_here=True)


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and overlapping ones joined, so that a bisection finds the only one a span can overlap."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _overlaps_any(span: Span, spans: list[tuple[int, int]]) -> bool:
    """True when `span` overlaps one of `spans` (sorted and disjoint): only the last one starting before its end
    can, so this is a bisection, not a scan over every tag in the document."""
    k = bisect_left(spans, (span.end, span.end)) - 1
    return k >= 0 and spans[k][0] < span.end and span.start < spans[k][1]


def _with_table_rows(measures: list[Measure], rows: list[Measure], sections: list[Section]) -> list[Measure]:
    """The rows of task tables join the numbered items, in document order and numbered through: an item that holds
    a row (a line read as a numbered item whose text runs over the table) gives way to the rows."""
    if not rows:
        return measures
    starts = sorted(r.span.start for r in rows)
    kept = [m for m in measures if not _holds(m.span, starts)]
    for row in rows:
        row.section = next((s for s in reversed(sections) if s.span.start < row.span.start), None)
    merged = sorted(kept + rows, key=lambda m: m.span.start)
    for k, m in enumerate(merged, 1):
        m.ordinal = k
    return merged


def _holds(span: Span, starts: list[int]) -> bool:
    k = bisect_left(starts, span.start)
    return k < len(starts) and starts[k] < span.end


def _without_own_title(mentions: list[Mention], title: Span | None) -> list[Mention]:
    """A plan or measures document whose title is itself a plan's name ("Implementation Plan of X Customs for
    …") is the document, not a plan it mentions; a title that issues a named plan ("Notice on Issuing the Measures
    for …") still names that plan."""
    if title is None:
        return mentions
    size = len(title.text.strip())
    own = {
        m.iri
        for m in mentions
        if m.kind == "law_or_plan" and m.span.start - title.start <= 2 and (m.span.end - m.span.start) >= 0.6 * size
    }
    return [m for m in mentions if not (m.kind == "law_or_plan" and m.iri in own)]


def extract(src: SourceText, gaz: Gazetteer) -> DocumentRecord:
    """Everything tradekg reads from one document, with spans, before it becomes RDF."""
    text = src.text
    lines = split_lines(text)
    rec = DocumentRecord(src.name, text, "zh" if is_zh(text[:3000]) else "en", src.checksum, src.encoding)
    title = title_line(lines, gaz.grammar)
    rec.title = title.span if title else None
    dated = date_line(lines, gaz.grammar)
    if dated:
        rec.date, rec.date_span = dated
    rec.number = number_span(lines, title)
    rec.issuers = issuers(lines, title, gaz)
    # a signing office (厦门海关办公室) speaks for its organisation: units in tags are that organisation's
    scope = next((m.parent or m.iri for m in rec.issuers if m.iri), None)
    package = _package(text, rec.title)
    if package:
        rec.packages.append(package)
    start = cover_end(lines, title, package.name if package else None)
    header = {ln.index for ln in lines if title is not None and ln.start <= title.start}
    header |= {
        ln.index
        for ln in lines
        for span in (rec.date_span, rec.number)
        if span is not None and ln.start <= span.start < ln.end + 1
    }
    structure = segment(text, lines, start, frozenset(header))
    rec.sections = structure.sections
    rec.measures = _with_table_rows(structure.measures, table_measures(lines, rec.lang, start), rec.sections)
    me = doc_iri(src.name)
    for measure in rec.measures:
        if measure.style == "table-row":
            continue  # its units are its row's units column, read with the row
        tag = find_tag(measure.text, measure.span.start)
        if tag is None:
            continue
        measure.tag = tag.span
        measure.responsibilities = responsibilities(tag, gaz)
    tag_spans = _disjoint([(r.span.start, r.span.end) for m in rec.measures for r in m.responsibilities])
    # names inside a responsibility tag are resolved by relate (scoped to the issuer), not by the plain matcher
    rec.mentions = [m for m in recognise(text, gaz, scope, me) if not _overlaps_any(m.span, tag_spans)]
    rec.mentions = _without_own_title(rec.mentions, rec.title)
    for measure in rec.measures:
        for resp in measure.responsibilities:
            unit = resolve_unit(resp.name, resp.span, scope, gaz, me)
            unit.rule = resp.rule + "/" + unit.rule
            rec.mentions.append(unit)
    characterise(rec, gaz)
    return rec
