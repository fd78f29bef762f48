"""The application factory: one blueprint per feature, one error handler.

`create_app` only wires things: the query service (embedded store or remote server) lives in
`app.extensions["tradekg"]`; each blueprint adapts library functions to HTTP. Nothing here extracts text.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from graph import __version__
from graph.errors import TradeKGError
from graph.settings import Settings
from graph.web.backend import Service

log = logging.getLogger("tradekg.web")


def create_app(settings: Settings | None = None, store_dir: Path | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Chinese labels stay readable in JSON twins
    service = Service(settings, store_dir)
    app.extensions["tradekg"] = service

    from graph.web import sparql

    app.register_blueprint(sparql.bp)
    for name in ("ui", "browse", "search", "downloads", "viz"):
        _register_optional(app, name)

    @app.before_request
    def _start_clock() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _headers(resp: Response) -> Response:
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        resp.headers["Server-Timing"] = f"app;dur={elapsed * 1000:.1f}"
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        return resp

    @app.context_processor
    def _features() -> dict[str, object]:
        """Pages link only to features this server has (a blueprint not yet built is not in the nav)."""
        return {"features": set(app.blueprints), "version": __version__}

    app.register_error_handler(TradeKGError, _tradekg_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)

    from graph.web.lean import LeanSparql

    app.wsgi_app = LeanSparql(app, service)  # type: ignore[method-assign]
    return app


def _register_optional(app: Flask, name: str) -> None:
    """Blueprints that exist register themselves; a feature not yet built is simply absent."""
    import importlib

    try:
        module = importlib.import_module(f"graph.web.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"graph.web.{name}":
            raise
        return
    app.register_blueprint(module.bp)


def problem(message: str, status: int) -> Response:
    """The one shape of an error answer: a page for browsers, JSON for JSON clients, plain text for the rest."""
    from graph.web import conneg

    accept = request.headers.get("Accept")
    if conneg.prefers_html(accept):
        from flask import render_template

        body = render_template("error.html", status=status, message=message, version=__version__)
        resp = Response(body, status, mimetype="text/html")
    else:
        text, mimetype = plain_problem(message, status, accept)
        resp = Response(text, status, mimetype=mimetype)
    _cors(resp)
    return resp


def plain_problem(message: str, status: int, accept: str | None) -> tuple[str, str]:
    """(body, media type) of an error answer for a client that does not want a page: JSON or plain text."""
    import json

    from graph.web import conneg

    ranges = conneg.parse_accept(accept)
    if any(r.subtype == "json" for r in ranges) and not any(r.type == "*" for r in ranges):
        return json.dumps({"status": status, "error": message}, ensure_ascii=False), "application/json"
    return message.rstrip() + "\n", "text/plain"


def _cors(resp: Response) -> None:
    resp.headers["Access-Control-Allow-Origin"] = "*"


def _tradekg_error(exc: TradeKGError) -> Response:
    status = getattr(exc, "status", 500)
    if status >= 500:
        log.warning("%s %s -> %s: %s", request.method, request.path, status, exc)
    return problem(str(exc), status)


def _http_error(exc: HTTPException) -> Response:
    resp = problem(exc.description or exc.name, exc.code or 500)
    if exc.code == 405 and exc.valid_methods:  # type: ignore[attr-defined]
        resp.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
    return resp


def _unexpected(exc: Exception) -> Response:
    """Never a traceback to a client: the log gets it, the client gets a short message."""
    log.exception("unexpected error on %s %s", request.method, request.path)
    return problem("internal error; the server log has the details", 500)
