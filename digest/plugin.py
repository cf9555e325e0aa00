"""Pelican glue: settings, sanitized article HTML, weekly digests in the context, and the
generator that writes digest pages, theme pages and subscribers' feeds.

Everything here adapts Pelican objects to the pure modules (digests, themes, notes, related).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, Generator
from pelican.urlwrappers import Category
from pelican.utils import (
    order_content,
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)

from digest import content_cache, uptodate
from digest.arabic import match_key, one_line
from digest.digests import Digest, Entry, build_digests
from digest.feeds_out import FeedItem, site_root, write_feed
from digest.files import write_if_changed
from digest.fingerprints import digest as fingerprint
from digest.i18n import (
    format_clock,
    format_day,
    format_hijri,
    load_translations,
    localize_digits,
    text_direction,
)
from digest.incremental import IncrementalWriter, card, digest_data, manifest_path
from digest.notes import WeekNote, curation_from_metadata
from digest.reader import DigestMarkdownReader, use_digest_reader
from digest.related import KeywordNeighbours, resolve_related, title_index
from digest.sanitize import sanitize_rendered, text_of
from digest.settings import load_settings, notes_dir
from digest.slugs import make_slug
from digest.store import parse_link_value
from digest.weeks import WEEK_ID

logger = logging.getLogger(__name__)


# Receivers are weakly referenced by blinker: they must live at module level.
def on_initialized(pelican: Any) -> None:
    """Merge and check the DIGEST_* settings once (a bad setting stops the build), give the
    content cache its folder, and turn the build into nothing when nothing it reads changed."""
    pelican.settings.update(load_settings(pelican.settings))
    # Pelican's content cache knows files only by mtime: objects made by other plugin code or
    # under other settings must never be read back, so each version has its own folder.
    pelican.settings["CACHE_PATH"] = str(content_cache.cache_folder(pelican.settings))
    stamp = uptodate.input_stamp(pelican.settings, pelican.plugins)
    if uptodate.is_up_to_date(pelican.settings, stamp):
        pelican.run = lambda: logger.info(
            "digest: nothing changed since the last build of %s; nothing written",
            pelican.settings["OUTPUT_PATH"],
        )
        return
    uptodate.forget(pelican.settings)  # until this build finishes
    pelican.settings["digest_input_stamp"] = stamp


def on_finalized(pelican: Any) -> None:
    """The build finished: record what it read, so that an unchanged site is not rebuilt."""
    uptodate.remember(pelican.settings, pelican.settings.get("digest_input_stamp"))
    content_cache.release()


def on_content_init(content: Any) -> None:
    """No HTML from a feed or a page runs script: every rendered article is sanitized, and
    metadata that an ingestion or an editor put in the file becomes plain structured data."""
    if not isinstance(content, Article | Page):
        return
    if getattr(content, "status", None) == "draft" and not hasattr(content, "category"):
        # Pelican writes drafts with draft.category, which CATEGORY_SAVE_AS = "" leaves unset
        content.category = Category(content.settings["DEFAULT_CATEGORY"], content.settings)
    metadata = content.metadata
    if not content.source_path.endswith(
        tuple(f".{ext}" for ext in DigestMarkdownReader.file_extensions)
    ):  # Markdown (body, Summary, Note) is sanitized by DigestMarkdownReader, before caching
        if getattr(content, "_content", None):
            content._content = sanitize_rendered(content._content)
        for key in ("note", "summary"):
            if metadata.get(key):
                metadata[key] = sanitize_rendered(str(metadata[key]))
                setattr(content, key if key != "summary" else "_summary", metadata[key])
    content.digest_sources = [parse_link_value(v) for v in _as_list(metadata.get("source"))]
    content.digest_related_raw = [parse_link_value(v) for v in _as_list(metadata.get("related"))]
    content.digest_related_keys = [match_key(link.title) for link in content.digest_related_raw]
    content.digest_keywords = [str(tag) for tag in getattr(content, "tags", [])]
    # Folded once per file, not on every build: this object is kept in the content cache.
    content.digest_title_key = match_key(str(getattr(content, "title", "")))
    content.digest_keyword_keys = list(dict.fromkeys(match_key(k) for k in content.digest_keywords))
    content.digest_note = metadata.get("note")
    content.digest_summary_text = summary_text(content)
    content.digest_theme = one_line(str(metadata.get("theme", ""))) or None
    content.digest_link = metadata.get("link")


def summary_text(content: Any) -> str:
    """The text of an article's summary, worked out once per file (the content cache keeps
    it): the Summary given, else the start of the body, cut as Pelican cuts it. Pelican's own
    `summary` must not be asked for here: it resolves the body's links and remembers the
    result, before the pages those links may point to are read."""
    settings = content.settings
    if "summary" in content.metadata:
        return text_of(str(content.metadata["summary"] or ""))
    html = content._content or ""
    if settings.get("SUMMARY_MAX_PARAGRAPHS") is not None:
        html = truncate_html_paragraphs(html, settings["SUMMARY_MAX_PARAGRAPHS"])
    if settings.get("SUMMARY_MAX_LENGTH") is not None:
        html = truncate_html_words(
            html, settings["SUMMARY_MAX_LENGTH"], settings.get("SUMMARY_END_SUFFIX", "…")
        )
    return text_of(strip_toc_elements_from_html(html))


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def read_notes(generator: ArticlesGenerator) -> dict[str, WeekNote]:
    """Editors' weekly notes, read with Pelican's own Markdown reader."""
    settings = generator.settings
    folder = notes_dir(settings)
    notes: dict[str, WeekNote] = {}
    if not folder.is_dir():
        return notes
    for path in sorted(folder.glob("*.md")):
        week = path.stem
        if not WEEK_ID.match(week):
            logger.warning(
                "digest: %s: file name is not a week id (like 2016-W20.md); skipped", path
            )
            continue
        try:
            page = generator.readers.read_file(
                base_path=settings["PATH"],
                path=str(path.relative_to(settings["PATH"])),
                content_class=Page,
                context=generator.context,
            )
        except Exception as exc:  # a broken note must not stop the build
            logger.error("digest: %s: cannot read note: %s", path, exc)
            continue
        meta = page.metadata
        notes[week] = WeekNote(
            week=week,
            title=one_line(text_of(str(meta["title"]))) if meta.get("title") else None,
            html=sanitize_rendered(page._content or ""),
            curation=curation_from_metadata(meta),
            source_path=str(path),
            date=meta.get("modified") or meta.get("date"),
        )
    return notes


def on_articles_read(generator: ArticlesGenerator) -> None:
    """Articles of equal date in the same order on every build: Pelican collects the files in
    a set, so ties come out in a different order on each run, and pages listing them (and
    "more on this", which breaks ties by position) would change when nothing did."""
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    for name in ("articles", "translations", "hidden_articles", "drafts"):
        items = sorted(getattr(generator, name), key=lambda a: a.source_path)
        setattr(generator, name, order_content(items, order_by))
        for article in items:
            # Pelican works an article's URL out from its settings on every access (about
            # 1 ms at 10,000 articles, thousands of accesses per build); it honours
            # override_url. Set here, after Pelican's last change to status and date, and kept
            # with the object in the content cache.
            article.override_url = article.url
            article.override_save_as = article.save_as  # our writer never refuses an overwrite
            card(article)


def on_articles_finalized(generator: ArticlesGenerator) -> None:
    """Group the site's articles into digests and link articles to each other."""
    settings = generator.settings
    tz = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    articles = list(generator.articles)
    entries = [
        Entry(
            item=a,
            date=a.date,
            title=a.title,
            slug=a.slug,
            keywords=a.digest_keywords,
            body_text=a.digest_summary_text,
            theme=a.digest_theme,
        )
        for a in articles
    ]
    memo_path = theme_memo_path(settings)
    known, kept = read_json(memo_path), {}
    digests = build_digests(
        entries,
        read_notes(generator),
        tz=tz,
        week_start=settings["DIGEST_WEEK_START"],
        themes=settings["DIGEST_THEMES"],
        catchall=settings["DIGEST_CATCHALL_THEME"],
        known_themes=known,
        kept_themes=kept,
    )
    if kept != known:
        write_if_changed(memo_path, json.dumps(kept, ensure_ascii=False, sort_keys=True))
    for digest in digests:
        digest.url = f"digests/{digest.id}/"
        digest.save_as = f"digests/{digest.id}/index.html"
        for name in digest.unknown_names:
            logger.warning("digest: note %s names no article of its week: %s", digest.id, name)
        for section in digest.sections:
            section.slug = make_slug(section.name, ascii_only=settings["DIGEST_SLUG_ASCII"])
        for article in digest.items:
            article.digest_week = digest
    _link_articles(articles, settings)
    themes = _theme_pages(digests, settings)
    generator.context["digests"] = digests
    generator.context["digest_latest"] = digests[0] if digests else None
    generator.context["digest_themes"] = themes


def theme_memo_path(settings: dict[str, Any]) -> Path:
    """Theme matches kept between builds, one file per set of declared themes."""
    themes = json.dumps(settings["DIGEST_THEMES"], ensure_ascii=False, sort_keys=True)
    key = hashlib.sha1(themes.encode()).hexdigest()[:16]
    return Path(settings["DIGEST_CACHE_DIR"]) / f"themes-{key}.json"


def read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _link_articles(articles: list[Any], settings: dict[str, Any]) -> None:
    index = title_index(articles, lambda a: a.digest_title_key)
    neighbours = KeywordNeighbours(articles, lambda a: a.digest_keyword_keys, lambda a: a.date)
    for article in articles:
        article.digest_related = resolve_related(
            [
                (link.title, link.url, key)
                for link, key in zip(
                    article.digest_related_raw, article.digest_related_keys, strict=True
                )
            ],
            index,
            lambda a: a.url,
        )
        article.digest_related = [r for r in article.digest_related if r.article is not article]
        article.digest_more = neighbours.more_like(article, settings["DIGEST_MORE_LIMIT"])


class ThemePage:
    """A theme (or keyword section) across all weeks: one page and one feed."""

    def __init__(self, name: str, slug: str, kind: str):
        self.name, self.slug, self.kind = name, slug, kind
        self.articles: list[Any] = []
        self.url = f"themes/{slug}/"
        self.save_as = f"themes/{slug}/index.html"
        self.feed_path = f"feeds/themes/{slug}.atom.xml"


def _theme_pages(digests: Sequence[Digest], settings: dict[str, Any]) -> list[ThemePage]:
    pages: dict[str, ThemePage] = {}
    for digest in digests:
        for section in digest.sections:
            if section.kind != "theme":
                continue
            page = pages.setdefault(
                section.name, ThemePage(section.name, section.slug, section.kind)
            )
            page.articles += section.items
        for article in digest.featured:
            name = article.digest_theme
            if name in pages:
                pages[name].articles.append(article)
    order = list(settings["DIGEST_THEMES"])
    return sorted(
        pages.values(), key=lambda p: order.index(p.name) if p.name in order else len(order)
    )


class DigestGenerator(Generator):
    """Writes digest pages, the digests archive, theme pages and every subscriber feed."""

    def generate_context(self) -> None:
        pass  # the digests are built when the articles are final (on_articles_finalized)

    def generate_output(self, writer: Any) -> None:
        digests: list[Digest] = self.context.get("digests", [])
        for digest in digests:
            writer.write_file(
                digest.save_as,
                self.get_template("digest"),
                self.context,
                digest=digest,
                page_name=digest.url.rstrip("/"),
                relative_urls=self.settings["RELATIVE_URLS"],
            )
        writer.write_file(
            "digests/index.html",
            self.get_template("digests"),
            self.context,
            page_name="digests/index",
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={"digests": digests},
            template_name="tag",  # paginated like a tag page
            url="digests/",
        )
        for theme in self.context.get("digest_themes", []):
            writer.write_file(
                theme.save_as,
                self.get_template("theme"),
                self.context,
                theme=theme,
                page_name=theme.url.rstrip("/"),
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": theme.articles},
                template_name="tag",  # paginated like a tag page
                url=theme.url,
            )
        self.write_feeds(digests, getattr(writer, "site", None))
        self.copy_theme_static(writer)
        if isinstance(writer, IncrementalWriter) and writer.manifest is not None:
            writer.manifest.save(Path(self.output_path))
            logger.info(
                "digest: %d pages rendered, %d unchanged",
                writer.manifest.rendered,
                writer.manifest.kept,
            )

    def copy_theme_static(self, writer: Any) -> None:
        """The theme's static files, copied only when their bytes changed (Pelican's own copy,
        switched off by THEME_STATIC_PATHS = [], rewrites them on every build)."""
        source = Path(self.theme) / "static"
        target = Path(self.output_path) / self.settings["THEME_STATIC_DIR"]
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            name = path.relative_to(source)
            write_if_changed(target / name, path.read_bytes())
            if isinstance(writer, IncrementalWriter) and writer.manifest is not None:
                writer.manifest.current[str(Path(self.settings["THEME_STATIC_DIR"]) / name)] = (
                    "static"
                )

    def write_feeds(self, digests: list[Digest], site: str | None = None) -> None:
        settings = self.settings
        output = Path(self.output_path)
        common = {
            "siteurl": settings.get("FEED_DOMAIN") or settings.get("SITEURL", ""),
            "lang": settings.get("DEFAULT_LANG", "ar"),
        }
        site = settings.get("SITENAME", "")
        articles = sorted(self.context.get("articles", []), key=lambda a: a.date, reverse=True)
        limit = settings.get("FEED_MAX_ITEMS") or None
        article_items = [article_item(a) for a in articles[:limit]]
        # A digest's feed entry is the whole digest rendered: kept between builds by what it
        # shows (digest_data) and the site's fingerprint (theme, code, settings).
        memo_path = manifest_path(settings, output).with_suffix(".feed-entries.json")
        known = read_json(memo_path) if site else {}
        kept: dict[str, str] = {}
        digest_items = [self.digest_item(d, site, known, kept) for d in digests[:limit]]
        if site and kept != known:
            write_if_changed(memo_path, json.dumps(kept, ensure_ascii=False, sort_keys=True))
        for kind in ("atom", "rss"):
            write_feed(
                output / f"feeds/all.{kind}.xml",
                article_items,
                kind=kind,
                title=site,
                feed_url=f"feeds/all.{kind}.xml",
                **common,
            )
            write_feed(
                output / f"feeds/digests.{kind}.xml",
                digest_items,
                kind=kind,
                title=f"{site} — {site_translations(settings).gettext('Weekly digests')}",
                feed_url=f"feeds/digests.{kind}.xml",
                **common,
            )
        for theme in self.context.get("digest_themes", []):
            newest = sorted(theme.articles, key=lambda a: a.date, reverse=True)[:limit]
            write_feed(
                output / theme.feed_path,
                [article_item(a) for a in newest],
                kind="atom",
                title=f"{site} — {theme.name}",
                feed_url=theme.feed_path,
                **common,
            )

    def digest_item(
        self,
        digest: Digest,
        site: str | None = None,
        known: dict[str, Any] | None = None,
        kept: dict[str, str] | None = None,
    ) -> FeedItem:
        root = site_root(self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL", ""))
        key = fingerprint(site, root, digest_data(digest)) if site else ""
        html = (known or {}).get(key)
        if not isinstance(html, str):
            html = self.get_template("_digest-feed").render(
                {**self.context, "digest": digest, "SITEURL": root.rstrip("/")}
            )
        if kept is not None and key:
            kept[key] = html
        oldest = min(a.date for a in digest.items) if digest.items else digest.updated
        return FeedItem(
            id_path=f"digest/{digest.id}",
            title=digest.title or digest_heading(digest, self.settings),
            url=digest.url,
            published=oldest,
            updated=digest.updated,
            content_html=html,
        )


def digest_heading(digest: Digest, settings: dict[str, Any]) -> str:
    """A digest's title when its note gives none: the week it covers."""
    lang = settings.get("DEFAULT_LANG", "ar")
    day = format_day(digest.start, lang, settings.get("DIGEST_DIGITS", "arab"))
    return site_translations(settings).gettext("The week of %(day)s") % {"day": day}


def article_item(article: Any) -> FeedItem:
    """An article as a feed entry; its id comes from its Guid (fixed at ingestion)."""
    # Guid is set once at ingestion; a hand-written file falls back to its path, which a
    # title or slug correction does not change.
    stable = (
        article.metadata.get("guid")
        or article.metadata.get("link")
        or Path(article.relative_source_path).with_suffix("").as_posix()
    )
    return FeedItem(
        id_path=f"article/{stable}",
        title=one_line(article.title),
        url=article.url,
        published=article.date,
        updated=getattr(article, "modified", None) or article.date,
        content_html=article.content,
        summary=article.digest_summary_text,
        author=", ".join(str(a) for a in getattr(article, "authors", []) or []),
        categories=tuple(article.digest_keywords),
        lang=article.lang,
    )


def site_translations(settings: dict[str, Any]) -> Any:
    catalogs = Path(settings["THEME"]) / "translations"
    return load_translations(str(catalogs), settings.get("DEFAULT_LANG", "ar"))


def on_generator_init(generator: Generator) -> None:
    """Install the theme's catalog and the date filters into the generator's Jinja env."""
    settings = generator.settings
    lang = settings.get("DEFAULT_LANG", "ar")
    digits = settings.get("DIGEST_DIGITS", "arab")
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(site_translations(settings), newstyle=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # |tojson
    env.filters["digest_day"] = lambda d, lang=lang: format_day(d, lang, digits)
    env.filters["digest_clock"] = lambda d, lang=lang: format_clock(d, lang, digits)
    env.filters["digest_hijri"] = lambda d, lang=lang: format_hijri(d, lang, digits)
    env.filters["digest_digits"] = lambda text: localize_digits(str(text), digits)
    env.filters["digest_dir"] = text_direction
    env.globals["digest_dir"] = text_direction


def get_writer(pelican: Any) -> type[IncrementalWriter]:
    return IncrementalWriter


def _write_groups(generator: ArticlesGenerator, write: Any, kind: str, groups: Any) -> None:
    """Pelican's tag, category and author pages, without its quadratic filter: for every
    group it tests each article of the site for membership in the group's list
    (`article in articles`), O(groups x N x n), even for pages switched off (CATEGORY_SAVE_AS
    = ""), where a single category of 100,000 articles costs hours."""
    template = None
    newest_first = generator.context["NEWEST_FIRST_ARCHIVES"]
    for group, articles in groups:
        if not group.save_as:
            continue
        template = template or generator.get_template(kind)
        write(
            group.save_as,
            template,
            generator.context,
            url=group.url,
            articles=articles,
            # generator.dates filtered to the group: the group's articles (in the site's
            # order) sorted the same way, by a stable sort
            dates=sorted(articles, key=attrgetter("date"), reverse=newest_first),
            template_name=kind,
            blog=True,
            page_name=group.page_name,
            all_articles=generator.articles,
            **{kind: group},
        )


def generate_tags_linear(self: ArticlesGenerator, write: Any) -> None:
    _write_groups(self, write, "tag", self.tags.items())


def generate_categories_linear(self: ArticlesGenerator, write: Any) -> None:
    _write_groups(self, write, "category", self.categories)


def generate_authors_linear(self: ArticlesGenerator, write: Any) -> None:
    _write_groups(self, write, "author", self.authors)


def get_generators(pelican: Any) -> type[Generator]:
    return DigestGenerator


def register() -> None:
    content_cache.install()
    signals.initialized.connect(on_initialized)
    signals.finalized.connect(on_finalized)
    signals.generator_init.connect(content_cache.remember_build)
    signals.readers_init.connect(use_digest_reader)
    signals.generator_init.connect(on_generator_init)
    signals.content_object_init.connect(on_content_init)
    signals.article_generator_pretaxonomy.connect(on_articles_read)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    # Same pages, linear time (see _write_groups).
    ArticlesGenerator.generate_tags = generate_tags_linear
    ArticlesGenerator.generate_categories = generate_categories_linear
    ArticlesGenerator.generate_authors = generate_authors_linear
