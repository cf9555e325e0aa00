"""The XSS corpus end to end: 183 vectors as feeds and saved pages, ingested and built; nothing
in output/ (pages and feeds) can run script, and the text around each payload survives."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import html5lib
import pytest
from active_content import find_active_content
from conftest import SHARED, copy_site

from digest.cli import main

XSS = SHARED / "corpora" / "xss"
# The site's own search script and search form, and JSON-LD data blocks, are all a page may
# hold; everything else that could run script is a finding.
SITE_OWN = {
    "allowed_script_srcs": [r"(\.\./)*(\.?/)?theme/js/search\.js"],
    "allowed_form_actions": [r"(\.\./)*(\.?/)?search/", ""],
    "allow_json_ld": True,
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every feed of the corpus and every saved page, each ingested into its own site (one
    site would merge a vector's six packagings into one story) and built; returns the folder
    holding the sites."""
    root = tmp_path_factory.mktemp("xss")
    sources = [[feed] for feed in sorted((XSS / "feeds").iterdir())] + [[XSS / "articles"]]
    for number, group in enumerate(sources):
        site = copy_site(root / f"site-{number}")
        shutil.rmtree(site / "inbox")
        (site / "inbox").mkdir()
        for source in group:
            if source.is_dir():
                shutil.copytree(source, site / "inbox" / source.name)
            else:
                shutil.copy(source, site / "inbox" / source.name)
        code = main(["build", "-s", str(site / "pelicanconf.py"), "-o", str(site / "output")])
        assert code in (0, 1)
    return root


def test_no_active_content_in_any_page(hostile_site: Path) -> None:
    pages = sorted(hostile_site.glob("site-*/output/**/*.html"))
    assert len(pages) > 150
    problems = {}
    for page in pages:
        found = find_active_content(page.read_text(encoding="utf-8"), **SITE_OWN)
        if found:
            problems[str(page.relative_to(hostile_site))] = found
    assert problems == {}


def test_no_active_content_in_feeds(hostile_site: Path) -> None:
    feeds = sorted(hostile_site.glob("site-*/output/feeds/**/*.xml"))
    assert feeds
    for feed in feeds:
        ElementTree.parse(feed)  # well-formed XML
        parsed = feedparser.parse(feed.read_bytes(), sanitize_html=False)
        for entry in parsed.entries:
            for html in [c.value for c in entry.get("content", [])] + [entry.get("summary", "")]:
                assert find_active_content(html) == [], (feed.name, entry.get("title"))


def test_paragraphs_around_payloads_survive(hostile_site: Path) -> None:
    bodies = "\n".join(
        p.read_text(encoding="utf-8") for p in hostile_site.glob("site-*/content/**/*.md")
    )
    assert bodies.count("فقرة عادية قبل الحمولة") >= 150
    assert bodies.count("فقرة عادية بعد الحمولة") >= 130


def test_template_syntax_in_titles_is_shown_literally(hostile_site: Path) -> None:
    # Jinja, JavaScript-template and ERB syntax in a title stay text, never evaluated.
    title = "{{ 7*7 }} {% raw %}XSS-P17{% endraw %} ${7*7}"
    pages = [
        p
        for p in hostile_site.glob("site-*/output/articles/**/index.html")
        if "XSS-P17" in p.read_text(encoding="utf-8")
    ]
    assert pages
    for page in pages:
        tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        if "".join(tree.find(".//h1").itertext()).strip().startswith(title):
            return
    raise AssertionError("no article page shows the template-syntax title literally")


@pytest.mark.parametrize("key", ["Save_as", "Status", "Template", "Slug"])
def test_a_title_cannot_add_a_metadata_line(site: Path, key: str) -> None:
    inbox = site / "inbox"
    shutil.rmtree(inbox)
    inbox.mkdir()
    for newline in ("\n", "\r", "\u0085", "\u2028", "\u2029"):
        feed = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>عنوان{newline}{key}: ../../../evil{newline}</title><link>https://example.org/{ord(newline)}</link>
<pubDate>Fri, 20 May 2016 09:05:00 +0300</pubDate><description>نص</description></item></channel></rss>"""
        (inbox / f"feed-{ord(newline)}.xml").write_text(feed, encoding="utf-8")
    assert main(["ingest", str(inbox), "-s", str(site / "pelicanconf.py")]) == 0
    for path in (site / "content" / "articles").rglob("*.md"):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        lines = header.splitlines()
        assert f"{key}: ../../../evil" not in lines
        assert [line for line in lines if line.startswith("Title:")] == [
            f"Title: عنوان {key}: ../../../evil"
        ]
    assert (
        main(
            ["build", "-s", str(site / "pelicanconf.py"), "-o", str(site / "output"), "--no-ingest"]
        )
        == 0
    )
    assert not list(site.parent.rglob("evil*"))
    assert all(site in p.resolve().parents for p in (site / "output").rglob("*"))


def test_summary_and_note_are_sanitized_too(site: Path) -> None:
    article = site / "content" / "articles" / "2016" / "2016-05-20-hostile.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(
        "Title: ملخص عدائي\nDate: 2016-05-20T09:00:00+03:00\nSlug: hostile\n"
        'Summary: قبل <img src=x onerror="alert(1)"> بعد\n'
        "Note: [رابط](javascript:alert(1)) <script>alert(2)</script>\n\nنص.\n",
        encoding="utf-8",
    )
    args = ["build", "--no-ingest", "-s", str(site / "pelicanconf.py"), "-o", str(site / "output")]
    for _ in range(2):  # the second build reads the content cache
        assert main(args) == 0
        for page in (site / "output").rglob("*.html"):
            assert find_active_content(page.read_text(encoding="utf-8"), **SITE_OWN) == [], page
    digest_page = (site / "output" / "digests" / "2016-W20" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "قبل" in digest_page and "بعد" in digest_page  # cleaned, not dropped
    assert (site / ".digest-cache" / "pelican").is_dir()
    assert [p.name[:8] for p in (site / ".digest-cache" / "pelican").iterdir()] == ["content-"]
