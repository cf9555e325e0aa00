"""Fingerprints equal across runs for equal inputs, and different when a function changes."""

from __future__ import annotations

import subprocess
import sys

from digest.fingerprints import settings_items, stable_repr


def test_a_function_counts_by_its_name_and_code() -> None:
    def shout(text: str) -> str:
        return text.upper()

    def whisper(text: str) -> str:
        return text.lower()

    first = stable_repr({"JINJA_FILTERS": {"f": shout}})
    assert stable_repr({"JINJA_FILTERS": {"f": shout}}) == first
    whisper.__qualname__ = shout.__qualname__  # same name, other code
    assert stable_repr({"JINJA_FILTERS": {"f": whisper}}) != first
    assert "0x" not in first


def test_fingerprints_are_the_same_in_another_process() -> None:
    script = (
        "from digest.fingerprints import settings_items\n"
        "def nested(xs):\n"
        "    return [x for x in xs if (lambda y: y)(x)]\n"
        "print(settings_items({'A': {'b': [1, 2.5, None]}, 'F': nested, 'S': {'x', 'y'}}))\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1 and "0x" not in runs.pop()
    assert settings_items({"lower": 1, "UPPER": 2}, skip=()) == [("UPPER", "2")]
