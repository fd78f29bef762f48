"""Responsibility tags at the end of a measure, in all their forms, split into roles and names as written.

Field labels are a role word with an optional unit noun (ontology/vocab/tag-grammar.ttl), then a separator and names;
inline markers ("X (lead)", "X牵头，Y配合") and fields on consecutive lines are read too. Examples:
Chinese: （责任部门：…）, （牵头部门：…；配合部门：…）, （责任单位：…）.
Resolving the names to organisations is relate.py's job; this module only reads the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from graph.extract.frames import last_sentence_frame
from graph.extract.records import Span

_GRAMMAR = Path(__file__).resolve().parents[2] / "ontology" / "vocab" / "tag-grammar.ttl"
_BASE = "https://w3id.org/tradekg/id/tag-grammar/"


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """Role words and unit nouns by kind and language, and each role word's role, from tag-grammar.ttl."""
    g = Graph()
    g.parse(_GRAMMAR)
    words: dict[str, dict[str, list[str]]] = {}
    role_of: dict[str, str] = {}
    for word, parent in g.subject_objects(SKOS.broader):
        kind = str(parent).removeprefix(_BASE)
        for lit in g.objects(word, SKOS.prefLabel):
            if isinstance(lit, Literal) and lit.language:
                words.setdefault(kind, {}).setdefault(lit.language, []).append(str(lit))
                if kind not in ("unit-noun", "none-word", "sentence-frame") and not kind.startswith("column-"):
                    role_of[str(lit).lower()] = kind
    return words, role_of


def _alt(kinds: tuple[str, ...], lang: str) -> str:
    ws = [w for k in kinds for w in _words()[0].get(k, {}).get(lang, [])]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(ws), key=len, reverse=True)) + ")"


_ROLES = ("lead", "cooperating", "responsible")
_EN_HEAD = _alt(("unit-noun",), "en")
_EN_ROLE_WORDS = _alt(_ROLES, "en")
_EN_MARK_WORDS = _alt(("lead", "cooperating"), "en")
_ZH_ROLE_WORDS = _alt(_ROLES, "zh")
_ZH_HEAD = _alt(("unit-noun",), "zh")
_ZH_MARK_WORDS = _alt(("lead", "cooperating"), "zh")
_ROLE_OF = _words()[1]

# A field label inside a tag: role word, optional unit noun, separator ("Lead department:", "[Supporting]").
EN_ROLE_RE = re.compile(
    r"(?:[\[【]\s*(?P<role2>" + _EN_ROLE_WORDS + r")(?:\s+" + _EN_HEAD + r")?\s*[\]】]\s*"
    r"|\b(?P<role>" + _EN_ROLE_WORDS + r")\s+" + _EN_HEAD + r"(?:\s+(?:is|are))?\s*[:：]?\s*)",
    re.I,
)
ZH_ROLE_RE = re.compile(
    r"【\s*(?P<role2>" + _ZH_ROLE_WORDS + r")(?:" + _ZH_HEAD + r")?\s*】\s*"
    r"|(?P<role>" + _ZH_ROLE_WORDS + r")(?:" + _ZH_HEAD + r")?\s*[:：]\s*"
)
# A role word standing alone before a colon, inside brackets: "(Lead: X; Cooperating: Y)".
EN_BARE_ROLE_RE = re.compile(
    r"(?:[\[【]\s*(?P<role2>" + _EN_ROLE_WORDS + r")\s*[\]】]\s*|\b(?P<role>" + _EN_ROLE_WORDS + r")\s*[:：]\s*)",
    re.I,
)
# Inline role markers after a name: "X (lead)", "X牵头", "Y、Z配合".
_EN_MARK = re.compile(r"\s*[(（]\s*(?P<role>" + _EN_MARK_WORDS + r")(?:\s+" + _EN_HEAD + r")?\s*[)）]", re.I)
_ZH_MARK = re.compile(r"(?P<role>" + _ZH_MARK_WORDS + r")(?=\s*(?:[，,；;。.]|$))")
# Where a tag's list of names stops when a deadline or another field follows on the same line.
_FIELD_END = re.compile(
    r"[；;，,。.\s]*(?:完成时限|时限|完成时间|时间要求|deadline|time limit|timeline)\s*[:：】]", re.I
)
_EN_PAREN = r"(?:[^\n()（）]|[(（][^()（）\n]{1,30}[)）])"

# A whole tag: in brackets, or a trailing "Responsible unit: …" sentence.
EN_TAG = re.compile(
    r"[(（\[]\s*(?="
    + _EN_ROLE_WORDS
    + r"\s+"
    + _EN_HEAD
    + r")(?P<body>(?:[^()（）\[\]]|[(（][^()（）\n]{1,30}[)）]){2,300})[)）\]]\.?"
    r"|(?:(?<=[.;。])|^)\s*(?=" + _EN_ROLE_WORDS + r"\s+" + _EN_HEAD + r"\s*(?:is|are)?\s*[:：]?)"
    r"(?P<body2>" + _EN_PAREN + r"{2,300}?)\s*(?:\.|$)(?=\s*$)",
    re.I | re.M,
)
_ZH_LABEL = _ZH_ROLE_WORDS + r"(?:" + _ZH_HEAD + r")?"
ZH_TAG = re.compile(
    r"[（(]\s*(?P<body>" + _ZH_LABEL + r"\s*[:：][^()（）]{1,200})[)）]"
    # 【责任部门】X、Y or 【牵头】X【配合】Y at the end of an item or on its own line
    r"|(?P<body3>【\s*" + _ZH_LABEL + r"\s*】[^\n]{1,200})"
    # 责任单位：X、Y on a line of its own
    r"|^[ \t　]*(?P<body4>" + _ZH_LABEL + r"\s*[:：][^\n]{1,200})",
    re.M,
)
# "(Lead: X; Cooperating: Y)", "[Lead] X [Supporting] Y": role words without a head noun
EN_BARE_TAG = re.compile(
    r"[(（]\s*(?=" + _EN_ROLE_WORDS + r"\s*[:：])(?P<body5>[^()（）\[\]]{2,300})[)）]\.?"
    r"|(?P<body7>[\[【]\s*" + _EN_ROLE_WORDS + r"(?:\s+" + _EN_HEAD + r")?\s*[\]】][^\n]{2,300})"
    # … or on a line of its own: "Lead: X; Cooperating: Y"
    r"|^[ \t]*(?=" + _EN_ROLE_WORDS + r"\s*[:：])(?P<body6>[^\n()（）]{2,300}?)\s*\.?[ \t]*$",
    re.I | re.M,
)


@dataclass(frozen=True)
class TagPart:
    """One role segment of a tag: the role and the span of the names that follow it."""

    role: str
    span: Span
    rule: str


@dataclass(frozen=True)
class Tag:
    span: Span
    parts: tuple[TagPart, ...]


def column_words() -> dict[str, dict[str, list[str]]]:
    """Headings of a task table's columns by kind (column-number, column-task, column-deadline) and language."""
    return {k: v for k, v in _words()[0].items() if k.startswith("column-")}


def unit_column_role(heading: str) -> str | None:
    """The role a table column headed `heading` gives the units it names ("Lead Department" -> lead, 配合单位 ->
    cooperating, "Responsible Unit" or "Department" -> responsible; a lead or cooperating word alone, "Lead" or
    "Cooperating", heads a units column too), or None when it names no units."""
    words = _words()[0]
    low = heading.lower()
    role_words = [(w, k) for k in _ROLES for lang in ("en", "zh") for w in words.get(k, {}).get(lang, [])]
    nouns = [w for lang in ("en", "zh") for w in words.get("unit-noun", {}).get(lang, [])]
    bare = low.strip(" .:：")
    if any(bare == w.lower() for w, k in role_words if k != "responsible"):
        return _ROLE_OF.get(bare, "responsible")  # a column headed by a role word alone: "Lead", "Cooperating", 牵头
    if not any(_has_word(n.lower(), low) for n in nouns):
        return None
    found = [(len(w), k) for w, k in role_words if _has_word(w.lower(), low)]
    return max(found)[1] if found else "responsible"


def _has_word(word: str, text: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", word):
        return word in text
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


def split_names(cell: str, start: int, role: str, lang: str) -> list[TagPart]:
    """The unit names in a table cell: role fields when it has them ("Lead: X; Cooperating: Y"), else a list."""
    if lang == "zh":
        parts = _parts(cell, start, "zh") if ZH_ROLE_RE.search(cell) else []
    else:
        parts = _parts(cell, start, "en-bare") if EN_BARE_ROLE_RE.search(cell) or EN_ROLE_RE.search(cell) else []
    if parts:
        return parts
    out: list[TagPart] = []
    for m in re.finditer(r"[^;；、,，/]+", cell):
        name = m.group(0).strip(" .。")
        if name and _names_something(name):
            s = start + m.start() + m.group(0).index(name)
            out.append(TagPart(role, Span(s, s + len(name), name), f"table-{lang}-{role}"))
    return out


def _names_something(cell: str) -> bool:
    """False for a cell that says no unit is named: a dash ("—", "-", "/") or a word for none (tag-grammar.ttl)."""
    if not re.search(r"\w", cell):
        return False
    nones = {w.lower() for lang in _words()[0].get("none-word", {}).values() for w in lang}
    return cell.lower() not in nones


def _parts(body: str, body_start: int, lang: str) -> list[TagPart]:
    role_re = {"zh": ZH_ROLE_RE, "en": EN_ROLE_RE, "en-bare": EN_BARE_ROLE_RE}[lang]
    short = lang[:2]
    heads = list(role_re.finditer(body))
    parts: list[TagPart] = []
    for i, h in enumerate(heads):
        seg_start = h.end()
        seg_end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        field_role = _ROLE_OF.get(re.sub(r"\s+", " ", (h.group("role") or h.group("role2")).lower()), "responsible")
        parts += _inline(body[seg_start:seg_end], body_start + seg_start, field_role, short)
    return parts


def _inline(seg: str, start: int, field_role: str, lang: str) -> list[TagPart]:
    """Split a field's names at inline role markers ("X (lead), Y", "X牵头，Y、Z配合"); unmarked names keep the field's
    role, or are cooperating when a lead was marked in a field of responsible units."""
    mark = _ZH_MARK if lang == "zh" else _EN_MARK
    pieces: list[tuple[str, int, int]] = []
    pos = 0
    for m in mark.finditer(seg):
        # an English marker names one unit: the text back to the previous comma or semicolon
        cut = pos
        if lang == "en":
            prev = max(seg.rfind(c, pos, m.start()) for c in ",;，；")
            if prev >= 0:
                pieces.append((field_role, pos, prev))
                cut = prev + 1
        pieces.append((_ROLE_OF.get(m.group("role").lower(), field_role), cut, m.start()))
        pos = m.end()
    rest_role = field_role
    if pieces and field_role == "responsible" and any(r == "lead" for r, _, _ in pieces):
        rest_role = "cooperating"
    pieces.append((rest_role, pos, len(seg)))
    out: list[TagPart] = []
    for role, a, b in pieces:
        text = seg[a:b]
        trimmed = text.rstrip(" ;；,，.。【[")
        lead_ws = len(trimmed) - len(trimmed.lstrip(" ;；,，、.。"))
        trimmed = trimmed.lstrip(" ;；,，、.。").strip()
        if not trimmed:
            continue
        s = start + a + lead_ws
        out.append(TagPart(role, Span(s, s + len(trimmed), trimmed), f"tag-{lang}-{role}"))
    return out


def _matches(text: str) -> list[tuple[re.Match[str], str]]:
    found: list[tuple[re.Match[str], str]] = [(m, "zh") for m in ZH_TAG.finditer(text)]
    found += [(m, "en") for m in EN_TAG.finditer(text)]
    found += [(m, "en-bare") for m in EN_BARE_TAG.finditer(text)]
    return sorted(found, key=lambda f: f[0].start())


def _body(m: re.Match[str]) -> tuple[str, int]:
    group = next(g for g, v in m.groupdict().items() if v is not None)
    body = m.group(group)
    cut = _FIELD_END.search(body)
    return (body[: cut.start()] if cut else body), m.start(group)


def find_tag(text: str, offset: int = 0) -> Tag | None:
    """The last responsibility tag in `text` (the one that closes an item), with its role segments.

    Tags on consecutive lines ("Lead department: X" then "Supporting departments: Y") make one tag."""
    found = _matches(text)
    if not found:
        return _frame_tag(text, offset)
    m, lang = found[-1]
    chain = [(m, lang)]
    for prev, plang in reversed(found[:-1]):
        cur = chain[0][0].group(0)
        gap = text[prev.end() : chain[0][0].start()] + cur[: len(cur) - len(cur.lstrip())]
        pstart = prev.start() + len(prev.group(0)) - len(prev.group(0).lstrip())
        line_start = text.rfind("\n", 0, pstart) + 1
        if gap.strip() == "" and "\n" in gap and text[line_start:pstart].strip() == "":
            chain.insert(0, (prev, plang))
        else:
            break
    parts: list[TagPart] = []
    for cm, clang in chain:
        body, body_start = _body(cm)
        parts += _parts(body, offset + body_start, clang)
    if not parts:
        return None
    first = chain[0][0]
    return Tag(Span(offset + first.start(), offset + m.end(), text[first.start() : m.end()]), tuple(parts))


def _frame_tag(text: str, offset: int) -> Tag | None:
    """A responsibility said as the last sentence of the text, read through a sentence frame (frames.py)."""
    frames = _words()[0].get("sentence-frame", {})
    hit = last_sentence_frame(text, tuple((lang, t) for lang, ts in sorted(frames.items()) for t in ts))
    if hit is None:
        return None
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", text[hit.start : hit.end]) else "en"
    parts = tuple(
        TagPart(role, Span(offset + a, offset + b, text[a:b]), f"frame-{lang}-{role}") for role, a, b in hit.slots
    )
    return Tag(Span(offset + hit.start, offset + hit.end, text[hit.start : hit.end]), parts)
