"""The whole pipeline: demo sources -> content/ -> Pelican -> output/, checked page by page."""

from __future__ import annotations

from pathlib import Path

import feedparser
import html5lib

SEED_TITLE = "«بنتاغون»: لم نتلقَ طلباً روسيا لتنفيذ غارات مشتركة في سوريا"


def _html(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def test_contract_outputs_exist(built_site: Path) -> None:
    output = built_site / "output"
    for name in (
        "index.html",
        "digests/index.html",
        "digests/2016-W20/index.html",
        "feeds/all.atom.xml",
        "feeds/digests.atom.xml",
        "feeds/digests.rss.xml",
    ):
        assert (output / name).is_file(), name


def test_seed_article_page_has_title_date_and_body(built_site: Path) -> None:
    pages = list((built_site / "output" / "articles" / "2016").glob("*/index.html"))
    # The seed's own page, not another article linking to it under "more on this".
    tree = next(t for t in map(_html, pages) if t.find(".//h1").text == SEED_TITLE)
    assert tree.get("lang") == "ar" and tree.get("dir") == "rtl"
    assert tree.find(".//h1").text == SEED_TITLE
    assert tree.find(".//time").get("datetime") == "2016-05-20T09:05:00+03:00"
    text = "".join(tree.find(".//main").itertext())
    assert "الجمعة، ٢٠ مايو ٢٠١٦" in text
    assert "أعلنت وزارة الدفاع الأمريكية (بنتاغون)" in text
    assert "شهدت توترًا عقب ضمّ روسيا لشبه جزيرة القرم" in text
    body = "".join(next(d for d in tree.iter("div") if d.get("class") == "body").itertext())
    assert "كلمات مفتاحية" not in body and "المصدر |" not in body
    assert "روسيا توقف مؤقتا الضربات الجوية" not in body  # a related headline, not body


def test_seed_in_its_week_digest(built_site: Path) -> None:
    tree = _html(built_site / "output" / "digests" / "2016-W20" / "index.html")
    assert tree.get("lang") == "ar" and tree.get("dir") == "rtl"
    titles = ["".join(a.itertext()) for a in tree.iterfind(".//h3/a")]
    assert SEED_TITLE in titles
    text = "".join(tree.find(".//main").itertext())
    assert "أعلنت وزارة الدفاع الأمريكية (بنتاغون)" in text  # the summary
    assert "الجمعة، ٢٠ مايو ٢٠١٦" in text


def test_feeds_parse_back(built_site: Path) -> None:
    feeds = built_site / "output" / "feeds"
    articles = feedparser.parse((feeds / "all.atom.xml").read_bytes())
    assert not articles.bozo, articles.get("bozo_exception")
    assert SEED_TITLE in [e.title for e in articles.entries]
    assert articles.feed.get("language") == "ar" or articles.feed.title_detail.language == "ar"
    for name in ("digests.atom.xml", "digests.rss.xml"):
        digests = feedparser.parse((feeds / name).read_bytes())
        assert not digests.bozo, (name, digests.get("bozo_exception"))
        ids = [e.id for e in digests.entries]
        assert any(i.endswith(":digest/2016-W20") for i in ids), ids
        entry = next(e for e in digests.entries if e.id.endswith(":digest/2016-W20"))
        assert entry.link.startswith("http") and entry.link.endswith("/digests/2016-W20/")
        assert SEED_TITLE in entry.get("content", [{"value": entry.get("summary", "")}])[0]["value"]


def test_home_shows_latest_digest(built_site: Path) -> None:
    output = built_site / "output"
    latest = sorted(p.name for p in (output / "digests").iterdir() if p.is_dir())[-1]
    home = (output / "index.html").read_text(encoding="utf-8")
    assert f"<bdi>{latest}</bdi>" in home


def test_pelican_alone_builds_ingested_content(built_site: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            str(tmp_path / "out"),
        ],
        cwd=built_site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "digests" / "2016-W20" / "index.html").is_file()
