"""The main job: ingest the inbox, then run Pelican with the digest plugin into `output/`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from digest.errors import DigestError
from digest.ingest import Report, ingest


def pelican_settings(settings_file: str | Path, **overrides: Any) -> dict[str, Any]:
    """Pelican's settings from a settings file, with overrides (OUTPUT_PATH, PATH ...)."""
    from pelican.settings import read_settings

    path = Path(settings_file)
    if not path.is_file():
        raise DigestError(path, "settings file not found (run from the site folder or pass -s)")
    return read_settings(str(path), override=overrides or None)


def run_pelican(settings: dict[str, Any]) -> None:
    """Build the site; Pelican's own errors become one DigestError."""
    from pelican import Pelican

    pelican = Pelican(settings)
    try:
        pelican.run()
    except DigestError:
        raise
    except Exception as exc:
        raise DigestError(
            settings.get("PATH"), f"build failed: {type(exc).__name__}: {exc}"
        ) from exc


def build_site(
    settings_file: str | Path = "pelicanconf.py", *, ingest_inbox: bool = True, **overrides: Any
) -> Report:
    """Ingest the inbox (if any) and build the site; returns the ingestion report."""
    from digest.settings import load_settings

    settings = pelican_settings(settings_file, **overrides)
    digest_settings = load_settings(settings, str(settings_file))
    report = Report()
    inbox = Path(digest_settings["DIGEST_INBOX"])
    if ingest_inbox and inbox.is_dir():
        report = ingest([str(inbox)], digest_settings)
    logging.getLogger("pelican").setLevel(logging.WARNING)
    run_pelican(settings)
    return report
