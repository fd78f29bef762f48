"""Copy a build into another SPARQL server with the Graph Store HTTP Protocol, one named graph per request.

For when users outgrow the embedded store: `tradekg build --push URL` (or `tradekg push`) replaces each graph on the
server (PUT, so pushing twice leaves one copy), and the endpoint can then serve from it (`sparql_url`).
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.store import open_store


def push(store_dir: Path, url: str, progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """PUT every named graph of the served build to the Graph Store endpoint `url`; returns (graphs, quads)."""
    store = open_store(store_dir)
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) Graph Store URL: {url!r}")
    conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = conn_cls(parts.hostname, parts.port, timeout=300)
    total = 0
    try:
        for i, g in enumerate(graphs, 1):
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, g)]
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            query = urllib.parse.urlencode({"graph": g.value})
            target = f"{parts.path or '/'}?{parts.query + '&' if parts.query else ''}{query}"
            conn.request("PUT", target, body=body, headers={"Content-Type": "application/n-triples"})
            resp = conn.getresponse()
            detail = resp.read().decode("utf-8", "replace")[:500]
            if resp.status >= 300:
                raise StoreError(f"the Graph Store at {url} refused {g.value}: {resp.status} {detail}")
            total += len(triples)
            if progress:
                progress(i, len(graphs))
    except OSError as exc:
        raise StoreError(f"cannot push to {url}: {exc}") from exc
    finally:
        conn.close()
    return len(graphs), total
