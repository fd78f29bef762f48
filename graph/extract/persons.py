"""Persons and the posts they hold (W3C ORG: a person, an org:Post, its organisation).

"Zhang Wei, director of the X Administration, said", "Director General of the Y Department Li Ming said",
"Editor: Chen Jing", X署副署长王明介绍 (invented names; real ones come from the text and persons.ttl).
The post titles come from posts.ttl; a name
is a pinyin personal name (family name, then a given name of one or two syllables) in English, two or three Han
characters between a post title and a boundary (punctuation or a word from name-grammar.ttl) in Chinese. A name the
gazetteer knows as something else (Hong Kong) is not a person.
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.gazetteer import Gazetteer
from graph.extract.grammar import HAN
from graph.extract.names import slug
from graph.extract.records import Mention, PostRecord, Span
from graph.namespaces import ID

_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)"
)
_SYL = _INITIAL + _FINAL
_FOLLOW_EN = r"(?=\s+(?:said|says|stated|introduced|noted|pointed out|added|explained|told|presided)\b|\s*[,.;:)(]|$)"
_ZH_END = re.compile(r"[，、。；：:（(）)\s“”]")


def _syllables(word: str) -> bool:
    """True when a capitalised word reads as one or two pinyin syllables (Jianhua, Yu, Zenglian)."""
    return bool(re.fullmatch(f"(?:{_SYL}){{1,2}}", word.lower()))


@lru_cache(maxsize=8)
def _en_patterns(titles: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    name = r"(?P<name>[A-Z][a-z]{0,5} [A-Z][a-z]{1,11}(?:-[a-z]{1,6})?)"
    appositive = re.compile(
        rf"\b{name},\s+(?P<post>[^,;.\n]{{0,160}}?\b(?:{titles})\b[^,;\n]{{0,160}}?)(?=,|\s+said\b|\.)"
    )
    titled = re.compile(
        rf"\b(?P<post>(?:{titles})(?:\s+(?:of|of the|at)\s+(?:the\s+)?[A-Z][\w'-]*"
        rf"(?:\s+(?:of|and|for|the|on|[A-Z][\w'-]*))*?)?)"
        rf"\s*[:：]?\s+{name}{_FOLLOW_EN}"
    )
    return appositive, titled


def _person(gaz: Gazetteer, name: str, span: Span, post: Span, rule: str, title: str | None = None) -> Mention | None:
    known = gaz.lookup(name)
    if known and not any(e.kind == "person" for e in known):
        return None  # a place or an organisation that happens to look like a name
    orgs = [m for m in gaz.find_all(post.text) if any(gaz.entries[i].kind == "department" for i in m.iris)]
    org = next((i for i in orgs[-1].iris if gaz.entries[i].kind == "department"), None) if orgs else None
    record = PostRecord(post, gaz.grammar.post_iri(title or post.text), org)
    if known:
        return Mention("person", span, rule, iri=known[0].iri, post=record)
    return Mention("person", span, rule, iri=str(ID[f"person/{slug(name)}"]), label=name, post=record)


def _english(text: str, gaz: Gazetteer) -> list[Mention]:
    titles = gaz.grammar.post_alternation("en")
    if not titles:
        return []
    out: list[Mention] = []
    for rx, rule in zip(_en_patterns(titles), ("pattern-person-appositive", "pattern-person-titled"), strict=True):
        for m in rx.finditer(text):
            name = m.group("name")
            if not all(_syllables(w) for w in name.replace("-", " ").split()):
                continue
            span = Span(m.start("name"), m.end("name"), name)
            post = Span(m.start("post"), m.end("post"), m.group("post"))
            person = _person(gaz, name, span, post, rule)
            if person:
                out.append(person)
    return out


def _chinese(text: str, gaz: Gazetteer) -> list[Mention]:
    gr = gaz.grammar
    titles = gr.post_alternation("zh")
    if not titles:
        return []
    out: list[Mention] = []
    for t in re.finditer(f"(?:{titles})", text):
        name = None
        for size in (3, 2):
            cand = text[t.end() : t.end() + size]
            rest = text[t.end() + size : t.end() + size + 4]
            if len(cand) < size or not re.fullmatch(f"[{HAN}]+", cand) or gr.last_boundary_end(cand):
                continue
            if _ZH_END.match(rest[:1] or " ") or any(len(w) > 1 and rest.startswith(w) for w in gr.boundaries):
                name = cand
                break
        if name is None or re.search(f"(?:{titles})", name) or gaz.lookup(name, ("department", "place", "zone")):
            continue
        lo = t.start()
        while lo > 0 and t.start() - lo < 24 and re.match(f"[{HAN}、]", text[lo - 1]):
            lo -= 1
        lo += gr.last_boundary_end(text[lo : t.start()])
        post = Span(lo, t.end(), text[lo : t.end()])
        person = _person(gaz, name, Span(t.end(), t.end() + len(name), name), post, "pattern-person-zh", t.group(0))
        if person:
            out.append(person)
    return out


def persons(text: str, gaz: Gazetteer, lang: str) -> list[Mention]:
    """Every person named with a post, in either language (a Chinese document may quote English and vice versa)."""
    return _english(text, gaz) + _chinese(text, gaz)
