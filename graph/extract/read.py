"""Read a document's bytes into text, or say clearly why not.

UTF-8 (with or without BOM) first, then UTF-16 with a BOM, then GB18030 (the superset of GBK/GB2312 that Chinese
government sites still serve). Binary files, empty files and files over the size limit are refused by name, so a
build can report them and go on with the rest. Line endings become \\n before any offset is counted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import DocumentError


@dataclass(frozen=True)
class SourceText:
    name: str
    text: str
    encoding: str
    checksum: str
    size: int


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > 0.05 * max(1, len(sample))


def _han_ratio(text: str) -> float:
    sample = text[:4000]
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    letters = sum(1 for c in sample if c.isalpha())
    return han / max(1, letters)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of `data`; DocumentError naming `name` when no encoding reads it as text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if _looks_binary(data):
        raise DocumentError(name, "looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DocumentError(
            name, f"is not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor GB18030"
        ) from utf8_error
    if _han_ratio(text) < 0.3:
        raise DocumentError(
            name,
            f"is not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}); "
            "it decodes as GB18030 only into mostly non-Chinese text, so it is refused",
        )
    return text, "gb18030"


def read_source(path: Path, max_bytes: int) -> SourceText:
    """Read and decode one document file."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                name,
                f"is {size} bytes ({size / 2**20:.1f} MiB), over the limit of {max_bytes} bytes "
                "(raise it with TRADEKG_MAX_DOCUMENT_BYTES)",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"cannot be read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise DocumentError(name, "is empty")
    text, encoding = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError(name, "holds no text")
    return SourceText(name, text, encoding, "sha256:" + hashlib.sha256(data).hexdigest(), len(data))
