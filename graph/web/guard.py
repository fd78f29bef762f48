"""What a request must pass before any query runs: nesting depth, the SERVICE/LOAD allow-list, the client's time limit.

Neither pyoxigraph nor rdflib asks before fetching a URL that a query names in SERVICE or an update names in LOAD, so
the text is screened first, in layers:

1. In the web process, a lexer (strings, IRIs and comments skipped, `\\u` escapes decoded, keywords in any case)
   refuses every ordinary SERVICE or LOAD at once (403), and brackets nested too deeply for the engine (400).
2. No lexer can be exact: `<` is both "less than" and the start of an IRI, and only the grammar tells which
   (`FILTER(?a<?b)SERVICE:#>` hides a SERVICE in what a lexer takes for an IRI, and strings and comments after it
   shift). So where the query runs, `check_calls` asks the engine itself, on an empty dataset, whether SERVICE is a
   keyword in the text (see there). A SERVICE inside a string, comment, IRI or name is therefore let through.
3. With an allow-list set, and for updates (LOAD), the targets are read from rdflib's parse tree; text it cannot
   parse, or too long to parse quickly, is refused.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator

from graph.errors import QueryError, RequestError
from graph.prefixes import PREFIXES

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


def lexical_targets(text: str) -> list[str]:
    """SERVICE and LOAD targets as a lexer sees them: fast and right for ordinary text, but fooled by `<` read as an
    IRI where the grammar reads "less than"; `calls_out` asks the engine itself."""
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


MAX_DEPTH = 200  # brackets nested deeper than this are refused: the engine's parser recurses once per level


def nesting_depth(text: str) -> int:
    """How deeply (), {} and [] nest outside strings, IRIs and comments."""
    skipped = ("lstr", "str", "iri", "comment")
    code = _TOKEN.sub(lambda m: " " if m.lastgroup in skipped else m.group(), _decode_escapes(text))
    depth = deepest = 0
    for char in code:
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth = max(depth - 1, 0)
    return deepest


@functools.lru_cache(maxsize=1024)
def screen(text: str, allow: frozenset[str], update: bool = False) -> bool:
    """Refuse, before execution, text nested too deeply to parse safely (400; oxigraph's parser overflows its
    stack and kills the worker past a few thousand levels) and any SERVICE or LOAD whose target is not on the
    allow-list (403).

    Returns True when the targets were read from a parse tree (updates, or an allow-list is set); False when only
    the lexer looked, and the query must still pass `calls_out` where it runs. Cached by text: the same queries
    come again and again (the query page's examples, notebooks re-run), and a refusal is raised, never cached.
    """
    if nesting_depth(text) > MAX_DEPTH:
        raise RequestError(f"the query nests brackets more than {MAX_DEPTH} levels deep; simplify it")
    for target in lexical_targets(text):
        _check(target, allow)
    if not (update or allow):
        return False
    targets = remote_targets(text, update)
    if targets is None:
        raise RequestError(
            "this endpoint only calls the services on its allow-list, and this text mentions SERVICE or LOAD in a "
            f"way that could not be checked (it does not parse, or is longer than {MAX_PARSED} characters)",
            403,
        )
    for target in targets:
        _check(target, allow)
    return True


def _check(target: str, allow: frozenset[str]) -> None:
    if target not in allow:
        raise RequestError(
            f"this endpoint does not call other services: {target!r} is not on its allow-list "
            "(setting service_allow / TRADEKG_SERVICE_ALLOW)",
            403,
        )


_ANY_SERVICE = re.compile("service", re.IGNORECASE)
_SERVICE_SILENT = re.compile(r"service((?:\s|#[^\n\r]*)*)silent", re.IGNORECASE)


def check_calls(text: str, parse: Callable[[str], str | None]) -> None:
    """Refuse a query in which the engine reads SERVICE as a keyword, asking the engine itself, which never errs on
    its own grammar. `parse(text)` parses (and may evaluate) text that cannot call out, on an empty dataset, and
    returns the syntax error, or None.

    Every "service" in the text, in any case, is spelt "xervice": where it was a keyword the text no longer parses;
    in a string, comment, IRI or name only that text changes. If the result parses, nothing calls out. If not, the
    text with SERVICE (SILENT) spelt GRAPH is tried: when that parses, SERVICE was a keyword (403); when neither
    does, the text is not SPARQL (400, with the parser's message: the spelling keeps every position).
    """
    if not _ANY_SERVICE.search(text):
        return
    error = parse(_ANY_SERVICE.sub(lambda m: "x" + m.group()[1:], text))
    if error is None:
        return
    if parse(_ANY_SERVICE.sub("graph", _SERVICE_SILENT.sub(r"graph\1", text))) is None:
        raise RequestError(
            "this endpoint does not call other services: the query uses SERVICE and no allow-list is set "
            "(setting service_allow / TRADEKG_SERVICE_ALLOW)",
            403,
        )
    raise QueryError(f"SPARQL syntax error: {error}")


@functools.lru_cache(maxsize=16)
def engine_parser(base_iri: str | None) -> Callable[[str], str | None]:
    """`parse` for check_calls: the embedded engine on an empty in-memory dataset, with the predeclared prefixes.
    One per base IRI and process, made once: it is asked for on every query."""
    import pyoxigraph as ox

    empty = ox.Store()

    def parse(text: str) -> str | None:
        try:
            empty.query(text, prefixes=PREFIXES, base_iri=base_iri, use_default_graph_as_union=True)
        except SyntaxError as exc:
            return str(exc)
        except (OSError, ValueError, RuntimeError):
            return None  # it parsed; evaluating it failed, which is for the real run to report
        return None

    return parse


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
