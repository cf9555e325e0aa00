"""The benchmark corpus still builds with the project (no timings: the bench code must not rot)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from bench import corpus
from bench.runner import pelican_settings


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path / "a", 20)
    corpus.write_corpus(tmp_path / "b", 20)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    assert files_a == files_b
    assert all(
        (tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in files_a
    )


def test_corpus_builds_with_the_project(tmp_path: Path) -> None:
    from pelican import Pelican

    written = corpus.write_corpus(tmp_path / "content", 20)
    assert written["articles"] == 20 and written["notes"] >= 1
    output = tmp_path / "output"
    Pelican(pelican_settings("project", tmp_path / "content", output)).run()
    assert (output / "index.html").is_file()
    assert len(list((output / "articles").rglob("index.html"))) == 20
    assert list((output / "digests").glob("*/index.html"))
    assert (output / "feeds" / "all.atom.xml").is_file()


def test_saved_texts_and_feed_parse_as_generated(tmp_path: Path) -> None:
    from digest.feeds import parse_feed
    from digest.saved import read_saved

    tz = ZoneInfo("Asia/Riyadh")
    [path] = corpus.write_saved(tmp_path / "saved", 1)
    [story] = corpus.Generator(corpus.SEED + 2).stories(1)
    article = read_saved(path, tz=tz)
    assert (article.title, article.date) == (story.article.title, story.article.date)
    feed = corpus.write_feed(tmp_path / "feed.xml", 5)
    assert len(parse_feed(feed.read_bytes(), str(feed), tz=tz).articles) == 5


def test_feed_ingest_job(tmp_path: Path) -> None:
    from bench.runner import ingest_feed

    feed = corpus.write_feed(tmp_path / "feed.xml", 5)
    result = ingest_feed(str(feed), str(tmp_path / "content"))
    assert (result["items"], result["outcomes"], result["warnings"]) == (5, {"new": 5}, 0)
    assert len(list((tmp_path / "content" / "articles").rglob("*.md"))) == 5
