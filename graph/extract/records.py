"""Plain records passed between the extraction stages, before anything becomes RDF.

Every record carries the span it was read from, so the emitter can write an evidence node for each fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    warnings: list[str] = field(default_factory=list)
