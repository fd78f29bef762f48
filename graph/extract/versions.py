"""Versions of an agreement: "China-ASEAN FTA 3.0", "version 3.0 of the China-ASEAN Free Trade Area",
中国—东盟自由贸易区3.0版. A version is its own agreement, linked to no other by this module, named from the
agreement's preferred label in each language so that both languages reach one IRI.

The frames a version is written in are in name-grammar.ttl (tkg:NameFrame, frame of "agreement-version").
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.gazetteer import Gazetteer
from graph.extract.names import slug
from graph.extract.records import Mention, Span
from graph.namespaces import ID

_KIND = "agreement-version"
_NUMBER = r"\d+(?:\.\d+)+"


@lru_cache(maxsize=8)
def _affixes(before: str, after: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    ahead = re.compile(rf"(?i:{before})$") if before else None
    behind = re.compile(rf"(?i:{after})(?![\d.])") if after else None
    return ahead, behind


def _found(text: str, span: Span, gaz: Gazetteer, lang: str) -> tuple[Span, str] | None:
    """The whole span of a version written around `span`, and the version number, or None."""
    ahead, behind = _affixes(*gaz.grammar.frame_affixes(_KIND, lang, {"version": _NUMBER}))
    pre = ahead.search(text, max(0, span.start - 40), span.start) if ahead else None
    post = behind.match(text, span.end) if behind else None
    around = pre or post
    number = re.search(_NUMBER, around.group(0)) if around is not None else None
    if number is None:
        return None
    start, end = (pre.start() if pre else span.start), (post.end() if post else span.end)
    return Span(start, end, text[start:end]), number.group(0)


def versioned(m: Mention, text: str, gaz: Gazetteer) -> Mention:
    """`m` itself, or the version of its agreement that the text writes around it."""
    if m.kind != "agreement" or m.iri is None:
        return m
    lang = "zh" if re.search("[\u4e00-\u9fff]", m.span.text) else "en"
    found = _found(text, m.span, gaz, lang)
    if found is None:
        return m
    span, number = found
    gr = gaz.grammar
    entry = gaz.entries.get(m.iri)
    names = {
        lg: gr.frame_name(_KIND, lg, name=base, version=number)
        for lg, base in (
            ("en", entry.pref_en if entry else (m.label if lang == "en" else None)),
            ("zh", entry.pref_zh if entry else (m.label if lang == "zh" else None)),
        )
        if base
    }
    label = names.get(lang) or f"{m.label or m.span.text} {number}"
    known = gaz.lookup(label)
    rule = f"pattern-agreement-version-{lang}"
    if known:
        return Mention("agreement", span, rule, iri=known[0].iri, surface=span.text)
    iri = str(ID[f"agreement/{slug(names.get('en') or label)}"])  # one IRI whichever language names it
    return Mention("agreement", span, rule, iri=iri, label=label, surface=span.text)
