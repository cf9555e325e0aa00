"""A build is skipped only when nothing it reads changed since the last finished build and
everything that build wrote is still in place."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

import pytest
from conftest import build
from test_incremental import same_as_clean_build, snapshot

from digest import uptodate
from digest.cli import main
from digest.incremental import IncrementalWriter

NOTHING = "nothing changed since the last build"
ARTICLE = Path("content", "articles", "2016", "2016-05-15-sunday-late.md")


def skipped(site: Path, caplog: pytest.LogCaptureFixture) -> bool:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="digest.plugin"):
        build(site)
    return NOTHING in caplog.text


def test_unchanged_site_is_not_built_again(built: Path, caplog: pytest.LogCaptureFixture) -> None:
    before = snapshot(built / "output")
    assert skipped(built, caplog)
    assert snapshot(built / "output") == before


def test_a_touched_article_builds(built: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = built / ARTICLE
    os.utime(path, (path.stat().st_mtime + 5,) * 2)
    assert not skipped(built, caplog)
    assert skipped(built, caplog)


def test_theme_settings_and_notes_count(
    built: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    css = next((built / "theme" / "static").rglob("*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* v2 */\n", encoding="utf-8")
    assert not skipped(built, caplog)
    assert "/* v2 */" in next((built / "output" / "theme").rglob(css.name)).read_text("utf-8")
    with (built / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSITESUBTITLE = "عنوان فرعي آخر"\n')
    assert not skipped(built, caplog)
    note = built / "content" / "notes" / "2016-W20.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nسطر جديد.\n", encoding="utf-8")
    assert not skipped(built, caplog)
    assert skipped(built, caplog)
    same_as_clean_build(built, tmp_path)


def test_a_removed_output_file_is_written_again(
    built: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = built / "output" / "articles" / "2016" / "nato-russia" / "index.html"
    page.unlink()
    assert not skipped(built, caplog)
    assert page.is_file()


def test_a_failed_build_is_never_taken_for_a_finished_one(
    built: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = built / ARTICLE
    original, stamp = path.read_bytes(), path.stat().st_mtime_ns
    path.write_bytes(original.replace("روسيا".encode(), "موسكو".encode()))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(IncrementalWriter, "write_file", broken)
    args = [
        "build",
        "--no-ingest",
        "-s",
        str(built / "pelicanconf.py"),
        "-o",
        str(built / "output"),
    ]
    assert main(args) != 0
    monkeypatch.undo()
    path.write_bytes(original)  # the inputs are the last finished build's again...
    os.utime(path, ns=(stamp, stamp))
    assert not skipped(built, caplog)  # ...but the failed build may have left its mark


def test_future_dates_off_always_builds(built: Path, caplog: pytest.LogCaptureFixture) -> None:
    with (built / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nWITH_FUTURE_DATES = False\n")
    assert not skipped(built, caplog)
    assert not skipped(built, caplog)  # an article's date may have come since


def test_plugin_code_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = tmp_path / "my_plugin.py"
    plugin.write_text("def register():\n    pass\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("my_plugin")
    (tmp_path / "content").mkdir()
    settings = {"PATH": str(tmp_path / "content"), "THEME": str(tmp_path / "theme")}
    first = uptodate.input_stamp(settings, [module])
    assert uptodate.input_stamp(settings, [module]) == first
    plugin.write_text("def register():\n    print('changed')\n", encoding="utf-8")
    assert uptodate.input_stamp(settings, [module]) != first
    sys.modules.pop("my_plugin", None)
