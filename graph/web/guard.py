"""What a request must pass before any query runs: the SERVICE/LOAD allow-list and the client's time limit.

Neither pyoxigraph nor rdflib asks before fetching a URL that a query names in SERVICE or an update names in LOAD, so
the text is screened first. The screen reads SPARQL tokens the way the grammar does (strings, IRIs and comments are
skipped, `\\u` escapes are decoded first, keywords are case-insensitive), so `SERVICE` hidden in a string does not
trigger it and `SERVIC\\u0045` does not slip past it.
"""

from __future__ import annotations

import re
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
    r"""|(?P<word>[^\W\d][\w.\-]*(?::[\w.\-%:\\]*)?|:[\w.\-%:\\]*)""",
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


def remote_targets(text: str) -> list[str]:
    """Every IRI (or variable) that a SERVICE or LOAD in `text` would contact, with prefixed names expanded."""
    toks = list(tokens(text))
    prefixes = dict(PREFIXES)
    targets: list[str] = []
    for i, (kind, value) in enumerate(toks):
        upper = value.upper() if kind == "word" else ""
        if upper == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
        if upper not in ("SERVICE", "LOAD"):
            continue
        j = i + 1
        if j < len(toks) and toks[j][1].upper() == "SILENT":
            j += 1
        if j >= len(toks):
            continue
        target_kind, target = toks[j]
        if target_kind == "iri":
            targets.append(target[1:-1])
        elif target_kind == "word" and ":" in target:
            prefix, _, local = target.partition(":")
            targets.append(prefixes.get(prefix, f"{prefix}:") + local)
        else:
            targets.append(target)
    return targets


def screen(text: str, allow: frozenset[str]) -> None:
    """Refuse, before execution, any SERVICE or LOAD whose target is not on the allow-list (403)."""
    for target in remote_targets(text):
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
