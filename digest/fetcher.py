"""Subscriptions: fetch feeds over HTTP (digest.fetch) and ingest what changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from digest.errors import DigestError
from digest.fetch import FetchLimits, FetchResult, ValidatorCache, fetch, fetch_all
from digest.ingest import ContentIndex, Outcome, Report, finish, read_source, store_article
from digest.settings import articles_dir


def validator_cache(settings: dict[str, Any]) -> ValidatorCache:
    return ValidatorCache(Path(settings["DIGEST_CACHE_DIR"]) / "http-validators.json")


def fetch_one_factory(
    settings: dict[str, Any],
) -> Callable[[str], tuple[bytes | None, dict[str, Any]]]:
    """`digest ingest URL`: one unconditional fetch (the user asked for this feed now)."""
    limits = FetchLimits.from_settings(settings)
    subscriptions = {f["url"]: dict(f) for f in settings["DIGEST_FEEDS"]}

    def fetch_one(url: str) -> tuple[bytes | None, dict[str, Any]]:
        result = fetch(url, limits=limits)
        return result.body, subscriptions.get(url, {})

    return fetch_one


def _feed_line(url: str, outcomes: list[Outcome]) -> Outcome:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    detail = ", ".join(f"{n} {status}" for status, n in counts.items()) or "no entries"
    if counts.get("new"):
        status = "new"
    elif counts.get("updated") or counts.get("merged"):
        status = "updated"
    else:
        status = "unchanged"
    return Outcome(url, status, message=detail)


def fetch_subscriptions(settings: dict[str, Any], *, now: datetime | None = None) -> Report:
    """Fetch every DIGEST_FEEDS entry (conditional GET) and store new and changed entries.

    One outcome per feed. A feed's validators are remembered only after its entries are
    stored, so an interrupted run fetches the feed again next time.
    """
    feeds = [dict(f) for f in settings["DIGEST_FEEDS"]]
    cache = validator_cache(settings)
    results = fetch_all(
        [f["url"] for f in feeds],
        limits=FetchLimits.from_settings(settings),
        cache=cache,
        concurrency=max(1, settings["DIGEST_FETCH_CONCURRENCY"]),
    )
    index = ContentIndex.scan(articles_dir(settings))
    report = Report()
    for feed, result in zip(feeds, results, strict=True):
        url = feed["url"]
        if isinstance(result, DigestError):
            report.outcomes.append(Outcome(url, "failed", message=str(result)))
            continue
        report.outcomes.append(_ingest_result(feed, result, settings, index, report, now))
        if report.outcomes[-1].status != "failed":
            cache.remember(result)
    cache.save()
    return report


def _ingest_result(
    feed: dict[str, Any],
    result: FetchResult,
    settings: dict[str, Any],
    index: ContentIndex,
    report: Report,
    now: datetime | None,
) -> Outcome:
    url = feed["url"]
    if result.not_modified or result.body is None:
        return Outcome(url, "unchanged", message="not modified (304)")
    try:
        articles, warnings = read_source(
            result.final_url,
            settings,
            now=now,
            known_keywords=index.keywords,
            fetched=result.body,
            feed=feed,
        )
    except DigestError as exc:
        return Outcome(url, "failed", message=f"{url}: {exc.message}")
    report.warnings += warnings
    outcomes = []
    for article in articles:
        try:
            outcomes.append(store_article(finish(article, settings), index))
        except (DigestError, OSError) as exc:
            report.warnings.append(str(exc))
    return _feed_line(url, outcomes)
