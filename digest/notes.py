"""Editors' weekly notes: `content/notes/<week id>.md`, read and written.

A note is Pelican Markdown: `Title:` is the digest's headline, the body its intro, and the
optional curation fields name articles by slug or title, several separated by `;`:
`Featured:` (shown first), `Excluded:` (left out), `Order:` (this order first, then the rest).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest.arabic import match_key, one_line
from digest.files import atomic_write


@dataclass(frozen=True)
class Curation:
    """Which articles a note features, excludes and orders (slugs or titles, as written)."""

    featured: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    order: tuple[str, ...] = ()


@dataclass
class WeekNote:
    week: str
    title: str | None = None
    html: str = ""
    curation: Curation = field(default_factory=Curation)
    source_path: str | None = None
    date: Any = None  # the note's Date/Modified metadata, when the editor gave one


def split_names(value: Any) -> tuple[str, ...]:
    """A curation field (string with `;` or `,` separators, or a list) as names."""
    if not value:
        return ()
    values = value if isinstance(value, list | tuple) else [value]
    names: list[str] = []
    for item in values:
        text = str(item)
        separator = ";" if ";" in text else ("،" if "،" in text else None)
        names += [n.strip() for n in (text.split(separator) if separator else [text]) if n.strip()]
    return tuple(names)


def curation_from_metadata(metadata: Mapping[str, Any]) -> Curation:
    return Curation(
        featured=split_names(metadata.get("featured")),
        excluded=split_names(metadata.get("excluded")),
        order=split_names(metadata.get("order")),
    )


def name_key(name: str) -> str:
    """Slugs and titles compare folded, so an editor may type either, with or without hamza."""
    return match_key(name)


def starter_note(week: str, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> str:
    """A starter note listing the week's articles (slug, title) by section, for an editor."""
    lines = [f"Title: موجز الأسبوع {week}", f"Week: {week}", "Featured:", "Excluded:", "Order:", ""]
    lines.append("<!-- اكتب هنا مقدمة الأسبوع. ضع في Featured أو Excluded أو Order")
    lines.append("     أسماء المقالات (slug) مفصولة بـ ; كما في القائمة أدناه. -->")
    lines.append("")
    for section, articles in sections:
        lines.append(f"<!-- {one_line(section)}:")
        lines += [
            f"     {slug} | {one_line(title)}".replace("--", "- -") for slug, title in articles
        ]
        lines.append("-->")
    return "\n".join(lines) + "\n"


def write_starter_note(path: Path, text: str) -> bool:
    """Write a starter note unless one exists; True when written."""
    if path.exists():
        return False
    atomic_write(path, text)
    return True
