"""Theme tagging against hand-made gold (tests/gold/themes/: per measure, its trade-facilitation themes).

Like graph.evaluate, it reads the built store through named queries (measures.rq and measures-by-theme.rq), so
it scores what a researcher would get. Gold measures are aligned to extracted ones by their opening words, the
same way the measure evaluation aligns them; themes on extracted measures that match no gold measure are not
counted (they are a segmentation error, scored by graph.evaluate), but their number is reported.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from graph.evaluate import Evaluation, _align, named_rows

THEME_BASE = "https://w3id.org/tradekg/id/theme/"


def _slug(iri: str) -> str:
    return iri.removeprefix(THEME_BASE)


def evaluate_themes(store: ox.Store, queries_dir: Path, gold_files: list[Path]) -> Evaluation:
    """Precision and recall of (measure, theme) pairs, per language (`en.theme`, `zh.theme`) and per theme
    (`en.theme.single-window` …); `misses` lists every false positive and false negative with its trigger.

    `en.theme` counts the themes of gold measures the extractor did not find as misses; `en.theme-aligned` counts
    only gold measures it found, so tagging quality can be told apart from segmentation quality."""
    measures = named_rows(store, queries_dir, "measures")
    tagged: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (source, ordinal) → theme → trigger
    for r in named_rows(store, queries_dir, "measures-by-theme"):
        tagged[(Path(r["source"]).name, r["ordinal"])][_slug(r["theme"])] = r.get("trigger", "")
    present = {Path(r["source"]).name for r in measures}
    ev = Evaluation()
    unaligned = 0
    for path in sorted(gold_files):
        gold = json.loads(path.read_text(encoding="utf-8"))
        src, lang = gold["doc"], gold.get("lang", "en")
        if src not in present:
            continue
        mine = [r for r in measures if Path(r["source"]).name == src]
        aligned = _align(gold["measures"], mine)
        unaligned += sum(1 for r in mine if r["ordinal"] not in aligned.values() and tagged.get((src, r["ordinal"])))
        for g in gold["measures"]:
            want = set(g["themes"])
            got = tagged.get((src, aligned.get(g["ordinal"], "-")), {})
            keys = [f"{lang}.theme"] + ([f"{lang}.theme-aligned"] if g["ordinal"] in aligned else [])
            for theme in want | set(got):
                tp, fp = int(theme in want and theme in got), int(theme in got and theme not in want)
                fn = int(theme in want and theme not in got)
                for key in (*keys, f"{lang}.theme.{theme}"):
                    ev.add(key, tp, fp, fn)
                if fp:
                    ev.misses.append(f"{src} #{g['ordinal']}: extra {theme} (trigger {got[theme]!r})")
                if fn:
                    ev.misses.append(f"{src} #{g['ordinal']}: missing {theme}")
    if unaligned:
        ev.misses.append(f"{unaligned} tagged measures match no gold measure (not scored)")
    return ev
