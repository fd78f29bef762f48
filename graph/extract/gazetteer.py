"""The vocabularies under ontology/vocab as a gazetteer: every label and alias of every entry, matched over text.

Matching runs Aho–Corasick over a lower-cased copy of the text that keeps every character at its offset, so a match
is also an evidence span. Latin matches must sit on word boundaries; Chinese ones need none.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from graph.errors import VocabularyError
from graph.extract.figures import UnitIndex, read_units
from graph.extract.grammar import Grammar, read_grammar
from graph.extract.themes import ThemeIndex, read_themes
from graph.namespaces import TKG

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "（": "(",
        "）": ")",
        "，": ",",
        "：": ":",
        "\u3000": " ",
        "\xa0": " ",
    }
)
_LATIN = re.compile(r"[A-Za-z0-9]")


def fold(text: str) -> str:
    """Lower-case and unify punctuation without changing the length, so offsets carry over."""
    out = text.translate(_FOLD)
    lowered = out.lower()
    if len(lowered) == len(out):  # the usual case; a few characters ("İ") grow when lower-cased
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in out)


@lru_cache(maxsize=1 << 16)
def norm_label(text: str) -> str:
    """The key a label is indexed under: folded, single-spaced, without a leading "the" (remembered: the same
    candidate names are looked up again and again across a corpus)."""
    t = re.sub(r"\s+", " ", fold(text)).strip(" .,;:\"'")
    return re.sub(r"^the ", "", t)


@dataclass(frozen=True)
class Entry:
    iri: str
    cls: str  # local name of the tkg class
    kind: str  # mention type from tkg:mentionType
    pref_en: str | None
    pref_zh: str | None
    parent: str | None = None  # org:unitOf
    unit_type: str | None = None

    @property
    def label(self) -> str:
        return self.pref_en or self.pref_zh or self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    iris: tuple[str, ...]


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    index: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    automaton: ahocorasick.Automaton | None = None
    themes: ThemeIndex | None = None  # trigger terms of the themes (themes.ttl), read by extract/themes.py
    units: UnitIndex | None = None  # unit and scale words (units.ttl), read by extract/figures.py
    parties: dict[str, list[str]] = field(default_factory=dict)  # agreement -> places (dcterms:spatial)
    parts: set[str] = field(default_factory=set)  # places that are part of another place (dcterms:isPartOf)
    grammar: Grammar = field(default_factory=Grammar)  # words that shape names never seen (name-grammar.ttl)

    def lookup(self, name: str, kinds: tuple[str, ...] | None = None) -> list[Entry]:
        """Entries whose label or alias is `name`, optionally of the given mention kinds."""
        found = [self.entries[i] for i in self.index.get(norm_label(name), [])]
        return [e for e in found if kinds is None or e.kind in kinds]

    def units_of(self, parent: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.parent == parent]

    def all_labels(self, iri: str) -> list[str]:
        return [label for label, _ in self.labels.get(iri, [])]

    def find_all(self, text: str) -> list[Match]:
        """Longest non-overlapping label matches, left to right."""
        if self.automaton is None:
            return []
        folded = fold(text)
        candidates: list[tuple[int, int, str]] = []
        for end_idx, key in self.automaton.iter(folded):
            start = end_idx - len(key) + 1
            end = end_idx + 1
            if _LATIN.match(key[0]) and start > 0 and folded[start - 1].isalnum() and folded[start - 1].isascii():
                continue
            if _LATIN.match(key[-1]) and end < len(folded) and folded[end].isalnum() and folded[end].isascii():
                continue
            candidates.append((start, end, key))
        out: list[Match] = []
        taken = bytearray(len(folded))  # 1 where a longer match already holds the character
        for start, end, key in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            out.append(Match(start, end, tuple(self.index[key])))
        return sorted(out, key=lambda m: m.start)


def _local(iri: URIRef | str) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=4)
def load_graph(ontology_dir: Path) -> Graph:
    """ontology/tradekg.ttl and every ontology/vocab/*.ttl in one graph, parsed once per process.

    Shared by the gazetteer and the build; callers must not modify it (derive a new graph instead)."""
    g = Graph()
    try:
        g.parse(ontology_dir / "tradekg.ttl")
        for path in sorted((ontology_dir / "vocab").glob("*.ttl")):
            g.parse(path)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise VocabularyError(f"cannot read vocabulary: {exc}") from exc
    return g


@lru_cache(maxsize=4)
def load(ontology_dir: Path) -> Gazetteer:
    """Build the gazetteer from ontology/tradekg.ttl (mention types) and ontology/vocab/*.ttl (entries)."""
    g = load_graph(ontology_dir)
    kinds = {str(c): str(k) for c, k in g.subject_objects(TKG.mentionType)}
    gaz = Gazetteer(grammar=read_grammar(g))
    for s, cls in g.subject_objects(RDF.type):
        if str(cls) not in kinds and cls not in (TKG.UnitType,):
            continue
        iri = str(s)
        pref = {lit.language: str(lit) for lit in g.objects(s, SKOS.prefLabel) if isinstance(lit, Literal)}
        parent = g.value(s, ORG.unitOf)
        unit_type = g.value(s, TKG.unitType)
        kind = kinds.get(str(cls), "unit_type")
        gaz.entries[iri] = Entry(
            iri,
            _local(str(cls)),
            kind,
            pref.get("en"),
            pref.get("zh"),
            str(parent) if parent else None,
            str(unit_type) if unit_type else None,
        )
        if kind == "place" and g.value(s, DCTERMS.isPartOf) is not None:
            gaz.parts.add(iri)
        if kind == "agreement":
            gaz.parties[iri] = [str(o) for o in g.objects(s, DCTERMS.spatial)]
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label):
            for lit in g.objects(s, prop):
                gaz.labels[iri].append((str(lit), getattr(lit, "language", None) or ""))
    auto = ahocorasick.Automaton()
    for iri, labels in gaz.labels.items():
        for label, _ in labels:
            key = norm_label(label)
            if len(key) < 2:
                continue
            if iri not in gaz.index[key]:
                gaz.index[key].append(iri)
    for key in gaz.index:
        auto.add_word(key, key)
    if len(gaz.index):
        auto.make_automaton()
        gaz.automaton = auto
    gaz.themes = read_themes(g)
    gaz.units = read_units(g)
    return gaz
