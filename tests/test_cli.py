"""The command line as a user meets it: help, query formats, exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from graph.build import BuildReport
from graph.cli import main


@pytest.mark.parametrize("command", ["build", "query", "validate", "stats"])
def test_help_is_complete(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "--store" in result.output
    assert len(result.output.splitlines()) >= 6


def test_top_level_help_documents_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output
    assert all(c in result.output for c in ("build", "query", "validate", "stats"))


def test_query_csv_has_the_contract_header(runner: CliRunner, seed_build: BuildReport) -> None:
    result = runner.invoke(
        main, ["query", "--store", str(seed_build.store), "--format", "csv", "ontology/queries/responsibilities.rq"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["source", "ordinal", "department", "labels"]
    assert len({(r["source"], r["ordinal"], r["department"]) for r in rows}) == 34


@pytest.mark.parametrize("fmt", ["tsv", "json", "xml", "table"])
def test_query_formats(runner: CliRunner, seed_build: BuildReport, fmt: str) -> None:
    result = runner.invoke(
        main,
        [
            "query",
            "--store",
            str(seed_build.store),
            "--format",
            fmt,
            "SELECT (COUNT(*) AS ?n) WHERE { ?m a tkg:Measure }",
        ],
    )
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.output)["results"]["bindings"][0]["n"]["value"] == "58"
    else:
        assert "58" in result.output


def test_ask_and_construct(runner: CliRunner, seed_build: BuildReport) -> None:
    store = str(seed_build.store)
    ask = runner.invoke(main, ["query", "--store", store, "ASK { ?m a tkg:Measure }"])
    assert ask.output.strip() == "true"
    construct = runner.invoke(
        main, ["query", "--store", store, "--format", "nt", "CONSTRUCT { ?m a tkg:Measure } WHERE { ?m a tkg:Measure }"]
    )
    assert construct.exit_code == 0
    assert len(construct.output.strip().splitlines()) == 58


def test_bad_query_is_exit_2_with_the_parser_message(runner: CliRunner, seed_build: BuildReport) -> None:
    result = runner.invoke(main, ["query", "--store", str(seed_build.store), "SELECT * WHERE { ?s ?p }"])
    assert result.exit_code == 2
    assert "syntax" in result.output.lower()


def test_missing_store_is_exit_5(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["stats", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 5
    assert "no finished build" in result.output


def test_stats_and_validate(runner: CliRunner, seed_build: BuildReport) -> None:
    stats = runner.invoke(main, ["stats", "--store", str(seed_build.store), "--json"])
    assert stats.exit_code == 0
    numbers = json.loads(stats.output)
    assert numbers["measures"] == 58 and numbers["responsibilities"] == 34 and numbers["documents"] == 5
    valid = runner.invoke(main, ["validate", "--store", str(seed_build.store)])
    assert valid.exit_code == 0, valid.output
    assert "5 document graph(s) conform" in valid.output


def test_build_prints_a_summary_table(runner: CliRunner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(main, ["build", "seeds", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "002_c976026b26af7936.txt" in result.output
    assert "vocabulary gaps" in result.output or "gaps" in result.output
