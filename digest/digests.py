"""Weekly digests from dated entries and editors' notes: pure grouping, no Pelican here."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from digest.notes import WeekNote, name_key
from digest.themes import Matcher, Section, sections
from digest.weeks import local_day, week_id, week_range


@dataclass(eq=False)
class Entry:
    """One article as grouping sees it; `item` is the caller's own object (a Pelican Article)."""

    item: Any
    date: datetime
    title: str
    slug: str
    keywords: Sequence[str] = ()
    body_text: str = ""
    theme: str | None = None  # set by an editor or a feed subscription: wins over matching


@dataclass(eq=False)
class Digest:
    id: str
    start: date
    end: date
    sections: list[Section[Any]]
    featured: list[Any]
    note: WeekNote | None
    updated: datetime
    previous: Digest | None = None
    next: Digest | None = None
    unknown_names: list[str] = field(default_factory=list)  # note names matching no article

    @property
    def items(self) -> list[Any]:
        return [*self.featured, *(i for s in self.sections for i in s.items)]

    @property
    def title(self) -> str | None:
        return self.note.title if self.note else None


def assign_themes(
    entries: Sequence[Entry],
    themes: Mapping[str, Sequence[str]],
    known: Mapping[str, str | None] | None = None,
    kept: MutableMapping[str, str | None] | None = None,
) -> dict[int, str | None]:
    """Each entry's theme: its own, else the best match of the declared themes. Matches are
    looked up in `known` by text and every match used is put in `kept`, so a caller keeping
    them between builds (per set of themes) matches only the texts that changed."""
    matcher = Matcher.compile(themes)
    known = known or {}
    kept = {} if kept is None else kept
    assigned: dict[int, str | None] = {}
    for entry in entries:
        if entry.theme:
            assigned[id(entry)] = entry.theme
            continue
        heading = f"{entry.title} {' '.join(entry.keywords)}"
        key = hashlib.sha1(f"{heading}\0{entry.body_text}".encode()).hexdigest()[:20]
        kept[key] = known[key] if key in known else matcher.best(heading, entry.body_text)
        assigned[id(entry)] = kept[key]
    return assigned


def _resolve(names: Sequence[str], entries: Sequence[Entry]) -> tuple[list[Entry], list[str]]:
    if not names:
        return [], []
    keys = {}
    for entry in entries:
        keys.setdefault(name_key(entry.slug), entry)
        keys.setdefault(name_key(entry.title), entry)
    found, unknown = [], []
    for name in names:
        entry = keys.get(name_key(name))
        if entry is None:
            unknown.append(name)
        elif entry not in found:
            found.append(entry)
    return found, unknown


def build_digests(
    entries: Sequence[Entry],
    notes: Mapping[str, WeekNote],
    *,
    tz: tzinfo,
    week_start: str,
    themes: Mapping[str, Sequence[str]],
    catchall: str,
    known_themes: Mapping[str, str | None] | None = None,
    kept_themes: MutableMapping[str, str | None] | None = None,
) -> list[Digest]:
    """One digest per week that has articles, newest first, linked to their neighbours."""
    theme_of = assign_themes(entries, themes, known_themes, kept_themes)
    weeks: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.date, e.slug), reverse=True):
        weeks.setdefault(week_id(local_day(entry.date, tz), week_start), []).append(entry)
    digests = []
    for week in sorted(weeks, reverse=True):
        note = notes.get(week)
        digests.append(_digest(week, weeks[week], note, theme_of, themes, catchall))
    for newer, older in itertools.pairwise(digests):
        newer.previous, older.next = older, newer
    return digests


def _digest(
    week: str,
    week_entries: list[Entry],
    note: WeekNote | None,
    theme_of: Mapping[int, str | None],
    themes: Mapping[str, Sequence[str]],
    catchall: str,
) -> Digest:
    stamps = [e.date for e in week_entries]
    curation = note.curation if note else None
    unknown: list[str] = []
    featured: list[Entry] = []
    if curation:
        excluded, missing = _resolve(curation.excluded, week_entries)
        unknown += missing
        week_entries = [e for e in week_entries if e not in excluded]
        ordered, missing = _resolve(curation.order, week_entries)
        unknown += missing
        week_entries = ordered + [e for e in week_entries if e not in ordered]
        featured, missing = _resolve(curation.featured, week_entries)
        unknown += missing
    rest = [e for e in week_entries if e not in featured]
    grouped = sections(
        rest,
        theme_of=lambda e: theme_of[id(e)],
        keywords_of=lambda e: e.keywords,
        theme_order=list(themes),
        catchall=catchall,
    )
    for section in grouped:
        section.items = [e.item for e in section.items]
    if note and note.date:
        stamps.append(note.date)
    start, end = week_range(week)
    return Digest(
        id=week,
        start=start,
        end=end,
        sections=grouped,
        featured=[e.item for e in featured],
        note=note,
        updated=max(stamps),
        unknown_names=unknown,
    )
