"""Atomic writes, and writes that keep an unchanged file's bytes and mtime."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.files import atomic_write, write_if_changed


def test_write_if_changed_keeps_an_identical_file(tmp_path: Path) -> None:
    path = tmp_path / "a" / "page.html"
    assert write_if_changed(path, "نص") is True
    os.utime(path, ns=(1, 1))
    assert write_if_changed(path, "نص".encode()) is False
    assert path.stat().st_mtime_ns == 1
    assert write_if_changed(path, "نص آخر") is True
    assert path.read_text(encoding="utf-8") == "نص آخر"


def test_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.html"
    atomic_write(path, "old")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]
