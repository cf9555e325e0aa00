"""Saved articles -> records: every fixture pair in tests/data/saved and tests/data/holdout,
the invalid files, and the XSS corpus's saved pages (nothing raises but DigestError; the text
around payloads stays)."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import SHARED

from digest.errors import DigestError
from digest.saved import SAVED_SUFFIXES, parse_saved_text, read_saved, summarize

DATA = Path(__file__).resolve().parent / "data"
SAVED = DATA / "saved"
HOLDOUT = DATA / "holdout"  # layouts the parser was not tuned on (tests/data/holdout/README.md)
INVALID = DATA / "invalid"
XSS_ARTICLES = SHARED / "corpora" / "xss" / "articles"
TZ = ZoneInfo("Asia/Riyadh")  # the corpus convention (tests/data/saved/README.md)
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=TZ)  # the day the corpus was saved
FIELDS = ("title", "date", "lang", "sources", "keywords", "link")

# Fields the parser still gets wrong, each for a stated reason: (fixture, field) -> reason.
KNOWN_WRONG: dict[tuple[str, str], str] = {}


def _cases() -> list[object]:
    cases = []
    for path in sorted([*SAVED.iterdir(), *HOLDOUT.iterdir()]):
        if path.suffix.lower() not in SAVED_SUFFIXES or not path.with_suffix(".json").is_file():
            continue
        for name in (*FIELDS, "related", "body"):
            reason = KNOWN_WRONG.get((path.name, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(path, name, marks=marks, id=f"{path.name}-{name}"))
    return cases


_ARTICLES: dict[Path, object] = {}


def _read(path: Path):  # type: ignore[no-untyped-def]
    if path not in _ARTICLES:
        _ARTICLES[path] = read_saved(path, tz=TZ, now=NOW)
    return _ARTICLES[path]


def plain(markdown: str) -> str:
    """A body's text with escape_markdown undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


@pytest.mark.parametrize(("path", "name"), _cases())
def test_fixture_field(path: Path, name: str) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    record = _read(path).to_json()
    if name == "related":
        assert [(r["title"], r["url"]) for r in record["related"]] == [
            (r["title"], r["url"]) for r in expected["related"]
        ]
    elif name == "body":
        body = plain(record["body"])
        assert [s for s in expected["body_includes"] if s not in body] == []
        assert [s for s in expected["body_excludes"] if s in body] == []
    else:
        assert record[name] == expected[name]


@pytest.mark.parametrize(
    "path", sorted(p for p in INVALID.iterdir() if p.suffix != ".error"), ids=lambda p: p.name
)
def test_invalid_file_gives_its_one_line_error(path: Path) -> None:
    expected = path.with_suffix(".error").read_text(encoding="utf-8").strip()
    with pytest.raises(DigestError) as caught:
        read_saved(path, tz=TZ, now=NOW)
    message = str(caught.value)
    assert "\n" not in message
    assert message == f"{path}: {expected}" or message == f"{path}: title: {expected}"


def test_no_title_names_the_field() -> None:
    with pytest.raises(DigestError) as caught:
        parse_saved_text("\n\n  \n", "x.txt", tz=TZ)
    assert str(caught.value) == "x.txt: title: no title found"


def test_site_name_above_a_headline_is_not_the_title() -> None:
    text = (
        "موقع الأخبار\n\nالحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        "قالت الحكومة اليوم إن الخطة تشمل حوافز للمزارعين."
    )
    article = parse_saved_text(text, "x.txt", tz=TZ)
    assert article.title == "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية"
    assert "موقع الأخبار" not in article.body


def test_date_near_the_title_beats_header_and_body_dates() -> None:
    text = (
        "الأحد، 29 نوفمبر 2026\n\nالحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        "الثلاثاء 17 مايو 2016 10:15 م\n\nوقالت الحكومة إن الخطة أقرت في 3 مايو 2016 بعد نقاش.\n"
    )
    article = parse_saved_text(text, "x.txt", tz=TZ, now=NOW)
    assert article.date == datetime(2016, 5, 17, 22, 15, tzinfo=TZ)


def test_no_date_gives_none() -> None:
    text = (
        "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        "وقالت الحكومة إن الخطة أقرت في عام 2015 بعد نقاش طويل."
    )
    assert parse_saved_text(text, "x.txt", tz=TZ, now=NOW).date is None


def test_dateline_and_trailing_agency_are_sources_in_printed_order() -> None:
    text = (
        "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        "القاهرة / الأناضول: أعلنت الحكومة المصرية اليوم خطة جديدة لدعم الصادرات.\n\n"
        "وتشمل الخطة حوافز ضريبية للمصدرين. (وكالات)\n"
    )
    article = parse_saved_text(text, "x.txt", tz=TZ)
    assert article.sources == ("الأناضول", "وكالات")
    assert plain(article.body).startswith("القاهرة / الأناضول: أعلنت")  # an inline one stays


def test_summary_is_the_first_paragraph_trimmed_at_a_word() -> None:
    paragraph = " ".join(["كلمة"] * 100)
    summary = summarize(paragraph, limit=50)
    assert summary.endswith("…")
    assert summary[:-1].split() == ["كلمة"] * len(summary[:-1].split())
    assert summarize("جملة قصيرة.") == "جملة قصيرة."


@pytest.mark.skipif(not XSS_ARTICLES.is_dir(), reason="shared XSS corpus not present")
def test_xss_corpus_keeps_text_around_payloads() -> None:
    problems = []
    for path in sorted(XSS_ARTICLES.iterdir()):
        raw = path.read_text(encoding="utf-8", errors="replace")
        try:
            body = plain(read_saved(path, tz=TZ, now=NOW).body)
        except DigestError:
            continue
        for marker in ("فقرة عادية قبل الحمولة", "فقرة عادية بعد الحمولة"):
            if body.count(marker) < raw.count(marker):
                problems.append(f"{path.name}: {marker}")
    assert problems == []


def test_paragraphs_opening_like_chrome_or_markers_stay_body() -> None:
    paragraphs = [
        "وقالت الوزارة إن آلاف الجنود اشترك في المناورات التي جرت قرب الحدود الشمالية.",
        "مواضيع كثيرة طرحت في الاجتماع الذي عقد أمس في العاصمة بحضور عدد من الخبراء.",
        "صور الأقمار الصناعية أظهرت حجم الدمار الذي خلفته العاصفة في القرى الساحلية.",
    ]
    text = "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n" + "\n\n".join(paragraphs)
    body = plain(parse_saved_text(text, "x.txt", tz=TZ).body)
    assert [p for p in paragraphs if p not in body] == []


def test_site_section_and_label_lines_above_a_headline_are_not_the_title() -> None:
    text = (
        "صحيفة المساء\nرياضة\nحصري\n\nالمنتخب يتأهل إلى نهائي كأس آسيا بعد الفوز على اليابان\n\n"
        "تأهل المنتخب الوطني إلى المباراة النهائية بعد فوزه على اليابان بهدفين مقابل هدف."
    )
    article = parse_saved_text(text, "x.txt", tz=TZ)
    assert article.title == "المنتخب يتأهل إلى نهائي كأس آسيا بعد الفوز على اليابان"
    assert "رياضة" not in plain(article.body)


def test_a_short_title_above_the_body_stays_the_title() -> None:
    text = "زلزال يضرب تركيا\n\nضرب زلزال بقوة 6 درجات جنوب تركيا صباح اليوم دون أنباء عن ضحايا."
    assert parse_saved_text(text, "x.txt", tz=TZ).title == "زلزال يضرب تركيا"


def test_related_list_inside_the_body_and_most_read_list() -> None:
    text = (
        "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        "قالت الحكومة اليوم إن الخطة تشمل حوافز للمزارعين في المحافظات كافة.\n\n"
        "اقرأ أيضا:\nوزير الزراعة يزور مزارع الجنوب\n\n"
        "وأضافت أن التمويل سيصرف على ثلاث دفعات خلال العام المقبل.\n\n"
        "الأكثر مشاهدة\nفريق محلي يفوز بالبطولة الإقليمية للسباحة\n"
    )
    article = parse_saved_text(text, "x.txt", tz=TZ)
    body = plain(article.body)
    assert [link.title for link in article.related] == ["وزير الزراعة يزور مزارع الجنوب"]
    assert "وأضافت أن التمويل سيصرف على ثلاث دفعات خلال العام المقبل." in body
    assert "البطولة الإقليمية" not in body


def test_photo_captions_and_credits_are_neither_body_nor_sources() -> None:
    text = (
        "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        "مزارعون في حقل قمح\nعدسة: سامر يوسف\n\n"
        "ميناء التصدير - أرشيفية\nالمصدر: Shutterstock\n\n"
        "قالت الحكومة اليوم إن الخطة تشمل حوافز للمزارعين في المحافظات كافة.\n"
    )
    article = parse_saved_text(text, "x.txt", tz=TZ)
    assert article.sources == ()
    assert (
        plain(article.body) == "قالت الحكومة اليوم إن الخطة تشمل حوافز للمزارعين في المحافظات كافة."
    )


@pytest.mark.parametrize(
    ("opening", "closing", "sources"),
    [
        ("قنا (الدوحة)\n\n", "", ("قنا",)),
        ("الدوحة (رويترز) - قالت الحكومة إن ", "", ("رويترز",)),
        ("", "\n\nكونا", ("كونا",)),
        ("", "\n\nم.ع/ ر.ح (د ب أ، رويترز)", ("د ب أ", "رويترز")),
    ],
)
def test_agency_credits_in_the_forms_sites_print_them(
    opening: str, closing: str, sources: tuple[str, ...]
) -> None:
    text = (
        "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        f"{opening}الخطة تشمل حوافز للمزارعين في المحافظات كافة.{closing}\n"
    )
    article = parse_saved_text(text, "x.txt", tz=TZ)
    assert article.sources == sources
    assert "الخطة تشمل حوافز للمزارعين في المحافظات كافة." in plain(article.body)
    assert "ر.ح" not in plain(article.body)


def test_a_reporter_named_before_the_place_is_not_a_source() -> None:
    text = (
        "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\nسامي الخطيب (الدوحة)\n\n"
        "قالت الحكومة اليوم إن الخطة تشمل حوافز للمزارعين في المحافظات كافة.\n"
    )
    assert parse_saved_text(text, "x.txt", tz=TZ).sources == ()


def test_hashtags_link_label_standfirst_and_byline_with_date() -> None:
    text = (
        "الحكومة تعلن خطة جديدة لدعم الصادرات الزراعية\n\n"
        "الخطة تستهدف مضاعفة الصادرات خلال خمس سنوات\n\n"
        "كتب: سامي الخطيب | الأربعاء 11-09-2024 08:05\n\n"
        "قالت الحكومة اليوم إن الخطة تشمل حوافز للمزارعين في المحافظات كافة.\n\n"
        "نسخ الرابط\nhttps://example.com/a/123\n\n#الصادرات_الزراعية #الحكومة\n"
    )
    article = parse_saved_text(text, "x.txt", tz=TZ, now=NOW)
    assert article.date == datetime(2024, 9, 11, 8, 5, tzinfo=TZ)
    assert article.link == "https://example.com/a/123"
    assert article.keywords == ("الصادرات الزراعية", "الحكومة")
    assert "سامي الخطيب" not in plain(article.body)
