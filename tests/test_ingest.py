"""Ingestion into content/: deduplication, merging outlets, editors' changes, hostile titles."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from conftest import run_on_workers

from digest.ingest import ingest
from digest.settings import read_settings
from digest.store import read_file

FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}</title>{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>
<pubDate>Fri, 20 May 2016 09:05:00 +0300</pubDate><description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"""
STORY = "أعلنت وزارة الدفاع الأمريكية اليوم الجمعة أنها لم تتلق طلبا روسيا بتنفيذ غارات جوية مشتركة مع التحالف الدولي في سوريا"


def write_feed(folder: Path, name: str, outlet: str, *items: dict[str, str]) -> Path:
    path = folder / name
    path.write_text(
        FEED.format(outlet=outlet, items="".join(ITEM.format(**i) for i in items)), encoding="utf-8"
    )
    return path


def articles(site: Path) -> list[Path]:
    return sorted((site / "content" / "articles").rglob("*.md"))


@pytest.fixture
def settings(site: Path) -> dict:
    return read_settings(site / "pelicanconf.py")


def test_same_entry_again_updates_never_duplicates(
    site: Path, settings: dict, tmp_path: Path
) -> None:
    item = {"title": "خبر أول", "link": "https://a.example/1", "guid": "g1", "text": STORY}
    feed = write_feed(tmp_path, "a.xml", "المصدر أ", item)
    assert ingest([str(feed)], settings).counts() == {"new": 1}
    assert ingest([str(feed)], settings).counts() == {"unchanged": 1}
    write_feed(tmp_path, "a.xml", "المصدر أ", {**item, "text": STORY + " وأضافت الوزارة"})
    assert ingest([str(feed)], settings).counts() == {"updated": 1}
    [path] = articles(site)
    assert "وأضافت الوزارة" in read_file(path).body


def test_same_story_from_two_outlets_is_one_article_with_both(
    site: Path, settings: dict, tmp_path: Path
) -> None:
    first = write_feed(
        tmp_path,
        "a.xml",
        "وكالة الأناضول",
        {
            "title": "بنتاغون: لم نتلقَّ طلباً روسياً",
            "link": "https://a.example/1",
            "guid": "a1",
            "text": STORY,
        },
    )
    second = write_feed(
        tmp_path,
        "b.xml",
        "الخليج الجديد",
        {
            "title": "بنتاغون: لم نتلق طلبا روسيا",
            "link": "https://b.example/x",
            "guid": "b9",
            "text": STORY,
        },
    )
    report = ingest([str(first), str(second)], settings)
    assert [o.status for o in report.outcomes] == ["new", "merged"]
    [path] = articles(site)
    stored = read_file(path)
    assert stored.get("source") == [
        "وكالة الأناضول | https://a.example/1",
        "الخليج الجديد | https://b.example/x",
    ]


def test_near_identical_text_under_another_title_is_merged(
    site: Path, settings: dict, tmp_path: Path
) -> None:
    first = write_feed(
        tmp_path,
        "a.xml",
        "أ",
        {
            "title": "واشنطن تنفي تلقي طلب موسكو",
            "link": "https://a.example/1",
            "guid": "a1",
            "text": STORY,
        },
    )
    second = write_feed(
        tmp_path,
        "b.xml",
        "ب",
        {
            "title": "البنتاغون يرد على العرض الروسي",
            "link": "https://b.example/2",
            "guid": "b2",
            "text": STORY.replace("الأمريكية", "الأمريكيّة").replace("سوريا", "سوريا."),
        },
    )
    third = write_feed(
        tmp_path,
        "c.xml",
        "ج",
        {
            "title": "أسعار النفط ترتفع",
            "link": "https://c.example/3",
            "guid": "c3",
            "text": "ارتفعت أسعار النفط في الأسواق العالمية مع تراجع المخزونات",
        },
    )
    report = ingest([str(first), str(second), str(third)], settings)
    assert [o.status for o in report.outcomes] == ["new", "merged", "new"]
    assert len(articles(site)) == 2


def test_editor_changes_survive_reingest(site: Path, settings: dict, tmp_path: Path) -> None:
    item = {"title": "عنوان بخطأ", "link": "https://a.example/1", "guid": "g1", "text": STORY}
    feed = write_feed(tmp_path, "a.xml", "أ", item)
    ingest([str(feed)], settings)
    [path] = articles(site)
    text = path.read_text(encoding="utf-8")
    text = text.replace("Title: عنوان بخطأ", "Title: عنوان صححه المحرر").replace(
        "\n\n", "\nNote: خبر مهم\n\n", 1
    )
    path.write_text(text, encoding="utf-8")
    write_feed(tmp_path, "a.xml", "أ", {**item, "text": STORY + " تحديث"})
    assert ingest([str(feed)], settings).counts() == {"updated": 1}
    stored = read_file(path)
    assert stored.first("title") == "عنوان صححه المحرر"  # the editor's value kept
    assert stored.first("note") == "خبر مهم"  # the editor's own field kept
    assert "تحديث" in stored.body  # fields the editor did not touch follow the source
    assert ingest([str(feed)], settings).counts() == {"unchanged": 1}


@pytest.mark.parametrize(
    "title",
    [
        "",
        "...",
        "؟!",
        "ـــــَُِ",
        "😀😀😀",
        "\u200b\u200f\u202e",
        "../../etc/passwd",
        "..",
        "-rf",
        ".hidden",
        "a\\b/c\x00d",
        "\u202eevil.exe",
        "x" * 600,
        "عنوان " * 100,
    ],
)
def test_hostile_titles_get_safe_file_names(
    site: Path, settings: dict, tmp_path: Path, title: str
) -> None:
    from xml.sax.saxutils import escape

    safe_title = escape(title.replace("\x00", ""))
    feed = write_feed(
        tmp_path,
        "h.xml",
        "أ",
        {"title": safe_title, "link": "https://a.example/h", "guid": "h", "text": STORY},
    )
    report = ingest([str(feed)], settings)
    assert report.failed == 0, report.outcomes
    [path] = articles(site)
    name = path.name
    assert site / "content" / "articles" in path.parents
    assert not name.startswith((".", "-")) and len(name.encode()) < 255
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name)
    assert "/" not in name and "\\" not in name


def test_same_text_nfc_and_nfd_titles_different_articles_never_share_a_file(
    site: Path, settings: dict, tmp_path: Path
) -> None:
    title = "إعلان نتائج الانتخابات"
    nfd = unicodedata.normalize("NFD", title)
    first = write_feed(
        tmp_path,
        "a.xml",
        "أ",
        {"title": title, "link": "https://a.example/1", "guid": "a1", "text": STORY},
    )
    other_story = "أعلنت اللجنة العليا للانتخابات في لبنان النتائج الرسمية للمرحلة الأولى من الانتخابات البلدية"
    item = {"title": nfd, "link": "https://b.example/2", "guid": "b2", "text": other_story}
    second_text = FEED.format(
        outlet="ب", items=ITEM.format(**item).replace("Fri, 20 May 2016", "Fri, 03 Jun 2016")
    )
    second = tmp_path / "b.xml"
    second.write_text(second_text, encoding="utf-8")
    report = ingest([str(first), str(second)], settings)
    assert [o.status for o in report.outcomes] == ["new", "new"]
    paths = articles(site)
    assert len(paths) == 2 and len({read_file(p).first("slug") for p in paths}) == 2


def test_a_killed_write_leaves_no_partial_file(
    site: Path, settings: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = write_feed(
        tmp_path,
        "a.xml",
        "أ",
        {"title": "خبر", "link": "https://a.example/1", "guid": "g", "text": STORY},
    )

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as if the run were stopped between write and rename

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(feed)], settings)
    leftovers = [p for p in (site / "content" / "articles").rglob("*") if p.is_file()]
    assert leftovers == []


def test_undated_article_is_a_draft_with_a_warning(
    site: Path, settings: dict, tmp_path: Path
) -> None:
    saved = tmp_path / "undated.txt"
    saved.write_text(
        "عنوان خبر بلا تاريخ\n\nفقرة أولى من الخبر تكفي ليكون له متن مفهوم.\n", encoding="utf-8"
    )
    report = ingest([str(saved)], settings)
    assert report.counts() == {"new": 1}
    assert report.warnings == [f"{saved}: date: no date found; stored as a draft to be dated"]
    [path] = articles(site)
    assert path.parent.name == "undated" and read_file(path).first("status") == "draft"


def test_saved_articles_get_a_stable_guid(site: Path, settings: dict) -> None:
    seed = Path(__file__).parent / "data" / "seed-khaleej.txt"
    ingest([str(seed)], settings)
    [path] = articles(site)
    guid = read_file(path).first("guid")
    assert guid and guid.startswith("urn:digest:")
    path.unlink()
    ingest([str(seed)], settings)  # the same source again gives the same id
    assert read_file(articles(site)[0]).first("guid") == guid


# Entries that take every path through conversion and storing: skipped (no title, no text),
# undated (a draft and a warning), the same entry twice, one story from a second outlet,
# hostile and relative HTML, a hostile title.
TRICKY_ITEMS = """
<item><title></title><description></description></item>
<item><title>خبر بلا تاريخ</title><link>https://t.example/undated</link>
<description>&lt;p&gt;فقرة من خبر لم يذكر تاريخه&lt;/p&gt;</description></item>
<item><title>بنتاغون: لم نتلق طلبا روسيا</title><link>https://t.example/1?utm_source=x</link>
<guid>t1</guid><pubDate>Fri, 20 May 2016 09:05:00 +0300</pubDate>
<description>&lt;p&gt;{story}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;
&lt;a href="javascript:alert(1)"&gt;رابط&lt;/a&gt; &lt;a href="/rel"&gt;نسبي&lt;/a&gt;</description></item>
<item><title>بنتاغون: لم نتلقَّ طلباً روسياً</title><link>https://u.example/2</link>
<guid>u2</guid><pubDate>Fri, 20 May 2016 10:00:00 +0300</pubDate>
<description>&lt;p&gt;{story}&lt;/p&gt;</description></item>
<item><title>بنتاغون: لم نتلق طلبا روسيا</title><link>https://t.example/1</link>
<guid>t1</guid><pubDate>Fri, 20 May 2016 09:05:00 +0300</pubDate>
<description>&lt;p&gt;{story} وأضافت الوزارة&lt;/p&gt;</description></item>
<item><title>../../etc/passwd &lt;b&gt;عنوان&lt;/b&gt;</title><link>https://t.example/3</link>
<pubDate>Sat, 21 May 2016 08:00:00 +0300</pubDate><description>نص عادي *ليس* markdown</description></item>
"""


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_feed_converted_on_workers_writes_the_same_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import corpus
    from tests.conftest import copy_site

    feed = corpus.write_feed(tmp_path / "feed.xml", 150)
    text = feed.read_text(encoding="utf-8")
    cut = text.index("<item>", len(text) // 2)  # the tricky entries go in the middle
    feed.write_text(text[:cut] + TRICKY_ITEMS.format(story=STORY) + text[cut:], encoding="utf-8")

    def ingest_into(name: str) -> tuple[Path, list[tuple[str, str, str]], list[str]]:
        site = copy_site(tmp_path / name)
        report = ingest([str(feed)], read_settings(site / "pelicanconf.py"))
        content = site / "content"
        outcomes = [
            (o.status, str(o.path.relative_to(content)) if o.path else "", o.message)
            for o in report.outcomes
        ]
        return content, outcomes, report.warnings

    serial = ingest_into("serial")
    used = run_on_workers(monkeypatch, chunk=7)
    pooled = ingest_into("pooled")

    assert used == [2]
    assert pooled[1:] == serial[1:]  # outcomes and warnings, in the same order
    statuses = {status for status, _, _ in serial[1]}
    assert statuses == {"new", "updated", "merged"}
    assert any("no title and no text" in w for w in serial[2])
    assert any("no date found" in w for w in serial[2])
    files = sorted(p.relative_to(serial[0]) for p in serial[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(pooled[0]) for p in pooled[0].rglob("*") if p.is_file())
    assert len(files) > 150
    for name in files:
        assert (pooled[0] / name).read_bytes() == (serial[0] / name).read_bytes(), name
