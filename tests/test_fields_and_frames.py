"""Round-4 failure kinds in general form, each in English and Chinese: support fields in tags, frames that close
with a clause of their own, date lines with more around the date, issuers of joint and press-office documents, and
persons named as the value of a field."""

from __future__ import annotations

import pytest

from graph.extract.gazetteer import Gazetteer
from graph.extract.lines import date_line, number_span, split_lines, title_line
from graph.extract.persons import field_persons
from graph.extract.recognise import issuers
from graph.extract.tags import find_tag

TAGS = [
    (
        "Open a lane. (Lead: Port Inspection Section; Support: Laboratory of Lanshan Customs)",
        [("lead", "Port Inspection Section"), ("cooperating", "Laboratory of Lanshan Customs")],
    ),
    (
        "Open a lane. (Lead: Port Inspection Section; Assist: Lanshan Bureau of Commerce)",
        [("lead", "Port Inspection Section"), ("cooperating", "Lanshan Bureau of Commerce")],
    ),
    (
        "开通通道。（牵头部门：口岸监管科；支持部门：兰山海关化验室）",
        [("lead", "口岸监管科"), ("cooperating", "兰山海关化验室")],
    ),
    (
        "Cut the sampling rate. The Inspection Section is in charge of this, with the Lanshan Station assisting.",
        [("lead", "Inspection Section"), ("cooperating", "Lanshan Station")],
    ),
    (
        "推广预约通关。由兰山海关监管科牵头，兰山口岸办配合，6月底前上线运行。",
        [("lead", "兰山海关监管科"), ("cooperating", "兰山口岸办")],
    ),
]


@pytest.mark.parametrize(("text", "want"), TAGS)
def test_support_fields_and_frames(text: str, want: list[tuple[str, str]]) -> None:
    tag = find_tag(text)
    assert tag is not None
    assert [(p.role, p.span.text) for p in tag.parts] == want


def test_a_frame_cut_by_a_line_break_does_not_close_its_item() -> None:
    """ "… takes the lead on this" wrapped before "task, and Y takes part." is not a whole frame sentence."""
    from graph.extract.segment import segment

    text = (
        "Plan\n\n1. Check the fuel and the frozen meat carried by small boats along the coast, together with the\n"
        "coast guard and the border police. The Anti-smuggling Branch takes the lead on this\n"
        "task, and the Risk Section takes part.\n\n2. Publish the clearance times every month.\n"
    )
    structure = segment(text, split_lines(text))
    assert "Risk Section takes part" in structure.measures[0].text


DATES = [
    ("Title of a press conference\nSource: X\nTime: 10:00 a.m., 16 October 2026\n", "2026-10-16"),
    ("An interview\n\nBy Wu Lan, staff reporter\nLanshan Daily, 3 July 2026\n\nText.", "2026-07-03"),
    ("Lanshan Customs\nWork Plan\nIssued: 20 January 2026\n", "2026-01-20"),
    ("新闻发布会实录\n来源：某市人民政府新闻办公室\n时间：2026年5月15日上午10时\n", "2026-05-15"),
    ("兰山海关工作方案\n\n（兰山海关2026年1月24日印发）\n", "2026-01-24"),
]


@pytest.mark.parametrize(("text", "want"), DATES)
def test_date_lines_with_more_around_the_date(text: str, want: str, gaz: Gazetteer) -> None:
    found = date_line(split_lines(text), gaz.grammar)
    assert found is not None and found[0] == want


def test_a_date_inside_a_sentence_is_not_the_documents(gaz: Gazetteer) -> None:
    assert date_line(split_lines("Title\nThe meeting of 3 July 2026 agreed on the plan.\n"), gaz.grammar) is None


def test_joint_announcement_number_and_issuers(gaz: Gazetteer) -> None:
    text = "海关总署 农业农村部公告2026年第5号\n\n海关总署 农业农村部关于优化检疫审批的公告\n\n　　正文。\n"
    lines = split_lines(text)
    title = title_line(lines, gaz.grammar)
    number = number_span(lines, title)
    assert number is not None and number.text == "海关总署 农业农村部公告2026年第5号"
    assert {m.span.text for m in issuers(lines, title, gaz)} == {"海关总署", "农业农村部"}


def test_a_press_office_is_one_issuer(gaz: Gazetteer) -> None:
    text = "某某发布会实录\n\n来源：兰山市人民政府新闻办公室\n时间：2026年5月15日上午10时\n"
    lines = split_lines(text)
    found = issuers(lines, title_line(lines, gaz.grammar), gaz)
    assert [m.span.text for m in found] == ["兰山市人民政府新闻办公室"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Contact: Sun Lanfang, Office of Lanshan Customs, tel. 0000", {"Sun Lanfang"}),
        ("Contact: Aygul Tursun, Office; tel. 0000", {"Aygul Tursun"}),
        ("Contact: Lanshan Customs, tel. 0000", set()),
        ("联系人：顾兰芳，兰山海关办公室，电话：0000", {"顾兰芳"}),
        ("填表人：符兰（办公室）　　审核人：王兰山，兰山海关副关长", {"符兰", "王兰山"}),
    ],
)
def test_persons_named_as_a_fields_value(text: str, want: set[str], gaz: Gazetteer) -> None:
    assert {m.span.text for m in field_persons(text, gaz)} == want
