"""Throughput of saved-article normalization: articles per second, text and HTML apart.

Usage: python bench/saved_throughput.py [COUNT] [--profile]

Writes COUNT (default 2,000) saved articles into a temporary folder by cycling the fixtures of
tests/data/saved and varying each copy lightly (a number in the title, a paragraph dropped or
repeated, the date moved by days), then reads them all with `read_saved`, as ingestion does.
Prints the figures; with --profile, the top of a cProfile of the text run.
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
import random
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digest.saved import SAVED_SUFFIXES, read_saved  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "saved"
TZ = ZoneInfo("Asia/Riyadh")
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=TZ)
_DAY = re.compile(r"\b([12]?\d)(?= (?:مايو|يونيو|May|أيار))")


def _vary(text: str, index: int, rng: random.Random) -> str:
    """A light variant of a saved article: another day, a title number, a paragraph moved."""
    text = _DAY.sub(lambda m: str(1 + (int(m[1]) + index) % 28), text, count=1)
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 8:
        middle = rng.randrange(4, len(paragraphs) - 4)
        if index % 2:
            paragraphs.insert(middle, paragraphs[middle])
        else:
            del paragraphs[middle]
    paragraphs[0] = (
        paragraphs[0].replace("\n", f" {index}\n", 1) if index % 3 == 0 else (paragraphs[0])
    )
    return "\n\n".join(paragraphs)


def write_corpus(folder: Path, count: int) -> tuple[list[Path], list[Path]]:
    """`count` varied copies of the fixtures in `folder`: (text files, HTML files)."""
    sources = [p for p in sorted(FIXTURES.iterdir()) if p.suffix.lower() in SAVED_SUFFIXES]
    rng = random.Random(20160520)
    texts, pages = [], []
    for index in range(count):
        source = sources[index % len(sources)]
        data = source.read_bytes()
        with contextlib.suppress(UnicodeDecodeError):  # legacy encodings stay byte for byte
            data = _vary(data.decode("utf-8"), index, rng).encode("utf-8")
        path = folder / f"{index:05d}-{source.name}"
        path.write_bytes(data)
        (pages if source.suffix.lower() in (".html", ".htm") else texts).append(path)
    return texts, pages


def rate(paths: list[Path]) -> float:
    """Articles per second reading `paths` with read_saved."""
    started = time.perf_counter()
    for path in paths:
        read_saved(path, tz=TZ, now=NOW)
    elapsed = time.perf_counter() - started
    return len(paths) / elapsed if elapsed else float("inf")


def main(argv: list[str]) -> int:
    count = int(next((a for a in argv if a.isdigit()), "2000"))
    with tempfile.TemporaryDirectory(prefix="saved-bench-") as tmp:
        texts, pages = write_corpus(Path(tmp), count)
        read_saved(texts[0], tz=TZ, now=NOW)  # load the language model and trafilatura once
        read_saved(pages[0], tz=TZ, now=NOW)
        if "--profile" in argv:
            profile = cProfile.Profile()
            profile.runcall(rate, texts)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        text_rate = rate(texts)
        html_rate = rate(pages)
    print(f"saved articles: {count} ({len(texts)} text, {len(pages)} HTML)")
    print(f"text: {text_rate:8.1f} articles/s")
    print(f"HTML: {html_rate:8.1f} articles/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
