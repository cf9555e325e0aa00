"""Saved HTML pages -> `Article`: trafilatura takes the main text, the page's own metadata
(JSON-LD NewsArticle, OpenGraph, meta tags) gives date, keywords, link and outlet.

Only text leaves this module: the page's markup, scripts and styles never reach the record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import nh3
import trafilatura

from digest.arabic import fold_arabic, match_key, one_line
from digest.dates import find_date
from digest.errors import DigestError
from digest.layouts import RELATED_MARKER
from digest.records import Article, Link
from digest.saved import byline_sources, parse_saved_text

NEWS_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
}
BYLINE_HINTS = ("byline", "author")
BYLINE_MAX_WORDS = 8
RELATED_HINTS = ("related", "read-more", "readmore", "more-news", "also", "similar")
# What trafilatura needs to find the main text: structure, and class/id hints of boilerplate.
STRUCTURE_TAGS = {
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "section",
    "div",
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "em",
    "strong",
    "b",
    "i",
    "span",
    "figure",
    "figcaption",
    "time",
    "q",
    "cite",
    "bdi",
    "pre",
    "code",
}
STRUCTURE_ATTRIBUTES = {"*": {"class", "id", "dir", "lang"}, "a": {"href"}, "time": {"datetime"}}


# Elements whose content is never the page's text, and comments, when closed.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HIDDEN = re.compile(
    r"<(script|style|noscript|noembed|noframes|iframe|template|textarea|title)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
# Any tag, its quoted attribute values read whole (`<a title="</iframe><img ...>">`).
_TAG = re.compile(r"""<(/?)([a-zA-Z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_KEPT_TAGS = STRUCTURE_TAGS | {
    "html", "head", "body", "meta", "link", "img", "hr", "table", "caption", "thead", "tbody",
    "tfoot", "tr", "td", "th", "dl", "dt", "dd", "small", "sup", "sub", "u", "s", "mark",
    "abbr", "address", "details", "summary", "picture", "source", "video", "audio",
}  # fmt: skip


def _unwrapped(match: re.Match[str]) -> str:
    return match.group() if match[2].lower() in _KEPT_TAGS else " "


def _defused(html: str) -> str:
    """The page without hidden content (scripts, styles, comments) and with every other tag
    but those of ordinary text unwrapped: an unclosed raw-text tag (`<style>`, `<xmp>`), a
    comment never closed or foreign markup (SVG, MathML) would hide all of the page after it,
    where the cleaner drops it; its text is kept instead."""
    html = _HIDDEN.sub(" ", _COMMENT.sub(" ", html))
    return _TAG.sub(_unwrapped, html).replace("<!--", " ")


def _structure_only(html: str) -> str:
    """The page re-parsed as a browser would (html5ever, through nh3) and stripped to text
    structure: libxml2 alone mis-nests hostile markup and loses the paragraphs after it."""
    body = nh3.clean(
        _defused(html),
        tags=STRUCTURE_TAGS,
        attributes=STRUCTURE_ATTRIBUTES,
        link_rel=None,
        url_schemes={"http", "https"},
        strip_comments=True,
    )
    return f"<html><body>{body}</body></html>"


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The page's first JSON-LD object of a news article type, or {}."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except ValueError:
            continue
        for item in _walk_ld(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(str(k).lower() in NEWS_TYPES for k in kinds):
                return item
    return {}


def _walk_ld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_ld(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk_ld(data.get("@graph", []))


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            values = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if values and values[0].strip():
                return one_line(values[0])
    return None


def _date(value: str | None, tz: tzinfo) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        match = find_date(value, tz=tz)
        return match.value if match else None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _keywords(ld: dict[str, Any], tree: lxml.html.HtmlElement) -> list[str]:
    raw = ld.get("keywords")
    if isinstance(raw, list):
        return [one_line(str(k)) for k in raw if str(k).strip()]
    tags = [
        one_line(t) for t in tree.xpath('//meta[@property="article:tag"]/@content') if t.strip()
    ]
    text = raw if isinstance(raw, str) else _meta(tree, "keywords", "news_keywords")
    if tags:
        return tags
    if text:
        return [k.strip() for k in text.replace("،", ",").split(",") if k.strip()]
    return []


def _byline(tree: lxml.html.HtmlElement) -> str:
    """The text of the page's byline element (class, id or itemprop `byline`/`author`)."""
    for element in tree.iter("div", "span", "p", "address", "a"):
        hints = " ".join(element.get(a, "") for a in ("class", "id", "itemprop")).lower()
        if any(hint in hints for hint in BYLINE_HINTS):
            text = one_line(element.text_content())
            if text and len(text.split()) <= BYLINE_MAX_WORDS:
                return text
    return ""


def _related(tree: lxml.html.HtmlElement, base: str | None) -> list[Link]:
    """Links in the page's related-articles block(s), by class/id hint or by heading."""
    blocks = [
        el
        for el in tree.iter("aside", "section", "div", "ul", "nav")
        if any(h in f"{el.get('class', '')} {el.get('id', '')}".lower() for h in RELATED_HINTS)
    ]
    for heading in tree.xpath("//h2|//h3|//h4|//strong|//span"):
        if RELATED_MARKER.search(fold_arabic(heading.text_content().strip())):
            parent = heading.getparent()
            if parent is not None:
                blocks.append(parent)
    links: list[Link] = []
    seen = set()
    for block in blocks:
        for anchor in block.iter("a"):
            title = one_line(anchor.text_content())
            href = (anchor.get("href") or "").strip()
            url = urljoin(base or "", href) if href else None
            if url and urlsplit(url).scheme not in ("http", "https"):
                url = None
            if title and len(title.split()) >= 3 and title not in seen:
                seen.add(title)
                links.append(Link(title, url))
    return links


def parse_saved_html(
    html: str,
    origin: str,
    *,
    tz: tzinfo,
    now: datetime | None = None,
    known_keywords: Collection[str] = (),
) -> Article:
    """The record of a saved HTML page."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise DigestError(origin, f"not an HTML page: {exc}") from exc
    ld = _json_ld(tree)
    link = ld.get("url") if isinstance(ld.get("url"), str) else None
    link = (
        link
        or _meta(tree, "og:url")
        or next(iter(tree.xpath('//link[@rel="canonical"]/@href')), None)
    )
    document = trafilatura.bare_extraction(
        _structure_only(html),
        url=link,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    data = (
        document.as_dict()
        if document is not None and not isinstance(document, dict)
        else (document or {})
    )
    title = one_line(str(ld.get("headline") or _meta(tree, "og:title") or data.get("title") or ""))
    text = data.get("text") or ""
    if not title:
        raise DigestError(origin, "no title found", field="title")
    lines = text.splitlines()
    while lines and match_key(lines[0]) in (match_key(title), match_key(data.get("title") or "")):
        lines.pop(0)  # the page's <title> and <h1> repeat the headline
    article = parse_saved_text(
        "\n".join(lines), origin, tz=tz, now=now, known_keywords=known_keywords, title=title
    )
    date = (
        _date(ld.get("datePublished"), tz)
        or _date(_meta(tree, "article:published_time", "datePublished", "pubdate"), tz)
        or article.date
    )
    keywords = _keywords(ld, tree) or list(article.keywords)
    author = ld.get("author")
    author_name = author.get("name") if isinstance(author, dict) else data.get("author")
    sources = [*byline_sources(_byline(tree)), *article.sources]
    return article.with_changes(
        title=title,
        sources=tuple(dict.fromkeys(sources)),
        date=date,
        keywords=tuple(keywords),
        related=tuple(_related(tree, link)) or article.related,
        link=link if link and urlsplit(link).scheme in ("http", "https") else None,
        author=one_line(str(author_name)) if author_name else article.author,
    )
