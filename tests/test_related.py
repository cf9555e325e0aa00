"""Links between articles: "more on this" by shared keywords and nearness in time."""

from __future__ import annotations

import bisect
import random
from datetime import UTC, datetime, timedelta

from digest.related import NEIGHBOURS_PER_KEYWORD, KeywordNeighbours


class Item:
    def __init__(self, number: int, date: datetime, keys: list[str]):
        self.number, self.date, self.keys = number, date, keys


def reference_more_like(items: list[Item], item: Item, limit: int) -> list[Item]:
    """The plain statement: every candidate of each keyword's window, sorted by shared
    keywords, then nearness in time, then position."""
    half = NEIGHBOURS_PER_KEYWORD // 2
    scores: dict[int, int] = {}
    for key in item.keys:
        entries = sorted((o.date.timestamp(), n) for n, o in enumerate(items) if key in o.keys)
        at = bisect.bisect_left(entries, (item.date.timestamp(), -1))
        for _, n in entries[max(0, at - half) : at + half]:
            scores[n] = scores.get(n, 0) + 1
    ranked = sorted(
        (n for n in scores if items[n] is not item),
        key=lambda n: (-scores[n], abs(items[n].date.timestamp() - item.date.timestamp()), n),
    )
    return [items[n] for n in ranked[:limit]]


def test_more_like_is_the_plain_ranking() -> None:
    rng = random.Random(7)
    keys = [f"k{i}" for i in range(12)]
    start = datetime(2016, 1, 1, tzinfo=UTC)
    items = [
        Item(
            n, start + timedelta(hours=rng.randrange(24 * 60)), rng.sample(keys, rng.randint(1, 4))
        )
        for n in range(400)
    ]
    items.sort(key=lambda i: i.date, reverse=True)
    neighbours = KeywordNeighbours(items, lambda i: i.keys, lambda i: i.date)
    for item in items:
        for limit in (1, 3, 5):
            assert neighbours.more_like(item, limit) == reference_more_like(items, item, limit)


def test_an_item_without_shared_keywords_has_no_neighbours() -> None:
    start = datetime(2016, 1, 1, tzinfo=UTC)
    items = [Item(0, start, ["a"]), Item(1, start, ["b"]), Item(2, start, [])]
    neighbours = KeywordNeighbours(items, lambda i: i.keys, lambda i: i.date)
    assert [neighbours.more_like(i) for i in items] == [[], [], []]
