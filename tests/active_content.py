"""Test oracle: list everything in an HTML page that could run script, found the way a browser
parses it (html5lib), not with regular expressions over the source."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterator
from typing import NamedTuple

import html5lib

_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal"}
)
# Attributes whose value a browser (or a legacy one) loads or navigates to.
_URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "background",
        "data",
        "lowsrc",
        "dynsrc",
        "longdesc",
        "cite",
        "ping",
        "codebase",
        "archive",
        "classid",
        "usemap",
        "manifest",
        "icon",
        "profile",
        "base",
    }
)
_SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
_BAD_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha"})
_SAFE_DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpeg|webp)[;,]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# URL parser clean-up (WHATWG URL standard): leading/trailing C0 controls and spaces go,
# and ASCII tab or newline anywhere is removed.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SVG_ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor"})
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(\n)|(.))", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.DOTALL)
_CSS_DANGER = re.compile(
    r"expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:|@import", re.IGNORECASE
)


def find_active_content(
    html: str,
    *,
    allowed_script_srcs: Collection[str] = (),
    allow_json_ld: bool = False,
    allowed_form_actions: Collection[str] = (),
) -> list[str]:
    """Every script-capable construct in `html`, one line each; empty when the page is inert.

    The page is parsed twice, with scripting on (as a browser does) and off, so markup that
    hides in <noscript> under one reading is found under the other. `allowed_script_srcs` lists
    external scripts the site itself ships (e.g. a search UI), as regular expressions matched
    against the whole `src`; they are not reported. With
    `allow_json_ld`, a `<script type="application/ld+json">` whose text is valid JSON is a data
    block (browsers never run it). `allowed_form_actions` lists the site's own GET forms (its
    search box) by action URL, as regular expressions too."""
    allowed = _Allowed(
        frozenset(allowed_script_srcs), allow_json_ld, frozenset(allowed_form_actions)
    )
    problems: dict[str, None] = {}
    for scripting in (True, False):
        document = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree", fullTree=True)).parse(
            html, scripting=scripting
        )
        for problem in _check_tree(document, allowed):
            problems[problem] = None
    return list(problems)


def url_scheme(url: str) -> str | None:
    """The scheme a browser sees in an (already entity-decoded) URL, lower-cased, or None."""
    cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)).casefold()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def is_bad_url(url: str, *, image: bool = False) -> bool:
    """True for javascript:, vbscript: and data: URLs, except raster data: images when `image`."""
    scheme = url_scheme(url)
    if scheme not in _BAD_SCHEMES:
        return False
    if scheme == "data" and image:
        cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_C0_OR_SPACE)).casefold()
        return not _SAFE_DATA_IMAGE.match(cleaned)
    return True


def _local(name: str) -> str:
    # {namespace}local from html5lib, or prefix:local as written: in an XML reading of the
    # same markup (Atom XHTML content) <h:script> is a script and xlink:href a link.
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


class _Allowed(NamedTuple):
    script_srcs: frozenset[str]
    json_ld: bool
    form_actions: frozenset[str]


def _check_tree(root: ET.Element, allowed: _Allowed) -> Iterator[str]:
    for element in root.iter():
        if element.tag is ET.Comment:
            yield from _check_comment(element.text or "", allowed.script_srcs)
            continue
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        attrs = {_local(name): value for name, value in element.attrib.items()}
        yield from _check_element(tag, attrs, element, allowed)
        for name, value in attrs.items():
            yield from _check_attribute(tag, name, value)


def _matches(value: str | None, patterns: frozenset[str]) -> bool:
    return value is not None and any(re.fullmatch(p, value) for p in patterns)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _check_element(
    tag: str, attrs: dict[str, str], element: ET.Element, allowed: _Allowed
) -> Iterator[str]:
    if tag in _FORBIDDEN_ELEMENTS:
        inline = "".join(element.itertext()).strip()
        if tag == "script" and not inline and _matches(attrs.get("src"), allowed.script_srcs):
            return
        if (
            tag == "script"
            and allowed.json_ld
            and not attrs.get("src")
            and attrs.get("type", "").strip().lower() == "application/ld+json"
            and _is_json(inline)
        ):
            return
        if (
            tag == "form"
            and _matches(attrs.get("action"), allowed.form_actions)
            and attrs.get("method", "get").strip().lower() == "get"
        ):
            return
        yield f"<{tag}> element"
    elif tag == "meta" and attrs.get("http-equiv", "").strip().lower() in {"refresh", "set-cookie"}:
        yield f"<meta http-equiv={attrs['http-equiv']!r}>"
    elif tag == "link" and "import" in attrs.get("rel", "").lower().split():
        yield "<link rel=import>"
    elif tag == "style":
        yield from _check_css(f"<{tag}> element", "".join(element.itertext()))
    elif tag in _SVG_ANIMATIONS:
        yield from _check_animation(tag, attrs)


def _check_attribute(tag: str, name: str, value: str) -> Iterator[str]:
    where = f"{name} on <{tag}>"
    if name.startswith("on"):
        yield f"event handler {where}"
    elif name in {"srcdoc", "formaction"}:
        yield f"{where}"
    elif name in _URL_ATTRIBUTES:
        if is_bad_url(value, image=tag == "img" and name == "src"):
            yield f"script-capable URL in {where}: {value[:80]!r}"
    elif name in _SRCSET_ATTRIBUTES:
        for candidate in value.split(","):
            url = candidate.strip(_C0_OR_SPACE).split(" ")[0]
            if is_bad_url(url, image=tag == "img"):
                yield f"script-capable URL in {where}: {url[:80]!r}"
    elif name == "style":
        yield from _check_css(f"style attribute on <{tag}>", value)


def _check_css(where: str, css: str) -> Iterator[str]:
    decoded = _decode_css(css)
    danger = _CSS_DANGER.search(decoded)
    if danger:
        yield f"CSS {danger.group(0)!r} in {where}"
    for match in _CSS_URL.finditer(decoded):
        if is_bad_url(match.group(2), image=True):
            yield f"script-capable url() in {where}: {match.group(2)[:80]!r}"


def _decode_css(css: str) -> str:
    # Comments split keywords (expr/**/ession) and escapes spell them (\6a avascript).
    without_comments = _CSS_COMMENT.sub("", css)

    def unescape(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return "" if match.group(2) else match.group(3)

    return _CSS_ESCAPE.sub(unescape, without_comments)


def _check_animation(tag: str, attrs: dict[str, str]) -> Iterator[str]:
    target = attrs.get("attributename", "").strip().lower()
    if target.endswith("href") or target.startswith("on") or target in {"src", "style"}:
        yield f"SVG <{tag}> animating {target!r}"
    for name in ("values", "from", "to", "by"):
        for value in attrs.get(name, "").split(";"):
            if is_bad_url(value):
                yield f"SVG <{tag}> {name} holds a script-capable URL: {value[:80]!r}"


def _check_comment(text: str, allowed_script_srcs: frozenset[str]) -> Iterator[str]:
    # Legacy IE runs the markup inside conditional comments (<!--[if IE]>...<![endif]-->).
    if re.match(r"\s*\[if\b", text, re.IGNORECASE):
        inner = find_active_content(text, allowed_script_srcs=allowed_script_srcs)
        yield from (f"in a conditional comment: {problem}" for problem in inner)
