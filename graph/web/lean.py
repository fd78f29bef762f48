"""The lean path: a WSGI callable in front of Flask that answers query requests at /sparql itself.

A point lookup costs Oxigraph a fraction of a millisecond, and Flask's request context, URL matching, session,
hooks and response object cost more than that again on every request. So GET and POST requests to /sparql from
clients that do not prefer HTML go straight to `protocol.answer` with a plain werkzeug request (the same parsing,
limits, cache, time limit and log line as the Flask view), and get the same headers: CORS, Server-Timing, nosniff.
Everything else (pages, the service description, CORS preflights, HEAD, browsers) is handed to Flask unchanged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Request

from graph.errors import TradeKGError
from graph.web import conneg, protocol
from graph.web.backend import Service

log = logging.getLogger("tradekg.web")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
STATUS_LINES = {code: f"{code} {reason}" for code, reason in HTTP_STATUS_CODES.items()}
PATH = "/sparql"


class LeanSparql:
    """`app.wsgi_app` replaced by this: /sparql queries answered here, the rest passed to `inner` (Flask)."""

    def __init__(self, app: Flask, svc: Service) -> None:
        self.inner: WSGIApp = app.wsgi_app
        self.svc = svc
        config = app.config
        # the request limits Flask applies to its own requests, so both paths refuse the same bodies
        self.request_class = type(
            "LeanRequest",
            (Request,),
            {
                "max_content_length": config["MAX_CONTENT_LENGTH"],
                "max_form_memory_size": config["MAX_FORM_MEMORY_SIZE"],
                "max_form_parts": config["MAX_FORM_PARTS"],
            },
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("PATH_INFO") != PATH
            or environ.get("REQUEST_METHOD") not in ("GET", "POST")
            or conneg.prefers_html(environ.get("HTTP_ACCEPT"))
        ):
            return self.inner(environ, start_response)
        started = time.perf_counter()
        request = self.request_class(environ)
        try:
            reply = protocol.answer(request, self.svc)
        except TradeKGError as exc:
            status = getattr(exc, "status", 500)
            if status >= 500:
                log.warning("%s %s -> %s: %s", request.method, PATH, status, exc)
            reply = _problem(str(exc), status, request)
        except HTTPException as exc:  # a body over the size limits, a form that cannot be read
            reply = _problem(exc.description or exc.name, exc.code or 500, request)
        except Exception:  # never a traceback to a client: the log gets it
            log.exception("unexpected error on %s %s", request.method, PATH)
            reply = _problem("internal error; the server log has the details", 500, request)
        if reply is None:  # a GET without a query: the service description, which Flask writes
            return self.inner(environ, start_response)
        body = reply.body
        headers = reply.headers
        headers.append(("Content-Length", str(len(body))))
        headers.append(("Server-Timing", f"app;dur={(time.perf_counter() - started) * 1000:.1f}"))
        headers.append(("X-Content-Type-Options", "nosniff"))
        start_response(STATUS_LINES.get(reply.status) or f"{reply.status} Error", headers)
        return [body]


def _problem(message: str, status: int, request: Request) -> protocol.Reply:
    from graph.web.app import plain_problem

    text, mimetype = plain_problem(message, status, request.headers.get("Accept"))
    content_type = mimetype + ("; charset=utf-8" if mimetype.startswith("text/") else "")
    headers = [("Content-Type", content_type), ("Access-Control-Allow-Origin", "*")]
    return protocol.Reply(status, headers, text.encode("utf-8"))
