"""Stable fingerprints of what a build depends on: folders of files, the plugin's code, settings.

They name caches and decide what must be rebuilt, so they must be equal across runs for equal
inputs: a function in a setting counts by its name and code, not by its address in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from types import CodeType
from typing import Any

PACKAGE = Path(__file__).resolve().parent


def tree_hash(folder: Path) -> list[tuple[str, str]]:
    """Every file under `folder` (compiled bytecode aside) with the hash of its bytes."""
    if not folder.is_dir():
        return []
    return [
        (str(p.relative_to(folder)), hashlib.sha1(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]


def stable_repr(value: Any) -> str:
    """repr, except that functions and classes are named rather than located."""
    if isinstance(value, dict):
        items = sorted((stable_repr(k), stable_repr(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        inner = ", ".join(stable_repr(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(stable_repr(v) for v in value)) + "}"
    if callable(value):
        module = getattr(value, "__module__", None) or type(value).__module__
        name = getattr(value, "__qualname__", None) or type(value).__qualname__
        code = getattr(value, "__code__", None)  # a filter defined in the settings file
        if isinstance(code, CodeType):
            name += "@" + hashlib.sha1(_code_bytes(code)).hexdigest()[:12]
        return f"<{module}.{name}>"
    return repr(value)


def _code_bytes(code: CodeType) -> bytes:
    """A function's bytecode, the names and constants it uses, nested functions included
    (their repr would hold an address)."""
    parts = [code.co_code, repr(code.co_names).encode()]  # names: attributes, globals
    for const in code.co_consts:
        parts.append(_code_bytes(const) if isinstance(const, CodeType) else repr(const).encode())
    return b"\0".join(parts)


def settings_items(settings: dict[str, Any], skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Every setting (the upper-case names) as stable text, sorted, those in `skip` left out."""
    left_out = set(skip)
    return sorted(
        (key, stable_repr(value))
        for key, value in settings.items()
        if key.isupper() and key not in left_out
    )


def digest(*parts: Any) -> str:
    """A hex SHA-1 of plain data (lists, tuples, strings): its repr is stable across runs."""
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
