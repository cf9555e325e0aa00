"""Pure grouping: themes by folded phrases, keyword sections, curation, neighbours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from digest.digests import Entry, assign_themes, build_digests
from digest.notes import Curation, WeekNote

TZ = ZoneInfo("Asia/Riyadh")
THEMES = {"سياسة": ["الانتخابات", "وزير الخارجية"], "اقتصاد": ["أسعار النفط"]}


def entry(slug: str, title: str, day: int, keywords: tuple[str, ...] = (), body: str = "") -> Entry:
    return Entry(
        item=slug,
        date=datetime(2016, 5, day, 12, tzinfo=TZ),
        title=title,
        slug=slug,
        keywords=keywords,
        body_text=body,
    )


def test_theme_matching_folds_hamza_diacritics_and_prefixes() -> None:
    entries = [
        entry("a", "وبالانتخابات البلدية", 16),
        entry("b", "ارتفاع اسعار النّفط", 17),
        entry("c", "خبر آخر", 18, body="قال وزيرُ الخارجية إن ..."),
    ]
    themes = assign_themes(entries, THEMES)
    assert [themes[id(e)] for e in entries] == ["سياسة", "اقتصاد", "سياسة"]


def test_known_matches_are_reused_and_kept() -> None:
    entries = [entry("a", "خبر عن أسعار النفط", 16)]
    kept: dict[str, str | None] = {}
    assign_themes(entries, THEMES, kept=kept)
    [key] = kept
    assert kept[key] == "اقتصاد"
    # A match already known is taken as is (the caller keeps one file per set of themes).
    assert assign_themes(entries, THEMES, known={key: "سياسة"})[id(entries[0])] == "سياسة"


def test_sections_keywords_catchall_and_curation() -> None:
    entries = [
        entry("oil", "أسعار النفط ترتفع", 16),
        entry("h1", "دراسة عن النوم", 17, ("صحة",)),
        entry("h2", "دراسة عن القلب", 18, ("صحة",)),
        entry("x", "خبر منفرد", 19, ("تقنية",)),
        entry("gone", "خبر مستبعد", 20),
    ]
    note = WeekNote(
        "2016-W20",
        "عنوان",
        curation=Curation(featured=("x",), excluded=("خبر مستبعد",), order=("h2", "لا يوجد")),
    )
    [digest] = build_digests(
        entries, {"2016-W20": note}, tz=TZ, week_start="monday", themes=THEMES, catchall="متفرقات"
    )
    assert digest.featured == ["x"]
    assert [(s.name, s.kind, s.items) for s in digest.sections] == [
        ("اقتصاد", "theme", ["oil"]),
        ("صحة", "keyword", ["h2", "h1"]),
    ]
    assert digest.unknown_names == ["لا يوجد"]
    assert "gone" not in digest.items


def test_weeks_newest_first_and_linked() -> None:
    entries = [entry("a", "أ", 9), entry("b", "ب", 16), entry("c", "ج", 23)]
    digests = build_digests(entries, {}, tz=TZ, week_start="monday", themes={}, catchall="متفرقات")
    assert [d.id for d in digests] == ["2016-W21", "2016-W20", "2016-W19"]
    assert digests[1].previous is digests[2] and digests[1].next is digests[0]
    assert [s.name for s in digests[0].sections] == ["متفرقات"]
