"""Accuracy and speed of digest.dates over tests/data/dates.tsv, beside dateparser if installed.

Run from the checkout: python bench/dates_accuracy.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout, not whatever `digest` the environment installed

from digest.dates import find_date, is_date_line, parse_date  # noqa: E402

TABLE = ROOT / "tests" / "data" / "dates.tsv"
DEFAULT_TZ = "Asia/Riyadh"
Row = tuple[str, str, datetime | None, str]
Parser = Callable[[str, str, datetime | None], datetime | None]
LANGUAGES = ["ar", "en", "fa"]  # the table has Arabic, English and Persian rows

# A saved article as digest reads it, line by line: chrome, dateline, body with numbers.
ARTICLE = """\
الرئيسية | أخبار | عربي
مصر: الحكومة تعلن خطة لخفض العجز إلى 9.8% خلال عامين
الجمعة 20 مايو 2016 09:05 ص
كتب- أحمد علي
أعلنت الحكومة المصرية، اليوم الجمعة، خطة اقتصادية جديدة تهدف إلى خفض عجز الموازنة.
وقال وزير المالية في مؤتمر صحفي بالقاهرة إن الخطة تمتد على 3 سنوات وتشمل 12 إجراء.
وأضاف أن العجز بلغ 11.5% من الناتج المحلي في العام المالي الماضي.
وأشار إلى أن الحكومة تستهدف نموا بنسبة 5.2% بحلول عام 2018.
ويأتي الإعلان بعد اجتماع استمر 6 ساعات بين الوزراء ومحافظ البنك المركزي.
وكان البنك قد خفض قيمة الجنيه في 14 مارس الماضي بنسبة 14.5%.
من جهته، قال الخبير الاقتصادي محمد حسن إن الخطة طموحة لكنها تحتاج إلى دعم دولي.
وأوضح أن صندوق النقد الدولي قد يقدم قرضا بقيمة 12 مليار دولار على 3 سنوات.
وتعاني مصر من نقص في العملة الأجنبية منذ ثورة 25 يناير 2011.
وتراجعت الاحتياطيات إلى 17.5 مليار دولار في نهاية أبريل.
ويقول مسؤولون إن السياحة تراجعت بنسبة 40% بعد سقوط الطائرة الروسية.
وبحسب الأرقام الرسمية، زار مصر 9.3 مليون سائح عام 2015.
الاستثمار الأجنبي
وتأمل الحكومة في جذب استثمارات أجنبية بقيمة 10 مليارات دولار.
وقال رئيس هيئة الاستثمار إن 45 شركة أبدت اهتماما بالمشاريع الجديدة.
وأضاف أن قانون الاستثمار الجديد سيعرض على البرلمان قبل نهاية يونيو/حزيران.
للتواصل مع الهيئة: 19079 أو 0227735420
ردود الفعل
ورحب اتحاد الصناعات بالخطة، ودعا إلى تسريع الإصلاحات.
في المقابل، انتقدت أحزاب معارضة الخطة وقالت إنها تحمل الفقراء العبء الأكبر.
وقال النائب خالد يوسف إن أسعار 50 سلعة أساسية ارتفعت بنسبة 30% خلال عام.
وشهدت البورصة ارتفاعا بنسبة 2.1% في ختام تعاملات الخميس.
وارتفع المؤشر الرئيسي إلى 6789 نقطة.
وتخطط الحكومة لطرح حصص في 5 شركات عامة في البورصة.
اقرأ أيضا:
البنك المركزي يبقي أسعار الفائدة دون تغيير
الجنيه يتراجع أمام الدولار في السوق الموازية
شارك:
فيسبوك تويتر واتساب
الأكثر قراءة
1 أسعار الذهب اليوم
2 نتيجة الشهادة الإعدادية 2016
3 الأهلي يفوز على الزمالك 2-1
تابعونا على
المصدر: وكالات
جميع الحقوق محفوظة © 2016
""".splitlines()

# The same for a saved English article (Al Arabiya English) and a Persian one (BBC Persian):
# more body lines carry a month name beside a number.
ENGLISH_ARTICLE = """\
Al Arabiya English
Home > News > Gulf
Saudi Arabia moves business licensing online to cut red tape
Friday, 20 May 2016 KSA 12:05 - GMT 09:05
Last Update: Friday, 20 May 2016 KSA 18:50 - GMT 15:50
Share: Twitter Facebook WhatsApp
By Staff writer, Al Arabiya English
The commerce ministry started issuing registrations online on 15 May, cutting waits to hours.
More than 3,000 registrations were processed during a trial in Riyadh and Jeddah in April.
The service will reach all 13 regions by December, the ministry said in a statement.
Officials said 3 may resign after an audit of the 2015 accounts, which found 12 errors.
The plan was unveiled on April 25, 2016 as part of Vision 2030.
Small firms make up 20% of GDP, against 50% in other G20 economies, analysts said.
Unemployment among Saudis stood at 11.5% in the first quarter of 2016.
The ministry expects 45,000 new registrations in 2016, up from 28,000 in 2015.
Fees fell by 30 percent, to 1,200 riyals, from 1 June.
Business owners welcomed the change but said permits still took 6 to 8 weeks.
"We used to wait 10 days for a registration," said Ahmed, 34, who runs 2 cafes in Jeddah.
Read more:
Saudi cabinet approves 2016 budget cuts
Aramco IPO could come as early as 2017
Subscribe to our newsletter
All rights reserved © 2016 Al Arabiya
""".splitlines()

PERSIAN_ARTICLE = """\
بی‌بی‌سی فارسی
خانه  ایران  جهان  اقتصاد  ورزش
فیلم «فروشنده» اصغر فرهادی دو جایزه از جشنواره کن گرفت
۲۲ مه ۲۰۱۶ - ۲ خرداد ۱۳۹۵
اشتراک‌گذاری
حق نشر عکس AFP
فیلم «فروشنده» در مراسم اختتامیه شصت و نهمین جشنواره فیلم کن دو جایزه گرفت.
این فیلم تنها نماینده سینمای ایران در بخش مسابقه اصلی جشنواره امسال بود.
جشنواره کن از ۱۱ تا ۲۲ مه برگزار شد و ۲۱ فیلم در بخش اصلی رقابت کردند.
فرهادی در سال ۲۰۱۲ برای فیلم «جدایی نادر از سیمین» جایزه اسکار گرفت.
هوا در روز اختتامیه مه آلود بود و ۲ هزار نفر در مراسم حضور داشتند.
نخل طلای جشنواره امسال به فیلم «من، دنیل بلیک» ساخته کن لوچ رسید.
مطالب مرتبط
""".splitlines()


def read_table() -> list[Row]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, expected, now, tz = [*line.split("\t"), "", ""][:4]
            rows.append((text, expected, datetime.fromisoformat(now) if now else None, tz))
    return rows


def ours(text: str, tz: str, now: datetime | None) -> datetime | None:
    return parse_date(text, tz=ZoneInfo(tz), now=now)


def make_dateparser() -> Parser | None:
    try:
        import dateparser
    except ImportError:
        return None

    def parse(text: str, tz: str, now: datetime | None) -> datetime | None:
        settings = {
            "TIMEZONE": tz,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "past",
        }
        if now is not None:  # dateparser wants a naive base in TIMEZONE
            settings["RELATIVE_BASE"] = now.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
        try:
            return dateparser.parse(text, languages=LANGUAGES, settings=settings)
        except Exception:  # a benchmark counts a crash as a miss
            return None

    return parse


def score(parse: Parser, rows: list[Row]) -> tuple[int, int, list[str]]:
    """Rows right with the same offset, rows right as an instant, and the misses."""
    strict = instant = 0
    misses = []
    for text, expected, now, tz in rows:
        got = parse(text, tz or DEFAULT_TZ, now)
        want = None if expected == "none" else datetime.fromisoformat(expected)
        if got is None or want is None:
            ok = ok_instant = got is None and want is None
        else:
            ok_instant = got.tzinfo is not None and got == want
            ok = ok_instant and got.isoformat() == want.isoformat()
        strict += ok
        instant += ok_instant
        if not ok:
            misses.append(f"  {text!r}: want {expected}, got {got.isoformat() if got else None}")
    return strict, instant, misses


def per_call(parse: Parser, rows: list[Row], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for text, _expected, now, tz in rows:
            parse(text, tz or DEFAULT_TZ, now)
    return (time.perf_counter() - start) / (rounds * len(rows))


def article_scan(article: list[str], rounds: int = 200) -> tuple[float, float]:
    """Seconds to run find_date, then is_date_line, over every line of an article."""
    tz, now = ZoneInfo("Africa/Cairo"), datetime(2016, 5, 20, 12, tzinfo=ZoneInfo("Africa/Cairo"))
    results = []
    for check in (find_date, is_date_line):
        start = time.perf_counter()
        for _ in range(rounds):
            for line in article:
                check(line, tz=tz, now=now)
        results.append((time.perf_counter() - start) / rounds)
    return results[0], results[1]


def main() -> None:
    rows = read_table()
    contenders: list[tuple[str, Parser, int]] = [("digest.dates", ours, 50)]
    dateparser_parse = make_dateparser()
    if dateparser_parse is not None:
        contenders.append((f"dateparser.parse(languages={LANGUAGES})", dateparser_parse, 1))
    else:
        print("dateparser not installed: measuring digest.dates only")
    for name, parse, rounds in contenders:
        strict, instant, misses = score(parse, rows)
        seconds = per_call(parse, rows, rounds)
        print(f"{name}: {strict}/{len(rows)} right ({strict / len(rows):.1%}), "
              f"{instant}/{len(rows)} same instant; {seconds * 1e6:.1f} µs per call")  # fmt: skip
        if "-v" in sys.argv:
            print("\n".join(misses))
    for name, article in (
        ("Arabic", ARTICLE),
        ("English", ENGLISH_ARTICLE),
        ("Persian", PERSIAN_ARTICLE),
    ):
        find_seconds, line_seconds = article_scan(article)
        print(f"{len(article)}-line {name} article: find_date on every line "
              f"{find_seconds * 1e3:.3f} ms ({find_seconds / len(article) * 1e6:.1f} µs a line), "
              f"is_date_line on every line {line_seconds * 1e3:.3f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
