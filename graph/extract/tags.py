"""Responsibility tags at the end of a measure, in all their forms, split into roles and names as written.

English: "(Responsible department: X)", "(Responsible departments: X and Y)", "Responsible unit: X",
"Lead department: X; participating departments: Y, Z", "Lead unit X; cooperating units Y", "Implementing units: …".
Chinese: （责任部门：…）, （牵头部门：…；配合部门：…）, （责任单位：…）.
Resolving the names to organisations is relate.py's job; this module only reads the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract.records import Span

_EN_HEAD = r"(?:departments?|units?|offices?|bod(?:y|ies)|agenc(?:y|ies)|organi[sz]ations?|divisions?)"
_EN_ROLE_WORDS = (
    r"(?:responsible|lead(?:ing)?|main|implementing|participating|co-?operating|supporting|"
    r"coordinating|assisting|joint)"
)
EN_ROLE_RE = re.compile(
    "(?P<role>" + _EN_ROLE_WORDS + ")" + r"\s+" + _EN_HEAD + r"(?:\s+(?:is|are))?\s*[:：]?\s*", re.I
)
_ZH_ROLE_WORDS = r"(?:责任|牵头|主责|配合|参与|协办|实施|承办|责任主体|负责|协同|协助|主办)"
_ZH_HEAD = r"(?:部门|单位|处室|机构|处)"
ZH_ROLE_RE = re.compile(r"【?(?P<role>" + _ZH_ROLE_WORDS[3:-1] + r")" + _ZH_HEAD + r"\s*(?:[:：]|】)\s*")
# A role word standing alone before a colon, inside brackets: "(Lead: X; Cooperating: Y)".
EN_BARE_ROLE_RE = re.compile(r"(?P<role>" + _EN_ROLE_WORDS + r")\s*[:：]\s*", re.I)
# Where a tag's list of names stops when a deadline or another field follows on the same line.
_FIELD_END = re.compile(
    r"[；;，,。.\s]*(?:完成时限|时限|完成时间|时间要求|deadline|time limit|timeline)\s*[:：】]", re.I
)

# A whole tag: in brackets, or a trailing "Responsible unit: …" sentence.
EN_TAG = re.compile(
    r"[(（\[]\s*(?=" + _EN_ROLE_WORDS + r"\s+" + _EN_HEAD + r")(?P<body>[^()（）\[\]]{2,300})[)）\]]\.?"
    r"|(?:(?<=[.;。])|^)\s*(?=" + _EN_ROLE_WORDS + r"\s+" + _EN_HEAD + r"\s*(?:is|are)?\s*[:：]?)"
    r"(?P<body2>[^\n()（）]{2,300}?)\s*(?:\.|$)(?=\s*$)",
    re.I | re.M,
)
ZH_TAG = re.compile(
    r"[（(]\s*(?P<body>" + _ZH_ROLE_WORDS + _ZH_HEAD + r"\s*[:：][^()（）]{1,200})[)）]"
    # 【责任部门】X、Y at the end of an item or on its own line
    r"|【(?P<body3>" + _ZH_ROLE_WORDS + _ZH_HEAD + r"】[^\n]{1,200})"
    # 责任单位：X、Y on a line of its own
    r"|^[ \t　]*(?P<body4>" + _ZH_ROLE_WORDS + _ZH_HEAD + r"\s*[:：][^\n]{1,200})",
    re.M,
)
# "(Lead: X; Cooperating: Y)": role words without a head noun, in brackets
EN_BARE_TAG = re.compile(
    r"[(（\[]\s*(?=" + _EN_ROLE_WORDS + r"\s*[:：])(?P<body5>[^()（）\[\]]{2,300})[)）\]]\.?"
    # … or on a line of its own: "Lead: X; Cooperating: Y"
    r"|^[ \t]*(?=(?:lead|responsible|implementing)\s*[:：])(?P<body6>[^\n()（）]{2,300}?)\s*\.?[ \t]*$",
    re.I | re.M,
)

_ROLE_OF = {
    "lead": "lead",
    "leading": "lead",
    "main": "lead",
    "牵头": "lead",
    "主责": "lead",
    "participating": "cooperating",
    "cooperating": "cooperating",
    "co-operating": "cooperating",
    "supporting": "cooperating",
    "coordinating": "cooperating",
    "assisting": "cooperating",
    "joint": "cooperating",
    "配合": "cooperating",
    "参与": "cooperating",
    "协办": "cooperating",
}


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


def find_tag(text: str, offset: int = 0) -> Tag | None:
    """The last responsibility tag in `text` (the one that closes an item), with its role segments."""
    found: list[tuple[re.Match[str], str]] = [(m, "zh") for m in ZH_TAG.finditer(text)]
    found += [(m, "en") for m in EN_TAG.finditer(text)]
    found += [(m, "en-bare") for m in EN_BARE_TAG.finditer(text)]
    if not found:
        return None
    m, lang = max(found, key=lambda f: f[0].start())
    body_group = next(g for g, v in m.groupdict().items() if v is not None)
    body_start = m.start(body_group)
    body = m.group(body_group)
    cut = _FIELD_END.search(body)
    if cut:
        body = body[: cut.start()]
    role_re = {"zh": ZH_ROLE_RE, "en": EN_ROLE_RE, "en-bare": EN_BARE_ROLE_RE}[lang]
    lang = lang[:2]
    heads = list(role_re.finditer(body))
    parts: list[TagPart] = []
    for i, h in enumerate(heads):
        seg_start = h.end()
        seg_end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        seg = body[seg_start:seg_end]
        trimmed = seg.rstrip(" ;；,，.。【")
        lead_ws = len(trimmed) - len(trimmed.lstrip())
        trimmed = trimmed.strip()
        if not trimmed:
            continue
        role = _ROLE_OF.get(h.group("role").lower(), "responsible")
        s = offset + body_start + seg_start + lead_ws
        parts.append(TagPart(role, Span(s, s + len(trimmed), trimmed), f"tag-{lang}-{role}"))
    if not parts:
        return None
    return Tag(Span(offset + m.start(), offset + m.end(), m.group(0)), tuple(parts))
