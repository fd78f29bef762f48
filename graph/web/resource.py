"""What a resource page shows, as plain data: labels, types and every link in and out, grouped by property.

One SELECT gathers the outgoing and incoming statements of a resource with the labels of the nodes at the other
end and of the properties (from the ontology graph), so a page costs one query whatever the resource is; nothing
here knows today's classes or properties beyond the few label properties of SKOS/RDFS. The result is a dict that
is both the template's input and the page's JSON twin.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from graph.prefixes import PREFIXES, sparql_prefixes
from graph.web.backend import Service

RDF_TYPE = PREFIXES["rdf"] + "type"
LABELS = {
    PREFIXES["skos"] + "prefLabel": "prefLabel",
    PREFIXES["skos"] + "altLabel": "altLabel",
    PREFIXES["rdfs"] + "label": "label",
}
# Characters that may not appear in an IRI reference (RFC 3987 / SPARQL IRIREF): such IRIs are percent-encoded.
_NOT_IN_IRI = set('<>"{}|^`\\ ') | {chr(c) for c in range(0x21)}
MAX_IRI = 2000

LINKS = """
SELECT ?dir ?p ?o (SAMPLE(?oen) AS ?en) (SAMPLE(?ozh) AS ?zh) (SAMPLE(?pen) AS ?plabel) (SAMPLE(?pzh) AS ?plabelzh)
       (SAMPLE(?snippet) AS ?note) (GROUP_CONCAT(DISTINCT STR(?sup); separator=" ") AS ?supers)
WHERE {
  { <%(iri)s> ?p ?o . BIND("out" AS ?dir) } UNION { ?o ?p <%(iri)s> . BIND("in" AS ?dir) }
  OPTIONAL { ?o skos:prefLabel ?l1 FILTER(lang(?l1) = "" || langMatches(lang(?l1), "en")) }
  OPTIONAL { ?o rdfs:label|dcterms:title|eli:title|nif:anchorOf ?l2
             FILTER(lang(?l2) = "" || langMatches(lang(?l2), "en")) }
  BIND(COALESCE(?l1, ?l2) AS ?oen)
  OPTIONAL { ?o skos:prefLabel|rdfs:label ?ozh FILTER(langMatches(lang(?ozh), "zh")) }
  OPTIONAL { ?o eli:description ?d BIND(SUBSTR(?d, 1, 160) AS ?snippet) }
  OPTIONAL { ?p rdfs:label ?pen FILTER(langMatches(lang(?pen), "en")) }
  OPTIONAL { ?p rdfs:label ?pzh FILTER(langMatches(lang(?pzh), "zh")) }
  OPTIONAL { ?p rdfs:subPropertyOf ?sup FILTER(?sup != ?p) }
}
GROUP BY ?dir ?p ?o
ORDER BY DESC(?dir) ?p ?o
LIMIT %(limit)d
"""


def iri_of(base: str, rest: str) -> str | None:
    """The IRI a path under /id/ names, or None when no IRI of ours can look like that (too long, not an IRI)."""
    if len(rest) > MAX_IRI:
        return None
    encoded = "".join(quote(c, safe="") if c in _NOT_IN_IRI else c for c in rest)
    return f"{base}id/{encoded}"


def href(iri: str, base: str) -> str | None:
    """The local page of an IRI under the base (None for external IRIs, which stay external links)."""
    prefix = base + "id/"
    if iri.startswith(prefix):
        return "/id/" + quote(iri[len(prefix) :], safe="/:@!$&'()*+,;=-._~%")
    return None


def short(iri: str) -> str:
    """A prefixed name (eli:is_part_of) when a common prefix applies, else the IRI: what a reader can scan."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix != "id":
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def readable(iri: str) -> str:
    """A property's name when the ontology gives no label: its local name, split into words."""
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in local).replace("_", " ")
    return words.strip() or iri


def term(binding: dict[str, str], base: str, en: str | None = None, zh: str | None = None) -> dict[str, Any]:
    """A SPARQL-JSON term as the page shows it: IRIs with label and local link, literals with language tag."""
    if binding["type"] == "uri":
        out: dict[str, Any] = {"iri": binding["value"], "href": href(binding["value"], base)}
        local = href(binding["value"], base)
        out["label"] = en or zh or (local[len("/id/") :] if local else short(binding["value"]))
        if zh and zh != out["label"]:
            out["label_zh"] = zh
        return out
    if binding["type"] == "bnode":
        return {"bnode": binding["value"]}
    out = {"value": binding["value"]}
    if binding.get("xml:lang"):
        out["lang"] = binding["xml:lang"]
    elif binding.get("datatype"):
        out["datatype"] = short(binding["datatype"])
    return out


def describe(svc: Service, iri: str, limit: int) -> dict[str, Any] | None:
    """The page data of `iri`, or None when the store holds no statement about it."""
    rows = svc.select(sparql_prefixes() + LINKS % {"iri": iri, "limit": limit + 1}, max_rows=limit + 1)
    if not rows:
        return None
    truncated = len(rows) > limit
    base = svc.base
    labels: dict[str, list[dict[str, str]]] = {}
    types: list[dict[str, Any]] = []
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    implied: set[tuple[str, str, str]] = set()
    for row in rows[:limit]:
        p, o, direction = row["p"]["value"], row["o"], row["dir"]["value"]
        value = term(o, base, _v(row, "en"), _v(row, "zh"))
        if _v(row, "note"):
            value["note"] = _v(row, "note")
        if direction == "out" and p == RDF_TYPE:
            types.append(value)
            continue
        if direction == "out" and p in LABELS and "value" in o:
            labels.setdefault(o.get("xml:lang", ""), []).append({"kind": LABELS[p], "value": o["value"]})
        group = groups.setdefault(
            (direction, p),
            {
                "direction": direction,
                "property": p,
                "short": short(p),
                "label": _v(row, "plabel") or readable(p),
                "label_zh": _v(row, "plabelzh"),
                "values": [],
            },
        )
        group["values"].append(value)
        for sup in (_v(row, "supers") or "").split():
            implied.add((direction, sup, o["value"]))
    _drop_implied(groups, implied)
    return {
        "iri": iri,
        "label": title(labels, iri),
        "labels": labels,
        "types": types,
        "out": [g for (d, _), g in groups.items() if d == "out"],
        "in": [g for (d, _), g in groups.items() if d == "in"],
        "truncated": truncated,
        "limit": limit,
    }


def _drop_implied(groups: dict[tuple[str, str], dict[str, Any]], implied: set[tuple[str, str, str]]) -> None:
    """Statements the build materialised from a sub-property (eli:is_part_of from tkg:inDocument) say nothing new
    on a page: they are left out of their group and counted, and a group left empty disappears. The RDF twins keep
    them."""
    for key in list(groups):
        group = groups[key]
        kept = [v for v in group["values"] if (key[0], key[1], v.get("iri", v.get("value"))) not in implied]
        group["implied"] = len(group["values"]) - len(kept)
        group["values"] = kept
        if not kept:
            del groups[key]


def _v(row: dict[str, dict[str, str]], name: str) -> str | None:
    return row[name]["value"] if name in row else None


def title(labels: dict[str, list[dict[str, str]]], iri: str) -> str:
    """The heading: an English preferred label, else any preferred label, else any label, else the IRI's tail."""
    ranked = sorted(
        ((lang, item) for lang, items in labels.items() for item in items),
        key=lambda li: (li[1]["kind"] != "prefLabel", li[1]["kind"] == "altLabel", li[0] not in ("en", "")),
    )
    return ranked[0][1]["value"] if ranked else iri.rstrip("/").rsplit("/", 1)[-1]


def values_of(page: dict[str, Any], prop: str, direction: str = "out") -> list[dict[str, Any]]:
    """The values of one property in page data (empty when absent)."""
    for group in page[direction]:
        if group["property"] == prop:
            values: list[dict[str, Any]] = group["values"]
            return values
    return []
