"""Saved articles (text copied, or HTML saved, from an Arabic news page) -> `Article`.

A plain-text copy reads top down: site chrome and the header's own date, the title, the
article's date line, the body, then a tail of source line, keyword line and related headlines.
Each line is classified by what it is; only the article's own date line dates it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from digest.arabic import INVISIBLES, fold_arabic, match_key
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


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Markers and chrome, matched on folded text (no hamza, diacritics or tatweel; ة→ه, ى→ي).
RELATED_MARKER = _rx(
    r"^(?:اقرا|اقرأ)\s+(?:ايضا|المزيد)|^(?:مواضيع|اخبار|مقالات|تقارير|موضوعات|قصص)\s+"
    r"(?:ذات صله|متعلقه|مشابهه|مرتبطه|اخري)|^(?:ذات صله|قد يهمك|شاهد ايضا|الاكثر قراءه|"
    r"المزيد من|اخبار متعلقه|related|read more|see also)\s*[:：]?\s*$"
)
KEYWORD_MARKER = _rx(
    r"^(?:كلمات مفتاحيه|الكلمات المفتاحيه|كلمات دلاليه|الكلمات الدلاليه|الكلمات الداله|"
    r"الوسوم|وسوم|مواضيع|مواضيع الخبر|مواضيع متعلقه بالخبر|tags|keywords)\s*[:：|]?\s*(?P<rest>.*)$"
)
SOURCE_LINE = _rx(r"^(?:المصدر|المصادر|مصدر الخبر|source)\s*[|:：\-–]\s*(?P<rest>.+)$")
UPDATED_LINE = _rx(r"(?:اخر|آخر)\s+تحديث|تم التحديث|updated")
PUBLISHED_LINE = _rx(r"نشر|تاريخ النشر|published")
BYLINE = _rx(r"^(?:كتب|كتبت|بقلم|اعداد|تحرير|متابعه|مراسل|by)\s*[:：]?\s+(?P<name>[^\d]{2,60})$")
CAPTION = _rx(
    r"^[(\[]?\s*(?:صوره|الصوره|صور|ارشيفيه|صوره ارشيفيه|مصدر الصوره|photo|image)\b|"
    r"^\(.{0,80}(?:صوره|ارشيفيه|getty|afp|رويترز)\)$|^(?:الصوره|صوره)\s*[:：]"
)
CHROME = [
    _rx(r"^(?:شارك|مشاركه|شارك الخبر|شارك المقال|انشر|share)\b.{0,60}$"),
    _rx(
        r"^(?:(?:فيسبوك|فيس بوك|تويتر|اكس|واتساب|واتس اب|تلغرام|تليجرام|لينكد ان|لينكدان|"
        r"طباعه|ارسال|بريد|نسخ الرابط|facebook|twitter|whatsapp|telegram|email|print|x)"
        r"[\s|/•·،,-]*)+$"
    ),
    _rx(
        r"(?:عدد\s+)?(?:المشاهدات|القراءات|مشاهدات|قراءات)\s*[:：]?\s*[\d,.]+|^[\d,.]+\s+(?:مشاهده|قراءه|تعليق)"
    ),
    _rx(r"اشترك|النشره البريديه|تابعونا|تابعنا علي|حمل تطبيق|subscribe|newsletter"),
    _rx(r"^(?:حجم الخط|تكبير الخط|تصغير الخط|a\s*a\s*a|\+\s*-|الرئيسيه\s*$|تعليقات?\s*\(?\d*\)?)$"),
    _rx(r"^(?:الرئيسيه|home)\s*[>»/›]"),
    _rx(r"^[-_=*•·]{3,}$"),
    _rx(r"^(?:مدة|مده) القراءه|دقائق? قراءه|min read"),
    _rx(r"^(?:جميع الحقوق|حقوق النشر|©)"),
]
BULLET = re.compile(r"^[\s•\-*–—·▪►◄❖●○■□✓➤>»◀▶]+|^\d{1,2}\s*[.)-]\s+")
DATELINE = re.compile(
    r"^(?P<place>[^\s،:()/\-–]+(?:\s[^\s،:()/\-–]+)?)\s*[/\-–]\s*(?:[^/:\-–()]{2,30}/\s*)?"
    r"\(?(?P<source>[^():،/\-–\d]{2,30}?)\)?\s*(?:[:\-–،]|$)"
)
TRAILING_AGENCY = re.compile(r"\((?P<source>[^()\d]{2,25})\)\s*\.?$")
RELATIVE_TAIL = re.compile(r"[\s\-–|،,]*(?:منذ|قبل)\s+\S+(?:\s+\S+)?\s*$")


@dataclass
class _Lines:
    """A saved text split into its parts, in the order they were printed."""

    title: str = ""
    date: datetime | None = None
    updated: datetime | None = None
    body: list[str] = field(default_factory=list)
    author: str | None = None
    sources: list[tuple[int, str]] = field(default_factory=list)  # (line number, name)
    keyword_lines: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def clean_line(line: str) -> str:
    return " ".join(INVISIBLES.sub("", unicodedata.normalize("NFC", line)).split())


def is_chrome(folded: str) -> bool:
    return any(p.search(folded) for p in CHROME) or bool(CAPTION.search(folded))


def _raw_rest(line: str, folded: str, match: re.Match[str]) -> str:
    """The words of `line` after a marker matched on its folded form (folding keeps words)."""
    marker_words = len(folded[: match.start("rest")].split())
    return " ".join(line.split()[marker_words:]).strip(" :：|-–")


def _split_sources(text: str) -> list[str]:
    parts = re.split(r"\s*[+،,|/&]\s*|\s+و(?=ال)", text)
    return [p.strip(" .()«»") for p in parts if p.strip(" .()«»")]


def _clean_headline(line: str, tz: tzinfo) -> str:
    line = BULLET.sub("", line).strip()
    match = find_date(line, tz=tz)
    if match and (match.end >= len(line) - 2 or match.start <= 2):
        line = (line[: match.start] + line[match.end :]).strip(" -–|،,:")
    return RELATIVE_TAIL.sub("", line).strip()


def split_lines(text: str, *, tz: tzinfo, now: datetime | None) -> _Lines:
    """Classify each line of a saved text article."""
    parts = _Lines()
    lines = [clean_line(raw) for raw in text.splitlines()]
    zone = "head"  # head -> meta (after the title) -> body -> tail
    tail_mode = ""  # "keywords" | "related" once the tail has started
    for number, line in enumerate(lines):
        if not line:
            continue
        folded = fold_arabic(line)
        if zone == "head":
            if is_chrome(folded) or is_date_line(line, tz=tz, now=now) or BULLET.fullmatch(line):
                continue  # the site header: chrome and the header's own "today" date
            parts.title = line.strip(" |")
            zone = "meta"
            continue
        source = SOURCE_LINE.match(folded)
        keyword = KEYWORD_MARKER.match(folded)
        if source:
            rest = _raw_rest(line, folded, source)
            parts.sources += [(number, s) for s in _split_sources(rest)]
            zone = "tail"
            continue
        if RELATED_MARKER.search(folded):
            zone, tail_mode = "tail", "related"
            continue
        if keyword:
            zone, tail_mode = "tail", "keywords"
            rest = _raw_rest(line, folded, keyword)
            if rest:
                parts.keyword_lines.append(rest.strip())
                tail_mode = "related-after-keywords"
            continue
        if zone == "tail":
            if is_chrome(folded):
                continue
            if tail_mode == "keywords":
                parts.keyword_lines.append(line)
                tail_mode = "related-after-keywords"
            elif tail_mode and len(line) <= TITLE_MAX_LENGTH:
                headline = _clean_headline(line, tz)
                if headline:
                    parts.related.append(headline)
            continue
        byline = BYLINE.match(folded)
        if byline and len(line.split()) <= 8:
            parts.author = (
                line.split(":", 1)[-1].strip() if ":" in line else " ".join(line.split()[1:])
            )
            continue
        if is_chrome(folded):
            continue
        if is_date_line(line, tz=tz, now=now):
            match = find_date(line, tz=tz, now=now)
            if match and UPDATED_LINE.search(folded) and not PUBLISHED_LINE.search(folded):
                parts.updated = parts.updated or match.value
            elif match and parts.date is None and (zone == "meta" or not parts.body):
                parts.date = match.value
            continue
        zone = "body"
        parts.body.append(line)
    return parts


def _dateline_source(paragraph: str) -> tuple[str | None, str]:
    """A dateline's outlet (`أنقرة / الأناضول: ...`) and the paragraph without a bare one."""
    match = DATELINE.match(paragraph)
    if not match or len(match["source"].split()) > 3:
        return None, paragraph
    rest = paragraph[match.end() :].strip()
    return match["source"].strip(), paragraph if rest else ""


def parse_saved_text(
    text: str,
    origin: str,
    *,
    tz: tzinfo,
    now: datetime | None = None,
    known_keywords: Collection[str] = (),
) -> Article:
    """The record of a plain-text saved article."""
    parts = split_lines(text, tz=tz, now=now)
    if not parts.title or not fold_arabic(parts.title).strip(" .-_|"):
        raise DigestError(origin, "no title found", field="title")
    sources = list(parts.sources)
    body = list(parts.body)
    if body:
        dateline, first = _dateline_source(body[0])
        if dateline:
            sources.insert(0, (-1, dateline))
            if first:
                body[0] = first
            else:
                body.pop(0)
    if body:
        trailing = TRAILING_AGENCY.search(body[-1])
        if trailing and len(trailing["source"].split()) <= 3:
            sources.append((len(text), trailing["source"].strip()))
            if not body[-1][: trailing.start()].strip():
                body.pop()
    evidence = "\n".join([parts.title, *body])
    keywords: list[str] = []
    for line in parts.keyword_lines:
        keywords += split_keywords(line, evidence=evidence, known=known_keywords)
    return Article(
        title=parts.title,
        body="\n\n".join(escape_markdown(p) for p in body),
        date=parts.date or parts.updated,
        lang=detect_language(evidence),
        sources=tuple(_unique(name for _, name in sorted(sources, key=lambda s: s[0]))),
        keywords=tuple(_unique(keywords)),
        related=tuple(Link(h) for h in _unique(parts.related)),
        summary=summarize(body[0] if body else ""),
        author=parts.author,
        slug=make_slug(parts.title, parts.date),
        origin=origin,
    )


def summarize(paragraph: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first paragraph, trimmed at a word boundary to about `limit` characters."""
    paragraph = " ".join(paragraph.split())
    if len(paragraph) <= limit:
        return paragraph
    cut = paragraph[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ،,;:.-") + "…"


def _unique(items: Collection[str] | object) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:  # type: ignore[attr-defined]
        key = match_key(item)
        if key and key not in seen:
            seen.add(key)
            result.append(item)
    return result


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
