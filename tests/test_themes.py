"""Theme tagging (graph/extract/themes.py) and the theme and TFA vocabularies it reads.

The texts below are invented for the test, in the genre's phrasing; none is a seed sentence.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.extract.gazetteer import Gazetteer, load_graph
from graph.extract.records import DocumentRecord, Measure, Mention, Span
from graph.extract.themes import read_themes, tag_measure
from graph.namespaces import TKG
from graph.settings import PROJECT_ROOT, Settings

THEME = "https://w3id.org/tradekg/id/theme/"
TFA_SCHEME = URIRef("https://w3id.org/tradekg/id/scheme/tfa")


def _themes(text: str, gaz: Gazetteer, mentions: list[Mention] | None = None, tag: str = "") -> dict[str, str]:
    """theme slug → the trigger text that signals it, for a one-measure document."""
    full = text + tag
    rec = DocumentRecord("t.txt", full, "zh" if re.search(r"[\u4e00-\u9fff]", full) else "en", "", "utf-8")
    measure = Measure(1, "1.", "dot-arabic", Span(0, len(full), full))
    if tag:
        measure.tag = Span(len(text), len(full), tag)
    rec.measures = [measure]
    rec.mentions = mentions or []
    assert gaz.themes is not None
    return {t.theme.removeprefix(THEME): t.span.text for t in tag_measure(measure, rec, gaz.themes)}


@pytest.fixture(scope="module")
def vocab(settings: Settings) -> Graph:
    return load_graph(settings.ontology_dir)


def test_a_clear_trigger_tags_its_theme(gaz: Gazetteer) -> None:
    got = _themes("Extend the international trade single window to bonded logistics parks.", gaz)
    assert got == {"single-window": "single window"}


def test_chinese_triggers(gaz: Gazetteer) -> None:
    got = _themes("推进跨境电商零售进口退货中心仓建设，严厉打击走私违法活动。", gaz)
    assert got == {"cross-border-e-commerce": "跨境电商", "anti-smuggling": "走私"}


def test_no_trigger_no_theme(gaz: Gazetteer) -> None:
    assert _themes("Strengthen Party building and the education of cadres.", gaz) == {}


def test_words_inside_other_words_do_not_trigger(gaz: Gazetteer) -> None:
    """ "AEO" must be a whole word; "transit" inside "transitional" is not transit."""
    assert _themes("Set up a transitional arrangement for aeolian equipment.", gaz) == {}


def test_plural_of_a_trigger_still_triggers(gaz: Gazetteer) -> None:
    got = _themes("Issue advance rulings on classification for importers.", gaz)
    assert got == {"advance-rulings": "advance rulings"}


def test_the_responsibility_tag_is_not_subject_matter(gaz: Gazetteer) -> None:
    got = _themes("Publish the list of designated sites. ", gaz, tag="(Responsible department: Risk Management Office)")
    assert got == {}


def test_a_known_department_name_is_not_subject_matter(gaz: Gazetteer) -> None:
    text = "Work with the Statistics and Analysis Office on the new catalogue."
    start = text.index("Statistics")
    dept = Mention("department", Span(start, start + 31, text[start : start + 31]), "gazetteer", iri="x")
    assert _themes(text, gaz, [dept]) == {}
    assert "statistics" in _themes(text, gaz)  # without the mention the word would count


def test_longest_match_wins_over_a_shorter_trigger(gaz: Gazetteer) -> None:
    """关税减让 (tariff reductions under an agreement) is origin/agreements, not the 关税 (duty) inside it."""
    assert _themes("帮助企业用足用好关税减让安排。", gaz) == {"origin-trade-agreements": "关税减让"}
    assert _themes("对符合条件的货物免征关税。", gaz).keys() == {"tax-duty"}


def test_excluded_terms_hide_their_trigger(gaz: Gazetteer) -> None:
    assert _themes("Enterprises may declare with their unified social credit code.", gaz) == {}


def test_one_evidence_per_theme_the_first_trigger(gaz: Gazetteer) -> None:
    got = _themes("Use the single window; extend single window services.", gaz)
    assert got == {"single-window": "single window"}


def test_every_theme_has_labels_definition_triggers_and_a_tfa_mapping_or_a_reason(vocab: Graph) -> None:
    themes = list(vocab.subjects(RDF.type, TKG.Theme))
    assert len(themes) >= 15
    tfa = set(vocab.subjects(SKOS.inScheme, TFA_SCHEME))
    for t in themes:
        for prop in (SKOS.prefLabel, SKOS.definition):
            assert {lit.language for lit in vocab.objects(t, prop)} >= {"en", "zh"}, (t, prop)
        assert {lit.language for lit in vocab.objects(t, TKG.trigger)} >= {"en", "zh"}, t
        mapped = [o for p in (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch) for o in vocab.objects(t, p)]
        assert all(o in tfa for o in mapped), t
        assert mapped or vocab.value(t, SKOS.scopeNote) is not None, f"{t}: no TFA mapping and no note saying why"


def test_tfa_articles_have_numbers_and_titles_in_both_languages(vocab: Graph) -> None:
    articles = list(vocab.subjects(SKOS.inScheme, TFA_SCHEME))
    assert len(articles) >= 25
    notations = {str(vocab.value(a, SKOS.notation)) for a in articles}
    assert {"3", "7.4", "7.7", "10.4", "11"} <= notations
    for a in articles:
        assert {lit.language for lit in vocab.objects(a, SKOS.prefLabel)} == {"en", "zh"}, a
        if "." in str(vocab.value(a, SKOS.notation)):
            assert vocab.value(a, SKOS.broader) is not None, a


def test_the_tagger_holds_no_theme_words(vocab: Graph) -> None:
    """Knowledge lives in Turtle: no trigger of any theme is written in the tagging code."""
    code = (PROJECT_ROOT / "graph" / "extract" / "themes.py").read_text(encoding="utf-8").lower()
    words = {str(o).lower() for p in (TKG.trigger, TKG.excludedTerm) for o in vocab.objects(None, p)}
    assert len(words) > 100
    assert sorted(w for w in words if len(w) >= 4 and w in code) == []


def test_the_index_reads_only_the_graph_it_is_given() -> None:
    g = Graph()
    theme = URIRef(THEME + "demo")
    g.add((theme, RDF.type, TKG.Theme))
    g.add((theme, TKG.trigger, Literal("widget relay", lang="en")))
    index = read_themes(g)
    assert [t.theme for _, _, ts in index.find("A Widget Relays office.") for t in ts] == [str(theme)]
