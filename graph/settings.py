"""Declared settings: each has a default and a line of help; the environment (TRADEKG_*) overrides the default.

CLI flags override both. Nothing reads os.environ anywhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    base_iri: str = field(default="https://w3id.org/tradekg/", metadata={"help": "Base of every minted IRI."})
    ontology_dir: Path = field(
        default=PROJECT_ROOT / "ontology",
        metadata={"help": "Folder holding the ontology, vocabularies, shapes and queries."},
    )
    max_document_bytes: int = field(
        default=8 * 1024 * 1024, metadata={"help": "Documents larger than this are refused, by name."}
    )
    validate: bool = field(default=True, metadata={"help": "Run the SHACL shapes on every build."})

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then TRADEKG_<NAME> variables, then explicit overrides (CLI flags)."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"TRADEKG_{f.name.upper()}")
            if raw is None:
                continue
            if f.type in ("int", int):
                values[f.name] = int(raw)
            elif f.type in ("bool", bool):
                values[f.name] = raw.lower() in ("1", "true", "yes", "on")
            elif f.type in ("Path", Path):
                values[f.name] = Path(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    @property
    def vocab_dir(self) -> Path:
        return self.ontology_dir / "vocab"

    @property
    def queries_dir(self) -> Path:
        return self.ontology_dir / "queries"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"
