"""Figure extraction against hand-made gold (tests/gold/figures/: per document, its figures as written).

Through the named query figures.rq, like the other evaluations. A gold figure and an extracted one match when
they state the same number and one text contains the other ("over 70%" holds "70%"; "1,300 specific measures"
is not found by an extractor that only knows "measures" right after a number).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from graph.evaluate import Evaluation, named_rows

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _number(text: str) -> str | None:
    m = _NUMBER.search(text)
    return m.group(0).replace(",", "") if m else None


def _same(gold: str, got: str) -> bool:
    g, x = gold.casefold(), got.casefold()
    return _number(g) is not None and _number(g) == _number(x) and (g in x or x in g)


def evaluate_figures(store: ox.Store, queries_dir: Path, gold_files: list[Path]) -> Evaluation:
    """Precision and recall of figures per language (`en.figure`, `zh.figure`); misses name each one."""
    found: dict[str, list[str]] = defaultdict(list)
    for r in named_rows(store, queries_dir, "figures"):
        found[Path(r["source"]).name].append(r["text"])
    ev = Evaluation()
    for path in sorted(gold_files):
        gold = json.loads(path.read_text(encoding="utf-8"))
        src, lang = gold["doc"], gold.get("lang", "en")
        if src not in found and not gold["figures"]:
            continue
        left = list(found.get(src, []))
        tp = 0
        for want in gold["figures"]:
            hit = next((i for i, got in enumerate(left) if _same(want, got)), None)
            if hit is None:
                ev.misses.append(f"{src}: missing figure {want!r}")
            else:
                tp += 1
                left.pop(hit)
        ev.misses += [f"{src}: extra figure {x!r}" for x in left]
        ev.add(f"{lang}.figure", tp, len(left), len(gold["figures"]) - tp)
    return ev
