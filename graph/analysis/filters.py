"""Which measures a network is drawn from: documents, issuers, an issue-date range, themes, zones.

Filters narrow the measures, not the departments: a department is in a filtered network when it is responsible for
at least one measure that passes. Each filter becomes a SPARQL clause on `?measure` and `?document`, put where the
network queries say "# filters", so the narrowing happens in the store (or the remote endpoint), not after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from graph.errors import QueryError

_TKG = "https://w3id.org/tradekg/ontology#"
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
MARKER = "# filters"
# The networks graph.analysis.networks builds; here, where importing costs nothing, for the CLI's choices.
KINDS = ("department-measure", "co-responsibility", "department-zone", "department-theme")


def _iri(value: str) -> str:
    value = value.strip()
    if not value or any(c in value for c in '<>"{}|^`\\ \n\t'):
        raise QueryError(f"not an IRI: {value!r}")
    return f"<{value}>"


def _values(values: str | list[str] | None) -> tuple[str, ...]:
    """Query-string or CLI values: repeated, or comma-separated in one value."""
    if values is None:
        return ()
    items = [values] if isinstance(values, str) else values
    return tuple(part.strip() for item in items for part in item.split(",") if part.strip())


def _date(values: str | list[str] | None) -> date | None:
    found = _values(values)
    if not found:
        return None
    try:
        return date.fromisoformat(found[-1])
    except ValueError:
        raise QueryError(f"not a date (YYYY-MM-DD): {found[-1]!r}") from None


@dataclass(frozen=True)
class Filters:
    documents: tuple[str, ...] = ()  # document IRIs
    issuers: tuple[str, ...] = ()  # IRIs of organisations issuing the document
    since: date | None = None
    until: date | None = None  # on the document's issue date, both ends included
    themes: tuple[str, ...] = ()  # theme IRIs (a measure qualifies if it has any)
    zones: tuple[str, ...] = ()  # zone IRIs (measure appliesToZone)

    @classmethod
    def from_mapping(cls, args: Mapping[str, str | list[str]]) -> Filters:
        """From query-string or CLI values (`document`, `issuer`, `since`, `until`, `theme`, `zone`; a plural key
        works too); a value may repeat or list several IRIs separated by commas. Bad dates or IRIs raise QueryError."""

        def get(name: str) -> str | list[str] | None:
            found: list[str] = []
            for key in (name, name + "s"):
                value = args.get(key)
                if value:
                    found += [value] if isinstance(value, str) else list(value)
            return found or None

        made = cls(
            documents=_values(get("document")),
            issuers=_values(get("issuer")),
            since=_date(get("since")),
            until=_date(get("until")),
            themes=_values(get("theme")),
            zones=_values(get("zone")),
        )
        made.clauses()  # refuse a bad IRI now, not when the first query runs
        return made

    def __bool__(self) -> bool:
        return any((self.documents, self.issuers, self.since, self.until, self.themes, self.zones))

    def clauses(self) -> str:
        """The SPARQL lines that keep only the measures passing every filter."""
        out: list[str] = []
        if self.documents:
            out.append(f"VALUES ?document {{ {' '.join(_iri(d) for d in self.documents)} }}")
        if self.issuers:
            iris = " ".join(_iri(i) for i in self.issuers)
            out.append(
                f"FILTER EXISTS {{ ?document <{_TKG}issuedBy> ?filterIssuer VALUES ?filterIssuer {{ {iris} }} }}"
            )
        if self.since or self.until:
            tests = []
            if self.since:
                tests.append(f'?filterDate >= "{self.since.isoformat()}"^^<{_XSD_DATE}>')
            if self.until:
                tests.append(f'?filterDate <= "{self.until.isoformat()}"^^<{_XSD_DATE}>')
            out.append(f"FILTER EXISTS {{ ?document <{_TKG}dateIssued> ?filterDate FILTER ({' && '.join(tests)}) }}")
        if self.themes:
            iris = " ".join(_iri(t) for t in self.themes)
            out.append(f"FILTER EXISTS {{ ?measure <{_TKG}theme> ?filterTheme VALUES ?filterTheme {{ {iris} }} }}")
        if self.zones:
            iris = " ".join(_iri(z) for z in self.zones)
            out.append(
                f"FILTER EXISTS {{ ?measure <{_TKG}appliesToZone> ?filterZone VALUES ?filterZone {{ {iris} }} }}"
            )
        return "\n  ".join(out)

    def apply(self, query: str) -> str:
        """The query with the filter clauses where it says "# filters"."""
        if MARKER not in query:
            raise QueryError(f"the network query has no '{MARKER}' line to put filters at")
        return query.replace(MARKER, self.clauses() or MARKER, 1)
