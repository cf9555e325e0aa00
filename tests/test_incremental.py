"""Incremental builds: only pages whose inputs changed are written, and the result is byte for
byte a clean build's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import build


def snapshot(output: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(output)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def changed(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]} | (set(before) - set(after))


def same_as_clean_build(site: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".digest-cache"))
    build(clean)
    incremental = {k: v[0] for k, v in snapshot(site / "output").items()}
    assert incremental == {k: v[0] for k, v in snapshot(clean / "output").items()}


def test_nothing_changed_writes_nothing(built: Path) -> None:
    before = snapshot(built / "output")
    build(built)
    assert changed(before, snapshot(built / "output")) == set()


def test_one_new_article_rewrites_only_what_shows_it(built: Path, tmp_path: Path) -> None:
    before = snapshot(built / "output")
    (built / "content" / "articles" / "2016" / "2016-05-18-new.md").write_text(
        "Title: مقال جديد عن النفط\nDate: 2016-05-18T12:00:00+03:00\nSlug: new-oil\nTags: النفط\n"
        "Summary: ملخص.\n\nنص المقال الجديد.\n",
        encoding="utf-8",
    )
    build(built)
    after = snapshot(built / "output")
    assert changed(before, after) == {
        "articles/2016/new-oil/index.html",  # the article
        "articles/2016/oil-up/index.html",  # shares its keyword: "more on this" now lists it
        "digests/2016-W20/index.html",  # its week
        "index.html",  # the home page shows that week (the latest but one is not shown)
        "digests/index.html",  # the archive counts articles per week
        "themes/اقتصاد/index.html",  # its theme
        "tags/النفط/index.html",
        "tags.html",  # its tag, and the tag counts
        "archives.html",  # newest list page
        "feeds/all.atom.xml",
        "feeds/all.rss.xml",
        "feeds/digests.atom.xml",
        "feeds/digests.rss.xml",
        "feeds/themes/اقتصاد.atom.xml",
    } - {"index.html"} | ({"index.html"} if before["index.html"] != after["index.html"] else set())
    same_as_clean_build(built, tmp_path)


def test_edited_note_rewrites_its_digest(built: Path, tmp_path: Path) -> None:
    before = snapshot(built / "output")
    note = built / "content" / "notes" / "2016-W20.md"
    note.write_text(note.read_text(encoding="utf-8").replace("مقدمة", "تقديم"), encoding="utf-8")
    build(built)
    assert changed(before, snapshot(built / "output")) == {
        "digests/2016-W20/index.html",
        "feeds/digests.atom.xml",
        "feeds/digests.rss.xml",
    }
    same_as_clean_build(built, tmp_path)


def test_removed_article_leaves_no_page(built: Path, tmp_path: Path) -> None:
    (built / "content" / "articles" / "2016" / "2016-05-21-tech.md").unlink()
    build(built)
    assert not (built / "output" / "articles" / "2016" / "new-phone").exists()  # nor its folder
    same_as_clean_build(built, tmp_path)


def test_theme_change_rebuilds_everything(built: Path, tmp_path: Path) -> None:
    base = built / "theme" / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("<body", "<!-- v2 --><body"), encoding="utf-8"
    )
    build(built)
    pages = list((built / "output").rglob("*.html"))
    assert pages and all(
        "<!-- v2 -->" in p.read_text(encoding="utf-8") for p in pages if "pagefind" not in p.parts
    )
    same_as_clean_build(built, tmp_path)


def test_settings_change_rebuilds_everything(built: Path, tmp_path: Path) -> None:
    with (built / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSITENAME = "موجز آخر"\n')
    build(built)
    pages = [p for p in (built / "output").rglob("*.html")]
    assert all("موجز آخر" in p.read_text(encoding="utf-8") for p in pages)
    same_as_clean_build(built, tmp_path)


def test_list_pages_numbered_from_the_oldest(built: Path, tmp_path: Path) -> None:
    with (built / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nDEFAULT_PAGINATION = 2\n")
    build(built)
    output = built / "output"
    first = snapshot(output)
    pages = sorted(p for p in first if p.startswith("archives/page/"))
    assert pages == [
        "archives/page/1/index.html",
        "archives/page/2/index.html",
        "archives/page/3/index.html",
        "archives/page/4/index.html",
    ]
    (built / "content" / "articles" / "2016" / "2016-05-25-late.md").write_text(
        "Title: خبر متأخر\nDate: 2016-05-25T12:00:00+03:00\nSlug: late\nTags: لبنان\n\nنص.\n",
        encoding="utf-8",
    )
    build(built)
    archive_changes = {p for p in changed(first, snapshot(output)) if p.startswith("archives")}
    # Ten articles filled five pages; the eleventh starts page six (the landing page), page
    # five moves to its own address, page four gains a link to it; pages 1-3 stay as they were.
    assert archive_changes == {
        "archives.html",
        "archives/page/5/index.html",
        "archives/page/4/index.html",
    }
    same_as_clean_build(built, tmp_path)


def test_settings_change_removes_pages_at_old_addresses(built: Path, tmp_path: Path) -> None:
    assert (built / "output" / "tags").is_dir()
    with (built / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nTAG_URL = "topics/{slug}/"\nTAG_SAVE_AS = "topics/{slug}/index.html"\n')
    build(built)
    assert (built / "output" / "topics").is_dir()
    assert not (built / "output" / "tags").exists()
    same_as_clean_build(built, tmp_path)


def test_edited_body_updates_list_pages_showing_its_summary(built: Path, tmp_path: Path) -> None:
    path = built / "content" / "articles" / "2016" / "2016-05-18-plain.md"
    text = "Title: خبر بلا ملخص\nDate: 2016-05-18T12:00:00+03:00\nSlug: plain\nTags: النفط\n\n"
    path.write_text(text + "الفقرة الأولى كما كتبت.\n", encoding="utf-8")
    build(built)
    tag_page = built / "output" / "tags" / "النفط" / "index.html"
    assert "الفقرة الأولى كما كتبت" in tag_page.read_text(encoding="utf-8")
    path.write_text(text + "الفقرة الأولى بعد التصحيح.\n", encoding="utf-8")
    os.utime(path, (path.stat().st_mtime + 10,) * 2)
    build(built)
    assert "الفقرة الأولى بعد التصحيح" in tag_page.read_text(encoding="utf-8")
    same_as_clean_build(built, tmp_path)
