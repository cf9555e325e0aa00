"""Saved articles (text copied, or HTML saved, from an Arabic news page) -> `Article`.

A plain-text copy reads top down: a head of site chrome (site name, breadcrumb, the header's own
"today" date), the title, a meta zone (date lines, byline, share buttons, photo caption), the
body, then a tail of source line, keyword line and related headlines. Each line is classified
by its shape and markers (`digest.layouts`), then read by the zone it falls in: only a date line
near the title dates the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from digest import layouts
from digest.arabic import fold_arabic, match_key, unique_by_key
from digest.dates import find_date, is_date_line
from digest.encodings import decode_bytes
from digest.errors import DigestError
from digest.keywords import split_keywords
from digest.language import detect_language
from digest.records import Article, Link
from digest.sanitize import escape_markdown
from digest.slugs import make_slug

SAVED_SUFFIXES = {".txt", ".text", ".html", ".htm"}
SUMMARY_LENGTH = 280
TITLE_MAX_LENGTH = 250
# Zero-width and bidi controls copied with the text, but not the zero-width non-joiner: Persian
# and Urdu words are spelled with it (می‌کند).
_INVISIBLES = re.compile("[\u200b\u200d-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
RELATED_MIN_WORDS = 3
FOLDED_PREFIX = 160  # an unmarked line after the keywords is a headline, not a button
HEAD_MAX_LABELS = 4  # site name, section, label lines above a headline


@dataclass(frozen=True)
class _Line:
    """One non-empty line: its number, as saved (spacing kept), cleaned, folded, and kind."""

    number: int
    raw: str
    text: str
    folded: str  # of its first FOLDED_PREFIX characters
    kind: str  # source | related | chrome-list | keywords | hashtags | link | today | date |
    # caption | chrome | byline | text


@dataclass
class _Lines:
    """A saved text split into its parts, in the order they were printed."""

    title: str = ""
    site: str = ""  # the site's name printed above the title, if any
    date: datetime | None = None
    updated: datetime | None = None
    head_date: datetime | None = None  # a date line above the title, the nearest one
    late_date: datetime | None = None  # a marked publication line below the body
    body: list[tuple[int, str]] = field(default_factory=list)  # (line number, paragraph)
    author: str | None = None
    sources: list[tuple[int, str]] = field(default_factory=list)  # (line number, name)
    keyword_lines: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    link: str | None = None


def clean_line(line: str) -> str:
    """A line in NFC, without invisible controls, its whitespace collapsed."""
    return " ".join(_INVISIBLES.sub("", unicodedata.normalize("NFC", line)).split())


def _kind(text: str, folded: str, raw: str, *, tz: tzinfo, now: datetime | None) -> str:
    if layouts.SOURCE_LINE.match(folded):
        return "source"
    if layouts.CHROME_LIST_MARKER.search(folded):
        return "chrome-list"
    if layouts.RELATED_MARKER.search(folded):
        return "related"
    if layouts.is_keyword_line(text, folded):
        return "keywords"
    if layouts.HASHTAG_LINE.match(text):
        return "hashtags"
    if layouts.LINK_LINE.match(folded):
        return "link"
    if len(text.split()) <= layouts.DATE_LINE_MAX_WORDS and _is_date_line(text, tz=tz, now=now):
        return "today" if layouts.TODAY_LINE.match(folded) else "date"
    if layouts.BYLINE.match(folded) and len(text.split()) <= 8:
        return "byline"
    if layouts.is_caption(folded):
        return "caption"
    if layouts.is_chrome(folded) or layouts.is_menu(raw) or layouts.BULLET.fullmatch(text):
        return "chrome"
    return "text"


def _is_date_line(text: str, *, tz: tzinfo, now: datetime | None) -> bool:
    """A date line, or a meta line of `|`-separated parts one of which is a date line
    (`كتبت: name | السبت 04-02-2023 15:12`)."""
    if is_date_line(text, tz=tz, now=now):
        return True
    parts = text.split(" | ")
    return len(parts) > 1 and any(is_date_line(p, tz=tz, now=now) for p in parts)


def classify_lines(text: str, *, tz: tzinfo, now: datetime | None) -> list[_Line]:
    """The non-empty lines of a saved text, each with its kind."""
    lines = []
    for number, raw in enumerate(text.splitlines()):
        cleaned = clean_line(raw)
        if cleaned:
            # Markers and chrome stand at a line's start, and long lines are text: folding
            # a long paragraph's start is enough (and folding is the costly part).
            folded = fold_arabic(cleaned[:FOLDED_PREFIX])
            kind = _kind(cleaned, folded, raw, tz=tz, now=now)
            lines.append(_Line(number, raw, cleaned, folded, kind))
    return lines


def _read_head(lines: list[_Line], parts: _Lines, *, tz: tzinfo, now: datetime | None) -> int:
    """Find the title above the body; return the index of the line after it."""
    texts = [i for i, line in enumerate(lines) if line.kind == "text"]
    if not texts:
        return len(lines)
    # Short unpunctuated lines above the headline are the site's name, its section or a label
    # (`المصري اليوم`, `حوادث`, `العدد 20310`): the title is the first headline after them, or
    # the last of them when the body follows (a short title).
    labels = 0
    while labels < min(len(texts), HEAD_MAX_LABELS) and layouts.is_site_name(
        lines[texts[labels]].text
    ):
        labels += 1
    if labels < len(texts) and labels and layouts.is_headline(lines[texts[labels]].text):
        title_at = texts[labels]
    elif labels < len(texts):
        title_at = texts[max(labels - 1, 0)]
    else:
        title_at = texts[0]  # nothing but short lines: no body to tell labels from a title
    if title_at != texts[0]:
        parts.site = lines[texts[0]].text
    for line in lines[:title_at]:
        if line.kind == "date":
            parts.head_date = _date_of(line.text, tz=tz, now=now, header=True) or parts.head_date
    parts.title = lines[title_at].text.strip(" |")
    return title_at + 1


def _date_of(
    text: str, *, tz: tzinfo, now: datetime | None, header: bool = False
) -> datetime | None:
    """The date a date line states; above the title, not one after `now` (a site header's
    clock can run ahead of the reader's)."""
    match = find_date(text, tz=tz, now=now)
    if match is None or (header and now is not None and match.value > now + timedelta(days=1)):
        return None
    return match.value


def _raw_rest(line: str, folded: str, match: re.Match[str]) -> str:
    """The words of `line` after a marker matched on its folded form (folding keeps words)."""
    marker_words = len(folded[: match.start("rest")].split())
    return " ".join(line.split()[marker_words:]).strip(" :：|-–")


def _split_sources(text: str) -> list[str]:
    parts = layouts.SOURCE_SEPARATORS.split(text)
    return [p.strip(" .()«»") for p in parts if p.strip(" .()«»")]


def _is_site(name: str, site: str) -> bool:
    return bool(site) and bool(match_key(name)) and match_key(name) in match_key(site)


def _dateline(paragraph: str, site: str) -> tuple[str | None, str | None, str]:
    """A dateline's outlet (`أنقرة / الأناضول: ...`, `واس (الرياض)`, `الرياض (CNN)-- ...`) or,
    when its first part is the site's own name (`هسبريس - name`), its author; and the
    paragraph without a bare dateline."""
    if len(paragraph) <= 60:
        agency = layouts.AGENCY_DATELINE.match(fold_arabic(paragraph))
        if agency:
            return " ".join(paragraph.split()[: len(agency["source"].split())]), None, ""
    bracketed = layouts.PAREN_DATELINE.match(paragraph)
    if bracketed and len(bracketed["place"].split()) <= 6 and _is_outlet(bracketed["source"]):
        return bracketed["source"].strip(), None, paragraph if bracketed["rest"] else ""
    match = layouts.DATELINE.match(paragraph)
    if not match or len(match["source"].split()) > 3:
        return None, None, paragraph
    rest = paragraph[match.end() :].strip()
    kept = paragraph if rest else ""
    name = match["source"].strip()
    if _is_site(match["place"], site):
        return None, name, kept
    return name, None, kept


def byline_sources(byline: str, site: str = "") -> list[str]:
    """Outlets a byline credits: a dateline's (`أبوظبي - سكاي نيوز عربية`) or an outlet with
    agencies (`اندبندنت عربية ووكالات`); none for a person's name."""
    source, _author, _rest = _dateline(byline, site)
    if source:
        return [source]
    names = _split_sources(byline)
    if len(names) > 1 and any(_is_outlet(name) for name in names):
        return names
    return []


def _is_outlet(name: str) -> bool:
    """A news agency's name, or an outlet's in Latin letters (`CNN`): a credit in brackets."""
    name = name.strip()
    return bool(layouts.LATIN_NAME.match(name) or layouts.AGENCY_LINE.match(fold_arabic(name)))


def _read_meta_text(line: _Line, parts: _Lines, *, tz: tzinfo, now: datetime | None) -> bool:
    """Read a text line between title and body; False when it starts the body."""
    source, author, rest = _dateline(line.text, parts.site)
    if (source or author) and not rest:
        if source:
            parts.sources.append((line.number, source))
        parts.author = parts.author or author
        return True
    if layouts.is_date_shaped(line.folded):
        # A date line with words the date parser does not know (`بتوقيت موسكو`): its date.
        _read_date(line, parts, "meta", tz=tz, now=now)
        return True
    if layouts.CREDITED_CAPTION.search(line.folded) and layouts.is_label(line.text):
        return True  # a photo caption closed by its credit: `... (أ ف ب)`
    if layouts.is_meta(line.text):
        parts.author = parts.author or line.text.split(":", 1)[-1].strip()
        return True
    return False


def _read_date(line: _Line, parts: _Lines, zone: str, *, tz: tzinfo, now: datetime | None) -> None:
    value = _date_of(line.text, tz=tz, now=now)
    if value is None:
        return
    updated = layouts.UPDATED_LINE.search(line.folded) and not layouts.PUBLISHED_LINE.search(
        line.folded
    )
    if zone == "meta":
        if updated:
            parts.updated = parts.updated or value
        else:
            parts.date = parts.date or value
    elif layouts.PUBLISHED_LINE.search(line.folded) or layouts.UPDATED_LINE.search(line.folded):
        parts.late_date = parts.late_date or value


def _clean_headline(line: str, *, tz: tzinfo) -> str:
    """A related headline without its bullet or the date glued to its start or end."""
    line = layouts.BULLET.sub("", line).strip()
    match = find_date(line, tz=tz)
    if match and (match.end >= len(line) - 2 or match.start <= 2):
        line = (line[: match.start] + line[match.end :]).strip(" -–|،,:")
    return line.strip()


def split_lines(text: str, *, tz: tzinfo, now: datetime | None, title: str | None = None) -> _Lines:
    """Classify each line of a saved text article and read it by its zone.

    With `title` given (an HTML page's headline), the text starts after the title."""
    parts = _Lines()
    lines = classify_lines(text, tz=tz, now=now)
    start = 0
    if title is None:
        start = _read_head(lines, parts, tz=tz, now=now)
    else:
        parts.title = title
    lines = _mark_captions(lines[start:])
    zone = "meta"  # meta (after the title) -> body -> tail
    tail_mode = ""  # keywords | related | after-keywords | chrome, once the tail has started
    inset = False  # the tail is a list set inside the body (`اقرأ أيضا` between paragraphs)
    for index, line in enumerate(lines):
        if inset and line.kind == "text" and layouts.is_paragraph(line.text):
            zone, tail_mode, inset = "body", "", False  # the body goes on after the list
        if line.kind == "source":
            source = layouts.SOURCE_LINE.match(line.folded)
            assert source is not None  # the line's kind says so
            rest = _raw_rest(line.text, line.folded, source)
            parts.sources += [(line.number, s) for s in _split_sources(rest)]
            zone, tail_mode, inset = "tail", "", False
        elif line.kind in ("related", "chrome-list"):
            inset = inset or zone == "body"
            zone, tail_mode = "tail", "related" if line.kind == "related" else "chrome"
        elif line.kind in ("keywords", "hashtags"):
            rest = _keyword_rest(line)
            zone, tail_mode, inset = "tail", "after-keywords" if rest else "keywords", False
            if rest:
                parts.keyword_lines.append(rest)
        elif line.kind == "link" or _is_labelled_url(lines, index):
            parts.link = parts.link or layouts.URL.search(line.text).group()  # type: ignore[union-attr]
            zone = "tail" if zone == "body" else zone
        elif zone == "tail":
            tail_mode = _read_tail(line, parts, tail_mode, tz=tz)
        elif line.kind == "byline":
            parts.author = parts.author or _byline_name(line.text)
        elif line.kind == "date":
            _read_date(line, parts, zone, tz=tz, now=now)
        elif line.kind == "text" and zone == "meta" and _is_standfirst(lines, index):
            parts.body.append((line.number, line.text))  # the meta lines come after it
        elif line.kind == "text" and not (
            zone == "meta" and _read_meta_text(line, parts, tz=tz, now=now)
        ):
            zone = "body"
            parts.body.append((line.number, line.text))
    return parts


def _mark_captions(lines: list[_Line]) -> list[_Line]:
    """Lines below the title with photo captions told by position: a short line right above a
    photo credit (`تصوير: name`) is its caption, and a source line right below a caption
    (`المصدر: Getty`) credits the photo, not the story."""
    marked = list(lines)
    for i, line in enumerate(lines):
        above = marked[i - 1] if i else None
        if line.kind == "source" and above is not None and above.kind == "caption":
            marked[i] = replace(line, kind="caption")
        elif (
            line.kind == "caption"
            and layouts.PHOTO_CREDIT.match(line.folded)
            and above is not None
            and above.kind == "text"
            and layouts.is_label(above.text)
        ):
            marked[i - 1] = replace(above, kind="caption")
    return marked


def _keyword_rest(line: _Line) -> str:
    """The keywords a keyword line lists after its marker, or a hashtag line whole."""
    if line.kind == "hashtags":
        return line.text
    marker = layouts.KEYWORD_MARKER.match(line.folded)
    assert marker is not None  # the line's kind says so
    return _raw_rest(line.text, line.folded, marker)


def _is_labelled_url(lines: list[_Line], index: int) -> bool:
    """A bare address under a link label (`انسخ الرابط`, then the URL): the article's link."""
    return (
        index > 0
        and layouts.LINK_LABEL.match(lines[index - 1].folded) is not None
        and layouts.URL.fullmatch(lines[index].text) is not None
    )


def _is_standfirst(lines: list[_Line], index: int) -> bool:
    """A headline-shaped line right under the title with meta lines (date, byline, caption)
    below it: the article's standfirst, printed before its date line."""
    line = lines[index]
    if index or layouts.is_paragraph(line.text) or not layouts.is_headline(line.text):
        return False
    if layouts.is_meta(line.text) or layouts.is_date_shaped(line.folded):
        return False
    below = lines[index + 1 : index + 4]
    return any(other.kind in ("date", "byline", "caption") for other in below)


def _byline_name(text: str) -> str:
    """The name in `كتب: name`, `By name`."""
    return text.split(":", 1)[-1].strip() if ":" in text else " ".join(text.split()[1:])


def _read_tail(line: _Line, parts: _Lines, mode: str, *, tz: tzinfo) -> str:
    """Read one line of the tail; return the tail's mode for the next line."""
    if mode == "keywords":
        parts.keyword_lines.append(line.text)
        return "after-keywords"
    if line.kind != "text" or len(line.text) > TITLE_MAX_LENGTH:
        return mode
    if mode == "after-keywords" and (
        len(line.text.split()) < RELATED_MIN_WORDS or not layouts.is_headline(line.text)
    ):
        return mode
    if mode and mode != "chrome":
        headline = _clean_headline(line.text, tz=tz)
        if headline:
            parts.related.append(headline)
    return mode


def _credits(body: list[tuple[int, str]], site: str) -> list[tuple[int, str]]:
    """Outlets credited around the body: a dateline opening it, a credit line or a trailing
    `(وكالات)` closing it. Removes what is only a credit from `body`."""
    found: list[tuple[int, str]] = []
    if body:
        number, first = body[0]
        source, _author, rest = _dateline(first, site)
        if source:
            found.append((number, source))
            if rest:
                body[0] = (number, rest)
            else:
                body.pop(0)
    if body:
        number, last = body[-1]
        if layouts.CREDIT_LINE.match(last) or layouts.AGENCY_LINE.match(fold_arabic(last[:80])):
            found += [(number, s) for s in _split_sources(last)]
            body.pop()
        else:
            found += _trailing_credit(body)
    return found


def _trailing_credit(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Outlets in brackets closing the last paragraph (`... (وكالات)`), or on a line of their
    own after editors' initials (`ع.ح/ ص.ش (رويترز، أ ف ب)`); drops a line that is only that."""
    number, last = body[-1]
    trailing = layouts.TRAILING_AGENCY.search(last)
    if not trailing:
        return []
    names = _split_sources(trailing["source"])
    if len(names) > 1 and not all(_is_outlet(name) for name in names):
        return []
    if not names or any(len(name.split()) > 3 for name in names):
        return []
    before = last[: trailing.start()].strip()
    if not before or layouts.INITIALS.match(before):
        body.pop()
    return [(number, name) for name in names]


def parse_saved_text(
    text: str,
    origin: str,
    *,
    tz: tzinfo,
    now: datetime | None = None,
    known_keywords: Collection[str] = (),
    title: str | None = None,
) -> Article:
    """The record of a plain-text saved article (`title`: the headline, when known apart)."""
    parts = split_lines(text, tz=tz, now=now, title=title)
    if not parts.title or not fold_arabic(parts.title).strip(" .-_|"):
        raise DigestError(origin, "no title found", field="title")
    body_lines = list(parts.body)
    sources = parts.sources + _credits(body_lines, parts.site)
    body = [paragraph for _, paragraph in body_lines]
    evidence = "\n".join([parts.title, *body])
    keywords: list[str] = []
    for line in parts.keyword_lines:
        keywords += split_keywords(line, evidence=evidence, known=known_keywords)
    date = parts.date or parts.updated or parts.head_date or parts.late_date
    return Article(
        title=parts.title,
        body="\n\n".join(escape_markdown(p) for p in body),
        date=date,
        lang=detect_language(evidence),
        sources=tuple(unique_by_key(name for _, name in sorted(sources, key=lambda s: s[0]))),
        keywords=tuple(unique_by_key(keywords)),
        related=tuple(Link(h) for h in unique_by_key(parts.related)),
        link=parts.link,
        summary=summarize(body[0] if body else ""),
        author=parts.author,
        slug=make_slug(parts.title, date),
        origin=origin,
    )


def summarize(paragraph: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first paragraph, trimmed at a word boundary to about `limit` characters."""
    paragraph = " ".join(paragraph.split())
    if len(paragraph) <= limit:
        return paragraph
    cut = paragraph[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ،,;:.-") + "…"


def read_saved(
    path: Path,
    *,
    tz: tzinfo,
    now: datetime | None = None,
    known_keywords: Collection[str] = (),
) -> Article:
    """Read one saved article file (.txt or .html) into its record."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DigestError(path, f"cannot read: {exc.strerror}") from exc
    text = decode_bytes(data, str(path))
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
        ("<!doctype", "<html")
    ):
        from digest.saved_html import parse_saved_html

        return parse_saved_html(text, str(path), tz=tz, now=now, known_keywords=known_keywords)
    return parse_saved_text(text, str(path), tz=tz, now=now, known_keywords=known_keywords)
