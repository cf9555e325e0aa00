"""Per-field accuracy of the saved-article parser over a folder of fixture pairs.

Usage: python bench/accuracy.py [FOLDER]   (default: tests/data/saved)

Each `<name>.txt|.html` beside `<name>.json` (the hand-written expected record) counts once per
field; a field is right when it equals the expected value exactly (body: every `body_includes`
sentence present and every `body_excludes` line absent). Prints a table; always exits 0.
"""

from __future__ import annotations

import html
import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digest.errors import DigestError  # noqa: E402
from digest.records import Article  # noqa: E402
from digest.saved import SAVED_SUFFIXES, read_saved  # noqa: E402

FIELDS = ("title", "date", "lang", "sources", "keywords", "related", "link", "body")
TZ = ZoneInfo("Asia/Riyadh")  # the corpus convention (tests/data/saved/README.md)
# The day the corpus was saved (its header "today" dates): relative dates count from here.
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=TZ)
_ESCAPE = re.compile(r"\\(.)")


def fixture_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(article, expected JSON) pairs of a folder, sorted by name."""
    pairs = []
    for path in sorted(folder.iterdir()):
        expected = path.with_suffix(".json")
        if path.suffix.lower() in SAVED_SUFFIXES and expected.is_file():
            pairs.append((path, expected))
    return pairs


def plain_body(markdown: str) -> str:
    """The body's text with escape_markdown undone, for comparing with plain sentences."""
    return html.unescape(_ESCAPE.sub(r"\1", markdown))


def field_values(article: Article) -> dict[str, Any]:
    """The compared fields of a record, in the expected JSON's form."""
    record = article.to_json()
    return {name: record[name] for name in FIELDS if name != "body"}


def field_results(article: Article, expected: dict[str, Any]) -> dict[str, bool]:
    """Which fields of `article` match `expected`."""
    got = field_values(article)
    results = {name: got[name] == expected[name] for name in got}
    body = plain_body(article.body)
    results["body"] = all(s in body for s in expected["body_includes"]) and not any(
        s in body for s in expected["body_excludes"]
    )
    return results


def measure(folder: Path) -> tuple[int, dict[str, int], dict[str, list[str]]]:
    """Number of fixtures, right answers per field, and the fixtures wrong per field."""
    pairs = fixture_pairs(folder)
    right = dict.fromkeys(FIELDS, 0)
    wrong: dict[str, list[str]] = {name: [] for name in FIELDS}
    for path, expected_path in pairs:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        try:
            article = read_saved(path, tz=TZ, now=NOW)
            results = field_results(article, expected)
        except DigestError:
            results = dict.fromkeys(FIELDS, False)
        for name, ok in results.items():
            right[name] += ok
            if not ok:
                wrong[name].append(path.name)
    return len(pairs), right, wrong


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "tests" / "data" / "saved"
    total, right, wrong = measure(folder)
    print(f"{'field':<10} {'right':>7} {'accuracy':>9}  wrong in")
    for name in FIELDS:
        share = right[name] / total if total else 0.0
        print(f"{name:<10} {right[name]:>3}/{total:<3} {share:>9.0%}  {', '.join(wrong[name])}")
    overall = sum(right.values()) / (total * len(FIELDS)) if total else 0.0
    print(f"{'all':<10} {sum(right.values()):>3}/{total * len(FIELDS):<3} {overall:>9.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
