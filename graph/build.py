"""Build a store from documents: extract → validate → write aside → swap in.

Each document is read, extracted, emitted as its own named graph and validated on its own, so one unreadable file
is reported by name and the rest are built. Documents are processed in batches by a pool of worker processes
(workers.py), one per CPU by default, and their N-Quads are written in input order, so the dataset does not depend on
which worker finished first. The build is written into a fresh folder; only when every document that could be read
conforms to the shapes is the folder swapped in as the store being served.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS

from graph import __version__, workers
from graph.errors import DocumentError, NothingBuilt, ShapeViolation
from graph.extract import gazetteer
from graph.extract.emit import graph_iri, materialise
from graph.extract.pipeline import doc_iri
from graph.namespaces import ID, TKG
from graph.quads import graph_nquads
from graph.settings import Settings
from graph.store import DB, StreamLoader, discard, new_build_dir, rdf_text, swap_in
from graph.validate import Violation, report
from graph.workers import DocResult, DocSummary

__all__ = ["BuildReport", "DocSummary", "build", "collect"]

ONTOLOGY_GRAPH = ID["graph/ontology"]
VOCAB_GRAPH = ID["graph/vocabulary"]
BUILD_GRAPH = ID["graph/build"]
# Documents per task sent to a worker: large enough that the per-batch validation store and the pool's messages
# cost little per document, small enough that the progress bar moves and both workers stay busy to the end.
BATCH = 16


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
    jobs: int = 1

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


def _prov(sources: list[str], started: datetime) -> Graph:
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
    for source in sources:
        text = URIRef(f"{doc_iri(source)}/text")
        g.add((build, PROV.used, text))  # the text node carries its checksum in the document's own graph
        named = graph_iri(source)
        g.add((named, PROV.wasGeneratedBy, build))
        g.add((named, PROV.wasDerivedFrom, text))
    return g


def default_jobs() -> int:
    """One worker per CPU this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _results(files: list[Path], jobs: int, settings: Settings) -> Iterator[DocResult]:
    """Each document's result, in input order; in this process when one job (or too few documents) is asked."""
    batches = [files[i : i + BATCH] for i in range(0, len(files), BATCH)]
    if jobs <= 1 or len(batches) <= 1:
        for b in batches:
            yield from workers.batch(b)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(
        min(jobs, len(batches)), mp_context=context, initializer=workers.initialise, initargs=(settings,)
    )
    try:
        for done in pool.map(workers.batch, batches):
            yield from done
    finally:  # on an error or Ctrl-C, batches not yet started are dropped rather than waited for
        pool.shutdown(wait=True, cancel_futures=True)


def build(
    paths: Iterable[Path],
    store_dir: Path,
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> BuildReport:
    """Build a store at `store_dir` from `paths` with `jobs` worker processes (default: one per CPU). Raises
    ShapeViolation (nothing swapped in) when the graph does not conform; unreadable documents are listed in the
    report, and the others are built and swapped in."""
    settings = settings or Settings()
    started = datetime.now(UTC)
    rep = BuildReport(store_dir, jobs=jobs or default_jobs())
    t0 = time.perf_counter()
    gaz = gazetteer.load(settings.ontology_dir)
    ontology_file = settings.ontology_dir / "tradekg.ttl"
    ontology = Graph().parse(ontology_file)
    workers.prepare(settings, gaz, ontology)
    vocab = gazetteer.load_graph(settings.ontology_dir) - ontology  # a new graph: the cached one stays intact
    materialise(vocab, ontology_file)
    rep.seconds["load vocabulary"] = time.perf_counter() - t0
    files = collect(paths)
    rep.jobs = min(rep.jobs, max(1, -(-len(files) // BATCH)))  # a worker per batch at most; one batch runs here
    build_dir = new_build_dir(store_dir)
    rep.build_dir = build_dir
    dataset = build_dir / "dataset.nq"
    sources: list[str] = []
    timing = {"extract": 0.0, "emit": 0.0, "validate": 0.0}
    big: list[ox.Quad] = []
    statements: list[tuple[str, str, str]] = []  # every responsibility, for the analytics
    loader = StreamLoader(build_dir / DB)  # loads what is written to dataset.nq as it is written
    try:
        t = time.perf_counter()
        with dataset.open("w", encoding="utf-8") as out:

            def write(text: str) -> None:
                out.write(text)
                loader.write(text)

            write(graph_nquads(ontology, str(ONTOLOGY_GRAPH)))
            write(graph_nquads(vocab, str(VOCAB_GRAPH)))
            for res in _results(files, rep.jobs, settings):
                if progress:
                    progress(Path(res.path).name)
                if res.error is not None:
                    rep.errors.append(DocumentError(*res.error))
                    continue
                assert res.summary is not None
                for stage, seconds in res.seconds.items():
                    timing[stage] = timing.get(stage, 0.0) + seconds
                rep.violations += res.violations
                write(res.nquads)
                big += workers.big_quads(res.big)
                sources.append(res.summary.source)
                rep.triples += res.summary.triples
                rep.documents.append(res.summary)
                rep.gaps += res.gaps
                statements += res.statements
            write(graph_nquads(_prov(sources, started), str(BUILD_GRAPH)))
        rep.seconds.update(timing)  # summed over workers: CPU seconds of each stage
        rep.seconds["documents"] = time.perf_counter() - t  # wall clock of the whole per-document phase
        if files and not sources:
            raise NothingBuilt(rep.errors)
        if rep.violations:
            raise ShapeViolation(report(rep.violations), len(rep.violations))
        t = time.perf_counter()
        loader.finish()  # the part of the load that did not overlap the documents
        store = ox.Store(str(build_dir / DB))
        if big:
            store.extend(big)
            with dataset.open("a", encoding="utf-8") as out:
                out.write(rdf_text(big, ox.RdfFormat.N_QUADS))
        rep.seconds["store load"] = time.perf_counter() - t
        t1 = time.perf_counter()
        from graph.analysis.analytics import write_analytics  # networkx loads only when a build gets this far

        # from the statements the workers returned: a query over the whole store, before it is compacted, cost
        # minutes at corpus scale; a new dataset file gets the analytics quads appended, not the file rewritten
        write_analytics(store, dataset, statements)
        rep.seconds["analytics"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        store.optimize()
        store.flush()
        del store
        rep.seconds["optimise"] = time.perf_counter() - t1
        shutil.copy(ontology_file, build_dir / "ontology.ttl")
        _write_gaps(rep, build_dir / "vocabulary-gaps.csv")
        rep.seconds["store"] = time.perf_counter() - t
        swap_in(store_dir, build_dir)
    except BaseException:
        loader.abort()
        discard(build_dir)
        raise
    rep.seconds["total"] = time.perf_counter() - t0
    return rep


def _write_gaps(rep: BuildReport, path: Path) -> None:
    unique = sorted(set(rep.gaps))
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["type", "name", "iri", "source"])
        w.writerows(unique)
