"""Triples to N-Quads text quickly, with the ontology's super-classes and super-properties added on the way.

rdflib's N-Triples serialiser and `Graph.add` cost tens of microseconds per triple; a document graph holds a few
thousand, so at corpus scale they cost more than extraction. Here a document's triples are read once, the RDFS
closure of their classes and properties is added as plain tuples (what emit.materialise adds to the graph), and each
distinct term is written once into a cache. Lines are sorted so a build's dataset file does not depend on hashing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import BNode, Node

# Oxigraph's N-Quads parser refuses a single line over 16 MiB; literals past this size bypass the parser.
BIG_LITERAL = 4 * 1024 * 1024

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def term(t: Node) -> str:
    """One term in N-Triples syntax."""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        text = f'"{str(t).translate(_ESCAPES)}"'
        if t.language:
            return f"{text}@{t.language}"
        if t.datatype is not None and str(t.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f"{text}^^<{t.datatype}>"
        return text
    if isinstance(t, BNode):
        return f"_:{t}"
    raise TypeError(f"not an RDF term: {t!r}")


@dataclass(frozen=True)
class Closures:
    """Each class's super-classes and each property's super-properties, transitively (from the ontology)."""

    classes: dict[Node, tuple[Node, ...]] = field(default_factory=dict)
    properties: dict[Node, tuple[Node, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, ontology: Graph) -> Closures:
        tables: list[dict[Node, tuple[Node, ...]]] = [{}, {}]
        for table, prop in zip(tables, (RDFS.subClassOf, RDFS.subPropertyOf), strict=True):
            for s in set(ontology.subjects(prop, None)):
                if isinstance(s, URIRef):
                    sup = {o for o in ontology.transitive_objects(s, prop) if isinstance(o, URIRef) and o != s}
                    table[s] = tuple(sorted(sup))
        return cls(tables[0], tables[1])

    @cached_property
    def text(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        """The same tables keyed and valued by terms in N-Triples syntax, for writing lines without rdflib terms."""
        return (
            {term(k): tuple(term(v) for v in vs) for k, vs in self.classes.items()},
            {term(k): tuple(term(v) for v in vs) for k, vs in self.properties.items()},
        )

    @classmethod
    def from_file(cls, path: Path) -> Closures:
        return cls.of(Graph().parse(path))


def closed(triples: Iterable[tuple[Node, Node, Node]], closures: Closures) -> set[tuple[Node, Node, Node]]:
    """The triples with the super-class and super-property statements they imply (one RDFS pass, as materialise)."""
    out = set(triples)
    extra: list[tuple[Node, Node, Node]] = []
    for s, p, o in out:
        if p == RDF.type:
            for sup in closures.classes.get(o, ()):
                extra.append((s, p, sup))
        else:
            for sup in closures.properties.get(p, ()):
                extra.append((s, sup, o))
    out.update(extra)
    return out


@dataclass
class Quads:
    """A named graph's N-Quads text, and the quads too big for a parser line, as plain tuples."""

    text: str
    count: int
    big: list[tuple[str, str, str, str, str, str]]  # subject, predicate, value, language, datatype, graph


def nquads(triples: Iterable[tuple[Node, Node, Node]], graph: str, closures: Closures | None = None) -> Quads:
    """N-Quads for `triples` in the named graph `graph`, with what `closures` implies, lines sorted and distinct;
    huge literals set aside in `big`. Terms are written once each and the closure is added as text, so no rdflib
    term is hashed into a set."""
    cache: dict[Node, str] = {}
    name = f"<{graph}> .\n"
    lines: set[str] = set()
    big: list[tuple[str, str, str, str, str, str]] = []
    classes, properties = closures.text if closures else ({}, {})
    rdf_type = term(RDF.type)
    for s, p, o in triples:
        if isinstance(o, Literal) and len(o) > BIG_LITERAL:
            lang, datatype = o.language or "", str(o.datatype or "")
            for prop in (term(p), *properties.get(term(p), ())):
                big.append((str(s), prop[1:-1], str(o), lang, datatype, graph))
            continue
        ts = cache.get(s) or cache.setdefault(s, term(s))
        tp = cache.get(p) or cache.setdefault(p, term(p))
        to = cache.get(o) or cache.setdefault(o, term(o))
        lines.add(f"{ts} {tp} {to} {name}")
        if tp == rdf_type:
            for sup in classes.get(to, ()):
                lines.add(f"{ts} {tp} {sup} {name}")
        else:
            for sup in properties.get(tp, ()):
                lines.add(f"{ts} {sup} {to} {name}")
    return Quads("".join(sorted(lines)), len(lines) + len(big), big)


def graph_nquads(g: Graph, graph: str) -> str:
    """A whole rdflib graph (ontology, vocabulary, provenance) as N-Quads in `graph`; nothing set aside."""
    cache: dict[Node, str] = {}
    name = f"<{graph}> .\n"
    lines = []
    for s, p, o in g:
        ts = cache.get(s) or cache.setdefault(s, term(s))
        tp = cache.get(p) or cache.setdefault(p, term(p))
        to = cache.get(o) or cache.setdefault(o, term(o))
        lines.append(f"{ts} {tp} {to} {name}")
    lines.sort()
    return "".join(lines)
