"""Mentions of departments, zones, agreements, places, campaigns and laws, and the document's issuer.

Two sources: the gazetteer (every label and alias in ontology/vocab), and patterns of the genre for names no
vocabulary lists yet ("X Customs", "X Comprehensive Bonded Zone", "X Action 2023", 某某海关, 某某综合保税区). A
pattern match that the gazetteer does not know becomes a discovered entity, for a curator to add.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import replace

from graph.extract import en_names, zh_names
from graph.extract.gazetteer import Entry, Gazetteer
from graph.extract.lines import Line, fields, is_zh, parse_date
from graph.extract.names import is_generic, is_org_name, slug
from graph.extract.partners import per_partner
from graph.extract.persons import persons
from graph.extract.records import Mention, Span
from graph.extract.relate import resolve_unit
from graph.extract.versions import versioned
from graph.namespaces import ID

_CAP = r"(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)*|[A-Z]{2,})"
# (pattern, mention kind, IRI kind, rule)
PATTERNS: list[tuple[re.Pattern[str], str, str, str]] = [
    (
        re.compile(r"\b((?:" + _CAP + r"[ ]+){0,3}" + _CAP + r")[ ]+Customs\b(?!\s+(?:Law|Office|Department))"),
        "department",
        "org",
        "pattern-customs",
    ),
    (
        re.compile(
            r"\b((?:" + _CAP + r"[ ]+){1,4})(Comprehensive Bonded (?:Zone|Area)|Pilot Free Trade Zone|"
            r"Free Trade (?:Port|Zone)|Bonded Port Area|Bonded Logistics (?:Park|Center|Centre)|"
            r"Export Processing Zone|Cooperation Zone|Bonded Zone)\b(?:[ ]?\(Type [A-Z]\))?"
        ),
        "zone",
        "zone",
        "pattern-zone",
    ),
    (
        re.compile(r"\b(Ministry of (?:" + _CAP + r")(?:\s+(?:and\s+)?" + _CAP + r"){0,3})"),
        "department",
        "org",
        "pattern-ministry",
    ),
    (
        re.compile(r"\b((?:" + _CAP + r"[ ]+){1,3}(?:Municipal|Provincial)[ ]+People's Government)"),
        "department",
        "org",
        "pattern-government",
    ),
    (
        re.compile(r"[\"“]?\b((?:" + _CAP + r"[ ]+){1,3}Action)[ ]+(20\d\d)\b"),
        "campaign",
        "campaign",
        "pattern-campaign",
    ),
]
_STOPWORDS = {
    "The",
    "All",
    "Relevant",
    "Local",
    "Each",
    "Every",
    "Other",
    "Our",
    "This",
    "These",
    "Its",
    "And",
    "In",
    "Of",
    "For",
    "With",
    "By",
    "To",
    "On",
    "At",
    "National",
    "Support",
    "Promote",
    "Build",
    "Implement",
    "Strengthen",
    "Continue",
    "Deepen",
    "Optimize",
    "Help",
    "Accelerate",
    "Further",
    "When",
    "Upgrade",
    "Expand",
    "Serve",
    "Develop",
    "Explore",
    "Establish",
    "Guide",
    "Extend",
    "Improve",
    "Encourage",
    "Replicate",
    "Facilitate",
    "Cultivate",
    "Pilot",
    "Apply",
    "Carry",
    "Use",
    "Enhance",
    "Advance",
    "Launch",
    "Ensure",
    "Make",
    "Give",
    "Leverage",
    "Set",
    "Open",
    "Raise",
    "Speed",
    "Consolidate",
    "Coordinate",
    "Upgrading",
    "Supporting",
    "Building",
    "Promoting",
    "Serving",
    "Expanding",
    "Developing",
    "Complete",
    "Create",
    "Construct",
    "Connect",
    "Link",
    "Integrate",
    "Attract",
    "Assist",
    "Enable",
    "Boost",
    "Between",
    "Via",
    "Into",
    "Toward",
    "Towards",
    "Near",
    "Around",
    "Within",
    "If",
    "Where",
    "Then",
    "While",
    "Meanwhile",
    "Moreover",
    "Besides",
    "Meet",
    "Visit",
    "Welcome",
    "Join",
    "Newly",
    "Jointly",
    "Actively",
    "Vigorously",
    "Steadily",
    "Fully",
    "Focus",
    "Rely",
}

_ORG_CLASSES = ("GovernmentBody", "CustomsDistrict", "PartyBody", "InternationalOrganisation")
_TITLE_ISSUER = re.compile(
    r"^(?:(?:Notice|Announcement|Circular|Opinions?|Decision|Reply|Letter|Notification|Order|Decree|"
    r"(?:Several |Specific |\d+ )?Measures|(?:Work |Implementation )?Plan)\s+of\s+"
    r"(?:the\s+)?(?P<a>.+?)\s+(?:on|about|regarding|concerning|for|to)\b"
    r"|(?P<b>.+?)\s+(?:Notice|Announcement|Circular|Order|Decree|(?:Work|Implementation|Action) Plan|"
    r"Opinions|(?:Several|Specific) Measures)\b)"
)
_ZH_TITLE_ISSUER = re.compile(r"^《?(?P<a>[\u4e00-\u9fff、和][\u4e00-\u9fff、和 　]{1,60}?)关于")
_SOURCE_LINE = re.compile(
    r"^(?:source|issued by|issuer|publisher|来源|发布单位|发布机关|发文机关)\s*[:：]\s*(?P<a>.+)$", re.I
)

# a labelled header field ("Time: …", 来源：…) is not a signature line
_FIELD_LABEL = re.compile(r"^[^:：\s]{1,12}\s*[:：]")


def _pick(entries: list[Entry], scope: str | None) -> Entry | None:
    """One entry for an ambiguous label: the issuer's own unit, then organisations, then anything not a unit."""
    if not entries:
        return None
    own = [e for e in entries if e.parent and e.parent == scope]
    if own:
        return own[0]
    bodies = [e for e in entries if e.cls in _ORG_CLASSES]
    if bodies:
        return bodies[0]
    rest = [e for e in entries if e.cls != "InternalUnit" and e.kind != "unit_type"]
    return rest[0] if rest else None


def _vocabulary(text: str, gaz: Gazetteer, scope: str | None) -> list[Mention]:
    out: list[Mention] = []
    for match in gaz.find_all(text):
        surface = text[match.start : match.end]
        entry = _pick([gaz.entries[i] for i in match.iris], scope)
        if entry is None:
            continue
        if entry.kind == "department" and surface.islower() and " " not in surface:
            continue  # a lone lower-case word ("office") is a common noun here
        out.append(Mention(entry.kind, Span(match.start, match.end, surface), "gazetteer", iri=entry.iri))
    return out


def _genre_patterns(text: str, gaz: Gazetteer) -> list[Mention]:
    """The English patterns of the genre ("X Customs", "Ministry of X", "X Action 2023")."""
    out: list[Mention] = []
    for pattern, kind, iri_kind, rule in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(1), m.end(0)
            if kind == "campaign" and m.lastindex and m.lastindex >= 2 and m.group(2):
                end = m.end(2)
            words = text[start:end].split()
            while words and words[0] in _STOPWORDS:
                start += len(words[0]) + 1
                words = words[1:]
            name = text[start:end].strip()
            if len(name) < 3 or is_generic(name) or gaz.grammar.is_generic(name) or not words:
                continue
            known = gaz.lookup(name)
            iri = known[0].iri if known else str(ID[f"{iri_kind}/{slug(name)}"])
            out.append(Mention(kind, Span(start, end, name), rule, iri=iri, label=None if known else name))
    return out


_YEAR_BEFORE = re.compile(r"(20\d\d)(?:年|[ ])$")
_YEAR_AFTER = re.compile(r"^(?:[ ]+in[ ]+|[（(])(20\d\d)")


def quoted_campaigns(text: str, gaz: Gazetteer) -> list[Mention]:
    """A quoted name before "special action" or 专项行动 is a campaign ("Border Shield" special action, “蓝天2024”)."""
    out: list[Mention] = []
    for m in gaz.grammar.quoted_campaign.finditer(text):
        group = "n" if m.group("n") else "y"
        name = m.group(group).strip()
        if name.endswith(("行动", "Action")) or is_generic(name):
            continue
        known = gaz.lookup(name)
        iri = known[0].iri if known else str(ID[f"campaign/{slug(name)}"])
        out.append(
            Mention(
                "campaign",
                Span(m.start(group), m.start(group) + len(name), name),
                "pattern-quoted-campaign",
                iri=iri,
                label=None if known else name,
            )
        )
    return out


def _edition(m: Mention, text: str, gaz: Gazetteer) -> Mention:
    """A yearly campaign named with its year ("2024年促进跨境贸易便利化专项行动", "special action … in 2024") is that
    year's edition, its own entity, as "X Action 2023" is."""
    entry = gaz.entries.get(m.iri or "")
    if m.kind != "campaign" or entry is None or re.search(r"20\d\d", m.span.text):
        return m
    before = _YEAR_BEFORE.search(text[max(0, m.span.start - 6) : m.span.start])
    after = _YEAR_AFTER.search(text[m.span.end : m.span.end + 10])
    year_m = before or after
    if year_m is None:
        return m
    year = year_m.group(1)
    zh = bool(re.search("[\u4e00-\u9fff]", m.span.text))
    label = f"{year}年{entry.pref_zh}" if zh and entry.pref_zh else f"{year} {entry.label}"
    known = gaz.lookup(label)
    start = m.span.start - len(before.group(0)) if before else m.span.start
    end = m.span.end + after.end() if after else m.span.end
    span = Span(start, end, text[start:end])
    if known:
        return Mention("campaign", span, "campaign-edition", iri=known[0].iri)
    return Mention("campaign", span, "campaign-edition", iri=f"{m.iri}-{year}", label=label)


def _in_compound(m: Mention, text: str) -> bool:
    """A place inside a hyphenated name ("China-Laos Railway", "China-Europe Railway Express") is part of that name."""
    if m.kind != "place" or m.rule != "gazetteer":
        return False
    after = text[m.span.end : m.span.end + 2]
    before = text[max(0, m.span.start - 2) : m.span.start]
    return bool(re.match(r"-[A-Z]", after) or re.match(r"[a-z]-$", before))


def _inside(a: Mention, b: Mention) -> bool:
    """True when a's span lies strictly inside b's."""
    return b.span.start <= a.span.start and a.span.end <= b.span.end and a.span.end - a.span.start < len(b.span.text)


class _Index:
    """Mentions kept in insertion order, with their starts sorted so that the mentions overlapping a span are found
    by bisection (a mention is never longer than the longest one added), not by scanning them all."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.live: dict[int, Mention] = {}
        self.starts: list[tuple[int, int]] = []  # (start, key), sorted
        self.longest = 0
        self.next_key = 0
        for m in mentions:
            self.add(m)

    def add(self, m: Mention) -> None:
        self.live[self.next_key] = m
        insort(self.starts, (m.span.start, self.next_key))
        self.longest = max(self.longest, m.span.end - m.span.start)
        self.next_key += 1

    def near(self, span: Span) -> list[tuple[int, Mention]]:
        """Live mentions that start within reach of `span` (a superset of those overlapping or equal to it)."""
        lo = bisect_left(self.starts, (span.start - self.longest, -1))
        hi = bisect_right(self.starts, (span.end, self.next_key))
        return [(k, self.live[k]) for _, k in self.starts[lo:hi] if k in self.live]

    def drop(self, key: int) -> None:
        del self.live[key]  # its start stays in the sorted list and is skipped from now on


def _merge(found: list[Mention], candidates: list[Mention]) -> list[Mention]:
    """Patterns against vocabulary matches: a vocabulary match as long as a pattern's, or crossing it, wins; a pattern
    that strictly contains matches is the more specific name and replaces the places, zone types and same-kind names
    inside it (its own parent organisation stays). Conjuncts of one coordinated phrase share its span.

    Longest candidates first; each looks only at the mentions near its own span (sorted starts, bisection), so a
    document with thousands of mentions is merged in n log n, not n²."""
    index = _Index(found)
    for c in sorted(candidates, key=lambda m: m.span.start - m.span.end):
        near = index.near(c.span)
        clash = any(
            m.span.start < c.span.end and c.span.start < m.span.end and not _inside(m, c) and m.rule != c.rule
            for _, m in near
        )
        if clash or any(m.iri == c.iri and m.span == c.span for _, m in near):
            continue
        for key, m in near:
            if _inside(m, c) and m.iri != c.parent and m.kind in ("place", "zone_type", c.kind):
                index.drop(key)
        index.add(c)
    return list(index.live.values())


def _before_person(m: Mention, people: list[Mention], starts: list[int], text: str, gaz: Gazetteer) -> Mention:
    """A name that runs on into a person's name ("Department of Port Control Fan Lijun") ends before it. `people`
    are sorted by start and `starts` are their starts, so the first person after the name's start is a bisection."""
    k = bisect_right(starts, m.span.start)
    p = people[k] if k < len(people) and people[k].span.start < m.span.end else None
    if p is None or m.label is None:
        return m
    name = text[m.span.start : p.span.start].rstrip(" ,")
    known = gaz.lookup(name)
    iri = known[0].iri if known else m.iri.rsplit("/", 1)[0] + "/" + slug(name) if m.iri else None
    span = Span(m.span.start, m.span.start + len(name), name)
    return Mention(m.kind, span, m.rule, iri=iri, label=None if known else name, parent=m.parent)


def recognise(text: str, gaz: Gazetteer, scope: str | None, doc: str = "") -> list[Mention]:
    """Every mention in `text`: vocabulary matches, then genre patterns for names no vocabulary lists yet, then
    persons and per-partner arrangements (which add to what is there rather than replace it)."""
    original, text = text, unwrap(text)
    lang = "zh" if is_zh(text[:3000]) else "en"
    candidates = _genre_patterns(text, gaz)
    candidates += en_names.coordinated(text, gaz) + en_names.laws(text, gaz)
    candidates += en_names.zone_parts(text, gaz) + en_names.agreements(text, gaz) + quoted_campaigns(text, gaz)
    candidates += en_names.organisations(text, gaz, scope, doc)
    candidates += zh_names.headed_names(text, gaz, scope, doc) + zh_names.laws(text, gaz)
    nested = [c for c in candidates if c.rule.endswith("-of-part")]  # named inside another name, kept as well
    out = _merge(_vocabulary(text, gaz, scope), [c for c in candidates if c not in nested]) + nested
    out = _outside_longer_agreements(
        [versioned(_edition(m, text, gaz), text, gaz) for m in out if not _in_compound(m, text)]
    )
    arrangements, compounds = per_partner(text, gaz, lang)
    inside = set(compounds)
    out = [m for m in out if not (m.kind == "place" and m.span in inside)]
    people = persons(text, gaz, lang)
    by_start = sorted(people, key=lambda p: p.span.start)
    starts = [p.span.start for p in by_start]
    out = [_before_person(m, by_start, starts, text, gaz) for m in out] + arrangements + people
    unique: dict[tuple[str | None, int, int], Mention] = {}
    for m in out:
        unique.setdefault((m.iri, m.span.start, m.span.end), m)  # one evidence record per entity and span
    if original is not text:
        for m in unique.values():
            _quote(m, original)
    return sorted(unique.values(), key=lambda m: m.span.start)


def _outside_longer_agreements(mentions: list[Mention]) -> list[Mention]:
    """An agreement named inside a longer agreement's name ("X-Y Free Trade Area 3.0" in "X-Y Free Trade Area 3.0
    Upgrade Protocol") is that name's part, not a mention of its own."""
    spans = [(m.span.start, m.span.end) for m in mentions if m.kind == "agreement"]
    return [
        m
        for m in mentions
        if m.kind != "agreement"
        or not any(a <= m.span.start and m.span.end <= b and b - a > m.span.end - m.span.start for a, b in spans)
    ]


_WRAP = re.compile(r"(?<=[^\n]{90})(?<=[A-Za-z0-9,;)'’\-])\n(?=[A-Za-z0-9(\"“'])(?![\w ]{1,24}:)")


def unwrap(text: str) -> str:
    """`text` with the line breaks of a wrapped English paragraph read as spaces, so that a name broken over two
    lines ("the Honghe Comprehensive" / "Bonded Zone") is found whole. Only breaks after a full-width line of
    Latin text count (a short header line, "… People's Government" over "Date: …", is a line of its own), and never
    before a field label; every offset stays where it was (one character for one)."""
    if "\n" not in text:
        return text
    return _WRAP.sub(lambda m: " " if _prose_line(text, m.start()) else "\n", text)


def _prose_line(text: str, end: int) -> bool:
    """Whether the line ending at `end` is running prose (many words in lower case), not a title in Title Case
    standing over a line of its own ("Announcement of Dalian Customs on … at Dalian Port" / "Dalian Customs
    Announcement No. 3")."""
    words = text[text.rfind("\n", 0, end) + 1 : end].split()
    return 3 * sum(1 for w in words if w[:1].islower()) >= len(words)  # a third of the words or more


def _quote(m: Mention, original: str) -> None:
    """Evidence quotes the source as written: a span found in the unwrapped text takes back its line breaks; a
    discovered name keeps the single spaces it was found with."""
    if m.label is None and m.iri is None:
        m.label = m.span.text
    m.span = Span(m.span.start, m.span.end, original[m.span.start : m.span.end])
    if m.post is not None:
        p = m.post.span
        m.post = replace(m.post, span=Span(p.start, p.end, original[p.start : p.end]))


def _org_mentions(name: str, start: int, gaz: Gazetteer) -> list[Mention]:
    found = [m for m in recognise(name, gaz, None) if m.kind == "department"]
    clean = name.strip(" .。")
    if found and _one_name_split(clean, found):
        found = []
    # an organisation written before its own unit (吉林省人民政府|新闻办公室) is that unit's name, not a co-issuer
    parents = {m.parent for m in found if m.parent}
    found = [m for m in found if m.iri not in parents]
    if found:
        return [
            Mention(
                m.kind,
                Span(start + m.span.start, start + m.span.end, m.span.text),
                "issuer-" + m.rule,
                iri=m.iri,
                label=m.label,
            )
            for m in found
        ]
    if is_org_name(clean) and len(clean.split()) <= 10 and not is_generic(clean):
        return [
            Mention(
                "department",
                Span(start, start + len(clean), clean),
                "issuer-discovered",
                iri=str(ID[f"org/{slug(clean)}"]),
                label=clean,
            )
        ]
    return []


def _one_name_split(name: str, found: list[Mention]) -> bool:
    """True when a Chinese issuer field is one organisation's name that the gazetteer reads as pieces with words
    between them (赣州市人民政府新闻办公室 as 赣州市人民政府 … 办公室): the words left over are part of the name, not
    separators between co-issuers."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{4,30}", name) or not is_org_name(name):
        return False
    left = list(name)
    for m in found:
        left[m.span.start : m.span.end] = [" "] * (m.span.end - m.span.start)
    rest = re.sub(r"[\s　、，,和及与]+", "", "".join(left))
    return bool(re.search(r"[\u4e00-\u9fff]", rest)) and found[-1].span.end >= len(name) - 1


def _signing_unit(found: list[Mention], line: Line, gaz: Gazetteer) -> list[Mention]:
    """A signature that is an organisation's unit written after it (凭祥海关办公室, "Wenzhou Customs General
    Office"): the two names fill the line, and the signer is the unit, scoped to the organisation."""
    text = line.text.strip(" .。")
    lead = line.start + line.text.index(text) if text else line.start
    if len(found) != 2 or found[0].span.start != lead:
        return []
    org, unit = found
    parent = org.iri
    if parent is None or unit.span.start - org.span.end > 1 or unit.span.end < lead + len(text):
        return []
    mention = resolve_unit(unit.span.text, unit.span, parent, gaz, "")
    if mention.iri is None or not mention.iri.startswith(parent + "/"):
        return []
    mention.span = Span(lead, lead + len(text), text)
    mention.rule = "issuer-signing-unit/" + mention.rule
    return [mention]


def issuers(lines: list[Line], title: Line | None, gaz: Gazetteer) -> list[Mention]:
    """Who issued the document, only when it says so: the title, a "Source:" line, or a signature block."""
    found: list[Mention] = []
    if title is not None:
        m = _TITLE_ISSUER.match(title.text) or _ZH_TITLE_ISSUER.match(title.text)
        if m:
            group = "a" if m.group("a") else "b"
            found += _org_mentions(m.group(group), title.start + m.start(group), gaz)
    for line in lines:
        if len(line.text) > 200:
            continue
        for part in fields(line):
            m = _SOURCE_LINE.match(part.text)
            if m:
                found += _org_mentions(m.group("a"), part.start + m.start("a"), gaz)
    for line in lines[:8]:
        note = gaz.grammar.issuing_line.match(line.text)  # an issuing note under the title
        if note and parse_date(note.group("d")):
            found += _org_mentions(note.group("a"), line.start + note.start("a"), gaz)
    for k, line in enumerate(lines[1:], 1):
        if len(line.text) > 30 or not parse_date(line.text):
            continue
        back = k - 1
        while back >= 0 and len(lines[back].text) <= 40 and not _FIELD_LABEL.match(lines[back].text):
            found_here = _org_mentions(lines[back].text, lines[back].start, gaz)
            cand = [
                mention
                for mention in found_here
                if mention.span.end - mention.span.start >= len(lines[back].text.strip(" .。")) - 2
            ] or _signing_unit(found_here, lines[back], gaz)
            if not cand:
                break
            found += cand
            back -= 1
    unique: dict[str, Mention] = {}
    for mention in found:
        unique.setdefault(mention.iri or mention.span.text, mention)
    return list(unique.values())
