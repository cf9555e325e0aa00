"""Feed bytes (RSS, Atom, RDF, JSON Feed) -> `Article`s. feedparser's dicts stop here."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, tzinfo
from functools import partial
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
from charset_normalizer import from_bytes

from digest.arabic import one_line
from digest.dates import find_date
from digest.encodings import ARABIC_LEGACY
from digest.errors import DigestError
from digest.html_markdown import html_to_markdown
from digest.language import detect_language
from digest.pool import map_ordered
from digest.records import Article, Link, ParseResult
from digest.sanitize import text_of

T = TypeVar("T")

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed", ".json"}
TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|ref_src)$", re.I
)
# DOCTYPE internal subsets declare entities: the loose parser expands them quadratically
# ("billion laughs") and external ones would be fetched. Feeds never need them.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.I | re.S)
_ENTITY_DECL = re.compile(rb"<!ENTITY[^>]*>", re.I | re.S)
_XML_DECL_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*encoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])""")
# feedparser's bozo exceptions that still leave a usable feed.
SURVIVABLE = (
    feedparser.CharacterEncodingOverride,
    feedparser.NonXMLContentType,
    feedparser.CharacterEncodingUnknown,
)


def canonical_link(url: str | None) -> str | None:
    """The link without tracking parameters or fragment; None unless http(s)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
    ]
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def _prepare(data: bytes, name: str, warnings: list[str]) -> bytes:
    """Entity declarations stripped; undeclared or mislabelled Arabic legacy bytes re-labelled."""
    data = _ENTITY_DECL.sub(b"", _DOCTYPE.sub(b"", data, count=1))
    declared = _XML_DECL_ENCODING.match(data)
    label = declared.group(2).decode("ascii").lower() if declared else "utf-8"
    if label.replace("_", "-") in ("utf-8", "utf8") and not data.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    ):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(data, cp_isolation=list(ARABIC_LEGACY)).best()
            if best is None:
                return data
            warnings.append(
                f"{name}: declared {label} but is {best.encoding}: decoded as {best.encoding}"
            )
            text = str(best).encode("utf-8")
            if declared:
                text = _XML_DECL_ENCODING.sub(rb"\g<1>utf-8\g<3>", text, count=1)
            return text
    return data


def _entry_date(entry: Mapping[str, Any], tz: tzinfo) -> datetime | None:
    """published, else updated, keeping the stated offset (feedparser's tuples are UTC)."""
    for key in ("published", "updated", "created", "dc_date"):
        raw = entry.get(key)
        if not raw:
            continue
        raw = str(raw).strip()
        try:
            parsed = email.utils.parsedate_to_datetime(raw)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        except (TypeError, ValueError, IndexError):
            pass
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
        except ValueError:
            pass
        match = find_date(raw, tz=tz)  # Arabic date strings, as on saved pages
        if match:
            return match.value
        parsed_tuple = entry.get(f"{key}_parsed")
        if parsed_tuple:
            from datetime import UTC

            return datetime(*parsed_tuple[:6], tzinfo=UTC)
    return None


def _text(value: str, detail: Mapping[str, Any] | None) -> str:
    kind = (detail or {}).get("type", "text/plain")
    return one_line(text_of(value) if "html" in kind else value)


def _entry_article(
    entry: Mapping[str, Any],
    feed: Mapping[str, Any],
    origin: str,
    *,
    tz: tzinfo,
    source: str | None,
    lang: str | None,
    theme: str | None,
) -> Article:
    title = _text(entry.get("title", ""), entry.get("title_detail"))
    link = canonical_link(entry.get("link"))
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    # Relative URLs in the content resolve against its xml:base, else the entry's link.
    detail = contents[0] if contents else entry.get("summary_detail") or {}
    base = detail.get("base") or entry.get("link") or link
    body = html_to_markdown(html, base_url=base) if html else ""
    summary_html = entry.get("summary") or html
    summary = one_line(text_of(summary_html))[:400] if summary_html else ""
    if not title:
        title = one_line(summary)[:120] or ""
    if not title:
        raise DigestError(origin, "entry has no title and no text", field="title")
    date = _entry_date(entry, tz)
    outlet = (
        source or _text(feed.get("title", ""), feed.get("title_detail")) or urlsplit(origin).netloc
    )
    language = (
        lang
        or (entry.get("title_detail") or {}).get("language")
        or feed.get("language")
        or detect_language(f"{title} {summary}")
    )
    keywords = [one_line(t.get("term") or t.get("label") or "") for t in entry.get("tags", [])]
    return Article(
        title=title,
        body=body,
        date=date,
        lang=str(language).split("-")[0].lower() or "ar",
        sources=(outlet,) if outlet else (),
        source_links=(Link(outlet, link),) if outlet and link else (),
        keywords=tuple(k for k in keywords if k),
        link=link,
        summary=summary,
        author=one_line(entry.get("author", "")) or None,
        guid=one_line(str(entry.get("id", ""))) or None,
        theme=theme,
        origin=origin,
    )


def parse_feed(
    data: bytes,
    origin: str,
    *,
    tz: tzinfo,
    source: str | None = None,
    lang: str | None = None,
    theme: str | None = None,
    max_bytes: int = 10 * 1024 * 1024,
    headers: Mapping[str, str] | None = None,
    base_url: str | None = None,
) -> ParseResult:
    """Every entry of one feed document; entries that cannot be read become warnings."""
    warnings, records = read_feed(
        data,
        origin,
        tz=tz,
        source=source,
        lang=lang,
        theme=theme,
        max_bytes=max_bytes,
        headers=headers,
        base_url=base_url,
    )
    return ParseResult(articles=split_warnings(records, warnings), warnings=warnings)


def split_warnings(records: Iterable[T | str], warnings: list[str]) -> list[T]:
    """The records of a stream where a str is the warning that skipped an entry; the warnings
    are added to `warnings`, in order."""
    found: list[T] = []
    for record in records:
        if isinstance(record, str):
            warnings.append(record)
        else:
            found.append(record)
    return found


def read_feed(
    data: bytes,
    origin: str,
    *,
    tz: tzinfo,
    source: str | None = None,
    lang: str | None = None,
    theme: str | None = None,
    max_bytes: int = 10 * 1024 * 1024,
    headers: Mapping[str, str] | None = None,
    base_url: str | None = None,
    then: Callable[[Article], Any] | None = None,
    parallel: bool = False,
) -> tuple[list[str], Iterator[Any]]:
    """The document's warnings, and for each entry in order its record (passed through `then`)
    or the warning (a str) that skipped it. Entries are converted as the caller iterates; with
    `parallel`, a large feed's on worker processes, ahead of the caller (digest.pool)."""
    parsed, warnings = _read_document(
        data, origin, max_bytes=max_bytes, headers=headers, base_url=base_url
    )
    convert = partial(
        _entry_record,
        feed=parsed.feed,
        origin=origin,
        tz=tz,
        source=source,
        lang=lang,
        theme=theme,
        then=then,
    )
    entries = list(enumerate(parsed.entries, start=1))
    return warnings, map_ordered(convert, entries) if parallel else map(convert, entries)


def _read_document(
    data: bytes,
    origin: str,
    *,
    max_bytes: int,
    headers: Mapping[str, str] | None,
    base_url: str | None,
) -> tuple[Any, list[str]]:
    """feedparser's result for a feed document, and warnings; DigestError when it is none."""
    if len(data) > max_bytes:
        raise DigestError(origin, f"too large: more than {max_bytes} bytes")
    if not data.strip():
        raise DigestError(origin, "empty file")
    warnings: list[str] = []
    prepared = _prepare(data, origin, warnings)
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    if base_url:
        response_headers.setdefault("content-location", base_url)
    try:
        parsed = feedparser.parse(
            prepared,
            response_headers=response_headers,
            # nh3 cleans every entry's HTML (digest.sanitize) and resolves relative URLs
            # against the entry's base: feedparser's own passes would parse it twice more.
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser promises not to raise, but does on some inputs
        raise DigestError(origin, f"parse error: {type(exc).__name__}: {exc}") from exc
    if parsed.get("bozo"):
        reason = one_line(str(parsed.get("bozo_exception", "malformed")))
        survivable = isinstance(parsed.get("bozo_exception"), SURVIVABLE)
        if not parsed.entries and not parsed.feed.get("title"):
            raise DigestError(origin, f"not a feed: {reason}")
        if not survivable:
            warnings.append(f"{origin}: malformed feed, read what could be read: {reason}")
    elif not parsed.get("version") and not parsed.entries:
        raise DigestError(origin, "not a feed: no RSS, Atom or RDF document found")
    return parsed, warnings


def _entry_record(
    numbered: tuple[int, Mapping[str, Any]],
    *,
    feed: Mapping[str, Any],
    origin: str,
    tz: tzinfo,
    source: str | None,
    lang: str | None,
    theme: str | None,
    then: Callable[[Article], Any] | None,
) -> Any:
    """One entry's record, or the warning that skips it."""
    index, entry = numbered
    try:
        article = _entry_article(entry, feed, origin, tz=tz, source=source, lang=lang, theme=theme)
    except DigestError as exc:
        return f"{exc} (entry {index})"
    return then(article) if then else article


def looks_like_feed(data: bytes) -> bool:
    """Whether a file's first bytes look like a feed document (not a saved HTML page)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return True
    return head.startswith(b"{") and b"jsonfeed" in data[:2048].lower()
