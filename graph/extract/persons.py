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

from graph.extract.en_names import ORG_WORDS
from graph.extract.gazetteer import Gazetteer
from graph.extract.grammar import HAN, Grammar
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
_DOT = "·・•‧"
_ZH_DOTTED = re.compile(f"[{HAN}]{{1,8}}[{_DOT}][{HAN}]{{1,10}}")
_SPEAKER_ZH = re.compile(f"^[ \t\u3000]*(?P<label>[{HAN}][{HAN}{_DOT} ]{{1,23}}?)[ \t]*[：:]", re.M)
_SPEAKER_EN = re.compile(r"^[ \t]*(?P<name>[A-Z][a-z]{0,5} [A-Z][a-z]{1,11}(?:-[a-z]{1,6})?)[ \t]*:", re.M)


def _syllables(word: str) -> bool:
    """True when a capitalised word reads as one or two pinyin syllables (Jianhua, Yu, Zenglian)."""
    return bool(re.fullmatch(f"(?:{_SYL}){{1,2}}", word.lower()))


@lru_cache(maxsize=8)
def _en_patterns(titles: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    name = r"(?P<name>[A-Z][a-z]{0,5} [A-Z][a-z]{1,11}(?:-[a-z]{1,6})?)"
    appositive = re.compile(
        rf"\b{name},\s+(?P<post>[^,;.\n]{{0,160}}?\b(?:{titles})\b[^,;\n]{{0,160}}?)(?=,|\s+said\b|\.|[ \t]*(?m:$))"
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


def _zh_name_after(text: str, at: int, gr: Grammar) -> str | None:
    """The personal name written at `at`: a name with a middle dot (阿依古丽·买买提), or two or three Han characters
    that end at punctuation or a boundary word. A one-character boundary word inside the name (新, 中, 全 are common
    in given names) only rules it out when the name opens with it, or does not both open with a family name and end at
    punctuation (记者问答 has no name)."""
    dotted = _ZH_DOTTED.match(text, at)
    if dotted:  # the shortest name that ends at punctuation or before a boundary word (…·艾买提|介绍)
        dot = dotted.group(0).index(next(d for d in _DOT if d in dotted.group(0)))
        for end in range(at + dot + 2, dotted.end() + 1):
            rest = text[end : end + 4]
            if _ZH_END.match(rest[:1] or " ") or any(len(w) > 1 and rest.startswith(w) for w in gr.boundaries):
                return text[at:end]
    for size in (3, 2):
        cand = text[at : at + size]
        rest = text[at + size : at + size + 4]
        if len(cand) < size or not re.fullmatch(f"[{HAN}]+", cand):
            continue
        ends = bool(_ZH_END.match(rest[:1] or " "))
        lenient = ends and _family_name(cand, gr)
        inner = [w for w in gr.boundaries if w in cand and (len(w) > 1 or not lenient or cand.startswith(w))]
        if inner:
            continue
        if ends or any(len(w) > 1 and rest.startswith(w) for w in gr.boundaries):
            return cand
    return None


def _chinese(text: str, gaz: Gazetteer) -> list[Mention]:
    gr = gaz.grammar
    titles = gr.post_alternation("zh")
    if not titles:
        return []
    out: list[Mention] = []
    for t in re.finditer(f"(?:{titles})", text):
        at = t.end() + (1 if text[t.end() : t.end() + 1] in ("：", ":") else 0)  # 责任编辑：王明
        name = _zh_name_after(text, at, gr)
        if name is None or re.search(f"(?:{titles})", name) or gaz.lookup(name, ("department", "place", "zone")):
            continue
        if text[at + len(name) : at + len(name) + 1] == "”":
            continue  # “关长进企业”: a quoted name of an activity, not a title and a person
        lo = t.start()
        while lo > 0 and t.start() - lo < 24 and re.match(f"[{HAN}、]", text[lo - 1]):
            lo -= 1
        lo += gr.last_boundary_end(text[lo : t.start()])
        post = Span(lo, t.end(), text[lo : t.end()])
        person = _person(gaz, name, Span(at, at + len(name), name), post, "pattern-person-zh", t.group(0))
        if person:
            out.append(person)
    return out


def _speaker(gaz: Gazetteer, name: str, start: int, rule: str, post: Span | None = None) -> Mention | None:
    known = gaz.lookup(name)
    if known and not any(e.kind == "person" for e in known):
        return None
    span = Span(start, start + len(name), name)
    record = PostRecord(post, gaz.grammar.post_iri(post.text), None) if post is not None else None
    if known:
        return Mention("person", span, rule, iri=known[0].iri, post=record)
    return Mention("person", span, rule, iri=str(ID[f"person/{slug(name)}"]), label=name, post=record)


def speakers(text: str, gaz: Gazetteer) -> list[Mention]:
    """Speakers at the start of a transcript's lines ("王明：", "Li Hua:", "主持人 王明："). A role alone
    (主持人：, 记者：, 新华社记者：, "Reporter:") is no one. A Chinese speaker is a name with a middle dot, or two to
    four Han characters opening with a family name (name-grammar.ttl) that the document names again elsewhere, so
    that a field label (来源：, 任务：) is not read as a person."""
    gr = gaz.grammar
    titles = gr.post_alternation("zh")
    out: list[Mention] = []
    for m in _SPEAKER_ZH.finditer(text):
        label, start = m.group("label").rstrip(), m.start("label")
        role = re.match(f"(?:{titles})[ ]*", label) if titles else None
        post = Span(start, start + len(role.group(0).rstrip()), role.group(0).rstrip()) if role else None
        name, at = (label[role.end() :], start + role.end()) if role else (label, start)
        if not name or (titles and re.search(f"(?:{titles})$", name)):
            continue  # a role with no name
        if any(d in name for d in _DOT):
            if not _ZH_DOTTED.fullmatch(name):
                continue
        elif (
            not re.fullmatch(f"[{HAN}]{{2,4}}", name)
            or not _family_name(name, gr)
            or any(len(w) > 1 and w in name for w in gr.boundaries)
            or gr.is_generic(name)
            or (post is None and text.count(name) < 2)
        ):
            continue
        person = _speaker(gaz, name, at, "pattern-person-speaker-zh", post)
        if person:
            out.append(person)
    for m in _SPEAKER_EN.finditer(text):
        name = m.group("name")
        if all(_syllables(w) for w in name.replace("-", " ").split()):
            person = _speaker(gaz, name, m.start("name"), "pattern-person-speaker-en")
            if person:
                out.append(person)
    return out


_FIELD_NAME_EN = re.compile(r"(?P<name>[A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){1,2})(?=\s*(?:[,;.(（]|$))", re.M)


def field_persons(text: str, gaz: Gazetteer) -> list[Mention]:
    """Persons named as the value of a person field ("Contact: Sun Li, Office of X", 联系人：王明，电话…, 填表人：…):
    the label says the value is a person, so no post is needed. An English value is two or three capitalised words
    none of which ends an organisation's name (Contact: General Office, Contact: Yangpu Customs are no one)."""
    gr = gaz.grammar
    heads = gr.head_alternation("department", "en")
    out: list[Mention] = []
    for m in gr.person_labels.finditer(text):
        at = m.end()
        en = _FIELD_NAME_EN.match(text, at)
        if en:
            name = en.group("name")
            if re.search(rf"\b{ORG_WORDS}\b", name) or (heads and re.search(rf"\b(?:{heads})\b", name, re.I)):
                continue
        else:
            zh = _zh_name_after(text, at, gr)
            if zh is None or (gr.is_generic(zh)):
                continue
            name = zh
        if gaz.lookup(name, ("department", "place", "zone", "unit_type")):
            continue
        person = _speaker(gaz, name, at, "pattern-person-field")
        if person:
            out.append(person)
    return out


def _family_name(name: str, gr: Grammar) -> bool:
    """True when `name` opens with a family name and leaves a given name of one or two characters."""
    return any(name.startswith(f) and 1 <= len(name) - len(f) <= 2 for f in gr.family_names)


def persons(text: str, gaz: Gazetteer, lang: str) -> list[Mention]:
    """Every person named with a post, or speaking at the start of a line, in either language (a Chinese document
    may quote English and vice versa)."""
    return (
        _english(text, gaz) + _chinese(text, gaz) + speakers(text, gaz) + field_persons(text, gaz) + _of_unit(text, gaz)
    )


@lru_cache(maxsize=8)
def _unit_pattern(heads: str) -> re.Pattern[str]:
    name = r"(?P<name>[A-Z][a-z]{0,5} [A-Z][a-z]{1,11})"
    unit = rf"(?P<post>(?:[A-Z][\w'-]*\s+){{0,4}}(?:{heads})(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'-]*\s*){{1,5}})?)"
    return re.compile(rf"\b{name},\s+(?:the\s+)?{unit}(?=[,.;]|\s*$)", re.M)


def _of_unit(text: str, gaz: Gazetteer) -> list[Mention]:
    """A pinyin name followed by the unit the person works in and nothing else ("Jin Li, Office of X Customs."):
    a contact named with a unit instead of a post title."""
    heads = gaz.grammar.head_alternation("department", "en")
    if not heads:
        return []
    out: list[Mention] = []
    for m in _unit_pattern(heads).finditer(text):
        name = m.group("name")
        if not all(_syllables(w) for w in name.split()) or gaz.lookup(name):
            continue
        person = _speaker(gaz, name, m.start("name"), "pattern-person-of-unit")
        if person:
            out.append(person)
    return out
