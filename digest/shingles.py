"""Near-duplicate text: word shingles of Arabic-folded text and their overlap."""

from __future__ import annotations

import zlib

from digest.arabic import stems

SHINGLE_WORDS = 3
NEAR_DUPLICATE = 0.6  # Jaccard overlap above which two texts tell the same story
MIN_SHINGLES = 8  # shorter texts (a headline and a line) say too little to call them one story


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """Hashes of every run of `size` folded, prefix-stripped words (diacritics, tatweel and
    hamza forms folded, so two outlets' copies of one wire story match)."""
    words = stems(text)
    if len(words) < size:
        return frozenset({zlib.crc32(" ".join(words).encode())}) if words else frozenset()
    return frozenset(
        zlib.crc32(" ".join(words[i : i + size]).encode()) for i in range(len(words) - size + 1)
    )


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two shingle sets; 0 when either is too short to judge."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return 0.0
    return len(a & b) / len(a | b)
