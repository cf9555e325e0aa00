"""One measured job, run in its own process by bench/run.py; prints one JSON line.

    python bench/runner.py build project|bare CONTENT OUTPUT
    python bench/runner.py ingest-saved FOLDER CONTENT
    python bench/runner.py ingest-feed FILE CONTENT
    python bench/runner.py feedparser FILE

`seconds` is the job itself (imports excluded); run.py adds the wall time and the peak RSS of
this process, read with os.wait4, so every number is this job's own.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE = ROOT / "pelicanconf.py"


def pelican_settings(kind: str, content: Path, output: Path) -> dict[str, Any]:
    """The project's settings, or bare Pelican's defaults, over the same content."""
    from pelican.settings import read_settings

    common = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.parent / f"cache-{kind}"),
    }
    if kind == "project":
        return read_settings(str(SETTINGS_FILE), override=common)
    if kind == "plugin-off":  # our settings without the digest plugin (so Pelican's theme)
        theme_default = {
            "PLUGINS": [],
            "THEME": "notmyidea",
            "TEMPLATE_PAGES": {},  # our 404 and search pages live in our theme
            "THEME_STATIC_PATHS": ["static"],
            "JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True},
        }
        return read_settings(str(SETTINGS_FILE), override={**common, **theme_default})
    bare = {**common, "ARTICLE_PATHS": ["articles"], "DEFAULT_PAGINATION": 10}
    return read_settings(None, override=bare)  # theme notmyidea, default feeds, no plugins


def build(kind: str, content: str, output: str) -> dict[str, Any]:
    from pelican import Pelican

    settings = pelican_settings(kind, Path(content).resolve(), Path(output).resolve())
    start = time.perf_counter()
    Pelican(settings).run()
    seconds = time.perf_counter() - start
    files = sum(len(names) for _, _, names in os.walk(output))
    return {"seconds": seconds, "output_files": files}


def digest_settings(content: Path) -> dict[str, Any]:
    from pelican.settings import read_settings

    from digest.settings import load_settings

    content.mkdir(parents=True, exist_ok=True)  # Pelican refuses a missing PATH
    raw = read_settings(str(SETTINGS_FILE), override={"PATH": str(content)})
    return load_settings(raw, str(SETTINGS_FILE))


def ingest_saved(folder: str, content: str) -> dict[str, Any]:
    """Saved articles through the whole ingestion (read_saved, then store)."""
    from digest.ingest import ingest

    settings = digest_settings(Path(content).resolve())
    start = time.perf_counter()
    report = ingest([folder], settings)
    seconds = time.perf_counter() - start
    undated = Path(content, settings["DIGEST_ARTICLES_DIR"], "undated")
    return {
        "seconds": seconds,
        "items": len(report.outcomes),
        "outcomes": report.counts(),
        "warnings": len(report.warnings),
        "undated": len(list(undated.glob("*.md"))) if undated.is_dir() else 0,
    }


def ingest_feed(file: str, content: str) -> dict[str, Any]:
    """A feed file through the whole ingestion (`digest ingest FILE`): feedparser, each entry
    to a record (on worker processes beside the storing, digest.pool), each record stored."""
    from digest.ingest import ingest

    settings = digest_settings(Path(content).resolve())
    start = time.perf_counter()
    report = ingest([file], settings)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "items": len(report.outcomes),
        "outcomes": report.counts(),
        "warnings": len(report.warnings),
    }


def feedparser_alone(file: str) -> dict[str, Any]:
    import feedparser

    data = Path(file).read_bytes()
    start = time.perf_counter()
    parsed = feedparser.parse(data)
    return {"seconds": time.perf_counter() - start, "items": len(parsed.entries)}


JOBS = {
    "build": build,
    "ingest-saved": ingest_saved,
    "ingest-feed": ingest_feed,
    "feedparser": feedparser_alone,
}


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    job, *args = argv
    result = JOBS[job](*args)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
