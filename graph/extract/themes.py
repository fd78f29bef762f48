"""Tag measures with trade-facilitation themes, from the trigger terms in ontology/vocab/themes.ttl.

No theme word lives here: every trigger (tkg:trigger) and every phrase that hides one (tkg:excludedTerm) is read
from the vocabulary graph the gazetteer loads. Precision comes first: a theme is tagged only where one of its
triggers occurs in the measure's own words, outside its responsibility tag and outside department names (an office
named after a theme does not make every measure it carries about that theme). Where triggers overlap, the longest
wins, so an excluded phrase or a more specific trigger of another theme hides the shorter one inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from graph.extract.records import DocumentRecord, Measure, Span, ThemeTag
from graph.namespaces import TKG

_LATIN = re.compile(r"[A-Za-z0-9]")
_PLURAL = ("es", "s")


@dataclass(frozen=True)
class Trigger:
    theme: str | None  # None for an excluded term: it matches, and hides what it covers, but tags nothing
    lang: str


@dataclass
class ThemeIndex:
    """Folded trigger text → what it signals, and an Aho–Corasick automaton over all of them."""

    triggers: dict[str, list[Trigger]] = field(default_factory=dict)
    automaton: ahocorasick.Automaton | None = None

    def find(self, text: str) -> list[tuple[int, int, list[Trigger]]]:
        """Longest non-overlapping trigger matches in `text`, left to right, as (start, end, triggers)."""
        from graph.extract.gazetteer import fold  # gazetteer builds this index, so import it lazily

        if self.automaton is None:
            return []
        folded = fold(text)
        found: list[tuple[int, int, str]] = []
        for last, key in self.automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if _LATIN.match(key[0]) and start > 0 and folded[start - 1].isascii() and folded[start - 1].isalnum():
                continue
            if _LATIN.match(key[-1]):
                end = _word_end(folded, end)
                if end < 0:
                    continue
            found.append((start, end, key))
        out: list[tuple[int, int, list[Trigger]]] = []
        taken = bytearray(len(folded))
        for start, end, key in sorted(found, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            out.append((start, end, self.triggers[key]))
        return sorted(out, key=lambda m: m[0])


def _word_end(folded: str, end: int) -> int:
    """Where a Latin trigger ending at `end` ends as a word, allowing a plural ending; -1 if it ends mid-word."""
    for suffix in ("", *_PLURAL):
        stop = end + len(suffix)
        if folded.startswith(suffix, end) and (stop >= len(folded) or not _word_char(folded[stop])):
            return stop
    return -1


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "-")


def read_themes(g: Graph) -> ThemeIndex:
    """The trigger index of every tkg:Theme in the vocabulary graph `g`."""
    from graph.extract.gazetteer import fold

    index = ThemeIndex()
    for theme in g.subjects(RDF.type, TKG.Theme):
        for prop, target in ((TKG.trigger, str(theme)), (TKG.excludedTerm, None)):
            for lit in g.objects(theme, prop):
                if not isinstance(lit, Literal):
                    continue
                key = re.sub(r"\s+", " ", fold(str(lit))).strip()
                if len(key) < 2:
                    continue
                trig = Trigger(target, lit.language or "")
                index.triggers.setdefault(key, [])
                if trig not in index.triggers[key]:
                    index.triggers[key].append(trig)
    if index.triggers:
        auto = ahocorasick.Automaton()
        for key in index.triggers:
            auto.add_word(key, key)
        auto.make_automaton()
        index.automaton = auto
    return index


def _names_mask(rec: DocumentRecord) -> bytearray:
    """1 for every character inside a name rather than subject matter: every department the vocabulary knows.
    Names found only by pattern are not trusted to hide a trigger: "X海关保护" (customs protection of X) can look
    like the name of a customs house to a pattern. A mask keeps tagging linear in the length of the document."""
    mask = bytearray(len(rec.text))
    for m in rec.mentions:
        if m.kind == "department" and m.label is None:
            mask[m.span.start : m.span.end] = b"\x01" * (m.span.end - m.span.start)
    return mask


def tag_measure(
    measure: Measure, rec: DocumentRecord, index: ThemeIndex, names: bytearray | None = None
) -> list[ThemeTag]:
    """The themes of one measure, each with the first trigger that signals it (its evidence); triggers inside its
    responsibility tag or inside a name in `names` (see _names_mask) do not count."""
    base = measure.span.start
    names = names if names is not None else _names_mask(rec)
    tag = (measure.tag.start, measure.tag.end) if measure.tag is not None else (0, 0)
    seen: dict[str, ThemeTag] = {}
    for start, end, triggers in index.find(measure.text):
        s, e = base + start, base + end
        if (tag[0] < e and s < tag[1]) or any(names[s:e]):
            continue
        for trig in triggers:
            if trig.theme is None or trig.theme in seen:
                continue
            rule = f"theme-trigger-{trig.lang or rec.lang}"
            seen[trig.theme] = ThemeTag(trig.theme, Span(s, e, rec.text[s:e]), rule)
    return sorted(seen.values(), key=lambda t: (t.span.start, t.theme))


def tag_themes(rec: DocumentRecord, index: ThemeIndex) -> None:
    """Tag every measure of a document in place (after mentions are recognised, so department names are known)."""
    names = _names_mask(rec)
    for measure in rec.measures:
        measure.themes = tag_measure(measure, rec, index, names)
