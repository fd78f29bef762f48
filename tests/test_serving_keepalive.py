"""Kept-alive connections under the lingering threaded worker: back-to-back requests on one connection are all
answered, idle connections never starve new ones, and a client that closes is let go."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?d a tkg:PolicyDocument }"
PATH = "/sparql?" + urllib.parse.urlencode({"query": QUERY})
JSON = "application/sparql-results+json"


def _address(root: str) -> tuple[str, int]:
    parsed = urllib.parse.urlsplit(root)
    return parsed.hostname or "127.0.0.1", parsed.port or 80


def _count(conn: http.client.HTTPConnection) -> int:
    conn.request("GET", PATH, headers={"Accept": JSON})
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_back_to_back_requests_on_one_connection_are_all_answered(server: str) -> None:
    host, port = _address(server)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        counts = {_count(conn) for _ in range(150)}  # more than one thread serves in a row
        conn.sock.getpeername()  # type: ignore[union-attr]  # still the same open connection
    finally:
        conn.close()
    assert len(counts) == 1 and counts.pop() > 0


def test_idle_connections_do_not_starve_new_clients(server: str) -> None:
    host, port = _address(server)
    idle = [http.client.HTTPConnection(host, port, timeout=30) for _ in range(24)]  # more than all threads
    try:
        for conn in idle:
            _count(conn)  # each is now kept alive and sends nothing more
        started = time.monotonic()
        fresh = http.client.HTTPConnection(host, port, timeout=30)
        assert _count(fresh) > 0
        fresh.close()
        assert time.monotonic() - started < 5
    finally:
        for conn in idle:
            conn.close()


def test_many_clients_in_a_loop_all_get_answers(server: str) -> None:
    host, port = _address(server)
    answers: list[int] = []
    failures: list[BaseException] = []

    def client() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            for _ in range(20):
                answers.append(_count(conn))
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures
    assert len(answers) == 400 and len(set(answers)) == 1


def test_a_client_that_closes_after_its_request_is_let_go(server: str) -> None:
    host, port = _address(server)
    for _ in range(20):
        with socket.create_connection((host, port), timeout=30) as sock:
            sock.sendall(f"GET {PATH} HTTP/1.1\r\nHost: {host}\r\nAccept: {JSON}\r\n\r\n".encode())
            sock.shutdown(socket.SHUT_WR)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        assert data.startswith(b"HTTP/1.1 200")
    conn = http.client.HTTPConnection(host, port, timeout=30)
    assert _count(conn) > 0
    conn.close()
