"""Turn a query result into the bytes of an HTTP answer, at most `max_rows` rows, in the negotiated format.

pyoxigraph serialises whole result iterators only, so a capped answer is written here: the SPARQL 1.1 JSON, XML, CSV
and TSV result formats for SELECT/ASK, and pyoxigraph's own writers for the (capped) triples of CONSTRUCT/DESCRIBE.
The same code serves the embedded store and results parsed back from a remote SPARQL server.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _string  # a JSON string literal, without escaping non-ASCII
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.errors import RequestError
from graph.prefixes import PREFIXES
from graph.web import conneg

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Answer:
    """What a worker hands back: picklable, ready to send."""

    body: bytes
    content_type: str
    kind: str  # "select", "ask", "graph"
    rows: int = 0
    truncated: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json_text(term: Term) -> str:
    """One term as SPARQL JSON text, written directly: on small answers the generic encoder dominated the cost."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _string(term.value) + "}"
    if isinstance(term, ox.Literal):
        value = _string(term.value)
        if term.language:
            return '{"type":"literal","value":' + value + ',"xml:lang":' + _string(term.language) + "}"
        if term.datatype.value == XSD_STRING:
            return '{"type":"literal","value":' + value + "}"
        return '{"type":"literal","value":' + value + ',"datatype":' + _string(term.datatype.value) + "}"
    return json.dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = zip(("subject", "predicate", "object"), (term.subject, term.predicate, term.object), strict=True)
        return "<triple>" + "".join(f"<{p}>{_xml_term(t)}</{p}>" for p, t in parts) + "</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_field(term: Term | None) -> str:
    """CSV loses types by design (SPARQL 1.1 CSV): IRIs and literals by value, blank nodes as _:id."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    else:
        text = str(term) if isinstance(term, ox.Triple) else term.value
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_field(term: Term | None) -> str:
    """TSV keeps types: terms in Turtle syntax, with tabs and newlines escaped inside literals."""
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def select_body(fmt: conneg.Format, variables: list[str], rows: Iterable[list[Term | None]]) -> bytes:
    if fmt.name == "json":
        keys = [_string(v) + ":" for v in variables]
        bindings = ",".join(
            "{" + ",".join(k + _json_text(t) for k, t in zip(keys, row, strict=True) if t is not None) + "}"
            for row in rows
        )
        head = json.dumps(variables, ensure_ascii=False, separators=(",", ":"))
        return ('{"head":{"vars":' + head + '},"results":{"bindings":[' + bindings + "]}}").encode("utf-8")
    if fmt.name == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">', f"<head>{head}</head>"]
        out.append("<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt.name == "csv":
        lines = [",".join(variables)] + [",".join(_csv_field(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join(_tsv_field(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def ask_body(fmt: conneg.Format, value: bool) -> bytes:
    word = "true" if value else "false"
    if fmt.name == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt.name == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    # CSV and TSV define no boolean form; a bare word is what Oxigraph writes and parses back
    return f"{word}\n".encode()


# Our own IRIs have slashes after id/ (id/org/gacc), which a prefixed name can only carry escaped (id:org\/gacc):
# full IRIs read better, so the id: prefix is left out of serialisations.
READABLE_PREFIXES = {p: iri for p, iri in PREFIXES.items() if p != "id"}

RDF_WRITERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


def rdf_body(fmt: conneg.Format, items: list[ox.Triple] | list[ox.Quad]) -> bytes:
    """Triples or quads in an RDF syntax; prefixes where the syntax has them, so Turtle stays readable."""
    writer = RDF_WRITERS[fmt.name]
    prefixed = fmt.name in ("turtle", "trig", "rdfxml")
    data = ox.serialize(items, format=writer, prefixes=READABLE_PREFIXES if prefixed else None)
    assert data is not None
    return data


class _EnoughRowsError(Exception):
    """Raised from the writer to stop pyoxigraph once the answer holds more rows than the cap."""


class _Capped:
    """A binary writer for pyoxigraph's JSON results writer that stops it once the answer may exceed `limit` rows.

    Rows are separated by `},{`; the count of that text is an upper bound on the separators (a literal may contain
    it too), so the writer never stops before the cap, and stops soon after it.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.separators = 0
        self.tail = b""
        self.stopped = False

    def write(self, data: bytes) -> int:
        if self.stopped:  # pyoxigraph's buffer retries a failed write when it is dropped: that is not new output
            raise _EnoughRowsError
        chunk = bytes(data)
        self.parts.append(chunk)
        self.separators += (self.tail + chunk[:2]).count(b"},{") + chunk.count(b"},{")
        self.tail = chunk[-2:]
        if self.separators >= self.limit:  # perhaps a row past the cap has begun
            self.stopped = True
            raise _EnoughRowsError
        return len(chunk)

    def flush(self) -> None:
        return None


BINDINGS = b'"bindings":['
SEPARATOR = b'},{"'


def _separators(body: bytes, start: int, most: int | None = None) -> Iterator[int]:
    """Offsets of the row separators of a SPARQL JSON answer as pyoxigraph writes it (compact, keys in order).

    A separator is `},{` followed by a variable's name in quotes. Inside a literal `"` is escaped, so `},{"` there
    can only be a literal ending in `},{`, whose closing quote is followed by `,` or `}`, never by a name. Rows
    without any binding (`{}`) are not found this way: callers look for `{}` first.
    """
    found = 0
    at = body.find(SEPARATOR, start)
    while at >= 0 and (most is None or found < most):
        after = body[at + 4 : at + 5]  # empty at the end of what was written so far: unknown, so not counted
        if after and after not in (b",", b"}"):
            found += 1
            yield at
        at = body.find(SEPARATOR, at + 4)


def json_rows(body: bytes) -> int:
    """The number of rows in a whole SPARQL JSON answer as pyoxigraph writes it, without parsing it."""
    start = body.find(BINDINGS) + len(BINDINGS)
    if body[start : start + 1] != b"{":
        return 0
    if b"{}" in body:  # an empty row: rare, and ambiguous to the separator count
        return len(json.loads(body)["results"]["bindings"])
    return 1 + body.count(SEPARATOR) - body.count(b'},{",') - body.count(b'},{"}')


def native_json(raw: ox.QuerySolutions, max_rows: int) -> Answer | None:
    """At most `max_rows` rows of SPARQL JSON written by pyoxigraph itself, several times faster than row by row in
    Python. An answer over the cap is cut after the last row that fits. None when that cannot be done from the bytes
    (an empty row, or literals that imitate separators): the caller then writes it row by row."""
    out = _Capped(max_rows)
    try:
        raw.serialize(out, format=ox.QueryResultsFormat.JSON)  # type: ignore[arg-type]
    except _EnoughRowsError:  # raised in write(), passed through by pyoxigraph as it is
        body = b"".join(out.parts)
        if b"{}" in body or max_rows < 1:
            return None
        start = body.find(BINDINGS) + len(BINDINGS)
        cuts = list(_separators(body, start, max_rows))
        if len(cuts) < max_rows:
            return None
        body = body[: cuts[-1] + 1] + b"]}}"
        return Answer(body, conneg.BY_NAME["json"].content_type, "select", max_rows, truncated=True)
    body = b"".join(out.parts)
    return Answer(body, conneg.BY_NAME["json"].content_type, "select", json_rows(body))


def render(
    raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    accept: str | None,
    format_name: str | None,
    max_rows: int,
    again: Callable[[], ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples] | None = None,
) -> Answer:
    """Negotiate the format for this kind of result and write at most `max_rows` rows or triples of it.

    With `again` (the same results once more, from the start), SPARQL JSON is written by pyoxigraph; only an answer
    that cannot be cut from its bytes (see native_json) is written row by row, from `again()`.
    """
    if isinstance(raw, ox.QueryBoolean):
        fmt = _pick(conneg.RESULTS, accept, format_name)
        return Answer(ask_body(fmt, bool(raw)), fmt.content_type, "ask")
    if isinstance(raw, ox.QuerySolutions):
        fmt = _pick(conneg.RESULTS, accept, format_name)
        if again is not None and fmt.name == "json":
            native = native_json(raw, max_rows)
            if native is not None:
                return native
            raw = again()
            assert isinstance(raw, ox.QuerySolutions)
        variables = [v.value for v in raw.variables]
        rows = [list(s) for s in itertools.islice(raw, max_rows + 1)]  # values in the order of the variables
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        return Answer(select_body(fmt, variables, rows), fmt.content_type, "select", len(rows), truncated)
    fmt = _pick(conneg.RDF, accept, format_name)
    triples = list(itertools.islice(raw, max_rows + 1))
    truncated = len(triples) > max_rows
    triples = triples[:max_rows]
    return Answer(rdf_body(fmt, triples), fmt.content_type, "graph", len(triples), truncated)


def _pick(kind: str, accept: str | None, format_name: str | None) -> conneg.Format:
    fmt = conneg.choose(kind, accept, format_name)
    if fmt is None:
        offered = ", ".join(f.media_type for f in conneg.FORMATS if f.kind == kind)
        raise RequestError(f"none of the accepted media types can carry this result; offered: {offered}", 406)
    return fmt
