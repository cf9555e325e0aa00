"""`digest fetch`: subscriptions fetched from a real HTTP server on 127.0.0.1 and ingested."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import SHARED

from digest.cli import main

ARABIC_RSS = (SHARED / "corpora" / "arabic-feeds" / "01_nabdsharqi_rss.xml").read_bytes()


class FeedHandler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str | None]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.requests.append((self.path, self.headers.get("If-None-Match")))
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(ARABIC_RSS)))
            self.end_headers()
            self.wfile.write(ARABIC_RSS)
        elif self.path == "/page.html":
            body = b"<html><body>not a feed</body></html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)


@pytest.fixture
def server() -> Iterator[str]:
    FeedHandler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def subscribe(site: Path, base: str, *paths: str) -> None:
    feeds = ", ".join(f'{{"url": "{base}{p}", "source": "نبض شرقي", "lang": "ar"}}' for p in paths)
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nDIGEST_FEEDS = [{feeds}]\n")


def test_fetch_new_then_unchanged_with_one_304(
    site: Path, server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site)
    subscribe(site, server, "/feed.xml")
    assert main(["fetch"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"new: {server}/feed.xml"
    assert out[-1].startswith("digest: 1 items: 1 new")
    stored = sorted((site / "content" / "articles").rglob("*.md"))
    assert len(stored) == 10
    before = {p: p.stat().st_mtime_ns for p in stored}
    assert main(["fetch"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"unchanged: {server}/feed.xml"
    assert FeedHandler.requests == [("/feed.xml", None), ("/feed.xml", '"v1"')]
    assert {p: p.stat().st_mtime_ns for p in stored} == before  # a 304 writes nothing
    assert (site / ".digest-cache" / "http-validators.json").is_file()
    assert not (site / "content" / ".digest-cache").exists()


def test_one_failing_feed_never_stops_the_others(
    site: Path, server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site)
    subscribe(site, server, "/missing.xml", "/page.html", "/feed.xml")
    assert main(["fetch"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"failed: {server}/missing.xml: HTTP 404 Not Found"
    assert lines[1].startswith(f"failed: {server}/page.html: not a feed")
    assert lines[2] == f"new: {server}/feed.xml"


def test_ingest_a_feed_url(
    site: Path, server: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site)
    assert main(["ingest", f"{server}/feed.xml"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("digest: 10 items: 10 new")
    assert main(["ingest", f"{server}/nothing.xml"]) == 1
    assert (
        capsys.readouterr().out.splitlines()[0]
        == f"failed: {server}/nothing.xml: HTTP 404 Not Found"
    )
