"""Arabic date strings -> aware datetimes (interim: Egyptian/Gulf month names, ص/م, ISO)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from digest.arabic import fold_arabic, to_latin_digits

_MONTHS = {
    fold_arabic(name): number
    for number, names in enumerate(
        [
            ("يناير",),
            ("فبراير",),
            ("مارس",),
            ("أبريل", "ابريل", "إبريل"),
            ("مايو",),
            ("يونيو",),
            ("يوليو", "يوليه"),
            ("أغسطس",),
            ("سبتمبر",),
            ("أكتوبر",),
            ("نوفمبر",),
            ("ديسمبر",),
        ],
        start=1,
    )
    for name in names
}
_GREGORIAN = re.compile(
    r"(?P<day>\d{1,2})\s+(?P<month>" + "|".join(_MONTHS) + r")(?:\s*/\s*\w+)?\s+(?P<year>\d{4})"
    r"(?:\D{0,12}?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<ampm>ص|م)\b)?)?"
)


@dataclass(frozen=True)
class DateMatch:
    value: datetime
    start: int
    end: int
    has_time: bool
    kind: str


def find_date(text: str, *, tz: tzinfo, now: datetime | None = None) -> DateMatch | None:
    """The first date expression inside `text` (one line), or None."""
    folded = to_latin_digits(fold_arabic(text)) if len(fold_arabic(text)) == len(text) else None
    subject = folded if folded is not None else to_latin_digits(text)
    match = _GREGORIAN.search(subject)
    if not match:
        return None
    hour = int(match["hour"] or 0)
    if match["ampm"] == "م" and hour < 12:
        hour += 12
    elif match["ampm"] == "ص" and hour == 12:
        hour = 0
    try:
        value = datetime(
            int(match["year"]),
            _MONTHS[match["month"]],
            int(match["day"]),
            hour,
            int(match["minute"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None
    return DateMatch(value, match.start(), match.end(), match["hour"] is not None, "gregorian")


def parse_date(text: str, *, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    match = find_date(text, tz=tz, now=now)
    return match.value if match else None


def is_date_line(line: str, *, tz: tzinfo, now: datetime | None = None) -> bool:
    match = find_date(line, tz=tz, now=now)
    if not match:
        return False
    rest = line[: match.start] + line[match.end :]
    return len(rest.split()) <= 4
