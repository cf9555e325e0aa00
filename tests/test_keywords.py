"""Keyword lines -> keywords: separators, multi-word keywords recovered from evidence."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.keywords import split_keywords
from digest.saved import read_saved

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "saved" / "khaleej-1.txt"
SEED_LINE = "روسيا أمريكا غارات جوية سوريا جبهة النصرة الدولة الإسلامية"
SEED_KEYWORDS = ["روسيا", "أمريكا", "غارات جوية", "سوريا", "جبهة النصرة", "الدولة الإسلامية"]


def test_seed_keyword_line_from_its_article() -> None:
    article = read_saved(SEED, tz=ZoneInfo("Asia/Riyadh"))
    assert (
        "، ".join(article.keywords)
        == "روسيا، أمريكا، غارات جوية، سوريا، جبهة النصرة، الدولة الإسلامية"
    )


def test_seed_keyword_line_with_its_text_as_evidence() -> None:
    evidence = SEED.read_text(encoding="utf-8").split("المصدر |")[0]
    assert split_keywords(SEED_LINE, evidence=evidence) == SEED_KEYWORDS


@pytest.mark.parametrize(
    "line",
    [
        "روسيا، غارات جوية، جبهة النصرة",
        "روسيا, غارات جوية, جبهة النصرة",
        "روسيا؛ غارات جوية؛ جبهة النصرة",
        "روسيا; غارات جوية; جبهة النصرة",
        "روسيا | غارات جوية | جبهة النصرة",
        "روسيا - غارات جوية - جبهة النصرة",
        "#روسيا #غارات جوية #جبهة النصرة",
        "روسيا  غارات جوية  جبهة النصرة",
        "روسيا\tغارات جوية\tجبهة النصرة",
        "روسيا، غارات جوية، جبهة النصرة، روسيا",
    ],
)
def test_separators_split_whatever_the_evidence(line: str) -> None:
    assert split_keywords(line) == ["روسيا", "غارات جوية", "جبهة النصرة"]


def test_known_keywords_from_content_keep_phrases_whole() -> None:
    known = {"جبهة النصرة", "الدولة الإسلامية", "روسيا"}
    assert split_keywords("روسيا جبهة النصرة الدولة الاسلامية", known=known) == [
        "روسيا",
        "جبهة النصرة",
        "الدولة الاسلامية",
    ]


def test_evidence_matches_across_spelling_variants() -> None:
    evidence = "قصف مواقع «الدولة الاسلاميّة» قرب الحدود"
    assert split_keywords("سوريا الدولة الإسلامية", evidence=evidence) == [
        "سوريا",
        "الدولة الإسلامية",
    ]


def test_evidence_does_not_join_words_across_punctuation() -> None:
    evidence = "غارات على مواقع في سوريا، جبهة النصرة تنفي"
    assert split_keywords("سوريا جبهة", evidence=evidence) == ["سوريا", "جبهة"]


def test_no_evidence_gives_single_words() -> None:
    assert split_keywords(SEED_LINE) == SEED_LINE.split()
    assert split_keywords(SEED_LINE, evidence="نص لا علاقة له بالكلمات") == SEED_LINE.split()


def test_empty_line_gives_nothing() -> None:
    assert split_keywords("  ") == []
