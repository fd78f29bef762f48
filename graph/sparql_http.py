"""One SPARQL request by HTTP POST to another server, with its failures as tradekg's typed errors.

The web app's remote backend and the network library's endpoint source both talk to other SPARQL servers; they send
forms the same way and must report a refusal, a failure, a timeout or an unreachable server the same way too.
Standard library only: a notebook that reads a remote endpoint needs nothing more installed.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence

from graph.errors import QueryError, QueryTimeout, RequestError, StoreError


def post_form(url: str, params: Sequence[tuple[str, str]], timeout: float, accept: str) -> tuple[str, bytes]:
    """(Content-Type, body) of the server's answer to a form POST; a 400 is a QueryError with the server's message,
    another 4xx a RequestError with its status, a 5xx or an unreachable server a StoreError, no answer in time a
    QueryTimeout."""
    data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": accept})
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - a URL the user configured
            return resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        message = exc.read().decode("utf-8", "replace").strip()[:2000]
        if exc.code == 400:
            raise QueryError(message) from None
        if 400 < exc.code < 500:
            raise RequestError(message, exc.code) from None
        raise StoreError(f"the SPARQL server at {url} failed ({exc.code}): {message}") from None
    except TimeoutError:
        raise QueryTimeout(f"the SPARQL server did not answer within {timeout:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise QueryTimeout(f"the SPARQL server did not answer within {timeout:g} s") from None
        raise StoreError(f"cannot reach the SPARQL server at {url}: {exc.reason}") from None
