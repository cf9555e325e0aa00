"""digest.dates: the case table, spans in the original line, date lines, and garbage."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.dates import DateMatch, find_date, is_date_line, parse_date

TABLE = Path(__file__).parent / "data" / "dates.tsv"
RIYADH = ZoneInfo("Asia/Riyadh")
CAIRO = ZoneInfo("Africa/Cairo")
NOW = datetime(2016, 5, 20, 12, 0, tzinfo=RIYADH)


def read_table() -> list[pytest.ParameterSet]:
    """Rows of `input<TAB>expected<TAB>now<TAB>tz`; now and tz may be left out."""
    cases = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        text, expected, now, tz = [*line.split("\t"), "", ""][:4]
        cases.append(pytest.param(text, expected, now, tz, id=f"dates.tsv:{number}"))
    return cases


@pytest.mark.parametrize(("text", "expected", "now", "tz"), read_table())
def test_table(text: str, expected: str, now: str, tz: str) -> None:
    got = parse_date(
        text,
        tz=ZoneInfo(tz) if tz else RIYADH,
        now=datetime.fromisoformat(now) if now else None,
    )
    if expected == "none":
        assert got is None
    else:
        assert got is not None
        # isoformat, not ==: the same instant must also keep the stated offset.
        assert got.isoformat() == datetime.fromisoformat(expected).isoformat()


def test_table_is_large_enough() -> None:
    assert len(read_table()) >= 100


@pytest.mark.parametrize(
    ("text", "span", "has_time", "kind"),
    [
        ("نشر في: 20 مايو 2016 - 09:05", "20 مايو 2016 - 09:05", True, "gregorian"),
        ("الجمعة 20 مايو 2016 09:05 ص", "الجمعة 20 مايو 2016 09:05 ص", True, "gregorian"),
        ("كتب- أحمد علي: 09:05 ص الجمعة 20 مايو 2016", "09:05 ص الجمعة 20 مايو 2016", True,
         "gregorian"),
        ("السبت ٢١ مايو ٢٠١٦ - ١٠:٣٠ صباحاً.", "السبت ٢١ مايو ٢٠١٦ - ١٠:٣٠ صباحاً", True,
         "gregorian"),
        ("وصل الرئيس إلى القاهرة في 20  مـايـو   2016 صباحا", "20  مـايـو   2016", False,
         "gregorian"),
        ("\u200fآخر تحديث: 2016/5/20 الساعة 09:05 (مكة المكرمة)",
         "2016/5/20 الساعة 09:05 (مكة المكرمة)", True, "numeric"),
        ("ﻻ جديد منذ 20/05/2016", "20/05/2016", False, "numeric"),
        ("<time>2016-05-20T09:05:00+03:00</time>", "2016-05-20T09:05:00+03:00", True, "iso"),
        ("الجمعة - 13 شعبان 1437 هـ - 20 مايو 2016 مـ", "20 مايو 2016 مـ", False, "gregorian"),
        ("صدر في ١٤ شعبان ١٤٣٧هـ.", "١٤ شعبان ١٤٣٧هـ", False, "hijri"),
        ("تحديث منذ ساعتين فقط", "منذ ساعتين", True, "relative"),
        ("وقع الحادث أمس 09:05 م قرب", "أمس 09:05 م", True, "relative"),
        ("Friday, 20 May 2016 KSA 12:05 - GMT 09:05", "Friday, 20 May 2016 KSA 12:05", True,
         "gregorian"),
        ("Posted: Friday, May 20, 2016 at 9:05 a.m.", "Friday, May 20, 2016 at 9:05 a.m.", True,
         "gregorian"),
        ("Updated 5 Sept. 2016.", "5 Sept. 2016", False, "gregorian"),
        ("۲۲ مه ۲۰۱۶ - ۲ خرداد ۱۳۹۵", "۲۲ مه ۲۰۱۶", False, "gregorian"),
        ("سه\u200cشنبه ۲۴ مه ۲۰۱۶ - ساعت ۱۲:۳۰", "سه\u200cشنبه ۲۴ مه ۲۰۱۶ - ساعت ۱۲:۳۰", True,
         "gregorian"),
    ],
)  # fmt: skip
def test_find_date_span(text: str, span: str, has_time: bool, kind: str) -> None:
    match = find_date(text, tz=RIYADH, now=NOW)
    assert match is not None
    assert text[match.start : match.end] == span
    assert (match.has_time, match.kind) == (has_time, kind)
    assert match.value.tzinfo is not None


def test_parse_date_is_find_date_value() -> None:
    line = "الجمعة 20 مايو 2016 09:05 ص"
    match = find_date(line, tz=RIYADH)
    assert match is not None
    assert parse_date(line, tz=RIYADH) == match.value


@pytest.mark.parametrize(
    "line",
    [
        "الجمعة 20 مايو 2016 09:05 ص",
        "نشر في: 20 مايو 2016 - 09:05",
        "تاريخ النشر: 20 مايو 2016",
        "| 20 أيار 2016 | 09:05 |",
        "آخر تحديث: الجمعة، 20 مايو/ أيار، 2016، 09:05 GMT",
        "الجمعة - 13 شعبان 1437 هـ - 20 مايو 2016 مـ رقم العدد [13688]",
        "نشر في: 20 مايو ,2016: 09:05 ص GST",
        "آخر تحديث: 2016/5/20 الساعة 09:05 (مكة المكرمة)",
        "نشرت في: 20/05/2016 - 09:05 آخر تحديث: 20/05/2016 - 10:15",
        "09:05 ص الجمعة 20 مايو 2016",
        "الجمعة 20 مايو 2016 09:05 ص بتوقيت مكة المكرمة",
        "2016-05-20T09:05:00+03:00",
        "منذ ساعتين",
        "Friday, 20 May 2016 KSA 12:05 - GMT 09:05",
        "Last Update: Friday, 20 May 2016 KSA 18:50 - GMT 15:50",
        "May 20, 2016 9:05 AM",
        "Updated 21 May 2016",
        "۲۲ مه ۲۰۱۶ - ۲ خرداد ۱۳۹۵",
        "یکشنبه ۲۲ مه ۲۰۱۶",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line, tz=RIYADH, now=NOW)


@pytest.mark.parametrize(
    "line",
    [
        "وقالت الوزارة إن القرار يسري ابتداءً من 25 مايو/أيار الجاري",
        "وصل الرئيس إلى القاهرة في 20 مايو 2016 في زيارة رسمية تستمر يومين",
        "قتل 101 شخص منذ 3 أيام في اشتباكات عنيفة شمال البلاد",
        "وقال المتحدث اليوم إن المفاوضات ستستأنف",
        "اليوم السابع",
        "انتهت المباراة 2-1",
        "الجمعة",
        "",
        "The ministry said on 20 May 2016 that it would extend the service to all regions",
        "Officials said 3 may resign by 2016",
        "On 20 May the ministry said",
        "۲ خرداد ۱۳۹۵",
        "هوا مه آلود بود و ۲۰ نفر در سال ۲۰۱۶ آمدند",
        "Share: Twitter Facebook WhatsApp",
    ],
)
def test_not_date_lines(line: str) -> None:
    assert not is_date_line(line, tz=RIYADH, now=NOW)
    assert not is_date_line(line, tz=RIYADH)


def test_relative_date_line_needs_now() -> None:
    assert not is_date_line("منذ ساعتين", tz=RIYADH)


def test_naive_now_is_read_in_tz() -> None:
    got = parse_date("منذ ساعتين", tz=CAIRO, now=datetime(2016, 5, 20, 12, 0))
    assert got == datetime(2016, 5, 20, 10, 0, tzinfo=CAIRO)


# Pieces that look like parts of dates, so the fuzzer reaches deep into the parsers.
PIECES = [
    *"0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    *" :/.-+()،,|TZ\u064b\u0640\u200f\ufefb",
    "مايو", "أيار", "شعبان", "ذو الحجة", "كانون الأول", "هـ", "م", "ص", "مساءً", "ظهرا",
    "منذ", "قبل", "ساعتين", "أيام", "عام", "أمس", "اليوم", "الجمعة", "الساعة", "بتوقيت",
    "القاهرة", "GMT", "ت.غ", "2016", "1437", "99999", "31", "13", "00", "20/5/2016",
    "May", "Sept.", "20th", "of", "AM", "a.m.", "at", "Friday", "KSA", "AST", "EEST",
    "مه", "ژوئیه", "سه\u200cشنبه", "ساعت", "خرداد", "۱۳۹۵",
]  # fmt: skip


def test_garbage_never_raises() -> None:
    rng = random.Random(20160520)
    for _ in range(500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25)))
        for now in (None, NOW):
            match = find_date(text, tz=RIYADH, now=now)
            assert match is None or isinstance(match, DateMatch)
            if match is not None:
                assert 0 <= match.start < match.end <= len(text)
                assert match.value.tzinfo is not None
            assert isinstance(is_date_line(text, tz=RIYADH, now=now), bool)
