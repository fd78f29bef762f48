"""The same endpoint in front of a real SPARQL server: the Oxigraph server from the `oxigraph` PyPI package.

The seed build is pushed into it with `tradekg push` (Graph Store Protocol), then `tradekg serve --sparql-url` must
give the same answers as the embedded server, query for query, compared parsed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from graph.build import BuildReport
from graph.queries import load as load_queries
from graph.settings import PROJECT_ROOT, Settings
from tests.server import free_port, running, stop
from tests.w3c import parsed_results

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = OXIGRAPH if OXIGRAPH.exists() else shutil.which("oxigraph")
    if not binary:
        pytest.skip("the Oxigraph server (PyPI package 'oxigraph', a dev dependency) is not installed")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    # --timeout-s: a query our side gave up on must not keep running there for minutes
    cmd = [str(binary), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}", "--timeout-s", "10"]
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    root = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (folder / "server.log").read_text()
            try:
                if requests.get(root + "query", params={"query": "ASK {}"}, timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "the Oxigraph server did not answer within 30 s"
            time.sleep(0.1)
        yield root
    finally:
        stop(proc, grace=20)
        log.close()


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, seed_build: BuildReport) -> str:
    cmd = [sys.executable, "-m", "graph.cli", "push", oxigraph_server + "store", "--store", str(seed_build.store)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    assert "pushed" in done.stderr
    return oxigraph_server


@pytest.fixture(scope="module")
def fronted(pushed: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("remote") / "server.log"
    with running(None, env={"TRADEKG_TIMEOUT": "20"}, args=("--sparql-url", pushed + "query"), log=log) as root:
        yield root


QUERIES = [
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }",
    "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a tkg:Measure }",
    "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "ASK { ?m a tkg:Measure }",
    "ASK { ?m a <urn:nothing> }",
    "SELECT ?x { BIND(<relative> AS ?x) }",
] + [q.text for q in load_queries(Settings().queries_dir)]


def answer(root: str, query: str, **params: str) -> object:
    r = requests.get(root + "sparql", params={"query": query, **params}, timeout=60)
    assert r.status_code == 200, r.text
    return parsed_results(r.content, r.headers["Content-Type"].split(";")[0])


@pytest.mark.parametrize("query", QUERIES, ids=range(len(QUERIES)))
def test_same_answers_as_the_embedded_server(server: str, fronted: str, query: str) -> None:
    assert answer(fronted, query) == answer(server, query)


def test_dataset_parameters_and_graphs(server: str, fronted: str) -> None:
    graphs = answer(server, "SELECT DISTINCT ?g { GRAPH ?g { } }")
    assert not isinstance(graphs, bool)
    first = str(graphs[1][0][0]).strip("<>")
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    for params in ({"default-graph-uri": first}, {"named-graph-uri": first}):
        assert answer(fronted, query, **params) == answer(server, query, **params)
    construct = "CONSTRUCT { ?m a tkg:Measure } WHERE { ?m a tkg:Measure }"
    for root in (server, fronted):
        r = requests.get(root + "sparql", params={"query": construct, "format": "nt"}, timeout=60)
        assert r.status_code == 200
    a, b = (
        sorted(requests.get(root + "sparql", params={"query": construct, "format": "nt"}, timeout=60).text.splitlines())
        for root in (server, fronted)
    )
    assert a == b and a


def test_errors_and_limits_through_the_remote(fronted: str) -> None:
    bad = requests.get(fronted + "sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=30)
    assert bad.status_code == 400
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.perf_counter()
    r = requests.get(fronted + "sparql", params={"query": slow, "timeout": "1"}, timeout=60)
    assert r.status_code == 503 and "within 1 s" in r.text
    assert time.perf_counter() - started < 5
    refused = requests.post(fronted + "sparql", data={"update": "CLEAR ALL"}, timeout=30)
    assert refused.status_code == 403
    assert answer(fronted, "ASK { ?s ?p ?o }") is True
