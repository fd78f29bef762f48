"""The words of the genre that shape names, read from ontology/vocab (name-grammar.ttl, posts.ttl).

Patterns for names no vocabulary lists yet are built from these words, so that adding a head noun, a boundary word
or a post title is an edit to Turtle, not to Python. The gazetteer loads a Grammar with its entries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from graph.namespaces import TKG

HAN = r"\u4e00-\u9fff"


def _alternation(words: list[str]) -> str:
    """A regex alternation that tries longer words first (so 深度合作区 wins over 合作区)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _literal(text: str) -> str:
    """Fixed words of a frame as a regex: escaped, any run of spaces between them read as one or more spaces."""
    return "[ ]+".join(re.escape(w) for w in text.split(" ")) if text.strip() else re.escape(text)


@dataclass(frozen=True)
class Trigger:
    """A phrase naming one arrangement per partner, with the name templates for partners no vocabulary lists."""

    labels: dict[str, tuple[str, ...]]  # lang -> labels
    templates: dict[str, str]  # lang -> template with {partner}


@dataclass
class Grammar:
    heads: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    boundaries: list[str] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)  # 新闻, 中心: words a one-character boundary does not cut
    generic: list[str] = field(default_factory=list)
    modifiers: list[str] = field(default_factory=list)  # 公路, 重点: qualify a head by kind, never a name alone
    posts: list[tuple[str, str, str]] = field(default_factory=list)  # label, lang, title IRI
    triggers: list[Trigger] = field(default_factory=list)
    built: dict[str, str] = field(default_factory=dict)  # alternations already built
    frame_names: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    head_prefs: dict[str, dict[str, dict[str, str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )  # kind -> lang -> alternative head (lower case) -> preferred head
    family_names: frozenset[str] = frozenset()  # Chinese family names (王, 欧阳): a speaker's name opens with one
    frames: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    document_kinds: re.Pattern[str] = re.compile(r"(?!)")  # notice, plan, measures…: whole words, any case
    person_labels: re.Pattern[str] = re.compile(r"(?!)")  # Contact, 联系人: the field's value is a person
    source_labels: re.Pattern[str] = re.compile(r"(?!)")  # Source, Issued by, 来源: a line opening with one
    quoted_campaign: re.Pattern[str] = re.compile(r"(?!)")  # “X”专项行动, "X" campaign, "X 2025": a campaign's name
    # an issuing note around a date (the date written as #): （X海关#印发）, (Issued by X on #)
    issued_note: re.Pattern[str] = re.compile(r"(?!)")
    # a Chinese issuing note on its own line, with its issuer and date: （磨憨海关2025年1月24日印发）
    issuing_line: re.Pattern[str] = re.compile(r"(?!)")
    link_words: frozenset[str] = frozenset()  # of, the, and, for: small words inside an English organisation name

    def names_document_kind(self, text: str) -> bool:
        """True when `text` has a word naming a kind of document (a title does; a letterhead does not)."""
        return bool(self.document_kinds.search(text))

    def is_source_line(self, text: str) -> bool:
        """True when `text` opens with a label naming the publisher ("Source: …", "Issued by …", 来源：…)."""
        return bool(self.source_labels.match(text))

    def is_issuing_note(self, before: str, after: str) -> bool:
        """True when the text before and after a date makes an issuing note (（X海关…印发）, "Issued by X on …")."""
        return self.issued_note.fullmatch(f"{before}#{after}") is not None

    def is_link_word(self, word: str) -> bool:
        """True for a small word that may stand inside an English organisation name ("of", "the")."""
        return word in self.link_words

    def head_alternation(self, kind: str, lang: str) -> str:
        """The heads of `kind` in `lang` as one alternation (built once: every document asks for it)."""
        key = f"heads/{kind}/{lang}"
        if key not in self.built:
            self.built[key] = _alternation(self.heads.get(kind, {}).get(lang, []))
        return self.built[key]

    def frame_openings(self, kind: str, lang: str, place: str) -> str:
        """A regex alternation of the openings of the frames names of `kind` are written in (the text before
        {head}), with {place} read by `place`: "China ({place}) {head}" opens with "China (Hainan)"."""
        alts = []
        for frame in self.frames.get(kind, {}).get(lang, []):
            opening = frame.split("{head}", 1)[0].rstrip()
            pieces = re.split(r"(\{place\})", opening)
            alts.append("".join(f"(?:{place})" if p == "{place}" else _literal(p) for p in pieces))
        return "|".join(sorted(alts, key=len, reverse=True))

    def frame_affixes(self, kind: str, lang: str, slots: dict[str, str]) -> tuple[str, str]:
        """Alternations of the text frames of `kind` put before and after {name}, each other {slot} read by the
        regex `slots` gives it: "Version {version} {name}" puts "Version 3.0 " before a name."""
        before: set[str] = set()
        after: set[str] = set()
        for frame in self.frames.get(kind, {}).get(lang, []):
            if "{name}" not in frame:
                continue
            head, tail = frame.split("{name}", 1)
            for part, into in ((head, before), (tail, after)):
                if part:
                    pieces = re.split(r"(\{\w+\})", part)
                    into.add("".join(f"(?:{slots[p[1:-1]]})" if p[1:-1] in slots else _literal(p) for p in pieces))
        return "|".join(sorted(before, key=len, reverse=True)), "|".join(sorted(after, key=len, reverse=True))

    def frame_name(self, kind: str, lang: str, **slots: str) -> str | None:
        """The name a frame of `kind` gives (its preferred label, slots filled in)."""
        template = self.frame_names.get(kind, {}).get(lang)
        if template is None:
            return None
        for key, value in slots.items():
            template = template.replace("{" + key + "}", value)
        return template

    def head_name(self, kind: str, lang: str, head: str) -> str:
        """A head's preferred form ("FTA" -> "Free Trade Agreement"), or the head itself."""
        return self.head_prefs.get(kind, {}).get(lang, {}).get(head.lower(), head)

    def post_alternation(self, lang: str) -> str:
        """Every post title in `lang` as one alternation (built once per language: it is asked for per name)."""
        key = f"posts/{lang}"
        if key not in self.built:
            self.built[key] = _alternation([label for label, lg, _ in self.posts if lg == lang])
        return self.built[key]

    def post_iri(self, title: str) -> str | None:
        """The post title a written title names (case-insensitive; the longest known title inside it)."""
        low = title.lower()
        best: tuple[int, str] | None = None
        for label, _, iri in self.posts:
            if label.lower() in low and (best is None or len(label) > best[0]):
                best = (len(label), iri)
        return best[1] if best else None

    def is_generic(self, name: str) -> bool:
        """True when a qualifier makes the name generic (隶属海关, 相关部门, relevant departments)."""
        han, words = self._generic_tests
        return any(q in name for q in han) or bool(words and words.search(name.lower()))

    @cached_property
    def _generic_tests(self) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
        """The generic qualifiers read once: Chinese ones are found as substrings, the others as whole words of the
        lower-cased name, all in one pattern (is_generic is asked for every candidate name of every document)."""
        han = tuple(q for q in self.generic if re.search(f"[{HAN}]", q))
        words = [q for q in self.generic if not re.search(f"[{HAN}]", q)]
        return han, re.compile("|".join(rf"\b{re.escape(q)}\b" for q in words)) if words else None

    def only_modifiers(self, prefix: str) -> bool:
        """True when `prefix` is made only of kind modifiers (公路, 重点, 智慧) and at most one other character, so
        that with its head it names a kind of port or zone (重点口岸, 中蒙陆路口岸 cut to 蒙陆路), not one instance."""
        rest = prefix
        changed = True
        while changed and rest:
            changed = False
            for word in sorted(self.modifiers, key=len, reverse=True):
                if rest.endswith(word):
                    rest, changed = rest[: -len(word)], True
                    break
        return rest != prefix and len(rest) < 2

    def last_boundary_end(self, text: str) -> int:
        """Where the last boundary word in `text` ends (0 when none): a Chinese name starts no earlier. A boundary
        word inside a compound that holds it (the 新 of 新闻) is no boundary."""
        best = 0
        for word in self.boundaries:
            pos = text.rfind(word)
            while pos >= 0 and self._in_compound(text, pos, word):
                pos = text.rfind(word, 0, pos)
            if pos >= 0:
                best = max(best, pos + len(word))
        return best

    def _in_compound(self, text: str, pos: int, word: str) -> bool:
        for compound, at in self._compounds_of.get(word, ()):
            if pos >= at and text.startswith(compound, pos - at):
                return True
        return False

    @cached_property
    def _compounds_of(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """For each boundary word, the compounds that hold it and where in them it stands."""
        out: dict[str, list[tuple[str, int]]] = {}
        for word in self.boundaries:
            for compound in self.compounds:
                at = compound.find(word)
                if at >= 0 and compound != word:
                    out.setdefault(word, []).append((compound, at))
        return {w: tuple(v) for w, v in out.items()}


def _labels(g: Graph, s: object, props: tuple = (SKOS.prefLabel, SKOS.altLabel)) -> list[Literal]:
    return [o for p in props for o in g.objects(s, p) if isinstance(o, Literal)]  # type: ignore[arg-type]


def read_grammar(g: Graph) -> Grammar:
    """Collect heads, boundaries, generic qualifiers, post titles and partner triggers from the vocabulary graph."""
    gr = Grammar()
    for s in g.subjects(RDF.type, TKG.NameHead):
        kind = str(g.value(s, TKG.headOf))
        prefs = {lit.language or "en": str(lit) for lit in _labels(g, s, (SKOS.prefLabel,))}
        for lit in _labels(g, s):
            lang = lit.language or "en"
            gr.heads[kind][lang].append(str(lit))
            if lang in prefs:
                gr.head_prefs[kind][lang][str(lit).lower()] = prefs[lang]
    gr.boundaries = sorted({str(lit) for s in g.subjects(RDF.type, TKG.NameBoundary) for lit in _labels(g, s)})
    gr.compounds = sorted(
        {str(lit) for s in g.subjects(RDF.type, TKG.BoundaryCompound) for lit in _labels(g, s, (SKOS.altLabel,))}
    )
    gr.generic = sorted({str(lit) for s in g.subjects(RDF.type, TKG.GenericQualifier) for lit in _labels(g, s)})
    gr.modifiers = sorted({str(lit) for s in g.subjects(RDF.type, TKG.KindModifier) for lit in _labels(g, s)})
    kinds = [str(lit) for s in g.subjects(RDF.type, TKG.DocumentKind) for lit in _labels(g, s, (SKOS.altLabel,))]
    if kinds:
        gr.document_kinds = re.compile(rf"\b(?:{_alternation(kinds)})\b", re.I)
    sources = [str(lit) for s in g.subjects(RDF.type, TKG.SourceFieldLabel) for lit in _labels(g, s, (SKOS.altLabel,))]
    if sources:
        gr.source_labels = re.compile(rf"^\s*(?:{_alternation(sources)})(?![A-Za-z])", re.I)
    markers = [str(lit) for s in g.subjects(RDF.type, TKG.CampaignMarker) for lit in _labels(g, s, (SKOS.altLabel,))]
    gr.quoted_campaign = re.compile(
        # a quoted name before a campaign marker (not "… action plan": a plan), or a quoted name of capitalised words
        # ending in its year, which is a campaign's edition wherever it stands
        rf"[\"“](?P<n>[^\"“”\n]{{2,24}})[\"”][ ]?(?:联合)?(?i:{_alternation(markers) or '(?!)'})(?![ ]+plan)|"
        r"[\"“](?P<y>[A-Z][\w-]*(?: [A-Z][\w-]*){0,3} 20\d\d)[\"”]"
    )
    verbs: dict[str, list[str]] = {"en": [], "zh": []}
    for s in g.subjects(RDF.type, TKG.IssuingVerb):
        for lit in _labels(g, s, (SKOS.altLabel,)):
            verbs.setdefault(lit.language or "en", []).append(str(lit))
    zh, en = _alternation(verbs["zh"]) or "(?!)", _alternation(verbs["en"]) or "(?!)"
    gr.issued_note = re.compile(
        rf"[(（]?[\u4e00-\u9fff]{{0,20}}#(?:{zh})[)）]?|\(?(?:{en})(?:\s+by\s+[^#]{{2,80}})?(?:\s+on)?\s*#\)?", re.I
    )
    gr.issuing_line = re.compile(
        rf"^[(（](?P<a>[\u4e00-\u9fff]{{2,30}}?)(?P<d>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)(?:{zh})[)）]$"
    )
    fields = [str(lit) for s in g.subjects(RDF.type, TKG.PersonFieldLabel) for lit in _labels(g, s, (SKOS.altLabel,))]
    if fields:
        gr.person_labels = re.compile(rf"(?:^|(?<=[\s，,;；。(（]))(?:{_alternation(fields)})\s*[:：]\s*", re.I | re.M)
    gr.link_words = frozenset(
        str(lit) for s in g.subjects(RDF.type, TKG.NameLinkWord) for lit in _labels(g, s, (SKOS.altLabel,))
    )
    gr.family_names = frozenset(
        str(lit) for s in g.subjects(RDF.type, TKG.FamilyName) for lit in _labels(g, s, (SKOS.altLabel,))
    )
    for s in g.subjects(RDF.type, TKG.NameFrame):
        kind = str(g.value(s, TKG.frameOf))
        for lit in _labels(g, s):
            gr.frames[kind][lit.language or "en"].append(str(lit))
        for lit in _labels(g, s, (SKOS.prefLabel,)):
            gr.frame_names[kind][lit.language or "en"] = str(lit)
    for s in g.subjects(RDF.type, TKG.PostTitle):
        gr.posts += [(str(lit), lit.language or "en", str(s)) for lit in _labels(g, s)]
    for s in g.subjects(RDF.type, TKG.PartnerTrigger):
        by_lang: dict[str, list[str]] = defaultdict(list)
        for lit in _labels(g, s):
            by_lang[lit.language or "en"].append(str(lit))
        templates = {lit.language or "en": str(lit) for lit in _labels(g, s, (TKG.nameTemplate,))}
        gr.triggers.append(Trigger({k: tuple(v) for k, v in by_lang.items()}, templates))
    return gr
