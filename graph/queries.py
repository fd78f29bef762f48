"""The named example queries under ontology/queries/: their titles, questions and text.

Each .rq file starts with comment lines: the first is its title, the lines after `Answers:` say what it answers.
The endpoint offers them as ready examples (UI tabs, the service description); the CLI runs them by file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NamedQuery:
    name: str  # the file stem, stable: used in URLs
    title: str
    description: str  # the comment block without its title line
    text: str


def load(queries_dir: Path) -> list[NamedQuery]:
    """Every named query, in file-name order."""
    return [parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(queries_dir.glob("*.rq"))]


def parse(name: str, text: str) -> NamedQuery:
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("#").strip())
    title = comments[0] if comments else name.replace("-", " ").capitalize()
    description = " ".join(c for c in comments[1:] if c)
    return NamedQuery(name, title, description, text)
