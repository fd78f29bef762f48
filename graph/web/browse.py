"""Linked data: every IRI under the base dereferences at /id/<path> — a page for people, RDF and JSON for programs.

The format comes from an extension (`.ttl`, `.jsonld`, `.nt`, `.rdf`, `.json`), else `?format=`, else `Accept`
(the one conneg table; `application/json` alone means the page's JSON twin, not JSON-LD). RDF twins are a
CONSTRUCT of the resource's outgoing and incoming statements within the row cap; pages are a few SELECTs through
the query service, so they obey its time limits and work on a remote SPARQL server too. An IRI nothing is said
about is a 404 through the app's one error handler.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from graph import __version__
from graph.errors import RequestError
from graph.namespaces import TKG, sparql_prefixes
from graph.web import conneg, evidence, resource
from graph.web.backend import Service

bp = Blueprint("browse", __name__, template_folder="templates")

PAGE_ROWS = 2000  # statements one page lists (the RDF twins carry up to the endpoint's max_rows)
EXTENSIONS = {"ttl": "turtle", "jsonld": "jsonld", "nt": "nt", "rdf": "rdfxml", "json": "json"}
# Shown first on any resource that has them (measures above all); every other property follows generically.
KEY_FACTS = (
    TKG.inDocument,
    TKG.inSection,
    TKG.numbering,
    TKG.leadUnit,
    TKG.cooperatingUnit,
    TKG.responsibleUnit,
    TKG.theme,
    TKG.appliesToZone,
    TKG.appliesToZoneType,
    TKG.referencesAgreement,
)
ROLE_PROPERTIES = (TKG.leadUnit, TKG.cooperatingUnit, TKG.responsibleUnit)
DESCRIBE = "CONSTRUCT { <%(iri)s> ?p ?o . ?s ?q <%(iri)s> } WHERE { { <%(iri)s> ?p ?o } UNION { ?s ?q <%(iri)s> } }"


def _svc() -> Service:
    service: Service = current_app.extensions["tradekg"]
    return service


def _not_found(iri: str) -> RequestError:
    return RequestError(f"nothing is known about <{iri}> in this graph", 404)


@bp.get("/id/<path:rest>")
def resource_page(rest: str) -> Response:
    name = request.args.get("format")
    stem, dot, ext = rest.rpartition(".")
    if dot and "/" not in ext and ext in EXTENSIONS:
        rest, name = stem, EXTENSIONS[ext]
    svc = _svc()
    iri = resource.iri_of(svc.base, rest)
    if iri is None:
        raise RequestError("no resource of this graph has an IRI like this", 404)
    wanted = _wanted(name)
    if wanted == "json":
        return _cors(jsonify(_page_data(svc, iri)))
    if isinstance(wanted, conneg.Format):
        return _rdf(svc, iri, wanted)
    return _html(svc, iri, rest)


def _wanted(name: str | None) -> conneg.Format | str:
    """'json', 'html' or an RDF format, from a format name or the Accept header; 406 when none fits."""
    if name and name.lower() in ("json", "html"):
        return name.lower()
    accept = request.headers.get("Accept")
    if not name:
        ranges = conneg.parse_accept(accept)
        q_json = max((r.q for r in ranges if (r.type, r.subtype) == ("application", "json")), default=0.0)
        q_rdf = max((r.q for r in ranges if r.subtype in ("ld+json", "turtle", "n-triples", "rdf+xml")), default=0.0)
        if q_json > 0 and q_json >= q_rdf and not conneg.prefers_html(accept, q_json):
            return "json"
    fmt = conneg.choose(conneg.RDF, accept, name, html=True)
    if fmt is not None:
        return fmt
    if conneg.prefers_html(accept) or not name:
        return "html"
    raise RequestError("this resource is available as HTML, json, " + ", ".join(conneg.names(conneg.RDF)), 406)


def _rdf(svc: Service, iri: str, fmt: conneg.Format) -> Response:
    answer = svc.graph(DESCRIBE % {"iri": iri}, fmt.name)
    if answer.rows == 0:
        raise _not_found(iri)
    resp = Response(answer.body, 200, content_type=fmt.content_type)
    resp.headers["X-Max-Rows"] = str(svc.settings.max_rows)
    resp.headers["X-Result-Truncated"] = "true" if answer.truncated else "false"
    resp.headers["Vary"] = "Accept"
    return _cors(resp)


def _page_data(svc: Service, iri: str) -> dict[str, Any]:
    page = resource.describe(svc, iri, PAGE_ROWS)
    if page is None:
        raise _not_found(iri)
    page["key_facts"] = [g for p in KEY_FACTS for g in page["out"] if g["property"] == str(p)]
    page["roles"] = _roles(page)
    if resource.values_of(page, str(TKG.text)):
        text = evidence.document_text(svc, iri)
        page["document_text"] = text.__dict__ if text else None
        page["passages"], page["passages_truncated"] = [], False
    else:
        found, cut = evidence.passages(svc, iri)
        page["passages"], page["passages_truncated"] = [p.__dict__ for p in found], cut
        page["document_text"] = None
    records = [r for p in page["passages"] for r in p["records"]]
    if page["document_text"]:
        records = page["document_text"]["records"]
    page["legend"], page["legend_css"] = evidence.legend(records)
    return page


def _roles(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The measures an organisation is responsible for, each with its roles (lead, cooperating, responsible)."""
    rows: dict[str, dict[str, Any]] = {}
    for prop in ROLE_PROPERTIES:
        for group in page["in"]:
            if group["property"] == str(prop):
                for value in group["values"]:
                    row = rows.setdefault(value.get("iri", ""), {"measure": value, "roles": []})
                    row["roles"].append(group["label"])
    return list(rows.values())


def _html(svc: Service, iri: str, rest: str) -> Response:
    page = _page_data(svc, iri)
    body = render_template("browse/resource.html", page=page, rest=rest, version=__version__)
    resp = Response(body, 200, mimetype="text/html")
    resp.headers["Vary"] = "Accept"
    return resp


def _cors(resp: Response) -> Response:
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


KINDS = """
SELECT ?c (COUNT(DISTINCT ?s) AS ?n) (SAMPLE(?en) AS ?label) (SAMPLE(?zh) AS ?label_zh) WHERE {
  ?s a ?c FILTER(STRSTARTS(STR(?s), "%(prefix)s"))
  ?c rdfs:label ?en FILTER(langMatches(lang(?en), "en"))
  OPTIONAL { ?c rdfs:label ?zh FILTER(langMatches(lang(?zh), "zh")) }
} GROUP BY ?c ORDER BY DESC(?n) ?c
"""
MEMBERS = """
SELECT ?s (SAMPLE(COALESCE(?l1, ?l2)) AS ?en) (SAMPLE(?zh) AS ?label_zh) WHERE {
  ?s a <%(cls)s> FILTER(STRSTARTS(STR(?s), "%(prefix)s"))
  OPTIONAL { ?s skos:prefLabel|rdfs:label ?l1 FILTER(langMatches(lang(?l1), "en")) }
  OPTIONAL { ?s skos:prefLabel|rdfs:label|dcterms:title|tkg:heading ?l2 }
  OPTIONAL { ?s skos:prefLabel|rdfs:label ?zh FILTER(langMatches(lang(?zh), "zh")) }
} GROUP BY ?s ORDER BY LCASE(STR(?en)) ?s LIMIT %(limit)d
"""


@bp.get("/id/")
def index() -> Response:
    """The kinds of things the graph holds, with counts; `?type=<class IRI>` lists the members of one."""
    svc = _svc()
    prefix = svc.base + "id/"
    cls = request.args.get("type")
    data: dict[str, Any] = {"base": prefix}
    if cls:
        if resource.iri_of("", cls) != "id/" + cls or ":" not in cls:
            raise RequestError("type= takes a class IRI", 400)
        rows = svc.select(sparql_prefixes() + MEMBERS % {"cls": cls, "prefix": prefix, "limit": PAGE_ROWS + 1})
        data["type"] = cls
        data["members"] = [
            resource.term(r["s"], svc.base, r.get("en", {}).get("value"), r.get("label_zh", {}).get("value"))
            for r in rows[:PAGE_ROWS]
        ]
        data["truncated"] = len(rows) > PAGE_ROWS
    else:
        rows = svc.select(sparql_prefixes() + KINDS % {"prefix": prefix})
        data["kinds"] = [
            {
                "class": r["c"]["value"],
                "count": int(r["n"]["value"]),
                "label": r["label"]["value"],
                "label_zh": r.get("label_zh", {}).get("value"),
            }
            for r in rows
        ]
    if _wanted(request.args.get("format")) != "html":
        return _cors(jsonify(data))
    return Response(render_template("browse/index.html", data=data, version=__version__), 200, mimetype="text/html")
