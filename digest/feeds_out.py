"""Atom and RSS feeds for subscribers: articles, digests, themes.

Ids never change across rebuilds, nor when a title or slug is corrected: an article's id comes
from its `Guid:` (set once at ingestion), a digest's from its week id. Links are absolute,
from `SITEURL` (publishconf.py), and every feed states its language and its own URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from feedgenerator import Atom1Feed, Rss201rev2Feed

from digest.files import write_if_changed

DEV_SITEURL = "http://localhost:8000"


@dataclass(frozen=True)
class FeedItem:
    id_path: str  # stable part of the id, e.g. "digest/2016-W20"
    title: str
    url: str  # site-relative
    published: datetime
    updated: datetime
    content_html: str
    summary: str = ""
    author: str = ""
    categories: tuple[str, ...] = ()
    lang: str | None = None


def site_root(siteurl: str) -> str:
    return (siteurl or DEV_SITEURL).rstrip("/") + "/"


def tag_uri(siteurl: str, id_path: str, since: datetime) -> str:
    """An RFC 4151 tag URI: `tag:example.org,2016-05-20:digest/2016-W20`."""
    authority = urlsplit(site_root(siteurl)).hostname or "localhost"
    return f"tag:{authority},{since:%Y-%m-%d}:{id_path}"


def write_feed(
    path: Path,
    items: Iterable[FeedItem],
    *,
    kind: str,
    title: str,
    siteurl: str,
    feed_url: str,
    lang: str,
    subtitle: str = "",
) -> None:
    """Write one Atom (kind="atom") or RSS 2.0 (kind="rss") feed file."""
    root = site_root(siteurl)
    feed_class = Atom1Feed if kind == "atom" else Rss201rev2Feed
    feed = feed_class(
        title=title,
        link=root,
        description=subtitle or title,
        language=lang,
        feed_url=urljoin(root, feed_url),
        subtitle=subtitle or None,
    )
    for item in items:
        feed.add_item(
            title=item.title,
            link=urljoin(root, item.url),
            unique_id=tag_uri(siteurl, item.id_path, item.published),
            unique_id_is_permalink=False,
            description=(item.summary or None) if kind == "atom" else item.content_html,
            content=item.content_html if kind == "atom" else None,
            pubdate=item.published,
            updateddate=item.updated,
            author_name=item.author or None,
            categories=list(item.categories) or None,
        )
    write_if_changed(path, feed.writeString("utf-8"))
