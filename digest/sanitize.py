"""HTML allowlist and Markdown escaping: make feed and page HTML safe, turn it into Markdown that
cannot grow active content, escape plain text for Markdown, and clean an article's rendered HTML.

Three layers, because each alone has failed somewhere: nh3 where HTML enters (feedparser's own
sanitizer lets entity-encoded javascript: links and SVG animation through), escaping where text
becomes Markdown (Pelican's Markdown passes raw HTML and, through `extra`, attr_list `{: ...}`),
and nh3 again over the HTML Pelican renders from every article.
"""

from __future__ import annotations

import html as html_lib
import re
from contextvars import ContextVar
from urllib.parse import urljoin

import nh3
from pygments.token import STANDARD_TYPES

# --- allowlists -------------------------------------------------------------------------------

_TEXT_TAGS = frozenset(
    {
        *("p", "br", "hr", "div", "span", "blockquote", "pre", "code", "kbd", "samp"),
        *("h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("em", "strong", "b", "i", "s", "del", "ins", "small", "mark", "sup", "sub"),
        *("q", "cite", "abbr", "time", "bdi", "bdo", "a", "img", "figure", "figcaption"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
    }
)
# Removed with everything inside: their content is code, another document, or foreign markup
# whose parsing differs between sanitizer and browser (the mXSS family); <title> and the
# no-support fallbacks would otherwise leak page chrome into the article text.
_DROPPED_WITH_CONTENT = frozenset(
    {
        *("script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"),
        *("title", "noembed", "noframes", "applet", "frameset"),
    }
)
_ATTRIBUTES = {
    "*": {"dir", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt"},
    "time": {"datetime"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
}
_LINK_REL = "noopener noreferrer nofollow"
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# nh3 checks schemes before calling the attribute filter, so data: must pass nh3 and the filter
# then keeps it only for raster images in <img src>.
_NH3_URL_SCHEMES = _URL_SCHEMES | {"data"}
_DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpeg|webp)[;,]", re.IGNORECASE)

# Markdown's own output (footnotes, codehilite with Pygments token classes, toc) on top of the
# same allowlist; h1 too, since an editor's "# heading" renders as one.
_RENDERED_TAGS = _TEXT_TAGS | {"h1"}
_RENDERED_ATTRIBUTES = {
    **_ATTRIBUTES,
    "*": _ATTRIBUTES["*"] | {"class", "id"},
    "td": _ATTRIBUTES["td"] | {"style"},
    "th": _ATTRIBUTES["th"] | {"style"},
}
_MARKDOWN_CLASSES = frozenset(
    {
        *("footnote", "footnote-ref", "footnote-backref", "toc", "toctitle", "toclink"),
        *("headerlink", "codehilite", "codehilitetable", "linenos", "linenodiv", "hll"),
        *("lineno", "special", "normal"),
        *(name for name in STANDARD_TYPES.values() if name),
    }
)
_LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]{1,40}")
_ID = re.compile(r"[\w:.-]{1,120}")
_TABLE_ALIGN = re.compile(r"text-align:\s*(?:left|right|center);?")

# URL parser clean-up (WHATWG URL standard): leading/trailing C0 controls and spaces go,
# ASCII tab and newline anywhere are removed, then the scheme is read.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")

_base_url: ContextVar[str | None] = ContextVar("digest_sanitize_base_url", default=None)


def _clean_url(tag: str, attr: str, value: str) -> str | None:
    """The URL to keep for href/src, resolved against the current base, or None to drop it."""
    url = _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE))
    scheme = _SCHEME.match(url)
    if scheme is None:
        base = _base_url.get()
        if base is None:
            return url
        url = urljoin(base, url)
        scheme = _SCHEME.match(url)
        if scheme is None:
            return url
    name = scheme.group(1).lower()
    if name in _URL_SCHEMES:
        return url
    if name == "data" and tag == "img" and attr == "src" and _DATA_IMAGE.match(url):
        return url
    return None


def _filter_content(tag: str, attr: str, value: str) -> str | None:
    if attr in ("href", "src"):
        return _clean_url(tag, attr, value)
    return value


def _filter_rendered(tag: str, attr: str, value: str) -> str | None:
    if attr == "class":
        kept = [c for c in value.split() if c in _MARKDOWN_CLASSES or _LANGUAGE_CLASS.fullmatch(c)]
        return " ".join(kept) or None
    if attr == "id":
        return value if _ID.fullmatch(value) else None
    if attr == "style":
        return value if _TABLE_ALIGN.fullmatch(value.strip()) else None
    return _filter_content(tag, attr, value)


# Built once: an nh3.Cleaner compiles its allowlists, nh3.clean() would redo it on every call.
_CONTENT_CLEANER = nh3.Cleaner(
    tags=set(_TEXT_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
    attribute_filter=_filter_content,
    strip_comments=True,
    link_rel=_LINK_REL,
    url_schemes=set(_NH3_URL_SCHEMES),
)
_RENDERED_CLEANER = nh3.Cleaner(
    tags=set(_RENDERED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in _RENDERED_ATTRIBUTES.items()},
    attribute_filter=_filter_rendered,
    strip_comments=True,
    link_rel=_LINK_REL,
    url_schemes=set(_NH3_URL_SCHEMES),
)


def clean_html(html: str, *, base_url: str | None = None) -> str:
    """Allowlisted HTML: text structure, safe URLs (relative ones resolved against `base_url`
    when it is an http(s) URL), no script-capable element, attribute or URL."""
    if base_url is not None and _url_scheme(base_url) not in ("http", "https"):
        base_url = None  # a hostile xml:base or feed link must not become every link's prefix
    token = _base_url.set(base_url)
    try:
        return _CONTENT_CLEANER.clean(html)
    finally:
        _base_url.reset(token)


def sanitize_rendered(html: str) -> str:
    """An article's rendered HTML through the same allowlist, keeping the classes and ids that
    Markdown's footnotes, codehilite and toc produce."""
    return _RENDERED_CLEANER.clean(html)


def _url_scheme(url: str) -> str | None:
    match = _SCHEME.match(_TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)))
    return match.group(1).lower() if match else None


# --- Markdown escaping ------------------------------------------------------------------------

# Characters that start Markdown syntax anywhere in a line. '<' and '&' become entities, not
# backslash escapes: Python-Markdown has no "\<", and an entity shows escaped markup as text.
_INLINE_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "{": "\\{",  # attr_list (Pelican's `extra`) reads {: onclick=... } after a block
    "}": "\\}",
    "|": "\\|",  # tables
}
# A regex finds the few special characters fast; str.translate visits every character.
_INLINE_SPECIAL = re.compile("[" + re.escape("".join(_INLINE_ESCAPES)) + "]")
# Syntax that only counts at the start of a line: headings ("#x" too), list markers, hr and
# setext underlines, definition lists, ~~~ fences, ordered lists, and "Key: value" lines the
# meta extension would take as metadata. '=', ':' and '~' have no backslash escape in
# Python-Markdown: they become entities.
_LINE_START = re.compile(
    r"^([ \t]*)(?:(#|[+-](?=\s|$)|-(?=-))|(=)(?=[=\s]|$)|(:)(?=\s|$)|(~)(?=~~)"
    r"|([0-9]+)\.(?=\s|$)|([A-Za-z0-9_-]+):)",
    re.MULTILINE,
)
_ENTITY_FOR = {"=": "&#61;", ":": "&#58;", "~": "&#126;"}
# C0 controls other than tab and newline: invisible, dropped by browsers, and STX/ETX are
# Python-Markdown's own placeholder markers.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, equals, colon, tilde, number, key = match.groups()
    if marker:
        return f"{indent}\\{marker}"
    if equals or colon or tilde:
        return indent + _ENTITY_FOR[equals or colon or tilde]
    if number:
        return f"{indent}{number}\\."
    return f"{indent}{key}&#58;"


def escape_text(text: str) -> str:
    """Text made literal in Markdown, each line treated as if it could start a block."""
    text = _INLINE_SPECIAL.sub(lambda m: _INLINE_ESCAPES[m.group()], CONTROL_CHARS.sub("", text))
    return _LINE_START.sub(_escape_line_start, text)


def escape_markdown(text: str) -> str:
    """Plain text made literal in Markdown, readable: Arabic text and ordinary punctuation stay
    as they are; markup, link, attr_list and block syntax are escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Stripping each line keeps indentation from turning a line into a code block.
    return escape_text("\n".join(line.strip() for line in text.split("\n")))


def text_of(html: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities decoded), for titles and
    summaries that must be plain text."""
    return html_lib.unescape(nh3.clean(html, tags=set(), clean_content_tags={"script", "style"}))
