"""Week ids and week ranges for digests.

With weeks starting on Monday the id is the ISO 8601 week (`2016-W20`). Saturday and Sunday
weeks hold exactly one Monday; they take that Monday's ISO week, suffixed with the start day
(`2016-W20-sat` runs Saturday 2016-05-14 to Friday 2016-05-20), so no id is ever shared by two
different ranges and ids sort by time within one setting.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

START_WEEKDAY = {"monday": 0, "saturday": 5, "sunday": 6}
SUFFIX = {"monday": "", "saturday": "-sat", "sunday": "-sun"}
WEEK_ID = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d{2})(?P<suffix>-sat|-sun)?$")


def week_start(day: date, start: str = "monday") -> date:
    """The first day of the digest week holding `day`."""
    return day - timedelta(days=(day.weekday() - START_WEEKDAY[start]) % 7)


def week_id(day: date, start: str = "monday") -> str:
    """The digest week id of a day: `2016-W20`, `2016-W20-sat`, `2016-W20-sun`."""
    first = week_start(day, start)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}{SUFFIX[start]}"


def week_range(week: str) -> tuple[date, date]:
    """First and last day of the week an id names; ValueError for a malformed id."""
    match = WEEK_ID.match(week)
    if not match:
        raise ValueError(f"not a week id: {week!r} (expected like 2016-W20 or 2016-W20-sat)")
    monday = date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
    offset = {None: 0, "-sat": -2, "-sun": -1}[match["suffix"]]
    first = monday + timedelta(days=offset)
    return first, first + timedelta(days=6)


def start_of(week: str) -> str:
    """The start-day setting an id was made with."""
    match = WEEK_ID.match(week)
    suffix = match["suffix"] if match else None
    return {None: "monday", "-sat": "saturday", "-sun": "sunday"}[suffix]


def local_day(moment: datetime, tz: tzinfo) -> date:
    """The calendar day of a moment in the site's time zone: weeks turn at local midnight."""
    return moment.astimezone(tz).date()
