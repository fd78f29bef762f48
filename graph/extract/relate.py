"""Relations read from text: who is responsible for a measure, resolved to organisations.

Internal units are scoped to the issuing organisation ("Supervision Office" in a district's notice is that district's
supervision office): first the issuer's own units in the vocabulary, then organisations in their own right,
then a unit type (the generic function, e.g. supervision office) instantiated under the issuer, and last a name never
seen, kept as written and marked as discovered.
"""

from __future__ import annotations

import re

from graph.extract.gazetteer import Gazetteer
from graph.extract.names import is_body_name, is_generic, is_org_name, slug
from graph.extract.records import Mention, Responsibility, Span
from graph.extract.tags import Tag
from graph.namespaces import ID

_SEP = re.compile(r"\s*(?:,|，|、|;|；|/|\band\b|&|和|及|以及)\s*", re.I)
_ORG_KINDS = ("department", "unit_type")
_ARTICLE = re.compile(r"\s*the\s+", re.I)
_AND = re.compile(r"^\s*(?:and|&|和|及|以及)\s*$", re.I)


def split_names(text: str, start: int, gaz: Gazetteer) -> list[Span]:
    """Names in a tag segment: known labels win, other separators split, and "X and Y" stays whole when X is no
    organisation name on its own ("Animal and Plant Quarantine Office")."""
    pieces: list[tuple[int, int]] = []
    seps: list[str] = []
    pos = 0
    for m in _SEP.finditer(text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
            seps.append(m.group(0))
        pos = m.end()
    if pos < len(text):
        pieces.append((pos, len(text)))
        seps.append("")
    out: list[Span] = []
    i = 0
    while i < len(pieces):
        best = i
        for j in range(len(pieces) - 1, i, -1):
            if gaz.lookup(text[pieces[i][0] : pieces[j][1]], _ORG_KINDS):
                best = j
                break
        if best == i:
            while (
                best + 1 < len(pieces)
                and _AND.match(seps[best])
                and not is_org_name(text[pieces[i][0] : pieces[best][1]])
                and not gaz.lookup(text[pieces[i][0] : pieces[best][1]], _ORG_KINDS)
            ):
                best += 1
        s, e = pieces[i][0], pieces[best][1]
        article = _ARTICLE.match(text, s)
        if article and article.end() < e:
            s = article.end()  # "with the Policy Division and the Finance Division cooperating"
        name = text[s:e].strip(" .。")
        if name and not is_generic(name):
            out.append(Span(start + s, start + s + len(name), name))
        i = best + 1
    return out


def responsibilities(tag: Tag, gaz: Gazetteer) -> list[Responsibility]:
    """Every unit a tag names, with its role, in the order written."""
    out = []
    for part in tag.parts:
        for span in split_names(part.span.text, part.span.start, gaz):
            # a name wrapped over two lines is one name: its label is the words with single spaces
            out.append(Responsibility(" ".join(span.text.split()), span, part.role, part.rule))
    return out


def resolve_unit(name: str, span: Span, scope: str | None, gaz: Gazetteer, doc_iri: str) -> Mention:
    """The organisation or unit a name in a responsibility tag refers to, scoped to `scope` (the issuer)."""
    entries = gaz.lookup(name, ("department",))
    for e in entries:
        if scope and e.parent == scope:
            return Mention("department", span, "unit-of-issuer", iri=e.iri)
    for e in entries:
        if e.cls != "InternalUnit":
            return Mention("department", span, "vocabulary", iri=e.iri)
    parent = scope or f"{doc_iri}/issuer"
    types = gaz.lookup(name, ("unit_type",))
    if types:
        ut = types[0]
        iri = f"{parent}/{slug(ut.pref_en or ut.label)}"
        known = gaz.entries.get(iri)
        return Mention(
            "department", span, "unit-type", iri=iri, label=None if known else name, parent=parent, unit_type=ut.iri
        )
    if entries and not scope:
        return Mention("department", span, "vocabulary-unscoped", iri=entries[0].iri)
    if is_body_name(name) and not re.search(r"(?:office|division|section)$", name, re.I):
        return Mention("department", span, "discovered-body", iri=str(ID[f"org/{slug(name)}"]), label=name)
    return Mention("department", span, "discovered-unit", iri=f"{parent}/{slug(name)}", label=name, parent=parent)
