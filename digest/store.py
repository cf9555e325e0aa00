"""`Article` <-> Markdown file in `content/`: atomic writes, editors' changes kept.

One file per article, `content/articles/<year>/<yyyy-mm-dd>-<slug>.md` (undated articles go to
`content/articles/undated/<slug>.md` as Pelican drafts). The header is Pelican metadata; the body
is Markdown.

Editors own the files. Each file records, in its `Ingested:` line, a short hash of every field as
ingestion last wrote it. A later ingest replaces a field only while it still holds that value:
a field an editor changed (a fixed title, new keywords) is kept, and fields ingestion never
writes (`Note:`, `Theme:` ...) are never touched. Delete the `Ingested:` line to freeze a file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from digest.arabic import one_line
from digest.errors import DigestError
from digest.files import atomic_write
from digest.records import Article, Link

# Metadata keys ingestion writes, in file order; "body" stands for the text after the header.
GENERATED_FIELDS = (
    "title",
    "date",
    "lang",
    "slug",
    "status",
    "tags",
    "source",
    "related",
    "link",
    "author",
    "guid",
    "theme",
    "summary",
    "body",
)
REPEATED_FIELDS = {"source", "related"}
_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):[ \t]*(?P<value>.*)$")
HASH_KEY = "ingested"


@dataclass
class StoredFile:
    """A Markdown file's header (ordered key/value pairs, keys as written) and body."""

    fields: list[tuple[str, str]]
    body: str

    def get(self, key: str) -> list[str]:
        return [v for k, v in self.fields if k.lower() == key]

    def first(self, key: str) -> str | None:
        values = self.get(key)
        return values[0] if values else None


def _field_hash(values: list[str] | str) -> str:
    text = "\n".join(values) if isinstance(values, list) else values
    if not text:  # a third of an article's fields are empty: a constant, not a hash each time
        return _EMPTY_HASH
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]


_EMPTY_HASH = hashlib.sha1(b"").hexdigest()[:8]


def _link_value(link: Link) -> str:
    return f"{link.title} | {link.url}" if link.url else link.title


def parse_link_value(value: str) -> Link:
    """`headline | https://...` (or a bare headline) back to a Link."""
    title, sep, url = value.rpartition(" | ")
    if sep and url.strip() and " " not in url.strip():
        return Link(title.strip(), url.strip())
    return Link(value.strip(), None)


def article_fields(article: Article) -> dict[str, list[str]]:
    """The metadata values ingestion writes for an article, each a list of one-line strings."""
    source_urls = {link.title: link.url for link in article.source_links}
    fields: dict[str, list[str]] = {
        "title": [article.title],
        "date": [article.date.isoformat()] if article.date else [],
        "lang": [article.lang],
        "slug": [article.slug],
        "status": [] if article.date else ["draft"],
        "tags": ["; ".join(k.replace(";", ",") for k in article.keywords)]
        if article.keywords
        else [],
        "source": [_link_value(Link(name, source_urls.get(name))) for name in article.sources],
        "related": [_link_value(r) for r in article.related],
        "link": [article.link] if article.link else [],
        "author": [article.author] if article.author else [],
        "guid": [article.guid] if article.guid else [],
        "theme": [article.theme] if article.theme else [],
        "summary": [article.summary] if article.summary else [],
    }
    # A newline in any value would start a new metadata line (Save_as:, Status: ...).
    return {k: [line for line in map(one_line, vs) if line] for k, vs in fields.items()}


def render_file(fields: list[tuple[str, str]], body: str) -> str:
    header = "\n".join(
        f"{key.capitalize() if key.islower() else key}: {value}" for key, value in fields
    )
    return f"{header}\n\n{body.strip()}\n"


def parse_file(text: str) -> StoredFile:
    """Split a Pelican Markdown file into its metadata header and its body."""
    fields: list[tuple[str, str]] = []
    lines = text.lstrip("\ufeff").split("\n")
    i = 0
    for i, line in enumerate(lines):  # noqa: B007 (i is used after the loop)
        match = _KEY_LINE.match(line)
        if match:
            fields.append((match["key"], match["value"].strip()))
        elif line.startswith("    ") and fields:  # a continuation line (Python-Markdown meta)
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {line.strip()}")
        else:
            break
    else:
        i = len(lines)
    return StoredFile(fields, "\n".join(lines[i:]).strip())


def read_file(path: Path) -> StoredFile:
    try:
        return parse_file(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DigestError(path, f"cannot read: {exc}") from exc


def read_header(path: Path) -> StoredFile:
    """Only the metadata header: enough to index a content folder without reading bodies."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = []
        for line in handle:
            if not line.strip():
                break
            head.append(line.rstrip("\n"))
    return parse_file("\n".join(head))


def merge(existing: StoredFile | None, article: Article) -> tuple[list[tuple[str, str]], str]:
    """The header and body to write: new values for fields ingestion still owns, the editor's
    values for fields the editor changed, and every other field of the editor untouched."""
    new = article_fields(article)
    new_body = article.body
    if existing is None:
        recorded: dict[str, str] = {}
        current: dict[str, list[str]] = {}
    else:
        raw = existing.first(HASH_KEY) or ""
        recorded = dict(item.split("=", 1) for item in raw.split() if "=" in item)
        current = {key: existing.get(key) for key in GENERATED_FIELDS if key != "body"}
        current["body"] = [existing.body]

    def owned(key: str) -> bool:
        # Ingestion owns a field it never wrote (new file) or that still holds what it wrote.
        if existing is None:
            return True
        if existing.first(HASH_KEY) is None:
            return False  # a file without the line is frozen
        return recorded.get(key) == _field_hash(current.get(key, []))

    chosen: dict[str, list[str]] = {}
    for key in GENERATED_FIELDS:
        value = [new_body] if key == "body" else new[key]
        chosen[key] = value if owned(key) else current.get(key, [])
    hashes = " ".join(f"{key}={_field_hash(chosen[key])}" for key in GENERATED_FIELDS if owned(key))
    fields = [(k, v) for k in GENERATED_FIELDS if k != "body" for v in chosen[k]]
    if existing is not None:  # the editor's own fields (Note:, Theme: ...) stay, in place order
        fields += [
            (k, v)
            for k, v in existing.fields
            if k.lower() not in GENERATED_FIELDS and k.lower() != HASH_KEY
        ]
    if existing is None or existing.first(HASH_KEY) is not None:
        fields.append(("Ingested", hashes))
    return fields, chosen["body"][0] if chosen["body"] else ""


def article_path(root: Path, article: Article) -> Path:
    """Where an article's file lives under the articles folder."""
    if article.date:
        return root / f"{article.date:%Y}" / f"{article.date:%Y-%m-%d}-{article.slug}.md"
    return root / "undated" / f"{article.slug}.md"


def iter_article_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*.md") if not p.name.startswith("."))


def write_article(path: Path, article: Article) -> str:
    """Write or update one article file; returns "new", "updated" or "unchanged"."""
    return save_article(path, article)[0]


def save_article(path: Path, article: Article) -> tuple[str, StoredFile]:
    """`write_article`, also returning the header as written (callers index it)."""
    existing = read_file(path) if path.exists() else None
    fields, body = merge(existing, article)
    text = render_file(fields, body)
    header = StoredFile(fields, "")
    if existing is not None and path.read_text(encoding="utf-8") == text:
        return "unchanged", header
    atomic_write(path, text)
    return ("new" if existing is None else "updated"), header


def stored_article(stored: StoredFile, path: Path) -> Article:
    """Rebuild the record a file holds (the round trip of `write_article`)."""
    date_text = stored.first("date")
    tags = stored.first("tags") or ""
    sources = [parse_link_value(v) for v in stored.get("source")]
    return Article(
        title=stored.first("title") or "",
        body=stored.body,
        date=datetime.fromisoformat(date_text) if date_text else None,
        lang=stored.first("lang") or "ar",
        sources=tuple(s.title for s in sources),
        source_links=tuple(s for s in sources if s.url),
        keywords=tuple(k.strip() for k in tags.split(";") if k.strip()),
        related=tuple(parse_link_value(v) for v in stored.get("related")),
        link=stored.first("link"),
        slug=stored.first("slug") or path.stem,
        summary=stored.first("summary") or "",
        author=stored.first("author"),
        guid=stored.first("guid"),
        theme=stored.first("theme"),
        origin=str(path),
    )
