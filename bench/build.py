"""Build benchmark: `tradekg build` end to end on generated corpora, per size and per number of worker processes.

    python bench/build.py --sizes 1000,10000 --jobs 1,2 [--seed 1] [--markdown build/bench-build.md]

For each size a corpus is generated once (bench/corpus.py, kept under build/bench/ and reused while its manifest
matches), then built with the CLI in a fresh store for each --jobs value. Reported: wall time, documents/s and MB/s of
input text, CPU seconds of the build and its workers (what a machine without other load would need, divided by
the workers), the build's own stage timings (extract, emit, validate: CPU seconds summed over workers; documents: wall
time of the per-document phase; store load, analytics and optimise), peak resident memory of the whole process tree
(sampled from /proc every 0.1 s) and of its largest process (wait4's rusage), store size on disk, dataset size,
triples and triples per document. The table is printed in Markdown and written to --markdown with the machine and
versions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

COLUMNS = [
    "docs",
    "MB text",
    "jobs",
    "wall s",
    "CPU s",
    "docs/s",
    "MB/s",
    "extract s",
    "emit s",
    "validate s",
    "documents s",
    "store load s",
    "analytics s",
    "optimise s",
    "peak RSS tree MB",
    "peak RSS largest MB",
    "store MB",
    "dataset MB",
    "triples",
    "triples/doc",
]


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


class Sampler(threading.Thread):
    """Peak resident memory of a process tree, sampled until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak = max(self.peak, _tree_rss(self.pid))


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ensure_corpus(size: int, seed: int, folder: Path) -> dict[str, object]:
    manifest = folder / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text(encoding="utf-8"))
        if (
            m.get("docs") == size
            and m.get("seed") == seed
            and m.get("generator") == f"bench/corpus.py {corpus.VERSION}"
        ):
            return dict(m)
    shutil.rmtree(folder, ignore_errors=True)
    return corpus.generate(size, seed, folder, ["en", "zh"])


def run_build(corpus_dir: Path, store: Path, jobs: int, python: str) -> dict[str, object]:
    """One build through the CLI; its report, wall time and memory."""
    shutil.rmtree(store, ignore_errors=True)
    report = store.parent / f"{store.name}.json"
    cmd = [python, "-m", "graph.cli", "build", str(corpus_dir), "--store", str(store), "--jobs", str(jobs), "-q"]
    cmd += ["--report-json", str(report)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)  # this build's own rusage: the largest of it and its workers
    wall = time.perf_counter() - t
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    sampler.done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"build failed ({code}): {' '.join(cmd)}")
    rep = json.loads(report.read_text(encoding="utf-8"))
    current = (store / "current").resolve()
    return {
        "wall": wall,
        "report": rep,
        "tree_rss": sampler.peak,
        "largest_rss": usage.ru_maxrss * 1024,  # KiB on Linux
        "cpu": usage.ru_utime + usage.ru_stime,  # the build and its workers
        "store_bytes": _du(current / "oxigraph"),
        "dataset_bytes": (current / "dataset.nq").stat().st_size,
        "command": " ".join(cmd),
    }


def row(manifest: dict[str, object], jobs: int, r: dict[str, object]) -> list[str]:
    rep = r["report"]
    assert isinstance(rep, dict)
    sec = rep["seconds"]
    docs = int(rep["documents"])
    text_mb = int(str(manifest["bytes"])) / 1e6
    wall = float(str(r["wall"]))
    largest = r["largest_rss"]
    mb = 1e6

    def s(key: str) -> str:
        return f"{sec[key]:.1f}" if key in sec else "–"

    return [
        f"{docs:,}",
        f"{text_mb:.1f}",
        str(jobs),
        f"{wall:.1f}",
        f"{float(str(r['cpu'])):.1f}",
        f"{docs / wall:.1f}",
        f"{text_mb / wall:.3f}",
        s("extract"),
        s("emit"),
        s("validate"),
        s("documents"),
        s("store load"),
        s("analytics"),
        s("optimise"),
        f"{int(str(r['tree_rss'])) / mb:,.0f}",
        f"{int(str(largest)) / mb:,.0f}",
        f"{int(str(r['store_bytes'])) / mb:,.0f}",
        f"{int(str(r['dataset_bytes'])) / mb:,.0f}",
        f"{int(rep['triples']):,}",
        f"{int(rep['triples']) / max(1, docs):,.0f}",
    ]


def machine() -> str:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    cpu = next((ln.split(":", 1)[1].strip() for ln in out(["lscpu"]).splitlines() if ln.startswith("Model name")), "?")
    mem = next((ln.split()[1] for ln in out(["free", "-g"]).splitlines() if ln.startswith("Mem:")), "?")
    load = os.getloadavg()
    versions = out(
        [sys.executable, "-c", "import pyoxigraph, rdflib, pyshacl; print(pyoxigraph.__version__, rdflib.__version__, "
         "pyshacl.__version__)"]
    ).split()  # fmt: skip
    names = ("pyoxigraph", "rdflib", "pyshacl")
    return (
        f"{cpu}, nproc {os.cpu_count()}, {mem} GB RAM; Python {platform.python_version()}; "
        + ", ".join(f"{n} {v}" for n, v in zip(names, versions, strict=False))
        + f"; load average before the run {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (documents)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts to build with")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench", help="where corpora and stores go")
    ap.add_argument("--markdown", type=Path, help="write the table here (Markdown)")
    ap.add_argument("--keep", action="store_true", help="keep the stores (they are large)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x]
    jobs = [int(x) for x in args.jobs.split(",") if x]
    header = f"machine: {machine()}"
    rows, commands = [], []
    for size in sizes:
        folder = args.work / f"corpus-{size}"
        manifest = ensure_corpus(size, args.seed, folder)
        commands.append(f"python bench/corpus.py --docs {size} --seed {args.seed} --out {folder}")
        for j in jobs:
            r = run_build(folder, args.work / f"store-{size}-j{j}", j, sys.executable)
            commands.append(str(r["command"]))
            rows.append(row(manifest, j, r))
            print(" | ".join(rows[-1]), flush=True)
            if not args.keep:
                shutil.rmtree(args.work / f"store-{size}-j{j}", ignore_errors=True)
    table = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join(["## Build", "", header, "", *table, "", "Commands:", "", "```", *commands, "```", ""])
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
