"""Skipping a build when nothing it reads has changed since the last one that finished.

A build reads the files under PATH, the theme (and template overrides), the plugins' code,
the settings and the installed libraries. Their stamp (each file's path, size and mtime; the
code and theme hashed) is recorded when a build finishes, in DIGEST_CACHE_DIR/builds, one file
per output folder. When the next build finds the same stamp and every file the last build wrote
still in place, it has nothing to do: at 10,000 articles that is a second instead of several.

A build that starts for real removes the record first, so a build that fails half-way is
never taken for a finished one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from digest.files import atomic_write
from digest.fingerprints import digest, settings_items, tree_hash
from digest.incremental import manifest_path

LIBRARIES = ("pelican", "jinja2", "markdown", "babel", "nh3", "feedparser", "python-slugify")


def _file_stamps(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under `folder`: relative path, size, mtime in nanoseconds."""
    stamps: list[tuple[str, int, int]] = []
    pending = [str(folder)]
    while pending:
        try:
            entries = sorted(os.scandir(pending.pop()), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                pending.append(entry.path)
            else:
                try:
                    info = entry.stat()
                except OSError:
                    continue
                stamps.append((entry.path, info.st_size, info.st_mtime_ns))
    return stamps


def _code_of(modules: Iterable[ModuleType]) -> list[Any]:
    """Each plugin's source: its package folder, or its one file."""
    code: list[Any] = []
    for module in modules:
        file = getattr(module, "__file__", None)
        if not file:
            code.append(module.__name__)
        elif Path(file).name == "__init__.py":
            code.append((module.__name__, tree_hash(Path(file).parent)))
        else:
            code.append((module.__name__, hashlib.sha1(Path(file).read_bytes()).hexdigest()))
    return code


def _versions() -> list[tuple[str, str]]:
    found = []
    for name in LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return [("python", sys.version), *found]


def input_stamp(settings: dict[str, Any], plugins: Iterable[ModuleType]) -> str | None:
    """Everything a build reads, hashed; None when the output also depends on the clock
    (WITH_FUTURE_DATES off publishes an article when its date comes)."""
    if not settings.get("WITH_FUTURE_DATES", True):
        return None
    themes = [Path(settings["THEME"]), *map(Path, settings.get("THEME_TEMPLATES_OVERRIDES", []))]
    return digest(
        settings_items(settings),
        _versions(),
        _code_of(plugins),
        [tree_hash(folder) for folder in themes],
        _file_stamps(Path(settings["PATH"])),
    )


def record_path(settings: dict[str, Any]) -> Path:
    return manifest_path(settings, settings["OUTPUT_PATH"]).with_suffix(".inputs.json")


def is_up_to_date(settings: dict[str, Any], stamp: str | None) -> bool:
    """The last finished build read the same inputs, and what it wrote is all still there."""
    if stamp is None:
        return False
    try:
        recorded = json.loads(record_path(settings).read_text(encoding="utf-8"))
        manifest = manifest_path(settings, settings["OUTPUT_PATH"])
        written = json.loads(manifest.read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if recorded.get("inputs") != stamp:
        return False
    output = Path(settings["OUTPUT_PATH"])
    return all((output / name).is_file() for name in written)


def forget(settings: dict[str, Any]) -> None:
    record_path(settings).unlink(missing_ok=True)


def remember(settings: dict[str, Any], stamp: str | None) -> None:
    if stamp is not None:
        atomic_write(record_path(settings), json.dumps({"inputs": stamp}))
