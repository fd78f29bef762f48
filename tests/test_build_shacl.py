"""The shapes compiled to SPARQL (graph/shacl.py) find exactly what pyshacl finds, on every shape fixture and on the
seed documents, and a shape the compiler cannot translate is refused so the build falls back to pyshacl."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph import workers
from graph.build import VOCAB_GRAPH, BuildReport
from graph.extract import gazetteer
from graph.extract.emit import emit, materialise
from graph.extract.pipeline import extract
from graph.extract.read import read_source
from graph.settings import PROJECT_ROOT, Settings
from graph.shacl import CompiledShapes, UnsupportedShape
from graph.store import current_build
from graph.validate import Violation, load_shapes, validate_graph, validate_store

FIXTURES = sorted((PROJECT_ROOT / "tests" / "fixtures" / "shapes").glob("*.ttl"))
SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
BODY = ox.NamedNode("https://w3id.org/tradekg/ontology#GovernmentBody")


@pytest.fixture(scope="module")
def graphs(settings: Settings) -> tuple[Graph, Graph]:
    return load_shapes(settings.shapes_file), Graph().parse(settings.ontology_dir / "tradekg.ttl")


@pytest.fixture(scope="module")
def compiled(graphs: tuple[Graph, Graph]) -> CompiledShapes:
    return CompiledShapes(*graphs)


def _comparable(vs: list[Violation]) -> set[tuple[object, ...]]:
    """Everything a report shows; a path that is not one IRI pyshacl names by a blank node, so it is left out."""
    return {
        (v.focus, v.message, v.shape, v.severity, v.source, v.offset, v.path * v.path.startswith("http")) for v in vs
    }


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_same_results_as_pyshacl(fixture: Path, compiled: CompiledShapes, graphs: tuple[Graph, Graph]) -> None:
    data = Graph().parse(fixture)
    reference = validate_graph(data, *graphs)
    assert _comparable(compiled.validate_graph(data)) == _comparable(reference)
    assert bool(reference) == fixture.name.startswith("bad_")


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_documents_conform(seed: Path, compiled: CompiledShapes, settings: Settings) -> None:
    gaz = gazetteer.load(settings.ontology_dir)
    g = emit(extract(read_source(seed, settings.max_document_bytes), gaz), gaz)
    materialise(g, settings.ontology_dir / "tradekg.ttl")
    assert compiled.validate_graph(g) == []
    # the same graph without its evidence rules: every evidence node fails, and only that constraint
    broken = Graph()
    for s, p, o in g:
        if str(p) != "https://w3id.org/tradekg/ontology#rule":
            broken.add((s, p, o))
    assert {v.message for v in compiled.validate_graph(broken)} == {"evidence names its rule"}


def test_unknown_feature_falls_back_to_pyshacl(graphs: tuple[Graph, Graph], tmp_path: Path, settings: Settings) -> None:
    shapes = Graph().parse(data=graphs[0].serialize(format="turtle"), format="turtle")
    shapes.parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix tkg: <https://w3id.org/tradekg/ontology#> .\n"
        "<urn:x:Closed> a sh:NodeShape ; sh:targetClass tkg:Measure ; sh:closed true .",
        format="turtle",
    )
    with pytest.raises(UnsupportedShape):
        CompiledShapes(shapes, graphs[1])
    onto = tmp_path / "ontology"
    shutil.copytree(settings.ontology_dir, onto)
    shapes.serialize(onto / "shapes.ttl", format="turtle")
    ctx = workers.prepare(Settings(ontology_dir=onto))
    try:
        assert ctx.shapes is None and ctx.reference is not None, "pyshacl validates every document instead"
    finally:
        workers.prepare(settings)


def test_validate_store_checks_document_graphs_only(seed_build: BuildReport, settings: Settings) -> None:
    """`tradekg validate` on a whole store: the seeds conform; an evidence node stripped of its rule in one
    document graph is found and named; the vocabulary graph is not a document and is not checked."""
    store = ox.Store()
    store.load(path=str(current_build(seed_build.store) / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    assert validate_store(store, settings) == ([], 5)
    rule = ox.NamedNode("https://w3id.org/tradekg/ontology#rule")
    victim = next(q for q in store.quads_for_pattern(None, rule, None) if "/graph/document/" in str(q.graph_name))
    store.remove(victim)
    store.add(ox.Quad(ox.NamedNode("urn:x:unlabelled"), RDF_TYPE, BODY, ox.NamedNode(str(VOCAB_GRAPH))))
    violations, graphs = validate_store(store, settings)
    assert graphs == 5
    assert [(v.focus, v.message) for v in violations] == [(victim.subject.value, "evidence names its rule")]
