"""Resource pages in headless Chromium: highlighted evidence is visible and reads as the evidence anchors say.

Screenshots go to build/test-artifacts/ (measure-page.png, document-page.png); tests never write into the tree, so
docs/screenshot-measure.png (the README's) is refreshed by hand from the artefact.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from graph.namespaces import PREFIXES
from graph.settings import Settings
from tests.conftest import ARTIFACTS

BASE = Settings().base_iri


def _rows(kg: ox.Store, query: str) -> list[dict[str, str]]:
    solutions = kg.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


@pytest.fixture(scope="module")
def measure(kg: ox.Store) -> str:
    """The measure with the most evidence records about it (a full-looking page for the screenshot)."""
    return _rows(
        kg,
        """SELECT ?m (COUNT(?ev) AS ?n) WHERE { ?m a tkg:Measure . ?ev rdf:subject ?m .
             ?r rdf:subject ?m ; rdf:predicate tkg:responsibleUnit } GROUP BY ?m ORDER BY DESC(?n) ?m LIMIT 1""",
    )[0]["m"]


def _open(browser: Any, url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "footer.site")))


def test_measure_page_shows_highlighted_evidence(browser: Any, server: str, kg: ox.Store, measure: str) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, server + measure[len(BASE) :])
    marks = browser.find_elements(By.CSS_SELECTOR, "blockquote.passage mark.f-responsibleUnit:not(.cont)")
    assert marks, "responsibilities are highlighted"
    anchors = {
        r["a"]
        for r in _rows(
            kg,
            f"SELECT ?a WHERE {{ ?ev rdf:subject <{measure}> ; rdf:predicate tkg:responsibleUnit ; nif:anchorOf ?a }}",
        )
    }
    assert {m.text for m in marks} == anchors
    for mark in marks:
        assert mark.is_displayed()
        colour = mark.value_of_css_property("background-color")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), "a highlighted span has a background"
        assert "rule" in (mark.get_attribute("title") or "")
    browser.find_element(By.CSS_SELECTOR, "dl.facts")  # document, section, departments, themes…
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "measure-page.png"
    assert browser.save_screenshot(str(shot))


def test_document_page_shows_full_text(browser: Any, server: str, kg: ox.Store, measure: str) -> None:
    from selenium.webdriver.common.by import By

    doc = _rows(kg, f"SELECT ?d WHERE {{ <{measure}> tkg:inDocument ?d }}")[0]["d"]
    _open(browser, server + doc[len(BASE) :])
    text = browser.find_element(By.CSS_SELECTOR, "pre.doctext")
    full = _rows(kg, f"SELECT ?t WHERE {{ <{doc}> tkg:text/nif:isString ?t }}")[0]["t"]
    assert text.text.split() == full.split(), "the whole text is shown, once"
    marks = browser.find_elements(By.CSS_SELECTOR, "pre.doctext mark.f")
    assert len(marks) > 10
    legend = browser.find_elements(By.CSS_SELECTOR, ".legend .swatch")
    assert legend
    assert browser.save_screenshot(str(ARTIFACTS / "document-page.png"))
