"""Unit tests of graph.web.highlight: nesting, overlaps, escaping, offsets, sentence bounds."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from graph.web.highlight import Span, css_token, highlight, merge, sentence_bounds


class _Marks(HTMLParser):
    """Rebuilds, for every evidence key, the text its pieces cover, and checks the elements nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.covered: dict[str, str] = {}
        self.firsts: dict[str, int] = {}
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag == "mark"
        a = dict(attrs)
        key = a["data-ev"] or ""
        self.stack.append(key)
        self.covered.setdefault(key, "")
        if "cont" not in (a["class"] or "").split():
            self.firsts[key] = self.firsts.get(key, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        assert tag == "mark" and self.stack
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text += data
        for key in set(self.stack):
            self.covered[key] += data


def parse(fragment: str) -> _Marks:
    p = _Marks()
    p.feed(fragment)
    p.close()
    assert not p.stack, "every mark is closed"
    return p


def spans(*triples: tuple[int, int, str]) -> list[Span]:
    return [Span(a, b, "k", key=key) for a, b, key in triples]


def test_plain_text_is_escaped() -> None:
    assert highlight('<b>&"', []) == "&lt;b&gt;&amp;&quot;"


def test_nested_spans_nest() -> None:
    text = "Beijing Customs shall lead"
    out = highlight(text, spans((0, 26, "measure"), (0, 15, "dept"), (8, 15, "head")))
    p = parse(out)
    assert p.text == text
    assert p.covered == {"measure": text, "dept": "Beijing Customs", "head": "Customs"}
    assert out.startswith('<mark class="f f-k" data-ev="measure"><mark class="f f-k" data-ev="dept">')


def test_identical_ranges_both_marked_in_input_order() -> None:
    p = parse(highlight("GACC", spans((0, 4, "mention"), (0, 4, "responsibility"))))
    assert p.covered == {"mention": "GACC", "responsibility": "GACC"}
    assert p.firsts == {"mention": 1, "responsibility": 1}


def test_crossing_spans_split_into_continuations() -> None:
    text = "abcdefghij"
    out = highlight(text, spans((1, 6, "a"), (4, 9, "b"), (2, 8, "c")))
    p = parse(out)
    assert p.text == text
    assert p.covered == {"a": "bcdef", "b": "efghi", "c": "cdefgh"}
    assert p.firsts == {"a": 1, "b": 1, "c": 1}  # one first piece each, however often it was split
    assert "cont" in out


def test_offsets_clipping_and_empty_spans() -> None:
    # The text starts at document offset 100; spans keep document offsets and are clipped to the text.
    out = highlight("海关总署牵头", [Span(98, 102, "x", "a"), Span(104, 106, "y", "b"), Span(103, 103, "z", "c")], 100)
    p = parse(out)
    assert p.covered == {"a": "海关", "b": "牵头"}
    assert "f-z" not in out


def test_attributes_are_escaped() -> None:
    out = highlight("x", [Span(0, 1, "k", key='"><script>', title="a<b & 'c'", href="/id/a?b=1&c=2")])
    assert "<script>" not in out
    assert 'data-href="/id/a?b=1&amp;c=2"' in out
    assert re.search(r'title="a&lt;b &amp; &#x27;c&#x27;"', out)


def test_css_token() -> None:
    assert css_token("responsibleUnit") == "responsibleUnit"
    assert css_token('a b"<') == "a-b--"
    assert css_token("") == "x"


def test_merge() -> None:
    assert merge([(5, 8), (0, 2), (2, 3), (7, 10)]) == [(0, 3), (5, 10)]


def test_sentence_bounds() -> None:
    text = "First one. Second has GACC in it. Third."
    start = text.index("GACC")
    lo, hi = sentence_bounds(text, 0, start, start + 4)
    assert text[lo:hi] == "Second has GACC in it."
    zh = "一、第一条。海关总署牵头。二、其他。"
    s = zh.index("海关")
    lo, hi = sentence_bounds(zh[3:], 3, s, s + 4)
    assert zh[lo:hi] == "海关总署牵头。"
    # A span that is already whole sentences (a measure) stays as it is.
    assert sentence_bounds(text, 0, 0, 10) == (0, 10)
