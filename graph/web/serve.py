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

    def load(self) -> Any:
        from graph.web.app import create_app

        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
        app = create_app(self.settings, self.store_dir)
        app.extensions["tradekg"].runner  # start the query workers now, not on the first request  # noqa: B018
        return app


def options(settings: Settings, access_log: str | None = "-") -> dict[str, Any]:
    return {
        "bind": f"{settings.host}:{settings.port}",
        # With updates allowed, one process owns the store read-write (the store takes a lock): one HTTP worker.
        "workers": 1 if settings.update_token and not settings.sparql_url else settings.web_workers,
        "worker_class": "gthread",
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
