"""Arabic date strings -> timezone-aware datetimes: a registry of small parsers, one per family.

Every parser reads `fold_arabic` text (one alef, no diacritics or tatweel, Latin digits, lower-case
Latin), so one folded spelling in a table covers أبريل/إبريل/ابريل and ٢٠/۲۰/20. Saved articles in
English (Al Arabiya English: Friday, 20 May 2016 KSA 12:05) and Persian (BBC Persian: ۲۲ مه ۲۰۱۶)
reach the same functions; their Gregorian month names are families of their own.

Decisions, each pinned by a line of tests/data/dates.tsv:

- A date needs a day, a month and a year. A bare year (عام 2002), a month and year (مايو 2016), a
  score (2-1), a phone number or a count (101 قتيل) is no date. A day and month without a year
  (25 مايو) is a date only when `now` is given: the most recent such day not after now's day.
  English and Persian month names always need the year: May and March are also English words
  (3 may resign), and مه is fog in Persian and an interjection in Arabic, so 20 May and 22 مه
  are no dates, with or without `now`.
- English dates are day-first (20 May 2016, 20th of May, 2016) or month-first with the comma
  English puts there (May 20, 2016; Sept. 5, 2016); Jan., Sept and the other abbreviations count.
- A Solar Hijri date (۲ خرداد ۱۳۹۵, BBC Persian's second date) is not read: beside a Gregorian
  date it counts as dateline chrome for is_date_line, alone it is no date.
- Numeric dates are day-first (20/5/2016), month-first only when day-first is impossible
  (5/20/2016); year-first ones are year/month/day. Two-digit years (20/5/16) are not read.
- Impossible dates (31 فبراير, month 13) are no dates. Nothing here raises on any input.
- A stated zone (بتوقيت القاهرة, (مكة المكرمة), GMT+3, ت.غ, KSA) gives the value that zone's
  offset; without one the wall time is read in `tz`. English sites may put the zone before the
  time (20 May 2016 KSA 12:05 - GMT 09:05): the first zone and time are the value. A numeric
  offset right after a time (RFC 822: 09:05:00 +0300) is a zone too. A date without a time of
  day is midnight, has_time False.
- Hijri dates are converted with hijridate (Umm al-Qura, 1343-1500 AH). A Hijri day and month
  without a year is no date.
- Relative dates (منذ ساعتين, أمس, اليوم) need `now`; a naive `now` is taken to be in `tz`.
  Seconds, minutes and hours give an instant (has_time True); days and longer give that day at
  midnight (has_time False) unless a time is written (أمس 09:05 م). A vague plural (منذ ساعات)
  is no date.
- A weekday (Arabic, English or Persian) written before the date is part of the span but is not
  checked against it: sites get the weekday wrong more often than the number.
- Of several dates in a line, find_date takes the first Gregorian one (named, numeric or ISO),
  else the first Hijri one, else the first relative one.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TypeVar
from zoneinfo import ZoneInfo

from hijridate import Hijri

from digest.arabic import fold_arabic

V = TypeVar("V")


@dataclass(frozen=True)
class DateMatch:
    """A date found in a line: its value and the span of the original text it was read from."""

    value: datetime  # timezone-aware
    start: int
    end: int
    has_time: bool  # a time of day was stated
    kind: str  # "gregorian" | "hijri" | "numeric" | "relative" | "iso"


# --- Word tables, folded when the patterns are built (أبريل also matches إبريل and ابريل). "|"
# separates spellings of one word; "_" stands for a space, matched as any (or no) whitespace.
# Extending a table extends the parsers.

# January to December, one line per regional family.
_MONTH_LINES = (
    "يناير فبراير مارس ابريل مايو يونيو|يونيه يوليو|يوليه اغسطس سبتمبر اكتوبر نوفمبر ديسمبر",
    "كانون_الثاني|كانون_ثاني شباط اذار نيسان ايار حزيران تموز اب ايلول "  # Levant, Iraq
    "تشرين_الاول|تشرين_اول تشرين_الثاني|تشرين_ثاني كانون_الاول|كانون_اول",
    "جانفي فيفري مارس افريل ماي جوان جويليه اوت سبتمبر اكتوبر نوفمبر ديسمبر",  # Algeria, Tunisia
    "يناير فبراير مارس ابريل ماي يونيو يوليوز غشت شتنبر اكتوبر نونبر دجنبر",  # Morocco
)
# English (Al Arabiya English, Arab News, agency copy): a period after a name is allowed (Jan.).
_ENGLISH_MONTH_LINES = (
    "january|jan february|feb march|mar april|apr may june|jun july|jul august|aug "
    "september|sept|sep october|oct november|nov december|dec",
)
# Persian and Urdu names of the Gregorian months (BBC Persian, Radio Farda, DW Persian; BBC
# Urdu, Independent Urdu); ی and ک fold to ي and ك. مارس and اوت are Arabic too, so the Arabic
# parser reads them first.
_PERSIAN_MONTH_LINES = (
    "ژانویه فوریه مارس آوریل مه|می ژوئن ژوئیه|جولای اوت|آگوست سپتامبر اکتبر نوامبر دسامبر",
    "جنوری فروری مارچ اپریل مئی جون جولائی|جولائى اگست ستمبر اکتوبر نومبر دسمبر",  # Urdu
)
# The Solar Hijri months, read only as chrome beside a Gregorian date (۲ خرداد ۱۳۹۵).
_SOLAR_MONTHS = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند"
_HIJRI_MONTH_LINES = (
    "محرم صفر ربيع_الاول|ربيع_اول ربيع_الاخر|ربيع_الثاني|ربيع_ثاني "
    "جمادي_الاولي|جمادي_الاول|جمادي_اولي جمادي_الاخره|جمادي_الاخر|جمادي_الثانيه|جمادي_ثاني "
    "رجب شعبان رمضان شوال ذو_القعده|ذي_القعده ذو_الحجه|ذي_الحجه",
)
_WEEKDAY_STEMS = "احد|اثنين|اتنين|ثلاثاء|اربعاء|خميس|جمعه|سبت"
_WEEKDAYS = "|".join("ال" + stem for stem in _WEEKDAY_STEMS.split("|"))
_OTHER_WEEKDAYS = (  # English, then Persian (سه‌شنبه: the ZWNJ folds away, a space is allowed)
    "monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|"
    "sunday|sun|شنبه|یکشنبه|یک_شنبه|دوشنبه|دو_شنبه|سه_شنبه|چهارشنبه|چهار_شنبه|پنجشنبه|پنج_شنبه|جمعه"
)

# Where a site states its clock. Written without a zone, a time is read in the site's TIMEZONE.
_ZONES = {
    "مكه_المكرمه|مكه|السعوديه|الرياض|جده": "Asia/Riyadh",
    "القاهره|مصر": "Africa/Cairo",
    # Palestinian sites keep Palestine's clock, which changes a few days apart from Israel's.
    "القدس|فلسطين|غزه|رام_الله": "Asia/Hebron",
    "بيروت|لبنان": "Asia/Beirut",
    "دمشق|سوريا|سوريه": "Asia/Damascus",
    "بغداد|العراق": "Asia/Baghdad",
    "الدوحه|قطر": "Asia/Qatar",
    "ابوظبي|ابو_ظبي|الامارات|دبي|gst": "Asia/Dubai",  # GST: Al Arabiya's "Gulf Standard Time"
    "الكويت": "Asia/Kuwait",
    "المنامه|البحرين": "Asia/Bahrain",
    "الخرطوم|السودان": "Africa/Khartoum",
    "المغرب|الرباط|الدار_البيضاء": "Africa/Casablanca",
    "تونس": "Africa/Tunis",
    "الجزائر": "Africa/Algiers",
    "غرينتش|غرينيتش|جرينتش|جرينيتش|غرنتش|gmt|utc|ت.غ": "UTC",
    # English abbreviations. KSA is Saudi Arabia. AST is ambiguous: Arabia Standard Time (+03:00,
    # Saudi Arabia, Iraq, Kuwait, Qatar, Bahrain, Yemen) on Arab sites, but Atlantic Standard Time
    # (-04:00) in the Americas; an Arab news digest means the first, and Riyadh has kept +03:00
    # all year since 1950. EET and EEST name fixed offsets wherever used (Etc/ signs are
    # inverted: Etc/GMT-2 is +02:00).
    "ksa|ast": "Asia/Riyadh",
    "eet": "Etc/GMT-2",
    "eest": "Etc/GMT-3",
    # Not عمان: folded, Amman (Jordan, +02/+03) and Oman (+04) are one word.
}
_UTC_NAMES = "غرينتش|غرينيتش|جرينتش|جرينيتش|غرنتش|gmt|utc|ت.غ"
# Zones that need no توقيت or brackets before them, and that may stand before a time.
_BARE_ZONES = ("gmt", "utc", "gst", "ت.غ", "ksa", "ast", "eet", "eest")

_MERIDIEMS = {
    "ص|صباحا|صباح|فجرا|الفجر|am|a.m.": "am",
    "م|مساء|مساءا|pm|p.m.|عصرا|العصر": "pm",
    "ظهرا|الظهر|ظهر": "noon",
    "ليلا|ليل|الليل": "night",
}

# Unit word -> (unit, count the word implies; 0 for a plural that needs a number).
_UNIT_WORDS = {
    "ثانيه": ("seconds", 1), "ثانيتين|ثانيتان": ("seconds", 2), "ثوان|ثواني": ("seconds", 0),
    "دقيقه": ("minutes", 1), "دقيقتين|دقيقتان": ("minutes", 2), "دقائق": ("minutes", 0),
    "ساعه": ("hours", 1), "ساعتين|ساعتان": ("hours", 2), "ساعات": ("hours", 0),
    "يوم": ("days", 1), "يومين|يومان": ("days", 2), "ايام": ("days", 0),
    "اسبوع": ("weeks", 1), "اسبوعين|اسبوعان": ("weeks", 2), "اسابيع": ("weeks", 0),
    "شهر": ("months", 1), "شهرين|شهران": ("months", 2), "اشهر|شهور": ("months", 0),
    "سنه|عام": ("years", 1), "سنتين|سنتان|عامين|عامان": ("years", 2),
    "سنوات|سنين|اعوام": ("years", 0),
}  # fmt: skip
_NUMBER_WORDS = (
    "واحد|واحده اثنين|اثنتين|اثنان ثلاث|ثلاثه اربع|اربعه خمس|خمسه ست|سته سبع|سبعه "
    "ثمان|ثماني|ثمانيه تسع|تسعه عشر|عشره"
)
_DAY_WORDS = {"اليوم": 0, "امس|الامس|البارحه": 1, "اول_امس|امس_الاول|اول_من_امس": 2}

# Words a dateline may carry besides the date: publishing chrome, era marks, clock words.
_CHROME_WORDS = (
    "نشر|نشرت|نشر_في|نشرت_في|تم_النشر|تاريخ_النشر|تاريخ|التاريخ|بتاريخ|اخر_تحديث|اخر_تعديل|"
    "تحديث|التحديث|تم_التحديث|محدث|حدث|في|يوم|الموافق|الساعه|منذ|م|ه|هجري|ميلادي|"
    "رقم_العدد|العدد|published|updated|update|last_update|last_updated|posted|on|at|date|"
    "تاریخ_انتشار|انتشار|منتشر_شده|به_روز_شده|روز|ساعت|"
    + "|".join([*_BARE_ZONES, _WEEKDAYS, _OTHER_WEEKDAYS])
)

GREGORIAN_YEARS = range(1800, 2200)
HIJRI_YEARS = range(1343, 1501)  # hijridate's Umm al-Qura table


def _names(table: Iterable[str]) -> list[str]:
    return [name for entry in table for name in entry.split("|")]


def _key(name: str) -> str:
    """A table name or matched text as a lookup key: folded, whitespace inside it ignored."""
    return "".join(fold_arabic(name.replace("_", " ")).split())


def _lookup(table: dict[str, V]) -> dict[str, V]:
    return {_key(name): value for entry, value in table.items() for name in entry.split("|")}


def _spellings(lines: Iterable[str]) -> list[str]:
    return [name for line in lines for entry in line.split() for name in entry.split("|")]


def _numbered(lines: Iterable[str]) -> dict[str, int]:
    """Name -> position (1-based) from lines of space-separated entries."""
    return {
        _key(name): number
        for line in lines
        for number, entry in enumerate(line.split(), start=1)
        for name in entry.split("|")
    }


def _alternation(names: Iterable[str]) -> str:
    """A regex choice of folded names, as a trie: a position is rejected at its first letter, and
    the longer of two names sharing a start is tried first (مايو before ماي)."""
    trie: dict[str, dict] = {}
    for name in {fold_arabic(name) for name in names}:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [
        (r"\s*" if char == "_" else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


_MONTHS = _numbered(_MONTH_LINES)
_ENGLISH_MONTHS = _numbered(_ENGLISH_MONTH_LINES)
_PERSIAN_MONTHS = _numbered(_PERSIAN_MONTH_LINES)
_HIJRI_MONTHS = _numbered(_HIJRI_MONTH_LINES)
_NUMBERS = _numbered([_NUMBER_WORDS])
_ZONE_KEYS = _lookup(_ZONES)
_MERIDIEM_KINDS = _lookup(_MERIDIEMS)
_UNITS = _lookup(_UNIT_WORDS)
_DAYS_BACK = _lookup(_DAY_WORDS)

# --- Patterns, compiled once, matched against folded text (so على is spelled علي here).

_MONTH = _alternation(_spellings(_MONTH_LINES))
_ZONE_NAME = _alternation(_names(_ZONES))
_NOT_AFTER_NUMBER = r"(?<![\d.:/])"  # a day is not the tail of 2016, 10.5 or 09:20
_YEAR = r"(?P<year>\d{4})(?!\d|:\d)"  # not the 20:16 of a time
_SEP = r"(?:\s*[-–—|،,:؛/])?(?:\s*[-–—|،,:؛/])?\s*"  # between date and time: " - ", "، ", ": "

_NAMED = re.compile(
    rf"{_NOT_AFTER_NUMBER}(?P<day>\d{{1,2}})\s*(?:من\s+)?(?P<month>{_MONTH})(?!\w)"
    rf"(?:\s*(?:[/\\(-]\s*)(?:{_MONTH})(?!\w)\s*\)?)?"  # مايو/أيار, مايو (أيار)
    rf"(?:\s*[,،]?\s*{_YEAR}(?:\s*م(?!\w))?)?"  # 2016م: Gregorian era mark
)
_MONTH_FIRST = re.compile(
    rf"(?<!\w)(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\s*[,،]\s*{_YEAR}(?:\s*م(?!\w))?"
)
_ENGLISH_MONTH = _alternation(_spellings(_ENGLISH_MONTH_LINES))
_PERSIAN_MONTH = _alternation(_spellings(_PERSIAN_MONTH_LINES))
_ENGLISH_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"  # 20, 20th, 1st
_ENGLISH_DAY_FIRST = re.compile(  # 20 May 2016, 20th of May, 2016, 5 Sept. 2016
    rf"{_NOT_AFTER_NUMBER}{_ENGLISH_DAY}\s*(?:of\s+)?(?P<month>{_ENGLISH_MONTH})(?!\w)\.?"
    rf"\s*,?\s*{_YEAR}"
)
_ENGLISH_MONTH_FIRST = re.compile(  # May 20, 2016, Sept. 5, 2016, May 20th, 2016
    rf"(?<!\w)(?P<month>{_ENGLISH_MONTH})(?!\w)\.?\s*{_ENGLISH_DAY}\s*[,،]\s*{_YEAR}"
)
_PERSIAN = re.compile(  # ۲۲ مه ۲۰۱۶, ۲۲ مه، ۲۰۱۶
    rf"{_NOT_AFTER_NUMBER}(?P<day>\d{{1,2}})\s*(?P<month>{_PERSIAN_MONTH})(?!\w)\s*[,،]?\s*{_YEAR}"
)
_SOLAR = (  # ۲ خرداد ۱۳۹۵: chrome beside a Gregorian date, never read
    rf"{_NOT_AFTER_NUMBER}\d{{1,2}}\s*(?:{_alternation(_SOLAR_MONTHS.split())})(?!\w)"
    r"\s*[,،]?\s*\d{4}(?!\d)"
)
_HIJRI_MONTH = _alternation(_spellings(_HIJRI_MONTH_LINES))
_HIJRI = re.compile(
    rf"{_NOT_AFTER_NUMBER}(?P<day>\d{{1,2}})\s*(?:من\s+)?(?P<month>{_HIJRI_MONTH})(?!\w)"
    rf"\s*[,،]?\s*{_YEAR}(?:\s*(?:هجريه|هجري|ه)(?!\w))?"
)
_NUMERIC_END = r"(?!\d|[/.-]\d)(?:\s*(?P<era>[هم])(?!\w))?"  # not 20/5/2016/7; 1437/8/14هـ
_DAY_FIRST = re.compile(
    r"(?<![\d.:/-])(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)"
    r"(?P<year>\d{4})" + _NUMERIC_END
)
_YEAR_FIRST = re.compile(
    r"(?<![\d.:/-])(?P<year>\d{4})(?P<sep>[/.-])(?P<first>\d{1,2})(?P=sep)(?P<second>\d{1,2})"
    + _NUMERIC_END
)
_ISO = re.compile(  # after folding: T and Z are lower case
    r"(?<![\d.:/-])(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)"
    r"(?:[t ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<offset>z|[+-]\d\d(?::?\d\d)?)?)?(?!\d)"
)
_AGO = re.compile(
    rf"(?<!\w)(?:منذ|قبل)\s+(?:(?P<count>\d{{1,4}}|{_alternation(_spellings([_NUMBER_WORDS]))})\s+)?"
    rf"(?P<unit>{_alternation(_names(_UNIT_WORDS))})(?!\w)(?!\s*\d)"  # منذ عام 2002 is "since 2002"
)
_DAY_WORD = re.compile(rf"(?<!\w)(?P<word>{_alternation(_names(_DAY_WORDS))})(?!\w)")
# اليوم before a definite adjective is "the day" (اليوم التالي, اليوم السابع), not "today".
_THE_DAY = re.compile(rf"\s+ال(?!(?:{_WEEKDAY_STEMS})(?!\w))")

_CLOCK = (
    r"(?:(?P<at>(?:(?:في|علي|عند)\s+)?(?:تمام\s+)?(?:ال)?ساعه|ساعت)\s*:?\s*|at\s+)?"
    r"(?<![\d:])(?P<hour>\d{1,2})(?::(?P<minute>\d\d)(?::(?P<second>\d\d))?)?(?![\d:])"
    rf"(?:\s*(?P<meridiem>{_alternation(_names(_MERIDIEMS))})(?!\w))?"
)
_CLOCK_AFTER = re.compile(_SEP + _CLOCK)
_CLOCK_BEFORE = re.compile(_CLOCK + r"\s*[-–—|،,]?\s*\Z")
_ANY_WEEKDAY = _alternation(f"{_WEEKDAYS}|{_OTHER_WEEKDAYS}".split("|"))
_WEEKDAY_BEFORE = re.compile(  # يوم الجمعة، / Friday, / Fri. / روز یکشنبه
    rf"(?<!\w)(?:(?:يوم|روز)\s+)?(?:{_ANY_WEEKDAY})\.?\s*[-–—|،,]?\s*\Z"
)
_ZONE_THEN_CLOCK = re.compile(  # KSA 12:05 (Al Arabiya English): a bare zone before the time
    rf"{_SEP}(?P<name>{_alternation(_BARE_ZONES)})\s+{_CLOCK}"
)
_ZONE_AFTER = re.compile(
    rf"{_SEP}(?P<open>\(\s*)?(?P<via>(?:ب|حسب\s+)?توقيت\s+(?:مدينه\s+)?)?(?P<name>{_ZONE_NAME})"
    r"(?!\w)(?:\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d\d))?(?!\d))?"
    r"(?(open)\s*\))"
)
# RFC 822 and English pages: 20 May 2016 09:05:00 +0300. Only right after a time, and only four
# digits glued to the sign (10:30 - 1200 قتيل is a count).
_OFFSET_AFTER = re.compile(r"\s*(?P<sign>[+-])(?P<hours>\d\d):?(?P<minutes>\d\d)(?![\d:])")
_CHROME = re.compile(
    rf"(?<!\w)(?:{_alternation(_CHROME_WORDS.split('|'))})(?!\w)"
    rf"|(?:ب|حسب\s+)?توقيت\s+(?:{_ZONE_NAME})(?!\w)|\(\s*(?:{_ZONE_NAME})\s*\)|{_SOLAR}"
)
# Cues: one cheap pass over a folded line tells which parsers could match at all; most lines
# with digits hold no date.
# Every cue starts with a digit, written once in front so that the scan jumps from digit to digit.
_CUES = re.compile(
    r"\d(?:(?P<numeric>[/.-]\d{1,2}[/.-]\d)"  # 20/5/2016, 2016-05-20
    r"|(?:st|nd|rd|th)?\s*(?:(?P<comma>[,،]\s*\d{4})"  # مايو 20، 2016, May 20th, 2016
    rf"|(?P<named>(?:من\s+)?(?:{_MONTH}|{_HIJRI_MONTH})(?!\w))"  # 20 مايو, 14 شعبان
    rf"|(?P<english>(?:of\s+)?(?:{_ENGLISH_MONTH})(?!\w))"  # 20 May, 20th of May
    rf"|(?P<persian>(?:{_PERSIAN_MONTH})(?!\w))))"  # ۲۲ مه
)
_RELATIVE_CUE = re.compile(rf"منذ|قبل|{_alternation(_names(_DAY_WORDS))}")
_NON_WORD = re.compile(r"[\W_]+")
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
_HAS_RELATIVE = re.compile(r"[0-9٠-٩۰-۹]|منذ|قبل|مس|اليوم|البارح")  # on raw text: cheap


# --- Small builders: each returns None for what cannot be a date, never raises.


def _gregorian(year: int, month: int, day: int) -> date | None:
    if year not in GREGORIAN_YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hijri(year: int, month: int, day: int) -> date | None:
    try:
        gregorian = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(gregorian.year, gregorian.month, gregorian.day)


def _recent(month: int, day: int, now: datetime | None) -> date | None:
    """The latest day `day`/`month` not after now's day (29 February may be years back)."""
    if now is None:
        return None
    for year in range(now.year, now.year - 8, -1):
        found = _gregorian(year, month, day)
        if found and found <= now.date():
            return found
    return None


def _clock(hour: int, minute: int, second: int = 0, meridiem: str | None = None) -> time | None:
    last_afternoon_hour = {"pm": 11, "noon": 6}.get(meridiem or "", 0)
    if meridiem == "am" and hour == 12:
        hour = 0
    elif 1 <= hour <= last_afternoon_hour:  # 1 ظهرا is 13:00 but 11 ظهرا is 11:00
        hour += 12
    elif meridiem == "night" and 6 <= hour <= 12:  # 11 ليلا is 23:00, 2 ليلا is 02:00
        hour = (hour + 12) % 24
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _offset(sign: str, hours: int, minutes: int) -> tzinfo | None:
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


@functools.cache
def _zone(key: str) -> tzinfo:
    return UTC if key == "UTC" else ZoneInfo(key)


def _months_back(day: date, months: int) -> date | None:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < 1:
        return None
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# --- The registry: one small parser per family, each yielding what it found, in text order.


@dataclass(frozen=True)
class _Found:
    """A parser's find: a day whose time and zone are still to be looked for, or an instant."""

    start: int
    end: int
    kind: str
    day: date | None = None
    clock: time | None = None
    moment: datetime | None = None


def _named_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """20 مايو 2016, ٢٠ أيار ٢٠١٦, 20 مايو/أيار 2016, 20 مايو (أيار)، 2016م; 20 مايو given now."""
    for m in _NAMED.finditer(text):
        month, day = _MONTHS[_key(m["month"])], int(m["day"])
        found = _gregorian(int(m["year"]), month, day) if m["year"] else _recent(month, day, now)
        if found:
            yield _Found(m.start(), m.end(), "gregorian", found)


def _month_first_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """مايو 20، 2016: English word order, kept only with the comma that English puts there."""
    for m in _MONTH_FIRST.finditer(text):
        found = _gregorian(int(m["year"]), _MONTHS[_key(m["month"])], int(m["day"]))
        if found:
            yield _Found(m.start(), m.end(), "gregorian", found)


def _english_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """20 May 2016, 20th of May, 2016, 5 Sept. 2016: the year is required."""
    for m in _ENGLISH_DAY_FIRST.finditer(text):
        found = _gregorian(int(m["year"]), _ENGLISH_MONTHS[_key(m["month"])], int(m["day"]))
        if found:
            yield _Found(m.start(), m.end(), "gregorian", found)


def _english_month_first_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """May 20, 2016, Sept. 5, 2016, May 20th, 2016: with the comma, and the year."""
    for m in _ENGLISH_MONTH_FIRST.finditer(text):
        found = _gregorian(int(m["year"]), _ENGLISH_MONTHS[_key(m["month"])], int(m["day"]))
        if found:
            yield _Found(m.start(), m.end(), "gregorian", found)


def _persian_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """۲۲ مه ۲۰۱۶, ۳ ژوئن ۲۰۱۶: Gregorian months in Persian, the year required (مه is a word)."""
    for m in _PERSIAN.finditer(text):
        found = _gregorian(int(m["year"]), _PERSIAN_MONTHS[_key(m["month"])], int(m["day"]))
        if found:
            yield _Found(m.start(), m.end(), "gregorian", found)


def _hijri_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """14 شعبان 1437 هـ, ١٤ شعبان ١٤٣٧هـ, 1 ذو الحجة 1445."""
    for m in _HIJRI.finditer(text):
        found = _hijri(int(m["year"]), _HIJRI_MONTHS[_key(m["month"])], int(m["day"]))
        if found:
            yield _Found(m.start(), m.end(), "hijri", found)


def _numeric(m: re.Match[str], day_first: bool) -> _Found | None:
    """The date of a d/m/y or y/m/d match, in the other order when this one is impossible."""
    year, first, second = int(m["year"]), int(m["first"]), int(m["second"])
    hijri = m["era"] == "ه" or (m["era"] is None and year in HIJRI_YEARS)
    make = _hijri if hijri else _gregorian
    day, month = (first, second) if day_first else (second, first)
    found = make(year, month, day) or make(year, day, month)
    return _Found(m.start(), m.end(), "hijri" if hijri else "numeric", found) if found else None


def _day_first_numbers(text: str, now: datetime | None) -> Iterator[_Found]:
    """20/5/2016, 20-05-2016, 20.05.2016; 14/08/1437هـ."""
    yield from filter(None, (_numeric(m, day_first=True) for m in _DAY_FIRST.finditer(text)))


def _year_first_numbers(text: str, now: datetime | None) -> Iterator[_Found]:
    """2016/05/20, 2016/5/20; 1437/08/14 هـ."""
    yield from filter(None, (_numeric(m, day_first=False) for m in _YEAR_FIRST.finditer(text)))


def _iso_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """2016-05-20, 2016-05-20T09:05:00+03:00, 2016-05-20 09:05."""
    for m in _ISO.finditer(text):
        day = _gregorian(int(m["year"]), int(m["month"]), int(m["day"]))
        clock = m["hour"] and _clock(int(m["hour"]), int(m["minute"]), int(m["second"] or 0))
        if clock and m["fraction"]:
            clock = clock.replace(microsecond=int(m["fraction"][:6].ljust(6, "0")))
        if not day:
            continue
        if not clock:
            yield _Found(m.start(), m.end("day"), "iso", day)
        elif m["offset"]:
            zone = _iso_offset(m["offset"])
            if zone:
                yield _Found(m.start(), m.end(), "iso", moment=datetime.combine(day, clock, zone))
        else:
            yield _Found(m.start(), m.end(), "iso", day, clock)


def _iso_offset(text: str) -> tzinfo | None:
    if text == "z":
        return UTC
    digits = text[1:].replace(":", "")
    return _offset(text[0], int(digits[:2]), int(digits[2:] or 0))


def _ago_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """منذ ساعتين, منذ 3 ساعات, قبل دقيقة, منذ خمسة أيام, منذ أسبوع: against now."""
    if now is None:
        return
    for m in _AGO.finditer(text):
        unit, implied = _UNITS[_key(m["unit"])]
        count = implied if not m["count"] else _NUMBERS.get(m["count"]) or int(m["count"])
        if count:
            found = _back(now, unit, count)
            if found:
                yield replace(found, start=m.start(), end=m.end())


def _back(now: datetime, unit: str, count: int) -> _Found | None:
    """`count` units before now: an instant for units under a day, else a day."""
    try:
        if unit in ("seconds", "minutes", "hours"):
            moment = now.astimezone(UTC) - timedelta(**{unit: count})
            return _Found(0, 0, "relative", moment=moment.astimezone(now.tzinfo))
        if unit in ("months", "years"):
            day = _months_back(now.date(), count * (12 if unit == "years" else 1))
        else:
            day = now.date() - timedelta(**{unit: count})
    except OverflowError:
        return None
    return _Found(0, 0, "relative", day) if day else None


def _day_word_dates(text: str, now: datetime | None) -> Iterator[_Found]:
    """اليوم, أمس, البارحة, أول أمس: against now."""
    if now is None:
        return
    for m in _DAY_WORD.finditer(text):
        key = _key(m["word"])
        if key == "اليوم" and _THE_DAY.match(text, m.end()):
            continue
        yield _Found(m.start(), m.end(), "relative", now.date() - timedelta(days=_DAYS_BACK[key]))


Parser = Callable[[str, datetime | None], Iterator[_Found]]
# Each parser with the cue it needs. Order breaks ties between finds with the same span:
# 2016-05-20 is ISO, not numeric.
PARSERS: tuple[tuple[str, Parser], ...] = (
    ("numeric", _iso_dates),
    ("named", _named_dates),
    ("comma", _month_first_dates),
    ("english", _english_dates),
    ("comma", _english_month_first_dates),
    ("persian", _persian_dates),
    ("numeric", _day_first_numbers),
    ("numeric", _year_first_numbers),
    ("named", _hijri_dates),
    ("relative", _ago_dates),
    ("relative", _day_word_dates),
)
_RANK = {"gregorian": 0, "numeric": 0, "iso": 0, "hijri": 1, "relative": 2}


# --- Around a found day: weekday before, time of day after (or before), zone after.


def _finish(text: str, found: _Found, tz: tzinfo) -> DateMatch:
    if found.moment is not None:
        return DateMatch(found.moment, found.start, found.end, True, found.kind)
    start, end, clock = found.start, found.end, found.clock
    weekday = _WEEKDAY_BEFORE.search(text, max(0, start - 24), start)
    start = weekday.start() if weekday else start
    zone = None
    if clock is None:
        clock, end = _clock_after(text, end)
    if clock is None:
        zone, clock, end = _zone_then_clock(text, end)
    if clock is None:
        clock, start = _clock_before(text, start)
    if zone is None:
        zone, end = _zone_after(text, end)
    if zone is None and clock is not None:
        zone, end = _offset_after(text, end)
    value = datetime.combine(found.day, clock or time(0), zone or tz)
    return DateMatch(value, start, end, clock is not None, found.kind)


def _read_clock(m: re.Match[str] | None) -> time | None:
    """A time from a _CLOCK match; a lone hour counts only after الساعة (الساعة 9 مساءً)."""
    if m is None or (m["minute"] is None and m["at"] is None):
        return None
    meridiem = m["meridiem"] and _MERIDIEM_KINDS[_key(m["meridiem"])]
    return _clock(int(m["hour"]), int(m["minute"] or 0), int(m["second"] or 0), meridiem)


def _clock_after(text: str, end: int) -> tuple[time | None, int]:
    m = _CLOCK_AFTER.match(text, end)
    clock = _read_clock(m)
    return (clock, m.end()) if clock and m else (None, end)


def _zone_then_clock(text: str, end: int) -> tuple[tzinfo | None, time | None, int]:
    """KSA 12:05 - GMT 09:05 after the date: the first zone and its time."""
    m = _ZONE_THEN_CLOCK.match(text, end)
    clock = _read_clock(m)
    if clock is None or m is None:
        return None, None, end
    return _zone(str(_ZONE_KEYS[_key(m["name"])])), clock, m.end()


def _clock_before(text: str, start: int) -> tuple[time | None, int]:
    """09:05 ص الجمعة 20 مايو 2016 (Masrawy, Al-Khaleej) puts the time first."""
    m = _CLOCK_BEFORE.search(text, max(0, start - 40), start)
    clock = _read_clock(m)
    return (clock, m.start()) if clock and m else (None, start)


def _offset_after(text: str, end: int) -> tuple[tzinfo | None, int]:
    m = _OFFSET_AFTER.match(text, end)
    zone = m and _offset(m["sign"], int(m["hours"]), int(m["minutes"]))
    return (zone, m.end()) if zone and m else (None, end)


def _zone_after(text: str, end: int) -> tuple[tzinfo | None, int]:
    m = _ZONE_AFTER.match(text, end)
    if m is None:
        return None, end
    name = _key(m["name"])
    if not (m["via"] or m["open"] or name in _BARE_ZONES):
        return None, end  # a bare city after a date is the story's place, not its clock
    zone = _zone(str(_ZONE_KEYS[name]))
    if m["sign"]:  # GMT+3, UTC+03:00: an offset only makes sense from UTC
        offset = _offset(m["sign"], int(m["hours"]), int(m["minutes"] or 0))
        if zone is not UTC or offset is None:
            return None, end
        zone = offset
    return zone, m.end()


# --- Public interface.


def _local_now(now: datetime | None, tz: tzinfo) -> datetime | None:
    if now is None:
        return None
    return now.replace(tzinfo=tz) if now.tzinfo is None else now.astimezone(tz)


def _worth_scanning(text: str, now: datetime | None) -> bool:
    """Most lines of an article have no digit: skip them before folding."""
    return bool((_HAS_DIGIT if now is None else _HAS_RELATIVE).search(text))


def _matches(folded: str, tz: tzinfo, now: datetime | None, first_only: bool) -> list[DateMatch]:
    """Dates in folded text, ranked: Gregorian before Hijri before relative, then by position."""
    cues = {m.lastgroup for m in _CUES.finditer(folded)}
    if now is not None and _RELATIVE_CUE.search(folded):
        cues.add("relative")
    ranked = []
    for order, (cue, parser) in enumerate(PARSERS):
        if cue not in cues:
            continue
        ranks_seen = set()
        for found in parser(folded, now):
            rank = _RANK[found.kind]
            if first_only and rank in ranks_seen:
                continue
            ranks_seen.add(rank)
            match = _finish(folded, found, tz)
            ranked.append((rank, match.start, -match.end, order, match))
            if first_only and rank == 0:  # nothing later in this family can rank higher
                break
    return [item[-1] for item in sorted(ranked)]


# What fold_arabic drops (marks, tatweel, invisible controls), found by asking it so that the
# two never disagree. Otherwise folding maps a line character to character, except that a run
# of whitespace becomes one space, or none at either end.
_DROPPED = re.escape(
    "".join(
        char
        for char in map(chr, [*range(0x0600, 0x0700), *range(0x2000, 0x2070), 0x00AD, 0xFEFF])
        if not char.isspace() and fold_arabic(char) == ""
    )
)
_SHRINKS = re.compile(rf"\s*[{_DROPPED}][\s{_DROPPED}]*|\s\s+|^\s+|\s+$")


def _map_back(text: str, folded: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets in text of folded[start:end], found by walking only where folding shrinks the
    line; None when NFKC or case folding changed more than that (then the slow way)."""
    stretches = [(0, 0)]  # (folded index, text index) where a one-to-one stretch begins
    for m in _SHRINKS.finditer(text):
        folded_at, text_at = stretches[-1]
        folded_at += m.start() - text_at
        if m.start() > 0 and m.end() < len(text) and any(c.isspace() for c in m.group()):
            folded_at += 1  # the run became one space
        stretches.append((folded_at, m.end()))
    starts = [folded_at for folded_at, _ in stretches]

    def back(index: int) -> int:
        folded_at, text_at = stretches[bisect.bisect_right(starts, index) - 1]
        return text_at + index - folded_at

    first, last = back(start), back(end - 1) + 1
    return (first, last) if fold_arabic(text[first:last]) == folded[start:end] else None


_FOLDED_CHARS: dict[str, str] = {}


def _fold_char(char: str) -> str:
    piece = _FOLDED_CHARS.get(char)
    if piece is None:
        piece = _FOLDED_CHARS[char] = " " if char.isspace() else fold_arabic(char)
    return piece


def _fold_with_offsets(text: str, length: int) -> tuple[str, list[int]]:
    """The first `length` characters of fold_arabic(text), rebuilt a character at a time, with
    each one's index in text: spans found in folded text point back into the original."""
    chars: list[str] = []
    offsets: list[int] = []
    space_at = None
    for index, char in enumerate(text):
        if len(chars) >= length:
            break
        piece = _fold_char(char)
        if piece == " ":
            space_at = index if chars and space_at is None else space_at
            continue
        if piece and space_at is not None:
            chars.append(" ")
            offsets.append(space_at)
            space_at = None
        chars.extend(piece)
        offsets.extend([index] * len(piece))
    return "".join(chars), offsets


def _in_original(
    text: str, folded: str, match: DateMatch, tz: tzinfo, now: datetime | None
) -> DateMatch | None:
    span = _map_back(text, folded, match.start, match.end)
    if span is None:
        mapped, offsets = _fold_with_offsets(text, match.end)
        if not folded.startswith(mapped):  # NFKC joined characters: find the date again
            mapped, offsets = _fold_with_offsets(text, len(text) * 4)
            found = _matches(mapped, tz, now, first_only=True)
            if not found:
                return None
            match = found[0]
        span = offsets[match.start], offsets[match.end - 1] + 1
    start, end = span
    while end < len(text) and _fold_char(text[end]) == "":  # a trailing tanwin or tatweel
        end += 1
    return replace(match, start=start, end=end)


def find_date(text: str, *, tz: tzinfo, now: datetime | None = None) -> DateMatch | None:
    """The first date expression inside `text` (one line), or None."""
    if not _worth_scanning(text, now):
        return None
    folded = fold_arabic(text)
    now = _local_now(now, tz)
    found = _matches(folded, tz, now, first_only=True)
    return _in_original(text, folded, found[0], tz, now) if found else None


def parse_date(text: str, *, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    """find_date(...).value, or None."""
    match = find_date(text, tz=tz, now=now)
    return match.value if match else None


def is_date_line(line: str, *, tz: tzinfo, now: datetime | None = None) -> bool:
    """True when the line is mostly a date expression: its dates (a Hijri one beside the
    Gregorian one counts), weekday, time, zone and dateline chrome (نشر في, آخر تحديث, الموافق,
    separators) cover at least two thirds of its letters and digits."""
    if not _worth_scanning(line, now):
        return False
    folded = fold_arabic(line)
    matches = _matches(folded, tz, _local_now(now, tz), first_only=False)
    if not matches:
        return False
    rest = list(folded)
    for match in matches:
        rest[match.start : match.end] = " " * (match.end - match.start)
    left = _CHROME.sub(" ", "".join(rest))
    return 3 * len(_NON_WORD.sub("", left)) <= len(_NON_WORD.sub("", folded))
