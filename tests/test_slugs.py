"""The slug policy: Arabic words kept, never a path, stable fallbacks."""

from __future__ import annotations

from datetime import datetime

import pytest

from digest.slugs import make_slug

SEED = "«بنتاغون»: لم نتلقَ طلباً روسيا لتنفيذ غارات مشتركة في سوريا"


def test_arabic_words_kept_without_diacritics() -> None:
    assert make_slug(SEED) == "بنتاغون-لم-نتلق-طلبا-روسيا-لتنفيذ-غارات-مشتركة-في-سوريا"


def test_ascii_setting_transliterates() -> None:
    slug = make_slug(SEED, ascii_only=True)
    assert slug.isascii() and slug.startswith("bntgwn-lm-")


def test_bounded_length_at_a_word() -> None:
    slug = make_slug("كلمة " * 50, max_length=30)
    assert len(slug) <= 30 and not slug.endswith("-")


@pytest.mark.parametrize("title", ["", "...", "؟؟", "ـَُِ", "😀", "\u200b\u202e", "..", "/", "\\"])
def test_titles_without_letters_fall_back_to_date_and_hash(title: str) -> None:
    slug = make_slug(title, datetime(2016, 5, 20))
    assert slug.startswith("2016-05-20-") and len(slug) == len("2016-05-20-") + 8
    assert make_slug(title, datetime(2016, 5, 20)) == slug  # stable


@pytest.mark.parametrize(
    "title", ["../../etc/passwd", "a/b\\c", "-rf", ".hidden", "\x00x", "\u202eabc"]
)
def test_never_a_path(title: str) -> None:
    slug = make_slug(title)
    assert "/" not in slug and "\\" not in slug and "\x00" not in slug
    assert not slug.startswith((".", "-")) and slug.strip(".")
