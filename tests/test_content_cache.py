"""Finished articles and pages kept between builds: read back only while their file, the
plugin's code and the settings are unchanged, and never carrying the whole site with them."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build, copy_fixture_site
from test_incremental import same_as_clean_build

from digest import content_cache
from digest.cli import main
from digest.content_cache import KEEP_VERSIONS, cache_folder
from digest.files import atomic_write

ARTICLE = Path("content", "articles", "2016", "2016-05-15-sunday-late.md")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    site = copy_fixture_site(tmp_path / "site")
    (site / "content" / "pages").mkdir()
    (site / "content" / "pages" / "about.md").write_text(
        "Title: من نحن\nSlug: about\n\nموجز أسبوعي.\n", encoding="utf-8"
    )
    build(site)
    return site


def content_caches(site: Path) -> list[Path]:
    return sorted((site / ".digest-cache" / "pelican").glob("content-*/*Generator"))


def test_rebuild_reads_objects_from_the_cache(built: Path) -> None:
    caches = content_caches(built)
    assert [p.name for p in caches] == ["ArticlesGenerator", "PagesGenerator"]
    # Pelican knows a file by its mtime: a new title under the old mtime is not seen, which
    # shows the article came from the cache and was not read again.
    path = built / ARTICLE
    stamp = path.stat().st_mtime_ns
    path.write_text(
        path.read_text(encoding="utf-8").replace("قمة الناتو", "قمة أخرى"), encoding="utf-8"
    )
    os.utime(path, ns=(stamp, stamp))
    build(built)
    page = built / "output" / "articles" / "2016" / "nato-russia" / "index.html"
    assert "قمة الناتو تبحث العلاقات مع روسيا" in page.read_text(encoding="utf-8")


def test_a_page_is_cached_without_the_site(built: Path) -> None:
    pages_cache = next(p for p in content_caches(built) if p.name == "PagesGenerator")
    data = b"".join(p.read_bytes() for p in pages_cache.with_name("PagesGenerator.d").iterdir())
    assert "من نحن".encode() in data
    # The build's context holds every article; a pickled page must not carry it along.
    assert "قمة الناتو تبحث العلاقات مع روسيا".encode() not in data
    assert b"SITENAME" not in data  # nor the settings


def test_an_unchanged_site_rewrites_no_cache(built: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in content_caches(built)}
    build(built)
    assert {p: p.stat().st_mtime_ns for p in content_caches(built)} == before


def test_an_edited_article_is_read_again(built: Path, tmp_path: Path) -> None:
    path = built / ARTICLE
    path.write_text(
        path.read_text(encoding="utf-8").replace("في بروكسل", "في العاصمة البلجيكية"),
        encoding="utf-8",
    )
    stamp = path.stat().st_mtime
    os.utime(path, (stamp + 10, stamp + 10))  # a new mtime even on a coarse clock
    build(built)
    page = built / "output" / "articles" / "2016" / "nato-russia" / "index.html"
    assert "في العاصمة البلجيكية" in page.read_text(encoding="utf-8")
    same_as_clean_build(built, tmp_path)


def test_a_settings_change_makes_new_objects(built: Path, tmp_path: Path) -> None:
    with (built / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(
            '\nARTICLE_URL = "news/{slug}/"\nARTICLE_SAVE_AS = "news/{slug}/index.html"\n'
            "ARTICLE_LANG_URL = ARTICLE_URL\nARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS\n"
        )
    build(built)
    assert (built / "output" / "news" / "nato-russia" / "index.html").is_file()
    assert not (built / "output" / "articles").exists()
    assert len({p.parent for p in content_caches(built)}) == 2
    same_as_clean_build(built, tmp_path)


def test_cache_folder_names_the_settings_and_keeps_a_few(tmp_path: Path) -> None:
    def settings(**extra: object) -> dict[str, object]:
        return {"CACHE_PATH": str(tmp_path / "cache"), "SITEURL": "", **extra}

    first = cache_folder(settings())
    assert cache_folder(settings()) == first
    assert cache_folder(settings(CACHE_PATH=str(tmp_path / "cache"))) == first
    # A function in a setting counts by its name, not by where it sits in memory.
    assert cache_folder(settings(JINJA_FILTERS={"up": str.upper})) == cache_folder(
        settings(JINJA_FILTERS={"up": str.upper})
    )
    others = [cache_folder(settings(SITEURL=f"https://{n}.example")) for n in range(5)]
    assert len(set(others) | {first}) == 6
    kept = sorted(p for p in (tmp_path / "cache").iterdir())
    assert len(kept) == KEEP_VERSIONS
    assert others[-1] in kept and first not in kept


def test_an_interrupted_cache_write_leaves_a_usable_cache(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = next(p for p in content_caches(built) if p.name == "ArticlesGenerator").parent
    for n, article in enumerate(sorted((built / "content" / "articles").rglob("*.md"))):
        article.write_text(article.read_text(encoding="utf-8") + f"\nفقرة {n}.\n", "utf-8")
        os.utime(article, (article.stat().st_mtime + 10,) * 2)
    writes = []

    def interrupted(path: Path, data: bytes) -> None:
        if writes:
            raise KeyboardInterrupt  # as by Ctrl-C, after one part of the cache was replaced
        writes.append(path)
        atomic_write(path, data)

    monkeypatch.setattr(content_cache, "atomic_write", interrupted)
    args = ["build", "--no-ingest", "-s", str(built / "pelicanconf.py"), "-o", str(built / "out")]
    assert main(args) == 130
    monkeypatch.undo()
    assert writes and not list(folder.rglob(".*"))  # no temporary file left
    build(built)  # half old, half new: each entry still checked against its file's mtime
    same_as_clean_build(built, tmp_path)


def test_objects_loaded_from_the_cache_are_left_to_the_collector_after_the_build(
    built: Path,
) -> None:
    path = built / ARTICLE
    os.utime(path, (path.stat().st_mtime + 10,) * 2)  # so that this build runs
    build(built)  # loads the cache, and freezes what it loaded for the build's length
    assert gc.get_freeze_count() == 0


def test_a_process_that_built_skips_the_last_collection_at_exit() -> None:
    script = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"  # runs last
        "from digest import content_cache\n"
        "content_cache.install()\n"
        "content_cache.install()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout == "frozen True\n"


def test_a_moved_site_reads_its_files_again(built: Path, tmp_path: Path) -> None:
    """Settings hold absolute paths (PATH, THEME...): a moved site is another version."""
    moved = tmp_path / "moved"
    shutil.move(built, moved)  # mtimes kept
    path = moved / ARTICLE
    stamp = path.stat().st_mtime_ns
    path.write_text(
        path.read_text(encoding="utf-8").replace("قمة الناتو", "قمة أخرى"), encoding="utf-8"
    )
    os.utime(path, ns=(stamp, stamp))  # unseen by mtime, seen by reading the file again
    build(moved)
    page = moved / "output" / "articles" / "2016" / "nato-russia" / "index.html"
    assert "قمة أخرى تبحث العلاقات مع روسيا" in page.read_text(encoding="utf-8")
