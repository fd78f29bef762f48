"""Records to RDF: one named graph per document, an evidence node for every extracted fact.

Evidence is standard reification plus NIF offsets (no RDF-star: rdflib cannot read it): the node names the fact
(rdf:subject/predicate/object), the characters it was read from (nif:beginIndex/endIndex/anchorOf into the
document's text, which is stored as a nif:Context), and the rule that produced it. Standard super-classes and
super-properties (ELI, ORG, SKOS…) are materialised from the ontology, so generic queries work without reasoning.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Protocol, TypeVar, overload

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDFS, SKOS
from rdflib.term import Node

from graph.extract.emit_quantities import emit_quantities
from graph.extract.gazetteer import Gazetteer
from graph.extract.names import slug
from graph.extract.pipeline import doc_iri
from graph.extract.records import DocumentRecord, Measure, Mention, Span
from graph.namespaces import ID, NIF, TKG

_CLASS_OF_KIND = {
    "zone": TKG.Zone,
    "zone_type": TKG.ZoneType,
    "agreement": TKG.Agreement,
    "place": TKG.Place,
    "campaign": TKG.Campaign,
    "law_or_plan": TKG.LawOrPlan,
    "person": TKG.Person,
}


class TripleSink(Protocol):
    """Where emit writes triples: an rdflib Graph, or a plain set when the triples only go on to N-Quads (a Graph's
    indexes and events cost more than the rest of emit)."""

    def add(self, triple: tuple[Node, Node, Node], /) -> object: ...

    def __contains__(self, triple: tuple[Node, Node, Node], /) -> bool: ...


Sink = TypeVar("Sink", bound=TripleSink)


def graph_iri(source: str) -> URIRef:
    """The named graph holding everything read from one document."""
    return URIRef(doc_iri(source).replace("/id/document/", "/id/graph/document/"))


class _Writer:
    def __init__(self, rec: DocumentRecord, sink: TripleSink) -> None:
        self.g = sink
        self.rec = rec
        self.doc = URIRef(doc_iri(rec.source))
        self.context = URIRef(f"{self.doc}/text")

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal, span: Span | None = None, rule: str = "") -> None:
        self.g.add((s, p, o))
        if span is not None:
            self.evidence(s, p, o, span, rule)

    def evidence(self, s: URIRef, p: URIRef, o: URIRef | Literal, span: Span, rule: str) -> URIRef:
        key = f"{s} {p} {o} {span.start} {span.end}".encode()
        ev = URIRef(f"{self.doc}/evidence/{hashlib.sha1(key).hexdigest()[:16]}")
        g = self.g
        if (ev, RDF.type, TKG.Evidence) in g:
            return ev  # the same fact over the same span, read by a second rule: the first rule stays its only one
        g.add((ev, RDF.type, TKG.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        g.add((ev, NIF.beginIndex, Literal(span.start, datatype=XSD.integer)))
        g.add((ev, NIF.endIndex, Literal(span.end, datatype=XSD.integer)))
        g.add((ev, NIF.anchorOf, Literal(span.text)))
        g.add((ev, NIF.referenceContext, self.context))
        g.add((ev, TKG.rule, Literal(rule)))
        return ev


class _Measures:
    """The measures containing a position, found by bisection over their sorted starts (with the running maximum of
    their ends, so nested or overlapping items are still all found) instead of testing every measure per mention."""

    def __init__(self, measures: list[Measure]) -> None:
        self.items = sorted(measures, key=lambda x: x.span.start)
        self.starts = [x.span.start for x in self.items]
        self.reach = list(accumulate((x.span.end for x in self.items), max))

    def containing(self, pos: int) -> list[Measure]:
        out = []
        k = bisect_right(self.starts, pos) - 1
        while k >= 0 and self.reach[k] > pos:
            if pos < self.items[k].span.end:
                out.append(self.items[k])
            k -= 1
        return out[::-1]


def _lang_literal(text: str) -> Literal:
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return Literal(text, lang="zh" if han else "en")


def _describe_new(w: _Writer, m: Mention, gaz: Gazetteer) -> None:
    """Describe an entity the vocabulary does not hold: a scoped unit of a known type, or a discovered name."""
    assert m.iri is not None
    e = URIRef(m.iri)
    if m.kind == "department":
        w.g.add((e, RDF.type, TKG.InternalUnit if m.parent else TKG.GovernmentBody))
        if m.parent:
            w.g.add((e, ORG.unitOf, URIRef(m.parent)))
            w.g.add((URIRef(m.parent), ORG.hasUnit, e))
    else:
        w.g.add((e, RDF.type, _CLASS_OF_KIND[m.kind]))
    if m.unit_type:
        w.g.add((e, TKG.unitType, URIRef(m.unit_type)))
        ut = gaz.entries[m.unit_type]
        for text, lang in ((ut.pref_en, "en"), (ut.pref_zh, "zh")):
            if text:
                w.g.add((e, SKOS.prefLabel, Literal(text, lang=lang)))
        if m.label and m.label.lower() != (ut.pref_en or "").lower():
            w.g.add((e, TKG.surfaceForm, _lang_literal(m.label)))
    elif m.label:
        w.g.add((e, SKOS.prefLabel, _lang_literal(m.label)))
        w.g.add((e, TKG.discovered, Literal(True)))


def _describe_post(w: _Writer, m: Mention) -> None:
    """A person's post (W3C ORG): the post in its organisation, its title as org:role, and who holds it."""
    assert m.iri is not None and m.post is not None
    person, rec = URIRef(m.iri), m.post
    title = rec.title.rsplit("/", 1)[-1] if rec.title else slug(rec.span.text)
    post = URIRef(f"{rec.organisation}/post/{title}" if rec.organisation else str(ID[f"post/{slug(rec.span.text)}"]))
    w.g.add((post, RDF.type, TKG.Post))
    w.g.add((post, RDFS.label, _lang_literal(rec.span.text)))
    if rec.title:
        w.g.add((post, ORG.role, URIRef(rec.title)))
    if rec.organisation:
        w.g.add((post, ORG.postIn, URIRef(rec.organisation)))
    w.g.add((post, ORG.heldBy, person))
    w.add(person, ORG.holds, post, rec.span, m.rule)


@overload
def emit(rec: DocumentRecord, gaz: Gazetteer) -> Graph: ...
@overload
def emit(rec: DocumentRecord, gaz: Gazetteer, sink: Sink) -> Sink: ...
def emit(rec: DocumentRecord, gaz: Gazetteer, sink: TripleSink | None = None) -> TripleSink:
    """The document's named-graph content, added to `sink` (a new Graph when none is given)."""
    w = _Writer(rec, sink if sink is not None else Graph())
    doc, g = w.doc, w.g
    g.add((doc, RDF.type, TKG.PolicyDocument))
    g.add((doc, TKG.sourceFile, Literal(rec.source)))
    g.add((doc, DCTERMS.language, Literal(rec.lang)))
    g.add((doc, TKG.text, w.context))
    g.add((w.context, RDF.type, TKG.SourceFile))
    g.add((w.context, NIF.isString, Literal(rec.text)))
    g.add((w.context, NIF.beginIndex, Literal(0, datatype=XSD.integer)))
    g.add((w.context, NIF.endIndex, Literal(len(rec.text), datatype=XSD.integer)))
    g.add((w.context, TKG.inputChecksum, Literal(rec.checksum)))
    g.add((w.context, TKG.encoding, Literal(rec.encoding)))
    if rec.title:
        w.add(doc, DCTERMS.title, _lang_literal(rec.title.text), rec.title, "title-first-line")
        g.add((doc, RDFS.label, _lang_literal(rec.title.text)))
    else:
        g.add((doc, RDFS.label, Literal(rec.source)))
    if rec.date and rec.date_span:
        w.add(doc, TKG.dateIssued, Literal(rec.date, datatype=XSD.date), rec.date_span, "date-line")
    if rec.number:
        w.add(doc, TKG.documentNumber, Literal(rec.number.text), rec.number, "number-pattern")
    new: dict[str, Mention] = {}
    for m in rec.issuers:
        if m.iri:
            w.add(doc, TKG.issuedBy, URIRef(m.iri), m.span, m.rule)
            if m.label:
                new.setdefault(m.iri, m)
    for k, pkg in enumerate(rec.packages, 1):
        p = URIRef(f"{doc}/package/{k}")
        g.add((p, RDF.type, TKG.MeasurePackage))
        w.add(p, SKOS.prefLabel, _lang_literal(pkg.name), pkg.span, "package-title")
        if pkg.size:
            g.add((p, TKG.packageSize, Literal(pkg.size, datatype=XSD.integer)))
        w.add(doc, TKG.issuesPackage, p, pkg.span, "package-title")
    sections = {}
    for sec in rec.sections:
        s = URIRef(f"{doc}/section/{sec.ordinal}")
        sections[id(sec)] = s
        g.add((s, RDF.type, TKG.Section))
        g.add((s, TKG.inDocument, doc))
        g.add((s, TKG.ordinal, Literal(sec.ordinal, datatype=XSD.integer)))
        w.add(s, TKG.heading, Literal(sec.heading), sec.span, "section-heading")
        if sec.numbering:
            g.add((s, TKG.numbering, Literal(sec.numbering)))
    for measure in rec.measures:
        mi = URIRef(f"{doc}/measure/{measure.ordinal}")
        g.add((mi, RDF.type, TKG.Measure))
        w.add(mi, TKG.inDocument, doc, measure.span, f"measure-{measure.style}")
        g.add((mi, TKG.ordinal, Literal(measure.ordinal, datatype=XSD.integer)))
        g.add((mi, TKG.numbering, Literal(measure.numbering)))
        g.add((mi, TKG.numberingStyle, Literal(measure.style)))
        g.add((mi, TKG.measureText, Literal(measure.text)))
        g.add((mi, RDFS.label, Literal(f"{rec.source} #{measure.ordinal}")))
        if measure.section is not None:
            g.add((mi, TKG.inSection, sections[id(measure.section)]))
        if rec.packages:
            g.add((mi, TKG.inPackage, URIRef(f"{doc}/package/1")))
    by_span = {(m.span.start, m.span.end): m for m in rec.mentions}
    for measure in rec.measures:
        mi = URIRef(f"{doc}/measure/{measure.ordinal}")
        for resp in measure.responsibilities:
            unit = by_span.get((resp.span.start, resp.span.end))
            if unit is None or unit.iri is None:
                continue
            prop = {"lead": TKG.leadUnit, "cooperating": TKG.cooperatingUnit}.get(resp.role, TKG.responsibleUnit)
            w.add(mi, prop, URIRef(unit.iri), resp.span, unit.rule)
            if prop != TKG.responsibleUnit:
                g.add((mi, TKG.responsibleUnit, URIRef(unit.iri)))
    within = _Measures(rec.measures)
    for m in rec.mentions:
        if m.iri is None:
            continue
        e = URIRef(m.iri)
        if m.label or m.unit_type:
            new.setdefault(m.iri, m)
        w.add(doc, TKG.mentions, e, m.span, m.rule)
        if m.surface:
            g.add((e, TKG.surfaceForm, _lang_literal(m.surface)))
        if m.post:
            _describe_post(w, m)
        for measure in within.containing(m.span.start):
            mi = URIRef(f"{doc}/measure/{measure.ordinal}")
            g.add((mi, TKG.mentions, e))
            if m.kind == "zone":
                g.add((mi, TKG.appliesToZone, e))
            elif m.kind == "zone_type":
                g.add((mi, TKG.appliesToZoneType, e))
            elif m.kind == "agreement":
                g.add((mi, TKG.referencesAgreement, e))
    for m in new.values():
        _describe_new(w, m, gaz)
    emit_quantities(w, rec)
    return g


@lru_cache(maxsize=2)
def _closures(ontology_file: Path) -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, set[URIRef]]]:
    onto = Graph().parse(ontology_file)
    sub_c: dict[URIRef, set[URIRef]] = {}
    sub_p: dict[URIRef, set[URIRef]] = {}
    for table, prop in ((sub_c, RDFS.subClassOf), (sub_p, RDFS.subPropertyOf)):
        for s in set(onto.subjects(prop, None)):
            if isinstance(s, URIRef):
                table[s] = {o for o in onto.transitive_objects(s, prop) if isinstance(o, URIRef) and o != s}
    return sub_c, sub_p


def materialise(g: Graph, ontology_file: Path) -> None:
    """Add the standard super-class and super-property statements the ontology implies (RDFS, one pass)."""
    sub_c, sub_p = _closures(ontology_file)
    extra: list[tuple[Node, Node, Node]] = []
    for s, p, o in g:
        if p == RDF.type and isinstance(o, URIRef) and o in sub_c:
            extra += [(s, RDF.type, sup) for sup in sub_c[o]]
        elif isinstance(p, URIRef) and p in sub_p:
            extra += [(s, sup, o) for sup in sub_p[p]]
    for t in extra:
        g.add(t)
