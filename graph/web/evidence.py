"""Evidence as pages show it: source passages (or a document's whole text) with every extraction in them marked.

Evidence records (tkg:Evidence) carry NIF offsets into the document text; a page asks for the windows of text
around the records that name a resource (as rdf:subject or rdf:object, or the record itself), grows each to whole
sentences, merges neighbours, and then marks every record that falls inside — so a measure's page shows its
responsibilities, mentions, themes and figures in the sentence they were read from. Two queries per page, cut to
the text they need with SUBSTR (offsets count code points, as SPARQL's string functions do).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from graph.prefixes import sparql_prefixes
from graph.web.backend import Service
from graph.web.highlight import Span, colours, css_token, highlight, merge, sentence_bounds
from graph.web.resource import href, readable

PAD = 240  # characters of context fetched each side of a record, to find the sentence around it
MAX_PASSAGES = 40

WINDOWS = """
SELECT DISTINCT ?ctx ?doc ?b ?e ?wb ?win WHERE {
  { ?x rdf:subject <%(iri)s> } UNION { ?x rdf:object <%(iri)s> } UNION { BIND(<%(iri)s> AS ?x) }
  ?x nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e .
  ?ctx nif:isString ?full .
  OPTIONAL { ?doc tkg:text ?ctx }
  BIND(IF(?b > %(pad)d, ?b - %(pad)d, 0) AS ?wb)
  BIND(SUBSTR(?full, ?wb + 1, ?e + %(pad)d - ?wb) AS ?win)
}
ORDER BY ?doc ?b
LIMIT %(limit)d
"""

RECORDS = """
SELECT ?ev ?ctx ?s ?p ?o ?b ?e (SAMPLE(?r) AS ?rule) (SAMPLE(?pl) AS ?plabel) (SAMPLE(COALESCE(?ol1, ?ol2)) AS ?olabel)
WHERE {
  VALUES ?ctx { %(contexts)s }
  ?ev nif:referenceContext ?ctx ; nif:beginIndex ?b ; nif:endIndex ?e ;
      rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  %(filter)s
  OPTIONAL { ?ev tkg:rule ?r }
  OPTIONAL { ?p rdfs:label ?pl FILTER(langMatches(lang(?pl), "en")) }
  OPTIONAL { ?o skos:prefLabel|rdfs:label ?ol1 FILTER(lang(?ol1) = "" || langMatches(lang(?ol1), "en")) }
  OPTIONAL { ?o skos:prefLabel|rdfs:label ?ol2 }
}
GROUP BY ?ev ?ctx ?s ?p ?o ?b ?e
ORDER BY ?b
"""

TEXT = "SELECT ?ctx ?text WHERE { <%(iri)s> tkg:text ?ctx . ?ctx nif:isString ?text } LIMIT 1"


@dataclass
class Passage:
    """A stretch of one document's text [start, end) and the records marked in it."""

    context: str
    document: str | None
    start: int
    end: int
    text: str
    records: list[dict[str, Any]] = field(default_factory=list)
    html: str = ""
    document_href: str | None = None


def _int(row: dict[str, dict[str, str]], name: str) -> int:
    return int(row[name]["value"])


def passages(svc: Service, iri: str) -> tuple[list[Passage], bool]:
    """The sentences evidence ties to `iri`, each with all its records marked; True when cut at MAX_PASSAGES."""
    query = WINDOWS % {"iri": iri, "pad": PAD, "limit": 4 * MAX_PASSAGES}
    rows = svc.select(sparql_prefixes() + query)
    found: dict[str, list[tuple[int, int, str]]] = {}
    docs: dict[str, str | None] = {}
    for row in rows:
        ctx, wb = row["ctx"]["value"], _int(row, "wb")
        lo, hi = sentence_bounds(row["win"]["value"], wb, _int(row, "b"), _int(row, "e"))
        found.setdefault(ctx, []).append((lo, hi, row["win"]["value"][lo - wb : hi - wb]))
        docs[ctx] = row["doc"]["value"] if "doc" in row else None
    out: list[Passage] = []
    for ctx, pieces in found.items():
        texts = {(lo, hi): text for lo, hi, text in pieces}
        for lo, hi in merge((lo, hi) for lo, hi, _ in pieces):
            doc = docs[ctx]
            link = href(doc, svc.base) if doc else None
            out.append(Passage(ctx, doc, lo, hi, _join(texts, lo, hi), document_href=link))
    truncated = len(out) > MAX_PASSAGES or len(rows) >= 4 * MAX_PASSAGES
    out = out[:MAX_PASSAGES]
    if out:
        ranges = " || ".join(f"(?ctx = <{p.context}> && ?b < {p.end} && ?e > {p.start})" for p in out)
        records = _records(svc, {p.context for p in out}, f"FILTER({ranges})")
        for p in out:
            p.records = [r for r in records if r["context"] == p.context and r["begin"] < p.end and r["end"] > p.start]
            p.html = highlight(p.text, spans(p.records), p.start)
    return out, truncated


def _join(texts: dict[tuple[int, int], str], lo: int, hi: int) -> str:
    """The text of a merged range, stitched from the windows that cover it."""
    chars: dict[int, str] = {}
    for (a, b), text in texts.items():
        if a < hi and b > lo:
            for k, c in enumerate(text):
                chars.setdefault(a + k, c)
    return "".join(chars.get(k, " ") for k in range(lo, hi))


def document_text(svc: Service, iri: str) -> Passage | None:
    """A document's whole text with every evidence record in it marked, or None when it has no text node."""
    rows = svc.select(sparql_prefixes() + TEXT % {"iri": iri})
    if not rows:
        return None
    ctx, text = rows[0]["ctx"]["value"], rows[0]["text"]["value"]
    passage = Passage(ctx, iri, 0, len(text), text)
    passage.records = _records(svc, {ctx}, "")
    passage.html = highlight(text, spans(passage.records))
    return passage


def _records(svc: Service, contexts: set[str], filter_clause: str) -> list[dict[str, Any]]:
    query = RECORDS % {"contexts": " ".join(f"<{c}>" for c in sorted(contexts)), "filter": filter_clause}
    out = []
    for row in svc.select(sparql_prefixes() + query):
        p = row["p"]["value"]
        o = row["o"]
        out.append(
            {
                "evidence": row["ev"]["value"],
                "href": href(row["ev"]["value"], svc.base),
                "context": row["ctx"]["value"],
                "subject": row["s"]["value"],
                "subject_href": href(row["s"]["value"], svc.base),
                "property": p,
                "property_label": row["plabel"]["value"] if "plabel" in row else readable(p),
                "kind": css_token(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]),
                "object": o["value"],
                "object_href": href(o["value"], svc.base) if o["type"] == "uri" else None,
                "object_label": row["olabel"]["value"] if "olabel" in row else _tail(o["value"], svc.base),
                "begin": _int(row, "b"),
                "end": _int(row, "e"),
                "rule": row["rule"]["value"] if "rule" in row else "",
            }
        )
    return out


def _tail(value: str, base: str) -> str:
    local = href(value, base)
    return local[len("/id/") :] if local else value


def spans(records: list[dict[str, Any]]) -> list[Span]:
    """Marks for records: class by the fact's property, title with property, value and rule, link to the record."""
    return [
        Span(
            r["begin"],
            r["end"],
            r["kind"],
            key=r["evidence"].rsplit("/", 1)[-1],
            title=f"{r['property_label']}: {r['object_label']} · rule {r['rule'] or '?'}",
            href=r["href"] or r["evidence"],
        )
        for r in records
    ]


def legend(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    """The fact kinds present (widest spans first, so they get the palette's lightest colours) and their CSS."""
    count: Counter[str] = Counter(r["kind"] for r in records)
    width: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for r in records:
        width[r["kind"]] += r["end"] - r["begin"]
        labels[r["kind"]] = r["property_label"]
    kinds = sorted(count, key=lambda k: (-width[k] / count[k], k))
    items = [{"kind": k, "label": labels[k], "count": count[k]} for k in kinds]
    return items, colours(kinds)
