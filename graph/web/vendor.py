"""Front-end packages installed from npm (`npm ci`, pinned in package-lock.json), served by tradekg itself.

The pages work offline and never reach a CDN. A file is served under a URL that carries the package's version, so a
browser may cache it for a year: a new version is a new URL. Only the files listed here are served from a package.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Response, abort, send_from_directory

from graph.settings import PROJECT_ROOT

YEAR = 365 * 24 * 3600

# name -> (folder under node_modules, folder of its built files, the files served from it)
PACKAGES: dict[str, tuple[str, str, frozenset[str]]] = {
    "yasgui": ("@zazuko/yasgui", "build", frozenset({"yasgui.min.js", "yasgui.min.css", "yasgui.min.js.map"})),
    "cytoscape": ("cytoscape", "dist", frozenset({"cytoscape.min.js"})),
}


@dataclass(frozen=True)
class Vendor:
    """An installed front-end package: where its built files are and which version it is."""

    name: str
    version: str
    folder: Path


@cache
def installed(name: str) -> Vendor | None:
    """The installed package, or None when `npm ci` has not run (the page then says so or falls back)."""
    folder, built, _ = PACKAGES[name]
    package = PROJECT_ROOT / "node_modules" / folder
    try:
        meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Vendor(name, str(meta["version"]), package / built)


def send(name: str, package: str, version: str, filename: str) -> Response:
    """One pinned file of package `name`, asked for as package/version/filename; 404 for anything else."""
    found = installed(name)
    if found is None or package != found.name or version != found.version or filename not in PACKAGES[name][2]:
        abort(404, f"{package} {version} {filename} is not installed here (make install runs npm ci)")
    resp = send_from_directory(found.folder, filename, max_age=YEAR)
    resp.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return resp
