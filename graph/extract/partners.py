"""One arrangement per named partner: "AEO mutual recognition arrangements with Singapore, the EU and New Zealand",
与沙特阿拉伯、埃及等国家的AEO互认 name three and two arrangements.

The trigger phrases and the name templates for partners no vocabulary lists are in name-grammar.ttl; the partners
are places the gazetteer knows. A known arrangement is the agreement whose parties (dcterms:spatial) include the
partner and one of whose labels contains the trigger. The whole phrase is kept as each arrangement's surface form.
"""

from __future__ import annotations

import re

from graph.extract.gazetteer import Gazetteer, Match, fold
from graph.extract.names import slug
from graph.extract.records import Mention, Span
from graph.namespaces import ID

_CLAUSE_END = re.compile(r"[。；;.!?！？\n]|\s\(")
_EN_LIST_GAP = re.compile(r"^(?:,?\s*(?:and\s+)?(?:the\s+)?|、|和|及|与)$", re.I)
_DASH_GAP = re.compile(r"^\s*[-–—]\s*$")  # China-Singapore: the first party, then the partner


def _en_list_gap(gap: str) -> bool:
    """True when `gap` joins two places of one list: a comma, "and", or the dash of a compound (China-Singapore)."""
    return bool(_EN_LIST_GAP.match(gap) or _DASH_GAP.match(gap))


def _en_before(text: str, trigger: re.Match[str], gaz: Gazetteer) -> tuple[int, list[Match]]:
    """Places listed just before an English trigger ("the China-Singapore, China-Thailand and China-Malaysia AEO
    mutual recognition arrangements"): the last ends where the trigger begins, each is joined to the next by a list
    gap or a compound's dash, and the first is a compound's first party. Returns the window's start and the places,
    first to last."""
    clause = max(
        (m.end() for m in _CLAUSE_END.finditer(text, max(0, trigger.start() - 300), trigger.start())), default=0
    )
    clause = max(clause, trigger.start() - 300)
    window = text[clause : trigger.start()]
    places = [m for m in gaz.find_all(window) if any(gaz.entries[i].kind == "place" for i in m.iris)]
    chain: list[Match] = []
    pos = len(window.rstrip())
    for m in reversed(places):
        gap = window[m.end : pos]
        if gap.strip() if not chain else not _en_list_gap(gap):
            break
        chain.append(m)
        pos = m.start
    chain.reverse()
    while len(chain) > 1 and not _DASH_GAP.match(window[chain[0].end : chain[1].start]):
        chain.pop(
            0
        )  # the list opens with a compound ("China-Singapore, …"): "Singapore and the China-Peru …" names one
    return clause, chain if len(chain) > 1 else []


def _arrangement(gaz: Gazetteer, parties: dict[str, list[str]], partner: str, trigger: str) -> str | None:
    want = fold(trigger)
    for iri, places in parties.items():
        entry = gaz.entries.get(iri)
        if entry is None or entry.kind != "agreement" or partner not in places:
            continue
        if any(want in fold(label) for label in gaz.all_labels(iri)):
            return iri
    return None


def _not_partner(iri: str, gaz: Gazetteer) -> bool:
    """A partner is an economy, not China itself nor a district of a place."""
    return iri == str(ID["place/china"]) or iri in gaz.parts


def _partners_in(places: list[Match], window: str, gaz: Gazetteer) -> bool:
    """True when the places after a trigger name at least one partner."""
    return any(not _not_partner(next(i for i in m.iris if gaz.entries[i].kind == "place"), gaz) for m in places)


def _windows(text: str, t: re.Match[str], gaz: Gazetteer, lang: str) -> list[tuple[bool, int, str, list[Match]]]:
    """Where a trigger's partners are listed: before it in Chinese (与新加坡、泰国的AEO互认); after it in English
    ("… with Singapore and Peru"), and also before it when compounds lead into it ("China-Singapore, China-Thailand
    AEO …"). Each window: whether it is before the trigger, its start, its text and the places in it."""

    def places_in(window: str) -> list[Match]:
        return [m for m in gaz.find_all(window) if any(gaz.entries[i].kind == "place" for i in m.iris)]

    if lang == "zh":
        start = max((m.end() for m in re.finditer(r"[，。；,;\n]", text[: t.start()])), default=0)
        return [(True, start, text[start : t.start()], places_in(text[start : t.start()]))]
    stop = _CLAUSE_END.search(text, t.end())
    window = text[t.end() : stop.start() if stop else t.end() + 200]
    out = [(False, t.end(), window, places_in(window))]
    ahead, listed = _en_before(text, t, gaz)
    if listed and _partners_in(listed, text[ahead : t.start()], gaz):
        out.append((True, ahead, text[ahead : t.start()], listed))
    return out


def per_partner(text: str, gaz: Gazetteer, lang: str) -> tuple[list[Mention], list[Span]]:
    """Arrangements named per partner, and the spans of partner names written inside a compound (中国—新加坡)."""
    parties = gaz.parties
    out: list[Mention] = []
    consumed: list[Span] = []
    for trig in gaz.grammar.triggers:
        labels = sorted(trig.labels.get(lang, ()), key=len, reverse=True)
        if not labels:
            continue
        rx = re.compile("|".join(re.escape(x) for x in labels), re.I)
        for t, (before_trigger, window_start, window, places) in (
            (hit, w) for hit in rx.finditer(text) for w in _windows(text, hit, gaz, lang)
        ):
            partners: list[tuple[str, int, int]] = []
            last = -1  # end of the previous place in the list, a partner or not (China-Singapore, China-Thailand)
            for m in places:
                iri = next(i for i in m.iris if gaz.entries[i].kind == "place")
                before = window[: m.start].rstrip()
                if before.endswith(("—", "-", "–")) and len(before) >= 2:
                    consumed.append(Span(window_start + m.start, window_start + m.end, window[m.start : m.end]))
                if lang == "en" and partners and not _en_list_gap(window[last : m.start]):
                    break
                last = m.end
                if _not_partner(iri, gaz):
                    continue
                partners.append((iri, m.end, m.start))
            if not partners:
                continue
            if before_trigger:
                first = places[0].start if lang == "en" else partners[0][2]  # "China-Singapore, …": from China
                start, end = window_start + first, t.end()
            else:
                start, end = t.start(), window_start + partners[-1][1]
            phrase = text[start:end]
            for place, _, _ in partners:
                known = _arrangement(gaz, parties, place, min(trig.labels[lang], key=len))
                span = Span(start, end, phrase)
                if known:
                    out.append(Mention("agreement", span, "pattern-partner", iri=known, surface=phrase))
                    continue
                entry = gaz.entries[place]
                pname = (entry.pref_zh if lang == "zh" else entry.pref_en) or entry.label
                name = trig.templates.get(lang, "{partner}").replace("{partner}", pname)
                english = trig.templates.get("en", "{partner}").replace("{partner}", entry.pref_en or entry.label)
                iri = str(ID[f"agreement/{slug(english)}"])  # one IRI whichever language names it
                out.append(Mention("agreement", span, "pattern-partner", iri=iri, label=name, surface=phrase))
    return out, consumed
