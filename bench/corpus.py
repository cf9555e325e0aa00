"""A deterministic Arabic corpus for the benchmarks: articles, weekly notes, saved texts, a feed.

Everything comes from `random.Random(seed)`: the same seed and size give the same bytes. Articles
are written as ingestion writes them (`digest.store`), so the build reads what a real site holds:
`content/articles/<year>/<date>-<slug>.md` and `content/notes/<week>.md`.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path

from digest import store
from digest.records import Article, Link
from digest.slugs import make_slug
from digest.weeks import week_id

SEED = 20160520
TZ = timezone(timedelta(hours=3))  # Asia/Riyadh, as pelicanconf.py
START = date(2016, 1, 1)
DAYS = 730  # about two years
NOTE_EVERY_WEEKS = 8

# 30 keywords: most fall under the site's DIGEST_THEMES, some under none (keyword sections).
GROUPS: dict[str, list[str]] = {
    "politics": [
        "روسيا",
        "سوريا",
        "الناتو",
        "انتخابات",
        "برلمان",
        "حكومة",
        "مفاوضات",
        "غارات جوية",
        "الدولة الإسلامية",
        "وزير الخارجية",
    ],
    "economy": [
        "النفط",
        "أسعار النفط",
        "البورصة",
        "الدولار",
        "التضخم",
        "البنك المركزي",
        "الاستثمار",
        "أوبك",
    ],
    "sport": ["كرة القدم", "الدوري", "المنتخب", "بطولة", "كأس"],
    "society": ["الصحة", "التعليم", "المناخ", "التكنولوجيا", "السياحة", "اللاجئين", "الثقافة"],
}
KEYWORDS = [k for words in GROUPS.values() for k in words]
GROUP_WEIGHTS = {"politics": 4, "economy": 3, "sport": 2, "society": 2}

# Title parts per group: (actor, gender), verbs (masculine, feminine), objects.
ACTORS = {
    "politics": [
        ("وزير الخارجية الروسي", "m"),
        ("الحكومة السورية", "f"),
        ("حلف الناتو", "m"),
        ("البرلمان العراقي", "m"),
        ("الرئيس الأمريكي", "m"),
        ("المعارضة السورية", "f"),
        ("الأمم المتحدة", "f"),
        ("رئيس الوزراء اللبناني", "m"),
        ("الجامعة العربية", "f"),
        ("المبعوث الأممي", "m"),
        ("التحالف الدولي", "m"),
        ("مجلس الأمن", "m"),
    ],
    "economy": [
        ("أسعار النفط", "f"),
        ("الدولار", "m"),
        ("البورصة المصرية", "f"),
        ("البنك المركزي السعودي", "m"),
        ("منظمة أوبك", "f"),
        ("صندوق النقد الدولي", "m"),
        ("الحكومة الكويتية", "f"),
        ("شركة أرامكو", "f"),
        ("سوق دبي المالي", "m"),
        ("الجنيه المصري", "m"),
    ],
    "sport": [
        ("المنتخب المغربي", "m"),
        ("نادي الأهلي", "m"),
        ("فريق الزمالك", "m"),
        ("نادي الهلال", "m"),
        ("المنتخب الجزائري", "m"),
        ("نادي الترجي", "m"),
        ("منتخب مصر", "m"),
        ("الاتحاد الآسيوي", "m"),
        ("نادي الوداد", "m"),
    ],
    "society": [
        ("وزارة الصحة", "f"),
        ("منظمة الصحة العالمية", "f"),
        ("وزارة التعليم", "f"),
        ("المفوضية السامية لشؤون اللاجئين", "f"),
        ("هيئة السياحة", "f"),
        ("جامعة القاهرة", "f"),
        ("مهرجان قرطاج", "m"),
        ("شركات التكنولوجيا الناشئة", "f"),
        ("خبراء المناخ", "m"),
    ],
}
VERBS = {
    "politics": [
        ("يبحث", "تبحث"),
        ("يدعو إلى", "تدعو إلى"),
        ("يرفض", "ترفض"),
        ("يعلن", "تعلن"),
        ("يحذر من", "تحذر من"),
        ("يناقش", "تناقش"),
        ("يطالب بـ", "تطالب بـ"),
        ("ينتقد", "تنتقد"),
    ],
    "economy": [
        ("يتوقع", "تتوقع"),
        ("يعلن", "تعلن"),
        ("يراجع", "تراجع"),
        ("يحذر من", "تحذر من"),
        ("يدرس", "تدرس"),
        ("يخفض", "تخفض"),
    ],
    "sport": [
        ("يستعد لـ", "تستعد لـ"),
        ("يحسم", "تحسم"),
        ("يخسر", "تخسر"),
        ("يتأهل إلى", "تتأهل إلى"),
        ("يعلن", "تعلن"),
    ],
    "society": [
        ("يطلق", "تطلق"),
        ("يحذر من", "تحذر من"),
        ("يعلن", "تعلن"),
        ("يناقش", "تناقش"),
        ("يدعم", "تدعم"),
    ],
}
OBJECTS = {
    "politics": [
        "وقف إطلاق النار",
        "استئناف المفاوضات",
        "الغارات الجوية",
        "ملف اللاجئين",
        "الإصلاحات الدستورية",
        "موعد الانتخابات",
        "العقوبات الاقتصادية",
        "مشروع قرار جديد",
        "تشكيل حكومة وحدة وطنية",
        "تمديد الهدنة",
    ],
    "economy": [
        "تراجع المخزونات الأمريكية",
        "خفض الإنتاج",
        "ارتفاع معدلات التضخم",
        "سعر الفائدة",
        "طرح سندات دولية",
        "عجز الموازنة",
        "خطة الاستثمار الجديدة",
        "أرباح الربع الأول",
    ],
    "sport": [
        "نهائي كأس الاتحاد",
        "ربع نهائي البطولة",
        "مباراة القمة",
        "تصفيات كأس العالم",
        "صدارة الدوري",
        "المعسكر التدريبي",
        "ودية الأسبوع المقبل",
    ],
    "society": [
        "حملة تطعيم وطنية",
        "موجة الحر",
        "مناهج التعليم الجديدة",
        "موسم السياحة الشتوي",
        "أوضاع اللاجئين في المخيمات",
        "معرض الكتاب",
        "منصة رقمية للطلاب",
    ],
}
PLACES = [
    "جنيف",
    "فيينا",
    "حلب",
    "بغداد",
    "القاهرة",
    "الرياض",
    "بيروت",
    "عمّان",
    "الدوحة",
    "تونس",
    "الجزائر",
    "الرباط",
    "موسكو",
    "واشنطن",
    "إسطنبول",
    "دبي",
    "الكويت",
    "طرابلس",
]
OUTLETS = [
    ("الجزيرة نت", "aljazeera.example"),
    ("العربية نت", "alarabiya.example"),
    ("الشرق الأوسط", "aawsat.example"),
    ("الخليج الجديد", "thenewkhalij.example"),
    ("وكالة الأناضول", "aa.example"),
    ("فرانس 24", "france24.example"),
    ("بي بي سي عربي", "bbc-arabic.example"),
    ("عربي21", "arabi21.example"),
    ("النهار", "annahar.example"),
    ("اليوم السابع", "youm7.example"),
]
AUTHORS = ["محمد سعد", "ليلى حسن", "أحمد الخطيب", "سارة منصور", "خالد العمري", "نور الهدى"]
SPEAKERS = [
    "المتحدث الرسمي باسم الوزارة",
    "مصدر دبلوماسي مطلع",
    "الخبير الاقتصادي سامر يوسف",
    "المدير الفني للفريق",
    "مسؤول في المنظمة",
    "أستاذ العلوم السياسية في جامعة بيرزيت",
]
QUALIFIERS = [
    "وسط ترقب",
    "للمرة الثانية",
    "رغم الانتقادات",
    "بعد اجتماع طارئ",
    "قبل نهاية العام",
    "خلال أيام",
    "في ظل الخلافات",
    "بشكل مفاجئ",
]
CLAUSES = [
    "الأيام المقبلة ستشهد اتصالات مكثفة بين الأطراف المعنية",
    "الأرقام الأخيرة تعكس حجم التحديات التي تواجه المنطقة",
    "القرار جاء بعد مشاورات استمرت عدة أسابيع",
    "الخطة تهدف إلى تخفيف الأعباء عن المواطنين",
    "التوقعات تشير إلى تحسن تدريجي خلال الربع المقبل",
    "الاجتماع المقبل سيحدد ملامح المرحلة القادمة",
    "المؤشرات الأولية مشجعة رغم استمرار المخاوف",
    "الجهود الدولية لم تنجح حتى الآن في تحقيق اختراق حقيقي",
    "الجماهير تنتظر أداء أفضل في المواجهات القادمة",
    "المبادرة تحظى بدعم واسع من المنظمات الأهلية",
]
CONTEXTS = [
    "تتصاعد فيه الضغوط الدولية لإيجاد حل سياسي",
    "تشهد فيه الأسواق تقلبات حادة",
    "يستعد فيه الجميع لموسم حافل بالاستحقاقات",
    "تتزايد فيه الدعوات إلى إصلاحات جذرية",
    "تعاني فيه المنطقة من أزمات متلاحقة",
]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]


@dataclass(frozen=True)
class Story:
    """One generated article: its record plus its paragraphs (for saved texts and feeds)."""

    article: Article
    group: str
    paragraphs: tuple[str, ...]


class Generator:
    """Stories from one seed, in date order; titles (hence slugs) never repeat."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.slugs: set[str] = set()
        self.by_group: dict[str, list[Article]] = {group: [] for group in GROUPS}

    def stories(self, n: int) -> list[Story]:
        moments = sorted(self.moment() for _ in range(n))
        return [self.story(moment, number) for number, moment in enumerate(moments)]

    def moment(self) -> datetime:
        day = START + timedelta(days=self.rng.randrange(DAYS))
        minute = self.rng.randrange(6 * 60, 23 * 60)
        return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TZ)

    def story(self, moment: datetime, number: int) -> Story:
        rng = self.rng
        group = rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()))[0]
        title, slug = self.title(group, moment)
        keywords = rng.sample(GROUPS[group], min(len(GROUPS[group]), rng.randint(2, 3)))
        if rng.random() < 0.3:  # a keyword from another group: sections overlap
            keywords.append(rng.choice([k for k in KEYWORDS if k not in keywords]))
        paragraphs = tuple(
            self.paragraph(group, keywords, moment) for _ in range(rng.randint(3, 6))
        )
        outlets = rng.sample(OUTLETS, rng.choice((1, 1, 1, 2)))
        link = f"https://{outlets[0][1]}/news/{moment:%Y/%m/%d}/{number}"
        article = Article(
            title=title,
            body="\n\n".join(paragraphs),
            date=moment,
            lang="ar",
            sources=tuple(name for name, _ in outlets),
            source_links=(Link(outlets[0][0], link),),
            keywords=tuple(keywords),
            related=self.related(group),
            link=link,
            slug=slug,
            summary=paragraphs[0].split("،")[0].split(".")[0][:280],
            author=rng.choice(AUTHORS) if rng.random() < 0.3 else None,
            guid=link,
        )
        self.by_group[group].append(article)
        return Story(article, group, paragraphs)

    def title(self, group: str, moment: datetime) -> tuple[str, str]:
        rng = self.rng
        for attempt in range(50):
            actor, gender = rng.choice(ACTORS[group])
            verb = rng.choice(VERBS[group])[gender == "f"]
            joiner = "" if verb.endswith("ـ") else " "
            title = f"{actor} {verb}{joiner}{rng.choice(OBJECTS[group])}"
            if attempt > 2 or rng.random() < 0.6:
                title += f" في {rng.choice(PLACES)}"
            if attempt > 5 or rng.random() < 0.2:
                title += f" {rng.choice(QUALIFIERS)}"
            if attempt > 10:
                title += f" ({attempt})"
            slug = make_slug(title, moment)
            if slug not in self.slugs:
                self.slugs.add(slug)
                return title, slug
        raise RuntimeError("corpus: no unique title left")  # pragma: no cover

    def paragraph(self, group: str, keywords: list[str], moment: datetime) -> str:
        rng = self.rng
        actor, gender = rng.choice(ACTORS[group])
        verb = rng.choice(VERBS[group])[gender == "f"]
        joiner = "" if verb.endswith("ـ") else " "
        sentences = [
            f"{actor} {verb}{joiner}{rng.choice(OBJECTS[group])}، في خطوة تتعلق بملف "
            f"«{rng.choice(keywords)}»، وذلك خلال اجتماع عقد في {rng.choice(PLACES)}.",
            f"وقال {rng.choice(SPEAKERS)} في تصريح صحفي، يوم {WEEKDAYS[moment.weekday()]}، "
            f"إن {rng.choice(CLAUSES)}.",
            f"وأضاف أن {rng.choice(CLAUSES)}، مشيراً إلى أن {rng.choice(CLAUSES)}.",
            f"ويأتي ذلك في وقت {rng.choice(CONTEXTS)}، بحسب ما أفادت به وسائل إعلام محلية.",
            f"وكانت {rng.choice(PLACES)} قد شهدت تطورات مماثلة في {rng.choice(MONTHS)} الماضي، "
            f"ما أعاد ملف «{rng.choice(keywords)}» إلى الواجهة.",
        ]
        return " ".join(rng.sample(sentences, rng.randint(2, 4)))

    def related(self, group: str) -> tuple[Link, ...]:
        earlier = self.by_group[group][-40:]
        if not earlier or self.rng.random() >= 0.25:
            return ()
        picks = self.rng.sample(earlier, min(len(earlier), self.rng.randint(1, 2)))
        # Half name the earlier story with its URL, half by headline only (as saved pages do).
        return tuple(Link(a.title, a.link if self.rng.random() < 0.5 else None) for a in picks)


def article_text(article: Article) -> str:
    """The Markdown file ingestion would write for a new article."""
    return store.render_file(*store.merge(None, article))


def write_articles(content: Path, stories: list[Story]) -> list[Path]:
    root = content / "articles"
    paths = []
    for story in stories:
        path = store.article_path(root, story.article)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(story.article), encoding="utf-8")
        paths.append(path)
    return paths


def note_text(week: str, stories: list[Story], rng: random.Random) -> str:
    featured = rng.choice(stories).article.title
    keyword = rng.choice(stories[0].article.keywords)
    return (
        f"Title: أبرز أخبار الأسبوع {week}: {stories[0].article.title}\n"
        f"Week: {week}\n"
        f"Featured: {featured}\n"
        "Excluded:\n\n"
        f"هيمن ملف **{keyword}** على أخبار هذا الأسبوع، وتابعنا تطوراته من مصادر عدة.\n\n"
        f"نختار لكم في صدر العدد: {featured}، ونرتب بقية الأخبار حسب الموضوع.\n"
    )


def write_notes(content: Path, stories: list[Story], rng: random.Random) -> list[Path]:
    """A note every few weeks, featuring one of the week's articles."""
    weeks: dict[str, list[Story]] = {}
    for story in stories:
        weeks.setdefault(week_id(story.article.date.date()), []).append(story)
    folder = content / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for week in sorted(weeks)[::NOTE_EVERY_WEEKS]:
        path = folder / f"{week}.md"
        path.write_text(note_text(week, weeks[week], rng), encoding="utf-8")
        paths.append(path)
    return paths


def write_corpus(content: Path, n: int, seed: int = SEED) -> dict[str, int]:
    """Replace `content` with n articles and a few weekly notes; returns what was written."""
    shutil.rmtree(content, ignore_errors=True)
    generator = Generator(seed)
    stories = generator.stories(n)
    articles = write_articles(content, stories)
    notes = write_notes(content, stories, random.Random(seed + 1))
    return {"articles": len(articles), "notes": len(notes)}


def extra_article(content: Path, number: int, seed: int = SEED) -> Path:
    """One more article (a "new" story for rebuild timings), dated in the corpus' last week."""
    generator = Generator(seed + 1000 + number)
    moment = datetime.combine(START + timedelta(days=DAYS - 1), datetime.min.time(), TZ)
    story = generator.story(moment.replace(hour=12), 10_000_000 + number)
    story = Story(
        story.article.with_changes(
            title=f"{story.article.title} — خبر عاجل {number}",
            slug=f"{story.article.slug}-عاجل-{number}",
        ),
        story.group,
        story.paragraphs,
    )
    return write_articles(content, [story])[0]


# Sources for ingestion: saved text copies (the seed's layout) and one large RSS feed.


def saved_text(story: Story) -> str:
    """A plain-text copy of a news page, laid out like /work/shared/samples' seed article."""
    article, moment = story.article, story.article.date
    hour = moment.hour % 12 or 12
    meridiem = "ص" if moment.hour < 12 else "م"
    date_line = (
        f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} {moment.year} "
        f"{hour:02d}:{moment.minute:02d} {meridiem}"
    )
    parts = [article.title, date_line, *story.paragraphs]
    parts.append(f"المصدر | {' + '.join(article.sources)}")
    parts.append("  كلمات مفتاحية")
    parts.append(" ".join(article.keywords))
    parts += [link.title for link in article.related]
    return "\n\n".join(parts)


def write_saved(folder: Path, n: int, seed: int = SEED) -> list[Path]:
    """n saved text articles, one `.txt` each."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for number, story in enumerate(Generator(seed + 2).stories(n)):
        path = folder / f"saved-{number:06d}.txt"
        path.write_text(saved_text(story), encoding="utf-8")
        paths.append(path)
    return paths


def feed_item(story: Story) -> str:
    article = story.article
    categories = "".join(f"<category>{escape(k)}</category>" for k in article.keywords)
    lead = ". ".join(story.paragraphs[0].split(". ")[:2])  # keeps 10,000 entries under 10 MiB
    description = escape(f"<p>{lead}</p>")
    return (
        f"<item><title>{escape(article.title)}</title><link>{article.link}</link>"
        f'<guid isPermaLink="true">{article.guid}</guid>'
        f"<pubDate>{format_datetime(article.date)}</pubDate>{categories}"
        f"<description>{description}</description></item>"
    )


def write_feed(path: Path, n: int, seed: int = SEED) -> Path:
    """An RSS 2.0 file of n entries, newest first, as a news site's feed would be."""
    stories = Generator(seed + 3).stories(n)
    items = "\n".join(feed_item(s) for s in reversed(stories))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>موجز الأخبار التجريبي</title><link>https://news.example/</link>"
        "<description>أخبار مولدة للاختبار</description><language>ar</language>\n"
        f"{items}\n</channel></rss>\n",
        encoding="utf-8",
    )
    return path
