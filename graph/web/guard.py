"""What a request must pass before any query runs: the SERVICE/LOAD allow-list and the client's time limit.

Neither pyoxigraph nor rdflib asks before fetching a URL that a query names in SERVICE or an update names in LOAD, so
the text is screened first. A lexer alone cannot do it: `<` is both "less than" and the start of an IRI, and only the
grammar tells which (`FILTER(?a<?b)SERVICE:#>` hides a SERVICE inside what a lexer takes for an IRI). So text that
mentions SERVICE or LOAD at all (after `\\u` escapes are decoded, in any case) is parsed with rdflib's SPARQL parser
and the targets are read from the parse tree; text it cannot parse, or too long to parse quickly, is refused. A
SERVICE inside a string or a comment is therefore let through, and `SERVIC\\u0045` is not.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from graph.errors import RequestError
from graph.namespaces import PREFIXES

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r'''(?P<lstr>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')'''
    r"""|(?P<str>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')"""
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)"""
    r"""|(?P<comment>\#[^\n\r]*)"""
    r"""|(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)"""
    r"""|(?P<word>[^\W\d][\w.\-]*(?::(?:[\w.\-%:]|\\.)*)?|:(?:[\w.\-%:]|\\.)*)""",
    re.UNICODE,
)


def _decode_escapes(text: str) -> str:
    """SPARQL processes \\uXXXX and \\UXXXXXXXX codepoint escapes before parsing (SPARQL 1.1, 19.2)."""

    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(repl, text)


def tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of the tokens that matter here: iri, var and word; strings and comments are dropped."""
    for m in _TOKEN.finditer(_decode_escapes(text)):
        kind = m.lastgroup or ""
        if kind in ("iri", "var", "word"):
            yield kind, m.group()


# Any mention of the keywords, even inside a longer name: only text without one skips the parser.
_MENTION = re.compile(r"(?<![A-Za-z0-9])(?:SERVICE|LOAD)(?![A-Za-z0-9])", re.IGNORECASE)
MAX_PARSED = 64 * 1024  # longer text that mentions SERVICE or LOAD is refused rather than parsed
_parse_lock = threading.Lock()  # pyparsing keeps parser state in module globals


def remote_targets(text: str, update: bool = False) -> list[str] | None:
    """Every IRI (or variable) that a SERVICE or LOAD in `text` would contact, prefixed names expanded with the
    query's own prefixes and the predeclared ones; None when that cannot be known (the text does not parse)."""
    if not _MENTION.search(_decode_escapes(text)):
        return []
    if len(text) > MAX_PARSED:
        return None
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        with _parse_lock:
            tree = parseUpdate(text) if update else parseQuery(text)
    except Exception:  # noqa: BLE001 - whatever stops the parser, the answer is "cannot tell": refuse
        return None
    prefixes = dict(PREFIXES)
    found: list[object] = []
    _walk(tree, prefixes, found)
    return [_target_text(t, prefixes) for t in found]


def _walk(node: object, prefixes: dict[str, str], found: list[object]) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "PrefixDecl":
            prefixes[_part(node, "prefix")] = str(node["iri"])
        elif node.name == "ServiceGraphPattern":
            found.append(node["term"])
        elif node.name == "Load":
            found.append(node["iri"])
        for value in node.values():
            _walk(value, prefixes, found)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for value in node:  # type: ignore[attr-defined]
            _walk(value, prefixes, found)


def _target_text(term: object, prefixes: dict[str, str]) -> str:
    from rdflib import URIRef, Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(term, CompValue) and term.name == "pname":
        prefix = _part(term, "prefix")
        return prefixes.get(prefix, f"{prefix}:") + _part(term, "localname")
    if isinstance(term, Variable):
        return f"?{term}"
    return str(term) if isinstance(term, URIRef) else repr(term)


def _part(node: dict[str, object], key: str) -> str:
    """A parse-tree field that may be absent (CompValue.get would return the key itself)."""
    return str(node[key]) if key in node and node[key] is not None else ""


def screen(text: str, allow: frozenset[str], update: bool = False) -> None:
    """Refuse, before execution, any SERVICE or LOAD whose target is not on the allow-list (403)."""
    targets = remote_targets(text, update)
    if targets is None:
        raise RequestError(
            "this endpoint does not call other services, and this text mentions SERVICE or LOAD in a way that "
            f"could not be checked (it does not parse, or is longer than {MAX_PARSED} characters)",
            403,
        )
    for target in targets:
        if target not in allow:
            raise RequestError(
                f"this endpoint does not call other services: {target!r} is not on its allow-list "
                "(setting service_allow / TRADEKG_SERVICE_ALLOW)",
                403,
            )


def client_timeout(requested: str | None, server_limit: float) -> float:
    """The time limit for one query: the server's, or less when the client asks (timeout= in seconds)."""
    if not requested:
        return server_limit
    try:
        value = float(requested)
    except ValueError:
        raise RequestError(f"timeout must be a number of seconds, not {requested!r}") from None
    if not value > 0:  # also refuses NaN
        raise RequestError("timeout must be a positive number of seconds")
    return min(value, server_limit)


def allow_list(setting: str) -> frozenset[str]:
    return frozenset(setting.split())
