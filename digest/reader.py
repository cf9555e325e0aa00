"""Pelican's Markdown reader, sanitizing what it renders and reusing one Markdown instance.

The HTML (the body and the formatted metadata: Summary, Note) is cleaned here, before Pelican's
reader cache stores it, so a rebuild neither renders
nor cleans an unchanged file again. Pelican builds a new `Markdown` (all extensions) for every
file, which costs more than converting a short article; one instance, reset between files,
gives the same output.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from digest.sanitize import sanitize_rendered

_shared: dict[str, Markdown] = {}


class DigestMarkdownReader(MarkdownReader):
    """Markdown to sanitized HTML, with Pelican's metadata handling unchanged."""

    def _markdown(self) -> Markdown:
        key = repr(self.settings["MARKDOWN"])
        md = _shared.get(key)
        if md is None:
            md = _shared[key] = Markdown(**self.settings["MARKDOWN"])
        else:
            md.reset()
            if "meta" not in md.preprocessors:  # Pelican removes it to render formatted fields
                md.preprocessors.register(MetaPreprocessor(md), "meta", 27)
        return md

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        self._md = self._markdown()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        for field in self.settings["FORMATTED_FIELDS"]:  # rendered from Markdown too
            if isinstance(metadata.get(field), str):
                metadata[field] = sanitize_rendered(metadata[field])
        return sanitize_rendered(content), metadata


def use_digest_reader(readers: Any) -> None:
    """`readers_init` receiver: our reader for every Markdown extension."""
    for extension in DigestMarkdownReader.file_extensions:
        if extension in readers.reader_classes:
            readers.reader_classes[extension] = DigestMarkdownReader
