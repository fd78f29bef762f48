"""The query page at `/`: YASGUI served from our own host, with the named queries of ontology/queries/ as examples.

YASGUI comes from the npm registry at set-up (`package.json`, pinned, `npm ci` in the Makefile) and is served from
`node_modules` under a URL that carries its version, so browsers may cache it forever and the page works offline:
no CDN, no web fonts, no prefix or vocabulary look-ups (the page turns YASGUI's LOV autocompleters off). The examples
have a machine twin at `/queries.json`, and each query is plain text at `/queries/<name>.rq`.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from graph import __version__
from graph.prefixes import PREFIXES
from graph.queries import NamedQuery
from graph.queries import load as load_queries
from graph.web.backend import Service
from graph.web.vendor import YEAR, Vendor, installed, send

bp = Blueprint("ui", __name__)


def yasgui() -> Vendor | None:
    """The installed YASGUI, or None when `npm ci` has not run (the page then offers a plain query form)."""
    return installed("yasgui")


def _service() -> Service:
    svc: Service = current_app.extensions["tradekg"]
    return svc


def _examples() -> list[NamedQuery]:
    return load_queries(_service().settings.queries_dir)


def _example_doc(nq: NamedQuery) -> dict[str, str]:
    return {
        "name": nq.name,
        "title": nq.title,
        "description": nq.description,
        "url": url_for("ui.query_text", name=nq.name, _external=True),
        "page": url_for("ui.index", _external=True) + f"#query={nq.name}",
        "query": nq.text,
    }


@bp.route("/")
def index() -> str:
    examples = _examples()
    return render_template(
        "ui/index.html",
        version=__version__,
        yasgui=yasgui(),
        examples=examples,
        examples_json=[_example_doc(nq) for nq in examples],
        endpoint=url_for("sparql.endpoint", _external=True),
        settings=_service().settings,
        prefixes=PREFIXES,
    )


@bp.route("/queries.json")
def queries_json() -> Response:
    """The machine twin of the example list: name, title, description, text and URLs of every named query."""
    resp = jsonify({"queries": [_example_doc(nq) for nq in _examples()]})
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


@bp.route("/queries/<name>.rq")
def query_text(name: str) -> Response:
    for nq in _examples():
        if nq.name == name:
            resp = Response(nq.text, mimetype="application/sparql-query")
            resp.headers["Access-Control-Allow-Origin"] = "*"
            return resp
    abort(404, f"no named query {name!r}; /queries.json lists them")


@bp.route("/vendor/<package>/<version>/<path:filename>")
def vendor(package: str, version: str, filename: str) -> Response:
    """YASGUI's pinned files; the version is in the URL, so they are cached for a year and never stale."""
    return send("yasgui", package, version, filename)


@bp.route("/favicon.ico")
def favicon() -> Response:
    """No icon, and no 404 in every browser's console either."""
    return Response(status=204, headers={"Cache-Control": f"public, max-age={YEAR}"})


@bp.app_template_global()
def vendor_url(filename: str) -> str:
    found = yasgui()
    assert found is not None
    return url_for("ui.vendor", package=found.name, version=found.version, filename=filename)


@bp.app_template_global()
def page_for(iri: str) -> str:
    """The local page of an IRI under our base (same path on this server); other IRIs stay as they are."""
    base = _service().base
    if iri.startswith(base):
        return request.script_root + "/" + iri[len(base) :]
    return iri
