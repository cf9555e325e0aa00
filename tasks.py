"""Chores: `invoke --list`. Each task calls the same functions as the `digest` command."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).parent
OUTPUT = ROOT / "output"


@task
def build(c, settings="pelicanconf.py", output=""):
    """Ingest the inbox into content/ and build the site into output/."""
    from digest.cli import main

    args = ["build", "-s", settings] + (["-o", output] if output else [])
    code = main(args)
    if code == 2 or not (Path(output or OUTPUT) / "index.html").is_file():
        raise Exit("digest: build failed", code=code or 1)
    search_index(c, output or str(OUTPUT))


@task
def search_index(c, output="output"):
    """Index the built site for static full-text search (Pagefind)."""
    c.run(f"{sys.executable} -m pagefind --site {output} --quiet", hide="out", warn=False)


@task
def serve(c, port=8000, output="output"):
    """Preview the built site on http://127.0.0.1:PORT/."""
    c.run(
        f"{sys.executable} -m http.server {port} --bind 127.0.0.1 --directory {output}", pty=False
    )


@task
def livereload(c, port=8000, settings="pelicanconf.py"):
    """Serve the site on 127.0.0.1:PORT, rebuild incrementally on every save, refresh the page."""
    try:
        from livereload import Server
    except ImportError:
        raise Exit(
            "digest: livereload is not installed: python -m pip install -e '.[dev]'"
        ) from None
    from digest.cli import main

    def rebuild():
        main(["build", "-s", settings])

    rebuild()
    server = Server()
    for watched in ("content/**/*.md", "inbox/**/*", "theme/**/*", settings):
        server.watch(watched, rebuild)
    server.serve(host="127.0.0.1", port=port, root=str(OUTPUT))


@task
def clean(c):
    """Remove output/."""
    shutil.rmtree(OUTPUT, ignore_errors=True)


@task
def test(c):
    """Run the test suite."""
    c.run(f"{sys.executable} -m pytest -q", pty=False)


@task
def lint(c):
    """ruff check and ruff format --check."""
    c.run(f"{sys.executable} -m ruff check .")
    c.run(f"{sys.executable} -m ruff format --check .")


@task
def check(c):
    """Check content/ and the editors' notes (digest check)."""
    from digest.cli import main

    code = main(["check"])
    if code:
        raise Exit(code=code)


@task
def publish(c):
    """Build with publishconf.py aside, then deploy to DIGEST_PUBLISH in one switch."""
    from digest.cli import main
    from digest.errors import DigestError
    from digest.publish import publish as deploy
    from digest.settings import read_settings

    settings = read_settings("publishconf.py")
    with tempfile.TemporaryDirectory(prefix="digest-site-") as aside:
        site = Path(aside) / "site"
        if main(["build", "-s", "publishconf.py", "-o", str(site)]) not in (0, 1):
            raise Exit("digest: build failed", code=1)
        search_index(c, str(site))
        try:
            print(deploy(site, settings["DIGEST_PUBLISH"]))
        except DigestError as exc:
            raise Exit(f"digest: error: {exc}", code=1) from None


@task
def bench(c, sizes="1000,10000", runs=3, runs_large=1, ingest=True):
    """Benchmarks (bench/run.py): builds, rebuilds, ingestion, memory; writes bench/results/."""
    args = f"--sizes {sizes} --runs {runs} --runs-large {runs_large}"
    if not ingest:
        args += " --no-ingest"
    c.run(f"{sys.executable} {ROOT / 'bench' / 'run.py'} {args}", pty=False)
