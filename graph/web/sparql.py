"""The SPARQL 1.1 Protocol endpoint at /sparql, as a Flask view: queries by GET, form POST and direct POST; updates
only with a token. A GET without a query answers with the service description (browsers go to the query page).

The protocol itself is `graph.web.protocol.answer`; query requests that need no page usually reach it through the lean
WSGI path (graph.web.lean) and never come here. This view serves the rest: the service description, CORS
preflights, HEAD, and clients that prefer HTML (whose errors are pages).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from graph.web import describe, protocol
from graph.web.backend import Service

bp = Blueprint("sparql", __name__)


def service() -> Service:
    svc: Service = current_app.extensions["tradekg"]
    return svc


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return _cors(Response(status=204))
    reply = protocol.answer(request, service())
    if reply is None:
        return _cors(describe.service_description(service()))
    resp = Response(reply.body, reply.status)
    if reply.status == 204:
        del resp.headers["Content-Type"]
    for name, value in reply.headers:
        resp.headers[name] = value
    return resp


def _cors(resp: Response) -> Response:
    for name, value in protocol.CORS:
        resp.headers[name] = value
    return resp


@bp.route("/void")
@bp.route("/.well-known/void")
def void() -> Response:
    """The dataset's VoID description (counts, class partitions, dumps), by content negotiation."""
    return _cors(describe.void_description(service()))
