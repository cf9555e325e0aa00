"""The theme without a browser: CSS rules, page weight, catalogs, metadata, an LTR build,
pagination and the Hijri and digit settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, copy_site
from conftest_browser import ENGLISH_SLUG, SEED_TITLE, build_site
from jinja2.ext import babel_extract

THEME = ROOT / "theme"
CSS = THEME / "static" / "css" / "digest.css"
PHYSICAL = re.compile(
    r"^(margin|padding|border)-(left|right)(-\w+)*$|^(left|right)$"
    r"|^border-(top|bottom)-(left|right)-radius$"
)
PHYSICAL_VALUES = {"float", "clear", "text-align", "caption-side"}
ALLOWED_URLS = {"https://schema.org"}  # JSON-LD's vocabulary: an identifier, never fetched
SEED_PATH = "articles/2016/بنتاغون-لم-نتلق-طلبا-روسيا-لتنفيذ-غارات-مشتركة-في-سوريا/index.html"


def declarations(css: str) -> list[tuple[str, str]]:
    """(property, value) of every declaration: innermost {} blocks hold declarations."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for block in re.findall(r"\{([^{}]*)\}", css):
        for declaration in block.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                found.append((name.strip().lower(), value.strip().lower()))
    return found


def parse(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def test_css_uses_logical_properties_only() -> None:
    rules = declarations(CSS.read_text(encoding="utf-8"))
    assert len(rules) > 50
    physical = [(n, v) for n, v in rules if PHYSICAL.match(n)]
    physical += [(n, v) for n, v in rules if n in PHYSICAL_VALUES and v in ("left", "right")]
    assert physical == []


def test_css_typography_and_fonts() -> None:
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    rules = declarations(css)
    assert not [v for n, v in rules if n == "letter-spacing"]
    html = re.search(r"(?m)^html \{([^}]*)\}", css).group(1)
    assert float(re.search(r"line-height:\s*([\d.]+)", html).group(1)) >= 1.6
    assert "@font-face" not in css and "@import" not in css and "url(" not in css
    font = re.search(r"--font:([^;]*);", css).group(1)
    assert "Tahoma" in font and "Noto Sans Arabic" in font and "system-ui" in font
    assert "prefers-color-scheme: dark" in css and "@media print" in css
    assert ":focus-visible" in css


def test_no_external_urls_in_the_theme() -> None:
    for path in sorted(THEME.rglob("*")):
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.\w+", text)) - ALLOWED_URLS
            assert not urls, (path.name, urls)


def test_direction_is_set_in_one_place() -> None:
    templates = {p.name: p.read_text(encoding="utf-8") for p in (THEME / "templates").glob("*")}
    assert [n for n, t in templates.items() if "<html" in t] == ["base.html"]
    assert not [n for n, t in templates.items() if re.search(r'dir="(rtl|ltr)"', t)]


def template_messages() -> set[str]:
    found = set()
    for path in (THEME / "templates").glob("*.html"):
        with path.open("rb") as handle:
            for _line, _function, message, _comments in babel_extract(
                handle, ["_", "gettext", "ngettext"], [], {}
            ):
                found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_catalog_has_every_template_string(lang: str) -> None:
    path = THEME / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    messages = template_messages()
    assert len(messages) > 30
    untranslated = sorted(
        m for m in messages if m not in catalog or not all(_strings(catalog[m].string))
    )
    assert untranslated == []


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else value


def test_article_page_weighs_at_most_30_kb(theme_output: Path) -> None:
    css = (theme_output / "theme" / "css" / "digest.css").stat().st_size
    pages = list((theme_output / "articles").glob("*/*/index.html"))
    heaviest = max(pages, key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size + css <= 30 * 1024, (heaviest, css)
    stylesheets = re.findall(r'rel="stylesheet"', heaviest.read_text(encoding="utf-8"))
    assert len(stylesheets) == 1 and "<script src" not in heaviest.read_text(encoding="utf-8")


def test_article_open_graph_and_json_ld(theme_output: Path) -> None:
    tree = parse(theme_output / SEED_PATH)
    meta = {m.get("property"): m.get("content") for m in tree.iter("meta") if m.get("property")}
    assert meta["og:type"] == "article" and meta["og:title"] == SEED_TITLE
    assert meta["og:site_name"] and meta["og:description"]
    assert meta["article:published_time"] == "2016-05-20T09:05:00+03:00"
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert data["@type"] == "NewsArticle" and data["headline"] == SEED_TITLE
    assert data["datePublished"] == "2016-05-20T09:05:00+03:00" and data["inLanguage"] == "ar"


def test_foreign_article_carries_its_language(theme_output: Path) -> None:
    tree = parse(theme_output / "articles" / "2016" / ENGLISH_SLUG / "index.html")
    assert tree.get("lang") == "ar" and tree.get("dir") == "rtl"
    heading = tree.find(".//main//h1")
    assert heading.get("lang") == "en" and heading.get("dir") == "ltr"


def test_pages_of_the_site_exist(theme_output: Path) -> None:
    for name in ("index.html", "digests/index.html", "tags.html", "archives.html", "404.html"):
        assert (theme_output / name).is_file(), name
    search = (theme_output / "search" / "index.html").read_text(encoding="utf-8")
    assert 'id="search-q"' in search and "<noscript>" in search
    assert (theme_output / "pagefind" / "pagefind.js").is_file()
    about = parse(theme_output / "about" / "index.html")
    assert about.find(".//main//h1").text == "عن الموجز"
    header_search = parse(theme_output / "index.html").find(".//header//form[@role='search']")
    assert header_search.get("action").endswith("search/")


HOSTILE_TITLE = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; «عنوان» & 'x'"


def synthetic_articles(folder: Path, count: int = 5) -> None:
    for n in range(count):
        title = HOSTILE_TITLE if n == 0 else f"خبر رقم {n} عن سوريا"
        (folder / f"2016-05-2{n}-test-{n}.md").write_text(
            f"Title: {title}\nDate: 2016-05-2{n}T10:00:00+03:00\nSlug: test-{n}\nLang: ar\n"
            f"Tags: اختبار; سوريا\nSource: مصدر تجريبي\n\nنص الخبر رقم {n}.\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def settings_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five articles, two per page, Hijri dates and Latin digits."""
    site = copy_site(tmp_path_factory.mktemp("paged") / "site")
    synthetic_articles(site / "content" / "articles")
    settings = 'DEFAULT_PAGINATION = 2\nDIGEST_SHOW_HIJRI = True\nDIGEST_DIGITS = "latn"\n'
    return build_site(site, settings, ingest=False)


def test_pagination_on_a_long_tag_list(settings_site: Path) -> None:
    tag = settings_site / "tags" / "اختبار"
    first = parse(tag / "index.html")
    pager = first.find(".//nav[@class='pagination']")
    assert pager is not None
    assert [a.get("rel") for a in pager.iter("a")] == ["next"]
    # Numbered from the oldest: page/1 and page/2 hold four articles, the landing page the fifth.
    assert sorted(p.parent.name for p in (tag / "page").glob("*/index.html")) == ["1", "2"]
    second = parse(tag / "page" / "2" / "index.html").find(".//nav[@class='pagination']")
    assert [a.get("rel") for a in second.iter("a")] == ["prev", "next"]
    assert [a.get("href") for a in second.iter("a")] == [
        "../../../../tags/اختبار/",
        "../../../../tags/اختبار/page/1/",
    ]
    theme_page = settings_site / "themes" / "سياسة"
    assert (theme_page / "page" / "1" / "index.html").is_file()


def test_hostile_title_stays_inside_json_ld(settings_site: Path) -> None:
    page = (settings_site / "articles" / "2016" / "test-0" / "index.html").read_text("utf-8")
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1
    headline = json.loads(scripts[0].text)["headline"]
    assert headline == "".join(tree.find(".//main//h1").itertext())
    assert "</script>" in headline and "</script>" not in scripts[0].text


def test_hijri_beside_gregorian_and_latin_digits(settings_site: Path) -> None:
    tree = parse(settings_site / "articles" / "2016" / "test-1" / "index.html")
    meta = "".join(tree.find(".//main//p[@class='meta']").itertext())
    assert "الأحد، 22 مايو 2016" in meta or "21 مايو 2016" in meta, meta
    assert "هـ" in meta and "شعبان" in meta and not re.search("[٠-٩]", meta), meta


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_site(tmp_path_factory.mktemp("english") / "site")
    synthetic_articles(site / "content" / "articles", count=2)
    return build_site(site, 'DEFAULT_LANG = "en"\n', ingest=False)


def test_ltr_site_in_english(english_site: Path) -> None:
    tree = parse(english_site / "index.html")
    assert tree.get("lang") == "en" and tree.get("dir") == "ltr"
    text = "".join(tree.itertext())
    assert "Skip to content" in text and "Weekly digests" in text and "Search" in text
    assert "الموجزات الأسبوعية" not in text
    article = parse(english_site / "articles" / "2016" / "test-1" / "index.html")
    assert "May 21, 2016" in "".join(article.find(".//main").itertext())
    heading = article.find(".//main//h1")
    assert heading.get("lang") == "ar" and heading.get("dir") == "rtl"
