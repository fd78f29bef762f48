"""The per-document half of a build, run in a pool of processes: read → extract → emit → N-Quads → validate.

A batch of documents goes to a worker and comes back as N-Quads text with each document's summary, vocabulary gaps,
SHACL results and stage timings, so the parent only writes text to the dataset file. Workers are forked after the
parent has loaded the gazetteer, ontology closures and compiled shapes, so nothing is loaded twice; where processes
are spawned instead, the initializer loads them once per worker. An unreadable document comes back as an error naming
it, and the rest of the batch is built; an extractor that crashes stops the build with an ExtractionError naming the
document.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from graph.errors import DocumentError, ExtractionError
from graph.extract import gazetteer
from graph.extract.emit import emit, graph_iri
from graph.extract.gazetteer import Gazetteer
from graph.extract.pipeline import extract
from graph.extract.read import read_source
from graph.extract.records import DocumentRecord
from graph.namespaces import TKG
from graph.quads import Closures, closed, nquads
from graph.settings import Settings
from graph.shacl import CompiledShapes, UnsupportedShape
from graph.validate import Violation, load_shapes, validate_graph


@dataclass
class DocSummary:
    source: str
    lang: str
    measures: int
    responsibilities: int
    entities: int
    triples: int


@dataclass
class DocResult:
    """What one document contributes to a build; `error` (source, reason) when it could not be read."""

    path: str
    error: tuple[str, str] | None = None
    nquads: str = ""
    big: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    summary: DocSummary | None = None
    gaps: list[tuple[str, str, str, str]] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    # (measure, property, unit) of every responsibility, as the store will hold them: the build's analytics
    statements: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Context:
    settings: Settings
    gaz: Gazetteer
    closures: Closures
    shapes: CompiledShapes | None  # None: validation off
    reference: tuple[Graph, Graph] | None = None  # pyshacl's shapes and ontology, when the compiler cannot help


_CONTEXT: Context | None = None


def prepare(settings: Settings, gaz: Gazetteer | None = None, ontology: Graph | None = None) -> Context:
    """Load what every document needs, once per process; workers forked afterwards inherit it."""
    global _CONTEXT
    if _CONTEXT is not None and _CONTEXT.settings == settings:
        return _CONTEXT
    gaz = gaz or gazetteer.load(settings.ontology_dir)
    ontology = ontology if ontology is not None else Graph().parse(settings.ontology_dir / "tradekg.ttl")
    shapes, reference = None, None
    if settings.validate:
        shapes_graph = load_shapes(settings.shapes_file)
        try:
            shapes = CompiledShapes(shapes_graph, ontology)
        except UnsupportedShape:  # a SHACL feature the compiler does not translate: pyshacl checks every document
            reference = (shapes_graph, ontology)
    _CONTEXT = Context(settings, gaz, Closures.of(ontology), shapes, reference)
    return _CONTEXT


def initialise(settings: Settings) -> None:
    """Pool initializer: a no-op in forked workers, a load in spawned ones."""
    prepare(settings)


def _summary(rec: DocumentRecord, triples: int) -> tuple[DocSummary, list[tuple[str, str, str, str]]]:
    entities = {m.iri for m in rec.mentions if m.iri}
    summary = DocSummary(
        rec.source,
        rec.lang,
        len(rec.measures),
        sum(len(m.responsibilities) for m in rec.measures),
        len(entities),
        triples,
    )
    gaps = [(m.kind, m.label, m.iri, rec.source) for m in rec.mentions if m.label and m.iri and not m.unit_type]
    return summary, gaps


def document(path: Path, ctx: Context) -> DocResult:
    """One document, up to its N-Quads (validation is done per batch)."""
    res = DocResult(str(path))
    t = time.process_time()
    try:
        src = read_source(path, ctx.settings.max_document_bytes)
    except DocumentError as exc:
        res.error = (exc.source, exc.reason)
        return res
    try:
        rec = extract(src, ctx.gaz)
        t1 = time.process_time()
        g = emit(rec, ctx.gaz, set[tuple[Node, Node, Node]]())  # a plain set: the triples only go to N-Quads
    except Exception as exc:  # a bug, not bad input: stop the build, but say which document set it off
        raise ExtractionError(f"{path.name}: extraction failed: {type(exc).__name__}: {exc}") from exc
    q = nquads(g, str(graph_iri(rec.source)), ctx.closures)
    t2 = time.process_time()
    res.nquads, res.big = q.text, q.big
    res.statements = responsibility_statements(g, ctx.closures)
    res.summary, res.gaps = _summary(rec, q.count)
    res.seconds = {"extract": t1 - t, "emit": t2 - t1}
    if ctx.reference is not None:
        whole = Graph()
        for triple in closed(g, ctx.closures):
            whole.add(triple)
        res.violations = validate_graph(whole, *ctx.reference)
        res.seconds["validate"] = time.process_time() - t2
    return res


_ROLES = frozenset((TKG.responsibleUnit, TKG.leadUnit, TKG.cooperatingUnit))


def responsibility_statements(
    triples: Iterable[tuple[Node, Node, Node]], closures: Closures
) -> list[tuple[str, str, str]]:
    """What the network-responsibilities query would read from this document's graph once stored: each
    responsibility, lead or cooperating statement (super-properties included) about a measure of a document. Taken
    here, from triples already in hand, they spare the build a query over the whole store for its analytics."""
    found: list[tuple[str, str, str]] = []
    in_document: set[str] = set()
    for s, p, o in triples:
        for prop in (p, *closures.properties.get(p, ())):
            if prop in _ROLES:
                found.append((str(s), str(prop), str(o)))
            elif prop == TKG.inDocument:
                in_document.add(str(s))
    return sorted({row for row in found if row[0] in in_document})


def batch(paths: list[Path]) -> list[DocResult]:
    """A batch of documents, validated together (each document graph on its own, in one in-memory store)."""
    ctx = _CONTEXT
    assert ctx is not None, "workers.prepare() first"
    results = [document(p, ctx) for p in paths]
    if ctx.shapes is not None:
        t = time.process_time()
        text = "".join(r.nquads for r in results)
        found = ctx.shapes.validate_nquads(text) if text else {}
        for r in results:
            if r.summary is not None:
                r.violations = found.get(str(graph_iri(r.summary.source)), [])
        big = [r for r in results if r.big]
        for r in big:  # a graph with a huge literal: validate it whole, without the line-length limit
            r.violations = _validate_whole(r, ctx.shapes)
        share = (time.process_time() - t) / max(1, len(results))
        for r in results:
            r.seconds["validate"] = share
    return results


def _validate_whole(r: DocResult, shapes: CompiledShapes) -> list[Violation]:
    store = ox.Store()
    store.load(r.nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True)
    store.extend(big_quads(r.big))
    return [v for vs in shapes.validate(store).values() for v in vs]


def big_quads(rows: list[tuple[str, str, str, str, str, str]]) -> list[ox.Quad]:
    """The quads set aside for a huge literal, as Oxigraph quads to add without parsing."""
    out = []
    for s, p, value, lang, datatype, g in rows:
        if lang:
            o = ox.Literal(value, language=lang)
        elif datatype:
            o = ox.Literal(value, datatype=ox.NamedNode(datatype))
        else:
            o = ox.Literal(value)
        out.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(g)))
    return out
