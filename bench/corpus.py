"""Generate a benchmark corpus of customs policy documents, English and Chinese, deterministically from a seed.

    python bench/corpus.py --docs 10000 --seed 1 --out build/corpus-10k [--lang en,zh]

Each document is composed from grammar.py's phrases and the vocabularies' names (lexicon.py): a title that may issue
a package of measures, a document number, a date, an addressee, a preamble (with a person and post), optional
sections, numbered measures in one of the numbering styles the extractor reads, each closed by a responsibility tag in
one of the genre's forms, with zones, places, agreements, figures and deadlines. Document i depends only on (seed, i),
so a corpus can be written in any order and re-written identically. Files are streamed to disk (constant memory)
under <out>/<lang>/<i // 1000>/; <out>/manifest.json counts documents, bytes, measures and responsibilities, and
<out>/manifest.tsv lists what each file holds, so a build can be checked against what was written.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import grammar as gr  # noqa: E402
from lexicon import District, Lexicon, Name, load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VERSION = "1"

# Measure enumerators: style → (token for measure n, section styles it may sit under, most measures it allows).
EN_MEASURE: dict[str, tuple[Callable[[int], str], tuple[str, ...], int]] = {
    "paren-arabic": (lambda n: f"({n}) ", ("none", "roman-dot", "upper-letter"), 40),
    "dot-arabic": (lambda n: f"{n}. ", ("none", "roman-dot", "upper-letter"), 40),
    "rparen-arabic": (lambda n: f"{n}) ", ("none", "roman-dot", "upper-letter"), 40),
    "paren-word": (lambda n: f"({gr.en_cardinal(n)}) ", ("none", "roman-dot"), 40),
    "paren-roman": (lambda n: f"({gr.roman(n)}) ", ("none", "upper-letter"), 30),
    "article": (lambda n: f"Article {n} ", ("none", "chapter"), 40),
    "circled": (lambda n: "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1] + " ", ("none", "roman-dot"), 20),
    "decimal": (lambda n: "", ("decimal",), 40),
    "word-comma": (lambda n: gr.en_ordinal(n).capitalize() + ", ", ("none", "upper-letter"), 19),
    "word-is": (lambda n: f"The {gr.en_ordinal(n)} is to ", ("none", "upper-letter"), 19),
}
ZH_MEASURE: dict[str, tuple[Callable[[int], str], tuple[str, ...], int]] = {
    "zh-paren": (lambda n: f"（{gr.zh_number(n)}）", ("none", "zh-dun"), 40),
    "paren-arabic": (lambda n: f"（{n}）", ("none", "zh-dun"), 40),
    "dot-arabic": (lambda n: f"{n}.", ("none", "zh-dun"), 40),
    "dun-arabic": (lambda n: f"{n}、", ("none", "zh-dun"), 40),
    "zh-dun": (lambda n: f"{gr.zh_number(n)}、", ("none", "zh-part"), 40),
    "zh-article": (lambda n: f"第{gr.zh_number(n)}条 ", ("none", "zh-chapter"), 40),
    "circled": (lambda n: "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1], ("none", "zh-dun"), 20),
    "zh-shi": (lambda n: f"{gr.zh_number(n)}是", ("none", "zh-part"), 19),
}
SECTION: dict[str, Callable[[int], str]] = {
    "roman-dot": lambda k: f"{gr.roman(k)}. ",
    "upper-letter": lambda k: f"{chr(64 + k)}. ",
    "chapter": lambda k: f"Chapter {gr.roman(k)} ",
    "decimal": lambda k: f"{k}. ",
    "zh-dun": lambda k: f"{gr.zh_number(k)}、",
    "zh-part": lambda k: f"第{gr.zh_number(k)}部分 ",
    "zh-chapter": lambda k: f"第{gr.zh_number(k)}章 ",
}


@dataclass
class Doc:
    text: str
    measures: int
    responsibilities: int


def _plain(names: list[Name]) -> list[Name]:
    """Names that read as one unit in a list (no "and", 和, 、, 及): a tag's names are split at those."""
    bad = (" and ", "和", "、", "及", "与", ",", "，", "(", "（")
    return [n for n in names if not any(b in n.en or b in n.zh for b in bad)]


class Writer:
    def __init__(self, lex: Lexicon, seed: int) -> None:
        self.lex = lex
        self.seed = seed
        self.units = _plain(lex.unit_types)
        self.gacc_units = _plain(lex.gacc_units)

    def document(self, i: int, lang: str) -> Doc:
        rng = random.Random(f"tradekg-bench/{self.seed}/{i}")
        gacc = rng.random() < 0.12
        district = rng.choice(self.lex.districts)
        return (self._en if lang == "en" else self._zh)(rng, district, gacc)

    # ------------------------------------------------------------------------------------------------ shared parts

    def _units(self, rng: random.Random, gacc: bool, k: int) -> list[Name]:
        return rng.sample(self.gacc_units if gacc else self.units, k)

    def _layout(self, rng: random.Random, styles: dict[str, tuple[Callable[[int], str], tuple[str, ...], int]]):
        style = rng.choice(sorted(styles))
        token, section_styles, most = styles[style]
        section = rng.choice(section_styles)
        n = rng.randint(7, min(most, 20))
        groups = [n] if section == "none" else _split(rng, n)
        return style, token, section, groups

    # ------------------------------------------------------------------------------------------------ English

    def _en_tag(self, rng: random.Random, gacc: bool) -> tuple[str, int, str]:
        """A responsibility tag; returns (text, names in it, where it goes: "inline" or "line")."""
        r = self.lex.roles
        resp, lead, coop = (
            rng.choice(r["responsible", "en"]),
            rng.choice(r["lead", "en"]),
            rng.choice(r["cooperating", "en"]),
        )
        form = rng.randrange(7)
        k = rng.randint(1, 3)
        names = [u.en for u in self._units(rng, gacc, k + 1)]
        first, rest = names[0], names[1 : k + 1]
        noun = "departments" if k > 1 else "department"
        if form == 0:
            return f"({resp.capitalize()} department: {first})", 1, "inline"
        if form == 1:
            return f"({resp.capitalize()} {noun}: {', '.join(names[:k])})", k, "inline"
        if form == 2:
            return (
                f"({lead.capitalize()} department: {first}; {coop.capitalize()} {noun}: {', '.join(rest)})",
                1 + k,
                "inline",
            )
        if form == 3:
            return f"({lead.capitalize()}: {first}; {coop.capitalize()}: {', '.join(rest)})", 1 + k, "inline"
        if form == 4:
            return f"[{lead.capitalize()}] {first} [{coop.capitalize()}] {', '.join(rest)}", 1 + k, "inline"
        if form == 5:
            return f"({resp.capitalize()} departments: {first} (lead), {', '.join(rest)})", 1 + k, "inline"
        return f"{lead.capitalize()} department: {first}\n{coop.capitalize()} {noun}: {', '.join(rest)}", 1 + k, "line"

    def _en_measure(self, rng: random.Random, district: District, gacc: bool, year: int) -> tuple[str, int]:
        verb, obj = rng.choice(gr.EN_VERBS), rng.choice(gr.EN_OBJECTS)
        where = rng.random()
        if where < 0.3:
            qual = f" in the {rng.choice(self.lex.zones).en}"
        elif where < 0.45:
            qual = f" under the {rng.choice(self.lex.agreements).en}"
        elif where < 0.6:
            qual = f" in {rng.choice(self.lex.zone_types).en}s of {district.place_en}"
        elif where < 0.75:
            qual = f" for enterprises in {rng.choice(self.lex.places).en}"
        else:
            qual = ""
        parts = [f"{verb} {obj}{qual}."]
        parts += rng.sample(gr.EN_CLAUSES, rng.randint(1, 2))
        if rng.random() < 0.4:
            parts.append(gr.en_figure(rng))
        if rng.random() < 0.3:
            parts.append(f"The work will be completed {gr.en_deadline(rng, year)}.")
        tag, count, place = self._en_tag(rng, gacc)
        body = " ".join(parts)
        return (f"{body} {tag}" if place == "inline" else f"{body}\n{tag}"), count

    def _en(self, rng: random.Random, district: District, gacc: bool) -> Doc:
        lex, year = self.lex, rng.randint(2015, 2025)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        issuer = lex.gacc.en if gacc and lex.gacc else district.name.en
        style, token, section, groups = self._layout(rng, EN_MEASURE)
        total = sum(groups)
        kind = rng.randrange(3)
        if kind == 0:
            title = f"Notice of {issuer} on Printing and Distributing the {total} Measures {rng.choice(gr.EN_PURPOSES)}"
        elif kind == 1:
            title = f"Announcement of {issuer} on {rng.choice(gr.EN_TOPICS)}"
        else:
            title = f"Implementation Opinions of {issuer} on {rng.choice(gr.EN_TOPICS)}"
        n = rng.randint(1, 180)
        if gacc:
            number = f"GACC Announcement No. {n} of {year}"
        else:
            number = f"{district.place_en} Customs Document [{year}] No. {n}"
        date = rng.choice(
            [
                f"{gr.MONTHS[month - 1]} {day}, {year}",
                f"{year}-{month:02d}-{day:02d}",
                f"{day} {gr.MONTHS[month - 1]} {year}",
            ]
        )
        who, _ = gr.person(rng)
        post = rng.choice(["Director", "Deputy Director"])
        lines = [title, number, f"Date: {date}", rng.choice(gr.EN_ADDRESSEES)]
        lines.append(
            f"In order to implement the decisions of the State Council on stabilising foreign trade and to serve "
            f"enterprises in {district.place_en}, {issuer} has formulated the following measures. {who}, {post} of "
            f"{issuer}, said that the measures respond to what enterprises asked for and will be reviewed each year. "
            f"The relevant requirements are hereby notified as follows:"
        )
        measures = responsibilities = 0
        ordinal = 0
        for k, size in enumerate(groups, 1):
            if section != "none":
                lines.append(SECTION[section](k) + rng.choice(gr.EN_HEADINGS))
            for j in range(1, size + 1):
                ordinal += 1
                text, count = self._en_measure(rng, district, gacc, year)
                if style == "word-is":
                    text = text[0].lower() + text[1:]
                enum = f"{k}.{j} " if style == "decimal" else token(ordinal)
                lines.append(enum + text)
                measures += 1
                responsibilities += count
        lines.append(f"These measures take effect from the date of issue. {issuer}")
        return Doc("\n".join(lines) + "\n", measures, responsibilities)

    # ------------------------------------------------------------------------------------------------ Chinese

    def _zh_tag(self, rng: random.Random, gacc: bool, year: int) -> tuple[str, int, str]:
        r = self.lex.roles
        resp, lead, coop = (
            rng.choice(r["responsible", "zh"]),
            rng.choice(r["lead", "zh"]),
            rng.choice(r["cooperating", "zh"]),
        )
        form = rng.randrange(7)
        k = rng.randint(1, 3)
        names = [u.zh for u in self._units(rng, gacc, k + 1)]
        first, rest = names[0], names[1 : k + 1]
        if form == 0:
            return f"（{resp}部门：{'、'.join(names[:k])}）", k, "inline"
        if form == 1:
            return f"（{lead}部门：{first}；{coop}部门：{'、'.join(rest)}）", 1 + k, "inline"
        if form == 2:
            return f"（{resp}单位：{first}；完成时限：{gr.zh_deadline(rng, year)}）", 1, "inline"
        if form == 3:
            return f"【{resp}部门】{'、'.join(names[:k])}", k, "inline"
        if form == 4:
            return f"【{lead}】{first}【{coop}】{'、'.join(rest)}", 1 + k, "inline"
        if form == 5:
            return f"（{resp}部门：{first}{lead}，{'、'.join(rest)}{coop}）", 1 + k, "inline"
        return f"{resp}单位：{'、'.join(names[:k])}", k, "line"

    def _zh_measure(self, rng: random.Random, district: District, gacc: bool, year: int) -> tuple[str, int]:
        verb, obj = rng.choice(gr.ZH_VERBS), rng.choice(gr.ZH_OBJECTS)
        where = rng.random()
        if where < 0.3:
            qual = f"在{rng.choice(self.lex.zones).zh}"
        elif where < 0.45:
            qual = f"围绕{rng.choice(self.lex.agreements).zh}实施，"
        elif where < 0.6:
            qual = f"在{district.name.zh}关区{rng.choice(self.lex.zone_types).zh}"
        elif where < 0.75:
            qual = f"支持{rng.choice(self.lex.places).zh}企业，"
        else:
            qual = ""
        parts = [f"{qual}{verb}{obj}。"]
        parts += rng.sample(gr.ZH_CLAUSES, rng.randint(1, 3))
        if rng.random() < 0.4:
            parts.append(gr.zh_figure(rng))
        if rng.random() < 0.3:
            parts.append(f"{gr.zh_deadline(rng, year)}完成相关工作。")
        tag, count, place = self._zh_tag(rng, gacc, year)
        body = "".join(parts)
        return (body + tag if place == "inline" else f"{body}\n{tag}"), count

    def _zh(self, rng: random.Random, district: District, gacc: bool) -> Doc:
        lex, year = self.lex, rng.randint(2015, 2025)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        issuer = lex.gacc.zh if gacc and lex.gacc else district.name.zh
        style, token, section, groups = self._layout(rng, ZH_MEASURE)
        total = sum(groups)
        purpose = rng.choice(gr.ZH_PURPOSES)
        kind = rng.randrange(3)
        if kind == 0:
            title = f"{issuer}关于印发《{issuer}{purpose}{total}条措施》的通知"
        elif kind == 1:
            title = f"{issuer}关于{rng.choice(gr.ZH_TOPICS)}的公告"
        else:
            title = f"{issuer}关于{rng.choice(gr.ZH_TOPICS)}的实施意见"
        n = rng.randint(1, 180)
        if gacc:
            number = f"海关总署公告{year}年第{n}号"
        else:
            number = f"{district.prefix_zh}{rng.choice('综办监贸法')}发〔{year}〕{n}号"
        date = rng.choice(
            [f"{year}年{month}月{day}日", f"{gr.zh_year(year)}年{gr.zh_number(month)}月{gr.zh_number(day)}日"]
        )
        _, who = gr.person(rng)
        post = rng.choice(["关长", "副关长"]) if not gacc else rng.choice(["署长", "副署长"])
        lines = [title, number, date, rng.choice(gr.ZH_ADDRESSEES)]
        lines.append(
            f"为贯彻落实国务院关于稳外贸的决策部署，服务{district.name.zh}关区企业发展，"
            f"{issuer}研究制定了以下措施。{issuer}{post}{who}表示，上述措施回应企业诉求，每年评估一次。现将有关要求通知如下："
        )
        measures = responsibilities = 0
        ordinal = 0
        for k, size in enumerate(groups, 1):
            if section != "none":
                lines.append(SECTION[section](k) + rng.choice(gr.ZH_HEADINGS))
            for _ in range(size):
                ordinal += 1
                text, count = self._zh_measure(rng, district, gacc, year)
                lines.append(token(ordinal) + text)
                measures += 1
                responsibilities += count
        lines.append(f"本措施自印发之日起施行。\n{issuer}\n{year}年{month}月{day}日")
        return Doc("\n".join(lines) + "\n", measures, responsibilities)


def _split(rng: random.Random, n: int) -> list[int]:
    """n measures in 2–4 sections of at least two each."""
    k = rng.randint(2, max(2, min(4, n // 2)))
    cuts = sorted(rng.sample(range(2, n - 1), k - 1)) if n > 2 * k else []
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    if any(s < 2 for s in sizes) or not cuts:
        return [n]
    return sizes


def generate(docs: int, seed: int, out: Path, langs: list[str], vocab: Path | None = None) -> dict[str, object]:
    """Write `docs` documents under `out`, with manifest.json and manifest.tsv; return the manifest."""
    writer = Writer(load(vocab or ROOT / "ontology" / "vocab"), seed)
    out.mkdir(parents=True, exist_ok=True)
    totals: dict[str, dict[str, int]] = {
        lang: {"docs": 0, "bytes": 0, "measures": 0, "responsibilities": 0} for lang in langs
    }
    started = time.perf_counter()
    with (out / "manifest.tsv").open("w", encoding="utf-8") as tsv:
        tsv.write("file\tlang\tbytes\tmeasures\tresponsibilities\n")
        for i in range(docs):
            lang = langs[i % len(langs)]
            doc = writer.document(i, lang)
            rel = Path(lang) / f"{i // 1000:03d}" / f"{lang}-{i:06d}.txt"
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            data = doc.text.encode("utf-8")
            path.write_bytes(data)
            tsv.write(f"{rel.as_posix()}\t{lang}\t{len(data)}\t{doc.measures}\t{doc.responsibilities}\n")
            t = totals[lang]
            t["docs"] += 1
            t["bytes"] += len(data)
            t["measures"] += doc.measures
            t["responsibilities"] += doc.responsibilities
    manifest: dict[str, object] = {
        "generator": f"bench/corpus.py {VERSION}",
        "seed": seed,
        "docs": docs,
        "langs": langs,
        "bytes": sum(t["bytes"] for t in totals.values()),
        "measures": sum(t["measures"] for t in totals.values()),
        "responsibilities": sum(t["responsibilities"] for t in totals.values()),
        "by_lang": totals,
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    ap.add_argument("--lang", default="en,zh", help="comma-separated languages, taken in turn (en, zh)")
    args = ap.parse_args(argv)
    langs = [x.strip() for x in args.lang.split(",") if x.strip()]
    if not langs or set(langs) - {"en", "zh"}:
        ap.error("--lang takes en, zh or both")
    manifest = generate(args.docs, args.seed, args.out, langs)
    print(json.dumps({k: manifest[k] for k in ("docs", "bytes", "measures", "responsibilities", "seconds")}))


if __name__ == "__main__":
    main()
