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
