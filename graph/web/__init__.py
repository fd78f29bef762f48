"""The web layer: the SPARQL endpoint, pages and the killable query workers behind them.

This package file stays free of imports so that a query worker (`python -m graph.web.workers`) starts without
loading Flask; the factory lives in `graph.web.app`.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """See graph.web.app.create_app."""
    from graph.web.app import create_app as factory

    return factory(*args, **kwargs)
