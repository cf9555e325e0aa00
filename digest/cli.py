"""`digest` subcommands: the only place that prints results and picks exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from digest.errors import DigestError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        now = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {value!r}") from None
    return now


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    from digest.settings import read_settings

    return read_settings(args.settings)


def _progress(total_hint: str) -> Any:
    """A progress counter on a terminal; nothing in CI or when piped."""
    if not sys.stderr.isatty():
        return None

    def show(number: int, source: str) -> None:
        sys.stderr.write(f"\r\033[K{total_hint} {number}: {Path(source).name[:60]}")
        sys.stderr.flush()

    return show


def _relative(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _print_report(report: Any) -> int:
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    for outcome in report.outcomes:
        where = _relative(outcome.path) if outcome.path else outcome.origin
        if outcome.status == "failed":
            print(f"failed: {outcome.message}")
        else:
            print(f"{outcome.status}: {where}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    counts = report.counts()
    summary = ", ".join(
        f"{counts.get(k, 0)} {k}" for k in ("new", "updated", "merged", "unchanged", "failed")
    )
    print(f"digest: {len(report.outcomes)} items: {summary}")
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    from digest.fetcher import fetch_one_factory
    from digest.ingest import ingest

    settings = _settings(args)
    report = ingest(
        args.sources,
        settings,
        now=args.now,
        progress=_progress("ingesting"),
        fetch_one=fetch_one_factory(settings),
    )
    return _print_report(report)


def cmd_fetch(args: argparse.Namespace) -> int:
    from digest.fetcher import fetch_subscriptions

    settings = _settings(args)
    if not settings["DIGEST_FEEDS"]:
        print(f"digest: no feeds: add subscriptions to DIGEST_FEEDS in {args.settings}")
        return EXIT_OK
    report = fetch_subscriptions(settings, now=args.now)
    return _print_report(report)


def cmd_parse(args: argparse.Namespace) -> int:
    from digest.ingest import parse_only

    settings = _settings(args)
    articles = parse_only(args.file, settings, now=args.now)
    if args.json:
        json.dump([a.to_json() for a in articles], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for article in articles:
            date = article.date.isoformat() if article.date else "undated"
            print(f"{date}  {article.title}  [{', '.join(article.sources)}]")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from digest.build import build_site

    overrides = {"OUTPUT_PATH": args.output} if args.output else {}
    report = build_site(args.settings, ingest_inbox=not args.no_ingest, **overrides)
    code = _print_report(report) if report.outcomes else EXIT_OK
    print(f"digest: site built in {args.output or 'output'}/")
    return code


def cmd_note(args: argparse.Namespace) -> int:
    from digest.editorial import write_week_note

    settings = _settings(args)
    path, written = write_week_note(settings, args.week)
    if written:
        print(f"new: {_relative(path)}")
        return EXIT_OK
    print(f"unchanged: {_relative(path)} exists; an existing note is never overwritten")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from digest.editorial import check_content

    settings = _settings(args)
    findings = check_content(settings)
    for finding in findings:
        print(finding)
    errors = sum(f.startswith("error:") for f in findings)
    print(f"digest: {errors} errors, {len(findings) - errors} warnings")
    return EXIT_FAILED if errors else EXIT_OK


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="digest",
        description="Arabic news digest: ingest sources, build the weekly digest site.",
    )
    main_parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = main_parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
        sub.set_defaults(handler=handler)
        return sub

    sub = command(
        "ingest",
        cmd_ingest,
        "Ingest saved articles, feed files, feed URLs or folders into content/articles/.",
    )
    sub.add_argument("sources", nargs="+", metavar="SOURCE")
    sub.add_argument("--now", type=_now, help="reference time for relative dates (ISO 8601)")
    sub = command("fetch", cmd_fetch, "Fetch every feed in DIGEST_FEEDS and ingest new entries.")
    sub.add_argument("--now", type=_now, help="reference time for relative dates (ISO 8601)")
    sub = command(
        "parse", cmd_parse, "Print the normalized record(s) of one file, writing nothing."
    )
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--now", type=_now, help="reference time for relative dates (ISO 8601)")
    sub.add_argument("--json", action="store_true", help="print a JSON list of records")
    sub = command("build", cmd_build, "Ingest the inbox and build the site with Pelican.")
    sub.add_argument("-o", "--output", help="output folder (default: OUTPUT_PATH)")
    sub.add_argument("--no-ingest", action="store_true", help="build from content/ only")
    sub = command("note", cmd_note, "Write a starter editors' note for a week (never overwrites).")
    sub.add_argument("week", metavar="WEEK_ID", help="like 2016-W20")
    command("check", cmd_check, "Check content/ and notes for problems; exit 1 on findings.")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except DigestError as exc:
        if args.debug:
            raise
        print(f"digest: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped (| head): not an error
        # As the Python docs advise: point stdout at devnull so the exit flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
