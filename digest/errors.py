"""The one exception type for bad input: it names the file (or feed) and the field."""

from __future__ import annotations

import os


class DigestError(Exception):
    """Bad input in one file or feed; its text is one line: `path: field: message`."""

    def __init__(self, path: str | os.PathLike[str] | None, message: str, field: str | None = None):
        self.path = str(path) if path is not None else None
        self.field = field
        self.message = " ".join(message.split())  # always one line
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.path, self.field, self.message) if p]
        return ": ".join(parts)
