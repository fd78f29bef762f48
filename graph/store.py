"""Open, query and load the on-disk Oxigraph store.

A store folder holds one or more complete builds (`build-<stamp>/`) and a `current` symlink naming the one in
service. A build is written beside the served one and the link is swapped atomically only when it succeeded, so a
failed or killed build never damages what is being served.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.prefixes import PREFIXES

CURRENT = "current"
DB = "oxigraph"


def current_build(store_dir: Path) -> Path:
    """The build folder in service; StoreError when the folder holds no finished build."""
    link = store_dir / CURRENT
    if not link.exists():
        raise StoreError(f"{store_dir} holds no finished build (run 'tradekg build … --store {store_dir}')")
    return link.resolve()


def open_store(store_dir: Path) -> ox.Store:
    """The served store, read-only: many readers (CLI, web workers) may open it at once."""
    db = current_build(store_dir) / DB
    try:
        return ox.Store.read_only(str(db))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {db}: {exc}") from exc


def new_build_dir(store_dir: Path) -> Path:
    store_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    # mkdtemp makes the name unique even for two builds started in the same second
    return Path(tempfile.mkdtemp(prefix=f"build-{stamp}-", dir=store_dir))


def swap_in(store_dir: Path, build_dir: Path, keep: int = 2) -> None:
    """Point `current` at `build_dir` atomically, then remove builds older than the last `keep`."""
    tmp = store_dir / f".{CURRENT}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(build_dir.name)
    os.replace(tmp, store_dir / CURRENT)
    builds = sorted((p for p in store_dir.glob("build-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    serving = build_dir.resolve()
    for old in builds[:-keep]:
        if old.resolve() != serving:
            shutil.rmtree(old, ignore_errors=True)


def discard(build_dir: Path) -> None:
    shutil.rmtree(build_dir, ignore_errors=True)


def load_files(store_dir: Path, files: Iterable[tuple[Path, str]]) -> Path:
    """Serve RDF files as they are: each (file, graph IRI) becomes that named graph of a new build, swapped in.

    For data that does not come from documents (test suites, a dump to look at); the format follows the file's
    extension. Returns the new build folder.
    """
    build_dir = new_build_dir(store_dir)
    try:
        store = ox.Store(str(build_dir / DB))
        for path, iri in files:
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
            if fmt is None:
                raise StoreError(f"{path}: unknown RDF file extension")
            store.load(path=str(path), format=fmt, to_graph=ox.NamedNode(iri), base_iri=path.resolve().as_uri())
        store.flush()
        del store
    except (OSError, SyntaxError, ValueError, StoreError) as exc:
        discard(build_dir)
        raise StoreError(f"cannot load into {store_dir}: {exc}") from exc
    swap_in(store_dir, build_dir)
    return build_dir


# lenient: the N-Quads are the build's own output, written from terms rdflib already parsed, so the loader skips
# re-validating every IRI (a fifth of its time); a malformed line is still an error.
_LOADER = (
    "import sys, pyoxigraph as ox\n"
    "ox.Store(sys.argv[1]).bulk_load(input=sys.stdin.buffer, format=ox.RdfFormat.N_QUADS, lenient=True)\n"
)


class StreamLoader:
    """Bulk-loads N-Quads into a new on-disk store in a child process while the build is still producing them.

    Oxigraph's bulk loader is single-threaded and waits on the disk; run after extraction it adds its whole time
    to the build. Fed through a pipe as documents finish, it works while the workers extract, on whatever CPU they
    leave, and the build only waits for its tail. Nothing is served from the store until the build swaps it in,
    so a build that fails midway kills the loader and discards the folder as before.
    """

    def __init__(self, db: Path) -> None:
        self.db = db
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - the loader's stderr, closed in finish/abort
        self._proc = subprocess.Popen([sys.executable, "-c", _LOADER, str(db)], stdin=subprocess.PIPE, stderr=self._log)

    def write(self, text: str) -> None:
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(text.encode("utf-8"))
        except BrokenPipeError:
            self.finish()  # the loader stopped: report why
            raise StoreError(f"the bulk loader for {self.db} stopped") from None

    def finish(self) -> None:
        """Wait for the loader; StoreError with its message when it failed."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
        code = self._proc.wait()
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        self._log.close()
        if code != 0:
            raise StoreError(f"cannot load into {self.db}: {lines[-1] if lines else f'exit {code}'}")

    def abort(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        if self._proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self._proc.stdin.close()
        self._log.close()


@dataclass
class Result:
    """A query result: variables and rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
    kind: str  # "select" | "ask" | "graph"

    @property
    def variables(self) -> list[str]:
        assert isinstance(self.raw, ox.QuerySolutions)
        return [v.value for v in self.raw.variables]

    def rows(self) -> Iterator[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
        assert isinstance(self.raw, ox.QuerySolutions)
        names = self.raw.variables
        for solution in self.raw:
            yield [solution[v] for v in names]


def query(store: ox.Store, sparql: str, union: bool = True) -> Result:
    """Run SPARQL over the whole dataset (the default graph is the union of the named graphs)."""
    try:
        raw = store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if isinstance(raw, ox.QueryBoolean):
        return Result(raw, "ask")
    if isinstance(raw, ox.QueryTriples):
        return Result(raw, "graph")
    return Result(raw, "select")


def rdf_text(items: list[ox.Quad] | list[ox.Triple], fmt: ox.RdfFormat) -> str:
    """Quads or triples serialised as a string (pyoxigraph returns bytes when no output file is given)."""
    data = ox.serialize(items, format=fmt)
    assert data is not None
    return data.decode("utf-8")


def results_text(solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat) -> str:
    """SELECT results in a SPARQL results format (JSON, XML, CSV, TSV), as a string."""
    data = solutions.serialize(format=fmt)
    assert data is not None
    return data.decode("utf-8")


def term_text(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as a plain string for tables and CSV: IRIs and literals by value, blank nodes as _:id."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value
