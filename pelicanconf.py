"""Site settings for development builds. DIGEST_* defaults live in digest/settings.py;
set here only what differs. publishconf.py adds what publishing needs."""

SITENAME = "الموجز العربي"
SITESUBTITLE = "موجز أسبوعي منتقى للأخبار العربية"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["."]
PLUGINS = ["digest.plugin"]

TIMEZONE = "Asia/Riyadh"
DEFAULT_LANG = "ar"
# Every value is text unless a template says otherwise: titles and metadata from feeds can
# never become markup. Sanitized HTML (article content, notes) is marked |safe in the theme.
# auto_reload off: Jinja would check every template file's time on every render.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,
}
# Incremental builds: Pelican keeps the finished articles and pages between builds and reads
# again only files whose mtime changed (digest/content_cache.py makes that safe), uncompressed:
# gzip costs seconds per build at 10,000 articles; the digest plugin's writer skips pages whose
# inputs did not change (digest/incremental.py).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "generator"
CHECK_MODIFIED_METHOD = "mtime"
GZIP_CACHE = False
CACHE_PATH = ".digest-cache/pelican"
THEME_STATIC_PATHS = []  # the digest plugin copies theme/static only when a file changed
DEFAULT_DATE = None  # an article without a date stays a draft; the editor dates it
DEFAULT_PAGINATION = 20
FORMATTED_FIELDS = ["summary", "note"]

# URLs: articles by year, slugs keep Arabic words (digest/slugs.py keeps Pelican in line).
ARTICLE_URL = "articles/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "articles/{date:%Y}/{slug}/index.html"
# An English article from a feed is its own article, not a translation: same URL scheme, and
# no translation matching (Pelican's is quadratic: minutes at 100,000 articles).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_SAVE_AS = ""
# Pelican gives no default category when CATEGORY_SAVE_AS is empty, then fails on drafts.
DEFAULT_METADATA = {"category": "news"}
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
ARCHIVES_SAVE_AS = "archives.html"
DIRECT_TEMPLATES = ["index", "tags", "archives"]
TEMPLATE_PAGES = {"404.html": "404.html", "search.html": "search/index.html"}
SLUGIFY_SOURCE = "title"
SLUGIFY_USE_UNICODE = True
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[\u064b-\u065f\u0670\u0640]", ""),  # diacritics and tatweel, as digest/slugs.py
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]

# Feeds are written by the digest plugin (stable ids, xml:lang, self links).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50

# The digest.
DIGEST_THEMES = {
    "سياسة": [
        "سياسة",
        "حزب",
        "رئيس الوزراء",
        "رئاسة الحكومة",
        "روسيا",
        "سوريا",
        "الناتو",
        "حلف شمال الأطلسي",
        "انتخابات",
        "برلمان",
        "حكومة",
        "وزير الخارجية",
        "غارات جوية",
        "مفاوضات",
        "جبهة النصرة",
        "الدولة الإسلامية",
    ],
    "اقتصاد": [
        "اقتصاد",
        "النفط",
        "أسعار النفط",
        "البورصة",
        "الأسواق",
        "العملة",
        "الدولار",
        "التضخم",
        "البنك المركزي",
        "الاستثمار",
        "أوبك",
    ],
    "رياضة": ["رياضة", "كرة القدم", "الدوري", "المنتخب", "بطولة", "مباراة", "كأس"],
}
DIGEST_FEEDS = [
    # {"url": "https://example.org/feed.xml", "source": "المصدر", "lang": "ar", "theme": "سياسة"},
]
