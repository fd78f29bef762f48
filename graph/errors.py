"""Typed exceptions, so the CLI (and later the web app) can map each failure to an exit code or a status."""

from __future__ import annotations


class TradeKGError(Exception):
    """Base class for every error tradekg reports to a user.

    `exit_code` is what the CLI exits with; `status` is what the endpoint answers with. Both live on the class so
    the CLI and the web app's single error handler map failures the same way.
    """

    exit_code = 1
    status = 500


class DocumentError(TradeKGError):
    """A document could not be read or decoded; the message names the file."""

    exit_code = 3

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractionError(TradeKGError):
    """The extractors failed on a document that could be read."""

    exit_code = 3


class ShapeViolation(TradeKGError):  # noqa: N818 - named for what it reports, like pyshacl
    """The graph does not conform to the SHACL shapes; carries the readable report."""

    exit_code = 4

    def __init__(self, report: str, count: int) -> None:
        super().__init__(f"{count} SHACL violation(s)\n{report}")
        self.report = report
        self.count = count


class StoreError(TradeKGError):
    """The store is missing, locked or not a tradekg build."""

    exit_code = 5
    status = 503


class QueryError(TradeKGError):
    """A SPARQL query could not be parsed or evaluated; the message is the parser's."""

    exit_code = 2
    status = 400


class VocabularyError(TradeKGError):
    """A vocabulary file under ontology/ is malformed."""

    exit_code = 6


class NothingBuilt(TradeKGError):  # noqa: N818 - says what happened, like ShapeViolation
    """No document could be read, so there is nothing to swap in: the served store is kept as it was."""

    exit_code = 3

    def __init__(self, errors: list[DocumentError]) -> None:
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"no document could be read; the store in service is unchanged\n{lines}")
        self.errors = errors


class RequestError(TradeKGError):
    """An HTTP request the endpoint refuses; `status` says why (SPARQL 1.1 Protocol: a 4xx, never a 5xx)."""

    exit_code = 2

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class QueryTimeout(TradeKGError):  # noqa: N818 - reads as what happened, like NothingBuilt
    """A query ran past its time limit and its worker was stopped."""

    exit_code = 2
    status = 503


class Overloaded(TradeKGError):  # noqa: N818
    """Every query worker stayed busy for the whole wait: the client should retry later."""

    exit_code = 2
    status = 503
