"""Responsibilities said in running prose: the last sentence of an item read through a sentence frame.

Plans often close an item with a sentence instead of a bracketed tag: 由旅检科牵头，查验科、科技科配合。, "The Risk
Management Division shall take the lead, with the Finance Division cooperating.", "This task is led by the Office."
The frames are in tag-grammar.ttl (`sentence-frame`), with {lead}, {cooperating} and {responsible} standing for the
names that take each role. A frame is read only when it is the whole last sentence of the text it is given, so a
sentence in the middle of an item ("由办公室汇总后报…") never becomes a tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_ROLES = ("lead", "cooperating", "responsible")
_SLOT = re.compile(r"\{(lead|cooperating|responsible)\}")
# names in a Chinese slot: no sentence or clause break; the lead slot stops at a comma too
_ZH_NAMES = {"lead": r"[^。；;，,！!？?\n]{2,60}?", "cooperating": r"[^。；;！!？?\n]{2,80}?"}
_ZH_NAMES["responsible"] = _ZH_NAMES["cooperating"]
# names in an English slot: begin with a capital (after an optional "the"), no sentence break; a name may wrap onto
# the next line ("the Commodity Inspection" / "Section is responsible …"), never over a blank line
_EN_NAMES = r"(?:[Tt]he\s+)?(?P<{role}>[A-Z](?:[^.;:!?\n]|\n(?=[^\n]))" + "{{1,200}}?)"
# where a sentence starts: the start of the text or line, or after a sentence end
_ZH_START = r"(?:^|(?<=[。；;！!？?\n]))[ \t　]*"
_EN_START = r"(?:^|(?<=[.;!?])\s+)[ \t]*"


@dataclass(frozen=True)
class FrameHit:
    """A frame sentence: its extent in the text and, per role, the extent of the names that fill it."""

    start: int
    end: int
    slots: tuple[tuple[str, int, int], ...]


def _compile(template: str, lang: str) -> re.Pattern[str]:
    out: list[str] = []
    pos = 0
    for m in _SLOT.finditer(template):
        out.append(_literal(template[pos : m.start()]))
        role = m.group(1)
        out.append(f"(?P<{role}>{_ZH_NAMES[role]})" if lang == "zh" else _EN_NAMES.format(role=role))
        pos = m.end()
    out.append(_literal(template[pos:]))
    start = _ZH_START if lang == "zh" else _EN_START
    # a Chinese frame may close with one short clause of its own ("由X牵头，Y配合，9月底前投入使用。")
    tail = r"(?:[，,][^。；;！!？?\n，,]{2,30})?" if lang == "zh" else ""
    end = tail + r"\s*[。.]?[ \t　]*$"
    flags = re.M if lang == "zh" else re.M | re.I
    body = "".join(out)
    if lang == "en":
        # the literal words are matched without regard to case; the slots still want a capital
        body = body.replace("[A-Z]", "(?-i:[A-Z])")
    return re.compile(start + "(?:" + body + ")" + end, flags)


def _literal(text: str) -> str:
    return re.sub(r"[，,]", "[，,]", re.escape(text).replace(r"\ ", r"\s+"))


@lru_cache(maxsize=4)
def _patterns(templates: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    ordered = sorted(templates, key=lambda t: len(t[1]), reverse=True)
    return tuple((_compile(t, lang), lang) for lang, t in ordered)


def last_sentence_frame(text: str, templates: tuple[tuple[str, str], ...]) -> FrameHit | None:
    """The frame that reads the last sentence of `text`, the most specific one first; None when none does."""
    tail = text.rstrip()
    for pattern, _lang in _patterns(templates):
        m = pattern.search(tail, max(0, len(tail) - 400))
        if m is None:
            continue
        found = m.groupdict()
        slots = tuple((role, m.start(role), m.end(role)) for role in _ROLES if found.get(role))
        if slots:
            lead_ws = len(m.group(0)) - len(m.group(0).lstrip())
            return FrameHit(m.start() + lead_ws, m.end(), slots)
    return None
