"""Settings: defaults merged once, every problem reported in one line."""

from __future__ import annotations

import pytest

from digest.errors import DigestError
from digest.settings import DEFAULTS, load_settings


def test_defaults_fill_in() -> None:
    settings = load_settings({"PATH": "content"})
    assert {k: settings[k] for k in DEFAULTS if k not in ("DIGEST_INBOX", "DIGEST_CACHE_DIR")} == {
        k: v for k, v in DEFAULTS.items() if k not in ("DIGEST_INBOX", "DIGEST_CACHE_DIR")
    }


def test_every_problem_reported_at_once() -> None:
    with pytest.raises(DigestError) as caught:
        load_settings({"DIGEST_WEEK_START": "friday", "DIGEST_DIGITS": "roman", "DIGEST_COLOUR": 1})
    message = str(caught.value)
    assert message == (
        "pelicanconf.py: DIGEST_COLOUR: unknown setting (see README, Settings); "
        "DIGEST_WEEK_START: expected monday, saturday or sunday, got 'friday'; "
        "DIGEST_DIGITS: expected arab or latn, got 'roman'"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DIGEST_THEMES", {"سياسة": "روسيا"}),
        ("DIGEST_FEEDS", [{"source": "no url"}]),
        ("DIGEST_FETCH_TIMEOUT", 0),
        ("DIGEST_SLUG_MAX_LENGTH", -1),
        ("DIGEST_PUBLISH", {"type": "ftp"}),
    ],
)
def test_bad_values(key: str, value: object) -> None:
    with pytest.raises(DigestError, match=f"^pelicanconf.py: {key}: expected "):
        load_settings({key: value})
