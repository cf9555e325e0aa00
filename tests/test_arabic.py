"""Folding and stemming used for matching themes, headlines and duplicates."""

from __future__ import annotations

import pytest

from digest.arabic import fold_arabic, match_key, one_line, stems, to_arabic_digits, to_latin_digits


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("الدولة الإسلامية", "الدوله الاسلاميه"),
        ("إبريل", "ابريل"),
        ("مُصطفى", "مصطفي"),
        ("ســوريـا", "سوريا"),
        ("«جبهة النصرة»!", "جبهه النصره"),
        ("سؤال", "سوال"),
    ],
)
def test_match_key_folds_spelling_variants(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


def test_stems_strip_article_and_clitics() -> None:
    assert stems("والدولة بالسوريين للاجئين") == ["دوله", "سوريين", "اجيين"]
    assert stems("في من ال") == ["في", "من", "ال"]


def test_digits() -> None:
    assert to_latin_digits("٢٠١٦ ۱۴۰۲") == "2016 1402"
    assert to_arabic_digits("20 مايو 2016") == "٢٠ مايو ٢٠١٦"


def test_one_line_removes_every_line_break() -> None:
    assert one_line("a\nb\rc\u0085d\u2028e\u2029f\x0bg") == "a b c d e f g"


def test_fold_removes_invisibles() -> None:
    assert fold_arabic("س\u200fو\u200bر\u202eيا") == "سوريا"
