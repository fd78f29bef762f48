"""Shapes of organisation names: head nouns, generic phrases, slugs. Grammar of the genre, not a list of names."""

from __future__ import annotations

import re
import unicodedata

EN_ORG_HEAD = re.compile(
    r"(?:office|department|division|section|bureau|branch|cent(?:er|re)|sub-?cent(?:er|re)|commission|ministry|"
    r"customs|administration|committee|government|team|unit|station|council|police|guard|authority|authorities|"
    r"agency|service|group|headquarters|court|procuratorate|bank|organi[sz]ation|secretariat|leading group|"
    r"customs house|port office|laboratory|lab)s?$",
    re.I,
)
ZH_ORG_HEAD = re.compile(r"(?:处|司|局|科|室|中心|办|部|委|厅|海关|署|院|会|组|队|所|站|政府|分署|党委)$")
# Heads that make a name a free-standing organisation rather than a unit inside the issuer.
EN_BODY_HEAD = re.compile(
    r"\b(?:customs|ministry|administration|commission|government|council|police|guard|"
    r"people's bank|committee of|authority)\b",
    re.I,
)
ZH_BODY_HEAD = re.compile(r"(?:海关|部|委员会|总局|政府|国务院|总署|分署|海警|公安)")
GENERIC = re.compile(
    r"^(?:the\s+)?(?:relevant|related|all|other|local|competent|functional|concerned|various|each|every|"
    r"subordinate|responsible)\b.*|^(?:departments?|units?|all units and departments)$|"
    r"^(?:有关|相关|各|其他|属地|地方)",
    re.I,
)


def is_org_name(name: str) -> bool:
    return bool(EN_ORG_HEAD.search(name.strip()) or ZH_ORG_HEAD.search(name.strip()))


def is_body_name(name: str) -> bool:
    """True when the name is an organisation in its own right (a ministry, a customs district)."""
    return bool(EN_BODY_HEAD.search(name) or ZH_BODY_HEAD.search(name))


def is_generic(name: str) -> bool:
    return bool(GENERIC.match(name.strip()))


def slug(text: str) -> str:
    """ASCII-lowercase hyphenated slug; CJK characters are kept so Chinese-only names stay readable."""
    t = unicodedata.normalize("NFKC", text).lower().replace("'", "").replace("’", "")
    t = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", t).strip("-")
    return t[:80] or "x"
