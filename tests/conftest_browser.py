"""Fixtures for the theme tests: sites built with the theme, a local server, one Chromium.

Chromium is Debian's (`/usr/bin/chromium`, or DIGEST_CHROMIUM), driven by Playwright; axe-core
comes from npm (`.ci/run` installs it into .ci/node_modules, or set DIGEST_AXE_JS). Without them
the browser tests skip, unless DIGEST_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, copy_site

SEED_TITLE = "«بنتاغون»: لم نتلقَ طلباً روسيا لتنفيذ غارات مشتركة في سوريا"
SEED_WEEK = "2016-W20"
ENGLISH_SLUG = "theme-test-english"
SCREENS = ROOT / "screens"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

ENGLISH_ARTICLE = f"""Title: Cities' air is getting worse, the WHO says
Date: 2016-05-19T12:00:00+03:00
Lang: en
Slug: {ENGLISH_SLUG}
Tags: Health
Source: Example Wire | https://news.example.com/en/who-air
Summary: More than 80 percent of city dwellers breathe air above the WHO's limits.

More than 80 percent of people living in cities that monitor air quality breathe air that
exceeds the World Health Organization's limits, according to a new database.
"""


def chromium_path() -> str | None:
    path = os.environ.get("DIGEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


def axe_path() -> Path | None:
    default = ROOT / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
    candidates = [os.environ.get("DIGEST_AXE_JS", ""), default]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def missing(what: str) -> None:
    """Skip a browser test for want of `what`, or fail it when the browser is required."""
    reason = f"{what} not found (see .ci/run); set DIGEST_REQUIRE_BROWSER=1 to make this an error"
    if os.environ.get("DIGEST_REQUIRE_BROWSER") == "1":
        pytest.fail(f"DIGEST_REQUIRE_BROWSER=1 but {what} not found")
    pytest.skip(reason)


def build_site(site: Path, settings: str = "", *, ingest: bool = True, index: bool = False) -> Path:
    """Build the site in `site` with extra lines appended to its pelicanconf.py; optionally
    index it with Pagefind. Returns the output folder."""
    from digest.cli import main

    conf = site / "pelicanconf.py"
    if settings:
        conf.write_text(conf.read_text(encoding="utf-8") + "\n" + settings, encoding="utf-8")
    output = site / "output"
    args = ["build", "-s", str(conf), "-o", str(output)] + ([] if ingest else ["--no-ingest"])
    assert main(args) in (0, 1)
    assert (output / "index.html").is_file()
    if index:
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(output), "--quiet"], check=True
        )
    return output


def demo_site(destination: Path) -> Path:
    """The demo site with the about page and one English article."""
    site = copy_site(destination)
    shutil.copytree(ROOT / "content" / "pages", site / "content" / "pages")
    english = site / "content" / "articles" / "2016" / f"2016-05-19-{ENGLISH_SLUG}.md"
    english.parent.mkdir(parents=True, exist_ok=True)
    english.write_text(ENGLISH_ARTICLE, encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def theme_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site (plus about page and an English article) built and indexed for search."""
    return build_site(demo_site(tmp_path_factory.mktemp("theme") / "site"), index=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(theme_output: Path) -> Iterator[str]:
    """theme_output served on 127.0.0.1 from a thread."""
    handler = functools.partial(_QuietHandler, directory=str(theme_output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session."""
    executable = chromium_path()
    if not executable:
        missing("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright (Python)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = axe_path()
    if not path:
        missing("axe-core (npm install --prefix .ci axe-core@4)")
    return path.read_text(encoding="utf-8")
