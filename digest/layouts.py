"""What the lines of a saved news page look like: markers, site chrome and line shapes.

The patterns read folded text (`fold_arabic`: one hamza-less alef, no diacritics or tatweel,
ة→ه, ى→ي, Latin digits, lower-case Latin), so one spelling covers a site's variants. They
describe kinds of line common to Arabic news sites, never one saved article.
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- Markers that open the tail of an article.

RELATED_MARKER = _rx(
    r"^(?:اقرا|اقرأ)\s+(?:ايضا|المزيد)|^(?:مواضيع|اخبار|مقالات|تقارير|موضوعات|قصص)\s+"
    r"(?:ذات صله|متعلقه|مشابهه|مرتبطه|اخري)|^(?:ذات صله|قد يهمك|شاهد ايضا|"
    r"المزيد من|اخبار متعلقه|related|read more|see also|read also|"
    r"مزيد پڑھيے|مزيد پڑھيں|يه بھي پڑھيں|مطالب مرتبط|بيشتر بخوانيد)\s*[:：]?\s*$"
)
# Site-wide lists beside the article (`الأكثر قراءة`, most read): unrelated headlines, chrome.
CHROME_LIST_MARKER = _rx(
    r"^(?:الاكثر|الأكثر)\s+(?:قراءه|مشاهده|تداولا|تعليقا|شعبيه)|^(?:most read|most popular|"
    r"trending|قد يعجبك ايضا|محتوي مدفوع|زياده پڑھي جانے والي)\s*[:：]?\s*$"
)
KEYWORD_MARKER = _rx(
    r"^(?:(?:ال)?كلمات (?:ال)?(?:مفتاحيه|دلاليه|داله|متعلقه)|الوسوم|وسوم|مواضيع|مواضيع الخبر|"
    r"مواضيع متعلقه بالخبر|tags|topics|keywords)\s*[:：|]?\s*(?P<rest>.*)$"
)
SOURCE_LINE = _rx(r"^(?:المصدر|المصادر|مصدر الخبر|source)\s*[|:：\-–]\s*(?P<rest>.+)$")
# `الرابط المختصر: https://...`: the article's own address, printed under it.
LINK_LINE = _rx(
    r"^(?:الرابط المختصر|رابط مختصر|الرابط|رابط الخبر|رابط المقال|رابط دائم|short ?link|"
    r"permalink|link|url)\s*[:：]?\s*https?://\S+$"
)
URL = re.compile(r"https?://\S+")
# `انسخ الرابط` alone, with the address on the next line.
LINK_LABEL = _rx(
    r"^(?:انسخ الرابط|نسخ الرابط|الرابط المختصر|رابط مختصر|رابط الخبر|رابط المقال|رابط دائم|"
    r"short ?link|permalink)\s*[:：]?$"
)
# A line of hashtags only (`#سوريا #الأمم_المتحدة`): the article's tags.
HASHTAG_LINE = re.compile(r"^#[^\s#]+(?:\s+#[^\s#]+)*$")

# --- Date lines: which date a line states.

UPDATED_LINE = _rx(r"(?:اخر|آخر)\s+(?:تحديث|تعديل)|^تحديث|تم التحديث|updated|last update")
PUBLISHED_LINE = _rx(r"نشر|تاريخ النشر|published")
# The site header's own "today" (`اليوم: الأحد 29 ...`): never an article's date.
TODAY_LINE = _rx(r"^(?:اليوم|today)\s*[:：]")
# A line stating a clock time or a year: a date line, even in a form the date parser skips.
DATE_SHAPE = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:1[89]|20|21)\d{2}\b|\b1[34]\d{2}\b")

# --- Chrome: lines of the page around the article, never its text.

BYLINE = _rx(r"^(?:كتب|كتبت|بقلم|اعداد|تحرير|متابعه|مراسل|by)\s*[:：\-–]?\s+(?P<name>[^\d]{2,60})$")
# Photo credits and captions. Some open with a label whatever their length (`Image caption`,
# `التعليق على الصورة`); the others are told by a short line's start or end (`- صورة أرشيفية`).
CAPTION = _rx(
    r"^©|^(?:image copyright|image caption|copyright|getty images|مصدر الصوره|التعليق علي الصوره|"
    r"حق نشر عكس|توضيح تصوير)\b|^[(\[]?\s*(?:الصوره|صوره|photo|image)\s*[:：]|"
    r"^\(.{0,80}(?:صوره|ارشيفيه|getty|afp|رويترز)\)$|"
    r"^(?:تصوير|عدسه|الصوره|photo|credit)\s*[:：]"
)
PHOTO_CREDIT = _rx(r"^(?:تصوير|عدسه|الصوره|photo|credit)\s*[:：]")
SHORT_CAPTION = _rx(
    r"^[(\[]?\s*(?:صوره ارشيفيه|ارشيفيه|صور ارشيفيه)\b|"
    r"[-–|]\s*\(?(?:صوره ارشيفيه|ارشيفيه|ارشيف|صوره)\)?$"
)
CHROME = [
    _rx(r"^(?:شارك|مشاركه|شارك الخبر|شارك المقال|انشر|share|اشتراكگذاري)\b.{0,60}$"),
    _rx(
        r"^(?:(?:فيسبوك|فيس بوك|تويتر|اكس|واتساب|واتس اب|تلغرام|تليجرام|لينكد ان|لينكدان|"
        r"طباعه|ارسال|بريد|نسخ الرابط|facebook|twitter|whatsapp|telegram|email|print|x)"
        r"[\s|/•·،,:-]*)+$"
    ),
    _rx(
        r"(?:عدد\s+)?(?:المشاهدات|القراءات|مشاهدات|قراءات)\s*[:：]?\s*[\d,.]+|"
        r"^[\d,.]+\s+(?:مشاهده|قراءه|تعليق)"
    ),
    _rx(r"اشترك|النشره البريديه|تابعونا|تابعوا|تابعنا علي|حمل تطبيق|subscribe|newsletter"),
    # Labels above the headline and embedded-media captions (`عاجل`, `شاهد: ...`).
    _rx(r"^(?:عاجل|خاص|حصري|breaking|exclusive|live)\s*[:：!]?$"),
    _rx(r"^(?:شاهد|شاهدوا|فيديو|بالفيديو|بالصور|watch)\s*[:：|]\s*\S"),
    # A newspaper's issue number, a dossier the article belongs to (`من ملف : ...`).
    _rx(r"^(?:العدد|رقم العدد|issue)\s*[:：]?\s*\d+$|^(?:من|ضمن)\s+ملف\s*[:：]"),
    # A bare date the date parser does not read (`8 - فبراير - 2022`): a day, a month, a year.
    _rx(r"^\d{1,2}\s*[-/.،,]?\s*[^\d\s]+\s*[-/.،,]?\s*\d{4}$"),
    _rx(r"^(?:حجم الخط|تكبير الخط|تصغير الخط|a\s*a\s*a|\+\s*-|الرييسيه\s*$|تعليقات?\s*\(?\d*\)?)$"),
    _rx(
        r"^(?:تعليقات الزوار|التعليقات|اضف تعليقك|اضف تعليق|اكتب تعليقك|comments?|"
        r"add a comment|leave a comment)\s*\(?\d*\)?$"
    ),
    _rx(r"^(?:الرييسيه|الصفحه الرييسيه|home|خانه)\s*(?:[>»/›<«|]|$)"),
    _rx(r"\S\s*[>›»]\s*\S.*\s[>›»]\s"),  # a breadcrumb with two steps or more
    _rx(r"^[-_=*•·]{3,}$"),
    _rx(
        r"^(?:مدة|مده|وقت) القراءه|دقائق? قراءه|min read|"
        r"^قراءه\s+(?:\d+\s+)?(?:دقيقه|دقيقتين|دقايق)$"
    ),
    _rx(r"^(?:جميع الحقوق|حقوق النشر|©)"),
]
_MENU_GAP = re.compile(r"\s{2,}")

# --- Bullets, datelines and credit lines.

BULLET = re.compile(r"^[\s•\-*–—·▪►◄❖●○■□✓➤>»◀▶]+|^\d{1,2}\s*[.)-]\s+")
# `حلب / الأناضول`, `موسكو - العربية.نت`, `أنقرة- عربي21: ...`: a place (one or two words),
# then the outlet reporting from it.
DATELINE = re.compile(
    r"^(?P<place>[^\s،:()/\-–ـ—]+(?:\s[^\s،:()/\-–ـ—]+)?)\s*[/\-–ـ—]\s*"
    r"(?:[^/:\-–ـ—()]{2,30}/\s*)?[(«“\"]?(?P<source>[^\W\d_][^():،/\-–ـ—«»“”\"]{1,29}?)"
    r"[)»”\"]?\s*(?:[:\-–ـ—]|$)"
)
# `الرياض، السعودية (CNN)-- ...`, `القاهرة (رويترز) - ...`: a place, the outlet in brackets, a
# dash; the outlet counts when it is a news agency or written in Latin letters (CNN, AFP).
PAREN_DATELINE = re.compile(
    r"^(?P<place>[^()\d.:]{2,60}?)\s*\((?P<source>[^()\d]{2,25})\)\s*[-–—ـ]+\s*(?P<rest>.*)$"
)
# News agencies, folded: an agency's name alone on a line or ahead of its place
# (`واس (الرياض)`) credits it; another name there is a reporter's byline.
AGENCY = (
    r"(?:وكالات|رويترز|ا ف ب|ا\.ف\.ب|فرانس برس|اسوشييتد برس|اسوشيتد برس|ا ب|د ب ا|الاناضول|"
    r"واس|بترا|واج|ا ش ا|قنا|وام|كونا|سبا|سانا|بنا|العمانيه|وفا|و م ع|ومع|تاس|سبوتنيك|"
    r"شينخوا|reuters|afp|ap|dpa|اے ايف پي|رايٹرز|اے پي)"
)
SEPARATOR = r"\s*[+،,|/&]\s*|\s+و(?=ال|وكالات)"
AGENCY_LINE = re.compile(rf"^\(?{AGENCY}(?:(?:{SEPARATOR}){AGENCY})*\)?\.?$")
AGENCY_DATELINE = re.compile(
    rf"^(?P<source>{AGENCY})\s*(?:\(\s*[^()\d]{{2,30}}\)|[-–]\s*[^\d]{{2,30}})$"
)
# A caption closed by its photo's credit (`أنصار الحركة في تونس (أ ف ب)`).
CREDITED_CAPTION = re.compile(rf"\S\s*\((?:{AGENCY}|getty[^()]*|[^()]*صوره[^()]*)\)$")
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9 .&-]{1,24}$")
# `ع.ح/ ص.ش (رويترز، أ ف ب)`: editors' initials before the agencies that closes an article.
INITIALS = re.compile(r"^(?:\w{1,2}\.\w{1,2}\.?\s*/?\s*)+$")
TRAILING_AGENCY = re.compile(r"\((?P<source>[^()\d]{2,25})\)\s*\.?$")
# `فرانس24/ أ ف ب`, `الخليج الجديد + رويترز`: outlets credited on a line of their own.
_CREDIT_PART = r"[^\s/+،,.:؛؟!«»()]+(?:\s[^\s/+،,.:؛؟!«»()]+){0,3}"
CREDIT_LINE = re.compile(rf"^{_CREDIT_PART}(?:\s*[/+]\s*{_CREDIT_PART})+\s*\.?$")
SOURCE_SEPARATORS = re.compile(SEPARATOR)

_SENTENCE_END = ".؟?!۔"  # ۔ is the Urdu full stop
_INNER_PUNCTUATION = set('،,:؛;؟?!«»"“”')
SITE_NAME_MAX_WORDS = 4
HEADLINE_MAX_WORDS = 30
META_MAX_WORDS = 6
CHROME_MAX_WORDS = 12
DATE_LINE_MAX_WORDS = 20  # a date line is short; longer lines are never read for one


def is_chrome(folded: str) -> bool:
    """A line of site chrome: share buttons, counters, captions, breadcrumbs, notices. Chrome
    is short: a paragraph saying `اشترك` (took part) or `عدد المشاهدات` is text."""
    if CAPTION.search(folded):
        return True
    if len(folded.split()) > CHROME_MAX_WORDS:
        return False
    return bool(SHORT_CAPTION.search(folded)) or any(p.search(folded) for p in CHROME)


def is_caption(folded: str) -> bool:
    """A photo's caption or credit line (`تصوير: name`, `- صورة أرشيفية`, `© AFP`)."""
    if CAPTION.search(folded):
        return True
    return len(folded.split()) <= CHROME_MAX_WORDS and bool(SHORT_CAPTION.search(folded))


def is_label(line: str) -> bool:
    """A short unpunctuated line that is not a sentence: a caption, a section name, a label."""
    return len(line.split()) <= CHROME_MAX_WORDS and not line.endswith(tuple(_SENTENCE_END))


def is_paragraph(line: str) -> bool:
    """A line that reads as a paragraph of text, not a listed headline: it is too long for a
    headline, or ends with a full stop (headlines may end with `؟` or `!`, rarely with a stop)
    and has no bullet."""
    words = len(line.split())
    if words > HEADLINE_MAX_WORDS:
        return True
    ends = line.rstrip("»\"')” ").endswith((".", "۔"))
    return ends and words > META_MAX_WORDS and not BULLET.match(line)


def is_keyword_line(text: str, folded: str) -> bool:
    """A keyword marker (`الوسوم:`, `مواضيع`) alone or before a list; a paragraph that opens
    with the word (`مواضيع كثيرة طرحت ...`) is not one."""
    match = KEYWORD_MARKER.match(folded)
    if not match:
        return False
    marked = bool(re.match(r"\s*[:：|]", folded[len(folded[: match.start("rest")].rstrip()) :]))
    short = len(text.split()) <= CHROME_MAX_WORDS and not text.endswith(tuple(_SENTENCE_END))
    return marked or not match["rest"] or short


def is_menu(raw: str) -> bool:
    """A navigation menu copied as one line: three or more short items apart by wide gaps."""
    items = _MENU_GAP.split(raw.strip())
    return len(items) >= 3 and all(len(item.split()) <= 3 for item in items)


def is_site_name(line: str) -> bool:
    """Shaped like a site's name above its headline: a few words, no sentence punctuation."""
    return (
        len(line.split()) <= SITE_NAME_MAX_WORDS
        and len(line) <= 40
        and not _INNER_PUNCTUATION.intersection(line)
        and not line.endswith(".")
    )


def is_headline(line: str) -> bool:
    """Shaped like a headline: not too long, not ending as a sentence does."""
    return len(line.split()) <= HEADLINE_MAX_WORDS and not line.rstrip("»\"' ").endswith(".")


def is_meta(line: str) -> bool:
    """A short line between headline and text (a byline, `الرياض: name`, `سمير ح.`), not a
    short sentence: one ends with a stop after a word, a name's initial is one letter."""
    words = line.split()
    ends_sentence = line.endswith(tuple(_SENTENCE_END)) and len(words[-1].rstrip(".")) > 1
    return (
        len(words) <= META_MAX_WORDS
        and len(line) <= 50
        and not line.endswith(":")
        and not ends_sentence
    )


def is_date_shaped(line: str) -> bool:
    """A short line stating a year or a clock time: a date line in any form."""
    return (
        len(line.split()) <= 12
        and not line.endswith(tuple(_SENTENCE_END))
        and bool(DATE_SHAPE.search(line))
    )
