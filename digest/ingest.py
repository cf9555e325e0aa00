"""Sources -> records -> files in `content/articles/`: the ingestion pipeline.

Each source gives records; each record is matched against what `content/` already holds (same
feed entry id, same canonical link, or the same story: same folded title within a few days) and
written new, updated, merged (another outlet of a stored story) or left unchanged.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from digest import store
from digest.arabic import match_key
from digest.errors import DigestError
from digest.feeds import FEED_SUFFIXES, looks_like_feed, read_feed, split_warnings
from digest.records import Article
from digest.saved import SAVED_SUFFIXES, read_saved
from digest.settings import articles_dir
from digest.shingles import NearDuplicates, shingles
from digest.slugs import make_slug

SAME_STORY_WINDOW = timedelta(days=3)
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    """What happened to one item: new, updated, merged, unchanged or failed."""

    origin: str
    status: str
    path: Path | None = None
    message: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(o.status == "failed" for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for outcome in self.outcomes:
            result[outcome.status] = result.get(outcome.status, 0) + 1
        return result


@dataclass(frozen=True)
class StoryKeys:
    """What `same_story` compares a record by: its folded title and its text's shingles."""

    title: str
    summary: str
    title_key: str
    shingles: frozenset[int]

    @classmethod
    def of(cls, title: str, summary: str) -> StoryKeys:
        return cls(title, summary, match_key(title), shingles(f"{title} {summary}"))


@dataclass(frozen=True)
class Prepared:
    """A finished record and its story keys, made beside the record (on a worker process for a
    large feed), so that storing, which must run in order, does less."""

    article: Article
    keys: StoryKeys


def prepare(article: Article, settings: dict[str, Any]) -> Prepared:
    """The record finished (`finish`) and prepared for `store_article`."""
    article = finish(article, settings)
    return Prepared(article, StoryKeys.of(article.title, article.summary))


@dataclass
class ContentIndex:
    """What `content/articles/` already holds, by every key an incoming record can match."""

    root: Path
    by_guid: dict[str, Path] = field(default_factory=dict)
    by_link: dict[str, Path] = field(default_factory=dict)
    by_title: dict[str, list[tuple[datetime | None, Path]]] = field(default_factory=dict)
    slugs: dict[str, Path] = field(default_factory=dict)
    keywords: set[str] = field(default_factory=set)
    near: NearDuplicates[Path] = field(default_factory=NearDuplicates)
    # The record being stored is compared by same_story and indexed by add: its keys once.
    _keys: StoryKeys = StoryKeys("", "", "", frozenset())

    @classmethod
    def scan(cls, root: Path) -> ContentIndex:
        index = cls(root)
        for path in store.iter_article_files(root):
            index.add(store.read_header(path), path)
        return index

    def add(self, header: store.StoredFile, path: Path) -> None:
        first: dict[str, str] = {}  # header.first(key) for every key, in one pass
        sources: list[str] = []
        for key, value in header.fields:
            key = key.lower()
            first.setdefault(key, value)
            if key == "source":
                sources.append(value)
        if guid := first.get("guid"):
            self.by_guid[guid] = path
        if link := first.get("link"):
            self.by_link[link] = path
        for value in sources:
            url = store.parse_link_value(value).url
            if url:
                self.by_link.setdefault(url, path)
        date_text = first.get("date")
        try:
            date = datetime.fromisoformat(date_text) if date_text else None
        except ValueError:
            date = None
        keys = self.keys_of(first.get("title") or "", first.get("summary") or "")
        if first.get("title"):
            self.by_title.setdefault(keys.title_key, []).append((date, path))
        self.slugs[first.get("slug") or path.stem] = path
        self.near.add(path, keys.shingles, date)
        self.keywords.update(k.strip() for k in (first.get("tags") or "").split(";") if k.strip())

    def keys_of(self, title: str, summary: str) -> StoryKeys:
        if (self._keys.title, self._keys.summary) != (title, summary):
            self._keys = StoryKeys.of(title, summary)
        return self._keys

    def remember(self, keys: StoryKeys) -> None:
        """Keys made beforehand (`prepare`), used if asked for the same title and summary."""
        self._keys = keys

    def same_entry(self, article: Article) -> Path | None:
        if article.guid and article.guid in self.by_guid:
            return self.by_guid[article.guid]
        if article.link and article.link in self.by_link:
            return self.by_link[article.link]
        return None

    def same_story(self, article: Article) -> Path | None:
        """A stored article telling the same story: same folded title, or near-identical
        title and first paragraph, dated within a few days."""
        keys = self.keys_of(article.title, article.summary)
        for date, path in self.by_title.get(keys.title_key, []):
            if _close(date, article.date):
                return path
        return self.near.find(keys.shingles, article.date, _close)

    def unique_slug(self, slug: str, path: Path) -> str:
        candidate, n = slug, 2
        while candidate in self.slugs and self.slugs[candidate] != path:
            candidate, n = f"{slug}-{n}", n + 1
        return candidate


def _close(a: datetime | None, b: datetime | None) -> bool:
    return a is None or b is None or abs(a - b) <= SAME_STORY_WINDOW


def merge_outlets(stored: Article, incoming: Article) -> Article:
    """The stored story, crediting the incoming record's outlets too."""
    sources = list(stored.sources) + [s for s in incoming.sources if s not in stored.sources]
    links = list(stored.source_links) + [
        link for link in incoming.source_links if link not in stored.source_links
    ]
    return stored.with_changes(sources=tuple(sources), source_links=tuple(links))


def store_article(record: Article | Prepared, index: ContentIndex) -> Outcome:
    """Write one record to its file (new, updated, merged or unchanged); keep the index current.
    A prepared record's keys are used where they still apply."""
    if isinstance(record, Prepared):
        article = record.article
        index.remember(record.keys)
    else:
        article = record
    existing = index.same_entry(article)
    status_if_changed = "updated"
    if existing is None and (existing := index.same_story(article)) is not None:
        stored = store.stored_article(store.read_file(existing), existing)
        article = merge_outlets(stored, article)
        status_if_changed = "merged"
    elif existing is not None:
        stored = store.stored_article(store.read_file(existing), existing)
        article = merge_outlets(
            article.with_changes(slug=stored.slug, date=article.date or stored.date), stored
        )
    if existing is None:
        path = store.article_path(index.root, article)
        slug = index.unique_slug(article.slug, path)
        if slug != article.slug:
            article = article.with_changes(slug=slug)
            path = store.article_path(index.root, article)
    else:
        path = existing
    status, header = store.save_article(path, article)
    if status == "updated":
        status = status_if_changed
    index.add(header, path)
    return Outcome(article.origin, status, path)


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def expand_sources(sources: Iterable[str]) -> Iterator[str]:
    """Files of folders (recursively, sorted), other files and URLs as given."""
    for source in sources:
        path = Path(source)
        if not is_url(source) and path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and not child.name.startswith(".")
                    and (child.suffix.lower() in SAVED_SUFFIXES | FEED_SUFFIXES)
                ):
                    yield str(child)
        else:
            yield source


def read_source(
    source: str,
    settings: dict[str, Any],
    *,
    now: datetime | None,
    known_keywords: set[str],
    fetched: bytes | None = None,
    feed: dict[str, Any] | None = None,
) -> tuple[list[Article], list[str]]:
    """Records of one file or fetched feed, and warnings."""
    warnings, records = read_records(
        source,
        settings,
        now=now,
        known_keywords=known_keywords,
        fetched=fetched,
        feed=feed,
        then=_as_read,
    )
    return split_warnings(records, warnings), warnings


def read_records(
    source: str,
    settings: dict[str, Any],
    *,
    now: datetime | None,
    known_keywords: set[str],
    fetched: bytes | None = None,
    feed: dict[str, Any] | None = None,
    then: Callable[[Article], T],
    parallel: bool = False,
) -> tuple[list[str], Iterator[T | str]]:
    """`read_source` as the caller iterates: warnings about the document, then each record put
    through `then` (a saved article `finish`ed first), or the warning (a str) that skipped an
    entry, in order. With `parallel`, a large feed's entries are converted (and put through
    `then`) on worker processes meanwhile."""
    tz = site_timezone(settings)
    feed = feed or {}
    path = Path(source)
    is_feed = fetched is not None
    if fetched is None:
        if not path.is_file():
            raise DigestError(source, "no such file or folder")
        suffix = path.suffix.lower()
        is_feed = suffix in FEED_SUFFIXES or (
            suffix not in SAVED_SUFFIXES and looks_like_feed(_head(path))
        )
    if is_feed:
        return read_feed(
            fetched if fetched is not None else path.read_bytes(),
            source,
            tz=tz,
            source=feed.get("source"),
            lang=feed.get("lang"),
            theme=feed.get("theme"),
            max_bytes=settings["DIGEST_FETCH_MAX_BYTES"],
            base_url=source if fetched is not None else None,
            then=then,
            parallel=parallel,
        )
    article = read_saved(path, tz=tz, now=now, known_keywords=known_keywords)
    return [], iter([then(finish(article, settings))])


def _as_read(article: Article) -> Article:
    return article


def finish(article: Article, settings: dict[str, Any]) -> Article:
    """Apply the site's slug policy, and give a record without a feed id a stable one: the
    subscribers' feeds use it, so fixing a title or slug later never changes an entry's id."""
    slug = make_slug(
        article.title,
        article.date,
        ascii_only=settings["DIGEST_SLUG_ASCII"],
        max_length=settings["DIGEST_SLUG_MAX_LENGTH"],
    )
    guid = article.guid or article.link
    if not guid:
        stamp = article.date.isoformat() if article.date else ""
        digest = hashlib.sha1(f"{match_key(article.title)}|{stamp}".encode()).hexdigest()
        guid = f"urn:digest:{digest[:20]}"
    return article.with_changes(slug=slug, guid=guid)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(2048)


def site_timezone(settings: dict[str, Any]) -> tzinfo:
    name = settings.get("TIMEZONE") or "UTC"
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise DigestError(
            "pelicanconf.py", f"unknown time zone {name!r}", field="TIMEZONE"
        ) from exc


def ingest(
    sources: Iterable[str],
    settings: dict[str, Any],
    *,
    now: datetime | None = None,
    progress: Callable[[int, str], None] | None = None,
    fetch_one: Callable[[str], tuple[bytes | None, dict[str, Any]]] | None = None,
) -> Report:
    """Ingest files, folders and feed URLs into `content/articles/`; never raises for bad input."""
    report = Report()
    index = ContentIndex.scan(articles_dir(settings))
    for number, source in enumerate(expand_sources(sources), start=1):
        if progress:
            progress(number, source)
        try:
            fetched, feed = (None, {})
            if is_url(source):
                if fetch_one is None:
                    raise DigestError(source, "fetching is not available here")
                fetched, feed = fetch_one(source)
                if fetched is None:
                    report.outcomes.append(Outcome(source, "unchanged", message="not modified"))
                    continue
            warnings, records = read_records(
                source,
                settings,
                now=now,
                known_keywords=index.keywords,
                fetched=fetched,
                feed=feed,
                then=partial(prepare, settings=settings),
                parallel=True,
            )
            report.warnings += warnings
        except DigestError as exc:
            report.outcomes.append(Outcome(source, "failed", message=str(exc)))
            continue
        with _heap_frozen():
            _store_records(records, index, report)
    return report


def _store_records(records: Iterable[Prepared | str], index: ContentIndex, report: Report) -> None:
    undated = []  # reported after the source's own warnings, as when it was read whole
    for record in records:
        if isinstance(record, str):
            report.warnings.append(record)
            continue
        article = record.article
        if article.date is None:
            undated.append(f"{article.origin}: date: no date found; stored as a draft to be dated")
        try:
            report.outcomes.append(store_article(record, index))
        except (DigestError, OSError) as exc:
            report.outcomes.append(Outcome(article.origin, "failed", message=str(exc)))
    report.warnings += undated


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """Objects that exist now (a parsed feed, the index) left out of the garbage collector's
    full passes while records are stored: each pass would walk them all again (a third of a
    second over a 10,000-entry feed), and a forked worker's would copy every page it touches."""
    if gc.get_freeze_count():  # someone else's freeze: not ours to undo
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def parse_only(
    source: str, settings: dict[str, Any], *, now: datetime | None = None
) -> list[Article]:
    """Records of one source, nothing written (`digest parse`)."""
    index_root = articles_dir(settings)
    known = ContentIndex.scan(index_root).keywords if index_root.is_dir() else set()
    articles, _warnings = read_source(source, settings, now=now, known_keywords=known)
    return [finish(a, settings) for a in articles]
