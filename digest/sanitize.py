"""HTML allowlist and Markdown escaping (interim version)."""

from __future__ import annotations

import html as html_lib
import re

import nh3
from markdownify import markdownify

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape_markdown(text: str) -> str:
    """Plain text made literal in Markdown."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    return escaped.replace("<", "&lt;")


def clean_html(html: str, *, base_url: str | None = None) -> str:
    return nh3.clean(html, url_schemes={"http", "https", "mailto"})


def html_to_markdown(html: str, *, base_url: str | None = None) -> str:
    cleaned = clean_html(html, base_url=base_url)
    text = markdownify(cleaned, heading_style="ATX", bullets="-", escape_misc=True)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def sanitize_rendered(html: str) -> str:
    return nh3.clean(html, url_schemes={"http", "https", "mailto"})


def text_of(html: str) -> str:
    return html_lib.unescape(nh3.clean(html, tags=set()))
