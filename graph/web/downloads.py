"""Downloads: the whole graph as files, written once per build next to the store and streamed from there.

The build already writes `dataset.nq` (every quad, one named graph per document), `ontology.ttl` and
`vocabulary-gaps.csv` into its folder. The other dumps are derived from `dataset.nq` on first request and cached in
the same folder (written under a temporary name, then renamed, so two workers never serve half a file); a new build
is a new folder, so a cache can never be stale. Files go out with Content-Length, ETag and Last-Modified (werkzeug
answers If-None-Match / Range), gzipped when the client accepts it. With a remote SPARQL server there is no build
folder, and a full dump through a row-capped CONSTRUCT would be silently incomplete, so the answer is a 404 saying so.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, send_file

from graph import __version__
from graph.errors import RequestError, StoreError
from graph.prefixes import PREFIXES
from graph.store import current_build
from graph.web.backend import Service

bp = Blueprint("downloads", __name__, template_folder="templates")

SOURCE = "dataset.nq"
CACHE = "downloads"


@dataclass(frozen=True)
class Dump:
    name: str  # the file name clients ask for
    media_type: str
    title: str
    writer: ox.RdfFormat | None = None  # None: a file the build writes itself
    union: bool = False  # triples of the union graph instead of quads
    built_as: str = ""  # the build folder's own file, when it is served as is


DUMPS = (
    Dump("tradekg.nq", "application/n-quads", "N-Quads: every quad, one named graph per document", built_as=SOURCE),
    Dump("tradekg.trig", "application/trig", "TriG: the same dataset, with prefixes", ox.RdfFormat.TRIG),
    Dump("tradekg.jsonld", "application/ld+json", "JSON-LD: the same dataset, named graphs kept", ox.RdfFormat.JSON_LD),
    Dump(
        "tradekg.ttl",
        "text/turtle",
        "Turtle: the union of all graphs as one graph (provenance by graph is dropped; each triple once)",
        ox.RdfFormat.TURTLE,
        union=True,
    ),
    Dump("ontology.ttl", "text/turtle", "The ontology this build used", built_as="ontology.ttl"),
    Dump(
        "vocabulary-gaps.csv",
        "text/csv",
        "Names found in text that no vocabulary lists yet",
        built_as="vocabulary-gaps.csv",
    ),
)
BY_NAME = {d.name: d for d in DUMPS}


def _build_dir(svc: Service) -> Path:
    if svc.remote or svc.store_dir is None:
        raise RequestError(
            "downloads come from the build folder of an embedded store; this endpoint serves from a remote SPARQL "
            f"server ({svc.settings.sparql_url}), so ask that server for a dump (or run 'tradekg build' locally)",
            404,
        )
    try:
        return current_build(svc.store_dir)
    except StoreError as exc:
        raise RequestError(str(exc), 404) from None


def _atomic(target: Path, write: Callable[[Path], None]) -> Path:
    """Run `write(tmp_path)` and rename the result to `target`; an existing target is reused as is."""
    if target.exists():
        return target
    target.parent.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes files private; a dump is public
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def generate(build: Path, dump: Dump) -> Path:
    """The dump's file in `build`, derived from dataset.nq the first time it is asked for."""
    if dump.built_as:
        path = build / dump.built_as
        if not path.exists():
            raise RequestError(f"this build has no {dump.built_as}", 404)
        return path

    def write(tmp: Path) -> None:
        quads = ox.parse(path=str(build / SOURCE), format=ox.RdfFormat.N_QUADS)
        # the union graph: each triple once, in file order
        items = list(dict.fromkeys(q.triple for q in quads)) if dump.union else list(quads)
        ox.serialize(
            items,
            output=str(tmp),
            format=dump.writer,
            prefixes=PREFIXES if dump.writer != ox.RdfFormat.JSON_LD else None,
        )

    return _atomic(build / CACHE / dump.name, write)


def gzipped(path: Path, cache: Path) -> Path:
    """A gzip copy of `path` in the cache folder, made once."""

    def write(tmp: Path) -> None:
        with path.open("rb") as src, gzip.open(tmp, "wb", compresslevel=6) as out:
            shutil.copyfileobj(src, out, 1 << 20)

    return _atomic(cache / (path.name + ".gz"), write)


def _accepts_gzip() -> bool:
    for part in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip") and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False


def _svc() -> Service:
    service: Service = current_app.extensions["tradekg"]
    return service


@bp.get("/download/<name>")
def download(name: str) -> Response:
    dump = BY_NAME.get(name)
    if dump is None:
        raise RequestError(f"no download named {name!r}; there are: " + ", ".join(BY_NAME), 404)
    build = _build_dir(_svc())
    path = generate(build, dump)
    mimetype = dump.media_type + ("; charset=utf-8" if dump.media_type.startswith("text/") else "")
    if _accepts_gzip():
        packed = gzipped(path, build / CACHE)
        stat = packed.stat()
        resp = send_file(packed, mimetype=mimetype, conditional=True, etag=f"{build.name}-{name}-{stat.st_size}-gz")
        resp.headers["Content-Encoding"] = "gzip"
    else:
        stat = path.stat()
        resp = send_file(path, mimetype=mimetype, conditional=True, etag=f"{build.name}-{name}-{stat.st_size}")
    resp.headers["Vary"] = "Accept-Encoding"
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


@bp.get("/downloads")
def downloads_page() -> Response:
    """What can be downloaded from the build in service, with sizes once a file exists."""
    svc = _svc()
    rows, reason, build_name = [], "", ""
    try:
        build = _build_dir(svc)
        build_name = build.name
        for dump in DUMPS:
            path = build / dump.built_as if dump.built_as else build / CACHE / dump.name
            size = path.stat().st_size if path.exists() else None
            rows.append({"name": dump.name, "title": dump.title, "media_type": dump.media_type, "size": size})
    except RequestError as exc:
        reason = str(exc)
    data = {"build": build_name, "files": rows, "reason": reason, "void": "/void", "generated": time.time()}
    if request.args.get("format") == "json" or (
        "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get("Accept", "")
    ):
        from flask import jsonify

        return jsonify(data)
    return Response(render_template("downloads/index.html", data=data, version=__version__), mimetype="text/html")
