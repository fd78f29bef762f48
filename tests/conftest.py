"""Shared fixtures: the project's folders, a gazetteer, a store built from the seeds, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.build import BuildReport, build
from graph.extract import gazetteer
from graph.extract.gazetteer import Gazetteer
from graph.settings import PROJECT_ROOT, Settings
from graph.store import open_store

SEEDS = PROJECT_ROOT / "seeds"
TESTS = PROJECT_ROOT / "tests"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def gaz(settings: Settings) -> Gazetteer:
    return gazetteer.load(settings.ontology_dir)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> BuildReport:
    """A store built once from seeds/, shared by the tests that only read it."""
    return build([SEEDS], tmp_path_factory.mktemp("seedstore") / "store", settings)


@pytest.fixture(scope="session")
def kg(seed_build: BuildReport) -> ox.Store:
    return open_store(seed_build.store)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))
