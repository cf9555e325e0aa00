"""Every `DIGEST_*` setting with its default and meaning; loaded and validated once.

`pelicanconf.py` sets only what differs. `load_settings` merges these defaults into a Pelican
settings mapping, checks every value, and raises one `DigestError` listing every problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from digest.errors import DigestError

DEFAULTS: dict[str, Any] = {
    # First day of a digest week. monday gives ISO 8601 week ids (2016-W20); saturday and
    # sunday give ids of the ISO week holding the week's Monday, suffixed: 2016-W20-sat.
    "DIGEST_WEEK_START": "monday",
    # Ordered mapping: theme name -> keywords and phrases that place an article under it.
    "DIGEST_THEMES": {},
    # Section for articles that match no theme and share no keyword with another article.
    "DIGEST_CATCHALL_THEME": "متفرقات",
    # Feed subscriptions: dicts with url, source (name of the outlet), lang, optional theme.
    "DIGEST_FEEDS": [],
    # Folder of demo/editorial sources (saved articles, feed files) that `invoke build` ingests.
    "DIGEST_INBOX": "inbox",
    # Where ingestion writes Markdown, relative to Pelican's PATH.
    "DIGEST_ARTICLES_DIR": "articles",
    # Where editors' weekly notes live, relative to Pelican's PATH.
    "DIGEST_NOTES_DIR": "notes",
    # Cache (HTTP validators, build state), outside content/ and output/.
    "DIGEST_CACHE_DIR": ".digest-cache",
    # Slugs: ASCII transliteration instead of Arabic letters, and their maximum length.
    "DIGEST_SLUG_ASCII": False,
    "DIGEST_SLUG_MAX_LENGTH": 80,
    # Fetching feeds: seconds per request, largest body in bytes, redirects followed,
    # feeds fetched at once, and the User-Agent sent.
    "DIGEST_FETCH_TIMEOUT": 20.0,
    "DIGEST_FETCH_MAX_BYTES": 10 * 1024 * 1024,
    "DIGEST_FETCH_MAX_REDIRECTS": 5,
    "DIGEST_FETCH_CONCURRENCY": 4,
    "DIGEST_USER_AGENT": "arabic-digest/0.1 (+https://github.com/arabic-digest/arabic-digest)",
    # Digits in dates shown by the theme: "arab" (٢٠ مايو ٢٠١٦) or "latn" (20 مايو 2016).
    "DIGEST_DIGITS": "arab",
    # Show the Hijri (Umm al-Qura) date beside the Gregorian one.
    "DIGEST_SHOW_HIJRI": False,
    # How many "more on this" articles (sharing keywords) an article page shows.
    "DIGEST_MORE_LIMIT": 3,
    # Deployment target for `invoke publish`: {"type": "directory", "path": "..."} (a local
    # path or an rsync destination user@host:path) or {"type": "gh-pages", "repo": "...",
    # "branch": "gh-pages"}. None: publish refuses with a message.
    "DIGEST_PUBLISH": None,
}

WEEK_STARTS = ("monday", "saturday", "sunday")
DIGIT_SYSTEMS = ("arab", "latn")


def _check(settings: Mapping[str, Any]) -> list[str]:
    problems = []

    def expect(key: str, ok: bool, wanted: str) -> None:
        if not ok:
            problems.append(f"{key}: expected {wanted}, got {settings[key]!r}")

    expect(
        "DIGEST_WEEK_START",
        settings["DIGEST_WEEK_START"] in WEEK_STARTS,
        "monday, saturday or sunday",
    )
    themes = settings["DIGEST_THEMES"]
    expect(
        "DIGEST_THEMES",
        isinstance(themes, Mapping)
        and all(
            isinstance(k, str)
            and isinstance(v, list | tuple)
            and all(isinstance(p, str) for p in v)
            for k, v in themes.items()
        ),
        "a mapping of theme name to a list of phrases",
    )
    feeds = settings["DIGEST_FEEDS"]
    expect(
        "DIGEST_FEEDS",
        isinstance(feeds, list | tuple)
        and all(isinstance(f, Mapping) and isinstance(f.get("url"), str) for f in feeds),
        "a list of mappings, each with a url",
    )
    expect("DIGEST_DIGITS", settings["DIGEST_DIGITS"] in DIGIT_SYSTEMS, "arab or latn")
    for key in (
        "DIGEST_SLUG_MAX_LENGTH",
        "DIGEST_FETCH_MAX_BYTES",
        "DIGEST_FETCH_MAX_REDIRECTS",
        "DIGEST_FETCH_CONCURRENCY",
        "DIGEST_MORE_LIMIT",
    ):
        value = settings[key]
        expect(
            key,
            isinstance(value, int) and not isinstance(value, bool) and value >= 0,
            "a whole number >= 0",
        )
    timeout = settings["DIGEST_FETCH_TIMEOUT"]
    expect(
        "DIGEST_FETCH_TIMEOUT",
        isinstance(timeout, int | float) and timeout > 0,
        "a number of seconds > 0",
    )
    publish = settings["DIGEST_PUBLISH"]
    expect(
        "DIGEST_PUBLISH",
        publish is None
        or (isinstance(publish, Mapping) and publish.get("type") in ("directory", "gh-pages")),
        'None or a mapping with type "directory" or "gh-pages"',
    )
    return problems


RELATIVE_TO_SITE = ("DIGEST_INBOX", "DIGEST_CACHE_DIR")


def load_settings(raw: Mapping[str, Any], source: str = "pelicanconf.py") -> dict[str, Any]:
    """Defaults merged with `raw` (a Pelican settings mapping), every value checked.

    Folders given as relative paths are taken relative to the site folder (see site_folder),
    so the site builds from any working directory and writes nowhere else."""
    settings = {
        **DEFAULTS,
        **{k: v for k, v in raw.items() if k in DEFAULTS or not k.startswith("DIGEST_")},
    }
    unknown = sorted(k for k in raw if k.startswith("DIGEST_") and k not in DEFAULTS)
    problems = [f"{k}: unknown setting (see README, Settings)" for k in unknown]
    problems += _check(settings)
    if problems:
        raise DigestError(source, "; ".join(problems))
    for key in RELATIVE_TO_SITE:
        settings[key] = str(site_folder(settings, source) / settings[key])
    return settings


def site_folder(settings: Mapping[str, Any], source: str) -> Path:
    """The folder relative paths are read from: the one holding PATH (content/) once Pelican
    has made PATH absolute, which it does relative to the settings file; else the settings
    file's own folder. The plugin sees only the settings, never the file's name."""
    content = Path(str(settings.get("PATH", "")))
    if content.is_absolute():
        return content.parent
    return Path(source).resolve().parent


def read_settings(path: str | Path = "pelicanconf.py") -> dict[str, Any]:
    """Read a Pelican settings file and load the digest settings from it.

    Pelican's defaults are merged in, but not its build-time checks (a theme folder, say):
    ingesting and parsing need neither."""
    from pelican.settings import get_settings_from_file

    path = Path(path)
    if not path.is_file():
        raise DigestError(path, "settings file not found (run from the site folder or pass -s)")
    try:
        raw = get_settings_from_file(str(path))
    except Exception as exc:  # a settings file is Python: any error there is the user's input
        raise DigestError(path, f"cannot load settings: {type(exc).__name__}: {exc}") from exc
    raw["PATH"] = str(path.resolve().parent / raw.get("PATH", "content"))
    return load_settings(raw, str(path))


def articles_dir(settings: Mapping[str, Any]) -> Path:
    return Path(settings["PATH"]) / settings["DIGEST_ARTICLES_DIR"]


def notes_dir(settings: Mapping[str, Any]) -> Path:
    return Path(settings["PATH"]) / settings["DIGEST_NOTES_DIR"]
