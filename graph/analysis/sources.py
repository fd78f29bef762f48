"""Where networks get their data: one `Select` function, whatever answers the SPARQL.

A `Select` takes query text and returns SPARQL 1.1 JSON bindings (`{var: {"type", "value", ...}}`) with the default
graph as the union of the named graphs. The embedded store, an open store during a build, a remote endpoint and the
web app's `Service.select` all have this shape, so every network is built by the same code whichever one is asked.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.sparql_http import post_form

Binding = dict[str, dict[str, str]]
JSON_RESULTS = "application/sparql-results+json"
Select = Callable[[str], list[Binding]]


def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, str]:
    """A pyoxigraph term as a SPARQL JSON term object."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def oxigraph_select(store: ox.Store) -> Select:
    """Select over an open pyoxigraph store (read-only or the one a build is writing)."""
    from graph.store import query

    def select(text: str) -> list[Binding]:
        result = query(store, text)
        if result.kind != "select":
            raise QueryError("a network query must be a SELECT")
        rows: list[Binding] = []
        names = result.variables
        for values in result.rows():
            rows.append({n: term_json(v) for n, v in zip(names, values, strict=True) if v is not None})
        return rows

    return select


def store_select(store_dir: Path) -> Select:
    """Select over the build in service in a store folder (opened read-only, once)."""
    from graph.store import open_store

    return oxigraph_select(open_store(store_dir))


def endpoint_json(url: str, text: str, timeout: float = 60) -> dict[str, Any]:
    """The SPARQL JSON results document an endpoint answers `text` with, by the Protocol's POST form; asks
    Oxigraph-style servers for the union default graph (others ignore the parameter)."""
    _, body = post_form(url, [("query", text), ("union-default-graph", "")], timeout, JSON_RESULTS)
    try:
        doc: dict[str, Any] = json.loads(body)
        doc["results"]["bindings"]
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the SPARQL server at {url} did not answer with SPARQL JSON results: {exc}") from None
    return doc


def endpoint_select(url: str, timeout: float = 60) -> Select:
    """Select over any SPARQL 1.1 endpoint (tradekg serve's /sparql, Oxigraph, Fuseki, QLever …)."""

    def select(text: str) -> list[Binding]:
        rows: list[Binding] = endpoint_json(url, text, timeout)["results"]["bindings"]
        return rows

    return select
