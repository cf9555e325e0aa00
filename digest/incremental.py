"""Incremental builds: render and write only the pages whose inputs changed.

Every page Pelican or the plugin writes goes through `IncrementalWriter`. For the templates
listed in `FINGERPRINTS`, a page's inputs (the objects the template shows, the site's own
fingerprint, the page's name) are hashed; when the hash matches the one recorded for that
file at the last build and the file is still there, the page is neither rendered nor written,
so its bytes and mtime stay. A page that is rendered but comes out identical is not rewritten
either. The site fingerprint covers the theme, the plugin's code and every setting: changing
any of them rebuilds everything. Files the last build wrote and this one did not are removed,
so the result equals a clean build.

List pages are numbered from the oldest item (`page/1/` holds the oldest), and the landing page
shows the newest, partly filled page: a new article changes the newest list page only,
instead of renumbering every page as newest-first pagination does. A list page's fingerprint
covers its items and its neighbours' addresses, not the number of pages: templates show
"page N", never "N of M".
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from digest.files import write_if_changed
from digest.fingerprints import PACKAGE, digest, settings_items, tree_hash

logger = logging.getLogger(__name__)
PAGINATED = {"tag", "archives"}  # Pelican templates whose item lists are split into pages
LISTS = ("articles", "dates", "digests")  # the list variables a paginated template receives


# The parts are plain lists, tuples and strings (see the describers below), whose repr is
# stable across runs; repr is several times cheaper than a JSON dump.
_hash = digest


def site_fingerprint(settings: dict[str, Any]) -> str:
    """The theme's files, the plugin's code and every setting, hashed together."""
    return _hash(tree_hash(Path(settings["THEME"])), tree_hash(PACKAGE), settings_items(settings))


# What each template shows, as plain data. A template not listed here is always rendered.
def card(article: Any) -> str:
    """An article (or page) with everything it holds itself (metadata, HTML, address), hashed:
    worked out once per object, which the content cache keeps between builds, and small
    (every list page of the site refers to it). The HTML counts: a summary may be cut from it.
    """
    cached = getattr(article, "_digest_card", None)
    if cached is None:
        html = article._content or ""
        cached = _hash(
            article.url,
            article.title,
            str(getattr(article, "date", None)),
            getattr(article, "lang", None),
            sorted((k, str(v)) for k, v in article.metadata.items()),
            hashlib.sha1(html.encode("utf-8", "surrogatepass")).hexdigest(),
        )
        article._digest_card = cached
    return cached


def _article(kwargs: dict[str, Any]) -> Any:
    article = kwargs["article"]
    week = getattr(article, "digest_week", None)
    return [
        card(article),
        # a tag's URL follows from its name and slug and the settings (in the site fingerprint)
        [(str(t), t.slug) for t in getattr(article, "tags", [])],
        [(r.title, r.url, r.internal) for r in getattr(article, "digest_related", [])],
        [(a.url, a.title) for a in getattr(article, "digest_more", [])],
        [week.url, week.title, week.id] if week else None,
    ]


def digest_data(digest: Any) -> Any:
    if digest is None:
        return None
    neighbours = [[d.url, d.title, d.id] if d else None for d in (digest.previous, digest.next)]
    return [
        digest.id,
        digest.title,
        digest.note.html if digest.note else None,
        str(digest.start),
        str(digest.end),
        [card(a) for a in digest.featured],
        [(s.name, s.kind, [card(a) for a in s.items]) for s in digest.sections],
        neighbours,
    ]


def list_item(item: Any) -> Any:
    """An item of a paginated list (an article, or a digest in the archive)."""
    if hasattr(item, "sections"):
        return [item.url, item.title, item.id, str(item.start), len(item.items)]
    return card(item)


def sort_key(item: Any) -> tuple[str, str]:
    cached = getattr(item, "_digest_sort_key", None)
    if cached is None:
        cached = (str(getattr(item, "date", None) or item.start), item.url)
        item._digest_sort_key = cached
    return cached


# Paginated templates describe only what is not in the list; the page's items are added.
FINGERPRINTS: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
    "article": lambda kwargs, context: _article(kwargs),
    "digest": lambda kwargs, context: digest_data(kwargs["digest"]),
    "digests": lambda kwargs, context: [],
    "index": lambda kwargs, context: digest_data(context.get("digest_latest")),
    "theme": lambda kwargs, context: [
        kwargs["theme"].name,
        kwargs["theme"].url,
        kwargs["theme"].feed_path,
    ],
    "tags": lambda kwargs, context: [(str(t), t.url, len(a)) for t, a in context.get("tags", [])],
    "tag": lambda kwargs, context: [str(kwargs["tag"]), kwargs["tag"].url],
    "archives": lambda kwargs, context: [],
    "404": lambda kwargs, context: [],
    "search": lambda kwargs, context: [],
    "page": lambda kwargs, context: [card(kwargs["page"])],
}


def navigation(context: dict[str, Any]) -> Any:
    """What every page shows around its content: the theme menu and the latest digest."""
    latest = context.get("digest_latest")
    return [
        [(t.name, t.url) for t in context.get("digest_themes", [])],
        [latest.url, latest.title, latest.id] if latest else None,
    ]


class StablePage:
    """One page of a list numbered from the oldest item, with Pelican's Page interface."""

    def __init__(self, items: Sequence[Any], number: int, paginator: StablePaginator):
        self.object_list = list(reversed(items))  # newest first within the page
        self.number = number
        self.paginator = paginator

    @property
    def is_landing(self) -> bool:
        return self.number == self.paginator.num_pages

    @property
    def url(self) -> str:
        return self.paginator.url_of(self.number)

    @property
    def save_as(self) -> str:
        return self.paginator.save_as_of(self.number)

    def has_next(self) -> bool:  # "next" is older, as in Pelican's newest-first lists
        return self.number > 1

    def has_previous(self) -> bool:
        return not self.is_landing

    def has_other_pages(self) -> bool:
        return self.paginator.num_pages > 1

    def next_page_number(self) -> int:
        return self.number - 1

    def previous_page_number(self) -> int:
        return self.number + 1


class StablePaginator:
    """Items (oldest first) in pages of `per_page`; the landing page holds the newest ones."""

    def __init__(self, save_as: str, url: str, items: Sequence[Any], per_page: int):
        self.save_as, self.url = save_as, url
        self.items = list(items)
        self.per_page = max(1, per_page)
        self.num_pages = max(1, -(-len(self.items) // self.per_page))
        self.count = len(self.items)

    def _base(self) -> tuple[str, str]:
        folder = self.save_as.rsplit("/", 1)[0] + "/" if "/" in self.save_as else ""
        if not self.save_as.endswith("index.html"):
            folder = self.save_as[: -len(".html")] + "/"
        return folder, self.url if self.url.endswith("/") else folder

    def save_as_of(self, number: int) -> str:
        return (
            self.save_as
            if number == self.num_pages
            else f"{self._base()[0]}page/{number}/index.html"
        )

    def url_of(self, number: int) -> str:
        return self.url if number == self.num_pages else f"{self._base()[1]}page/{number}/"

    def page(self, number: int) -> StablePage:
        start = (number - 1) * self.per_page
        return StablePage(self.items[start : start + self.per_page], number, self)


def manifest_path(settings: dict[str, Any], output_path: str | Path) -> Path:
    """DIGEST_CACHE_DIR/builds/<hash of the output folder>.json: one manifest per output."""
    key = hashlib.sha1(str(Path(output_path).resolve()).encode()).hexdigest()[:16]
    return Path(settings["DIGEST_CACHE_DIR"]) / "builds" / f"{key}.json"


class Manifest:
    """The fingerprint of every file the last build wrote into one output folder."""

    def __init__(self, path: Path, site: str):
        self.path, self.site = path, site
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        written: dict[str, str] = saved.get("pages", {})
        # After a theme or settings change nothing is skipped, but what the last build wrote is
        # still known, so files this build does not write again are removed.
        self.written_before = set(written)
        self.previous = written if saved.get("site") == site else {}
        self.current: dict[str, str] = {}
        self.rendered = self.kept = 0

    def unchanged(self, name: str, fingerprint: str, output: str) -> bool:
        # os.path on a joined string: a Path per page costs more than the check itself
        if self.previous.get(name) == fingerprint and os.path.isfile(f"{output}/{name}"):
            self.current[name] = fingerprint
            self.kept += 1
            return True
        return False

    def record(self, name: str, fingerprint: str | None) -> None:
        self.rendered += 1
        if fingerprint:
            self.current[name] = fingerprint

    def save(self, output: Path) -> None:
        """Remove what the last build wrote and this one did not, then record this build."""
        for name in self.written_before - set(self.current):
            stale = output / name
            if stale.is_file():
                stale.unlink()
            for folder in stale.parents:  # folders left empty (a removed article's)
                if folder == output or not folder.is_dir() or any(folder.iterdir()):
                    break
                folder.rmdir()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps({"site": self.site, "pages": self.current}), encoding="utf-8"
        )
        os.replace(temporary, self.path)


class IncrementalWriter(Writer):
    """Pelican's writer, skipping pages whose inputs did not change (see the module doc)."""

    manifest: Manifest | None = None

    def start(self, settings: dict[str, Any]) -> Manifest:
        self.site = site_fingerprint(settings)
        self.manifest = Manifest(manifest_path(settings, self.output_path), self.site)
        return self.manifest

    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, Any] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not name:
            return
        if self.manifest is None:
            self.start(self.settings)
        kind = template.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]  # "article.html": article
        lists = paginated
        if lists is None and template_name in PAGINATED:
            lists = {key: kwargs[key] for key in LISTS if key in kwargs}
        if lists:
            self._write_pages(
                name, url or name, template, context, relative_urls, kind, lists, kwargs
            )
        else:
            self._write_one(name, template, context, relative_urls, kind, kwargs, [])

    def _write_pages(
        self,
        name: str,
        url: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool,
        kind: str,
        lists: dict[str, Iterable[Any]],
        kwargs: dict[str, Any],
    ) -> None:
        # Pelican passes the same items in several orders (articles, dates): one ordering,
        # oldest first, serves them all.
        items = list(next(iter(lists.values())))
        for item in items:
            if "_digest_sort_key" not in item.__dict__:
                sort_key(item)
        oldest_first = sorted(items, key=attrgetter("_digest_sort_key"))
        per_page = self.settings.get("DEFAULT_PAGINATION") or len(oldest_first) or 1
        paginator = StablePaginator(name, url, oldest_first, per_page)
        for number in range(1, paginator.num_pages + 1):
            page = paginator.page(number)
            newer = paginator.page(number + 1) if number < paginator.num_pages else None
            older = paginator.page(number - 1) if number > 1 else None
            extra = {}
            for key in lists:
                extra.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": newer,
                        f"{key}_next_page": older,
                    }
                )
            data = [
                [list_item(a) for a in page.object_list],
                page.url,
                newer.url if newer else None,
                older.url if older else None,
            ]
            self._write_one(
                page.save_as, template, context, relative_urls, kind, {**kwargs, **extra}, data
            )

    def _write_one(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool,
        kind: str,
        kwargs: dict[str, Any],
        page_data: Any,
    ) -> None:
        assert self.manifest is not None
        output = self.output_path
        describe = FINGERPRINTS.get(kind)
        fingerprint = None
        if describe is not None:
            fingerprint = _hash(
                self.site,
                name,
                kind,
                relative_urls,
                navigation(context),
                describe(kwargs, context),
                page_data,
            )
            if self.manifest.unchanged(name, fingerprint, output):
                return
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl")
        if relative_urls:
            relative = path_to_url(get_relative_path(name))
            local["SITEURL"] = relative
            local["localsiteurl"] = relative
            context["localsiteurl"] = relative  # Pelican's content objects read it from here
        local["output_file"] = name
        local.update(kwargs)
        path = Path(sanitised_join(self.output_path, name))
        write_if_changed(path, template.render(local))
        self.manifest.record(name, fingerprint)
        signals.content_written.send(str(path), context=local)
