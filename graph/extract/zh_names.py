"""Chinese names no vocabulary lists yet: 某某综合保税区, 某某海关, 某某处, 某某港, 《…办法》, 某某行动.

Chinese has no spaces, so the hard part is where a name begins. A name ends in a head noun (name-grammar.ttl) and
runs back from it: to a place, zone or organisation the gazetteer knows when one sits just before the head with no
boundary word in between (重庆 in 重庆西永综合保税区), else to the nearest boundary word or punctuation (支持, 对,
的, 、). What is left must be at least two characters and not generic (中西部地区, 隶属).
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.gazetteer import Gazetteer
from graph.extract.grammar import HAN, Grammar
from graph.extract.names import slug
from graph.extract.records import Mention, Span
from graph.extract.relate import resolve_unit
from graph.namespaces import ID

_NAME_CHARS = re.compile(f"[{HAN}（）()·]")
_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十0-9]+[)）]")
_ANCHOR_KINDS = ("place", "zone")
_MAX_PREFIX = {"zone": 12, "department": 10, "place": 6, "campaign": 6}
_TITLE_AFTER = re.compile("长")  # 司长, 局长, 处长: the head is part of a post title, the name ended before it
_RIGHT_EDGE = re.compile(f"[^{HAN}]|$")


@lru_cache(maxsize=64)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _heads(gr: Grammar, kind: str) -> re.Pattern[str]:
    return _compile(f"(?:{gr.head_alternation(kind, 'zh')})")


def name_start(text: str, head: int, gaz: Gazetteer, kind: str) -> tuple[int, str | None, int] | None:
    """Where the name whose head starts at `head` begins, the organisation it is a unit of (if one precedes) and
    where that organisation's name begins.

    None when nothing name-like precedes the head (the bare head is a type or a generic word, not a name)."""
    lo = head
    while lo > 0 and head - lo < _MAX_PREFIX[kind] and _NAME_CHARS.match(text[lo - 1]):
        lo -= 1
    window = text[lo:head]
    numbering = _NUMBERING.match(window)
    if numbering:
        lo, window = lo + numbering.end(), window[numbering.end() :]
    if not window:
        return None
    gr = gaz.grammar
    for m in gaz.find_all(window):
        entries = [gaz.entries[i] for i in m.iris]
        rest = window[m.end :]
        if gr.last_boundary_end(re.sub(r"[（(][^（）()]*[)）]", "", rest)):  # 中国（新疆）: 新 is the province
            continue
        if kind == "department" and any(e.kind == "department" for e in entries) and len(rest) >= 2:
            org = next(e for e in entries if e.kind == "department")
            return lo + m.end, org.iri, lo + m.start  # a unit of a known organisation: 海关总署|综合业务司
        if any(e.kind in _ANCHOR_KINDS for e in entries):
            return lo + m.start, None, lo + m.start
    start = gr.last_boundary_end(window)
    if kind == "place" and any(
        m.end > start and any(gaz.entries[i].kind == "department" for i in m.iris) for m in gaz.find_all(window)
    ):
        return None  # 海关总署|口岸监管司: a port's name never holds an organisation's
    prefix = window[start:].lstrip("（）()")
    start = len(window) - len(prefix)
    too_long = kind == "department" and text[head : head + 2] == "海关" and len(prefix) > 3
    if len(prefix) < 2 or gr.is_generic(prefix) or too_long or gr.only_modifiers(prefix):
        return None
    if prefix.count("（") + prefix.count("(") != prefix.count("）") + prefix.count(")"):
        return None  # a name never opens a bracket it does not close: 中哈（连云港 is inside a longer name
    return lo + start, None, lo + start


def _unit_label_start(text: str, end: int, gaz: Gazetteer) -> int | None:
    """Where a known unit name or unit type ending exactly at `end` begins (时报|综合业务处 is 综合业务处)."""
    lo = max(0, end - 12)
    for m in gaz.find_all(text[lo:end]):
        if lo + m.end == end and any(gaz.entries[i].kind in ("department", "unit_type") for i in m.iris):
            return lo + m.start
    return None


def _office_of_named_body(prefix: str, gr: Grammar) -> bool:
    """True for an organisation's name and a short qualifier before a unit type (满洲里市人民政府|新闻|办公室): the
    qualifier makes a unit of its own, named in full, not the organisation's general unit of that type."""
    heads = list(_heads(gr, "department").finditer(prefix))
    return bool(heads) and re.fullmatch(f"[{HAN}]{{2,4}}", prefix[heads[-1].end() :]) is not None


def _single_head_ok(text: str, h: re.Match[str], gr: Grammar) -> bool:
    """A one-character head (处, 司, 局) ends a name only at an edge: punctuation, a post title or a boundary word."""
    if len(h.group(0)) > 1:
        return True
    after = text[h.end() : h.end() + 3]
    titles = gr.post_alternation("zh")
    if titles and any(
        (t := _compile(f"(?:{titles})").match(text, pos)) and t.end() > h.start()
        for pos in range(max(0, h.start() - 2), h.start())
    ):
        return False  # the 局 of 副局长: inside a post title, not a name's head
    titled = bool(titles) and _compile(f"(?:{titles})").match(text, h.end()) is not None  # 商务局|副局长
    return (
        bool(_RIGHT_EDGE.match(after))
        or after.startswith("长")
        or titled
        or any(after.startswith(w) for w in gr.boundaries)
    )


_TYPE_SUFFIX = re.compile(r"[（(][A-Z]型[)）]")


def _right_end(text: str, end: int, gr: Grammar) -> int:
    """A zone name may go on with its type letter (保税物流中心|（B型）) or a part of the zone:
    中国（福建）自由贸易试验区|厦门片区."""
    suffix = _TYPE_SUFFIX.match(text, end)
    if suffix:
        return suffix.end()
    part = re.match(f"[{HAN}]{{2,4}}?(?:{gr.head_alternation('zone_part', 'zh')})", text[end:])
    return end + part.end() if part and gr.head_alternation("zone_part", "zh") else end


def _coordinated_parts(text: str, end: int, gr: Grammar) -> tuple[list[str], int] | None:
    """Parts of one zone named together: 中国（江苏）自由贸易试验区|南京、苏州、连云港片区 names three parts."""
    heads = gr.head_alternation("zone_part", "zh")
    if not heads:
        return None
    m = re.match(f"((?:[{HAN}]{{2,4}}[、和及])+)([{HAN}]{{2,4}}?)({heads})", text[end:])
    if not m:
        return None
    names = [*re.split("[、和及]", m.group(1))[:-1], m.group(2)]
    if any(len(n) < 2 or gr.last_boundary_end(n) for n in names):
        return None
    return [n + m.group(3) for n in names], end + m.end()


def _known_or_new(gaz: Gazetteer, kind: str, iri_kind: str, span: Span, rule: str) -> Mention:
    known = gaz.lookup(span.text)
    if known:
        return Mention(known[0].kind, span, rule, iri=known[0].iri)
    return Mention(kind, span, rule, iri=str(ID[f"{iri_kind}/{slug(span.text)}"]), label=span.text)


def _part_mentions(text: str, gaz: Gazetteer, start: int, head_end: int, parts: tuple[list[str], int]) -> list[Mention]:
    """One zone per coordinated part, each with the whole phrase as its evidence, and the zone they are parts of."""
    names, end = parts
    zone = text[start:head_end]
    span = Span(start, end, text[start:end])
    out = [_known_or_new(gaz, "zone", "zone", Span(start, head_end, zone), "pattern-zh-zone-of-part")]
    for name in names:
        found = _known_or_new(gaz, "zone", "zone", Span(start, end, zone + name), "pattern-zh-zone-parts")
        found.span, found.surface = span, span.text
        out.append(found)
    return out


def headed_names(text: str, gaz: Gazetteer, scope: str | None, doc: str) -> list[Mention]:
    """Zones, organisations and units, ports and places, and campaigns named by a Chinese head noun."""
    gr = gaz.grammar
    out: list[Mention] = []
    for kind, iri_kind in (("zone", "zone"), ("department", "org"), ("place", "place"), ("campaign", "campaign")):
        if not gr.head_alternation(kind, "zh"):
            continue
        for h in _heads(gr, kind).finditer(text):
            if kind == "department" and (
                _TITLE_AFTER.match(text, h.end()) and h.start() > 0 and text[h.start() - 1] == h.group(0)
            ):
                continue  # the second 司 of 统计分析司司长
            if kind == "department" and not _single_head_ok(text, h, gr):
                continue
            found = name_start(text, h.start(), gaz, kind)
            known_unit = _unit_label_start(text, h.end(), gaz) if kind == "department" else None
            if (
                known_unit is not None
                and (found is None or known_unit > found[0])
                and not (found and _office_of_named_body(text[found[2] : known_unit], gr))
            ):
                found = (known_unit, found[1] if found else None, found[2] if found else known_unit)
            if found is None:
                continue
            start, parent, outer = found
            parts = _coordinated_parts(text, h.end(), gr) if kind == "zone" else None
            if parts:
                out += _part_mentions(text, gaz, start, h.end(), parts)
                continue
            end = _right_end(text, h.end(), gr) if kind == "zone" else h.end()
            if kind == "campaign":
                year = re.match(r"”?(20\d\d)", text[end:])
                end = end + year.end() if year else end
            name = text[start:end].replace("“", "").replace("”", "")
            too_long = kind == "department" and len(h.group(0)) == 1 and len(name) > 8 and not gaz.lookup(name)
            if gr.is_generic(name) or too_long:
                continue
            span = Span(start, end, text[start:end])
            known = gaz.lookup(name)
            if (parent or scope) and gaz.lookup(name, ("unit_type",)):  # 办公室 is ours, not another's
                known = [e for e in known if e.cls not in ("InternalUnit", "UnitType")]
            if kind == "department" and not name.endswith(("海关", "政府", "委员会")) and not known:
                unit = resolve_unit(name, span, parent or scope, gaz, doc)
                unit.rule = "pattern-zh-unit/" + unit.rule
                unit.surface = text[outer:end] if outer < start else None
                out.append(unit)
                continue
            out.append(_known_or_new(gaz, kind, iri_kind, span, f"pattern-zh-{kind}"))
            if end > h.end() and kind == "zone":  # the zone a part belongs to is named too
                inner = Span(start, h.end(), text[start : h.end()])
                out.append(_known_or_new(gaz, kind, iri_kind, inner, "pattern-zh-zone-of-part"))
    return out


_BOOK = re.compile(r"《([^《》\n]{2,80})》(?:[（(]([^（）()\n]{4,30}号)[）)])?")
_NUMBERED = re.compile(f"((?:[{HAN}]{{2,12}}[ 、]?){{1,4}}公告)\\s*(?:20\\d\\d|〔20\\d\\d〕)年?第?\\d+号")
_STATUTE = re.compile(f"中华人民共和国[{HAN}]{{2,24}}?法(?![{HAN}]{{0,1}}(?:规|律|人|院|治|定|》))")


def laws(text: str, gaz: Gazetteer) -> list[Mention]:
    """Laws, plans and announcements: 《…》 titles ending in a law head, 中华人民共和国…法, 某某公告2021年第45号."""
    gr = gaz.grammar
    law_head = _compile(f"(?:{gr.head_alternation('law_or_plan', 'zh')})$")
    out: list[Mention] = []
    for m in _BOOK.finditer(text):
        title = m.group(1)
        if not law_head.search(title):
            continue
        mention = _known_or_new(gaz, "law_or_plan", "law", Span(m.start(1), m.end(1), title), "pattern-zh-book-title")
        if m.group(2):
            mention.surface = m.group(2)
        out.append(mention)
    for rx, rule in ((_NUMBERED, "pattern-zh-announcement"), (_STATUTE, "pattern-zh-statute")):
        for m in rx.finditer(text):
            lead = text[m.start() : m.end(1) - 2] if rx is _NUMBERED else ""
            start = m.start() + gr.last_boundary_end(lead)
            out.append(_known_or_new(gaz, "law_or_plan", "law", Span(start, m.end(), text[start : m.end()]), rule))
    return out
