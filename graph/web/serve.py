"""Serve the app under gunicorn, a production WSGI server (never Flask's development server).

Each gunicorn worker process runs `web_threads` request threads and owns its own pool of killable query processes,
so a slow query holds one query process while every other request is still answered.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from graph.settings import Settings

# Gunicorn's access log, with the time each request took (seconds) and its status.
ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(L)ss "%(a)s"'


class Server(BaseApplication):
    def __init__(self, settings: Settings, store_dir: Path | None, options: dict[str, Any]) -> None:
        self.settings = settings
        self.store_dir = store_dir
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # The app is made once, in the arbiter (preload_app), and the HTTP workers are forked with it loaded; each
        # worker then starts its own query processes, after the fork (post_worker_init), never in the arbiter.
        self.cfg.set("preload_app", True)
        self.cfg.set("post_worker_init", _start_query_processes)

    def load(self) -> Any:
        from graph.web.app import create_app

        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
        return create_app(self.settings, self.store_dir)


def _start_query_processes(worker: Any) -> None:
    """Start this HTTP worker's query processes now, not on the first request."""
    worker.wsgi.extensions["tradekg"].runner  # noqa: B018


def options(settings: Settings, access_log: str | None = "-") -> dict[str, Any]:
    return {
        "bind": f"{settings.host}:{settings.port}",
        # With updates allowed, one process owns the store read-write (the store takes a lock): one HTTP worker.
        "workers": 1 if settings.update_token and not settings.sparql_url else settings.web_workers,
        # gunicorn's threaded worker, serving a connection's back-to-back requests on one thread (see linger.py)
        "worker_class": "graph.web.linger.LingeringThreadWorker",
        "threads": settings.web_threads,
        # gunicorn's own watchdog must not fire before our query time limit has answered the client
        "timeout": int(settings.timeout) + 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "limit_request_line": 8190,
        "accesslog": access_log,
        "access_log_format": ACCESS_FORMAT,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "tradekg",
        "control_socket_disable": True,  # several servers (tests, replicas) may run side by side
    }


def serve(settings: Settings, store_dir: Path | None, access_log: str | None = "-") -> None:
    """Run until interrupted."""
    Server(settings, store_dir, options(settings, access_log)).run()
