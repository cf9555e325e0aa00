"""`digest note` and `digest check` on the fixture site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest.cli import main

FIXTURE = Path(__file__).parent / "data" / "site"


@pytest.fixture
def fixture_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.rmtree(site / "content")
    shutil.copytree(FIXTURE / "content", site / "content")
    monkeypatch.chdir(site)
    return site


def test_note_writes_a_starter_once(fixture_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["note", "2016-W21"]) == 0
    note = fixture_site / "content" / "notes" / "2016-W21.md"
    assert capsys.readouterr().out.strip() == f"new: {note.relative_to(fixture_site)}"
    text = note.read_text(encoding="utf-8")
    assert text.startswith("Title: موجز الأسبوع 2016-W21\nWeek: 2016-W21\n")
    assert "lebanon-elections | انتخابات بلدية في لبنان" in text
    note.write_text(text + "\nكتب المحرر هنا.\n", encoding="utf-8")
    assert main(["note", "2016-W21"]) == 0
    assert "never overwritten" in capsys.readouterr().out
    assert note.read_text(encoding="utf-8").endswith("كتب المحرر هنا.\n")


def test_note_rejects_a_bad_week_id(fixture_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["note", "2016-20"]) == 1
    assert capsys.readouterr().err.strip().startswith("digest: error: 2016-20: not a week id")


def test_check_clean_site_exits_0(fixture_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "digest: 0 errors, 1 warnings"
    assert all(line.startswith("warning: ") and ": related: " in line for line in out[:-1])


def test_check_reports_every_problem(
    fixture_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = fixture_site / "content" / "articles" / "2016"
    (articles / "x-no-title.md").write_text(
        "Date: 2016-05-20\nSlug: pentagon\n\nنص\n", encoding="utf-8"
    )
    (articles / "y-no-date.md").write_text(
        "Title: بلا تاريخ\nSlug: no-date\n\nنص\n", encoding="utf-8"
    )
    notes = fixture_site / "content" / "notes"
    (notes / "2016-W20.md").write_text(
        "Title: t\nFeatured: مقال غير موجود\n\nنص\n", encoding="utf-8"
    )
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"error: {articles / 'x-no-title.md'}: title: missing" in out
    assert (
        f"error: {articles / 'y-no-date.md'}: date: missing (the article stays a draft until dated)"
        in out
    )
    assert any(
        line.startswith("error: ") and "slug: 'pentagon' is used by 2 articles" in line
        for line in out
    )
    assert f"error: {notes / '2016-W20.md'}: featured: no article named 'مقال غير موجود'" in out
    assert out[-1] == "digest: 4 errors, 1 warnings"
