"""Downloads against the real server: every dump parses and holds what the store holds; gzip, ETag, 304."""

from __future__ import annotations

import gzip

import pyoxigraph as ox
import pytest
import requests

from graph.web.downloads import DUMPS

QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"


def count(kg: ox.Store, query: str) -> int:
    solutions = kg.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    n = next(iter(solutions))["n"]
    assert n is not None
    return int(n.value)


@pytest.mark.parametrize(
    ("name", "fmt", "union"),
    [
        ("tradekg.nq", ox.RdfFormat.N_QUADS, False),
        ("tradekg.trig", ox.RdfFormat.TRIG, False),
        ("tradekg.jsonld", ox.RdfFormat.JSON_LD, False),
        ("tradekg.ttl", ox.RdfFormat.TURTLE, True),
    ],
)
def test_dump_matches_store(server: str, kg: ox.Store, name: str, fmt: ox.RdfFormat, union: bool) -> None:
    resp = requests.get(server + "download/" + name, headers={"Accept-Encoding": "identity"}, timeout=60)
    assert resp.status_code == 200
    assert "Content-Encoding" not in resp.headers
    assert int(resp.headers["Content-Length"]) == len(resp.content)
    items = list(ox.parse(resp.content, format=fmt))
    if union:
        assert len(set(items)) == len(items) == count(kg, TRIPLES)
    else:
        quads = {q for q in items if isinstance(q, ox.Quad)}
        assert len(quads) == count(kg, QUADS)
        assert all(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads), "every quad keeps its graph"


def test_gzip_and_etag(server: str) -> None:
    url = server + "download/tradekg.ttl"
    plain = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=60)
    raw = requests.get(url, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=60)
    body = raw.raw.read()  # the bytes as sent, not decoded by requests
    assert raw.headers["Content-Encoding"] == "gzip"
    assert int(raw.headers["Content-Length"]) == len(body) < len(plain.content)
    assert gzip.decompress(body) == plain.content
    assert "Accept-Encoding" in raw.headers["Vary"]
    for resp in (plain, raw):
        etag = resp.headers["ETag"]
        assert resp.headers["Last-Modified"]
        again = requests.get(
            url, headers={"If-None-Match": etag, "Accept-Encoding": resp.request.headers["Accept-Encoding"]}, timeout=30
        )
        assert again.status_code == 304
    assert plain.headers["ETag"] != raw.headers["ETag"], "the two encodings are different representations"


def test_downloads_page_and_links(server: str) -> None:
    html = requests.get(server + "downloads", headers={"Accept": "text/html"}, timeout=30).text
    for dump in DUMPS:
        assert f"/download/{dump.name}" in html
    assert 'href="/void"' in html
    assert 'href="/downloads"' in requests.get(server + "id/", headers={"Accept": "text/html"}, timeout=30).text
    listing = requests.get(server + "downloads?format=json", timeout=30).json()
    assert {f["name"] for f in listing["files"]} == {d.name for d in DUMPS}
    void = requests.get(server + "void", headers={"Accept": "application/n-triples"}, timeout=30).text
    for name in ("tradekg.nq", "tradekg.ttl", "tradekg.jsonld"):
        assert f"download/{name}>" in void
        assert requests.head(server + "download/" + name, timeout=30).status_code == 200


def test_unknown_download_is_404(server: str) -> None:
    for name in ("nothing.nq", "..%2Fdataset.nq", "tradekg.nq.gz"):
        assert requests.get(server + "download/" + name, timeout=30).status_code == 404
