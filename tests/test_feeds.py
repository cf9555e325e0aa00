"""Feed documents to records: conformance corpus, real Arabic feeds, encodings, hostile XML."""

from __future__ import annotations

import contextlib
import io
import json
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SHARED

from digest.cli import main
from digest.errors import DigestError
from digest.feeds import canonical_link, parse_feed

TZ = ZoneInfo("Asia/Riyadh")
CORPUS = SHARED / "corpora" / "feedparser-tests"
ARABIC = SHARED / "corpora" / "arabic-feeds"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".xml", ".json"))


def rss(items: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f'{declaration}<rss version="2.0"><channel><title>قناة</title><link>https://example.org/</link>{items}</channel></rss>'


@pytest.fixture(scope="module")
def parse_cwd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parse")
    (folder / "pelicanconf.py").write_text('PATH = "content"\nTIMEZONE = "Asia/Riyadh"\n')
    return folder


@pytest.mark.parametrize(
    "folder", sorted({p.parent for p in CORPUS_FILES}), ids=lambda p: str(p.relative_to(CORPUS))
)
def test_feedparser_corpus_gives_json_or_one_line_error(
    folder: Path, parse_cwd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(parse_cwd)
    for path in (p for p in CORPUS_FILES if p.parent == folder):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["parse", str(path), "--json"])
        if code == 0:
            records = json.loads(out.getvalue())
            assert isinstance(records, list), path
            for record in records:
                assert isinstance(record["title"], str) and "\ufffd" not in record["title"], path
        else:
            lines = err.getvalue().strip().splitlines()
            assert (
                code == 1 and len(lines) == 1 and lines[0].startswith(f"digest: error: {path}: ")
            ), (path, lines)


@pytest.mark.parametrize("name", ["01_nabdsharqi_rss.xml", "02_nabdsharqi_atom.xml"])
def test_real_arabic_feeds(name: str) -> None:
    expected = json.loads((ARABIC / "expected.json").read_text(encoding="utf-8"))[name]
    result = parse_feed((ARABIC / name).read_bytes(), name, tz=TZ)
    assert len(result.articles) == expected["entry_count"]
    first = result.articles[0]
    assert first.title == expected["first_entry"]["title"]
    assert first.link == expected["first_entry"]["link"]
    assert first.date.isoformat() == expected["first_entry"]["date"]  # its own offset kept
    assert [a.title for a in result.articles] == expected["all_titles"]
    assert first.sources == (expected["feed_title"],)
    assert first.lang == "ar"
    assert first.body and first.guid


def test_tracking_parameters_removed() -> None:
    url = "https://Example.org/news/1?utm_source=x&id=7&utm_medium=rss&fbclid=abc#top"
    assert canonical_link(url) == "https://example.org/news/1?id=7"
    assert canonical_link("javascript:alert(1)") is None


def test_relative_links_and_images_resolved_with_alt_text() -> None:
    description = (
        '&lt;p&gt;نص &lt;a href="/more"&gt;المزيد&lt;/a&gt;&lt;/p&gt;'
        '&lt;p&gt;&lt;img src="img/p.jpg" alt="صورة المؤتمر"&gt;&lt;/p&gt;'
    )
    item = f"<item><title>خبر</title><link>https://example.org/news/a/</link><description>{description}</description></item>"
    [article] = parse_feed(rss(item).encode(), "f.xml", tz=TZ).articles
    assert "[المزيد](https://example.org/more)" in article.body
    assert "![صورة المؤتمر](https://example.org/news/a/img/p.jpg)" in article.body


def test_categories_author_and_configured_source() -> None:
    item = (
        "<item><title>خبر</title><link>https://example.org/1?utm_campaign=z</link>"
        "<category>النفط</category><category>أوبك</category><author>محرر</author>"
        "<pubDate>Fri, 20 May 2016 09:05:00 GMT</pubDate><guid>id-1</guid></item>"
    )
    [article] = parse_feed(
        rss(item).encode(), "f.xml", tz=TZ, source="وكالة", theme="اقتصاد"
    ).articles
    assert article.keywords == ("النفط", "أوبك")
    assert article.sources == ("وكالة",) and article.theme == "اقتصاد"
    assert article.link == "https://example.org/1"
    assert article.date.isoformat() == "2016-05-20T09:05:00+00:00"
    assert article.guid == "id-1" and article.author == "محرر"


def test_arabic_date_string_in_a_feed() -> None:
    item = "<item><title>خبر</title><pubDate>الجمعة 20 مايو 2016 09:05 ص</pubDate></item>"
    [article] = parse_feed(rss(item).encode(), "f.xml", tz=TZ).articles
    assert article.date.isoformat() == "2016-05-20T09:05:00+03:00"


@pytest.mark.parametrize(
    "declaration", ['<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>', ""]
)
def test_windows_1256_mislabelled_or_unlabelled_comes_out_as_arabic(declaration: str) -> None:
    text = rss(
        "<item><title>ارتفاع أسعار النفط في الأسواق العالمية</title><description>تراجعت المخزونات الأمريكية للأسبوع الثالث</description></item>",
        declaration=declaration,
    )
    data = text.encode("cp1256")
    result = parse_feed(data, "legacy.xml", tz=TZ)
    assert result.articles[0].title == "ارتفاع أسعار النفط في الأسواق العالمية"
    assert any("legacy.xml" in w and "cp1256" in w for w in result.warnings)


@pytest.mark.parametrize("encoding", ["windows-1256", "iso-8859-6"])
def test_declared_legacy_encodings(encoding: str) -> None:
    text = rss(
        "<item><title>انتخابات بلدية في لبنان</title></item>",
        declaration=f'<?xml version="1.0" encoding="{encoding}"?>',
    )
    [article] = parse_feed(text.encode(encoding), "f.xml", tz=TZ).articles
    assert article.title == "انتخابات بلدية في لبنان"


def test_entity_expansion_is_refused_quickly() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>t</title><item><title>&i;</title></item></channel></rss>'
    started = time.process_time()
    try:
        result = parse_feed(bomb.encode(), "bomb.xml", tz=TZ)
        assert all(len(a.title) < 1000 for a in result.articles)
    except DigestError as exc:
        assert str(exc).startswith("bomb.xml: ")
    assert time.process_time() - started < 5  # a sanity bound: expansion would take minutes


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]><rss version="2.0"><channel><title>t</title><item><title>a &x; b</title><description>&x;</description></item></channel></rss>'
    try:
        result = parse_feed(xxe.encode(), "xxe.xml", tz=TZ)
    except DigestError:
        return
    assert all("TOP-SECRET" not in a.title + a.body for a in result.articles)


def test_size_cap() -> None:
    with pytest.raises(DigestError, match=r"^big.xml: too large: more than 100 bytes$"):
        parse_feed(b"<rss>" + b" " * 200 + b"</rss>", "big.xml", tz=TZ, max_bytes=100)


def test_not_a_feed_is_one_line() -> None:
    with pytest.raises(DigestError) as caught:
        parse_feed(b"<html><body>hello</body></html>", "page.xml", tz=TZ)
    assert str(caught.value).startswith("page.xml: not a feed")
    assert "\n" not in str(caught.value)


def test_feedparser_raising_becomes_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import feedparser

    def explode(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(feedparser, "parse", explode)
    with pytest.raises(
        DigestError, match=r"^x.xml: parse error: RecursionError: maximum recursion"
    ):
        parse_feed(rss("<item><title>a</title></item>").encode(), "x.xml", tz=TZ)
