"""Article <-> Markdown file: the round trip through Pelican's own reader."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pelican.readers import Readers
from pelican.settings import DEFAULT_CONFIG

from digest.records import Article, Link
from digest.store import article_path, read_file, stored_article, write_article

ARTICLE = Article(
    title="«بنتاغون»: لم نتلقَ طلباً روسيا",
    body="فقرة أولى.\n\nفقرة ثانية مع \\*نجمة\\*.",
    date=datetime.fromisoformat("2016-05-20T09:05:00+03:00"),
    lang="ar",
    sources=("الخليج الجديد", "الأناضول"),
    source_links=(Link("الأناضول", "https://aa.com.tr/ar/1"),),
    keywords=("روسيا", "غارات جوية", "أ;ب"),
    related=(Link("عنوان ذو صلة", None), Link("عنوان | بخط", "https://example.org/x")),
    link="https://example.org/a?id=1",
    slug="pentagon",
    summary="فقرة أولى.",
    guid="urn:digest:1",
)


def test_round_trip_through_our_reader(tmp_path: Path) -> None:
    path = article_path(tmp_path, ARTICLE)
    assert path == tmp_path / "2016" / "2016-05-20-pentagon.md"
    assert write_article(path, ARTICLE) == "new"
    back = stored_article(read_file(path), path)
    assert back.with_changes(origin="") == ARTICLE.with_changes(
        keywords=("روسيا", "غارات جوية", "أ,ب")
    )


def test_round_trip_through_pelican(tmp_path: Path) -> None:
    path = article_path(tmp_path, ARTICLE)
    write_article(path, ARTICLE)
    settings = {**DEFAULT_CONFIG, "PATH": str(tmp_path), "CACHE_CONTENT": False}
    content = Readers(settings).read_file(str(tmp_path), str(path.relative_to(tmp_path)))
    meta = content.metadata
    assert meta["title"] == ARTICLE.title
    assert meta["date"].isoformat() == "2016-05-20T09:05:00+03:00"
    assert [str(t) for t in meta["tags"]] == ["روسيا", "غارات جوية", "أ,ب"]
    assert meta["source"] == ["الخليج الجديد", "الأناضول | https://aa.com.tr/ar/1"]
    assert meta["related"] == ["عنوان ذو صلة", "عنوان | بخط | https://example.org/x"]
    assert meta["slug"] == "pentagon" and meta["link"] == ARTICLE.link
    assert "<p>فقرة ثانية مع *نجمة*.</p>" in content.content


def test_rewrite_is_byte_identical(tmp_path: Path) -> None:
    path = article_path(tmp_path, ARTICLE)
    write_article(path, ARTICLE)
    before = path.read_bytes()
    assert write_article(path, ARTICLE) == "unchanged"
    assert path.read_bytes() == before


def test_file_without_ingested_line_is_frozen(tmp_path: Path) -> None:
    path = article_path(tmp_path, ARTICLE)
    write_article(path, ARTICLE)
    text = "\n".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("Ingested:")
    )
    path.write_text(text + "\n", encoding="utf-8")
    assert write_article(path, ARTICLE.with_changes(title="عنوان جديد", body="متن جديد")) in (
        "unchanged",
        "updated",
    )
    assert read_file(path).first("title") == ARTICLE.title
    assert read_file(path).body.startswith("فقرة أولى.")
