"""Serve from another SPARQL 1.1 server (Oxigraph, Fuseki, QLever…) instead of the embedded store.

The job is forwarded with the SPARQL 1.1 Protocol; the answer is parsed back into pyoxigraph results and written by
the same code as embedded answers, so row caps, formats and headers do not depend on which server sits behind. The
remote server does the work, so the time limit is enforced on the HTTP request (the remote query may go on running
there: say so to whoever runs that server).
"""

from __future__ import annotations

import io

import pyoxigraph as ox

from graph.errors import StoreError
from graph.prefixes import PREFIXES
from graph.sparql_http import post_form
from graph.web.answers import Answer, render
from graph.web.execute import has_dataset_clause
from graph.web.guard import check_calls, engine_parser
from graph.web.workers import Job

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_PARSERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_RDF = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}


def _prologue(text: str, base_iri: str | None) -> str:
    """Our base IRI and default prefixes, declared for servers that do not know them: relative IRIs resolve as
    they do in the embedded store, not against the other server's URL (a BASE in the query, coming later, wins)."""
    declared = {v.rstrip(":").lower() for k, v in _pairs(text)}
    base = f"BASE <{base_iri}>\n" if base_iri else ""
    return base + "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p.lower() not in declared) + text


def _pairs(text: str) -> list[tuple[str, str]]:
    from graph.web.guard import tokens

    toks = list(tokens(text))
    return [(toks[i][1], toks[i + 1][1]) for i in range(len(toks) - 1) if toks[i][1].upper() == "PREFIX"]


class RemoteBackend:
    """A SPARQL endpoint URL (and its update URL) standing in for the query pool."""

    def __init__(self, url: str, update_url: str | None = None) -> None:
        self.url = url
        self.update_url = update_url or url
        self.size = 0

    def run(self, job: Job, timeout: float) -> Answer:
        if job.update:
            self._send(self.update_url, {"update": _prologue(job.text, job.base_iri)}, timeout, "*/*")
            return Answer(b"", "text/plain; charset=utf-8", "update")
        if not job.screened:  # the other server would make the call: check here, on an empty dataset
            check_calls(job.text, engine_parser(job.base_iri))
        params: list[tuple[str, str]] = [("query", _prologue(job.text, job.base_iri))]
        params += [("default-graph-uri", g) for g in job.default_graphs or ()]
        params += [("named-graph-uri", g) for g in job.named_graphs or ()]
        if job.default_graphs is None and job.named_graphs is None and not has_dataset_clause(job.text):
            params.append(("union-default-graph", ""))  # Oxigraph's server; others ignore unknown parameters
        content_type, body = self._send(self.url, params, timeout, _ACCEPT)
        media = content_type.split(";")[0].strip().lower()
        if media in _PARSERS:  # parsed again from the bytes if the answer has to be capped row by row

            def again() -> ox.QuerySolutions | ox.QueryBoolean:
                return ox.parse_query_results(io.BytesIO(body), _PARSERS[media])

            return render(again(), job.accept, job.format_name, job.max_rows, again)
        if media in _RDF:
            triples = [q.triple for q in ox.parse(io.BytesIO(body), _RDF[media])]
            return render(_TripleList(triples), job.accept, job.format_name, job.max_rows)  # type: ignore[arg-type]
        raise StoreError(f"the SPARQL server at {self.url} answered with an unexpected type {media!r}")

    def _send(self, url: str, params: object, timeout: float, accept: str) -> tuple[str, bytes]:
        return post_form(url, params, timeout, accept)  # type: ignore[arg-type]

    def close(self) -> None:
        return None


class _TripleList(list[ox.Triple]):
    """Parsed CONSTRUCT triples, standing in for a QueryTriples iterator."""
