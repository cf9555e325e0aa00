"""The theme in headless Chromium: direction, small screens, no third-party request,
accessibility (axe-core), search in Arabic, JavaScript off; screenshots go to screens/."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from conftest_browser import ENGLISH_SLUG, SCREENS, SEED_TITLE, SEED_WEEK

SEED_SLUG = "بنتاغون-لم-نتلق-طلبا-روسيا-لتنفيذ-غارات-مشتركة-في-سوريا"
PAGES = {
    "home": "",
    "digest": f"digests/{SEED_WEEK}/",
    "article": f"articles/2016/{SEED_SLUG}/",
    "english": f"articles/2016/{ENGLISH_SLUG}/",
    "digests": "digests/",
    "theme": "themes/سياسة/",
    "tags": "tags.html",
    "tag": "tags/سوريا/",
    "search": "search/?q=" + quote("غارات"),
    "about": "about/",
    "404": "404.html",
}


@pytest.fixture
def page(browser, site_url) -> Iterator[object]:
    """A fresh page at 1280 px; `page.requests` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def visit(page, name: str) -> None:
    response = page.goto(PAGES[name], wait_until="load")
    assert response is not None and (response.ok or name == "404"), (name, response)


def test_arabic_pages_are_rtl_and_english_article_ltr(page) -> None:
    for name in ("home", "digest", "article", "digests", "search"):
        visit(page, name)
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    visit(page, "english")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    for selector in ("main h1", "main .body"):
        element = page.locator(selector)
        assert element.evaluate("e => e.closest('[lang]').lang") == "en"
        assert element.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # Within the English body, text starts at the left edge.
    box = page.locator("main .body p").first.bounding_box()
    main = page.locator("main").bounding_box()
    assert box["x"] - main["x"] < 40


@pytest.mark.parametrize("width", [320, 360])
def test_no_horizontal_scrolling(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    for name in PAGES:
        visit(page, name)
        sizes = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1], (name, width, sizes)


def test_no_request_leaves_localhost(page) -> None:
    for name in PAGES:
        visit(page, name)
        if name == "search":
            page.wait_for_selector("#search-results li")
    hosts = {urlsplit(url).hostname for url in page.requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}, sorted(url for url in page.requests if "127.0.0.1" not in url)
    assert not [u for u in page.requests if not u.startswith(("http://127.0.0.1", "data:"))]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(page, axe_source: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    for name in ("home", "digest", "article", "english", "search"):
        visit(page, name)
        if name == "search":
            page.wait_for_selector("#search-results li")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document)).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 3)])"
        )
        assert violations == [], (name, scheme, violations)


def result_titles(page, query: str) -> list[str]:
    page.goto("search/?q=" + quote(query))
    page.wait_for_function(
        "document.querySelector('#search-results li') ||"
        " document.querySelector('#search-status').textContent.length > 1"
        " && !document.querySelector('#search-status').textContent.endsWith('…')"
    )
    return page.locator("#search-results h2 a").all_text_contents()


@pytest.mark.parametrize(
    "query",
    ["بنتاغون", "نتلقَ طلباً", "نتلق طلبا", "لم نتلق طلبا روسيا", "أُكله", "اكله"],
)
def test_search_finds_the_seed_with_and_without_diacritics(page, query: str) -> None:
    assert SEED_TITLE in result_titles(page, query), query


def test_search_from_the_header_of_any_page(page) -> None:
    visit(page, "article")
    page.fill("#site-search", "غارات مشتركة")
    page.press("#site-search", "Enter")
    page.wait_for_selector("#search-results li")
    assert "/search/" in page.url
    assert SEED_TITLE in page.locator("#search-results h2 a").all_text_contents()
    assert page.input_value("#search-q") == "غارات مشتركة"


def test_readable_without_javascript(browser, site_url) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    page.goto(PAGES["article"])
    assert page.locator("main h1").inner_text() == SEED_TITLE
    assert page.locator("main .body").is_visible()
    page.goto(PAGES["search"])
    assert page.locator("main noscript").count() == 1
    context.close()


def test_skip_link_and_visible_focus(page) -> None:
    visit(page, "home")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0, box  # moved on screen when focused
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline


def test_screenshots(page) -> None:
    SCREENS.mkdir(exist_ok=True)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name in ("home", "digest", "article", "english"):
            visit(page, name)
            page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
    page.emulate_media(color_scheme="dark")
    visit(page, "digest")
    page.screenshot(path=str(SCREENS / "digest-dark-360.png"), full_page=True)
    page.goto(PAGES["search"])
    page.wait_for_selector("#search-results li")
    page.screenshot(path=str(SCREENS / "search-dark-360.png"), full_page=True)
