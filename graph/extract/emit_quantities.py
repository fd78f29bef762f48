"""Themes, figures and targets to RDF, each fact with its evidence like every other extracted fact.

A measure's theme is `tkg:theme` (under eli:is_about) with the trigger span as evidence. A figure is a
tkg:Figure (a schema:QuantitativeValue) stated by its document and by the measure whose text holds it; its IRI
is derived from its offset, so rebuilding never renames it. A target hangs off its measure; a resolvable
deadline is an OWL-Time instant shared by every target due that day or year.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import SDO, TIME

from graph.extract.records import DocumentRecord, Figure, Span
from graph.namespaces import ID, TKG

if TYPE_CHECKING:
    from graph.extract.emit import TripleSink

_BOUND = {"exact": SDO.value, "min": SDO.minValue, "max": SDO.maxValue}
QUANTITY_PREDICATES = (
    TKG.theme,
    TKG.statesFigure,
    TKG.unit,
    TKG.measuredQuantity,
    TKG.referenceYear,
    TKG.hasTarget,
    TKG.targetFigure,
    TKG.deadline,
    TKG.deadlineText,
    TIME.inXSDDate,
    TIME.inXSDgYear,
    *_BOUND.values(),
)


class Writer(Protocol):
    """What emit.py's writer offers: the graph, and add() that also writes evidence when given a span."""

    g: TripleSink
    doc: URIRef

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, span: Span | None = None, rule: str = "") -> None: ...


def decimal_literal(value: Decimal) -> Literal:
    """The canonical xsd:decimal form ("90.0", "350000000.0"), so the same number is the same literal after any
    round trip through Turtle or N-Triples."""
    text = format(value.normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def figure_iri(doc: URIRef, fig: Figure) -> URIRef:
    return URIRef(f"{doc}/figure/{fig.span.start}")


def _figure(w: Writer, fig: Figure) -> URIRef:
    f = figure_iri(w.doc, fig)
    w.g.add((f, RDF.type, TKG.Figure))
    w.add(f, _BOUND[fig.bound], decimal_literal(fig.value), fig.span, fig.rule)
    w.g.add((f, TKG.unit, URIRef(fig.unit)))
    if fig.quantity is not None:
        w.add(f, TKG.measuredQuantity, Literal(fig.quantity.text), fig.quantity, fig.rule + "/quantity")
    if fig.year is not None:
        year = Literal(fig.year.text, datatype=XSD.gYear)
        w.add(f, TKG.referenceYear, year, fig.year, fig.rule + "/year")
    return f


def emit_quantities(w: Writer, rec: DocumentRecord) -> None:
    """Add the themes of each measure, the document's figures and the measures' targets to the writer's graph."""
    g, doc = w.g, w.doc
    measures = [(URIRef(f"{doc}/measure/{m.ordinal}"), m) for m in rec.measures]
    for mi, measure in measures:
        for tag in measure.themes:
            w.add(mi, TKG.theme, URIRef(tag.theme), tag.span, tag.rule)
    by_start = sorted(measures, key=lambda pair: pair[1].span.start)
    starts = [m.span.start for _, m in by_start]
    for fig in rec.figures:
        f = _figure(w, fig)
        w.add(doc, TKG.statesFigure, f, fig.span, fig.rule)
        k = bisect_right(starts, fig.span.start) - 1  # measures do not overlap: only the last one starting before
        if k >= 0 and fig.span.start < by_start[k][1].span.end:
            w.add(by_start[k][0], TKG.statesFigure, f, fig.span, fig.rule)
    for mi, measure in measures:
        for k, target in enumerate(measure.targets, 1):
            t = URIRef(f"{mi}/target/{k}")
            g.add((t, RDF.type, TKG.Target))
            w.add(mi, TKG.hasTarget, t, target.span, target.rule)
            if target.figure is not None:
                g.add((t, TKG.targetFigure, figure_iri(doc, target.figure)))
            if target.deadline_text is not None:
                dl = target.deadline_text
                w.add(t, TKG.deadlineText, Literal(dl.text), dl, target.rule + "/deadline")
                _deadline(w, t, target.deadline_date, target.deadline_year, dl)


def _deadline(w: Writer, t: URIRef, date: str | None, year: int | None, span: Span) -> None:
    if date is not None:
        instant = ID[f"time/{date}"]
        w.g.add((instant, TIME.inXSDDate, Literal(date, datatype=XSD.date)))
    elif year is not None:
        instant = ID[f"time/{year:04d}"]
        w.g.add((instant, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear)))
    else:
        return
    w.g.add((instant, RDF.type, TIME.Instant))
    w.add(t, TKG.deadline, instant, span, "deadline-resolved")


def quantity_facts(g: Graph) -> Graph:
    """The themes, figures and targets of an emitted document graph, without evidence: what a golden test compares."""
    out = Graph()
    out.bind("tkg", str(TKG._NS))
    out.bind("schema", str(SDO._NS))
    out.bind("time", str(TIME))
    for s, p, o in g:
        if p in QUANTITY_PREDICATES or (p == RDF.type and o in (TKG.Figure, TKG.Target, TIME.Instant)):
            out.add((s, p, o))
    return out
