"""Writing files so that no reader ever sees half of one."""

from __future__ import annotations

import os
from pathlib import Path


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write through a temporary file in the same folder, then rename: never a partial file."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    # One writer per process: the pid makes the name unique without mkstemp's retries.
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        try:
            _write_new(tmp, data)
        except FileNotFoundError:  # the folder is missing (asking first costs every write)
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_new(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_new(path: Path, data: bytes) -> None:
    # os.open and os.write, not open(): no buffer object, no isatty, seek or fstat calls.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """`atomic_write` unless the file already holds exactly `data`, so its mtime stays;
    True when written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True
