"""SHACL validation with pyshacl, reported so a person can act on it: focus node, path, message, and the source
document and character offset the focus node was read from.

pyshacl is run per document on an in-memory rdflib graph, never on the Oxigraph-backed store (slow). It is the
reference: the build validates with the same shapes compiled to SPARQL (graph/shacl.py), which agrees with it on every
fixture and is two orders of magnitude faster.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH

from graph.namespaces import ID, NIF, TKG
from graph.settings import Settings
from graph.store import rdf_text


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    shape: str
    severity: str
    source: str = ""
    offset: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}@{self.offset}" if self.source else "?"
        path = f" {self.path}" if self.path else ""
        return f"[{self.severity}] {where} {self.focus}{path}: {self.message}"


def load_shapes(path: Path) -> Graph:
    return Graph().parse(path)


def _where(data: Graph, focus: URIRef) -> tuple[str, int | None]:
    """The source file and offset of the first evidence about `focus`, to point the reader at the text."""
    for ev in data.subjects(RDF.subject, focus):
        begin = data.value(ev, NIF.beginIndex)
        ctx = data.value(ev, NIF.referenceContext)
        doc = data.value(None, TKG.text, ctx) if ctx else None
        src = data.value(doc, TKG.sourceFile) if doc else None
        return (str(src) if src else "", int(str(begin)) if begin is not None else None)
    for doc in data.subjects(RDF.type, TKG.PolicyDocument):
        return str(data.value(doc, TKG.sourceFile) or ""), None
    return "", None


def validate_graph(data: Graph, shapes: Graph, ontology: Graph | None = None) -> list[Violation]:
    """Every SHACL result (violations and warnings) for `data`."""
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=True
    )
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        src, offset = _where(data, focus) if isinstance(focus, URIRef) else ("", None)
        severity = results.value(r, SH.resultSeverity)
        shape = results.value(r, SH.sourceShape)
        if isinstance(shape, BNode):  # a property shape: report the node shape that declares it
            shape = shapes.value(None, SH.property, shape) or shape
        out.append(
            Violation(
                str(focus),
                str(path) if path else "",
                str(results.value(r, SH.resultMessage) or ""),
                str(shape or ""),
                str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                src,
                offset,
            )
        )
    return sorted(out, key=lambda v: (v.source, v.offset or 0, v.focus))


def validate_store(store: ox.Store, settings: Settings) -> tuple[list[Violation], int]:
    """Validate each document's named graph of a built store on its own: with the shapes compiled to SPARQL and run
    by the store itself when they compile (graph/shacl.py), else with pyshacl one graph at a time."""
    from graph.shacl import CompiledShapes, UnsupportedShape  # shacl.py reports with this module's Violation

    shapes = load_shapes(settings.shapes_file)
    ontology = Graph().parse(settings.ontology_dir / "tradekg.ttl")
    prefix = str(ID["graph/document/"])
    try:
        compiled = CompiledShapes(shapes, ontology)
    except UnsupportedShape:
        compiled = None
    if compiled is not None:
        found = compiled.validate(store, prefix)
        graphs = sum(1 for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix))
        return sorted(
            (v for vs in found.values() for v in vs), key=lambda v: (v.source, v.offset or 0, v.focus)
        ), graphs
    out: list[Violation] = []
    count = 0
    for name in store.named_graphs():
        if not isinstance(name, ox.NamedNode) or not name.value.startswith(prefix):
            continue
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, name)]
        data = Graph().parse(data=rdf_text(triples, ox.RdfFormat.N_TRIPLES), format="nt")
        out += validate_graph(data, shapes, ontology)
        count += 1
    return out, count


def report(violations: list[Violation]) -> str:
    return "\n".join(str(v) for v in violations)
