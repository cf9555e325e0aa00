"""Week ids for Monday, Saturday and Sunday weeks, and their ranges."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from digest.weeks import local_day, week_id, week_range

CASES = [
    # day, start, id, first day of that week
    (date(2016, 5, 20), "monday", "2016-W20", date(2016, 5, 16)),
    (date(2016, 5, 22), "monday", "2016-W20", date(2016, 5, 16)),
    (date(2016, 5, 23), "monday", "2016-W21", date(2016, 5, 23)),
    (date(2016, 1, 1), "monday", "2015-W53", date(2015, 12, 28)),
    (date(2018, 12, 31), "monday", "2019-W01", date(2018, 12, 31)),
    (date(2016, 5, 20), "saturday", "2016-W20-sat", date(2016, 5, 14)),
    (date(2016, 5, 21), "saturday", "2016-W21-sat", date(2016, 5, 21)),
    (date(2016, 5, 20), "sunday", "2016-W20-sun", date(2016, 5, 15)),
    (date(2016, 5, 22), "sunday", "2016-W21-sun", date(2016, 5, 22)),
    (date(2015, 12, 27), "sunday", "2015-W53-sun", date(2015, 12, 27)),
    (date(2016, 1, 2), "saturday", "2016-W01-sat", date(2016, 1, 2)),
]


@pytest.mark.parametrize(("day", "start", "expected", "first"), CASES)
def test_week_ids_and_ranges(day: date, start: str, expected: str, first: date) -> None:
    assert week_id(day, start) == expected
    assert week_range(expected)[0] == first
    assert first <= day <= week_range(expected)[1]


def test_ids_never_shared_by_two_ranges() -> None:
    seen: dict[str, tuple[date, date]] = {}
    day = date(2014, 1, 1)
    for offset in range(366 * 4):
        current = date.fromordinal(day.toordinal() + offset)
        for start in ("monday", "saturday", "sunday"):
            key = week_id(current, start)
            assert seen.setdefault(key, week_range(key)) == week_range(key)
            assert week_range(key)[0] <= current <= week_range(key)[1]


def test_local_day_uses_the_site_zone() -> None:
    moment = datetime.fromisoformat("2016-05-22T22:30:00+00:00")  # Monday 01:30 in Riyadh
    assert local_day(moment, ZoneInfo("Asia/Riyadh")) == date(2016, 5, 23)


def test_malformed_id() -> None:
    with pytest.raises(ValueError, match="not a week id"):
        week_range("2016-20")
