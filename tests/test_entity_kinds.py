"""Kinds of entity mention found on unseen documents, each with names no vocabulary lists (so a pattern must find
them) and the near misses that must not count; and one department named in English and in Chinese is one IRI.

Every case is written for this test (invented or real-world names outside the development documents).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.build import build
from graph.extract.gazetteer import Gazetteer
from graph.extract.recognise import recognise
from graph.settings import Settings
from graph.store import open_store, query


def _names(text: str, gaz: Gazetteer, kind: str) -> set[str]:
    """The names (discovered label, else the preferred label) of the mentions of `kind` in `text`."""
    out = set()
    for m in recognise(text, gaz, None):
        if m.kind != kind:
            continue
        entry = gaz.entries.get(m.iri or "")
        out.add(m.label or (entry.label if entry else m.span.text))
        if entry and entry.pref_zh:
            out.add(entry.pref_zh)
    return out


FOUND = [
    # zone parts named together before their zone, and one part alone
    (
        "Replicate reforms in the Wuxi, Changzhou and Nantong areas of the China (Jiangsu) Pilot Free Trade Zone.",
        "zone",
        {
            "Wuxi Area of the China (Jiangsu) Pilot Free Trade Zone",
            "Nantong Area of the China (Jiangsu) Pilot Free Trade Zone",
            "China (Jiangsu) Pilot Free Trade Zone",
        },
    ),
    (
        "We support the Luoyang Area of the China (Henan) Pilot Free Trade Zone.",
        "zone",
        {"Luoyang Area of the China (Henan) Pilot Free Trade Zone"},
    ),
    (
        "支持中国（河南）自由贸易试验区郑州、开封、洛阳片区开展改革。",
        "zone",
        {"中国（河南）自由贸易试验区郑州片区", "中国（河南）自由贸易试验区洛阳片区"},
    ),
    ("支持中国（新疆）自由贸易试验区喀什片区建设。", "zone", {"中国（新疆）自由贸易试验区喀什片区"}),
    # bonded logistics centres with their type letter, new areas, border and key pilot zones, industrial parks
    (
        "Support the Baotou Bonded Logistics Centre (Type B) in bonded storage.",
        "zone",
        {"Baotou Bonded Logistics Centre (Type B)"},
    ),
    ("支持满洲里保税物流中心（B型）开展保税仓储。", "zone", {"满洲里保税物流中心（B型）"}),
    ("Upgrade Mudanjiang Comprehensive Bonded Zone.", "zone", {"Mudanjiang Comprehensive Bonded Zone"}),
    (
        "at the Pingxiang Key Development and Opening-up Pilot Zone",
        "zone",
        {"Pingxiang Key Development and Opening-up Pilot Zone"},
    ),
    ("支持兰州新区和凭祥重点开发开放试验区建设。", "zone", {"兰州新区", "凭祥重点开发开放试验区"}),
    ("推动樟木边境经济合作区建设。", "zone", {"樟木边境经济合作区"}),
    ("enterprises in the China-Indonesia Batang Industrial Park", "zone", {"China-Indonesia Batang Industrial Park"}),
    # rail stations and bridges are places, not organisations
    ("fruit at the Hami Nanhu Railway Station supervision site", "place", {"Hami Nanhu Railway Station"}),
    # units whose names hold "and"; a unit written with its parent in front
    (
        "Responsible: Veterinary and Plant Health Division, Urumqi Customs.",
        "department",
        {"Veterinary and Plant Health Division"},
    ),
    ("Contact the Fuzhou Customs Tariff Division.", "department", {"Tariff Division"}),
    # agreements named by their parties, with a version, or by title
    ("goods imported under the China-Serbia Free Trade Agreement", "agreement", {"China-Serbia Free Trade Agreement"}),
    ("the upgraded China-Pakistan Free Trade Agreement 2.0", "agreement", {"China-Pakistan Free Trade Agreement 2.0"}),
    (
        "implement the Agreement on Customs Cooperation between the People's Republic of China and the Kyrgyz "
        "Republic.",
        "agreement",
        {"Agreement on Customs Cooperation between the People's Republic of China and the Kyrgyz Republic"},
    ),
    # campaigns without an Action head: a quoted name before "special action", 专项行动; a yearly edition
    ('Carry out the "Clear Sky" special action along the coast.', "campaign", {"Clear Sky"}),
    ("开展“净关2025”专项行动。", "campaign", {"净关2025"}),
    (
        "the special action to promote cross-border trade facilitation in 2025",
        "campaign",
        {"2025 Special Action to Promote Cross-border Trade Facilitation"},
    ),
    ("开展2025年促进跨境贸易便利化专项行动。", "campaign", {"2025年促进跨境贸易便利化专项行动"}),
    # plans with their year range
    (
        "under the Implementation Plan for Building a Logistics Hub of Gansu (2025-2027), we",
        "law_or_plan",
        {"Implementation Plan for Building a Logistics Hub of Gansu (2025-2027)"},
    ),
    # real-world cities a curator adds
    ("trains between Urumqi and Tashkent, Almaty and Baku", "place", {"Tashkent", "Almaty", "Baku"}),
]

NOT_FOUND = [
    # a port qualified only by its kind or rank, or acted on by a verb, is no place
    (
        "压缩口岸整体通关时间，提升重点口岸、高原口岸和公路口岸的效率，建设智慧港。",
        "place",
        {"压缩口岸", "重点口岸", "高原口岸", "公路口岸", "智慧港"},
    ),
    # a name never opens a bracket it does not close
    ("服务中塔（喀什）物流合作基地建设。", "place", {"塔（喀什"}),
    # a place inside a hyphenated name is part of that name
    ("the China-Mongolia Railway and the China-Europe Railway Express", "place", {"China", "Mongolia", "Europe"}),
    # the document itself ("this Implementation Plan") is not a plan it mentions
    ("Kunming Customs formulated this Implementation Plan.", "law_or_plan", {"Implementation Plan"}),
    # a verb at the start of an item is not part of a zone name
    ("Upgrade Mudanjiang Comprehensive Bonded Zone.", "zone", {"Upgrade Mudanjiang Comprehensive Bonded Zone"}),
    # a unit name never runs on into the organisation on the next line
    ("Part Three. Safeguards\n\nKunming Customs will lead.", "department", {"Safeguards\n\nKunming Customs"}),
]


@pytest.mark.parametrize(("text", "kind", "want"), FOUND)
def test_kind_found(text: str, kind: str, want: set[str], gaz: Gazetteer) -> None:
    got = _names(text, gaz, kind)
    assert want <= got, f"missing {want - got}; got {got}"


@pytest.mark.parametrize(("text", "kind", "unwanted"), NOT_FOUND)
def test_near_miss_not_found(text: str, kind: str, unwanted: set[str], gaz: Gazetteer) -> None:
    got = _names(text, gaz, kind)
    assert not (unwanted & got), f"should not be {kind}: {unwanted & got}"


def test_department_in_english_and_chinese_is_one_iri(tmp_path: Path, settings: Settings) -> None:
    """A department named in an English and in a Chinese document is one individual, with both labels."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "en_note.txt").write_text(
        "Notice of Kunming Customs on Border Trade\n\nKunming Customs and the Ministry of Commerce will work with the "
        "Department of Port Control of the General Administration of Customs.\n",
        encoding="utf-8",
    )
    (docs / "zh_note.txt").write_text(
        "昆明海关关于边境贸易的通知\n\n昆明海关会同商务部，配合海关总署口岸监管司推进口岸建设。\n", encoding="utf-8"
    )
    report = build([docs], tmp_path / "store", settings)
    store = open_store(report.store)
    rows = query(
        store,
        "PREFIX tkg: <https://w3id.org/tradekg/ontology#> "
        "SELECT ?source ?e WHERE { ?doc tkg:sourceFile ?source ; tkg:mentions ?e }",
    )
    by_doc: dict[str, set[str]] = {}
    for source, entity in rows.rows():
        assert source is not None and entity is not None
        by_doc.setdefault(source.value, set()).add(entity.value)
    shared = by_doc["en_note.txt"] & by_doc["zh_note.txt"]
    for slug in ("kunming-customs", "org/ministry-of-commerce", "department-of-port-control"):
        assert any(slug in iri for iri in shared), f"{slug} not one IRI across languages: {sorted(shared)}"
