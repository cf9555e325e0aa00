"""Folding and stemming used for matching themes, headlines and duplicates."""

from __future__ import annotations

import random
import re
import unicodedata

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


def _fold_by_translate(text: str) -> str:
    """fold_arabic as first written (str.translate tables): the fast one must agree with it."""
    letters = str.maketrans(
        {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}
        | {"ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك", "\u0640": None}
    )
    digits = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]", "", text)
    text = re.sub("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]", "", text).translate(letters)
    return " ".join(text.translate(digits).casefold().split())


def test_fold_agrees_with_translate_tables() -> None:
    # Arabic and Arabic Presentation Forms (NFKC turns ligatures into letters and marks), Persian
    # digits, invisibles, Latin with case, whitespace: every character folding treats specially.
    alphabet = [
        *map(chr, range(0x0600, 0x0700)),
        *map(chr, range(0xFB50, 0xFB60)),
        *map(chr, range(0xFC5E, 0xFC64)),
        *map(chr, range(0xFE70, 0xFE80)),
        *map(chr, range(0x2000, 0x2070)),
        *"\u00ad\ufeff \t\nAaZzßİ0123456789",
    ]
    rng = random.Random(4)
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 40))) for _ in range(3000)]
    texts += [*alphabet, "وأضاف أن ٢٠١٦ الخطة ـــ تهدف إلى، مُصطفى «جبهة النصرة»!"]
    assert [fold_arabic(t) for t in texts] == [_fold_by_translate(t) for t in texts]
    assert [to_latin_digits(t) for t in texts] == [
        t.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)) for t in texts
    ]
