"""Editors' commands: a starter note for a week, and the content check."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from digest import store
from digest.arabic import match_key
from digest.digests import Entry, build_digests
from digest.errors import DigestError
from digest.notes import curation_from_metadata, starter_note, write_starter_note
from digest.settings import articles_dir, notes_dir
from digest.weeks import WEEK_ID, start_of


def _entries(settings: dict[str, Any]) -> list[tuple[Path, store.StoredFile]]:
    return [(p, store.read_file(p)) for p in store.iter_article_files(articles_dir(settings))]


def write_week_note(settings: dict[str, Any], week: str) -> tuple[Path, bool]:
    """`content/notes/<week>.md` listing the week's articles by section, unless it exists."""
    if not WEEK_ID.match(week) or start_of(week) != settings["DIGEST_WEEK_START"]:
        raise DigestError(
            week,
            f"not a week id for weeks starting on {settings['DIGEST_WEEK_START']}"
            " (like 2016-W20, 2016-W20-sat, 2016-W20-sun)",
        )
    tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    entries = []
    for path, stored in _entries(settings):
        date = stored.first("date")
        if not date or stored.first("status") == "draft":
            continue
        entries.append(
            Entry(
                item=(stored.first("slug") or path.stem, stored.first("title") or ""),
                date=datetime.fromisoformat(date),
                title=stored.first("title") or "",
                slug=stored.first("slug") or path.stem,
                keywords=[k.strip() for k in (stored.first("tags") or "").split(";") if k.strip()],
                body_text=stored.first("summary") or "",
                theme=stored.first("theme"),
            )
        )
    digests = build_digests(
        entries,
        {},
        tz=tz,
        week_start=settings["DIGEST_WEEK_START"],
        themes=settings["DIGEST_THEMES"],
        catchall=settings["DIGEST_CATCHALL_THEME"],
    )
    digest = next((d for d in digests if d.id == week), None)
    sections = [(s.name, s.items) for s in digest.sections] if digest else []
    path = notes_dir(settings) / f"{week}.md"
    return path, write_starter_note(path, starter_note(week, sections))


def check_content(settings: dict[str, Any]) -> list[str]:
    """Every finding in content/, one line each: `error|warning: path: field: message`."""
    findings: list[str] = []
    files = _entries(settings)
    slugs: Counter[str] = Counter()
    titles: dict[str, str] = {}
    names: set[str] = set()
    for path, stored in files:
        slug = stored.first("slug") or path.stem
        slugs[slug] += 1
        title = stored.first("title")
        if not title:
            findings.append(f"error: {path}: title: missing")
        if not stored.first("date"):
            findings.append(f"error: {path}: date: missing (the article stays a draft until dated)")
        else:
            try:
                datetime.fromisoformat(stored.first("date") or "")
            except ValueError:
                findings.append(
                    f"error: {path}: date: not an ISO 8601 date: {stored.first('date')!r}"
                )
        titles[match_key(title or "")] = slug
        names.update({match_key(slug), match_key(title or "")})
    for path, stored in files:
        for value in stored.get("related"):
            link = store.parse_link_value(value)
            if link.url is None and match_key(link.title) not in titles:
                findings.append(
                    f"warning: {path}: related: no article of the site matches {link.title!r}"
                )
    for slug, count in slugs.items():
        if count > 1:
            findings.append(
                f"error: {articles_dir(settings)}: slug: {slug!r} is used by {count} articles"
            )
    folder = notes_dir(settings)
    for note_path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if not WEEK_ID.match(note_path.stem):
            findings.append(f"error: {note_path}: file name: not a week id (like 2016-W20.md)")
            continue
        note = store.read_file(note_path)
        meta = {k.lower(): v for k, v in note.fields}
        curation = curation_from_metadata(meta)
        for field, values in (
            ("featured", curation.featured),
            ("excluded", curation.excluded),
            ("order", curation.order),
        ):
            for name in values:
                if match_key(name) not in names:
                    findings.append(f"error: {note_path}: {field}: no article named {name!r}")
    return findings
