"""Figures (value, unit, year, what is measured) and the targets and deadlines measures set themselves.

Unit and scale words are names, so they come from ontology/vocab/units.ttl (the labels of each tkg:UnitOfMeasure
and tkg:ScaleWord); what stays here is the shape of numbers and the few grammatical cue words around them
("over", "within", 以上, 以内, "by the end of", 年底前). A number is a figure only when a unit follows it, so years,
document numbers and enumerators are never figures. Chinese numerals go through numbering.zh_value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from graph.extract.numbering import ZH_NUM, zh_value
from graph.extract.records import DocumentRecord, Figure, Span
from graph.namespaces import TKG

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + ZH_NUM + r")"
_MIN_BEFORE = re.compile(r"(?:over|more than|above|at least|exceed(?:ed|ing)?|超过|不低于|不少于)\s*$", re.I)
_MAX_BEFORE = re.compile(r"(?:within|less than|under|no more than|up to|不超过|不高于)\s*$", re.I)
_MIN_AFTER = re.compile(r"^\s*(?:以上|多|or more|and above)")
_MAX_AFTER = re.compile(r"^\s*(?:以内|以下|之内|内|or less)")
_YEAR = re.compile(r"(?<![\d\[〔(（])(?P<y>(?:19|20)\d{2})(?=年|\b)(?![\]〕)）])")
_CLAUSE = re.compile(r"[,，;；:：.。!?！？、“”\"()（）\n]|\bwhile\b|\bwhich\b|\bwhere\b")
_SENTENCE = re.compile(r"[.。;；!?！？\n]")
# function words between what is measured and its number ("total foreign trade reached 42 trillion yuan")
_LEAD_OUT = re.compile(
    r"(?:(?<=\s)|^)(?:reached|reaching|was|were|is|are|of|to|by|at|for|in|over|more than|about|around|nearly|up|"
    r"within|than|exceeded|exceeding|totalled|totaling|accounting for|amounted to|compressed|increased|reduced|"
    r"shall be|will be|be|with|there|has|have|had)\s*$"
    r"|(?:达到|达|为|提升至|提高到|压缩至|降至|至|共计|约|超过|合计|占)\s*$",
    re.I,
)

# words before it that belong to the sentence, not to the quantity ("and raise …", "2023年查获…")
_LEAD_IN = re.compile(
    r"^(?:(?:and|or|then|while|in (?:19|20)\d{2},?|(?:by )?(?:the )?end of (?:the|this) year,?)\s+"
    r"|(?:19|20)\d{2}年(?:度)?)+",
    re.I,
)
_DANGLING = re.compile(r"(?:\s+(?:and|or|the|a|an|in|to|by|for|of|with|at))+$", re.I)
# "2.8 tons of drugs", "20% of China's total foreign trade value": what is measured follows the figure
_OF_AFTER = re.compile(r"\s+of\s+(?!which\b|whom\b|them\b|it\b)(?P<q>[^,.;:!?()\n\d]{3,100})", re.I)


@dataclass
class UnitIndex:
    """Unit and scale words from the vocabulary, longest first, as one alternation each."""

    units: dict[str, str] = field(default_factory=dict)  # folded label → unit IRI
    scales: dict[str, Decimal] = field(default_factory=dict)  # folded label → factor
    lowercase: set[str] = field(default_factory=set)  # unit words the vocabulary writes in lower case
    pattern: re.Pattern[str] | None = None


def read_units(g: Graph) -> UnitIndex:
    """The unit and scale words of ontology/vocab/units.ttl, and the figure pattern built from them."""
    index = UnitIndex()
    for cls, table in ((TKG.UnitOfMeasure, "units"), (TKG.ScaleWord, "scales")):
        for entry in g.subjects(RDF.type, cls):
            for prop in (SKOS.prefLabel, SKOS.altLabel):
                for lit in g.objects(entry, prop):
                    key = str(lit).lower()
                    if table == "units":
                        index.units.setdefault(key, str(entry))
                        if str(lit) == key and any(c.isalpha() and c.isascii() for c in key):
                            index.lowercase.add(key)
                    else:
                        factor = g.value(entry, TKG.factor)
                        if isinstance(factor, Literal):
                            index.scales.setdefault(key, Decimal(str(factor)))
    if index.units:
        unit_alt = "|".join(re.escape(u) for u in sorted(index.units, key=len, reverse=True))
        scale_alt = "|".join(re.escape(s) for s in sorted(index.scales, key=len, reverse=True))
        index.pattern = re.compile(
            r"(?<![A-Za-z0-9.,第一二三四五六七八九十百零〇两])"
            + _NUM
            + r"\s?(?:(?P<scale>"
            + scale_alt
            + r")\s?)?(?P<unit>"
            + unit_alt
            + r")(?![A-Za-z])",
            re.I,
        )
    return index


def _value(token: str) -> Decimal | None:
    if token[0].isdigit():
        return Decimal(token.replace(",", ""))
    v = zh_value(token)
    return Decimal(v) if v is not None else None


def _clause_start(text: str, pos: int) -> int:
    last = 0
    for m in _CLAUSE.finditer(text, max(0, pos - 160), pos):
        last = m.end()
    return max(last, pos - 160, 0)


def _quantity(text: str, start: int, end: int) -> Span | None:
    """What a figure measures: an "of" phrase right after it ("2.8 tons of drugs"), else the words before it in its
    clause, without the verb that links them ("total foreign trade reached 42 trillion yuan")."""
    after = _OF_AFTER.match(text, end)
    if after:
        first = re.match(r"\S+(?:\s+\S+){0,7}", after.group("q"))  # at most eight words, as written
        q = _DANGLING.sub("", first.group(0)) if first else ""
        if len(q) >= 2:
            return Span(after.start("q"), after.start("q") + len(q), q)
    begin = _clause_start(text, start)
    chunk = text[begin:start]
    while True:
        cut = _LEAD_OUT.sub("", chunk)
        if cut == chunk:
            break
        chunk = cut
    words = chunk.split()
    if len(words) > 10:  # English: keep the last ten words
        chunk = " ".join(words[-10:])
    chunk = _LEAD_IN.sub("", chunk.strip(" \t\"'“”"))
    if len(chunk) < 2 or chunk.isdigit():
        return None
    s = text.rfind(chunk, begin, start)
    return Span(s, s + len(chunk), chunk) if s >= 0 else None


def _year(text: str, start: int, end: int) -> Span | None:
    """The year named nearest to the figure within its sentence."""
    b = max((m.end() for m in _SENTENCE.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    stop = _SENTENCE.search(text, end)
    e = stop.start() if stop else len(text)
    years = [(abs(m.start() - start), m.start("y")) for m in _YEAR.finditer(text, b, e)]
    if not years:
        return None
    y = min(years)[1]
    return Span(y, y + 4, text[y : y + 4])


def _bound(text: str, start: int, end: int) -> tuple[str, int, int]:
    """ "exact", "min" or "max", and the figure's span widened to the words that bound it ("over 70%", "4小时以内")."""
    before, after = text[max(0, start - 20) : start], text[end : end + 8]
    for kind, pre, post in (("min", _MIN_BEFORE, _MIN_AFTER), ("max", _MAX_BEFORE, _MAX_AFTER)):
        b, a = pre.search(before), post.match(after)
        if b or a:
            return kind, start - (len(before) - b.start() if b else 0), end + (a.end() if a else 0)
    return "exact", start, end


def find_figures(rec: DocumentRecord, index: UnitIndex) -> list[Figure]:
    """Every number followed by a unit in the document, with its bound, quantity and year."""
    if index.pattern is None:
        return []
    text = rec.text
    out: list[Figure] = []
    for m in index.pattern.finditer(text):
        value = _value(m.group("num"))
        if value is None or (value == 1 and not m.group("num")[0].isdigit()):
            continue  # 一批, 一件, 一人: the Chinese "one" before a measure word is an article, not a count
        scale = m.group("scale")
        if scale:
            value *= index.scales[scale.lower()]
        bound, start, end = _bound(text, m.start(), m.end())
        span = Span(start, end, text[start:end])
        written = m.group("unit")
        if written.lower() in index.lowercase and written != written.lower():
            continue  # a unit word in title case belongs to a name: "16 Measures for …"
        unit = index.units[written.lower()]
        year = _year(text, m.start(), m.end())
        out.append(Figure(span, value, unit, bound, _quantity(text, m.start(), m.end()), year, f"figure-{rec.lang}"))
    return out
