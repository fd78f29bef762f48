"""The search index on its own: tokens, ranking, snippets and paged loading, without a server."""

from __future__ import annotations

from graph import searchindex as si


def row(iri: str, kind: str, text: str, typ: str = "department", lang: str | None = None) -> dict[str, dict[str, str]]:
    term = {"type": "literal", "value": text, **({"xml:lang": lang} if lang else {})}
    return {"s": {"value": iri}, "type": {"value": typ}, "kind": {"value": kind}, "text": term}


ROWS = [
    row("x:a", "pref", "Alpha Port Office", lang="en"),
    row("x:a", "pref", "甲港办公室", lang="zh"),
    row("x:a", "alt", "APO"),
    row("x:b", "pref", "Alpha Port", lang="en", typ="zone"),
    row("x:c", "text", "Offices of every port shall publish their fees.", typ="measure"),
    row("x:c", "label", "doc.txt #3", typ="measure"),
]


def test_tokens_split_latin_words_and_cjk_bigrams() -> None:
    assert si.tokens("Single-Window 单一窗口") == ["single", "window", *"单一窗口", "单一", "一窗", "窗口"]
    assert si.tokens("单一窗口", query=True) == ["单一", "一窗", "窗口"]
    assert si.tokens("关", query=True) == ["关"]
    assert si.tokens("  ,;!  ") == []


def test_exact_label_first_then_labels_before_text() -> None:
    index = si.build(ROWS)
    found = si.search(index, "alpha port")
    hits = found.hits
    assert not found.partial and found.total == 2
    assert [h.iri for h in hits] == ["x:b", "x:a"]
    assert hits[0].exact and not hits[1].exact


def test_chinese_substring_and_single_character() -> None:
    index = si.build(ROWS)
    hits = si.search(index, "港办").hits
    assert [h.iri for h in hits] == ["x:a"]
    assert hits[0].snippet == "甲港办公室" and hits[0].marks == [(1, 3)]
    assert [h.iri for h in si.search(index, "甲").hits] == ["x:a"]
    assert hits[0].labels == {"en": "Alpha Port Office", "zh": "甲港办公室"}


def test_word_prefix_case_and_marks_in_text() -> None:
    index = si.build(ROWS)
    hits = si.search(index, "OFFICE").hits
    assert {h.iri for h in hits} == {"x:a", "x:c"}
    text_hit = next(h for h in hits if h.iri == "x:c")
    assert text_hit.snippet[slice(*text_hit.marks[0])] == "Offices"
    assert si.segments("ab cd", [(3, 5)]) == [("ab ", False), ("cd", True)]


def test_partial_when_no_resource_has_every_word_and_nothing_for_nonsense() -> None:
    index = si.build(ROWS)
    found = si.search(index, "alpha qqqzzz")
    assert found.partial and {h.iri for h in found.hits} == {"x:a", "x:b"}
    assert si.search(index, "qqqzzz") == si.Found([], 0, False)
    assert si.search(index, "") == si.Found([], 0, False)
    assert si.search(index, "alpha", limit=1).total == 2


def test_long_text_is_cut_around_the_match() -> None:
    long = "lorem " * 100 + "needle " + "ipsum " * 100
    index = si.build([row("x:l", "text", long, typ="measure")])
    (hit,) = si.search(index, "needle").hits
    assert len(hit.snippet) <= si.SNIPPET_CHARS + 2
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert hit.snippet[slice(*hit.marks[0])] == "needle"


def test_load_pages_within_the_row_cap() -> None:
    asked: list[str] = []

    def select(text: str) -> si.Rows:
        asked.append(text)
        offset = int(text.rsplit("OFFSET", 1)[1])
        return ROWS[offset : offset + 4]

    index = si.load(select, page=4)
    assert len(asked) == 2 and "LIMIT 4 OFFSET 4" in asked[1]
    assert len(index.entries) == 3
