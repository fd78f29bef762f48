"""Closed namespaces: a typo in a term raises instead of minting a new IRI.

The project vocabulary (tkg:) mirrors ontology/tradekg.ttl; a test checks that every term here is declared there.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from graph.prefixes import BASE, PREFIXES, sparql_prefixes

__all__ = ["BASE", "ELI", "ID", "NIF", "PREFIXES", "TKG", "sparql_prefixes"]

ID = Namespace(BASE + "id/")


class TKG(DefinedNamespace):
    """The tradekg ontology."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    PolicyDocument: URIRef
    MeasurePackage: URIRef
    Section: URIRef
    Measure: URIRef
    GovernmentBody: URIRef
    CustomsDistrict: URIRef
    InternalUnit: URIRef
    PartyBody: URIRef
    InternationalOrganisation: URIRef
    UnitType: URIRef
    Person: URIRef
    Post: URIRef
    PostTitle: URIRef
    NameHead: URIRef
    NameFrame: URIRef
    FamilyName: URIRef
    DocumentKind: URIRef
    SourceFieldLabel: URIRef
    CampaignMarker: URIRef
    IssuingVerb: URIRef
    PersonFieldLabel: URIRef
    NameLinkWord: URIRef
    NameBoundary: URIRef
    BoundaryCompound: URIRef
    GenericQualifier: URIRef
    KindModifier: URIRef
    PartnerTrigger: URIRef
    Zone: URIRef
    ZoneType: URIRef
    Agreement: URIRef
    Place: URIRef
    Campaign: URIRef
    LawOrPlan: URIRef
    Figure: URIRef
    Theme: URIRef
    Evidence: URIRef
    Build: URIRef
    SourceFile: URIRef
    issuedBy: URIRef
    documentNumber: URIRef
    dateIssued: URIRef
    sourceFile: URIRef
    text: URIRef
    issuesPackage: URIRef
    packageSize: URIRef
    inDocument: URIRef
    inSection: URIRef
    inPackage: URIRef
    ordinal: URIRef
    numbering: URIRef
    numberingStyle: URIRef
    measureText: URIRef
    heading: URIRef
    responsibleUnit: URIRef
    leadUnit: URIRef
    cooperatingUnit: URIRef
    appliesToZone: URIRef
    appliesToZoneType: URIRef
    referencesAgreement: URIRef
    mentions: URIRef
    theme: URIRef
    unitType: URIRef
    zoneType: URIRef
    discovered: URIRef
    surfaceForm: URIRef
    rule: URIRef
    evidenceOf: URIRef
    inputChecksum: URIRef
    encoding: URIRef
    mentionType: URIRef
    # themes, figures, targets (ontology/tradekg.ttl, last section)
    TfaArticle: URIRef
    UnitOfMeasure: URIRef
    ScaleWord: URIRef
    Target: URIRef
    trigger: URIRef
    excludedTerm: URIRef
    factor: URIRef
    statesFigure: URIRef
    unit: URIRef
    measuredQuantity: URIRef
    referenceYear: URIRef
    hasTarget: URIRef
    targetFigure: URIRef
    deadline: URIRef
    deadlineText: URIRef
    headOf: URIRef
    nameTemplate: URIRef
    frameOf: URIRef
    # network analytics (ontology/tradekg.ttl, last section)
    degree: URIRef
    partners: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    pageRank: URIRef
    component: URIRef
    community: URIRef
    leadShare: URIRef
    cooperatingShare: URIRef


class ELI(DefinedNamespace):
    """The European Legislation Identifier ontology (terms used here)."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    is_part_of: URIRef
    has_part: URIRef
    title: URIRef
    date_document: URIRef
    passed_by: URIRef
    responsibility_of_agent: URIRef
    id_local: URIRef
    number: URIRef
    description: URIRef
    is_about: URIRef


class NIF(DefinedNamespace):
    """NLP Interchange Format core (offsets and anchors)."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    String: URIRef
    Context: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    anchorOf: URIRef
    referenceContext: URIRef
    isString: URIRef
    sourceUrl: URIRef


def _fix_terms(*spaces: type[DefinedNamespace]) -> None:
    """Store each declared term as a plain class attribute. A DefinedNamespace otherwise checks the name against its
    annotations and builds a new URIRef on every `TKG.term` (microseconds each), and emitting a document looks terms
    up thousands of times; undeclared names still go through the check and raise."""
    for space in spaces:
        for name in space.__annotations__:
            if not name.startswith("_"):
                setattr(space, name, space._NS[name])


_fix_terms(TKG, ELI, NIF)
