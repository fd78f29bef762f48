"""Shared fixtures: the project's folders, a gazetteer, a store built from the seeds, a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def server(seed_build: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`tradekg serve` on the seed store, as a real process on a free port; yields its root URL."""
    from tests.server import running

    log = tmp_path_factory.mktemp("server") / "server.log"
    with running(seed_build.store, env={"TRADEKG_TIMEOUT": "20"}, log=log) as root:
        yield root


ARTIFACTS = PROJECT_ROOT / "build" / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Selenium through Debian's chromedriver (installed by `make test`)."""
    import shutil

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("Debian's chromium and chromium-driver are not installed (make test installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield chrome
    finally:
        chrome.quit()
