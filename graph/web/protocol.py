"""The SPARQL 1.1 Protocol at /sparql as one plain function: a request in, the status, headers and bytes out.

Two adapters call `answer`: the Flask view (graph.web.sparql), for everything a browser may need (pages, redirects,
HTML error pages), and the lean WSGI path (graph.web.lean), which answers query requests without building Flask's
request context. Both hand it a werkzeug `Request`, so parsing, limits and errors are the same on both paths.

Every refusal is a 4xx with a message that says what to change (SPARQL 1.1 Protocol, 2.1.4): more than one query, a
body of the wrong media type, a charset other than UTF-8, a SERVICE not on the allow-list.
"""

from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass

from werkzeug.wrappers import Request

from graph.errors import RequestError, TradeKGError
from graph.web.backend import Service
from graph.web.cache import deterministic
from graph.web.guard import allow_list, client_timeout, screen
from graph.web.workers import Job

log = logging.getLogger("tradekg.query")

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
EXPOSED = "X-Max-Rows, X-Result-Rows, X-Result-Truncated, X-Query-Time, X-Cache, Server-Timing"
# Queries may come from any page (YASGUI elsewhere, notebooks); no credentials are ever allowed.
CORS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Accept, Content-Type, Authorization"),
    ("Access-Control-Expose-Headers", EXPOSED),
    ("Access-Control-Max-Age", "86400"),
)


@dataclass
class Reply:
    """An answer ready for any WSGI adapter: status, headers (CORS included), body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise RequestError(f"give one {name} per request, not {len(values)}")
    return values[0] if values else None


def _body_text(request: Request) -> str:
    """A direct POST body, which the protocol requires to be UTF-8."""
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise RequestError(f"the request body must be UTF-8, not {charset}", 415)
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(f"the request body is not valid UTF-8: {exc}") from None


def read_operation(request: Request) -> tuple[str, str | None]:
    """('query' | 'update', text) from the request, by the rules of the protocol; text None when there is none."""
    if request.method == "GET":
        if "update" in request.args:
            raise RequestError("updates must be sent by POST, never GET")
        return "query", _one(request.args.getlist("query"), "query")
    mimetype = request.mimetype
    if mimetype == FORM:
        queries = request.args.getlist("query") + request.form.getlist("query")
        updates = request.args.getlist("update") + request.form.getlist("update")
        if queries and updates:
            raise RequestError("a request carries a query or an update, not both")
        if updates:
            return "update", _one(updates, "update")
        return "query", _one(queries, "query")
    if mimetype == QUERY:
        return "query", _body_text(request)
    if mimetype == UPDATE:
        return "update", _body_text(request)
    if not mimetype:
        raise RequestError(f"a POST needs a Content-Type: {FORM}, {QUERY} or {UPDATE}", 415)
    raise RequestError(f"unsupported Content-Type {mimetype!r}; use {FORM}, {QUERY} or {UPDATE}", 415)


def _graphs(request: Request, name: str) -> tuple[str, ...] | None:
    values = request.args.getlist(name) + (request.form.getlist(name) if request.mimetype == FORM else [])
    return tuple(values) if values else None


def _check_token(request: Request, token: str) -> None:
    if not token:
        raise RequestError("this endpoint is read-only: SPARQL Update is refused (no update token is configured)", 403)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise RequestError("SPARQL Update needs 'Authorization: Bearer <update token>'", 403)


def answer(request: Request, svc: Service) -> Reply | None:
    """Run the query or update the request carries; None for a GET without one (the service description)."""
    operation, text = read_operation(request)
    if text is None:
        if request.method == "GET":
            return None
        raise RequestError("no query: send query= (or update=) or a SPARQL body")
    update = operation == "update"
    if update:
        _check_token(request, svc.settings.update_token)
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if _graphs(request, name):
                raise RequestError(f"{name} is not supported by this endpoint; use USING in the update itself")
    screened = screen(text, allow_list(svc.settings.service_allow), update=update)
    values = request.values
    timeout = client_timeout(values.get("timeout"), svc.settings.timeout)
    job = Job(
        text=text,
        accept=request.headers.get("Accept"),
        format_name=values.get("format") or None,
        default_graphs=_graphs(request, "default-graph-uri"),
        named_graphs=_graphs(request, "named-graph-uri"),
        max_rows=svc.settings.max_rows,
        base_iri=svc.base,
        update=update,
        screened=screened,
    )
    started = time.perf_counter()
    cache, build, key = svc.cache, "", None
    if cache is not None and not update and deterministic(text):
        build = cache.build()
        key = (job.text, job.accept, job.format_name, job.default_graphs, job.named_graphs, job.max_rows, job.base_iri)
    result = cache.get(build, key) if cache is not None and key is not None else None
    hit = result is not None
    if result is None:
        try:
            result = svc.run(job, timeout)
        except TradeKGError as exc:
            _log(text, getattr(exc, "status", 500), time.perf_counter() - started, 0)
            raise
        if cache is not None and key is not None:
            cache.put(build, key, result)
    elapsed = time.perf_counter() - started
    _log(text, 200, elapsed, result.rows, hit)
    headers: list[tuple[str, str]] = []
    if result.kind != "update":  # an empty graph is still Turtle (or whatever was asked for), never text/html
        headers.append(("Content-Type", result.content_type))
    headers.append(("X-Query-Time", f"{elapsed:.4f}"))
    if key is not None:
        headers.append(("X-Cache", "hit" if hit else "miss"))
    if result.kind in ("select", "graph"):
        headers.append(("X-Max-Rows", str(svc.settings.max_rows)))
        headers.append(("X-Result-Rows", str(result.rows)))
        headers.append(("X-Result-Truncated", "true" if result.truncated else "false"))
    headers.append(("Vary", "Accept"))
    headers.extend(CORS)
    if result.kind == "update":
        return Reply(204, headers, b"")
    return Reply(200, headers, result.body)


def _log(text: str, status: int, seconds: float, rows: int, cached: bool = False) -> None:
    if not log.isEnabledFor(logging.INFO):
        return
    first = " ".join(text.split())[:160]
    log.info("status=%s time=%.3fs rows=%s cache=%s query=%r", status, seconds, rows, "hit" if cached else "-", first)
