"""The digest plugin on a fixture site (tests/data/site): weeks, themes, notes, related links,
feeds, all through a real Pelican build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import html5lib
import pytest
from conftest import copy_site

from digest.build import pelican_settings, run_pelican

FIXTURE = Path(__file__).parent / "data" / "site"
THEMES = """
DIGEST_THEMES = {
    "سياسة": ["روسيا", "الناتو", "انتخابات"],
    "اقتصاد": ["النفط", "أوبك"],
    "رياضة": ["كرة القدم", "الدوري"],
}
"""


def build(site: Path, output: Path, **overrides) -> Path:
    run_pelican(pelican_settings(site / "pelicanconf.py", OUTPUT_PATH=str(output), **overrides))
    return output


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's settings and theme over the fixture site's content and notes."""
    site = copy_site(tmp_path_factory.mktemp("fixture") / "site")
    shutil.rmtree(site / "content")
    shutil.copytree(FIXTURE / "content", site / "content")
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(THEMES)
    return site


@pytest.fixture(scope="module")
def output(fixture_site: Path) -> Path:
    return build(fixture_site, fixture_site / "output")


def page(output: Path, name: str):
    return html5lib.parse((output / name).read_text(encoding="utf-8"), namespaceHTMLElements=False)


def sections(tree) -> dict[str, list[str]]:
    found = {}
    for section in tree.iter("section"):
        heading = section.find("h2")
        if heading is not None:
            found["".join(heading.itertext()).strip()] = [
                "".join(a.itertext()) for a in section.iterfind(".//h3/a")
            ]
    return found


def test_weeks_turn_at_local_midnight_on_the_start_day(output: Path) -> None:
    # Sunday 23:30 (Riyadh) is week 19; Monday 00:10 is week 20.
    w19 = sections(page(output, "digests/2016-W19/index.html"))
    assert [t for titles in w19.values() for t in titles] == ["قمة الناتو تبحث العلاقات مع روسيا"]
    w20 = sections(page(output, "digests/2016-W20/index.html"))
    assert "أسعار النفط ترتفع مع تراجع المخزونات" in w20["اقتصاد"]
    assert (output / "digests" / "2016-W21" / "index.html").is_file()


def test_themes_keyword_sections_and_catchall(output: Path) -> None:
    w20 = sections(page(output, "digests/2016-W20/index.html"))
    assert list(w20) == ["مختارات المحررين", "اقتصاد", "رياضة", "صحة", "متفرقات"]
    assert w20["رياضة"] == ["الأهلي يفوز بالدوري"]
    assert sorted(w20["صحة"]) == ["دراسة جديدة عن المشي والقلب", "دراسة: قلة النوم تضر بالقلب"]
    assert w20["متفرقات"] == ["إطلاق هاتف جديد"]


def test_note_featured_and_excluded(output: Path) -> None:
    tree = page(output, "digests/2016-W20/index.html")
    assert tree.find(".//h1").text == "أسبوع روسيا والنفط"
    note = next(s for s in tree.iter("section") if s.get("class") == "digest-note")
    assert "".join(note.itertext()).strip() == "مقدمة المحررين لهذا الأسبوع."
    assert note.find(".//strong").text == "المحررين"
    featured = sections(tree)["مختارات المحررين"]
    assert featured == ["«بنتاغون»: لم نتلقَ طلباً روسيا لتنفيذ غارات مشتركة في سوريا"]
    text = (output / "digests/2016-W20/index.html").read_text(encoding="utf-8")
    assert "خبر مستبعد من الموجز" not in text
    assert "خبر <strong>مهم</strong> للأسبوع." in text  # the article's own note, beside it


def test_previous_and_next_weeks_are_linked(output: Path) -> None:
    tree = page(output, "digests/2016-W20/index.html")
    links = {
        a.get("rel"): a.get("href") for a in tree.iter("a") if a.get("rel") in ("prev", "next")
    }
    assert links == {"prev": "../../digests/2016-W19/", "next": "../../digests/2016-W21/"}


def test_related_headlines_resolved(output: Path) -> None:
    tree = page(output, "articles/2016/pentagon/index.html")
    related = next(s for s in tree.iter("section") if s.get("class") == "related")
    links = [
        (
            ("".join(li.itertext())).strip(),
            (li.find("a").get("href") if li.find("a") is not None else None),
        )
        for li in related.iter("li")
    ]
    assert links == [
        ("قمة الناتو تبحث العلاقات مع روسيا", "../../../articles/2016/nato-russia/"),
        ("خبر خارجي مع رابط", "https://example.org/out"),
        ("عنوان بلا رابط", None),
    ]
    note = next(a for a in tree.iter("aside") if a.get("class") == "editors-note")
    assert "مهم" in "".join(note.itertext())


def test_related_headline_tolerates_hamza_and_diacritics(output: Path) -> None:
    tree = page(output, "articles/2016/sleep-heart/index.html")
    related = next(s for s in tree.iter("section") if s.get("class") == "related")
    assert related.find(".//a").get("href") == "../../../articles/2016/exercise-heart/"


def test_more_on_this_shares_keywords(output: Path) -> None:
    tree = page(output, "articles/2016/exercise-heart/index.html")
    more = next(s for s in tree.iter("section") if s.get("class") == "more")
    assert next(a.get("href") for a in more.iter("a")) == "../../../articles/2016/sleep-heart/"


def test_english_article_keeps_its_language(output: Path) -> None:
    tree = page(output, "articles/2016/who-air/index.html")
    body = next(d for d in tree.iter("div") if d.get("class") == "body")
    assert body.get("lang") == "en" and body.get("dir") == "ltr"
    assert tree.find(".//h1").get("lang") == "en"


def test_theme_pages_and_feeds(output: Path) -> None:
    assert (output / "themes" / "اقتصاد" / "index.html").is_file()
    feed = feedparser.parse((output / "feeds" / "themes" / "اقتصاد.atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["أسعار النفط ترتفع مع تراجع المخزونات"]


def test_feeds_valid_with_language_self_link_and_absolute_urls(output: Path) -> None:
    for name in ("all.atom.xml", "all.rss.xml", "digests.atom.xml", "digests.rss.xml"):
        feed = feedparser.parse((output / "feeds" / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.feed.get("language", feed.feed.get("title_detail", {}).get("language")) == "ar"
        assert any(
            link.get("rel") == "self" and link["href"].endswith(f"/feeds/{name}")
            for link in feed.feed.links
        )
        for entry in feed.entries:
            assert entry.link.startswith("http://") and entry.id
    digests = feedparser.parse((output / "feeds" / "digests.atom.xml").read_bytes())
    assert [e.title for e in digests.entries][:2] == [
        "أسبوع الاثنين، ٢٣ مايو ٢٠١٦",
        "أسبوع روسيا والنفط",
    ]


def _ids_and_updated(output: Path) -> dict[str, str]:
    feed = feedparser.parse((output / "feeds" / "digests.atom.xml").read_bytes())
    return {e.id: e.updated for e in feed.entries}


def test_feed_ids_stable_across_builds_and_title_or_slug_fixes(
    fixture_site: Path, output: Path, tmp_path: Path
) -> None:
    first = _ids_and_updated(output)
    articles_first = {
        e.id for e in feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes()).entries
    }
    again = build(fixture_site, tmp_path / "again")
    assert _ids_and_updated(again) == first
    edited = tmp_path / "edited"
    shutil.copytree(fixture_site, edited, ignore=shutil.ignore_patterns("output"))
    path = edited / "content" / "articles" / "2016" / "2016-05-19-exercise.md"
    text = path.read_text(encoding="utf-8").replace("Title: دراسة جديدة", "Title: دراسة حديثة")
    path.write_text(
        text.replace("Slug: exercise-heart", "Slug: exercise-and-heart"), encoding="utf-8"
    )
    fixed = build(edited, tmp_path / "fixed")
    assert set(_ids_and_updated(fixed)) == set(first)
    assert {
        e.id for e in feedparser.parse((fixed / "feeds" / "all.atom.xml").read_bytes()).entries
    } == articles_first


@pytest.mark.parametrize(
    ("start", "week"), [("saturday", "2016-W20-sat"), ("sunday", "2016-W21-sun")]
)
def test_other_week_starts(fixture_site: Path, tmp_path: Path, start: str, week: str) -> None:
    out = build(fixture_site, tmp_path / start, DIGEST_WEEK_START=start)
    names = sorted(p.name for p in (out / "digests").iterdir() if p.is_dir())
    assert week in names and all(n.endswith(start[:3]) for n in names)


def test_articles_of_equal_date_build_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    """Pelican collects files in a set; ties in date must not follow its iteration order."""
    site = copy_site(tmp_path / "site")
    folder = site / "content" / "articles" / "2016"
    folder.mkdir(parents=True)
    for n in range(12):
        (folder / f"2016-05-18-same-{n}.md").write_text(
            f"Title: خبر رقم {n} عن النفط\nDate: 2016-05-18T12:00:00+03:00\nSlug: same-{n}\n"
            "Tags: النفط; أوبك\nSummary: ملخص.\n\nنص.\n",
            encoding="utf-8",
        )
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"output-{seed}"
        subprocess.run(
            [sys.executable, "-m", "digest", "build", "--no-ingest", "-o", str(output)],
            cwd=site,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        shutil.rmtree(site / ".digest-cache")
        outputs.append(
            {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}
        )
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    "metadata",
    [
        {},
        {"summary": "<p>ملخص <b>مكتوب</b> &amp; محدد</p>"},
    ],
)
def test_summary_text_is_the_text_of_pelicans_summary(metadata: dict[str, str]) -> None:
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from digest.plugin import summary_text
    from digest.sanitize import text_of

    words = " ".join(f"كلمة{n}" for n in range(80))
    html = f'<p>{words} <a href="https://example.org/">رابط</a></p><p>فقرة ثانية</p>'
    settings = {**DEFAULT_CONFIG, "SUMMARY_MAX_LENGTH": 50}
    article = Article(
        html, metadata={"title": "عنوان", **metadata}, settings=settings, source_path="a.md"
    )
    assert summary_text(article) == text_of(article.summary)
    assert summary_text(article).startswith("ملخص" if metadata else "كلمة0 كلمة1")
