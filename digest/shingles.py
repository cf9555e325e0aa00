"""Near-duplicate text: word shingles of Arabic-folded text and their overlap."""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from itertools import chain
from typing import Generic, TypeVar

from digest.arabic import words

SHINGLE_WORDS = 3
NEAR_DUPLICATE = 0.6  # Jaccard overlap above which two texts tell the same story
MIN_SHINGLES = 8  # shorter texts (a headline and a line) say too little to call them one story
COMMON_SHINGLE = 50  # a shingle held by more stored stories than this is boilerplate
MAX_CANDIDATES = 5  # candidates compared in full, most shared shingles first
K = TypeVar("K")


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of every run of `size` folded words (diacritics, tatweel and hamza forms folded,
    so two outlets' copies of one wire story match)."""
    tokens = words(text)
    if len(tokens) < size:
        return frozenset({zlib.crc32(" ".join(tokens).encode())}) if tokens else frozenset()
    runs = zip(*(tokens[i:] for i in range(size)), strict=False)  # windows of `size` words
    return frozenset(zlib.crc32(" ".join(run).encode()) for run in runs)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets; 0 when either is too short to judge."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # |a | b|, without building the union


class NearDuplicates(Generic[K]):
    """Stored texts by shingle, to find one near-identical to a new text in time independent
    of how many are stored: boilerplate shingles are ignored, few candidates compared."""

    def __init__(self) -> None:
        self._keys: list[K] = []
        self._texts: list[tuple[datetime | None, frozenset[int]]] = []
        self._postings: dict[int, list[int]] = {}

    def add(self, key: K, text: frozenset[int], date: datetime | None) -> None:
        number = len(self._keys)
        self._keys.append(key)
        self._texts.append((date, text))
        for shingle in text:
            holders = self._postings.setdefault(shingle, [])
            if len(holders) <= COMMON_SHINGLE:  # one past the limit marks it common
                holders.append(number)

    def find(
        self,
        text: frozenset[int],
        date: datetime | None,
        close: Callable[[datetime | None, datetime | None], bool],
    ) -> K | None:
        """The stored key whose text overlaps `text` enough and whose date is `close`."""
        if len(text) < MIN_SHINGLES:
            return None
        held: list[list[int]] = []
        common = 0
        for shingle in text:
            holders = self._postings.get(shingle)
            if holders and len(holders) > COMMON_SHINGLE:
                common += 1
            elif holders:
                held.append(holders)
        counts = Counter(chain.from_iterable(held))  # one counting pass, first-seen order kept
        # The overlap can reach the threshold only if the shingles shared (those counted, plus
        # at most every common one) are that share of the new text: others are not compared.
        needed = NEAR_DUPLICATE * len(text) - common
        for number, shared in counts.most_common(MAX_CANDIDATES):
            if shared < needed:
                break
            stored_date, stored = self._texts[number]
            if close(stored_date, date) and overlap(text, stored) >= NEAR_DUPLICATE:
                return self._keys[number]
        return None
