"""gunicorn's threaded worker, with one change: a kept-alive connection whose next request is already on its way is
served by the same thread, instead of going back through the worker's poller.

In the stock worker every request on a kept-alive connection makes a round trip through the main thread: the
finished request is queued to it through a pipe, the socket is registered with the poller, the poller wakes, the
socket is unregistered and handed to the thread pool again. For a point lookup that bookkeeping cost about as much
CPU as the query. A client that sends its next request right after the answer (a notebook loop, a crawler, a load
test) now keeps its thread for up to `LINGER` seconds between requests and at most `IN_A_ROW` requests, then goes
back to the poller as before, so idle connections never hold a thread for long.
"""

from __future__ import annotations

import select
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

LINGER = 0.010  # seconds a thread waits for the next request on its connection
IN_A_ROW = 64  # requests served on one connection before it goes back to the poller (fairness)


class LingeringThreadWorker(ThreadWorker):
    def handle(self, conn: Any) -> Any:
        keep = super().handle(conn)
        served = 1
        while keep is True and self.alive and served < IN_A_ROW and _next_request_ready(conn):
            keep = super().handle(conn)
            served += 1
        return keep


def _next_request_ready(conn: Any) -> bool:
    """Whether the client's next request is buffered already or arrives within LINGER (HTTP/1.1 only)."""
    if getattr(conn, "is_http2", False):
        return False
    unreader = getattr(conn.parser, "unreader", None)
    buffered = getattr(unreader, "buf", None)
    if buffered is not None and buffered.getvalue():
        return True
    poller = select.poll()
    poller.register(conn.sock.fileno(), select.POLLIN)
    return bool(poller.poll(LINGER * 1000))
