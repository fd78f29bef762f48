"""Measure extraction against hand-made gold annotations (tests/gold/, written by the project's annotation rules).

The comparison goes through the same four named queries a researcher (or an outside scorer) uses, so it measures
what the graph answers, not what the extractor meant. Precision, recall and F1 per language for document fields,
measures, responsibilities and each entity type.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.store import query, term_text

ENTITY_TYPES = ("department", "zone", "zone_type", "agreement", "person", "place", "campaign", "law_or_plan")
_LEAD = re.compile(
    r"^(?:\(?[0-9]+[)、.]?|\(?[ivxlc]+[).]|\([a-z]+(?:-[a-z]+)?\)|article \d+|[一二三四五六七八九十]+[、是]|"
    r"（[一二三四五六七八九十0-9]+）|(?:the )?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:ly)?(?: is(?: to)?)?,?)\s*"
)


def normal(text: str) -> str:
    """Case-, width- and punctuation-insensitive form used for every comparison."""
    t = unicodedata.normalize("NFKC", text or "").casefold()
    t = re.sub(r"[\"'`‘’“”]", "", t)
    t = re.sub(r"[^\w\u4e00-\u9fff]+", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"^the ", "", t)


def opening(text: str, n: int = 5) -> str:
    """The first words (or, for Chinese, characters) of a measure, without its enumerator or prose ordinal."""
    t = unicodedata.normalize("NFKC", text or "").casefold().strip()
    for _ in range(2):
        t = _LEAD.sub("", t, count=1)
    t = normal(t)
    if re.search(r"[\u4e00-\u9fff]", t[:6]):
        return t.replace(" ", "")[: 2 * n + 2]
    return " ".join(t.split()[:n])


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[str] = field(default_factory=list)

    def add(self, key: str, tp: int, fp: int, fn: int) -> None:
        s = self.scores[key]
        s.tp, s.fp, s.fn = s.tp + tp, s.fp + fp, s.fn + fn

    def table(self) -> str:
        rows = [f"{'metric':30s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp   fp   fn"]
        for key in sorted(self.scores):
            s = self.scores[key]
            rows.append(f"{key:30s} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}")
        return "\n".join(rows)


def named_rows(store: ox.Store, queries_dir: Path, name: str) -> list[dict[str, str]]:
    result = query(store, (queries_dir / f"{name}.rq").read_text(encoding="utf-8"))
    return [dict(zip(result.variables, (term_text(v) for v in row), strict=True)) for row in result.rows()]


def _aliases(entity: dict) -> set[str]:
    return {normal(a) for a in [entity["name"], *entity.get("aliases", []), *entity.get("variants", [])]}


def _labels(row: dict[str, str], main: str) -> set[str]:
    return {normal(x) for x in [row.get(main, ""), *row.get("labels", "").split("|")] if x}


def _align(gold: list[dict], predicted: list[dict[str, str]]) -> dict[int, str]:
    """Gold ordinal → predicted ordinal, matching measure openings in document order."""
    out: dict[int, str] = {}
    used: set[str] = set()
    for g in gold:
        want = opening(g["label_prefix"])
        for p in predicted:
            if p["ordinal"] in used or not want:
                continue
            got = normal(p["text"]) if not re.search(r"[\u4e00-\u9fff]", want) else normal(p["text"]).replace(" ", "")
            pos = got.find(want)
            if 0 <= pos <= 40:
                out[g["ordinal"]] = p["ordinal"]
                used.add(p["ordinal"])
                break
    return out


def evaluate_doc(gold: dict, rows: dict[str, list[dict[str, str]]], ev: Evaluation) -> None:
    src, lang = gold["doc"], gold.get("lang", "en")
    mine = {q: [r for r in rows[q] if Path(r["source"]).name == src] for q in rows}
    doc = mine["documents"][0] if mine["documents"] else {}
    for field_name, column in (("date", "date"), ("doc_number", "number"), ("issuer", "issuer"), ("title", "title")):
        want = gold.get(field_name)
        got = doc.get(column, "")
        if not want:
            ev.add(f"{lang}.doc_{field_name}", 0, int(bool(got)), 0)
            continue
        if field_name == "title":
            ok = bool(got) and opening(want, 6) in normal(got).replace(" ", "" if lang == "zh" else " ")
        else:
            ok = normal(got) == normal(want) or (bool(got) and normal(want) in normal(got))
        ev.add(f"{lang}.doc_{field_name}", int(ok), int(bool(got) and not ok), int(not ok))
        if not ok:
            ev.misses.append(f"{src}: {field_name} {want!r} ≠ {got!r}")
    gm = gold["measures"] if gold.get("measure_list") else []
    pm = mine["measures"]
    aligned = _align(gm, pm)
    if gold.get("measure_list"):
        ev.add(f"{lang}.measures", len(aligned), len(pm) - len(aligned), len(gm) - len(aligned))
        ev.misses += [
            f"{src}: measure {g['ordinal']} missing: {g['label_prefix']!r}" for g in gm if g["ordinal"] not in aligned
        ]
    elif pm:
        ev.add(f"{lang}.measures", 0, len(pm), 0)
    entities = {normal(e["name"]): _aliases(e) for e in gold.get("entities", [])}
    by_measure: dict[str, list[set[str]]] = defaultdict(list)
    for r in mine["responsibilities"]:
        by_measure[r["ordinal"]].append(_labels(r, "department"))
    tp = fp = fn = 0
    for g in gm:
        predicted = by_measure.get(aligned.get(g["ordinal"], "-"), [])
        wanted = [entities.get(normal(d), {normal(d)}) for d in g.get("responsible", [])]
        found = [any(w & x for x in predicted) for w in wanted]
        tp += sum(found)
        fn += len(found) - sum(found)
        fp += sum(1 for x in predicted if not any(w & x for w in wanted))
        ev.misses += [
            f"{src}: measure {g['ordinal']} lacks {d!r}"
            for d, h in zip(g.get("responsible", []), found, strict=True)
            if not h
        ]
    fp += sum(len(v) for k, v in by_measure.items() if k not in aligned.values())
    if gm or by_measure:
        ev.add(f"{lang}.responsibility", tp, fp, fn)
    generic = {normal(x) for x in gold.get("generic", [])}
    for kind in ENTITY_TYPES:
        gold_entities = [e for e in gold.get("entities", []) if e["type"] == kind]
        mentioned = [r for r in mine["mentions"] if r["type"] == kind]
        used: set[int] = set()
        for e in gold_entities:
            al = _aliases(e)
            hit = next((i for i, r in enumerate(mentioned) if i not in used and _labels(r, "label") & al), None)
            if hit is None:
                ev.misses.append(f"{src}: {kind} missing: {e['name']!r}")
            else:
                used.add(hit)
        extra = [r for i, r in enumerate(mentioned) if i not in used and normal(r["label"]) not in generic]
        ev.misses += [f"{src}: extra {kind}: {r['label']!r}" for r in extra]
        for key in (f"{lang}.entity.{kind}", f"{lang}.entity.all"):
            ev.add(key, len(used), len(extra), len(gold_entities) - len(used))


def evaluate(store: ox.Store, queries_dir: Path, gold_files: list[Path]) -> Evaluation:
    """Score the built `store` against every gold file whose document it holds."""
    rows = {q: named_rows(store, queries_dir, q) for q in ("documents", "measures", "responsibilities", "mentions")}
    present = {Path(r["source"]).name for r in rows["documents"]}
    ev = Evaluation()
    for path in sorted(gold_files):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["doc"] in present:
            evaluate_doc(gold, rows, ev)
    return ev
