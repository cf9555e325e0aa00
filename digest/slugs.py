"""The one slug policy: Arabic words kept (or ASCII on request), always a safe file name."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime

from slugify import slugify

from digest.arabic import INVISIBLES, strip_diacritics

DEFAULT_MAX_LENGTH = 80


def slugify_title(
    title: str, *, ascii_only: bool = False, max_length: int = DEFAULT_MAX_LENGTH
) -> str:
    """A slug from a title, possibly empty when the title has no letters or digits.

    Diacritics and tatweel go first: python-slugify would otherwise turn each into a hyphen.
    """
    text = INVISIBLES.sub("", unicodedata.normalize("NFC", title))
    text = strip_diacritics(text)
    slug = slugify(
        text,
        allow_unicode=not ascii_only,
        max_length=max_length,
        word_boundary=True,
        save_order=True,
    )
    return slug.strip("-._")


def fallback_slug(title: str, date: datetime | None) -> str:
    """A stable slug for a title with no usable letters: its date and a hash of the title."""
    digest = hashlib.sha1(unicodedata.normalize("NFC", title).encode("utf-8")).hexdigest()[:8]
    prefix = date.strftime("%Y-%m-%d") if date else "undated"
    return f"{prefix}-{digest}"


def make_slug(
    title: str,
    date: datetime | None = None,
    *,
    ascii_only: bool = False,
    max_length: int = DEFAULT_MAX_LENGTH,
) -> str:
    """The article's slug: the title's words, else its date and a hash. Never empty, never a
    path: no separators, controls or leading dots, at most `max_length` characters."""
    slug = slugify_title(title, ascii_only=ascii_only, max_length=max_length)
    if not slug or not any(ch.isalnum() for ch in slug):
        slug = fallback_slug(title, date)
    return slug
