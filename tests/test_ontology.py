"""The ontology: every term labelled in English and Chinese and defined; the closed namespace matches it."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from graph.namespaces import TKG
from graph.settings import Settings


def ontology(settings: Settings) -> Graph:
    return Graph().parse(settings.ontology_dir / "tradekg.ttl")


def test_every_term_has_labels_in_both_languages_and_a_definition(settings: Settings) -> None:
    g = ontology(settings)
    terms = [
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in g.subjects(RDF.type, kind)
        if str(s).startswith(str(TKG._NS))
    ]
    assert len(terms) > 50
    for term in terms:
        langs = {lit.language for lit in g.objects(term, RDFS.label)}
        assert {"en", "zh"} <= langs, term
        assert g.value(term, SKOS.definition) is not None, term


def test_classes_and_properties_sit_under_standard_terms(settings: Settings) -> None:
    g = ontology(settings)
    for cls in (TKG.PolicyDocument, TKG.Measure, TKG.InternalUnit, TKG.Evidence, TKG.Agreement):
        assert any(not str(o).startswith(str(TKG._NS)) for o in g.transitive_objects(cls, RDFS.subClassOf)), cls
    assert (
        TKG.responsibleUnit,
        RDFS.subPropertyOf,
        URIRef("http://data.europa.eu/eli/ontology#responsibility_of_agent"),
    ) in g
    assert (TKG.leadUnit, RDFS.subPropertyOf, TKG.responsibleUnit) in g


def test_closed_namespace_matches_the_ontology(settings: Settings) -> None:
    """Every term Python uses is declared in Turtle, and a typo raises instead of minting an IRI."""
    g = ontology(settings)
    declared = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(TKG._NS))}
    for name in TKG.__annotations__:
        assert URIRef(str(TKG._NS) + name) in declared, name
    try:
        _ = TKG.responsibleUnitt
    except AttributeError:
        return
    raise AssertionError("TKG accepted an undeclared term")


def test_ontology_metadata(settings: Settings) -> None:
    g = ontology(settings)
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    for prop in (
        OWL.versionInfo,
        OWL.imports,
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("http://purl.org/dc/terms/creator"),
    ):
        assert g.value(onto, prop) is not None, prop
