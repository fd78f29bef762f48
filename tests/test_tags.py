"""Responsibility tags in all their forms, split into roles and names, and resolved with the issuer's scope."""

from __future__ import annotations

import pytest

from graph.extract.gazetteer import Gazetteer
from graph.extract.records import Span
from graph.extract.relate import resolve_unit, responsibilities
from graph.extract.tags import find_tag

CASES = [
    ("Do it. (Responsible department: Supervision Department)", [("responsible", "Supervision Department")]),
    (
        "x (Responsible departments: Enterprise Management Office and Audit Office)",
        [("responsible", "Enterprise Management Office"), ("responsible", "Audit Office")],
    ),
    (
        "Do it. Lead department: Port Control Office; participating departments: Legal Affairs Division, Tariff "
        "Division.",
        [
            ("lead", "Port Control Office"),
            ("cooperating", "Legal Affairs Division"),
            ("cooperating", "Tariff Division"),
        ],
    ),
    (
        "do (Lead unit Tariff Division; cooperating units Legal Office and Animal and Plant Quarantine Office)",
        [
            ("lead", "Tariff Division"),
            ("cooperating", "Legal Office"),
            ("cooperating", "Animal and Plant Quarantine Office"),
        ],
    ),
    (
        "推进。（牵头部门：监管处；配合部门：关税处、综合业务处）",
        [("lead", "监管处"), ("cooperating", "关税处"), ("cooperating", "综合业务处")],
    ),
    (
        "（责任单位：综合业务司、自贸区和特殊区域发展司）",
        [("responsible", "综合业务司"), ("responsible", "自贸区和特殊区域发展司")],
    ),
    (
        "Implement it. (Implementing units: all subordinate customs, Risk Management Office)",
        [("responsible", "Risk Management Office")],
    ),
    # role words without "department"/"unit", in brackets or on a line of their own
    (
        "Simplify filing. (Lead: Customs Clearance Division; Cooperating: Taxation Division, Qingshan Customs)",
        [
            ("lead", "Customs Clearance Division"),
            ("cooperating", "Taxation Division"),
            ("cooperating", "Qingshan Customs"),
        ],
    ),
    ("Responsible: Statistics Office", [("responsible", "Statistics Office")]),
    # a tag line under the item: "Implementing units: X, Y." and semicolon lists
    (
        "Implementing units: Legal Affairs Division, Baiyun Customs.",
        [("responsible", "Legal Affairs Division"), ("responsible", "Baiyun Customs")],
    ),
    (
        "Open the lane. (Responsible units: Hekou Customs; Tariff Division)",
        [("responsible", "Hekou Customs"), ("responsible", "Tariff Division")],
    ),
    # 【责任部门】 at the end of an item or on its own line; 责任单位： on its own line, a deadline after it
    ("推广应用。【责任部门】稽查处、科技处", [("responsible", "稽查处"), ("responsible", "科技处")]),
    ("【牵头部门】监管处【配合部门】关税处", [("lead", "监管处"), ("cooperating", "关税处")]),
    (
        "责任单位：物流监控处、某某海关\n完成时限：2025年6月底前",
        [("responsible", "物流监控处"), ("responsible", "某某海关")],
    ),
    ("（责任单位：法规处；完成时限：2024年底）", [("responsible", "法规处")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_tag_forms(text: str, expected: list[tuple[str, str]], gaz: Gazetteer) -> None:
    tag = find_tag(text)
    assert tag is not None
    got = [(r.role, r.name) for r in responsibilities(tag, gaz)]
    assert got == expected
    for r in responsibilities(tag, gaz):
        assert text[r.span.start : r.span.end] == r.name, "name spans are offsets into the text"


def test_no_tag_in_plain_prose() -> None:
    assert find_tag("The responsible departments will study it and report.") is None
    assert find_tag("Each responsible unit shall report progress: monthly.") is None
    assert find_tag("各责任单位要按时报送进展情况。") is None


def test_units_are_scoped_to_the_issuer(gaz: Gazetteer) -> None:
    """The same generic unit name under two issuers gives two units, each part of its own customs district."""
    beijing = gaz.lookup("Beijing Customs")[0].iri
    tianjin = gaz.lookup("Tianjin Customs")[0].iri
    span = Span(0, 14, "General Office")
    a = resolve_unit("General Office", span, beijing, gaz, "urn:doc")
    b = resolve_unit("General Office", span, tianjin, gaz, "urn:doc")
    assert a.iri != b.iri
    assert a.iri and a.iri.startswith(beijing + "/")
    assert b.iri and b.iri.startswith(tianjin + "/")


def test_organisations_in_their_own_right_are_not_scoped(gaz: Gazetteer) -> None:
    span = Span(0, 26, "State Taxation Administration")
    unit = resolve_unit("State Taxation Administration", span, gaz.lookup("Beijing Customs")[0].iri, gaz, "urn:d")
    assert unit.iri == gaz.lookup("State Taxation Administration")[0].iri


def test_unknown_units_are_discovered_under_the_issuer(gaz: Gazetteer) -> None:
    scope = gaz.lookup("Beijing Customs")[0].iri
    unit = resolve_unit("Cold Chain Quarantine Office", Span(0, 28, "Cold Chain Quarantine Office"), scope, gaz, "u")
    assert unit.label == "Cold Chain Quarantine Office"
    assert unit.parent == scope


# General tag grammar: field labels built from role words and unit nouns in ontology/vocab/tag-grammar.ttl.
GENERAL = [
    # inline role marker after an English name
    (
        "Open a new route.\nResponsible unit: Harbour Customs (lead), Tariff Division",
        [("lead", "Harbour Customs"), ("cooperating", "Tariff Division")],
    ),
    # several fields in sentences on one line
    (
        "Cut costs.\nLead department: Audit Division. Supporting departments: Legal Division, Harbour Customs.",
        [("lead", "Audit Division"), ("cooperating", "Legal Division, Harbour Customs")],
    ),
    # fields on consecutive lines
    (
        "Cut costs.\nLead unit: Audit Division\nAssisting units: Legal Division",
        [("lead", "Audit Division"), ("cooperating", "Legal Division")],
    ),
    # bracketed bare role words
    (
        "Cut costs. [Lead] Audit Division [Participating] Legal Division",
        [("lead", "Audit Division"), ("cooperating", "Legal Division")],
    ),
    # Chinese bracketed bare role words
    ("压缩时间。\n【主办】甲海关【协助】乙处、丙处", [("lead", "甲海关"), ("cooperating", "乙处、丙处")]),
    # Chinese inline markers inside a responsible field
    ("压缩时间。（责任部门：乙处牵头，甲海关、丙处协同）", [("lead", "乙处"), ("cooperating", "甲海关、丙处")]),
    # Chinese unit noun 处室 with two fields on one line
    ("压缩时间。\n责任处室：乙处；协助处室：甲海关", [("responsible", "乙处"), ("cooperating", "甲海关")]),
    # Chinese bare role word with a colon in parentheses
    ("压缩时间。（牵头：乙处；参与：甲海关）", [("lead", "乙处"), ("cooperating", "甲海关")]),
]


@pytest.mark.parametrize(("text", "expected"), GENERAL)
def test_general_tag_grammar(text: str, expected: list[tuple[str, str]]) -> None:
    tag = find_tag(text)
    assert tag is not None
    assert [(p.role, p.span.text) for p in tag.parts] == expected
    for p in tag.parts:
        assert text[p.span.start : p.span.end] == p.span.text


@pytest.mark.parametrize(
    "text",
    [
        "Each lead department shall report progress to the General Office every quarter.",
        "Second, supporting units shall take the initiative to cooperate.",
        "The deadlines are the dates by which the lead department shall report completion.",
        "各牵头处室每季度末向办公室报送落实进展，配合单位同步报送配合情况。",
        "责任编辑：王五",
        "办公室要会同相关处室做好解读。",
    ],
)
def test_prose_mentioning_roles_is_not_a_tag(text: str) -> None:
    assert find_tag(text) is None
