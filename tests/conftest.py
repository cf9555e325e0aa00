"""Shared fixtures: a copy of the demo site in a temporary folder, built once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["conftest_browser"]  # theme fixtures: built sites, local server, Chromium

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("DIGEST_SHARED", ROOT.parent / "shared"))  # ../shared beside the clone
SITE_PARTS = ("inbox", "theme", "pelicanconf.py", "publishconf.py")


def copy_site(destination: Path, *, with_content: bool = False) -> Path:
    """The demo site (inbox, theme, settings) copied into `destination`; content/ empty
    unless `with_content`, so the build ingests from scratch."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    if with_content:
        shutil.copytree(ROOT / "content", destination / "content")
    else:
        (destination / "content" / "articles").mkdir(parents=True)
        if (ROOT / "content" / "notes").is_dir():
            shutil.copytree(ROOT / "content" / "notes", destination / "content" / "notes")
    return destination


def copy_fixture_site(destination: Path) -> Path:
    """The demo site's settings and theme over the fixture content (tests/data/site)."""
    site = copy_site(destination)
    shutil.rmtree(site / "content")
    shutil.copytree(DATA / "site" / "content", site / "content")
    return site


def build(site: Path, output: Path | None = None) -> None:
    """`digest build --no-ingest` of `site` into `output` (site/output), which must succeed."""
    from digest.cli import main

    output = output or site / "output"
    args = ["build", "--no-ingest", "-s", str(site / "pelicanconf.py"), "-o", str(output)]
    assert main(args) == 0


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The fixture site, built once into site/output."""
    site = copy_fixture_site(tmp_path / "site")
    build(site)
    return site


def run_on_workers(monkeypatch: pytest.MonkeyPatch, chunk: int) -> list[int]:
    """Every map of digest.pool on two workers in chunks of `chunk`, even small ones; the list
    returned counts the maps that used them."""
    from digest import pool

    used: list[int] = []
    on_workers = pool._map_on_workers

    def spied(function, items, workers):  # type: ignore[no-untyped-def]
        used.append(workers)
        return on_workers(function, items, workers)

    monkeypatch.setattr(pool, "MIN_ITEMS", 1)
    monkeypatch.setattr(pool, "CHUNK", chunk)
    monkeypatch.setattr(pool, "worker_count", lambda: 2)
    monkeypatch.setattr(pool, "_can_fork", lambda: True)  # even beside a test server's thread
    monkeypatch.setattr(pool, "_map_on_workers", spied)
    return used


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site built from scratch (ingest + Pelican) in a temporary folder."""
    from digest.cli import main

    site = copy_site(tmp_path_factory.mktemp("demo") / "site")
    code = main(["build", "-s", str(site / "pelicanconf.py"), "-o", str(site / "output")])
    assert code in (0, 1), code
    return site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the demo site with an empty content/articles/."""
    return copy_site(tmp_path / "site")
