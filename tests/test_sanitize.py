"""digest.sanitize against the XSS corpus (shared/corpora/xss), checked the way a browser parses
the result (tests/active_content.py), after Python-Markdown with Pelican's default extensions."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import html5lib
import markdown
import pytest
from active_content import find_active_content

from digest.html_markdown import html_to_markdown
from digest.sanitize import clean_html, escape_markdown, sanitize_rendered

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
if not SHARED.is_dir():  # a git worktree sits beside the main checkout, not inside it
    SHARED = Path("/work/shared")
XSS = SHARED / "corpora" / "xss"
VECTORS = json.loads((XSS / "vectors.json").read_text(encoding="utf-8"))
VECTOR_IDS = [vector["id"] for vector in VECTORS]
ARTICLES = sorted((XSS / "articles").glob("[A-Z][0-9][0-9].html"))
FEEDS = sorted((XSS / "feeds").glob("*.xml"))
SEED = SHARED / "samples" / "seed-article-khaleej-2016-05-20.txt"

BEFORE, AFTER = "قبل", "بعد"
# Elements whose content clean_html removes; also what a browser never shows as text.
REMOVED = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
REMOVED |= {"title", "noembed", "noframes", "applet", "frameset", "head"}
BLOCKS = {"p", "td", "th", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def render(text: str) -> str:
    """Markdown as Pelican renders it by default (MARKDOWN extension_configs)."""
    return markdown.Markdown(
        extensions=[
            "markdown.extensions.codehilite",
            "markdown.extensions.extra",
            "markdown.extensions.meta",
        ]
    ).convert(text)


def parse(html: str) -> ET.Element:
    return html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree")).parse(html, scripting=True)


def visible_text(html: str) -> str:
    return " ".join("".join(parse(html).find("{*}body").itertext()).split())


def shown_paragraphs(html: str) -> set[str]:
    """Texts of the paragraphs (and cells, items, headings) a browser shows: HTML-namespace
    blocks outside any element whose content is never displayed or that clean_html removes."""
    found: set[str] = set()

    def walk(element: ET.Element, hidden: bool) -> None:
        if not isinstance(element.tag, str):
            return
        namespace, _, name = element.tag[1:].partition("}")
        hidden = hidden or name in REMOVED
        if name in BLOCKS and namespace.endswith("xhtml") and not hidden:
            found.add(" ".join("".join(element.itertext()).split()))
        for child in element:
            walk(child, hidden)

    walk(parse(html), False)
    return found


def shown_text(html: str) -> str:
    """All text a browser shows, outside elements never displayed or removed by clean_html."""

    def walk(element: ET.Element, hidden: bool) -> str:
        if not isinstance(element.tag, str):
            return ""
        hidden = hidden or element.tag.rpartition("}")[2] in REMOVED
        parts = [] if hidden else [element.text or ""]
        for child in element:
            parts.append(walk(child, hidden))
            parts.append("" if hidden else child.tail or "")
        return "".join(parts)

    return " ".join(walk(parse(html), False).split())


def assert_inert(html: str) -> None:
    problems = find_active_content(html)
    assert not problems, f"{problems}\n--- in ---\n{html[:2000]}"


@pytest.fixture(params=VECTORS, ids=VECTOR_IDS)
def vector(request: pytest.FixtureRequest) -> dict:
    return request.param


def test_corpus_has_every_vector() -> None:
    assert len(VECTORS) == 183
    assert len(set(VECTOR_IDS)) == 183


# --- every vector -------------------------------------------------------------------------------


def test_clean_html_vector_is_inert(vector: dict) -> None:
    assert_inert(clean_html(vector["payload"]))


def test_html_to_markdown_vector_is_inert_when_rendered(vector: dict) -> None:
    assert_inert(render(html_to_markdown(vector["payload"])))


def test_paragraphs_around_vector_survive(vector: dict) -> None:
    page = f"<p>{BEFORE}</p>{vector['payload']}<p>{AFTER}</p>"
    cleaned = clean_html(page)
    rendered = render(html_to_markdown(page))
    assert_inert(cleaned)
    assert_inert(rendered)
    # A payload that leaves <style>, <iframe>, <svg> ... open swallows the rest of the page in
    # a browser too; the paragraph after it must survive wherever a browser would show it.
    expected = {BEFORE} | ({AFTER} & shown_paragraphs(page))
    for html in (cleaned, rendered):
        assert expected <= shown_paragraphs(html)


def test_escape_markdown_vector_is_inert_and_literal(vector: dict) -> None:
    rendered = render(escape_markdown(vector["payload"]))
    assert_inert(rendered)
    # Controls are dropped: browsers ignore them and they are not visible text.
    assert visible_text(rendered) == " ".join(CONTROLS.sub("", vector["payload"]).split())


def test_sanitize_rendered_cleans_hostile_markdown(vector: dict) -> None:
    # As if an editor (or a bug) put the payload into content/ as Markdown.
    assert_inert(sanitize_rendered(render(vector["payload"])))


# --- saved articles -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.stem)
def test_saved_article_is_cleaned_not_dropped(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    cleaned = clean_html(page, base_url="https://news.example/2016/05/a.html")
    rendered = render(html_to_markdown(page, base_url="https://news.example/2016/05/a.html"))
    assert_inert(cleaned)
    assert_inert(rendered)
    expected = {"فقرة عادية قبل الحمولة."} | ({"فقرة عادية بعد الحمولة."} & shown_paragraphs(page))
    assert expected <= shown_paragraphs(cleaned)
    assert expected <= shown_paragraphs(rendered)


def test_all_vectors_page() -> None:
    page = (XSS / "articles" / "all-vectors.html").read_text(encoding="utf-8")
    cleaned = clean_html(page)
    rendered = render(html_to_markdown(page))
    assert_inert(cleaned)
    assert_inert(rendered)
    # One page, so an unclosed <table> or <style> early on reshapes all that follows; each
    # section's closing line must still show wherever a browser shows it.
    shown = shown_text(page)
    ends = [f"نهاية {vector_id}" for vector_id in VECTOR_IDS if f"نهاية {vector_id}" in shown]
    assert len(ends) > 100
    for html in (cleaned, rendered):
        text = shown_text(html)
        assert [end for end in ends if end not in text] == []


def test_head_tricks_page() -> None:
    page = (XSS / "articles" / "head-tricks.html").read_text(encoding="utf-8")
    base = "https://news.example/2016/05/article.html"
    cleaned = clean_html(page, base_url=base)
    markdown_text = html_to_markdown(page, base_url=base)
    assert_inert(cleaned)
    assert_inert(render(markdown_text))
    # The hostile <base> is ignored: relative URLs resolve against the article's own address.
    assert 'href="https://news.example/2016/05/relative/path.html"' in cleaned
    assert 'src="https://news.example/2016/05/pic.png"' in cleaned
    assert "![صورة نسبية](https://news.example/2016/05/pic.png)" in markdown_text
    assert "XSS-B08" not in cleaned  # <title> is page chrome, not article text
    assert "نص عادي بعد الروابط." in shown_paragraphs(cleaned)


def test_markdown_injection_text_article() -> None:
    text = (XSS / "articles" / "markdown-injection.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    rendered = render("\n\n".join(escape_markdown(p) for p in paragraphs))
    assert_inert(rendered)
    assert visible_text(rendered) == " ".join(text.split())
    # Written into content/ unescaped, the final pass still catches it.
    assert_inert(sanitize_rendered(render(text)))


@pytest.mark.parametrize("path", FEEDS, ids=lambda path: path.stem)
def test_feed_entries(path: Path) -> None:
    # Raw entry HTML, as if feedparser's own sanitizer were off or missed something.
    feed = feedparser.parse(path.read_bytes(), sanitize_html=False, resolve_relative_uris=False)
    assert feed.entries
    for entry in feed.entries:
        for content in [*entry.get("content", []), entry.get("summary_detail")]:
            if content:
                assert_inert(clean_html(content["value"]))
                assert_inert(render(html_to_markdown(content["value"])))
        assert_inert(render(escape_markdown(entry.get("title", ""))))


# --- Markdown injection -------------------------------------------------------------------------

MARKDOWN_INJECTIONS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1) 'title')",
    "![a](javascript:x)",
    "<img src=x onerror=alert(1)>",
    'فقرة\n{: onclick="alert(1)" }',
    '## عنوان {: onclick="alert(1)" }',
    '## عنوان\n{: onclick="alert(1)" }',
    "[x][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<div markdown="1" onclick="alert(1)">x</div>',
    "```{ onclick='alert(1)' }\nx\n```",
    "x[^1]\n\n[^1]: [y](javascript:alert(1))",
    "*[x]: <script>alert(1)</script>",
]


@pytest.mark.parametrize("text", MARKDOWN_INJECTIONS)
def test_markdown_syntax_in_text_stays_text(text: str) -> None:
    for html in (f"<p>{text}</p>", text):
        rendered = render(html_to_markdown(html))
        assert_inert(rendered)
    rendered = render(escape_markdown(text))
    assert_inert(rendered)
    assert visible_text(rendered) == " ".join(text.split())
    assert "<a" not in rendered and "<img" not in rendered


@pytest.mark.parametrize("text", MARKDOWN_INJECTIONS)
def test_sanitize_rendered_catches_markdown_injection(text: str) -> None:
    assert_inert(sanitize_rendered(render(text)))


@pytest.mark.parametrize(
    "html",
    [
        "<pre>```\n<script>alert(1)</script>\n&lt;img src=x onerror=alert(1)&gt;\n```</pre>",
        "<blockquote><pre>a\n&lt;img src=x onerror=alert(1)&gt;</pre></blockquote>",
        "<ul><li><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></li></ul>",
        "<p><code>a\n&lt;div onclick=alert(1)&gt;x&lt;/div&gt;</code></p>",
        "<p><code>``&lt;img src=x onerror=alert(1)&gt;``</code></p>",
        "<h2>&lt;img src=x onerror=alert(1)&gt; <img alt='&lt;script&gt;' src=a.png></h2>",
        "<table><tr><td>a | &lt;b onclick=x&gt;</td></tr></table>",
        '<a href="javascript&amp;colon;alert(1)">entity in a relative URL</a>',
        '<img src="x" alt="&lt;img src=x onerror=alert(1)&gt; ](javascript:alert(1))">',
    ],
)
def test_code_and_attributes_cannot_break_out(html: str) -> None:
    assert_inert(render(html_to_markdown(html)))


# --- what is kept -------------------------------------------------------------------------------


def test_escaped_markup_shows_as_text() -> None:
    html = "<p>&lt;b&gt;عريض&lt;/b&gt; &amp;amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    expected = "<b>عريض</b> &amp; <script>alert(1)</script>"
    assert visible_text(clean_html(html)) == expected
    rendered = render(html_to_markdown(html))
    assert visible_text(rendered) == expected
    assert "<b>" not in rendered
    assert visible_text(render(escape_markdown("&lt;b&gt;"))) == "&lt;b&gt;"
    assert visible_text(render(escape_markdown("<b>x</b>"))) == "<b>x</b>"


def test_dir_and_lang_kept() -> None:
    html = '<p dir="rtl" lang="ar">نص <bdi dir="ltr" lang="en">English</bdi></p>'
    assert clean_html(html) == html
    assert sanitize_rendered(html) == html


def test_links_get_rel_and_only_safe_schemes() -> None:
    cleaned = clean_html(
        '<a href="https://a.example/">a</a><a href="mailto:x@a.example">m</a>'
        '<a href="vbscript:msgbox(1)">v</a><a href="data:text/html,x">d</a>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="png">'
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="svg">'
    )
    assert cleaned == (
        '<a href="https://a.example/" rel="noopener noreferrer nofollow">a</a>'
        '<a href="mailto:x@a.example" rel="noopener noreferrer nofollow">m</a>'
        '<a rel="noopener noreferrer nofollow">v</a><a rel="noopener noreferrer nofollow">d</a>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="png"><img alt="svg">'
    )


def test_relative_urls_resolved() -> None:
    html = '<p><a href="../b.html">b</a> <img src="img/p.jpg" alt="صورة المؤتمر"></p>'
    base = "https://news.example/2016/05/a.html"
    assert clean_html(html, base_url=base) == (
        '<p><a href="https://news.example/2016/b.html" rel="noopener noreferrer nofollow">b</a>'
        ' <img src="https://news.example/2016/05/img/p.jpg" alt="صورة المؤتمر"></p>'
    )
    assert html_to_markdown(html, base_url=base) == (
        "[b](https://news.example/2016/b.html) "
        "![صورة المؤتمر](https://news.example/2016/05/img/p.jpg)\n"
    )
    # Without a base, or with a hostile one, relative URLs stay relative.
    for hostile in (None, "javascript:alert(1)//", "data:text/html,x"):
        assert 'href="../b.html"' in clean_html(html, base_url=hostile)


def test_alt_text_kept_in_markdown() -> None:
    rendered = render(html_to_markdown('<img src="https://a.example/p.png" alt="صورة [1] *x*">'))
    assert 'alt="صورة [1] *x*"' in rendered


def test_structure_to_markdown() -> None:
    html = (
        "<h2>عنوان</h2><p>فقرة <strong>مهمة</strong> و<em>مائلة</em></p>"
        "<ul><li>أول</li><li>ثان</li></ul><ol><li>واحد</li></ol><blockquote><p>اقتباس</p></blockquote>"
    )
    assert html_to_markdown(html) == (
        "## عنوان\n\nفقرة **مهمة** و*مائلة*\n\n- أول\n- ثان\n\n1. واحد\n\n> اقتباس\n"
    )


def test_escape_markdown_leaves_arabic_prose_alone() -> None:
    paragraphs = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    first_body = paragraphs[2]
    assert first_body.startswith("أعلنت وزارة الدفاع")
    assert escape_markdown(first_body) == first_body
    for paragraph in paragraphs:  # the whole seed renders back to itself
        assert visible_text(render(escape_markdown(paragraph))) == " ".join(paragraph.split())


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# ليس عنوانا", "\\# ليس عنوانا"),
        ("- ليس قائمة", "\\- ليس قائمة"),
        ("1. ليس قائمة", "1\\. ليس قائمة"),
        ("> ليس اقتباسا", "&gt; ليس اقتباسا"),
        ("    ليس شيفرة", "ليس شيفرة"),
        ("Title: injected", "Title&#58; injected"),
        ("{{ 7*7 }}", "\\{\\{ 7\\*7 \\}\\}"),
        ("a_b|c", "a\\_b\\|c"),
    ],
)
def test_escape_markdown_line_starts(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped
    assert visible_text(render(escape_markdown(text))) == text.strip()


def test_sanitize_rendered_keeps_markdown_output() -> None:
    rendered = render(
        "# عنوان\n\nنص[^1] *[HTML]\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        "```python\nx = 1\n```\n\n[^1]: حاشية\n"
    )
    cleaned = sanitize_rendered(rendered)
    for kept in (
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"',
        '<div class="footnote">',
        '<li id="fn:1">',
        'class="footnote-backref"',
        '<div class="codehilite">',
        '<span class="n">x</span>',
        '<th style="text-align: left;">',
        "<h1",
    ):
        assert kept in cleaned
    assert_inert(cleaned)


def test_sanitize_rendered_drops_other_classes_ids_styles() -> None:
    cleaned = sanitize_rendered(
        '<p class="codehilite evil" id="a b" style="position:fixed">x</p>'
        '<td style="text-align: left; background: url(javascript:alert(1))">y</td>'
    )
    assert cleaned == '<p class="codehilite">x</p>y'
