"""The SHACL shapes in ontology/shapes.ttl, each against hand-written fixtures under tests/fixtures/shapes/.

`good_minimal.ttl` must conform to every shape; each `bad_<shape>_<what>.ttl` must fail exactly the shape its
name gives (`bad_measure_…` fails tkgsh:MeasureShape, `bad_uniqueordinal_…` tkgsh:UniqueOrdinalShape) and no
other, so a shape that stops catching what it was written for, or starts catching what it should not, fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import SH

from graph.extract import gazetteer
from graph.extract.emit import emit, materialise
from graph.extract.pipeline import extract
from graph.extract.read import read_source
from graph.settings import PROJECT_ROOT, Settings
from graph.validate import Violation, load_shapes, validate_graph

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "shapes"
SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
TKGSH = "https://w3id.org/tradekg/shapes#"
BAD = sorted(FIXTURES.glob("bad_*.ttl"))
SHAPES_FILE = Settings().shapes_file


def _shape_key(shape: URIRef) -> str:
    """The file-name key of a node shape: tkgsh:UniqueOrdinalShape → "uniqueordinal"."""
    local = str(shape).removeprefix(TKGSH)
    assert local.endswith("Shape"), f"{shape} is not named <Something>Shape"
    return local.removesuffix("Shape").lower()


def _node_shapes() -> dict[str, URIRef]:
    shapes = Graph().parse(SHAPES_FILE)
    return {_shape_key(s): s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}


def _expected_shape(fixture: Path) -> str:
    """`bad_<key>_<what>.ttl` → the IRI of the node shape whose key is <key>."""
    key = fixture.stem.split("_", 2)[1]
    shapes = _node_shapes()
    assert key in shapes, f"{fixture.name}: no shape has the key {key!r} (one of {sorted(shapes)})"
    return str(shapes[key])


def _uses_property_shapes(shape_iri: str) -> bool:
    shapes = Graph().parse(SHAPES_FILE)
    return (URIRef(shape_iri), SH.property, None) in shapes


@pytest.fixture(scope="module")
def shapes(settings: Settings) -> Graph:
    return load_shapes(settings.shapes_file)


@pytest.fixture(scope="module")
def ontology(settings: Settings) -> Graph:
    return Graph().parse(settings.ontology_dir / "tradekg.ttl")


@pytest.fixture(scope="module")
def validate_fixture(shapes: Graph, ontology: Graph) -> Callable[[Path], list[Violation]]:
    """Validate a fixture file once per module; several tests look at the same result."""
    cache: dict[Path, list[Violation]] = {}

    def run(path: Path) -> list[Violation]:
        if path not in cache:
            cache[path] = validate_graph(Graph().parse(path), shapes, ontology)
        return cache[path]

    return run


def _node_shape_of(v: Violation, shapes: Graph) -> str:
    """The node shape a result belongs to: the shape itself, or the node shape that declares it."""
    if v.shape.startswith(TKGSH):
        return v.shape
    owners = list(shapes.subjects(SH.property, BNode(v.shape)))
    assert len(owners) == 1, f"cannot tell which node shape the result {v} comes from"
    return str(owners[0])


def test_good_fixture_conforms(validate_fixture: Callable[[Path], list[Violation]]) -> None:
    """Protects against shapes that reject a well-formed graph (a false alarm would block every build)."""
    violations = validate_fixture(FIXTURES / "good_minimal.ttl")
    assert violations == [], "\n".join(map(str, violations))


def test_good_fixture_exercises_every_shape(ontology: Graph, shapes: Graph) -> None:
    """A good fixture that no shape targets proves nothing: every node shape must have a focus node in it."""
    data = Graph().parse(FIXTURES / "good_minimal.ttl") + ontology
    untargeted = []
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        classes = list(shapes.objects(shape, SH.targetClass))
        focus = {
            s
            for c in classes
            for sub in data.transitive_subjects(RDFS.subClassOf, c)
            for s in data.subjects(RDF.type, sub)
        }
        if not focus:
            untargeted.append(str(shape))
    assert untargeted == []


@pytest.mark.parametrize("fixture", BAD, ids=[p.stem for p in BAD])
def test_bad_fixture_fails_only_its_shape(
    fixture: Path, shapes: Graph, validate_fixture: Callable[[Path], list[Violation]]
) -> None:
    """Each bad fixture fails the shape its file name names, with a readable message, and no other shape."""
    expected = _expected_shape(fixture)
    violations = validate_fixture(fixture)
    assert violations, f"{fixture.name} conforms, but should fail {expected}"
    assert {_node_shape_of(v, shapes) for v in violations} == {expected}, "\n".join(map(str, violations))
    assert all(v.message.strip() for v in violations)
    assert all(v.severity == "Violation" for v in violations)
    assert all(v.focus for v in violations)


SPARQL_SHAPE_FIXTURES = [p for p in BAD if not _uses_property_shapes(_expected_shape(p))]
PROPERTY_SHAPE_FIXTURES = [p for p in BAD if _uses_property_shapes(_expected_shape(p))]


@pytest.mark.parametrize("fixture", SPARQL_SHAPE_FIXTURES, ids=[p.stem for p in SPARQL_SHAPE_FIXTURES])
def test_violation_names_its_shape(fixture: Path, validate_fixture: Callable[[Path], list[Violation]]) -> None:
    """A reader of the build report must see which shape failed: Violation.shape is the node shape's IRI."""
    expected = _expected_shape(fixture)
    violations = validate_fixture(fixture)
    assert any(v.shape == expected and v.message.strip() for v in violations), (
        f"no violation names {expected}: " + "; ".join(repr(v.shape) for v in violations)
    )


def test_property_shape_violation_names_its_node_shape(
    validate_fixture: Callable[[Path], list[Violation]],
) -> None:
    """Same as test_violation_names_its_shape, for shapes whose constraints are sh:property shapes."""
    assert len(PROPERTY_SHAPE_FIXTURES) > 20
    unnamed = {}
    for fixture in PROPERTY_SHAPE_FIXTURES:
        expected = _expected_shape(fixture)
        violations = validate_fixture(fixture)
        if not any(v.shape == expected for v in violations):
            unnamed[fixture.name] = sorted({v.shape for v in violations})
    assert unnamed == {}


def test_seeds_are_there() -> None:
    """The seed-conformance test below must not pass by having nothing to check."""
    assert len(SEEDS) >= 5


def test_every_shape_has_a_bad_fixture() -> None:
    """Adding a shape without a fixture that must fail it, or a fixture for a shape that is gone, fails."""
    keys = set(_node_shapes())
    fixture_keys = {p.stem.split("_", 2)[1] for p in BAD}
    assert len(keys) >= 9
    assert keys - fixture_keys == set(), "shapes without a bad fixture"
    assert fixture_keys - keys == set(), "bad fixtures naming no shape"


def test_violation_points_at_source_and_offset(validate_fixture: Callable[[Path], list[Violation]]) -> None:
    """A violation about an evidenced fact names the source file and the offset to look at."""
    violations = validate_fixture(FIXTURES / "bad_measure_unit_literal.ttl")
    assert [(v.source, v.offset) for v in violations] == [("fixture.txt", 38)]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_document_graph_conforms(seed: Path, settings: Settings, shapes: Graph, ontology: Graph) -> None:
    """A real document, read, extracted, emitted and materialised as the build does it, conforms."""
    gaz = gazetteer.load(settings.ontology_dir)
    rec = extract(read_source(seed, settings.max_document_bytes), gaz)
    g = emit(rec, gaz)
    materialise(g, settings.ontology_dir / "tradekg.ttl")
    assert (None, RDF.type, URIRef("https://w3id.org/tradekg/ontology#PolicyDocument")) in g
    violations = validate_graph(g, shapes, ontology)
    assert violations == [], "\n".join(map(str, violations))
