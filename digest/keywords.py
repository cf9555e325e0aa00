"""Keyword lines to keywords: multi-word keywords recovered from evidence."""

from __future__ import annotations

import re
from collections.abc import Collection

from digest.arabic import fold_arabic, match_key, unique_by_key

_LIST_SEPARATORS = re.compile(r"\s*[،,;؛|#]\s*|\s+-\s+|\s{2,}|\t")
# Where a phrase of the evidence ends: `سوريا، جبهة النصرة` is no evidence for `سوريا جبهة`.
_PHRASE_BREAKS = re.compile(r"[.،,;؛:!?؟«»\"“”()\[\]{}|/\n-]+")
_WORD = re.compile(r"\w+")
MAX_PHRASE_WORDS = 4


def split_keywords(line: str, *, evidence: str = "", known: Collection[str] = ()) -> list[str]:
    """Keywords of a keyword line, in printed order, without duplicates.

    A line with separators (، , ; | #) is split on them. A line of space-separated words is
    ambiguous (is `جبهة النصرة` one keyword or two?): consecutive words are kept together
    when, as a phrase, they are a keyword already known on the site or occur in `evidence`
    (the article's title and body) within one phrase of it, not across punctuation or
    quotation marks. The longest such phrase wins.
    """
    # A hashtag spells its spaces as `_` (`#حرائق_الغابات`).
    parts = [p.strip(" .#«»\"'").replace("_", " ") for p in _LIST_SEPARATORS.split(line.strip())]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        return unique_by_key(parts)
    tokens = line.split()
    known_keys = {match_key(k) for k in known if " " in k.strip()}
    haystack = _phrases(evidence)
    keywords: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n])
            key = match_key(phrase)
            if n == 1 or key in known_keys or f" {key} " in haystack:
                keywords.append(phrase.strip(" .«»\"'"))
                i += n
                break
    return unique_by_key(keywords)


def _phrases(evidence: str) -> str:
    """The evidence's phrases as match keys, each between spaces and apart by ` | `: the text
    is folded once (match_key on each phrase would fold it phrase by phrase)."""
    folded = fold_arabic(evidence.replace("\n", " . ")).replace("_", " ")
    keys = (" ".join(_WORD.findall(part)) for part in _PHRASE_BREAKS.split(folded))
    return f" {' | '.join(keys)} "
