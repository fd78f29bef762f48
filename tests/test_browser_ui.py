"""The query page and search in headless Chromium: a named query runs and its rows appear; a search shows results."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import ARTIFACTS

EXAMPLE = "documents"  # small enough that every row is on the table's first page
WAIT = 30


def http_rows(server: str, name: str) -> int:
    text = requests.get(f"{server}queries/{name}.rq", timeout=30).text
    resp = requests.post(f"{server}sparql", data={"query": text}, headers={"Accept": "application/json"}, timeout=60)
    return len(resp.json()["results"]["bindings"])


def fetched_hosts(browser: Any) -> set[str]:
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return {urlsplit(u).netloc for u in [browser.current_url, *urls]}


def test_a_named_query_runs_and_shows_its_rows(server: str, browser: Any) -> None:
    browser.get(server)
    wait = WebDriverWait(browser, WAIT)
    wait.until(lambda b: b.execute_script("return !!window.tradekgYasgui"))
    browser.find_element(By.CSS_SELECTOR, f'a.example[data-name="{EXAMPLE}"]').click()
    editor = ".tabPanel.active"
    wait.until(lambda b: "tkg:PolicyDocument" in b.execute_script("return window.tradekgYasgui.getTab().getQuery()"))
    browser.find_element(By.CSS_SELECTOR, f"{editor} .yasqe_queryButton").click()
    chip = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, f"{editor} .yasr_response_chip")))
    wait.until(lambda b: re.match(r"\d+ result", chip.text))
    shown = int(chip.text.split()[0])
    rows = browser.find_elements(By.CSS_SELECTOR, f"{editor} .yasr table.dataTable tbody tr")
    expected = http_rows(server, EXAMPLE)
    assert expected > 0
    assert shown == len(rows) == expected
    assert fetched_hosts(browser) == {urlsplit(server).netloc}, "the page fetched something from another host"
    browser.save_screenshot(str(ARTIFACTS / "ui-results.png"))


def test_search_from_the_query_page_shows_results(server: str, browser: Any) -> None:
    query = "海关"
    browser.get(server)
    box = browser.find_element(By.CSS_SELECTOR, ".intro .search-box input[name=q]")
    box.send_keys(query, Keys.ENTER)
    wait = WebDriverWait(browser, WAIT)
    wait.until(ec.presence_of_element_located((By.ID, "search-summary")))
    hits = browser.find_elements(By.CSS_SELECTOR, ".search-results .hit")
    expected = requests.get(f"{server}search.json", params={"q": query}, timeout=60).json()["count"]
    assert hits and len(hits) == expected
    marks = browser.find_elements(By.CSS_SELECTOR, ".search-results .hit .snippet mark")
    assert marks and all(m.text == query for m in marks)
    browser.save_screenshot(str(ARTIFACTS / "search.png"))
