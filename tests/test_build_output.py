"""What `tradekg build` prints for a corpus: a table a person can read at 10,000 documents (the first rows, how many
were left out, the totals), while --report-json keeps every document's row."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graph.cli import SHOWN_DOCUMENTS, main


def _corpus(folder: Path, n: int) -> list[str]:
    """`n` short notices, each with one numbered measure and a responsibility tag."""
    names = []
    for k in range(n):
        name = f"notice_{k:03d}.txt"
        (folder / name).write_text(
            f"Notice of Nanning Customs on Item {k}\n\n(1) Improve the inspection of goods at ports. "
            "Responsible unit: Port Control Division.\n",
            encoding="utf-8",
        )
        names.append(name)
    return names


def test_build_table_shows_the_first_rows_and_counts_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    names = _corpus(docs, SHOWN_DOCUMENTS + 3)
    report = tmp_path / "report.json"
    result = runner.invoke(main, ["build", str(docs), "--store", str(tmp_path / "s"), "--report-json", str(report)])
    assert result.exit_code == 0, result.output
    shown = [n for n in names if n in result.output]
    assert shown == names[:SHOWN_DOCUMENTS], "the first rows, in input order"
    assert "3 more documents" in result.output
    assert "total" in result.output
    rows = json.loads(report.read_text(encoding="utf-8"))["per_document"]
    assert [r["source"] for r in rows] == names, "the JSON report keeps every document"
    assert all(r["measures"] == 1 and r["triples"] > 0 for r in rows)


def test_a_small_build_shows_every_row(runner: CliRunner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    names = _corpus(docs, 2)
    result = runner.invoke(main, ["build", str(docs), "--store", str(tmp_path / "s"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert all(n in result.output for n in names)
    assert "more documents" not in result.output
