"""The SPARQL 1.1 Protocol endpoint at /sparql: queries by GET, form POST and direct POST; updates only with a token.

Every refusal is a 4xx with a message that says what to change (SPARQL 1.1 Protocol, 2.1.4): more than one query, a
body of the wrong media type, a charset other than UTF-8, a SERVICE not on the allow-list. A GET without a query
answers with the service description.
"""

from __future__ import annotations

import hmac
import logging
import time

from flask import Blueprint, Response, current_app, request

from graph.errors import RequestError, TradeKGError
from graph.web import describe
from graph.web.backend import Service
from graph.web.cache import deterministic
from graph.web.guard import allow_list, client_timeout, screen
from graph.web.workers import Job

bp = Blueprint("sparql", __name__)
log = logging.getLogger("tradekg.query")

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
EXPOSED = "X-Max-Rows, X-Result-Rows, X-Result-Truncated, X-Query-Time, X-Cache, Server-Timing"


def service() -> Service:
    svc: Service = current_app.extensions["tradekg"]
    return svc


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise RequestError(f"give one {name} per request, not {len(values)}")
    return values[0] if values else None


def _body_text() -> str:
    """A direct POST body, which the protocol requires to be UTF-8."""
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise RequestError(f"the request body must be UTF-8, not {charset}", 415)
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(f"the request body is not valid UTF-8: {exc}") from None


def read_operation() -> tuple[str, str | None]:
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
        return "query", _body_text()
    if mimetype == UPDATE:
        return "update", _body_text()
    if not mimetype:
        raise RequestError(f"a POST needs a Content-Type: {FORM}, {QUERY} or {UPDATE}", 415)
    raise RequestError(f"unsupported Content-Type {mimetype!r}; use {FORM}, {QUERY} or {UPDATE}", 415)


def _graphs(name: str) -> tuple[str, ...] | None:
    values = request.args.getlist(name) + (request.form.getlist(name) if request.mimetype == FORM else [])
    return tuple(values) if values else None


def _check_token() -> None:
    token = service().settings.update_token
    if not token:
        raise RequestError("this endpoint is read-only: SPARQL Update is refused (no update token is configured)", 403)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise RequestError("SPARQL Update needs 'Authorization: Bearer <update token>'", 403)


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return _cors(Response(status=204))
    operation, text = read_operation()
    svc = service()
    if text is None:
        if request.method == "GET":
            return _cors(describe.service_description(svc))
        raise RequestError("no query: send query= (or update=) or a SPARQL body")
    if operation == "update":
        _check_token()
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if _graphs(name):
                raise RequestError(f"{name} is not supported by this endpoint; use USING in the update itself")
    screened = screen(text, allow_list(svc.settings.service_allow), update=operation == "update")
    timeout = client_timeout(request.values.get("timeout"), svc.settings.timeout)
    job = Job(
        text=text,
        accept=request.headers.get("Accept"),
        format_name=request.values.get("format") or None,
        default_graphs=_graphs("default-graph-uri"),
        named_graphs=_graphs("named-graph-uri"),
        max_rows=svc.settings.max_rows,
        base_iri=svc.base,
        update=operation == "update",
        screened=screened,
    )
    started = time.perf_counter()
    cache, build, key = svc.cache, "", None
    if cache is not None and not job.update and deterministic(text):
        build = cache.build()
        key = (job.text, job.accept, job.format_name, job.default_graphs, job.named_graphs, job.max_rows, job.base_iri)
    answer = cache.get(build, key) if cache is not None and key is not None else None
    hit = answer is not None
    if answer is None:
        try:
            answer = svc.run(job, timeout)
        except TradeKGError as exc:
            _log(text, getattr(exc, "status", 500), time.perf_counter() - started, 0)
            raise
        if cache is not None and key is not None:
            cache.put(build, key, answer)
    elapsed = time.perf_counter() - started
    _log(text, 200, elapsed, answer.rows, hit)
    if answer.kind == "update":
        resp = Response(status=204)
    else:  # an empty graph is still Turtle (or whatever was asked for), never the default text/html
        resp = Response(answer.body, 200, content_type=answer.content_type)
    resp.headers["X-Query-Time"] = f"{elapsed:.4f}"
    if key is not None:
        resp.headers["X-Cache"] = "hit" if hit else "miss"
    if answer.kind in ("select", "graph"):
        resp.headers["X-Max-Rows"] = str(svc.settings.max_rows)
        resp.headers["X-Result-Rows"] = str(answer.rows)
        resp.headers["X-Result-Truncated"] = "true" if answer.truncated else "false"
    resp.headers["Vary"] = "Accept"
    return _cors(resp)


def _cors(resp: Response) -> Response:
    """Queries may come from any page (YASGUI elsewhere, notebooks); no credentials are ever allowed."""
    resp.headers["Access-Control-Allow-Origin"] = "*"
    resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    resp.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
    resp.headers["Access-Control-Expose-Headers"] = EXPOSED
    resp.headers["Access-Control-Max-Age"] = "86400"
    return resp


def _log(text: str, status: int, seconds: float, rows: int, cached: bool = False) -> None:
    first = " ".join(text.split())[:160]
    log.info("status=%s time=%.3fs rows=%s cache=%s query=%r", status, seconds, rows, "hit" if cached else "-", first)


@bp.route("/void")
@bp.route("/.well-known/void")
def void() -> Response:
    """The dataset's VoID description (counts, class partitions, dumps), by content negotiation."""
    return _cors(describe.void_description(service()))
