"""Build a store from documents: extract → validate → write aside → swap in.

Each document is read, extracted, emitted as its own named graph and validated on its own, so one unreadable file
is reported by name and the rest are built. The build is written into a fresh folder; only when every document
that could be read conforms to the shapes is the folder swapped in as the store being served.
"""

from __future__ import annotations

import csv
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS

from graph import __version__
from graph.errors import DocumentError, NothingBuilt, ShapeViolation
from graph.extract import gazetteer
from graph.extract.emit import emit, graph_iri, materialise
from graph.extract.pipeline import doc_iri, extract
from graph.extract.read import read_source
from graph.extract.records import DocumentRecord
from graph.namespaces import ID, TKG
from graph.settings import Settings
from graph.store import DB, discard, new_build_dir, rdf_text, swap_in
from graph.validate import Violation, load_shapes, report, validate_graph

ONTOLOGY_GRAPH = ID["graph/ontology"]
VOCAB_GRAPH = ID["graph/vocabulary"]
BUILD_GRAPH = ID["graph/build"]


@dataclass
class DocSummary:
    source: str
    lang: str
    measures: int
    responsibilities: int
    entities: int
    triples: int


@dataclass
class BuildReport:
    store: Path
    build_dir: Path | None = None
    documents: list[DocSummary] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    gaps: list[tuple[str, str, str, str]] = field(default_factory=list)  # kind, label, iri, source
    triples: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.violations


def collect(paths: Iterable[Path]) -> list[Path]:
    """The .txt files named, and those under the folders named, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            out.append(path)
    seen: set[Path] = set()
    unique: list[Path] = []
    for p in out:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


# Oxigraph's N-Quads parser refuses a single line over 16 MiB; literals past this size bypass the parser.
BIG_LITERAL = 4 * 1024 * 1024


def _nquads(g: Graph, name: URIRef, big: list[ox.Quad] | None = None) -> str:
    """N-Quads for `g` in graph `name`; quads with a huge literal go to `big`, to be added without parsing."""
    if big is not None:
        for s, p, o in list(g):
            if isinstance(o, Literal) and len(o) > BIG_LITERAL:
                big.append(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), _ox_literal(o), ox.NamedNode(name)))
                g.remove((s, p, o))
    lines = g.serialize(format="nt").splitlines()
    return "".join(f"{line[:-2]} <{name}> .\n" for line in lines if line.endswith(" ."))


def _ox_literal(o: Literal) -> ox.Literal:
    if o.language:
        return ox.Literal(str(o), language=o.language)
    if o.datatype:
        return ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))
    return ox.Literal(str(o))


def _prov(report: BuildReport, records: list[DocumentRecord], started: datetime) -> Graph:
    g = Graph()
    stamp = started.strftime("%Y%m%dT%H%M%S%f")
    build = ID[f"build/{stamp}"]
    agent = ID[f"software/tradekg/{__version__}"]
    g.add((build, RDF.type, TKG.Build))
    g.add((build, RDF.type, PROV.Activity))
    g.add((build, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    g.add((build, PROV.endedAtTime, Literal(datetime.now(UTC).isoformat(), datatype=XSD.dateTime)))
    g.add((build, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal(f"tradekg {__version__}")))
    for rec in records:
        text = URIRef(f"{doc_iri(rec.source)}/text")
        g.add((build, PROV.used, text))  # the text node carries its checksum in the document's own graph
        named = graph_iri(rec.source)
        g.add((named, PROV.wasGeneratedBy, build))
        g.add((named, PROV.wasDerivedFrom, text))
    return g


def build(
    paths: Iterable[Path],
    store_dir: Path,
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build a store at `store_dir` from `paths`. Raises ShapeViolation (nothing swapped in) when the graph does
    not conform; unreadable documents are listed in the report, and the others are built and swapped in."""
    settings = settings or Settings()
    started = datetime.now(UTC)
    rep = BuildReport(store_dir)
    t0 = time.perf_counter()
    gaz = gazetteer.load(settings.ontology_dir)
    ontology_file = settings.ontology_dir / "tradekg.ttl"
    ontology = Graph().parse(ontology_file)
    shapes = load_shapes(settings.shapes_file) if settings.validate else None
    vocab = gazetteer.load_graph(settings.ontology_dir) - ontology  # a new graph: the cached one stays intact
    materialise(vocab, ontology_file)
    rep.seconds["load vocabulary"] = time.perf_counter() - t0
    files = collect(paths)
    build_dir = new_build_dir(store_dir)
    rep.build_dir = build_dir
    dataset = build_dir / "dataset.nq"
    records: list[DocumentRecord] = []
    timing = {"extract": 0.0, "validate": 0.0}
    big: list[ox.Quad] = []
    try:
        with dataset.open("w", encoding="utf-8") as out:
            out.write(_nquads(ontology, ONTOLOGY_GRAPH))
            out.write(_nquads(vocab, VOCAB_GRAPH))
            for path in files:
                if progress:
                    progress(path.name)
                t = time.perf_counter()
                try:
                    src = read_source(path, settings.max_document_bytes)
                except DocumentError as exc:
                    rep.errors.append(exc)
                    continue
                rec = extract(src, gaz)
                g = emit(rec, gaz)
                materialise(g, ontology_file)
                timing["extract"] += time.perf_counter() - t
                if shapes is not None:
                    t = time.perf_counter()
                    rep.violations += validate_graph(g, shapes, ontology)
                    timing["validate"] += time.perf_counter() - t
                out.write(_nquads(g, graph_iri(rec.source), big))
                records.append(rec)
                rep.triples += len(g)
                _summarise(rep, rec, g)
            out.write(_nquads(_prov(rep, records, started), BUILD_GRAPH))
        rep.seconds.update(timing)
        if files and not records:
            raise NothingBuilt(rep.errors)
        if rep.violations:
            raise ShapeViolation(report(rep.violations), len(rep.violations))
        t = time.perf_counter()
        store = ox.Store(str(build_dir / DB))
        store.bulk_load(path=str(dataset), format=ox.RdfFormat.N_QUADS)
        if big:
            store.extend(big)
            with dataset.open("a", encoding="utf-8") as out:
                out.write(rdf_text(big, ox.RdfFormat.N_QUADS))
        from graph.analysis.analytics import write_analytics  # networkx loads only when a build gets this far

        write_analytics(store, dataset)
        store.optimize()
        store.flush()
        del store
        shutil.copy(ontology_file, build_dir / "ontology.ttl")
        _write_gaps(rep, build_dir / "vocabulary-gaps.csv")
        rep.seconds["store"] = time.perf_counter() - t
        swap_in(store_dir, build_dir)
    except BaseException:
        discard(build_dir)
        raise
    rep.seconds["total"] = time.perf_counter() - t0
    return rep


def _summarise(rep: BuildReport, rec: DocumentRecord, g: Graph) -> None:
    entities = {m.iri for m in rec.mentions if m.iri}
    rep.documents.append(
        DocSummary(
            rec.source,
            rec.lang,
            len(rec.measures),
            sum(len(m.responsibilities) for m in rec.measures),
            len(entities),
            len(g),
        )
    )
    for m in rec.mentions:
        if m.label and m.iri and not m.unit_type:
            rep.gaps.append((m.kind, m.label, m.iri, rec.source))


def _write_gaps(rep: BuildReport, path: Path) -> None:
    unique = sorted(set(rep.gaps))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["type", "name", "iri", "source"])
        w.writerows(unique)
