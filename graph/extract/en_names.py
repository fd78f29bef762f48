"""English names no vocabulary lists yet, built from the head nouns in name-grammar.ttl.

Coordinated names give one entity per conjunct ("Guangdong, Tianjin, and Fujian Pilot Free Trade Zones" names three
zones; "Shijiazhuang and Beijing Pinggu inland ports" two ports); titles of laws and plans run in Title Case from
their head ("Overall Plan for the Construction of …", "… Law of the People's Republic of China"); numbered orders
and announcements ("GACC Decree No. 248"); organisations end in an organisation head, and "X of the Y" where Y is a
known organisation is Y's unit X, scoped to Y.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.gazetteer import Gazetteer
from graph.extract.names import is_org_name, slug
from graph.extract.records import Mention, Span
from graph.extract.relate import resolve_unit
from graph.namespaces import ID

_CAP = r"(?:[A-Z][\w'’-]*|\(\w+\))"
_STOP = re.compile(
    r"^(?:(?:The|All|Relevant|Local|Each|Every|Other|Our|This|These|Its|And|In|Of|For|With|By|To|On|At|Support|"
    r"Promote|Build|Implement|Strengthen|Continue|Deepen|Optimize|Help|Accelerate|Further|When|Under|From|"
    r"According|Since|As|After|Before|During|Through|Both|Such|Including|Relying|Guided|Closely|Also|"
    r"We|It|He|She|They|Note|Source|Editor|Upgrade|Upgraded|Signed|Implementing|Using|Improving|Serving|Optimising|Optimizing|Expand|Serve|Develop|Explore|Establish|Guide|Extend|Improve|Encourage|Replicate|Facilitate|Cultivate|Pilot|Apply|Carry|Use|Enhance|Advance|Launch|Ensure|Make|Give|Leverage|Set|Open|Raise|Speed|Consolidate|Coordinate|Upgrading|Supporting|Building|Promoting|Serving|Expanding|Developing|Complete|Create|Construct|Connect|Link|Integrate|Attract|Assist|Enable|Boost|Between|Via|Into|Toward|Towards|Near|Around|Within|If|Where|Then|While|Meanwhile|Moreover|Besides|Meet|Visit|Welcome|Join|Newly|Jointly|Actively|Vigorously|Steadily|Fully|Focus|Rely)\s+)+"
)
_ON = r"(?:(?<=Conference)|(?<=Committee)|(?<=Commission))[ ]+on[ ]+(?:[A-Z][\w'-]*[ ]+){0,3}[A-Z][\w'-]*"
_SMALL = r"(?:of|the|and|for|to|on|in|a|an|at|by|with|about)"
_COORD_SEP = r"(?:,[ ]*(?:and[ ]+)?|[ ]+and[ ]+)"
_DEICTIC = re.compile(r"\b(?:this|these|the present|the said)[ ]+$", re.I)  # "this Implementation Plan": the document
_NOT_BEFORE_AND = r"(?:Customs|Office|Department|Division|Section|Bureau|Commission|Committee|Administration|Ministry|"
_NOT_BEFORE_AND += r"Council|Centre|Center|Government|Station|Police|Guard|Authority|Group|Branch)"
ORG_WORDS = _NOT_BEFORE_AND  # words that end an organisation's name: a name holding one is no person's


# "Civil Aviation Administration of China (CAAC)": the bracketed short form after a name is an alias, not a part
_ABBREVIATION_AFTER = re.compile(r"\s*\([A-Z]{2,8}\)$")


@lru_cache(maxsize=64)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _strip(text: str, start: int) -> tuple[str, int]:
    m = _STOP.match(text)
    return (text[m.end() :], start + m.end()) if m else (text, start)


def _new(gaz: Gazetteer, kind: str, iri_kind: str, name: str, span: Span, rule: str) -> Mention:
    known = gaz.lookup(name)
    if known:
        return Mention(known[0].kind, span, rule, iri=known[0].iri, surface=span.text)
    return Mention(kind, span, rule, iri=str(ID[f"{iri_kind}/{slug(name)}"]), label=name, surface=span.text)


def coordinated(text: str, gaz: Gazetteer) -> list[Mention]:
    """Zones and ports named by a head noun after one or several names: one mention per conjunct."""
    out: list[Mention] = []
    for kind, iri_kind in (("zone", "zone"), ("place", "place")):
        heads = gaz.grammar.head_alternation(kind, "en")
        if not heads:
            continue
        conj = rf"{_CAP}(?:[ ]+{_CAP}){{0,3}}"
        rx = _compile(rf"\b(?P<names>{conj}(?:{_COORD_SEP}{conj})*)[ ]+(?P<head>(?i:{heads}))(?P<pl>s)?\b")
        for m in rx.finditer(text):
            names, start = _strip(m.group("names"), m.start("names"))
            head = m.group("head")
            known_heads = {h.lower() for h in gaz.grammar.heads[kind]["en"]}
            words = names.split(" ")
            for k in range(min(len(words) - 1, 6), 0, -1):
                # "Linyi Comprehensive" + "Bonded Zones", "Pingxiang Key Development and Opening-up" + "Pilot Zone":
                # the longer head wins, even when it holds an "and"
                if " ".join([*words[-k:], head]).lower() in known_heads:
                    head, names = " ".join([*words[-k:], head]), " ".join(words[:-k])
                    break
            parts = [p for p in re.split(_COORD_SEP, names) if p]
            if not parts or (len(parts) > 1 and not m.group("pl")):
                continue
            span = Span(start, m.end(), text[start : m.end()])
            for part in parts:
                if _STOP.match(part + " ") or gaz.grammar.is_generic(part):
                    continue
                name = f"{part} {head}"
                out.append(_new(gaz, kind, iri_kind, name, span, f"pattern-{kind}-en"))
    return out


def zone_parts(text: str, gaz: Gazetteer) -> list[Mention]:
    """Parts of a zone named by a part head before "of the" zone: "the A, B and C areas of the X Pilot Free Trade
    Zone" names three areas (and the zone itself); "A Area of the …" one."""
    parts = gaz.grammar.head_alternation("zone_part", "en")
    heads = gaz.grammar.head_alternation("zone", "en")
    if not parts or not heads:
        return []
    conj = rf"{_CAP}(?:[ ]+{_CAP}){{0,2}}"
    frames = gaz.grammar.frame_openings("zone", "en", r"[A-Z][\w ]+")  # "China (Hainan) … Pilot Free Trade Zone"
    opening = f"{frames}|{_CAP}" if frames else _CAP
    rx = _compile(
        rf"\b(?P<names>{conj}(?:{_COORD_SEP}{conj})*)[ ]+(?P<part>(?i:{parts}))(?P<pl>s)?[ ]+of[ ]+(?:the[ ]+)?"
        rf"(?P<zone>(?:{opening})(?:[ ]+{_CAP}){{0,3}}?[ ]+(?:{heads}))\b"
    )
    out: list[Mention] = []
    for m in rx.finditer(text):
        names, start = _strip(m.group("names"), m.start("names"))
        conjuncts = [p for p in re.split(_COORD_SEP, names) if p]
        if not conjuncts or (len(conjuncts) > 1 and not m.group("pl")):
            continue
        zone = m.group("zone")
        span = Span(start, m.end(), text[start : m.end()])
        part = m.group("part").capitalize()
        for c in conjuncts:
            out.append(_new(gaz, "zone", "zone", f"{c} {part} of the {zone}", span, "pattern-zone-part-en"))
        inner = Span(m.start("zone"), m.end("zone"), zone)
        out.append(_new(gaz, "zone", "zone", zone, inner, "pattern-zone-en-of-part"))
    return out


def agreements(text: str, gaz: Gazetteer) -> list[Mention]:
    """Agreements named by their parties ("China-Republic of Korea Free Trade Agreement", "the X-Y FTA", with any
    partner) and titled agreements ("Agreement on Trade and Economic Cooperation between … and …"). Versions
    ("… FTA 3.0") are versions.py's."""
    gr = gaz.grammar
    heads = gr.head_alternation("agreement", "en")
    if not heads:
        return []
    party = r"[A-Z][\w]*(?:[ ]+(?:of[ ]+)?[A-Z][\w]*){0,3}"
    parties = _compile(rf"\b(?P<n>{party}(?:[-–—]{party})+[ ]+(?P<head>{heads}))\b")
    titled = _compile(
        rf"\b(?P<n>(?:{heads})[ ]+(?:on|for)[ ]+(?:{_CAP}[ ]+(?:and[ ]+)?)*{_CAP}[ ]+between[ ]+(?:the[ ]+)?"
        rf"(?:{_CAP}|People's)(?:[ ]+(?:of[ ]+)?(?:{_CAP}|People's))*[ ]+and[ ]+(?:the[ ]+)?"
        rf"{_CAP}(?:[ ]+(?:of[ ]+)?{_CAP})*)"
    )
    # a name in capitalised words before a head ("TIR Convention", "Greater Tumen Initiative"), a version and an
    # upgrade protocol going with it ("X-Y Free Trade Area 3.0 Upgrade Protocol")
    named = _compile(
        rf"\b(?P<n>(?:(?:{_CAP}|[A-Z]{{2,}})[ ]+){{1,5}}(?P<head>{heads})"
        rf"(?P<protocol>(?:[ ]+\d+(?:\.\d+)?)?[ ]+(?:Upgrade[ ]+)?Protocol)?)\b"
    )
    out: list[Mention] = []
    for rx in (parties, titled, named):
        for m in rx.finditer(text):
            name, start = _strip(m.group("n"), m.start("n"))
            if rx is named and (len(name.split()) < 2 or name.startswith(m.group("head")) or gr.is_generic(name)):
                continue  # a head alone ("the Protocol") names nothing
            if rx is named and not m.group("protocol") and re.search(r"[A-Za-z][-–—][A-Z]", name):
                continue  # "X-Y Free Trade Agreement" is named by its parties, above
            span = Span(start, start + len(name), name)
            if rx is parties:
                written = name[: len(name) - len(m.group("head"))] + gr.head_name("agreement", "en", m.group("head"))
                written = re.sub("[–—]", "-", written)  # one spelling of the compound's dash
                name = name if gaz.lookup(name) else written  # an unknown "X-Y FTA" is named in full
            out.append(_new(gaz, "agreement", "agreement", name, span, "pattern-agreement-en"))
    return out


def laws(text: str, gaz: Gazetteer) -> list[Mention]:
    """Titles of laws, plans and measures in Title Case, and numbered decrees, orders and announcements."""
    heads = gaz.grammar.head_alternation("law_or_plan", "en")
    out: list[Mention] = []
    numbered_here: list[tuple[int, int]] = []
    if heads:
        title = rf"(?:{_CAP}|\d{{4}}|{_SMALL}|People's)"
        rx = _compile(
            rf"\b(?P<t>(?:(?:\d{{1,3}}|{_CAP})[ ]+){{0,6}}(?:{heads})"
            rf"(?:[ ]+(?:of|for|on|to|about|concerning)[ ]+(?:{title}[ ]+)*(?:{_CAP}|\d{{4}})(?=[\s,.;:)”\"]|$))?"
            rf"(?:[ ]\(\d{{4}}[-–]\d{{4}}\))?)"
            rf"(?:[ ]+\((?P<no>[^()\n]{{0,20}}No\.\s?\d+[^()\n]{{0,12}})\))?"
        )
        two = _compile(
            rf"[ ]+and[ ]+(?:the[ ]+)?(?=(?:{_CAP}[ ]+){{0,4}}(?:{heads})\b|(?:[A-Z]{{2,}}|[A-Z][a-z]+)[ ]+"
            rf"(?:Decree|Order|Announcement)[ ]+No\b)"
        )
        for m in rx.finditer(text):
            name, start = _strip(m.group("t"), m.start("t"))
            words = name.split()
            if len(words) < 2 or sum(w[0].isupper() for w in words) < 2 or _DEICTIC.search(text[: m.start("t")]):
                continue
            cut = two.search(name)  # "Customs Law … and the Administrative Provisions …" are two titles
            name = name[: cut.start()] if cut else name
            span = Span(start, start + len(name), name)
            law = _new(gaz, "law_or_plan", "law", name, span, "pattern-law-en")
            if m.group("no"):
                law.surface = m.group("no")  # "Regulations on … (GACC Decree No. 248)": one law, two names
                numbered_here.append((m.start("no"), m.end("no")))
            out.append(law)
    numbered = _compile(
        r"\b((?:[A-Z]{2,}|[A-Z][a-z]+)\s+(?:Decree|Order|Announcement)\s+No\.\s?\d+(?:\s+of\s+20\d\d)?)"
    )
    for m in numbered.finditer(text):
        if any(s <= m.start(1) < e for s, e in numbered_here):
            continue
        out.append(_new(gaz, "law_or_plan", "law", m.group(1), Span(m.start(1), m.end(1), m.group(1)), "pattern-order"))
    return out


def _cut_coordination(name: str, gaz: Gazetteer) -> str:
    """ "X of Customs and Director General of Y" is two phrases: cut at an "and" followed by a post title."""
    titles = gaz.grammar.post_alternation("en")
    cut = re.search(rf"\s+and\s+(?:the\s+)?(?:{titles})\b", name) if titles else None
    return name[: cut.start()] if cut else name


def _unit_with_parent_prefix(name: str, span: Span, gaz: Gazetteer, doc: str) -> Mention | None:
    """ "Nanning Customs Comprehensive Business Division" is the unit "Comprehensive Business Division" of Nanning
    Customs, the same unit as "Comprehensive Business Division of Nanning Customs"."""
    words = name.split()
    for k in range(len(words) - 2, 0, -1):
        head, rest = " ".join(words[:k]), " ".join(words[k:])
        if " of " in f" {rest} " or not head.endswith("Customs") or not rest[0].isupper() or not is_org_name(rest):
            continue
        parent = gaz.lookup(head, ("department",))
        if parent and not gaz.lookup(name):
            unit = resolve_unit(rest, span, parent[0].iri, gaz, doc)
            unit.rule = "pattern-unit-prefixed/" + unit.rule
            unit.surface = name
            return unit
    return None


def _bare_head_of_nothing(name: str, heads: str, gaz: Gazetteer) -> bool:
    """True for a bare head noun with an "of" phrase that says what is done ("for Supporting …") and names no
    organisation, zone or place: "Division of Tasks for Supporting …" titles a document. "Office of Wenzhou Customs",
    "Administration of Lin-gang Special Area" and "Department of Commerce of Yunnan Province" name a body, and
    "Ministry of Commerce" is known as a whole."""
    m = _compile(rf"^(?:{heads})[ ]+of[ ]+(?:the[ ]+)?(?P<rest>.+)$").match(name)
    if m is None or gaz.lookup(name):
        return False
    rest = m.group("rest")
    if not re.search(r"\b(?:for|on|in)\s+\w+ing\b", rest):
        return False  # the "of" phrase of a title says what is done ("… for Supporting …"); a body's does not
    zone_heads = gaz.grammar.head_alternation("zone", "en")
    if _compile(rf"\b(?:{heads}|{zone_heads})\b").search(rest):
        return False
    kinds = ("department", "place", "zone")
    return not any(gaz.entries[i].kind in kinds for f in gaz.find_all(rest) for i in f.iris)


def organisations(text: str, gaz: Gazetteer, scope: str | None, doc: str) -> list[Mention]:
    """Organisations by their head noun; "X of the Y" with Y a known organisation is Y's unit X."""
    heads = gaz.grammar.head_alternation("department", "en")
    if not heads:
        return []
    # "on" joins a name's words ("Committee on Foreign Affairs"), never a gerund: "… of China on Facilitating …"
    # is a name and then the title's subject
    tail = (
        rf"(?:[ ]+(?:of|for)[ ]+(?:the[ ]+)?{_CAP}"
        rf"(?:[ ]+(?:and[ ]+|of[ ]+(?:the[ ]+)?|for[ ]+|on[ ]+(?![A-Z][a-z]*ing\b))?{_CAP})*)?"
    )
    word = rf"(?:(?!{_NOT_BEFORE_AND}[ ]){_CAP}[ ]+and[ ]+|{_CAP}[ ]+)"  # "Animal and Plant Quarantine Division"
    rx = _compile(rf"\b(?P<n>{word}{{0,5}}(?:{heads})\b(?:{_ON}|{tail}))")
    place_heads = tuple(h.lower() for h in gaz.grammar.heads["place"]["en"] if " " in h)
    out: list[Mention] = []
    for m in rx.finditer(text):
        name, start = _strip(m.group("n"), m.start("n"))
        name = _ABBREVIATION_AFTER.sub("", _cut_coordination(name, gaz))
        if not name or not name[0].isupper() or gaz.grammar.is_generic(name) or len(name.split()) < 2:
            continue
        if name.lower().endswith(place_heads):
            continue  # "X Railway Station" is a place, found by its place head
        if _bare_head_of_nothing(name, heads, gaz):
            continue  # "Division of Tasks for Supporting …" is a kind of document, not a division
        span = Span(start, start + len(name), name)
        prefixed = _unit_with_parent_prefix(name, span, gaz, doc)
        if prefixed is not None:
            out.append(prefixed)
            continue
        # every " of ", not only the first: "Department of Port Control of the General Administration of Customs"
        unit_of = next(
            (
                u
                for k in (o.start() for o in re.finditer(r"\s+of\s+", name))
                if (u := re.compile(r"\s+of\s+(?:the\s+)?(?P<o>.+)$").match(name, k))
                and gaz.lookup(u.group("o"), ("department",))
            ),
            None,
        )
        if unit_of and not gaz.lookup(name):
            parent = gaz.lookup(unit_of.group("o"), ("department",))
            unit = resolve_unit(name[: unit_of.start()], span, parent[0].iri, gaz, doc)
            unit.rule = "pattern-unit-of/" + unit.rule
            unit.surface = name
            out.append(unit)
            continue
        known = gaz.lookup(name)
        if scope and gaz.lookup(name, ("unit_type",)) and all(e.cls in ("InternalUnit", "UnitType") for e in known):
            unit = resolve_unit(name, span, scope, gaz, doc)  # "General Office": the issuer's, not another's
            unit.rule = "pattern-org-en/" + unit.rule
            out.append(unit)
            continue
        out.append(_new(gaz, "department", "org", name, span, "pattern-org-en"))
    return out
