"""Pure Arabic text helpers: digit conversion, folding for comparison, light stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_TO_LATIN_DIGITS = str.maketrans(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2)
_TO_ARABIC_DIGITS = str.maketrans("0123456789", ARABIC_INDIC_DIGITS)

# Harakat, tanwin, shadda, sukun, dagger alef and Quranic marks: they change no word's identity.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
# Letters written differently for the same word: hamza seats of alef, alef maqsura, ta marbuta,
# hamza on waw/ya, Persian kaf and ya.
_FOLD_LETTERS = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ة", "ه"),
    ("ؤ", "و"),
    ("ئ", "ي"),
    ("ی", "ي"),
    ("ک", "ك"),
)
# Zero-width and bidi controls that hide in copied text.
_INVISIBLE_CHARS = "\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad"
INVISIBLES = re.compile(f"[{_INVISIBLE_CHARS}]")
# Everything folding drops, in one pass: invisibles, diacritics, tatweel.
_FOLD_DROPPED = re.compile(
    f"[{_INVISIBLE_CHARS}\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed{TATWEEL}]"
)
_NON_LATIN_DIGIT = re.compile(f"[{ARABIC_INDIC_DIGITS}{PERSIAN_DIGITS}]")
_WORD = re.compile(r"\w+")
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_CLITICS = "وفبلك"


def to_latin_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits."""
    # str.translate looks every character up in a dict: most texts have no such digit at all.
    return text.translate(_TO_LATIN_DIGITS) if _NON_LATIN_DIGIT.search(text) else text


def to_arabic_digits(text: str) -> str:
    """ASCII digits to Arabic-Indic digits."""
    return text.translate(_TO_ARABIC_DIGITS)


def strip_diacritics(text: str) -> str:
    """Remove harakat and tatweel, keeping letters as written."""
    return _DIACRITICS.sub("", text).replace(TATWEEL, "")


def fold_arabic(text: str) -> str:
    """Fold text for comparison: NFKC, no diacritics, tatweel or invisibles, one hamza-less
    alef, ى→ي, ة→ه, lower-cased Latin, single spaces."""
    text = _FOLD_DROPPED.sub("", unicodedata.normalize("NFKC", text))
    # One str.replace per letter, not str.translate: translate looks every character up in a
    # dict, several times slower on Arabic text (folding is most of matching's cost).
    for letter, folded in _FOLD_LETTERS:
        text = text.replace(letter, folded)
    return " ".join(to_latin_digits(text).casefold().split())


def stem_word(word: str) -> str:
    """Strip the article ال and one attached و ب ل ف ك from a folded word, keeping a stem of
    at least two letters."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    if len(word) > 3 and word[0] in _CLITICS:
        rest = word[1:]
        for prefix in _PREFIXES:
            if rest.startswith(prefix) and len(rest) - len(prefix) >= 2:
                return rest[len(prefix) :]
        return rest
    return word


def words(text: str) -> list[str]:
    """Folded words of a text, punctuation dropped."""
    return _WORD.findall(fold_arabic(text).replace("_", " "))


def stems(text: str) -> list[str]:
    """Folded, prefix-stripped words: the unit of theme and headline matching."""
    return [stem_word(w) for w in words(text)]


def match_key(text: str) -> str:
    """A key equal for texts that differ only in hamza, diacritics, punctuation or spacing."""
    return " ".join(words(text))


def one_line(text: str) -> str:
    """Collapse every kind of line break and run of whitespace to one space."""
    return " ".join(text.split())


def unique_by_key(items: Iterable[str]) -> list[str]:
    """Items in order, dropping any whose `match_key` was seen (and empty ones)."""
    seen: set[str] = set()
    result = []
    for item in items:
        key = match_key(item)
        if key and key not in seen:
            seen.add(key)
            result.append(item)
    return result
