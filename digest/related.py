"""Links between articles: related headlines resolved to the site's own pages, and "more on
this" articles that share keywords."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from digest.arabic import match_key

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


def title_index(items: Sequence[T], title_of: Callable[[T], str]) -> dict[str, T]:
    """Site articles by folded title: tolerant of hamza, diacritics and punctuation."""
    index: dict[str, T] = {}
    for item in items:
        index.setdefault(match_key(title_of(item)), item)
    return index


def resolve_related(
    headlines: Sequence[tuple[str, str | None]],
    index: dict[str, T],
    url_of: Callable[[T], str],
) -> list[ResolvedLink[T]]:
    links = []
    for title, url in headlines:
        article = index.get(match_key(title))
        if article is not None:
            links.append(ResolvedLink(title, url_of(article), article))
        else:
            links.append(ResolvedLink(title, url))
    return links


class KeywordNeighbours(Generic[T]):
    """Articles sharing keywords, scored by how many they share, then by nearness in time.

    Looking only at the nearest candidates of each keyword keeps this linear in the number of
    articles: a keyword like `سوريا` may be shared by thousands.
    """

    def __init__(
        self,
        items: Sequence[T],
        keywords_of: Callable[[T], Sequence[str]],
        date_of: Callable[[T], datetime],
    ):
        self._keywords_of = keywords_of
        self._date_of = date_of
        postings: dict[str, list[tuple[float, int]]] = {}
        self._items = list(items)
        for number, item in enumerate(self._items):
            stamp = date_of(item).timestamp()
            for key in {match_key(k) for k in keywords_of(item)}:
                postings.setdefault(key, []).append((stamp, number))
        for entries in postings.values():
            entries.sort()
        self._postings = postings

    def more_like(self, item: T, limit: int = 3) -> list[T]:
        stamp = self._date_of(item).timestamp()
        scores: dict[int, list[float]] = {}
        for key in {match_key(k) for k in self._keywords_of(item)}:
            entries = self._postings.get(key, [])
            at = bisect.bisect_left(entries, (stamp, -1))
            half = NEIGHBOURS_PER_KEYWORD // 2
            for other_stamp, number in entries[max(0, at - half) : at + half]:
                score = scores.setdefault(number, [0, abs(other_stamp - stamp)])
                score[0] += 1
        ranked = sorted(
            (n for n in scores if self._items[n] is not item),
            key=lambda n: (-scores[n][0], scores[n][1], n),
        )
        return [self._items[n] for n in ranked[:limit]]
