"""Mentions of departments, zones, agreements, places, campaigns and laws, and the document's issuer.

Two sources: the gazetteer (every label and alias in ontology/vocab), and patterns of the genre for names no
vocabulary lists yet ("X Customs", "X Comprehensive Bonded Zone", "X Action 2023", 某某海关, 某某综合保税区). A
pattern match that the gazetteer does not know becomes a discovered entity, for a curator to add.
"""

from __future__ import annotations

import re

from graph.extract.gazetteer import Entry, Gazetteer
from graph.extract.lines import Line, fields, parse_date
from graph.extract.names import is_generic, is_org_name, slug
from graph.extract.records import Mention, Span
from graph.namespaces import ID

_CAP = r"(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)*|[A-Z]{2,})"
# (pattern, mention kind, IRI kind, rule)
PATTERNS: list[tuple[re.Pattern[str], str, str, str]] = [
    (
        re.compile(r"\b((?:" + _CAP + r"\s+){0,3}" + _CAP + r")\s+Customs\b(?!\s+(?:Law|Office|Department))"),
        "department",
        "org",
        "pattern-customs",
    ),
    (
        re.compile(
            r"\b((?:" + _CAP + r"\s+){1,4})(Comprehensive Bonded (?:Zone|Area)|Pilot Free Trade Zone|"
            r"Free Trade (?:Port|Zone)|Bonded Port Area|Bonded Logistics (?:Park|Center|Centre)|"
            r"Export Processing Zone|Cooperation Zone|Bonded Zone)\b"
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
        re.compile(r"\b((?:" + _CAP + r"\s+){1,3}(?:Municipal|Provincial)\s+People's Government)"),
        "department",
        "org",
        "pattern-government",
    ),
    (re.compile(r"[\"“]?\b((?:" + _CAP + r"\s+){1,3}Action)\s+(20\d\d)\b"), "campaign", "campaign", "pattern-campaign"),
    (
        re.compile(r"([\u4e00-\u9fff]{2,4}海关)(?![\u4e00-\u9fff]*(?:法|总署))"),
        "department",
        "org",
        "pattern-zh-customs",
    ),
    (
        re.compile(r"([\u4e00-\u9fff（）()]{2,12}(?:综合保税区|自由贸易试验区|自由贸易港|保税港区|合作区))"),
        "zone",
        "zone",
        "pattern-zh-zone",
    ),
    (re.compile(r"“?([\u4e00-\u9fff]{2,8}行动)(20\d\d)?"), "campaign", "campaign", "pattern-zh-campaign"),
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
}
_ZH_PREFIX_STRIP = re.compile(
    r"^(?:支持|推进|推动|促进|加快|建设|开展|持续|深化|积极|我们|在|和|与|及|对|将|为|由|各|全国)+"
)

_ORG_CLASSES = ("GovernmentBody", "CustomsDistrict", "PartyBody", "InternationalOrganisation")
_TITLE_ISSUER = re.compile(
    r"^(?:(?:Notice|Announcement|Circular|Opinions?|Decision|Reply|Letter|Notification|Order|Decree|"
    r"(?:Several |Specific |\d+ )?Measures|(?:Work |Implementation )?Plan)\s+of\s+"
    r"(?:the\s+)?(?P<a>.+?)\s+(?:on|about|regarding|concerning|for|to)\b"
    r"|(?P<b>.+?)\s+(?:Notice|Announcement|Circular|Order|Decree|(?:Work|Implementation|Action) Plan|"
    r"Opinions|(?:Several|Specific) Measures)\b)"
)
_ZH_TITLE_ISSUER = re.compile(r"^《?(?P<a>[\u4e00-\u9fff、和]{2,40}?)关于")
_SOURCE_LINE = re.compile(
    r"^(?:source|issued by|issuer|publisher|来源|发布单位|发布机关|发文机关)\s*[:：]\s*(?P<a>.+)$", re.I
)


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


def recognise(text: str, gaz: Gazetteer, scope: str | None) -> list[Mention]:
    """Every mention in `text`: vocabulary matches first, then genre patterns over what is left."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for match in gaz.find_all(text):
        surface = text[match.start : match.end]
        entry = _pick([gaz.entries[i] for i in match.iris], scope)
        if entry is None:
            continue
        if entry.kind == "department" and surface.islower() and " " not in surface:
            continue  # a lone lower-case word ("office") is a common noun here
        out.append(Mention(entry.kind, Span(match.start, match.end, surface), "gazetteer", iri=entry.iri))
        taken.append((match.start, match.end))
    for pattern, kind, iri_kind, rule in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(1), m.end(0)
            if kind == "campaign" and m.lastindex and m.lastindex >= 2 and m.group(2):
                end = m.end(2)
            elif kind != "zone":
                end = m.end(1) if rule.startswith("pattern-zh") else m.end(0)
            name = text[start:end]
            words = name.split()
            while words and words[0] in _STOPWORDS:
                start += len(words[0]) + 1
                words = words[1:]
            name = text[start:end].strip()
            zh_strip = _ZH_PREFIX_STRIP.match(name)
            if zh_strip:
                start += zh_strip.end()
                name = text[start:end]
            if len(name) < 3 or is_generic(name) or not words:
                continue
            overlapping = [(s, e) for s, e in taken if not (end <= s or start >= e)]
            if any(not (start <= s and e <= end and (e - s) < (end - start)) for s, e in overlapping):
                continue  # a vocabulary match as long as this one, or crossing it, wins
            # a pattern that strictly contains vocabulary matches ("Zhoukou" + "Comprehensive Bonded Zone") is the
            # more specific name: it replaces them
            out = [m for m in out if (m.span.start, m.span.end) not in overlapping]
            taken = [t for t in taken if t not in overlapping]
            known = gaz.lookup(name)
            iri = known[0].iri if known else str(ID[f"{iri_kind}/{slug(name)}"])
            out.append(Mention(kind, Span(start, end, name), rule, iri=iri, label=None if known else name))
            taken.append((start, end))
    return sorted(out, key=lambda m: m.span.start)


def _org_mentions(name: str, start: int, gaz: Gazetteer) -> list[Mention]:
    found = [m for m in recognise(name, gaz, None) if m.kind == "department"]
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
    clean = name.strip(" .。")
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
    for k, line in enumerate(lines[1:], 1):
        if len(line.text) > 30 or not parse_date(line.text):
            continue
        back = k - 1
        while back >= 0 and len(lines[back].text) <= 40:
            cand = [
                mention
                for mention in _org_mentions(lines[back].text, lines[back].start, gaz)
                if mention.span.end - mention.span.start >= len(lines[back].text.strip(" .。")) - 2
            ]
            if not cand:
                break
            found += cand
            back -= 1
    unique: dict[str, Mention] = {}
    for mention in found:
        unique.setdefault(mention.iri or mention.span.text, mention)
    return list(unique.values())
