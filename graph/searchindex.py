"""A small in-memory full-text index over labels and measure texts, in English and Chinese.

Why not SPARQL: engines match Chinese only by `CONTAINS` over every literal (a full scan per search) and cannot rank.
So the search page reads the labels once (`load`), indexes Latin text as lowercase words and CJK text as character
bigrams (plus single characters, so a one-character query still works), and answers from memory (`search`). The index
is a plain value: the web layer decides when to rebuild it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# CJK unified ideographs (with extension A, compatibility and the supplementary planes).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_RUN = re.compile(f"[{_CJK}]+")
WORD = re.compile(r"[^\W_]+")  # letters and digits; CJK runs are split out first
SNIPPET_CHARS = 160

# Row kinds, best first: a preferred label outranks an alias, an alias outranks running text.
KINDS = ("pref", "alt", "label", "text")

Rows = list[dict[str, dict[str, str]]]


@dataclass
class Entry:
    """One resource: its type, its labels by language and every text it can be found by."""

    iri: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)  # language ("" when untagged) -> preferred label
    texts: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)


@dataclass
class Index:
    entries: list[Entry]
    postings: dict[str, set[int]]  # token -> entry numbers
    words: list[str]  # sorted Latin tokens, for prefix matching

    @property
    def size(self) -> int:
        return len(self.postings)


@dataclass(frozen=True)
class Hit:
    iri: str
    type: str
    labels: dict[str, str]
    snippet: str
    marks: list[tuple[int, int]]  # [begin, end) character offsets in snippet
    score: float
    exact: bool


@dataclass(frozen=True)
class Found:
    hits: list[Hit]  # the best, at most `limit`
    total: int  # how many resources matched
    partial: bool  # no resource held every query token: these hold the most of them


def tokens(text: str, query: bool = False) -> list[str]:
    """Lowercase words for Latin text; bigrams for each CJK run (a lone character is its own token).

    Indexing also emits single CJK characters so that a one-character query finds something; a query of two or more
    characters uses only bigrams, which are far more selective.
    """
    out: list[str] = []
    for part in CJK_RUN.split(text):
        out.extend(w.lower() for w in WORD.findall(part))
    for run in CJK_RUN.findall(text):
        if len(run) == 1 or not query:
            out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def build(rows: Iterable[dict[str, dict[str, str]]]) -> Index:
    """An index from SELECT rows with ?s ?type ?kind ?text (see LABELS_QUERY); one entry per resource."""
    by_iri: dict[str, Entry] = {}
    for row in rows:
        iri, text = row["s"]["value"], row["text"]["value"]
        kind = row["kind"]["value"]
        entry = by_iri.get(iri)
        if entry is None:
            entry = by_iri[iri] = Entry(iri, row["type"]["value"])
        if (kind, text) not in entry.texts:
            entry.texts.append((kind, text))
        lang = row["text"].get("xml:lang", "").split("-")[0].lower()
        if kind == "pref" or (kind == "label" and lang not in entry.labels):
            entry.labels.setdefault(lang, text)
    entries = list(by_iri.values())
    postings: dict[str, set[int]] = {}
    for n, entry in enumerate(entries):
        entry.texts.sort(key=lambda t: KINDS.index(t[0]) if t[0] in KINDS else len(KINDS))
        for _, text in entry.texts:
            for tok in tokens(text):
                postings.setdefault(tok, set()).add(n)
    words = sorted(t for t in postings if not CJK_RUN.match(t))
    return Index(entries, postings, words)


def _matching(index: Index, tok: str) -> set[int]:
    """Entries holding the token; a Latin token of 3+ letters also matches words it begins ("custom" → "customs")."""
    if CJK_RUN.match(tok) or len(tok) < 3:
        return index.postings.get(tok, set())
    found: set[int] = set()
    i = bisect.bisect_left(index.words, tok)
    while i < len(index.words) and index.words[i].startswith(tok):
        found |= index.postings[index.words[i]]
        i += 1
    return found


def search(index: Index, query: str, limit: int = 50) -> Found:
    """The best `limit` hits; when no resource holds every query token, those holding the most are shown (partial).

    Rank: exact label first, then the share of query tokens matched, then the whole query as a phrase, then labels
    before running text, then shorter texts. A query with no indexable token finds nothing.
    """
    qtokens = list(dict.fromkeys(tokens(query, query=True)))
    if not qtokens:
        return Found([], 0, False)
    matched: dict[int, int] = {}
    for tok in qtokens:
        for n in _matching(index, tok):
            matched[n] = matched.get(n, 0) + 1
    if not matched:
        return Found([], 0, False)
    best = max(matched.values())
    partial = best < len(qtokens)
    folded = _fold(query)
    hits = [
        _hit(index.entries[n], qtokens, folded, count / len(qtokens))
        for n, count in matched.items()
        if partial or count == best
    ]
    hits.sort(key=lambda h: (-h.exact, -h.score, len(h.snippet), h.snippet, h.iri))
    return Found(hits[:limit], len(hits), partial)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _hit(entry: Entry, qtokens: list[str], folded: str, coverage: float) -> Hit:
    """The entry's best text for this query, cut to a snippet around the first match, with the matches marked."""
    best: tuple[float, int, str, str] | None = None
    exact = False
    for rank, (kind, text) in enumerate(entry.texts):
        low = _fold(text)
        exact = exact or (kind != "text" and low == folded)
        phrase = 1.0 if folded in low else 0.0
        found = sum(1 for t in qtokens if t in low)
        score = found + phrase - rank * 1e-3
        if best is None or score > best[0]:
            best = (score, rank, kind, text)
    assert best is not None
    _, _, kind, text = best
    snippet, marks = _snippet(text, qtokens, folded)
    phrase_bonus = 0.5 if folded in _fold(text) else 0.0
    label_bonus = 0.25 if kind != "text" else 0.0
    return Hit(entry.iri, entry.type, entry.labels, snippet, marks, coverage + phrase_bonus + label_bonus, exact)


def _snippet(text: str, qtokens: list[str], folded: str) -> tuple[str, list[tuple[int, int]]]:
    flat = " ".join(text.split())
    low = flat.lower()
    spans = _spans(low, [folded] if folded and folded in low else qtokens)
    start = 0
    if len(flat) > SNIPPET_CHARS and spans:
        start = max(0, min(spans[0][0] - SNIPPET_CHARS // 4, len(flat) - SNIPPET_CHARS))
    end = min(len(flat), start + SNIPPET_CHARS)
    prefix = "…" if start else ""
    cut = prefix + flat[start:end] + ("…" if end < len(flat) else "")
    shift = len(prefix) - start
    marks = [(b + shift, e + shift) for b, e in spans if b >= start and e <= end]
    return cut, marks


def _spans(low: str, needles: list[str]) -> list[tuple[int, int]]:
    """Merged [begin, end) spans of every occurrence of the needles (Latin needles only at word starts)."""
    raw: list[tuple[int, int]] = []
    for needle in needles:
        # A Latin needle matches at a word start and is marked to the word's end (prefix matching, see _matching).
        pattern = re.escape(needle) if CJK_RUN.match(needle) else rf"(?<![^\W_]){re.escape(needle)}[a-z0-9]*"
        raw.extend(m.span() for m in re.finditer(pattern, low))
    merged: list[tuple[int, int]] = []
    for b, e in sorted(raw):
        if merged and b <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((b, e))
    return merged


def segments(snippet: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The snippet as (text, marked) pieces, for templates that must escape text and still mark matches."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for b, e in marks:
        if b > pos:
            out.append((snippet[pos:b], False))
        out.append((snippet[b:e], True))
        pos = e
    if pos < len(snippet):
        out.append((snippet[pos:], False))
    return out


LABELS_QUERY = """\
PREFIX tkg: <https://w3id.org/tradekg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?s ?type ?kind ?text WHERE {
  {
    ?s a ?class . ?class tkg:mentionType ?type .
    { ?s skos:prefLabel ?text BIND ("pref" AS ?kind) } UNION { ?s skos:altLabel ?text BIND ("alt" AS ?kind) }
    UNION { ?s tkg:surfaceForm ?text BIND ("alt" AS ?kind) } UNION { ?s rdfs:label ?text BIND ("label" AS ?kind) }
  } UNION {
    ?s a tkg:Measure . BIND ("measure" AS ?type)
    { ?s tkg:measureText ?text BIND ("text" AS ?kind) } UNION { ?s rdfs:label ?text BIND ("label" AS ?kind) }
  } UNION {
    ?s a tkg:PolicyDocument . BIND ("document" AS ?type)
    { ?s dcterms:title ?text BIND ("pref" AS ?kind) } UNION { ?s rdfs:label ?text BIND ("label" AS ?kind) }
  } UNION {
    ?s a tkg:Theme . BIND ("theme" AS ?type)
    { ?s skos:prefLabel ?text BIND ("pref" AS ?kind) } UNION { ?s skos:altLabel ?text BIND ("alt" AS ?kind) }
  }
}
ORDER BY ?s ?kind ?text
"""


def load(select: Callable[[str], Rows], page: int) -> Index:
    """Read every label and text in pages of `page` rows (the endpoint's row cap), then index them."""
    rows: Rows = []
    offset = 0
    while True:
        batch = select(f"{LABELS_QUERY}LIMIT {page} OFFSET {offset}")
        rows.extend(batch)
        if len(batch) < page:
            return build(rows)
        offset += page
