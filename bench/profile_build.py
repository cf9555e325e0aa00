"""Where a project build spends its time: cProfile of one build over the benchmark corpus.

    python bench/profile_build.py [--n 2000] [--top 25] [--save build.prof]

Prints the time spent in each package's own code (pelican, jinja2 with the compiled theme
templates, markdown, digest, other), the functions with the most own time, then the top entries
by cumulative time, grouped by package. cProfile about doubles the build's time: read shares,
not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: `python bench/profile_build.py`
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.runner import pelican_settings  # noqa: E402

PACKAGES = ("pelican", "jinja2", "markdown", "digest", "other")
WORK = ROOT / "bench" / ".work"


def package_of(filename: str) -> str:
    """The package a profiled function belongs to; compiled templates count as jinja2."""
    path = filename.replace("\\", "/")
    if "/site-packages/pelican/" in path:
        return "pelican"
    if "/jinja2/" in path or path.endswith(".html") or path == "<template>":
        return "jinja2"
    if "/site-packages/markdown/" in path:
        return "markdown"
    if path.startswith(str(ROOT / "digest")) or "/digest/" in path:
        return "digest"
    return "other"


def other_label(filename: str) -> str:
    """A short name for code outside the four packages: its top module (or 'builtins')."""
    path = filename.replace("\\", "/")
    if path == "~":
        return "builtins (C)"
    if path.startswith("<frozen "):
        return "stdlib:" + path.removeprefix("<frozen ").rstrip(">")
    if path.startswith("<"):
        return "generated " + path
    if "/site-packages/" in path:
        return path.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    return "stdlib:" + path.rsplit("/", 1)[-1].removesuffix(".py")


def describe(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a builtin: "<method 'sub' of 're.Pattern' objects>"
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", str(ROOT) + "/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({name})"


def report(stats: pstats.Stats, total: float, top: int) -> str:
    out = io.StringIO()
    own: dict[str, float] = defaultdict(float)
    others: dict[str, float] = defaultdict(float)
    for func, (_cc, _nc, tottime, _cumtime, _callers) in stats.stats.items():
        package = package_of(func[0])
        own[package] += tottime
        if package == "other":
            others[other_label(func[0])] += tottime
    print(f"own time by package (of {total:.2f} s profiled):", file=out)
    for package in sorted(PACKAGES, key=lambda p: -own[p]):
        print(f"  {package:<10} {own[package]:>8.2f} s  {own[package] / total:>6.1%}", file=out)
    biggest = sorted(others.items(), key=lambda kv: -kv[1])[:8]
    print("  other, largest: " + ", ".join(f"{k} {v:.2f}s" for k, v in biggest), file=out)
    print(f"\ntop {top // 2} by own time:", file=out)
    print(f"    {'own s':>8} {'cum s':>8} {'calls':>9}  function", file=out)
    for func, (_cc, ncalls, tottime, cumtime, _callers) in sorted(
        stats.stats.items(), key=lambda item: -item[1][2]
    )[: top // 2]:
        print(f"    {tottime:>8.2f} {cumtime:>8.2f} {ncalls:>9}  {describe(func)}", file=out)
    ranked = sorted(stats.stats.items(), key=lambda item: -item[1][3])[:top]
    groups: dict[str, list[str]] = defaultdict(list)
    for func, (_cc, ncalls, tottime, cumtime, _callers) in ranked:
        groups[package_of(func[0])].append(
            f"    {cumtime:>8.2f} {tottime:>8.2f} {ncalls:>9}  {describe(func)}"
        )
    print(f"\ntop {top} by cumulative time, grouped by package:", file=out)
    print(f"    {'cum s':>8} {'own s':>8} {'calls':>9}  function", file=out)
    for package in PACKAGES:
        if groups[package]:
            print(f"  {package}", file=out)
            print("\n".join(groups[package]), file=out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--top", type=int, default=25, help="entries by cumulative time")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--save", type=Path, help="also write the raw pstats file here")
    args = parser.parse_args(argv)

    import logging

    from pelican import Pelican

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    site = WORK / f"profile-{args.n}"
    corpus.write_corpus(site / "content", args.n, args.seed)
    settings = pelican_settings("project", site / "content", site / "output")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    Pelican(settings).run()
    profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    print(f"project build of {args.n:,} articles: {total:.2f} s under cProfile\n")
    print(report(stats, total, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
