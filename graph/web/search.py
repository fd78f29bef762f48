"""Search by name or text at /search?q= (a page) and /search.json?q= (its JSON twin), in English and Chinese.

The index (graph.searchindex) is built from one paged SELECT through the query service, so it obeys the endpoint's
time and row limits and works on a remote server too. Each HTTP worker process keeps its own copy and rebuilds it
when the store's build record changes (checked at most every few seconds, so a search costs no query at all).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from graph import __version__, searchindex
from graph.errors import RequestError
from graph.web import conneg
from graph.web.backend import Service

bp = Blueprint("search", __name__)

MAX_QUERY_CHARS = 200
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
RECHECK_SECONDS = 5.0
# Which build is being served: changes whenever the store is rebuilt and swapped in (or pushed to a remote server).
FINGERPRINT_QUERY = """\
PREFIX tkg: <https://w3id.org/tradekg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?b ?t WHERE { ?b a tkg:Build . OPTIONAL { ?b prov:endedAtTime ?t } } ORDER BY ?b LIMIT 100
"""


@dataclass(frozen=True)
class Built:
    index: searchindex.Index
    fingerprint: str
    seconds: float
    at: float


class SearchCache:
    """One index per process, rebuilt when the served build changes; a lock keeps concurrent first searches to one."""

    def __init__(self, svc: Service) -> None:
        self.svc = svc
        self.built: Built | None = None
        self.checked = 0.0
        self.lock = threading.Lock()

    def fingerprint(self) -> str:
        rows = self.svc.select(FINGERPRINT_QUERY)
        return "|".join(f"{r['b']['value']}@{r.get('t', {}).get('value', '')}" for r in rows)

    def get(self) -> Built:
        with self.lock:
            now = time.monotonic()
            if self.built is not None and now - self.checked < RECHECK_SECONDS:
                return self.built
            mark = self.fingerprint()
            self.checked = time.monotonic()
            if self.built is None or self.built.fingerprint != mark:
                started = time.perf_counter()
                index = searchindex.load(self.svc.select, self.svc.settings.max_rows)
                self.built = Built(index, mark, time.perf_counter() - started, time.time())
            return self.built


def cache() -> SearchCache:
    found = current_app.extensions.get("tradekg.search")
    if found is None:
        found = current_app.extensions.setdefault("tradekg.search", SearchCache(current_app.extensions["tradekg"]))
    assert isinstance(found, SearchCache)
    return found


def _params() -> tuple[str, int]:
    q = " ".join(request.args.get("q", "").split())
    if len(q) > MAX_QUERY_CHARS:
        raise RequestError(f"a search is at most {MAX_QUERY_CHARS} characters, not {len(q)}")
    raw = request.args.get("limit", str(DEFAULT_LIMIT))
    try:
        limit = int(raw)
    except ValueError:
        raise RequestError(f"limit must be a whole number, not {raw!r}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise RequestError(f"limit must be between 1 and {MAX_LIMIT}")
    return q, limit


def run(q: str, limit: int) -> dict[str, object]:
    """The answer as plain data: the page renders it, the JSON twin returns it as it is."""
    from graph.web.ui import page_for

    built = cache().get() if q else None
    found = searchindex.search(built.index, q, limit) if built else searchindex.Found([], 0, False)
    results = [
        {
            "iri": h.iri,
            "page": page_for(h.iri),
            "type": h.type,
            "label": display_label(h.labels),
            "labels": {lang or "none": text for lang, text in sorted(h.labels.items())},
            "snippet": h.snippet,
            "marks": [list(m) for m in h.marks],
            "exact": h.exact,
        }
        for h in found.hits
    ]
    doc: dict[str, object] = {
        "query": q,
        "partial": found.partial,
        "total": found.total,  # every match; `count` of them are in `results` (raise `limit` for more)
        "count": len(results),
        "results": results,
    }
    if built is not None:
        doc["index"] = {
            "resources": len(built.index.entries),
            "tokens": built.index.size,
            "build_seconds": round(built.seconds, 3),
        }
    return doc


def display_label(labels: dict[str, str]) -> str:
    for lang in ("en", "", "zh"):
        if lang in labels:
            return labels[lang]
    return next(iter(labels.values()), "")


def _json(doc: dict[str, object]) -> Response:
    resp = jsonify(doc)
    resp.headers["Access-Control-Allow-Origin"] = "*"
    resp.headers["Vary"] = "Accept"
    return resp


def _asks_json(accept: str | None) -> bool:
    """JSON only when a JSON type is named and HTML is not preferred; browsers and `*/*` get the page."""
    return not conneg.prefers_html(accept) and any(r.subtype == "json" for r in conneg.parse_accept(accept))


@bp.route("/search.json")
def search_json() -> Response:
    return _json(run(*_params()))


@bp.route("/search")
def search() -> Response | str:
    q, limit = _params()
    doc = run(q, limit)
    if request.args.get("format") == "json" or _asks_json(request.headers.get("Accept")):
        return _json(doc)
    return render_template("search/search.html", version=__version__, doc=doc, segments=searchindex.segments)
