"""Content negotiation: the one table of media types, short names and serialisers, and the choice between them.

Results of SELECT/ASK and graphs of CONSTRUCT/DESCRIBE have different formats, and which one a query yields is only
known once it is parsed, so `choose` is asked with the kind of result in hand. A client names a format by `Accept`
(with q-values, wildcards and aliases such as `application/json`) or by a `format=` short name, which wins.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from graph.errors import RequestError

# Result kinds: SPARQL results (SELECT, ASK) and RDF (CONSTRUCT, DESCRIBE, resource pages, downloads).
RESULTS = "results"
RDF = "rdf"


@dataclass(frozen=True)
class Format:
    name: str  # the short name a client may give as format=
    media_type: str  # what the response says it is
    kind: str  # RESULTS or RDF
    aliases: tuple[str, ...] = ()  # other media types that mean the same
    extension: str = ""

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("json", "xml", "+json"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


# First of each kind is the default when the client accepts anything.
FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", RESULTS, ("application/json", "text/json"), "srj"),
    Format("xml", "application/sparql-results+xml", RESULTS, ("application/xml", "text/xml"), "srx"),
    Format("csv", "text/csv", RESULTS, (), "csv"),
    Format("tsv", "text/tab-separated-values", RESULTS, (), "tsv"),
    Format("turtle", "text/turtle", RDF, ("application/x-turtle", "text/n3", "text/rdf+n3"), "ttl"),
    Format("nt", "application/n-triples", RDF, ("text/plain",), "nt"),
    Format("jsonld", "application/ld+json", RDF, ("application/json",), "jsonld"),
    Format("rdfxml", "application/rdf+xml", RDF, ("application/xml", "text/xml"), "rdf"),
    Format("trig", "application/trig", RDF, (), "trig"),
    Format("nquads", "application/n-quads", RDF, (), "nq"),
)
BY_NAME = {f.name: f for f in FORMATS}
# Short names people type: format=ttl, format=ntriples, format=json-ld, format=srj.
SYNONYMS = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "rdf": "rdfxml", "nq": "nquads"}
# SPARQLWrapper (and Virtuoso's clients) send format=xml or json whatever the query, and n3 or rdf+xml for graphs.
RDF_SYNONYMS = {"xml": "rdfxml", "rdf+xml": "rdfxml", "json": "jsonld", "n3": "turtle"}
RESULT_SYNONYMS = {"srj": "json", "srx": "xml"}


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


@functools.lru_cache(maxsize=512)
def parse_accept(header: str | None) -> tuple[Range, ...]:
    """The media ranges of an Accept header; malformed parts and q-values are skipped, never fatal.

    Cached: clients send the same few headers on every request, and this runs on every query.
    """
    if not header or not header.strip():
        return (Range("*", "*", 1.0, 0),)
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        main, sub = media.split("/", 1)
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(Range(main or "*", sub or "*", q, order))
    return tuple(ranges)


def _quality(media: str, ranges: tuple[Range, ...]) -> tuple[float, int, int]:
    """(q, specificity, -order) of the most specific range matching `media`; q 0 when none does."""
    main, sub = media.split("/", 1)
    best: tuple[float, int, int] = (0.0, -1, 0)
    for r in ranges:
        if r.type not in ("*", main) or r.subtype not in ("*", sub):
            continue
        key = (r.q, r.specificity, -r.order)
        if r.specificity > best[1] or (r.specificity == best[1] and key > best):
            best = key
    return best


@functools.lru_cache(maxsize=512)
def choose(kind: str, accept: str | None, name: str | None = None, html: bool = False) -> Format | None:
    """The format to answer with, or None when the client accepts none we have (the caller answers 406).

    Cached, like `parse_accept`: it runs on every query with one of a few headers (a refusal is raised, not cached).

    With `html=True`, None is also returned when the client prefers text/html over every format of `kind`, so
    that browsers get a page; callers that have no page pass html=False.
    """
    if name and "/" in name:  # format=<media type>, as Virtuoso and Fuseki clients send it
        return choose(kind, name, None, html)
    if name:
        key = name.lower()
        key = (RDF_SYNONYMS if kind == RDF else RESULT_SYNONYMS).get(key, SYNONYMS.get(key, key))
        fmt = BY_NAME.get(key)
        if fmt is None or fmt.kind != kind:
            known = ", ".join(f.name for f in FORMATS if f.kind == kind)
            raise RequestError(f"unknown format {name!r} for this result; use one of: {known}", 406)
        return fmt
    ranges = parse_accept(accept)
    best: Format | None = None
    best_key: tuple[float, int, int] = (0.0, -1, 0)
    for fmt in (f for f in FORMATS if f.kind == kind):
        for alias in (fmt.media_type, *fmt.aliases):
            quality = _quality(alias, ranges)
            if alias != fmt.media_type and quality[1] < 2:
                continue  # wildcards match the type the answer will carry; an alias only when named outright
            if quality[0] > 0 and (best is None or quality[:2] > best_key[:2]):
                best, best_key = fmt, quality
    if html and prefers_html(accept, best_key[0] if best else 0.0):
        return None
    return best


def prefers_html(accept: str | None, other_q: float = 0.0) -> bool:
    """True when text/html is explicitly acceptable and ranked at least as high as the alternative."""
    ranges = parse_accept(accept)
    q, specificity, _ = _quality("text/html", ranges)
    return specificity == 2 and q > 0 and q >= other_q


def names(kind: str) -> list[str]:
    return [f.name for f in FORMATS if f.kind == kind]
