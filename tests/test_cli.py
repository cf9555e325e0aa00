"""The `digest` command: contracts of parse, ingest, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest.cli import main

DATA = Path(__file__).parent / "data"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "digest", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_parse_seed_json(site: Path) -> None:
    result = run("parse", str(DATA / "seed-khaleej.txt"), "--json", cwd=site)
    assert result.returncode == 0, result.stderr
    [record] = json.loads(result.stdout)
    assert record["title"] == "«بنتاغون»: لم نتلقَ طلباً روسيا لتنفيذ غارات مشتركة في سوريا"
    assert record["date"] == "2016-05-20T09:05:00+03:00"
    assert record["sources"] == ["الخليج الجديد", "الأناضول"]
    assert record["keywords"] == [
        "روسيا",
        "أمريكا",
        "غارات جوية",
        "سوريا",
        "جبهة النصرة",
        "الدولة الإسلامية",
    ]
    assert record["lang"] == "ar"
    assert len(record["related"]) == 7 and record["related"][0]["url"] is None
    assert set(record) >= {
        "title",
        "date",
        "lang",
        "sources",
        "keywords",
        "related",
        "link",
        "slug",
        "summary",
        "body",
    }
    assert not (site / "content" / "articles" / "2016").exists()  # parse writes nothing


def test_ingest_reports_each_item_and_is_idempotent(site: Path) -> None:
    first = run("ingest", str(DATA / "seed-khaleej.txt"), cwd=site)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("new: content/articles/2016/2016-05-20-")
    assert "digest: 1 items: 1 new" in first.stdout
    files = {p: p.read_bytes() for p in (site / "content").rglob("*.md")}
    second = run("ingest", str(DATA / "seed-khaleej.txt"), cwd=site)
    assert second.stdout.startswith("unchanged: ")
    assert {p: p.read_bytes() for p in (site / "content").rglob("*.md")} == files


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 4, "not text (binary or undecodable bytes)"),
    ],
)
def test_bad_file_is_one_line_and_the_rest_goes_through(
    site: Path, name: str, data: bytes, message: str
) -> None:
    inbox = site / "bad-inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(data)
    (inbox / "seed.txt").write_bytes((DATA / "seed-khaleej.txt").read_bytes())
    result = run("ingest", str(inbox), cwd=site)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("failed:")]
    assert failed == [f"failed: {inbox / name}: {message}"]
    assert "1 new" in result.stdout
    assert "Traceback" not in result.stderr


def test_build_survives_a_bad_saved_article(site: Path) -> None:
    (site / "inbox" / "broken.txt").write_bytes(b"")
    code = main(["build", "-s", str(site / "pelicanconf.py"), "-o", str(site / "output")])
    assert code == 1
    assert (site / "output" / "digests" / "2016-W20" / "index.html").is_file()


def test_usage_error_exits_2(site: Path) -> None:
    assert run("ingest", cwd=site).returncode == 2
    assert run("frobnicate", cwd=site).returncode == 2


def test_missing_settings_is_one_line(tmp_path: Path) -> None:
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "digest: error: pelicanconf.py: settings file not found (run from the site folder or pass -s)"
    )


def test_no_files_left_half_written(site: Path) -> None:
    run("ingest", str(DATA / "seed-khaleej.txt"), cwd=site)
    leftovers = [p for p in (site / "content").rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []
    assert os.listdir(site / "content" / "articles") == ["2016"]


def test_build_from_elsewhere_writes_only_in_the_site(site: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("build", "-s", str(site / "pelicanconf.py"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert list(elsewhere.iterdir()) == []
    assert (site / "output" / "index.html").is_file()
    assert (site / ".digest-cache").is_dir()
