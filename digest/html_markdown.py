"""HTML from feeds and saved pages as Markdown: cleaned first (digest/sanitize.py), then
converted with markdownify, every text node, URL and alt text escaped so that the Markdown
renders to no raw HTML, no script-capable link and no attr_list.

Its own module: BeautifulSoup and markdownify are needed to ingest, not to build.
"""

from __future__ import annotations

import re
import warnings
from urllib.parse import quote

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from markdownify import MarkdownConverter, chomp

from digest.sanitize import CONTROL_CHARS, clean_html, escape_text

# --- HTML -> Markdown -------------------------------------------------------------------------

_BACKTICK_RUN = re.compile(r"`+")
# Parents under which a ``` fence still starts at column 0 and so is recognised; elsewhere
# (lists, quotes, tables) preformatted text is written as escaped lines instead.
_FENCE_PARENTS = frozenset({"[document]", "div", "figure", "span", "bdi", "bdo"})
# Everything that could end a Markdown link destination early or start other syntax in it.
_URL_SAFE = "!#$%&*+,-./:;=?@~"


def _markdown_url(url: str) -> str:
    # '&' must stay an entity: Python-Markdown keeps "&colon;" as written and a browser would
    # decode it, so a relative "javascript&colon;..." would turn into a live scheme.
    return quote(url, safe=_URL_SAFE).replace("&", "&amp;")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)


def _unless_blocks(convert):
    """An inline conversion that leaves out its markers when the element holds paragraphs:
    `**` opened in one paragraph is not closed in the next, it shows as two stray asterisks."""

    def convert_inline(self, el, text: str, parent_tags: set[str]) -> str:
        if "\n\n" in text.strip():
            return text
        return convert(self, el, text, parent_tags)

    return convert_inline


def _plain(self, el, text: str, parent_tags: set[str]) -> str:
    return text


class _SafeMarkdownConverter(MarkdownConverter):
    """markdownify with every text node, URL and alt text escaped for Python-Markdown."""

    convert_b = convert_strong = _unless_blocks(MarkdownConverter.convert_b)
    convert_em = convert_i = _unless_blocks(MarkdownConverter.convert_em)
    # Python-Markdown has no ~~strikethrough~~: the tildes would show, so keep the text only.
    convert_del = convert_s = _plain

    def escape(self, text: str, parent_tags: set[str]) -> str:
        # A newline in HTML text is a space; keeping it could start a Markdown block mid-text.
        return escape_text(text.replace("\n", " "))

    def convert_a(self, el, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        href = el.get("href")
        if not href or "\n\n" in text.strip():
            return text  # no target, or paragraphs inside: Markdown link text is inline only
        prefix, suffix, text = chomp(text)
        if not text:
            return prefix + suffix
        return f"{prefix}[{text}]({_markdown_url(href)}){suffix}"

    def convert_img(self, el, text: str, parent_tags: set[str]) -> str:
        alt = " ".join((el.get("alt") or "").split())
        if "_noformat" in parent_tags:
            return alt
        alt = escape_text(alt)
        src = el.get("src")
        if not src or "_inline" in parent_tags:
            return alt
        return f"![{alt}]({_markdown_url(src)})"

    def convert_video(self, el, text: str, parent_tags: set[str]) -> str:
        return text  # never produced by clean_html; markdownify's version emits raw URLs

    def convert_code(self, el, text: str, parent_tags: set[str]) -> str:
        if "_noformat" in parent_tags:
            return text
        # A line break inside a code span would let the block parser see its content first.
        text = " ".join(text.split())
        if not text:
            return ""
        fence = "`" * (_longest_backtick_run(text) + 1)
        return f"{fence} {text} {fence}"

    convert_kbd = convert_code
    convert_samp = convert_code

    def convert_pre(self, el, text: str, parent_tags: set[str]) -> str:
        text = CONTROL_CHARS.sub("", text).strip("\n")
        if not text.strip():
            return ""
        if parent_tags <= _FENCE_PARENTS:
            fence = "`" * max(3, _longest_backtick_run(text) + 1)
            return f"\n\n{fence}\n{text}\n{fence}\n\n"
        lines = (escape_text(line.strip()) for line in text.split("\n"))
        return "\n\n" + "  \n".join(line for line in lines if line) + "\n\n"

    def convert_hN(self, n: int, el, text: str, parent_tags: set[str]) -> str:
        # Python-Markdown drops a heading's closing #s: "C#" must keep its '#'.
        text = re.sub(r"(?<!\\)(#+)\s*$", lambda m: "\\#" * len(m.group(1)), text.rstrip())
        return super().convert_hN(n, el, text, parent_tags)


_CONVERTER = _SafeMarkdownConverter(
    heading_style="atx",
    bullets="-",
    strong_em_symbol="*",
    autolinks=False,
    escape_misc=False,
    newline_style="spaces",
)


def html_to_markdown(html: str, *, base_url: str | None = None) -> str:
    """Cleaned HTML as Markdown (ATX headings, '-' bullets) that renders to no raw HTML, no
    script-capable link and no attr_list; relative links and images resolved against base_url."""
    with warnings.catch_warnings():
        # Text that happens to look like a URL or file name is still text here.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(clean_html(html, base_url=base_url), "html.parser")
    markdown = _CONVERTER.convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n" if markdown.strip() else ""
