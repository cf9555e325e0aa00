"""Theme sections: each article under its best theme; the rest by shared keywords, then a
catch-all. Matching is on folded, prefix-stripped words (see `digest.arabic.stems`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from digest.arabic import match_key, stems

T = TypeVar("T")
TITLE_WEIGHT = 3  # a theme phrase in the title or keywords counts more than one in the body


@dataclass(frozen=True)
class Matcher:
    """Compiled theme phrases: theme name -> tuples of stems."""

    phrases: dict[str, list[tuple[str, ...]]]

    @classmethod
    def compile(cls, themes: Mapping[str, Sequence[str]]) -> Matcher:
        return cls(
            {
                name: [tuple(stems(p)) for p in [name, *phrases] if stems(p)]
                for name, phrases in themes.items()
            }
        )

    def scores(self, heading: str, body: str) -> dict[str, int]:
        """Weighted occurrences of each theme's phrases in the heading text and the body."""
        head, rest = stems(heading), stems(body)
        return {
            name: sum(TITLE_WEIGHT * _count(head, p) + _count(rest, p) for p in phrases)
            for name, phrases in self.phrases.items()
        }

    def best(self, heading: str, body: str) -> str | None:
        """The theme with the highest score (the first declared wins a tie), or None."""
        scores = self.scores(heading, body)
        best = max(scores, key=lambda name: scores[name], default=None)
        return best if best is not None and scores[best] > 0 else None


def _count(words: list[str], phrase: tuple[str, ...]) -> int:
    n = len(phrase)
    if n == 1:
        return words.count(phrase[0])
    return sum(1 for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == phrase)


@dataclass
class Section(Generic[T]):
    name: str
    kind: str  # "theme", "keyword" or "catchall"
    items: list[T] = field(default_factory=list)


def sections(
    items: Sequence[T],
    *,
    theme_of: Callable[[T], str | None],
    keywords_of: Callable[[T], Sequence[str]],
    theme_order: Sequence[str],
    catchall: str,
) -> list[Section[T]]:
    """Items in theme sections (declared order), then sections named after a keyword shared by
    two or more of the rest (largest first), then the catch-all. Item order is kept."""
    by_theme: dict[str, Section[T]] = {}
    rest: list[T] = []
    for item in items:
        theme = theme_of(item)
        if theme:
            by_theme.setdefault(theme, Section(theme, "theme")).items.append(item)
        else:
            rest.append(item)
    ordered = [by_theme.pop(name) for name in theme_order if name in by_theme]
    ordered += list(by_theme.values())  # themes set by hand that are not declared
    ordered += _keyword_sections(rest, keywords_of)
    leftover = [item for item in rest if not any(item in s.items for s in ordered)]
    if leftover:
        ordered.append(Section(catchall, "catchall", leftover))
    return ordered


def _keyword_sections(
    items: list[T], keywords_of: Callable[[T], Sequence[str]]
) -> list[Section[T]]:
    remaining = list(items)
    folded = {id(item): {match_key(k): k for k in keywords_of(item)} for item in items}
    found: list[Section[T]] = []
    while True:
        counts: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for item in remaining:
            for keyword in folded[id(item)].items():
                counts[keyword[0]] += 1
                spelling.setdefault(keyword[0], keyword[1])
        if not counts:
            return found
        key, count = max(counts.items(), key=lambda kv: (kv[1], -list(spelling).index(kv[0])))
        if count < 2:
            return found
        members = [i for i in remaining if key in folded[id(i)]]
        found.append(Section(spelling[key], "keyword", members))
        remaining = [i for i in remaining if i not in members]
