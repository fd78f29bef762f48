"""The core facts of an emitted document graph, without evidence, text or labels: what a golden test compares.

Evidence node IRIs are hashes and the text is the input itself, so comparing them adds noise, not protection; the
facts below are what a researcher queries.
"""

from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import ORG

from graph.namespaces import TKG

FACT_PREDICATES = (
    TKG.inDocument,
    TKG.inSection,
    TKG.ordinal,
    TKG.numbering,
    TKG.heading,
    TKG.responsibleUnit,
    TKG.leadUnit,
    TKG.cooperatingUnit,
    TKG.issuedBy,
    TKG.documentNumber,
    TKG.dateIssued,
    TKG.issuesPackage,
    TKG.inPackage,
    TKG.packageSize,
    ORG.unitOf,
    TKG.unitType,
    TKG.appliesToZone,
    TKG.referencesAgreement,
    ORG.holds,
    ORG.postIn,
    ORG.heldBy,
    ORG.role,
)
FACT_TYPES = (TKG.PolicyDocument, TKG.Measure, TKG.Section, TKG.MeasurePackage, TKG.InternalUnit, TKG.Post)


def core_facts(g: Graph) -> Graph:
    """The subgraph of structural facts and responsibilities."""
    out = Graph()
    out.bind("tkg", str(TKG._NS))
    out.bind("org", str(ORG))
    for s, p, o in g:
        if p in FACT_PREDICATES or (p == RDF.type and o in FACT_TYPES):
            out.add((s, p, o))
    return out
