"""Links between articles: related headlines resolved to the site's own pages, and "more on
this" articles that share keywords."""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import countOf
from typing import Generic, TypeVar

T = TypeVar("T")
NEIGHBOURS_PER_KEYWORD = 60  # candidates looked at per keyword, nearest in time first


@dataclass(frozen=True)
class ResolvedLink(Generic[T]):
    """A related headline: to one of the site's articles, to an outside URL, or text only."""

    title: str
    url: str | None
    article: T | None = None

    @property
    def internal(self) -> bool:
        return self.article is not None


def title_index(items: Sequence[T], title_key_of: Callable[[T], str]) -> dict[str, T]:
    """Site articles by folded title (`match_key`): tolerant of hamza, diacritics and
    punctuation. The first of equal titles wins."""
    index: dict[str, T] = {}
    for item in items:
        index.setdefault(title_key_of(item), item)
    return index


def resolve_related(
    headlines: Sequence[tuple[str, str | None, str]],
    index: dict[str, T],
    url_of: Callable[[T], str],
) -> list[ResolvedLink[T]]:
    """Related headlines (title, url, folded title) to the site's own articles where their
    titles match one, else kept as given."""
    links = []
    for title, url, key in headlines:
        article = index.get(key)
        if article is not None:
            links.append(ResolvedLink(title, url_of(article), article))
        else:
            links.append(ResolvedLink(title, url))
    return links


class KeywordNeighbours(Generic[T]):
    """Articles sharing keywords, scored by how many they share, then by nearness in time.

    Looking only at the nearest candidates of each keyword keeps this linear in the number of
    articles: a keyword like `سوريا` may be shared by thousands. Keywords are given folded
    (`match_key`), each once.
    """

    def __init__(
        self,
        items: Sequence[T],
        keys_of: Callable[[T], Sequence[str]],
        date_of: Callable[[T], datetime],
    ):
        self._keys_of, self._date_of = keys_of, date_of
        self._items = list(items)
        self._stamps = [date_of(item).timestamp() for item in self._items]
        postings: dict[str, list[tuple[float, int]]] = {}
        for number, item in enumerate(self._items):
            for key in keys_of(item):
                postings.setdefault(key, []).append((self._stamps[number], number))
        # Per keyword, two parallel lists in time order: stamps to bisect, numbers to count.
        self._postings: dict[str, tuple[list[float], list[int]]] = {}
        for key, entries in postings.items():
            entries.sort()
            self._postings[key] = ([e[0] for e in entries], [e[1] for e in entries])

    def more_like(self, item: T, limit: int = 3) -> list[T]:
        stamp = self._date_of(item).timestamp()
        half = NEIGHBOURS_PER_KEYWORD // 2
        shared: Counter[int] = Counter()
        for key in self._keys_of(item):
            if key in self._postings:
                stamps, numbers = self._postings[key]
                at = bisect.bisect_left(stamps, stamp)
                shared.update(numbers[max(0, at - half) : at + half])
        # Only candidates sharing as many keywords as the (limit+1)-th best can make the
        # list (one more than the limit: the item itself is among them); counting them by
        # value keeps this in C, and the nearness in time is worked out for those alone.
        by_count = shared.most_common()
        if len(by_count) > limit + 1:
            cutoff, counts = by_count[limit][1], shared.values()
            keep = sum(countOf(counts, c) for c in range(cutoff, by_count[0][1] + 1))
            by_count = by_count[:keep]
        stamps_of, items = self._stamps, self._items
        ranked = heapq.nsmallest(
            limit + 1, [(-count, abs(stamps_of[n] - stamp), n) for n, count in by_count]
        )
        return [items[n] for _, _, n in ranked if items[n] is not item][:limit]
