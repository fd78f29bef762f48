"""The SHACL shapes compiled to SPARQL and run by Oxigraph: the build's per-document validation at corpus speed.

pyshacl on a document of a few thousand triples takes seconds (it re-parses each sh:sparql query and evaluates it with
rdflib's engine); at tens of thousands of documents that is hours. Every constraint the shapes use has a plain SPARQL
reading, so each one becomes a query that returns the focus nodes (and values) that break it, run against the
document's quads in an in-memory Oxigraph store: milliseconds per document. The shapes file stays the one source of
truth and pyshacl stays the reference: tests check that both find the same violations on every fixture, and a shape
using a SHACL feature this module does not know raises UnsupportedShape, so the build falls back to pyshacl rather
than skip a check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from graph.namespaces import NIF, TKG
from graph.quads import graph_nquads, term
from graph.validate import Violation

# Lexical forms, so that "abc"^^xsd:integer fails sh:datatype xsd:integer as it does under pyshacl.
_LEXICAL: dict[Node, str] = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
    XSD.date: r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.gYear: r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.dateTime: r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$",
}
_NODE_KIND: dict[Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
}
_COMPARE: dict[Node, str] = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
# Parameters of a shape that are not constraints (or are read together with the one that is).
_NOT_CONSTRAINTS = {
    RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description, SH.targetClass, RDFS.comment, RDFS.label,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.flags, SH.deactivated, SH.order, SH.group,
}  # fmt: skip


class UnsupportedShape(Exception):  # noqa: N818 - reads as what it reports
    """The shapes use a SHACL feature this compiler does not translate; validate with pyshacl instead."""


@dataclass(frozen=True)
class Check:
    """One constraint as a SPARQL query; rows bind ?this (and ?value) for every focus node that breaks it."""

    shape: str  # the node shape, as a report names it
    path: str
    message: str
    severity: str
    query: str
    focus: str = ""  # sh:sparql: the query for its (graph, focus node) pairs; the constraint runs once per pair


_SCOPE = "#scope\n"  # where validate() puts a filter on the graphs to check


def _select(pattern: str, having: str = "") -> str:
    """A check's query: the (graph, focus node) pairs where `pattern` holds, each named graph on its own."""
    if having:
        return f"SELECT ?g ?this WHERE {{ GRAPH ?g {{ {pattern} }} {_SCOPE}}} GROUP BY ?g ?this HAVING ({having})"
    return f"SELECT DISTINCT ?g ?this WHERE {{ GRAPH ?g {{ {pattern} }} {_SCOPE}}}"


class Compiler:
    def __init__(self, shapes: Graph, ontology: Graph | None) -> None:
        self.shapes = shapes
        self.onto = ontology if ontology is not None else Graph()

    def _subclasses(self, cls: Node) -> list[str]:
        found = {cls} | {s for s in self.onto.transitive_subjects(RDFS.subClassOf, cls)}
        return sorted(term(c) for c in found if isinstance(c, URIRef))

    def _path(self, p: Node) -> str:
        if isinstance(p, URIRef):
            return term(p)
        inverse = self.shapes.value(p, SH.inversePath)
        if inverse is not None:
            return f"^({self._path(inverse)})"
        alternative = self.shapes.value(p, SH.alternativePath)
        if alternative is not None:
            return "(" + "|".join(self._path(x) for x in Collection(self.shapes, alternative)) + ")"
        if (p, RDF.first, None) in self.shapes:
            return "(" + "/".join(self._path(x) for x in Collection(self.shapes, p)) + ")"
        raise UnsupportedShape(f"path {p!r}")

    def _conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression true when the node in variable `v` conforms to the small shape `shape`."""
        path = self.shapes.value(shape, SH.path)
        tests: list[str] = []
        for p, o in self.shapes.predicate_objects(shape):
            if p in _NOT_CONSTRAINTS:
                continue
            if path is None:
                tests.append(self._value_test(p, o, v, shape))
                continue
            pp = self._path(path)
            if p == SH.minCount:
                tests.append(f"EXISTS {{ {v} {pp} ?_q }}" if int(str(o)) == 1 else self._unsupported(p))
            elif p == SH.maxCount and int(str(o)) == 0:
                tests.append(f"NOT EXISTS {{ {v} {pp} ?_q }}")
            elif p == SH.hasValue:
                tests.append(f"EXISTS {{ {v} {pp} {term(o)} }}")
            else:
                tests.append(f"NOT EXISTS {{ {v} {pp} ?_q FILTER (!({self._value_test(p, o, '?_q', shape)})) }}")
        return "(" + " && ".join(tests or ["true"]) + ")"

    def _unsupported(self, p: Node) -> str:
        raise UnsupportedShape(f"nested {p}")

    def _value_test(self, p: Node, o: Node, v: str, shape: Node) -> str:
        """A SPARQL expression true when the value in `v` satisfies constraint `p` with parameter `o`."""
        if p == SH.datatype:
            test = f"(isLiteral({v}) && datatype({v}) = {term(o)}"
            if o in _LEXICAL:
                test += f' && REGEX(STR({v}), "{_LEXICAL[o]}")'
            return test + ")"
        if p == SH["class"]:
            return f"EXISTS {{ {v} a ?_c VALUES ?_c {{ {' '.join(self._subclasses(o))} }} }}"
        if p == SH.nodeKind:
            if o not in _NODE_KIND:
                raise UnsupportedShape(f"node kind {o}")
            return _NODE_KIND[o].format(v=v)
        if p == SH.minLength:
            return f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(str(o))})"
        if p == SH.maxLength:
            return f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(str(o))})"
        if p in _COMPARE:
            return f"COALESCE({v} {_COMPARE[p]} {term(o)}, false)"
        if p == SH.hasValue:
            return f"sameTerm({v}, {term(o)})"
        if p == SH["in"]:
            return f"{v} IN ({', '.join(term(x) for x in Collection(self.shapes, o))})"
        if p == SH.pattern:
            flags = self.shapes.value(shape, SH.flags)
            extra = f', "{flags}"' if flags else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {term(Literal(str(o)))}{extra}))"
        if p == SH.node:
            return self._conforms(o, v)
        raise UnsupportedShape(f"constraint {p}")

    def _focus(self, node_shape: Node) -> str:
        classes = sorted({c for t in self.shapes.objects(node_shape, SH.targetClass) for c in self._subclasses(t)})
        if not classes:
            raise UnsupportedShape(f"{node_shape} has no sh:targetClass")
        return f"?this a ?_t . VALUES ?_t {{ {' '.join(classes)} }}"

    def _message(self, *owners: Node, default: str) -> str:
        for owner in owners:
            m = self.shapes.value(owner, SH.message)
            if m is not None:
                return str(m)
        return default

    def _severity(self, owner: Node) -> str:
        s = self.shapes.value(owner, SH.severity)
        return str(s).rsplit("#", 1)[-1] if s is not None else "Violation"

    def checks(self) -> list[Check]:
        out: list[Check] = []
        for ns in sorted(set(self.shapes.subjects(RDF.type, SH.NodeShape)), key=str):
            if (ns, SH.deactivated, Literal(True)) in self.shapes:
                continue
            out += self._node_checks(ns)
        return out

    def _node_checks(self, ns: Node) -> list[Check]:
        focus, name, sev = self._focus(ns), str(ns), self._severity(ns)
        out: list[Check] = []
        for p, o in self.shapes.predicate_objects(ns):
            if p in _NOT_CONSTRAINTS or p in (SH.targetClass, SH.declare):
                continue
            if p == SH.property:
                out += self._property_checks(ns, o, focus)
            elif p == SH.sparql:
                out.append(self._sparql_check(ns, o))
            elif p in (SH.xone, SH["or"], SH["and"], SH["not"]):
                members = [o] if p == SH["not"] else list(Collection(self.shapes, o))
                flags = [self._conforms(m, "?this") for m in members]
                bad = {
                    SH.xone: "(" + " + ".join(f"IF({f}, 1, 0)" for f in flags) + ") != 1",
                    SH["or"]: "!(" + " || ".join(flags) + ")",
                    SH["and"]: "!(" + " && ".join(flags) + ")",
                    SH["not"]: flags[0],
                }[URIRef(str(p))]
                msg = self._message(ns, default=f"{str(p).rsplit('#', 1)[-1]} constraint not satisfied")
                out.append(Check(name, "", msg, sev, _select(f"{focus} FILTER ({bad})")))
            else:
                test = self._value_test(p, o, "?this", ns)
                msg = self._message(ns, default=f"value does not satisfy {p}")
                out.append(Check(name, "", msg, sev, _select(f"{focus} FILTER (!({test}))")))
        return out

    def _property_checks(self, ns: Node, ps: Node, focus: str) -> list[Check]:
        path_node = self.shapes.value(ps, SH.path)
        if path_node is None:
            raise UnsupportedShape(f"property shape of {ns} without sh:path")
        path = self._path(path_node)
        shown = str(path_node) if isinstance(path_node, URIRef) else path
        sev = self._severity(ps) if self.shapes.value(ps, SH.severity) else self._severity(ns)
        out: list[Check] = []

        def add(query: str, default: str) -> None:
            out.append(Check(str(ns), shown, self._message(ps, default=default), sev, query))

        for p, o in self.shapes.predicate_objects(ps):
            # The common counts are written as lookups rather than GROUP BY: Oxigraph answers them far faster.
            if p in _NOT_CONSTRAINTS:
                continue
            if p == SH.minCount and int(str(o)) == 1:
                add(_select(f"{focus} FILTER NOT EXISTS {{ ?this {path} ?value }}"), "no value")
            elif p == SH.minCount:
                add(
                    _select(f"{focus} OPTIONAL {{ ?this {path} ?value }}", f"COUNT(DISTINCT ?value) < {int(str(o))}"),
                    f"fewer than {int(str(o))} values",
                )
            elif p == SH.maxCount and int(str(o)) == 1:
                add(_select(f"{focus} ?this {path} ?value , ?other . FILTER (?value != ?other)"), "more than one value")
            elif p == SH.maxCount:
                add(
                    _select(f"{focus} ?this {path} ?value", f"COUNT(DISTINCT ?value) > {int(str(o))}"),
                    f"more than {int(str(o))} values",
                )
            elif p == SH.uniqueLang:
                if o == Literal(True):
                    add(
                        _select(
                            f"{focus} ?this {path} ?value , ?other . FILTER (?value != ?other && "
                            f'LANG(?value) != "" && LCASE(LANG(?value)) = LCASE(LANG(?other)))'
                        ),
                        "more than one value in one language",
                    )
            elif p == SH.hasValue:
                add(_select(f"{focus} FILTER NOT EXISTS {{ ?this {path} {term(o)} }}"), "missing value")
            elif p == SH.qualifiedValueShape:
                ok = self._conforms(o, "?value")
                low, high = self.shapes.value(ps, SH.qualifiedMinCount), self.shapes.value(ps, SH.qualifiedMaxCount)
                having = []
                if low is not None:
                    having.append(f"COUNT(DISTINCT ?value) < {int(str(low))}")
                if high is not None:
                    having.append(f"COUNT(DISTINCT ?value) > {int(str(high))}")
                bounds = " || ".join(having or ["false"])
                add(
                    _select(f"{focus} OPTIONAL {{ ?this {path} ?value FILTER ({ok}) }}", bounds),
                    "qualified value count out of range",
                )
            else:
                test = self._value_test(p, o, "?value", ps)
                add(_select(f"{focus} ?this {path} ?value FILTER (!({test}))"), f"value does not satisfy {p}")
        return out

    def _sparql_check(self, ns: Node, c: Node) -> Check:
        select = self.shapes.value(c, SH.select)
        if select is None:
            raise UnsupportedShape(f"sh:sparql of {ns} without sh:select")
        prologue = ""
        for owner in self.shapes.objects(c, SH.prefixes):
            for decl in self.shapes.objects(owner, SH.declare):
                prefix, iri = self.shapes.value(decl, SH.prefix), self.shapes.value(decl, SH.namespace)
                prologue += f"PREFIX {prefix}: <{iri}>\n"
        msg = self._message(c, ns, default="SPARQL constraint not satisfied")
        sev = self._severity(c) if self.shapes.value(c, SH.severity) else self._severity(ns)
        focus = _select(self._focus(ns))
        return Check(str(ns), "", msg, sev, prologue + str(select), focus=focus)


class CompiledShapes:
    """The shapes as SPARQL checks; `validate` answers what pyshacl's validate would, for one document."""

    def __init__(self, shapes: Graph, ontology: Graph | None = None) -> None:
        self.checks = Compiler(shapes, ontology).checks()

    @classmethod
    def from_files(cls, shapes_file: Path, ontology_file: Path) -> CompiledShapes:
        return cls(Graph().parse(shapes_file), Graph().parse(ontology_file))

    def validate(self, store: ox.Store, prefix: str = "") -> dict[str, list[Violation]]:
        """Every result for each named graph of `store` (those whose IRI starts with `prefix`), each graph validated
        on its own, as validate_graph would."""
        out: dict[str, set[Violation]] = {}
        scope = f"FILTER (STRSTARTS(STR(?g), {term(Literal(prefix))}))\n" if prefix else ""
        for check in self.checks:
            if check.focus:
                self._sparql(store, check, out, scope)
                continue
            for row in _rows(store, check.query.replace(_SCOPE, scope)):
                g = row["g"]
                assert isinstance(g, ox.NamedNode)
                out.setdefault(g.value, set()).add(self._violation(store, g, check, row["this"], check.message))
        return {g: sorted(vs, key=_order) for g, vs in out.items()}

    def validate_nquads(self, text: str) -> dict[str, list[Violation]]:
        """Validate the named graphs in N-Quads `text` (the build's own output, so IRIs are not re-checked)."""
        store = ox.Store()
        store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True)
        return self.validate(store)

    def validate_graph(self, data: Graph) -> list[Violation]:
        """One rdflib graph (what validate.validate_graph takes), for tests and small inputs."""
        store = ox.Store()
        store.load(graph_nquads(data, _ONE).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        return self.validate(store).get(_ONE, [])

    def _sparql(self, store: ox.Store, check: Check, out: dict[str, set[Violation]], scope: str) -> None:
        this = ox.Variable("this")
        for focus_row in _rows(store, check.focus.replace(_SCOPE, scope)):
            g, node = focus_row["g"], focus_row["this"]
            assert isinstance(g, ox.NamedNode) and node is not None
            rows = _rows(store, check.query, default_graph=g, substitutions={this: node})
            names = [v.value for v in rows.variables]
            for row in rows:
                message = check.message
                for name in names:
                    value = row[name]
                    if value is not None:
                        message = message.replace(f"{{?{name}}}", value.value).replace(f"{{${name}}}", value.value)
                out.setdefault(g.value, set()).add(self._violation(store, g, check, node, message))

    def _violation(self, store: ox.Store, g: ox.NamedNode, check: Check, focus: object, message: str) -> Violation:
        src, offset = where(store, g, focus) if isinstance(focus, ox.NamedNode) else ("", None)
        value = focus.value if isinstance(focus, ox.NamedNode | ox.BlankNode | ox.Literal) else str(focus)
        return Violation(value, check.path, message, check.shape, check.severity, src, offset)


_ONE = "urn:tradekg:validate:graph"


def _rows(store: ox.Store, query: str, **kwargs: object) -> ox.QuerySolutions:
    rows = store.query(query, **kwargs)  # type: ignore[arg-type]
    assert isinstance(rows, ox.QuerySolutions)
    return rows


def _order(v: Violation) -> tuple[str, int, str, str, str, str]:
    return (v.source, v.offset or 0, v.focus, v.shape, v.path, v.message)


_WHERE = f"""SELECT ?focus ?src ?begin WHERE {{
    {{ ?ev <{RDF.subject}> ?focus ; <{NIF.beginIndex}> ?begin ; <{NIF.referenceContext}> ?ctx .
       OPTIONAL {{ ?doc <{TKG.text}> ?ctx ; <{TKG.sourceFile}> ?src }} }}
    UNION {{ ?d a <{TKG.PolicyDocument}> ; <{TKG.sourceFile}> ?src }}
}} ORDER BY DESC(BOUND(?begin)) ?begin LIMIT 1"""


def where(store: ox.Store, g: ox.NamedNode, focus: ox.NamedNode) -> tuple[str, int | None]:
    """The source file and offset of the first evidence about `focus` in graph `g` (as validate._where does)."""
    for row in _rows(store, _WHERE, default_graph=g, substitutions={ox.Variable("focus"): focus}):
        src, begin = row["src"], row["begin"]
        return (src.value if src is not None else "", int(begin.value) if begin is not None else None)
    return "", None


def load(shapes_file: Path, ontology_file: Path) -> CompiledShapes | None:
    """The compiled shapes, or None when they use a feature only pyshacl can check."""
    try:
        return CompiledShapes.from_files(shapes_file, ontology_file)
    except UnsupportedShape:
        return None
