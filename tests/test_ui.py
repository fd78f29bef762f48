"""The query page, its examples and search, over HTTP against a real server on the seed store."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

from graph.settings import PROJECT_ROOT

QUERIES = PROJECT_ROOT / "ontology" / "queries"
JSON = {"Accept": "application/json"}


class Assets(HTMLParser):
    """Every URL the browser would fetch on its own: scripts, stylesheets and icons, images, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source") and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")


def assets(html: str) -> list[str]:
    parser = Assets()
    parser.feed(html)
    return parser.urls


def yasgui_version() -> str:
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/@zazuko/yasgui"]["version"])


def test_page_and_assets_are_served_by_our_host(server: str) -> None:
    resp = requests.get(server, headers={"Accept": "text/html"}, timeout=30)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/html")
    urls = assets(resp.text)
    assert any(u.endswith("yasgui.min.js") for u in urls) and any(u.endswith("yasgui.min.css") for u in urls)
    host = urlsplit(server).netloc
    for url in urls:
        absolute = urljoin(server, url)
        assert urlsplit(absolute).netloc == host, f"{url} is not on our host"
        got = requests.get(absolute, timeout=30)
        assert got.status_code == 200, url
        if "/vendor/" in url:
            assert f"/{yasgui_version()}/" in url, "the pinned version is in the URL"
            assert "immutable" in got.headers["Cache-Control"]
    css = requests.get(urljoin(server, next(u for u in urls if u.endswith("yasgui.min.css"))), timeout=30).text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), "the stylesheet pulls nothing from the web"
    assert "/queries.json" in resp.text and "/search" in resp.text and "/sparql?format=turtle" in resp.text


def test_only_the_pinned_bundle_is_served_from_node_modules(server: str) -> None:
    base = f"{server}vendor/yasgui/{yasgui_version()}/"
    assert requests.get(base + "package.json", timeout=30).status_code == 404
    assert requests.get(base + "../../../graph/settings.py", timeout=30).status_code == 404
    assert requests.get(f"{server}vendor/yasgui/0.0.0/yasgui.min.js", timeout=30).status_code == 404


def test_examples_json_lists_every_named_query(server: str) -> None:
    doc = requests.get(server + "queries.json", timeout=30).json()
    names = [q["name"] for q in doc["queries"]]
    assert names == [p.stem for p in sorted(QUERIES.glob("*.rq"))]
    for q in doc["queries"]:
        assert q["title"]
        text = requests.get(q["url"], timeout=30)
        assert text.status_code == 200 and text.headers["Content-Type"].startswith("application/sparql-query")
        assert text.text == (QUERIES / f"{q['name']}.rq").read_text(encoding="utf-8") == q["query"]
    page = requests.get(server, headers={"Accept": "text/html"}, timeout=30).text
    assert all(f'href="#query={name}"' in page for name in names)
    assert requests.get(server + "queries/no-such-query.rq", headers=JSON, timeout=30).status_code == 404


def labels(server: str, lang: str) -> list[tuple[str, str]]:
    """(IRI, label) of departments and zones with a preferred label in `lang`, read over SPARQL."""
    query = f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX tkg: <https://w3id.org/tradekg/ontology#>
        SELECT DISTINCT ?e ?l WHERE {{
          VALUES ?c {{ tkg:GovernmentBody tkg:Zone }} ?e a ?c ; skos:prefLabel ?l FILTER (LANG(?l) = "{lang}")
        }} ORDER BY ?e LIMIT 200"""
    resp = requests.post(server + "sparql", data={"query": query}, headers=JSON, timeout=30)
    return [(b["e"]["value"], b["l"]["value"]) for b in resp.json()["results"]["bindings"]]


def search(server: str, q: str, **params: str) -> dict[str, object]:
    resp = requests.get(server + "search.json", params={"q": q, "limit": "500", **params}, timeout=60)
    assert resp.status_code == 200, resp.text
    doc: dict[str, object] = resp.json()
    return doc


def iris(doc: dict[str, object]) -> set[str]:
    return {r["iri"] for r in doc["results"]}  # type: ignore[attr-defined]


def test_search_finds_a_chinese_label_by_a_two_character_substring(server: str) -> None:
    iri, label = next((i, lab) for i, lab in labels(server, "zh") if len(lab) >= 4)
    part = label[1:3]  # inside the label: neither its start nor its end
    doc = search(server, part)
    assert iri in iris(doc), f"{part!r} (from {label!r}) did not find {iri}"
    hit = next(r for r in doc["results"] if r["iri"] == iri)  # type: ignore[attr-defined]
    assert hit["labels"]["zh"] == label and hit["labels"].get("en")
    assert [hit["snippet"][b:e] for b, e in hit["marks"]] == [part]
    assert hit["page"] == "/" + iri.split("/tradekg/", 1)[1]


def test_search_finds_an_english_label_by_one_word_in_any_case(server: str) -> None:
    iri, label = next((i, lab) for i, lab in labels(server, "en") if len(lab.split()) >= 2)
    word = max(re.findall(r"[A-Za-z]+", label), key=len)
    for q in (word.upper(), word.lower()):
        assert iri in iris(search(server, q)), f"{q!r} (from {label!r}) did not find {iri}"


def test_search_for_nonsense_is_an_empty_list(server: str) -> None:
    for q in ("qzxqzxqzx", "〇〇〇", "!!!", ""):
        doc = search(server, q)
        assert doc["results"] == [] and doc["count"] == 0


def test_search_page_marks_matches_and_has_a_json_twin(server: str) -> None:
    iri, label = labels(server, "zh")[0]
    page = requests.get(server + "search", params={"q": label}, headers={"Accept": "text/html"}, timeout=60)
    assert page.status_code == 200 and f"<mark>{label}</mark>" in page.text
    assert 'href="/' + iri.split("/tradekg/", 1)[1] + '"' in page.text
    twin = requests.get(server + "search", params={"q": label}, headers=JSON, timeout=60)
    assert twin.headers["Content-Type"].startswith("application/json") and iri in iris(twin.json())


def test_bad_search_parameters_are_4xx_with_a_message(server: str) -> None:
    for params in ({"q": "x" * 500}, {"q": "port", "limit": "many"}, {"q": "port", "limit": "0"}):
        resp = requests.get(server + "search.json", params=params, headers=JSON, timeout=30)
        assert resp.status_code == 400 and resp.json()["error"]
