"""The digest plugin's cost: the same corpus built with the plugin on and off, in one run.

Off means the project's own settings without `digest.plugin`; the theme then has to be
Pelican's default (ours needs the plugin's digests), so "on" also pays for the richer theme.

    python bench/plugin_overhead.py [--n 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.run import WORK, Measure, progress, run_job  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    site = WORK / f"plugin-{args.n}"
    progress(f"N={args.n}: writing the corpus")
    corpus.write_corpus(site / "content", args.n, corpus.SEED)
    measures = {kind: Measure(kind) for kind in ("project", "plugin-off")}
    for run in range(args.runs):
        for kind, measure in measures.items():
            progress(f"N={args.n}: {kind}, run {run + 1}/{args.runs}")
            output = site / f"output-{kind}"
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(site / f"cache-{kind}", ignore_errors=True)
            measure.samples.append(run_job("build", kind, str(site / "content"), str(output)))
    on, off = measures["project"], measures["plugin-off"]
    print(f"N={args.n} articles, median of {args.runs} runs, each build in its own process")
    print(f"{'':22}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}")
    for label, measure in (("plugin on (project)", on), ("plugin off", off)):
        print(f"{label:22}{measure.wall:8.2f}{measure.cpu:8.2f}{measure.rss_mb:9.1f}")
    print(
        f"on / off: time {on.wall / off.wall:.2f}x (cpu {on.cpu / off.cpu:.2f}x), "
        f"peak memory {on.rss_mb / off.rss_mb:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
