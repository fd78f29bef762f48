"""Plain records passed between the extraction stages, before anything becomes RDF.

Every record carries the span it was read from, so the emitter can write an evidence node for each fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the document text, with the text itself for evidence."""

    start: int
    end: int
    text: str


@dataclass
class Section:
    ordinal: int
    heading: str
    span: Span
    numbering: str | None


@dataclass
class Responsibility:
    """One unit named in a measure's responsibility tag, as written, before it is resolved to an IRI."""

    name: str
    span: Span
    role: str  # "responsible" | "lead" | "cooperating"
    rule: str


@dataclass
class Measure:
    ordinal: int
    numbering: str
    style: str
    span: Span  # the item text without its enumerator, sub-items included
    section: Section | None = None
    tag: Span | None = None
    responsibilities: list[Responsibility] = field(default_factory=list)
    themes: list[ThemeTag] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.span.text


@dataclass
class Package:
    """A named set of measures such as "27 Specific Measures for …"."""

    name: str
    span: Span
    size: int | None
    issued_here: bool


@dataclass(frozen=True)
class PostRecord:
    """A post a person holds, as written ("director of the General Administration of Customs", 海关总署署长)."""

    span: Span
    title: str | None  # IRI of the post title (ontology/vocab/posts.ttl)
    organisation: str | None  # IRI of the organisation the post is in


@dataclass
class Mention:
    """A name found in the text, resolved to a vocabulary entry or proposed as a new (discovered) entity."""

    kind: str  # department | zone | zone_type | agreement | person | place | campaign | law_or_plan
    span: Span
    rule: str
    iri: str | None = None  # set when the vocabulary knows it
    label: str | None = None  # name as found, for discovered entities
    parent: str | None = None  # IRI of the organisation an internal unit belongs to
    unit_type: str | None = None
    surface: str | None = None  # the phrase as written, when it names several entities ("Guangdong and Fujian FTZs")
    post: PostRecord | None = None  # persons only


@dataclass
class DocumentRecord:
    source: str
    text: str
    lang: str
    checksum: str
    encoding: str
    title: Span | None = None
    date: str | None = None
    date_span: Span | None = None
    number: Span | None = None
    issuers: list[Mention] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ThemeTag:
    """A measure is about a theme because a trigger term of the theme occurs in its text at `span`."""

    theme: str  # IRI of the skos:Concept in ontology/vocab/themes.ttl
    span: Span
    rule: str


@dataclass
class Figure:
    """A number with its unit, as stated in the text: "42 trillion yuan", "增长7.7%", "over 70%"."""

    span: Span  # the number, scale word and unit as written
    value: Decimal  # with the scale word applied
    unit: str  # IRI of a tkg:UnitOfMeasure
    bound: str = "exact"  # "exact" | "min" ("over 70%") | "max" ("within 4 hours")
    quantity: Span | None = None  # what is measured, as written before the number
    year: Span | None = None  # the year the sentence names, nearest the number
    rule: str = ""


@dataclass
class Target:
    """A goal inside a measure: a figure to reach and/or a deadline."""

    span: Span  # the figure and/or deadline phrase, from first to last character
    figure: Figure | None = None
    deadline_text: Span | None = None
    deadline_date: str | None = None  # YYYY-MM-DD when resolvable
    deadline_year: int | None = None  # when only the year resolves
    rule: str = ""
