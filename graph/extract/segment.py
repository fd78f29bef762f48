"""Split a document into sections and measures, in every numbering style the genre uses.

How it decides, in order:
1. Line items: lines that start with an enumerator (numbering.py). Shapes that machine translation mixes for one
   level ("(1)", "(four)", "(XIII)") are joined into one *family* when their values run on; families nest into
   outline levels in order of appearance.
2. Prose items: "First, … The second is … 一是…" runs inside a paragraph (a run starts at 1 and counts up).
3. The measure level is the level of items that carry a responsibility tag; failing that, the first level that is
   neither a heading level (short lines over deeper items) nor a container of prose runs; failing that, prose runs.
   Deeper items, and lettered items everywhere, are sub-items of their measure.
4. A cover notice (the lines before an attachment that restates the package named in the title) holds no measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.extract import numbering
from graph.extract.lines import Line, is_zh, parse_date, word_count
from graph.extract.records import Measure, Section, Span
from graph.extract.tags import find_tag

_COMPAT = {
    "word": "top",
    "roman": "top",
    "dun": "top",
    "zh-dun": "top",
    "paren": "paren",
    "dot": "dot",
    "article": "article",
    "circled": "circled",
    "letter": "letter",
    "upper": "upper",
    "decimal": "decimal",
    "part": "part",
    "bullet": "bullet",
}
_STOP_LINE = re.compile(
    r"^(?:source|来源|issued by|发布(?:单位|机关)|附件|attachment|annex|(?:this|the) notice is hereby|"
    r"i hereby inform you|特此通知|hereby notified)\b",
    re.I,
)


@dataclass
class Item:
    line: Line
    enum: numbering.Enumerator | None  # None for prose items
    start: int  # offset where the item's text begins (after the enumerator)
    token_start: int
    value: int
    family: int = -1
    level: int = 0
    end: int = 0
    prose: list[Item] = field(default_factory=list)
    token: str = ""
    position: int = 0  # index among the line items, for constant-time neighbour look-ups
    tail: tuple[int, int] | None = None  # a tag line after the item's sub-items that closes the item itself

    @property
    def kind(self) -> str:
        return self.enum.kind if self.enum else "prose"


@dataclass
class Structure:
    sections: list[Section]
    measures: list[Measure]


def _line_items(lines: list[Line]) -> list[Item]:
    """Lines that open with an enumerator; bullets ("—", "•", "●") are numbered through their run of lines. A prose
    ordinal at the start of a line inside a paragraph of prose stays prose."""
    items: list[Item] = []
    run = 0
    prev: Line | None = None
    prose = ""  # the plain prose lines of the block (lines with no blank line between) that `line` is in
    for line in lines:
        enum = numbering.line_enumerator(line.text)
        if prev is None or line.index != prev.index + 1:
            prose = ""
        prev = line
        bullet = _BULLET.match(line.text) if enum is None else None
        if (enum is None and bullet is None) or _continues_prose(enum, prose):
            # "The fourth is to …" at the start of a line, after "The first is … The third is" in the prose just
            # above it, is one of that paragraph's prose ordinals, read with the others, not a numbered line
            prose += "\n" + line.text
            run = 0
            continue
        if bullet:
            run += 1
            enum = numbering.Enumerator(bullet.group(1), run, "bullet", "bullet", bullet.end())
        else:
            run = 0
        if enum is None:
            continue
        prose = ""  # the prose above a numbered line is no longer the paragraph its successors go on
        items.append(Item(line, enum, line.start + enum.end, line.start, enum.value, position=len(items)))
    return items


def _continues_prose(enum: numbering.Enumerator | None, prose: str) -> bool:
    """True for a prose-ordinal line ("The fourth is …", "Second, …") whose predecessor is in the prose above it."""
    if enum is None or enum.kind != "word" or not prose:
        return False
    return any(numbering.prose_value(m) == enum.value - 1 for m in numbering.PROSE_ORDINAL.finditer(prose))


_BULLET = re.compile(r"^[ \t\u3000]*([—–•●▪◆■·]|-(?=\s))[ \t\u3000]*(?=[\w\"“《（(])")
# a speaker's turn in a transcript: a short name or role, a colon, then what was said ("Reporter: …", "王明：…")
_TURN = re.compile(r"^[ \t]*(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}|[\u4e00-\u9fff·]{2,10})[ \t]*[:：][ \t]*\S")


# labels of a list that is not the document's own: notes under a table, links to other articles under a news story
_NOTES = re.compile(
    r"^[ \t]*(?:notes?|remarks?|related (?:reading|links|articles|stories)|further reading|see also|"
    r"说明|注|备注|相关阅读|延伸阅读|相关链接|相关新闻)[ \t]*[:：]",
    re.I,
)


def _without_notes(items: list[Item], lines: list[Line]) -> list[Item]:
    """The numbered notes under a table or plan ("Notes: 1. … 2. …", 说明：1. …) and the links under a news story
    ("Related reading:" and bullets) are not items: a list that opens on or right after such a label line is dropped
    while its values run on."""
    notes = [ln for ln in lines if _NOTES.match(ln.text)]
    if not notes:
        return items
    out: list[Item] = []
    skipping: Item | None = None
    for item in items:
        if skipping is not None and item.kind == skipping.kind and item.value == skipping.value + 1:
            skipping = item
            continue
        skipping = None
        label = next((n for n in reversed(notes) if n.index <= item.line.index), None) if item.value == 1 else None
        if label is not None and _just_after(label, item, lines):
            skipping = item
            continue
        out.append(item)
    for k, item in enumerate(out):
        item.position = k
    return out


def _just_after(label: Line, item: Item, lines: list[Line]) -> bool:
    """Whether `item` is on the notes label's line or on the line after it."""
    k = next(i for i, ln in enumerate(lines) if ln.index == label.index)
    after = lines[k + 1].index if k + 1 < len(lines) else -1
    return item.line.index in (label.index, after)


def _turns(lines: list[Line]) -> set[int]:
    """Indices of the lines that open a speaker's turn, when the document is a transcript (three turns or more by
    two speakers or more, one of whom speaks again): a turn closes every list that was open. Header fields and
    numbered headings ("Issued: …", "Part One: …", "Timeline: …") have the shape of a turn but are nobody's, and a
    set of labels none of which comes back is a list of fields, not a conversation."""
    found = {
        ln.index: re.split(r"[:：]", ln.text, maxsplit=1)[0].strip()
        for ln in lines
        if _TURN.match(ln.text) and not tag_line(ln.text) and numbering.line_enumerator(ln.text) is None
    }
    speakers = list(found.values())
    again = len(set(speakers)) < len(speakers)
    return set(found) if len(found) >= 3 and len(set(speakers)) >= 2 and again else set()


def _assign_families(items: list[Item]) -> None:
    """Group items into families: a value that runs on from an open family joins it, preferring the same shape."""
    last: dict[int, tuple[int, str, str]] = {}  # family -> (last value, shape, kind)
    for item in items:
        assert item.enum is not None
        shape, kind = item.enum.shape, item.enum.kind
        best, best_rank = None, 99
        for fam, (value, fshape, fkind) in last.items():
            if kind == "letter" or fkind == "letter":
                ok = fkind == kind and (value == item.value - 1 or item.value == 1)
                rank = 0 if value == item.value - 1 else 5
            else:
                ok = value == item.value - 1
                rank = 0 if fshape == shape else 1 if fkind == kind else 2 if _COMPAT[fkind] == _COMPAT[kind] else 3
            if ok and rank < best_rank:
                best, best_rank = fam, rank
        if best is None and item.value == 1:
            same = [f for f, (_, fs, _) in last.items() if fs == shape]
            best = same[-1] if same else None
        if best is None and item.value != 1:
            same = [f for f, (_, fs, fk) in last.items() if fs == shape or (fk == kind and kind != "top")]
            best = same[-1] if same else None
        if best is None:
            best = len(last)
        item.family = best
        last[best] = (item.value, shape, kind)


def _assign_levels(items: list[Item], turns: frozenset[int] = frozenset()) -> None:
    """Families nest in order of appearance; a new list of prose ordinals ("The first is …" after "First, …") is a
    sibling of an open one, never a level below it; a speaker's turn closes every open list."""
    stack: list[int] = []
    kind_of: dict[int, str] = {}
    prev = -1
    for item in items:
        if any(prev < t <= item.line.index for t in turns):
            stack = []
        prev = item.line.index
        kind_of.setdefault(item.family, item.kind)
        if item.family in stack:
            del stack[stack.index(item.family) + 1 :]
        elif item.kind == "word" and any(kind_of[f] == "word" for f in stack):
            k = next(i for i, f in enumerate(stack) if kind_of[f] == "word")
            stack[k:] = [item.family]
        else:
            stack.append(item.family)
        item.level = len(stack) - 1


def _ends(items: list[Item], lines: list[Line], limit: int, turns: frozenset[int] = frozenset()) -> None:
    """Each line item runs to the next item at its level or above, to a heading or stop line, or to `limit`."""
    line_pos = {ln.index: k for k, ln in enumerate(lines)}
    for i, item in enumerate(items):
        end = limit
        for nxt in items[i + 1 :]:
            if nxt.level <= item.level:
                end = nxt.token_start
                break
        k = line_pos[item.line.index]
        stop = item.line.end
        tagged = _closes_with_tag(item.line.text)
        depth = _depth(item.line.text)
        prev = item.line
        for line in lines[k + 1 :]:
            if line.start >= end:
                break
            if _STOP_LINE.match(line.text) or (len(line.text) < 30 and parse_date(line.text)) or line.index in turns:
                break
            if tagged and numbering.line_enumerator(line.text) is None:
                break
            if (
                numbering.line_enumerator(line.text) is None
                and _is_heading(line)
                and not tag_line(line.text)
                and depth <= 0
                and not _carries_on(prev, line)
            ):
                break
            stop = line.end
            depth += _depth(line.text)
            prev = line
            tagged = tagged or _closes_with_tag(line.text)
        item.end = min(end, stop) if end > item.line.end else item.line.end


def _carries_on(prev: Line, line: Line) -> bool:
    """True when `line` ends the sentence the line just before it left open ("… and the Yantai" then "Port Customs
    takes part."): short and capitalised, it is still no heading."""
    return (
        line.index == prev.index + 1
        and not prev.text.rstrip().endswith((".", ":", ";", "!", "?", "。", "：", "；", ")", "）"))
        and line.text.rstrip().endswith((".", "。"))
    )


def _depth(text: str) -> int:
    """Brackets `text` opens and does not close. While an item has one open, its next line goes on inside it (a tag
    wrapped over two lines, "(Lead: X; Cooperating: Y, Science and" then "Technology Division)"), however short and
    heading-like that line is."""
    return text.count("(") + text.count("（") - text.count(")") - text.count("）")


def _closes_with_tag(text: str) -> bool:
    """True when a line ends its item with a tag. A sentence frame closes it only at a sentence end: "… takes the
    lead on this" wrapped before "task, and Y takes part." reads as a frame but the sentence goes on."""
    tag = find_tag(text)
    if tag is None:
        return False
    framed = all(p.rule.startswith("frame-") for p in tag.parts)
    return not framed or re.search(r"[.。;；)）\]】]\s*$", text) is not None


def tag_line(text: str) -> bool:
    """True for a line that is only a responsibility tag ("Implementing units: X, Y.", "【责任部门】X", "(Lead: X)")."""
    tag = find_tag(text)
    return tag is not None and tag.span.start <= 2 and len(text.rstrip(" .。;；")) - tag.span.end <= 2


def _tail_tags(items: list[Item], lines: list[Line], text: str) -> None:
    """A tag on its own line after an item's sub-items closes the item, not its last sub-item.

    This holds when the sub-items carry no tags of their own (else each sub-item is tagged, and the last tag is the
    last sub-item's): the tag line is then cut from the sub-items and kept as the item's tail."""
    for k, item in enumerate(items):
        desc: list[Item] = []
        for nxt in items[k + 1 :]:
            if nxt.level <= item.level or nxt.token_start >= item.end:
                break
            desc.append(nxt)
        if len([d for d in desc if d.level == item.level + 1]) < 2:
            continue
        tail = [ln for ln in lines if desc[-1].line.end < ln.start < item.end and tag_line(ln.text)]
        if not tail:
            continue
        cut = tail[-1]
        if any(find_tag(text[d.start : min(d.end, cut.start)]) for d in desc):
            continue
        for d in desc:
            d.end = min(d.end, cut.start)
        item.tail = (cut.start, cut.end)


def _tagged(item: Item, items: list[Item], text: str) -> bool:
    """Whether the item's own text (without its sub-items), or a tag line closing it, holds a tag."""
    if find_tag(text[item.start : _own_end(item, items)]):
        return True
    return item.tail is not None and find_tag(text[item.tail[0] : item.tail[1]]) is not None


def _own_end(item: Item, items: list[Item]) -> int:
    """Where an item's own text stops: at its first deeper (child) item, else at its end.

    Items are in document order, so the first child, if any, is the next item."""
    k = item.position
    nxt = items[k + 1] if k + 1 < len(items) else None
    if nxt is not None and item.start < nxt.token_start < item.end and nxt.level > item.level:
        return nxt.token_start
    return item.end


_STAT_VERB = re.compile(
    r"^(?:the\s+)?[\w\-\"“”]+(?:\s+[\w\-\"“”]+){0,9}?\s+(?:was|were|remained|reached|continued|increased|grew|rose|doubled|resumed|surged|climbed|"
    r"fell|declined|decreased|dropped|accounted|exceeded|hit|stood|kept|maintained|has been|have been|became|"
    r"recorded|achieved|registered|totalled|totaled)\b",
    re.I,
)
_FIGURE = re.compile(
    r"\d[\d,.]*\s*(?:%|per ?cent|trillion|billion|million|yuan|dollars|tons|tonnes|万亿|亿元|万|％|倍|个百分点|吨)"
    r"|同比|占比"
)


_STAT_LEAD = re.compile(
    r"\b(?:features|characteristics|trends|highlights|sources)\b|特点|特征|亮点|态势|"
    r"情况(?:有|如下|[:：])",
    re.I,
)


def _statistical(run: list[Item], text: str, offset: int, before: str = "") -> bool:
    """True for an enumeration of statistics or trends ("First, the scale remained stable …"), not measures: most
    items open with a trend verb or a figure, or the sentence that introduces them announces features or sources."""
    lead_in = re.split(r"(?<=[.。!?！？;；])\s*(?=\S)", before.strip())[-1] if before.strip() else ""
    if _STAT_LEAD.search(lead_in):
        return True
    votes = 0
    for it in run:
        body = text[it.start - offset : it.end - offset]
        body = numbering.PROSE_ORDINAL.sub("", body, count=1).strip()
        first = re.split(r"(?<=[.。;；])\s*", body, maxsplit=1)[0]
        if _STAT_VERB.match(first) or (
            _FIGURE.search(first) and not re.search(r"\bto\b|要|推进|推动|加强", first[:12])
        ):
            votes += 1
    return votes * 2 > len(run)


_MODAL = re.compile(r"\b(?:will|shall|would|must|should|(?:is|are|plan|aim|intend)\s+to)\b", re.I)


def _undertaking(item: Item, text: str) -> bool:
    """An answer's English prose item says what will be done ("First, we will …", "The first is to …"); one that
    reports what happened ("First, the volume grew …", "Second, the structure improved") is not a measure."""
    body = text[item.token_start : item.end]
    return is_zh(body) or _MODAL.search(body[:200]) is not None


def _heading_item(item: Item, items: list[Item], text: str) -> bool:
    """A short item without a sentence of its own: a group heading when deeper items follow."""
    for end in (item.end, _own_end(item, items)):
        own = text[item.start : end]
        if len(own) < 160 and "。" not in own and word_count(own) <= 20:
            return True
    return False


def _under_heading(item: Item, items: list[Item], text: str) -> bool:
    """A lettered item ("a)", "(b)") is an item in its own right when its parent is a bare heading ("I. Building open
    platforms") or when it has no parent: there is no sentence above it for it to be a sub-item of."""
    parent = next((p for p in reversed(items[: item.position]) if p.level < item.level), None)
    if parent is None:
        # no item above it at all ("we will take these steps: a) … b) …" in an answer): a list in its own right
        return item.level == 0
    if parent.kind == "letter":
        return False
    own = text[parent.start : _own_end(parent, items)]
    return (
        len(own.strip()) < 120
        and not re.search(r"[。.;；:：]\s*$", own.strip())
        and "。" not in own
        and ". " not in own
    )


def _heads_the_list(at: list[Item], items: list[Item], all_items: list[Item], text: str) -> bool:
    """True when the items of a level that hold deeper items are all headings and hold more items than there are
    items without children at that level ("一、总体目标" paragraph, "二、重点任务" over twenty tasks, "三、保障措施"
    paragraph): the level is an outline of parts, and the few childless parts are preamble or closing text."""
    parents = [it for it in at if any(it.token_start < d.token_start < it.end and d.level > it.level for d in items)]
    if not parents or not all(_heading_item(it, all_items, text) for it in parents):
        return False
    held = sum(
        1 for d in items if d.level == at[0].level + 1 and any(p.token_start < d.token_start < p.end for p in parents)
    )
    return held > len(at) - len(parents)


def _ordinal_items(at: list[Item], loose: list[Item], text: str) -> list[Item]:
    """Measures of a level of prose-ordinal lines ("First, …", "The second is …", "一是…"): the runs of those lines
    that are not statistics, and the prose-ordinal runs inside and between them."""
    at = _fill_gaps(at, text)
    out: list[Item] = []
    run: list[Item] = []
    for it in [*at, None]:
        if it is None or it.kind != "word" or (run and it.value != run[-1].value + 1):
            if run and not _statistical(run, text, 0, text[max(0, run[0].token_start - 200) : run[0].token_start]):
                out += run
            run = []
        if it is None:
            break
        if it.kind == "word":
            run.append(it)
        else:
            out.append(it)
    seen = {it.start for it in out}
    for p in [p for it in at for p in it.prose] + [p for p in loose if p.start > at[0].start]:
        if p.start not in seen:
            seen.add(p.start)
            out.append(p)
    return out


def _with_answer_runs(chosen: list[Item], items: list[Item], loose: list[Item], text: str) -> list[Item]:
    """In a transcript each answer lists on its own: prose runs outside the numbered items count too, when they say
    what will be done."""
    spans = [(it.token_start, it.end) for it in items]
    have = {it.start for it in chosen}
    return chosen + [
        p
        for p in loose
        if p.start not in have and not any(a <= p.start < b for a, b in spans) and _undertaking(p, text)
    ]


def _fill_gaps(at: list[Item], text: str) -> list[Item]:
    """A prose-ordinal line run that skips a value ("The fourth is …" then "The sixth is …") has the missing item
    inside the text between them, opening mid-paragraph ("The second group concerns … The fifth is to …"): it is
    cut out of its predecessor and becomes an item of its own."""
    out: list[Item] = []
    for it, nxt in zip(at, [*at[1:], None], strict=True):
        out.append(it)
        if nxt is None or it.kind != "word" or nxt.kind != "word" or nxt.value != it.value + 2:
            continue
        for m in numbering.PROSE_ORDINAL.finditer(text, it.start, it.end):
            if numbering.prose_value(m) == it.value + 1 and m.start("tok") > it.start:
                item = Item(
                    it.line, None, m.start("tok"), m.start("tok"), it.value + 1, family=-2, token=m.group("tok")
                )
                item.end, item.level, it.end = it.end, it.level, m.start("tok")
                out.append(item)
                break
    return out


def _is_heading(line: Line) -> bool:
    t = line.text
    if is_zh(t):
        return len(t) <= 30 and not t.endswith(("。", "；", ";"))
    return word_count(t) <= 16 and not t.endswith((";", ",", ":")) and t[:1].isupper() and t.count(". ") == 0


# "…, we will: (1) link …; (2) allow …; (3) pilot …" — numbers in brackets inside one paragraph, the first after a
# colon, the others after a semicolon or comma
_INLINE_PAREN = re.compile(
    r"(?<=[:：;；,，])\s*(?P<tok>[（(](?P<num>\d{1,2})[)）]|(?P<circled>[" + numbering.CIRCLED + r"]))\s*"
)


def _prose_runs(text: str, offset: int, base: Line, inline_numbers: bool = False) -> list[Item]:
    """Runs of prose ordinals (1, 2, 3 …) in `text`; each item runs to the next one or to the end of the text.
    With `inline_numbers`, a paragraph's bracketed numbers after a colon ("we will: (1) …; (2) …") are a run too."""
    hits = [(m, numbering.prose_value(m)) for m in numbering.PROSE_ORDINAL.finditer(text)]
    if inline_numbers:
        hits += [(m, numbering.any_value(m.group("num") or m.group("circled"))) for m in _INLINE_PAREN.finditer(text)]
        hits.sort(key=lambda h: h[0].start())
    runs: list[list[tuple[re.Match[str], int]]] = []
    for m, v in hits:
        if v is None:
            continue
        if v == 1:
            runs.append([(m, v)])
        elif runs and runs[-1][-1][1] == v - 1:
            runs[-1].append((m, v))
    out: list[Item] = []
    for run in runs:
        if len(run) < 2:
            continue
        items: list[Item] = []
        for j, (m, v) in enumerate(run):
            tok_start = m.start("tok")
            end = run[j + 1][0].start("tok") if j + 1 < len(run) else len(text.rstrip())
            # "(2)" and "②" are left out of the text, "Second," is kept
            symbolic = m.group("tok").startswith(("(", "（")) or m.group("tok") in numbering.CIRCLED
            own = offset + (m.end() if symbolic else tok_start)
            item = Item(base, None, own, offset + tok_start, v, family=-2, token=m.group("tok"))
            item.end = offset + end
            items.append(item)
        if not _statistical(items, text, offset, text[: run[0][0].start("tok")]):
            out += items
    return out


def _paragraphs(body: list[Line], numbered: set[int], turns: frozenset[int]) -> list[list[Line]]:
    """Lines outside numbered items, joined into paragraphs (lines that follow each other with no blank line
    between; a speaker's turn starts a new one), so that a run of "The first is … The second is …" wrapped over
    several lines is read as one run."""
    out: list[list[Line]] = []
    for line in body:
        if line.index in numbered:
            continue
        if out and out[-1][-1].index == line.index - 1 and line.index not in turns:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _span(text: str, start: int, end: int) -> Span:
    piece = text[start:end]
    stripped = piece.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    return Span(start + lead, start + len(stripped), stripped.strip())


def cover_end(lines: list[Line], title: Line | None, package: str | None) -> int:
    """Offset where the attachment starts, when a line after the title restates the package; else 0."""
    if title is None or not package:
        return 0
    want = re.sub(r"\W+", " ", package.lower()).strip()
    for line in lines:
        if line.start <= title.start:
            continue
        got = re.sub(r"\W+", " ", line.text.lower()).strip()
        if got == want or (len(want) > 12 and got.endswith(want) and len(got) - len(want) < 12):
            return line.start
    return 0


def segment(text: str, lines: list[Line], start_at: int = 0, header: frozenset[int] = frozenset()) -> Structure:
    """Sections and measures of a document whose text is `text`, ignoring everything before `start_at` and the
    header lines (title, date, number) listed by index in `header`."""
    body = [ln for ln in lines if ln.start >= start_at and ln.index not in header]
    items = _without_notes(_line_items(body), body)
    turns = frozenset(_turns(body))
    _assign_families(items)
    _assign_levels(items, turns)
    _ends(items, body, len(text), turns)
    _tail_tags(items, body, text)
    for item in items:
        item.prose = _prose_runs(text[item.start : item.end], item.start, item.line)
    numbered_lines = {it.line.index for it in items}
    loose_prose: list[Item] = []
    for para in _paragraphs(body, numbered_lines, turns):
        first, last = para[0], para[-1]
        loose_prose += _prose_runs(text[first.start : last.end], first.start, first, inline_numbers=True)

    non_letter = [it for it in items if it.kind != "letter" or _under_heading(it, items, text)]
    measure_items: list[Item] = []
    section_items: list[Item] = []
    tagged_levels = [it.level for it in non_letter if _tagged(it, items, text)]
    levels = sorted({it.level for it in non_letter})
    if tagged_levels:
        mlevel = max(set(tagged_levels), key=tagged_levels.count)
        measure_items = _fill_gaps([it for it in non_letter if it.level == mlevel], text)
        if turns:
            measure_items = sorted(_with_answer_runs(measure_items, items, loose_prose, text), key=lambda it: it.start)
        section_items = [it for it in non_letter if it.level < mlevel]
    else:
        chosen: list[Item] | None = None
        for level in levels:
            at = [it for it in non_letter if it.level == level]
            deeper = any(it.level > level for it in non_letter)
            with_runs = [it for it in at if it.prose]
            if with_runs and len(with_runs) * 2 >= len(at):
                section_items += at
                chosen = [p for it in at for p in it.prose] + [p for p in loose_prose if p.start > at[0].start]
                break
            heading_like = sum(1 for it in at if it.kind == "part" or _heading_item(it, items, text))
            if deeper and (heading_like * 2 > len(at) or _heads_the_list(at, non_letter, items, text)):
                section_items += at
                continue
            chosen = at
            if sum(1 for it in at if it.kind == "word") * 2 > len(at):
                chosen = _ordinal_items(at, loose_prose, text)
            break
        if chosen is None:
            chosen = loose_prose
        if turns and chosen is not loose_prose:
            chosen = _with_answer_runs(chosen, items, loose_prose, text)
        measure_items = sorted(chosen, key=lambda it: it.start)

    sections: list[Section] = []
    section_of: dict[int, Section] = {}
    if section_items:
        for it in sorted(section_items, key=lambda it: it.token_start):
            heading = it.line.text
            sec = Section(
                len(sections) + 1,
                heading,
                Span(it.line.start, it.line.end, heading),
                it.enum.token if it.enum else None,
            )
            sections.append(sec)
            section_of[it.token_start] = sec
    else:
        inside = [(it.start, it.end) for it in measure_items]
        for line in body:
            if line.index in numbered_lines or not _is_heading(line):
                continue
            if any(a <= line.start < b for a, b in inside):
                continue  # the last line of a wrapped item ("Technology Division)") heads nothing
            if _STOP_LINE.match(line.text) or (len(line.text) < 60 and parse_date(line.text)):
                continue
            if any(m.start > line.end for m in measure_items):
                sec = Section(len(sections) + 1, line.text, line.span, None)
                sections.append(sec)
                section_of[line.start] = sec

    measures: list[Measure] = []
    starts = sorted(section_of)
    for it in measure_items:
        span = _span(text, it.start, it.end)
        if not span.text:
            continue
        owner = None
        for s in starts:
            if s <= it.token_start:
                owner = section_of[s]
        token = it.enum.token if it.enum else text[it.token_start : it.start].strip()
        style = it.enum.shape if it.enum else "prose-ordinal"
        if not it.enum:
            # prose items keep their ordinal words ("The second is …") in the measure text
            span = _span(text, it.start if it.token.startswith(("(", "（")) else it.token_start, it.end)
            token = it.token.rstrip(",， ")
        elif it.enum.kind == "word":
            # so do lines opened by one ("Firstly, we …", "一是…"): the word is part of the sentence, not a number
            span = _span(text, it.token_start, it.end)
        measures.append(Measure(len(measures) + 1, token, style, span, owner))
    # only headings that hold a measure are sections (drops title lines, cover-notice items, closing remarks)
    used = [s for s in sections if any(m.section is s for m in measures)]
    for k, sec in enumerate(used, 1):
        sec.ordinal = k
    return Structure(used, measures)
