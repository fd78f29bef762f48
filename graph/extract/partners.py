"""One arrangement per named partner: "AEO mutual recognition arrangements with Singapore, the EU and New Zealand",
与沙特阿拉伯、埃及等国家的AEO互认 name three and two arrangements.

The trigger phrases and the name templates for partners no vocabulary lists are in name-grammar.ttl; the partners
are places the gazetteer knows. A known arrangement is the agreement whose parties (dcterms:spatial) include the
partner and one of whose labels contains the trigger. The whole phrase is kept as each arrangement's surface form.
"""

from __future__ import annotations

import re

from graph.extract.gazetteer import Gazetteer, fold
from graph.extract.names import slug
from graph.extract.records import Mention, Span
from graph.namespaces import ID

_CLAUSE_END = re.compile(r"[。；;.!?！？\n]|\s\(")
_EN_LIST_GAP = re.compile(r"^(?:,?\s*(?:and\s+)?(?:the\s+)?|、|和|及|与)$", re.I)


def _arrangement(gaz: Gazetteer, parties: dict[str, list[str]], partner: str, trigger: str) -> str | None:
    want = fold(trigger)
    for iri, places in parties.items():
        entry = gaz.entries.get(iri)
        if entry is None or entry.kind != "agreement" or partner not in places:
            continue
        if any(want in fold(label) for label in gaz.all_labels(iri)):
            return iri
    return None


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
        for t in rx.finditer(text):
            if lang == "zh":
                clause_start = max((m.end() for m in re.finditer(r"[，。；,;\n]", text[: t.start()])), default=0)
                window_start, window = clause_start, text[clause_start : t.start()]
            else:
                stop = _CLAUSE_END.search(text, t.end())
                window_start, window = t.end(), text[t.end() : stop.start() if stop else t.end() + 200]
            places = [m for m in gaz.find_all(window) if any(gaz.entries[i].kind == "place" for i in m.iris)]
            partners: list[tuple[str, int, int]] = []
            for m in places:
                iri = next(i for i in m.iris if gaz.entries[i].kind == "place")
                before = window[: m.start].rstrip()
                if before.endswith(("—", "-", "–")) and len(before) >= 2:
                    consumed.append(Span(window_start + m.start, window_start + m.end, window[m.start : m.end]))
                if lang == "en" and partners and not _EN_LIST_GAP.match(window[partners[-1][1] : m.start]):
                    break
                if iri == str(ID["place/china"]) or iri in gaz.parts:  # a partner is an economy, not a district
                    continue
                partners.append((iri, m.end, m.start))
            if not partners:
                continue
            if lang == "zh":
                start, end = window_start + partners[0][2], t.end()
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
