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
    # Serving. Every limit a client can meet is a setting, documented in the README and the service description.
    host: str = field(default="127.0.0.1", metadata={"help": "Address the endpoint listens on (loopback by default)."})
    port: int = field(default=8000, metadata={"help": "Port the endpoint listens on."})
    web_workers: int = field(default=2, metadata={"help": "HTTP worker processes (gunicorn)."})
    web_threads: int = field(default=8, metadata={"help": "Threads per HTTP worker: concurrent requests per process."})
    query_workers: int = field(
        default=2, metadata={"help": "Killable query processes per HTTP worker: queries that run at once."}
    )
    timeout: float = field(
        default=30.0, metadata={"help": "Seconds a query may run before it is stopped (a client may ask for less)."}
    )
    max_rows: int = field(
        default=10_000, metadata={"help": "Most result rows (or triples) one answer carries; page with LIMIT/OFFSET."}
    )
    in_memory: bool = field(
        default=False,
        metadata={
            "help": "Load the store into memory in every query process (answers 1.1–7× faster than on disk; start-up "
            "and memory grow with the store: ≈0.3 GB and ≈8 s per million triples, per query process)."
        },
    )
    cache_mb: int = field(
        default=64, metadata={"help": "Megabytes of repeated-query answers kept per HTTP worker; 0: no cache."}
    )
    max_request_bytes: int = field(default=1024 * 1024, metadata={"help": "Largest request body accepted."})
    service_allow: str = field(
        default="", metadata={"help": "Space-separated endpoint IRIs that SERVICE may call; empty: none."}
    )
    update_token: str = field(
        default="", metadata={"help": "Bearer token that allows SPARQL Update; empty: the endpoint is read-only."}
    )
    sparql_url: str = field(
        default="", metadata={"help": "Serve from this SPARQL 1.1 endpoint instead of the embedded store."}
    )

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
            elif f.type in ("float", float):
                values[f.name] = float(raw)
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
