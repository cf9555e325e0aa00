"""Bytes of a saved article to text, in any encoding people meet (UTF-8 with or without BOM,
UTF-16 with BOM, windows-1256, ISO-8859-6)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from digest.errors import DigestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings of Arabic text, tried in this order when the bytes are not UTF-8.
ARABIC_LEGACY = ("cp1256", "iso8859_6")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)


def _looks_binary(text: str) -> bool:
    return bool(text) and len(_CONTROLS.findall(text[:4096])) > max(2, len(text[:4096]) // 100)


def decode_bytes(data: bytes, path: str, *, declared: str | None = None) -> str:
    """Text of a file's bytes; raises DigestError naming the file when it is empty or not text."""
    if not data.strip():
        raise DigestError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), path)
            except UnicodeDecodeError as exc:
                raise DigestError(
                    path, f"not text: bad {encoding} after its BOM ({exc.reason})"
                ) from exc
    if declared is None:
        found = _HTML_CHARSET.search(data[:2048])
        declared = found.group(1).decode("ascii") if found else None
    candidates = ["utf-8"]
    if declared and codecs.lookup(declared).name != "utf-8":
        candidates.insert(0, declared)
    for encoding in candidates:
        try:
            return _checked(data.decode(encoding), path)
        except (UnicodeDecodeError, LookupError):
            continue
    if b"\x00" not in data:
        best = from_bytes(data, cp_isolation=list(ARABIC_LEGACY)).best()
        if best is not None:
            return _checked(str(best), path)
    raise DigestError(path, "not text (binary or undecodable bytes)")


def _checked(text: str, path: str) -> str:
    if _looks_binary(text):
        raise DigestError(path, "not text (binary or undecodable bytes)")
    if not text.strip():
        raise DigestError(path, "empty file")
    return text
