"""The normalized `Article` record every source is parsed into, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Link:
    """A titled link; `url` is None when only the headline is known."""

    title: str
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True)
class Article:
    """One news item, whatever it came from (saved page, feed entry)."""

    title: str
    body: str  # Markdown, already safe: HTML sanitized, feed text escaped
    date: datetime | None = None  # timezone-aware; None when the source gave no date
    lang: str = "ar"
    sources: tuple[str, ...] = ()  # outlets and agencies, in printed order
    keywords: tuple[str, ...] = ()
    related: tuple[Link, ...] = ()
    link: str | None = None  # the original article's URL
    slug: str = ""
    summary: str = ""
    author: str | None = None
    guid: str | None = None  # a feed entry's id, for deduplication
    theme: str | None = None  # default theme from the feed subscription
    source_links: tuple[Link, ...] = ()  # each outlet that carried the story, with its URL
    origin: str = ""  # the file or URL it came from, for messages

    def with_changes(self, **changes: Any) -> Article:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The JSON object printed by `digest parse --json`."""
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "lang": self.lang,
            "sources": list(self.sources),
            "keywords": list(self.keywords),
            "related": [link.to_json() for link in self.related],
            "link": self.link,
            "slug": self.slug,
            "summary": self.summary,
            "body": self.body,
            "author": self.author,
            "guid": self.guid,
        }


@dataclass(frozen=True)
class ParseResult:
    """Articles read from one source, with warnings about survivable problems."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
