"""The names a generated document may use, read from the project's own vocabularies (ontology/vocab/*.ttl).

The corpus generator composes documents from grammar; the names in them (customs districts and their document-number
prefixes, the unit types every district has, ministries and GACC departments, zones, zone types, agreements, places,
post titles) come from here, in English and Chinese, so a generated corpus exercises the same gazetteer the build uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

TKG = Namespace("https://w3id.org/tradekg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")


@dataclass(frozen=True)
class Name:
    iri: str
    en: str
    zh: str


@dataclass(frozen=True)
class District:
    name: Name
    prefix_zh: str  # document-number prefix such as 京关 (from the district's short Chinese alias)
    place_en: str  # the seat, for "Beijing Customs" → "Beijing"


@dataclass
class Lexicon:
    districts: list[District] = field(default_factory=list)
    unit_types: list[Name] = field(default_factory=list)
    bodies: list[Name] = field(default_factory=list)  # government bodies outside customs (ministries, commissions)
    gacc_units: list[Name] = field(default_factory=list)  # departments of the General Administration
    zones: list[Name] = field(default_factory=list)
    zone_types: list[Name] = field(default_factory=list)
    agreements: list[Name] = field(default_factory=list)
    places: list[Name] = field(default_factory=list)
    posts: list[Name] = field(default_factory=list)
    roles: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (role, lang) → role words of tags
    gacc: Name | None = None


def _label(g: Graph, s: URIRef, lang: str) -> str:
    for o in g.objects(s, SKOS.prefLabel):
        if isinstance(o, Literal) and o.language == lang:
            return str(o)
    return ""


def _names(g: Graph, cls: URIRef, limit: int = 0) -> list[Name]:
    out = []
    for s in sorted(set(g.subjects(RDF.type, cls)), key=str):
        en, zh = _label(g, s, "en"), _label(g, s, "zh")
        if isinstance(s, URIRef) and en and zh and "\n" not in en + zh:
            out.append(Name(str(s), en, zh))
    return out[:limit] if limit else out


def load(vocab_dir: Path) -> Lexicon:
    g = Graph()
    for path in sorted(vocab_dir.glob("*.ttl")):
        g.parse(path)
    lex = Lexicon()
    for d in _names(g, TKG.CustomsDistrict):
        short = sorted(
            str(o)
            for o in g.objects(URIRef(d.iri), SKOS.altLabel)
            if isinstance(o, Literal) and o.language == "zh" and len(str(o)) == 2 and str(o).endswith("关")
        )
        place = d.en.removesuffix(" Customs")
        lex.districts.append(District(d, short[0] if short else d.zh[:1] + "关", place))
    lex.unit_types = _names(g, TKG.UnitType)
    gacc_iri = "https://w3id.org/tradekg/id/org/gacc"
    for n in _names(g, TKG.GovernmentBody):
        if n.iri == gacc_iri:
            lex.gacc = n
        elif not n.en.endswith("Customs"):
            lex.bodies.append(n)
    lex.gacc_units = [n for n in _names(g, TKG.InternalUnit) if n.iri.startswith(gacc_iri + "/")]
    lex.zones = _names(g, TKG.Zone)
    lex.zone_types = _names(g, TKG.ZoneType)
    lex.agreements = _names(g, TKG.Agreement)
    lex.places = _names(g, TKG.Place)
    lex.posts = _names(g, TKG.PostTitle)
    base = "https://w3id.org/tradekg/id/tag-grammar/"
    for word, parent in sorted(g.subject_objects(SKOS.broader)):
        role = str(parent).removeprefix(base)
        if str(parent).startswith(base) and role in ("lead", "cooperating", "responsible"):
            for lit in g.objects(word, SKOS.prefLabel):
                if isinstance(lit, Literal) and lit.language in ("en", "zh"):
                    lex.roles.setdefault((role, lit.language), []).append(str(lit))
    for words in lex.roles.values():
        words.sort()
    if lex.gacc is None or not lex.districts or not lex.unit_types:
        raise ValueError(f"{vocab_dir}: the vocabularies lack districts, unit types or the General Administration")
    return lex
