"""Character spans over a text → HTML with `<mark>` elements, nested correctly however the spans overlap.

Evidence records point into a document's text by offsets, and several facts are often read from the same
characters (a department is both a mention and a responsibility) or from crossing ones (a theme trigger that starts
inside a place name). HTML needs properly nested elements, so a span that crosses the end of an enclosing one is
closed there and reopened after it as a continuation piece (class `cont`, same `data-ev`): every span still covers
exactly its characters, and each evidence record has exactly one first piece, which is what counts and tests use.
Pure functions, no Flask: the pages and the unit tests call them alike.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Sentence ends in both languages; a passage grows to the nearest of these around its evidence.
TERMINATORS = frozenset("。！？；!?;\n") | {"."}
# Colours for fact kinds, given out in order of appearance so any new property gets one (no list of today's terms).
PALETTE = (
    "#eceff4",
    "#fff1a8",
    "#ffd9a8",
    "#cfe8ff",
    "#d6f5d6",
    "#f3d1f4",
    "#ffd1d1",
    "#e2dcff",
    "#d1f0f0",
    "#f0e0c8",
    "#e8e8e8",
)


@dataclass(frozen=True)
class Span:
    """One highlighted range: [start, end) in the text's characters (code points, as NIF offsets count)."""

    start: int
    end: int
    kind: str  # a CSS-safe token: the class is f-<kind>
    key: str = ""  # identifies the fact (the evidence record), repeated on continuation pieces
    title: str = ""
    href: str = ""


def css_token(name: str) -> str:
    """A property's local name as a class-name token: letters, digits, '-' and '_' only."""
    token = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in name)
    return token or "x"


def _open(span: Span, continued: bool) -> str:
    classes = f"f f-{span.kind}" + (" cont" if continued else "")
    attrs = [f'class="{classes}"']
    if span.key:
        attrs.append(f'data-ev="{html.escape(span.key)}"')
    if span.title:
        attrs.append(f'title="{html.escape(span.title)}"')
    if span.href:
        attrs.append(f'data-href="{html.escape(span.href)}"')
    return "<mark " + " ".join(attrs) + ">"


def highlight(text: str, spans: Iterable[Span], offset: int = 0) -> str:
    """`text` HTML-escaped, with each span wrapped in `<mark>`; `offset` is the text's start in the document, so
    spans keep document offsets. Spans are clipped to the text; empty ones are dropped. Among spans opening at the
    same point the longer one is outer, so identical ranges nest in input order."""
    end_of_text = offset + len(text)
    live = [
        (i, Span(max(s.start, offset), min(s.end, end_of_text), s.kind, s.key, s.title, s.href))
        for i, s in enumerate(spans)
    ]
    live = [(i, s) for i, s in live if s.start < s.end]
    starts: dict[int, list[tuple[int, Span]]] = {}
    for i, s in live:
        starts.setdefault(s.start, []).append((i, s))
    points = sorted({offset, end_of_text} | {s.start for _, s in live} | {s.end for _, s in live})
    out: list[str] = []
    stack: list[tuple[int, Span]] = []
    cursor = offset
    for point in points:
        out.append(html.escape(text[cursor - offset : point - offset]))
        cursor = point
        # Close everything down to the deepest span ending here; spans closed on the way are reopened below.
        reopen: list[tuple[int, Span]] = []
        while any(s.end == point for _, s in stack):
            item = stack.pop()
            out.append("</mark>")
            if item[1].end != point:
                reopen.append(item)
        fresh = starts.get(point, [])
        opening = sorted(reopen + fresh, key=lambda item: (-item[1].end, item[0]))
        reopened = {i for i, _ in reopen}
        for i, s in opening:
            out.append(_open(s, continued=i in reopened))
            stack.append((i, s))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def sentence_bounds(window: str, window_start: int, start: int, end: int) -> tuple[int, int]:
    """The smallest run of whole sentences of `window` (which begins at document offset `window_start`) that holds
    [start, end): a span already starting and ending on sentence boundaries (a measure) is returned unchanged."""
    lo, hi = start - window_start, end - window_start
    lo, hi = max(0, min(lo, len(window))), max(0, min(hi, len(window)))
    while lo > 0 and window[lo - 1] not in TERMINATORS:
        lo -= 1
    while lo < hi and window[lo].isspace():
        lo += 1
    while hi < len(window) and (hi == 0 or window[hi - 1] not in TERMINATORS):
        hi += 1
    return window_start + lo, window_start + hi


def colours(kinds: Sequence[str]) -> str:
    """A CSS block giving each fact kind a background colour (and its legend swatch the same one)."""
    rules = [f"mark.f-{k}, .swatch.f-{k} {{ background: {PALETTE[n % len(PALETTE)]}; }}" for n, k in enumerate(kinds)]
    return "\n".join(rules)
