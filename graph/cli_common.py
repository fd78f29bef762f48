"""What every tradekg command shares: the consoles, the --store option and the error exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

from graph.errors import TradeKGError

# Piped output (CI logs, files) is not cut to 80 columns: tables keep whole file names and IRIs.
_WIDTH = None if sys.stdout.isatty() else 200
err = Console(stderr=True, soft_wrap=True, width=_WIDTH)
out = Console(soft_wrap=True, width=_WIDTH)


# Every command that reads a store takes it the same way.
store_option = click.option(
    "--store",
    "store_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Store folder built by 'tradekg build'.",
)


def fail(exc: TradeKGError) -> NoReturn:
    err.print(f"[bold red]error:[/] {exc}", highlight=False)
    sys.exit(exc.exit_code)
