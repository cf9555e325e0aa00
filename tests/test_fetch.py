"""digest.fetch against a real HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from digest.errors import DigestError
from digest.fetch import FetchLimits, FetchResult, ValidatorCache, fetch, fetch_all

ETAG = '"v1-abc"'
LAST_MODIFIED = "Fri, 20 May 2016 08:00:00 GMT"
FEED = "<rss><channel><title>أخبار</title></channel></rss>".encode()
MIB = 1024 * 1024
SMALL = FetchLimits(timeout=5.0, max_bytes=MIB)


@dataclass
class Seen:
    """What the server saw, for the tests to check."""

    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def paths(self, prefix: str = "/") -> list[str]:
        return [path for path, _ in self.requests if path.startswith(prefix)]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: Seen  # set per server by the fixture

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        with self.seen.lock:
            self.seen.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        path, _, query = self.path.partition("?")
        name, _, arg = path.lstrip("/").partition("/")
        route = getattr(self, "route_" + name.replace("-", "_"), None)
        if route is None:
            self.reply(404, b"no such route")
        else:
            # the client may give up mid-reply (timeout, size cap): nothing more to do then
            with contextlib.suppress(OSError):
                route(arg, query)

    def reply(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        headers.setdefault("Content-Type", "application/rss+xml; charset=utf-8")
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.reply(status, Location=location)

    # Routes: /<name>/<arg>?<query>

    def route_feed(self, arg: str, query: str) -> None:
        if self.headers.get("If-None-Match") == ETAG:
            self.reply(304, ETag=ETAG)
        else:
            self.reply(200, FEED, ETag=ETAG, Last_Modified=LAST_MODIFIED, Content_Language="ar")

    def route_echo(self, arg: str, query: str) -> None:
        self.reply(200, arg.encode())

    def route_status(self, arg: str, query: str) -> None:
        self.reply(int(arg), b"error page", Content_Type="text/html")

    def route_redirect(self, arg: str, query: str) -> None:
        """/redirect/N: N more hops, then the feed; ?status=307 picks the redirect status."""
        hops = int(arg)
        status = int(query.removeprefix("status=")) if query else 302
        if hops == 0:
            self.reply(200, FEED)
        else:
            self.redirect(status, f"/redirect/{hops - 1}" + (f"?{query}" if query else ""))

    def route_dir(self, arg: str, query: str) -> None:
        if arg == "relative":
            self.redirect(301, "target?from=relative")  # resolves to /dir/target
        else:
            self.reply(200, f"{arg}?{query}".encode())

    def route_to(self, arg: str, query: str) -> None:
        """/to?<url>: redirect anywhere (file:, ftp: ...)."""
        self.redirect(302, query)

    def stream(self, chunks: Iterable[bytes], **headers: str) -> None:
        """A body without Content-Length: it ends when the connection closes."""
        self.send_response(200)
        for name, value in {**headers, "Connection": "close"}.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.close_connection = True
        for chunk in chunks:
            self.wfile.write(chunk)

    def route_gzip(self, arg: str, query: str) -> None:
        if arg == "padding":  # a gzip header, then empty stored blocks: no output, for ever
            empty_block = b"\x00\x00\x00\xff\xff"
            header = gzip.compress(b"")[:10]
            return self.stream([header, *[empty_block * 13107] * 17], Content_Encoding="gzip")
        bodies = {
            "feed": gzip.compress(FEED),
            "bomb": BOMB(),
            "bad": b"this is not gzip at all",
            "truncated": gzip.compress(FEED)[:-12],
        }
        self.reply(200, bodies[arg], Content_Encoding="gzip")

    def route_deflate(self, arg: str, query: str) -> None:
        body = zlib.compress(FEED) if arg == "zlib" else zlib.compress(FEED)[2:-4]
        self.reply(200, body, Content_Encoding="deflate")

    def route_big(self, arg: str, query: str) -> None:
        if arg == "declared":  # headers only: a client that reads would see the body cut short
            self.send_response(200)
            self.send_header("Content-Length", str(MIB + 1))
            self.end_headers()
        else:
            self.stream([b"x" * 65536] * 17)

    def route_slow(self, arg: str, query: str) -> None:
        """A byte every 0.1 s: each read is quick, the whole is far over any small timeout."""
        if arg == "headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for i in range(100):
                self.wfile.write(f"X-Drip-{i}: x\r\n".encode())
                self.wfile.flush()
                if self.seen.stop.wait(0.1):
                    return
            return
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b"x")
            self.wfile.flush()
            if self.seen.stop.wait(0.1):
                return

    def route_busy(self, arg: str, query: str) -> None:
        """Holds the request a while, counting how many are in flight at once."""
        with self.seen.lock:
            self.seen.active += 1
            self.seen.max_active = max(self.seen.max_active, self.seen.active)
        time.sleep(0.15)
        with self.seen.lock:
            self.seen.active -= 1
        self.reply(200, arg.encode())


_bomb: list[bytes] = []


def BOMB() -> bytes:
    """10 MiB of zeros, gzipped to about 10 KiB."""
    if not _bomb:
        _bomb.append(gzip.compress(bytes(10 * MIB), compresslevel=9))
    return _bomb[0]


@dataclass
class Server:
    base: str
    seen: Seen

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def server() -> Iterator[Server]:
    seen = Seen()
    handler = type("BoundHandler", (Handler,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", seen)
    finally:
        seen.stop.set()  # releases drip-feeding handlers
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def failure(call: Callable[[], object]) -> str:
    with pytest.raises(DigestError) as info:
        call()
    return str(info.value)


# --- 200 and 304 -----------------------------------------------------------------------------


def test_200_then_304_on_a_conditional_request(server: Server) -> None:
    url = server.url("/feed")
    first = fetch(url, limits=SMALL)
    assert (first.status, first.body, first.not_modified) == (200, FEED, False)
    assert (first.url, first.final_url) == (url, url)
    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
    assert first.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert first.headers["content-language"] == "ar"
    assert len(server.seen.requests) == 1
    assert "if-none-match" not in server.seen.requests[0][1]

    second = fetch(url, limits=SMALL, etag=first.etag, last_modified=first.last_modified)
    assert (second.status, second.body, second.not_modified) == (304, None, True)
    # the 304 repeats only the ETag; the Last-Modified we sent still holds
    assert (second.etag, second.last_modified) == (ETAG, LAST_MODIFIED)
    assert len(server.seen.requests) == 2
    sent = server.seen.requests[1][1]
    assert (sent["if-none-match"], sent["if-modified-since"]) == (ETAG, LAST_MODIFIED)


def test_request_headers(server: Server) -> None:
    limits = FetchLimits(timeout=5.0, user_agent="arabic-digest-test/1.0 (+mailto:x@example.org)")
    fetch(server.url("/echo/ua"), limits=limits)
    sent = server.seen.requests[0][1]
    assert sent["user-agent"] == "arabic-digest-test/1.0 (+mailto:x@example.org)"
    assert sent["accept-encoding"] == "gzip, deflate"
    assert sent["accept"].startswith("application/atom+xml, application/rss+xml")


def test_default_user_agent(server: Server) -> None:
    fetch(server.url("/echo/ua"), limits=FetchLimits())
    ua = server.seen.requests[0][1]["user-agent"]
    assert ua == "arabic-digest/0.1 (+https://github.com/arabic-digest/arabic-digest)"


def test_arabic_path_is_percent_encoded(server: Server) -> None:
    result = fetch(server.url("/echo/أخبار"), limits=SMALL)
    assert server.seen.paths() == ["/echo/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"]
    assert result.body == b"%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"


# --- HTTP errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "HTTP 404 Not Found"),
        (500, "HTTP 500 Internal Server Error"),
        (403, "HTTP 403 Forbidden"),
        (204, "HTTP 204 No Content"),
        (302, "HTTP 302 Found without a Location header"),
    ],
)
def test_http_error_status(server: Server, status: int, message: str) -> None:
    url = server.url(f"/status/{status}")
    assert failure(lambda: fetch(url, limits=SMALL)) == f"{url}: {message}"


# --- timeouts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/slow/body", "/slow/headers"])
def test_slow_drip_hits_the_total_deadline(server: Server, path: str) -> None:
    url = server.url(path)
    started = time.monotonic()
    message = failure(lambda: fetch(url, limits=FetchLimits(timeout=0.5)))
    elapsed = time.monotonic() - started
    assert message == f"{url}: timed out after 0.5 s"
    assert elapsed < 3  # the drip would take 10 s; a sanity bound, not a benchmark


# --- redirects --------------------------------------------------------------------------------


def test_redirect_chain_is_followed(server: Server) -> None:
    url = server.url("/redirect/3")
    result = fetch(url, limits=SMALL)
    assert (result.status, result.body) == (200, FEED)
    assert (result.url, result.final_url) == (url, server.url("/redirect/0"))
    assert server.seen.paths() == ["/redirect/3", "/redirect/2", "/redirect/1", "/redirect/0"]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_every_redirect_status_is_followed(server: Server, status: int) -> None:
    result = fetch(server.url(f"/redirect/1?status={status}"), limits=SMALL)
    assert result.final_url == server.url(f"/redirect/0?status={status}")
    assert result.body == FEED


def test_max_redirects_is_allowed_one_more_is_not(server: Server) -> None:
    assert fetch(server.url("/redirect/5"), limits=SMALL).body == FEED
    url = server.url("/redirect/6")
    assert failure(lambda: fetch(url, limits=SMALL)) == f"{url}: too many redirects (more than 5)"
    assert len(server.seen.paths("/redirect/")) == 6 + 6  # the 7th hop is never asked for


def test_no_redirects_allowed(server: Server) -> None:
    url = server.url("/redirect/1")
    limits = FetchLimits(timeout=5.0, max_redirects=0)
    assert failure(lambda: fetch(url, limits=limits)) == f"{url}: too many redirects (more than 0)"


def test_relative_location_resolves_against_the_current_url(server: Server) -> None:
    result = fetch(server.url("/dir/relative"), limits=SMALL)
    assert result.final_url == server.url("/dir/target?from=relative")
    assert result.body == b"target?from=relative"


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://127.0.0.1/feed", "data:text/plain,hi", "javascript:x"]
)
def test_redirect_to_other_schemes_is_refused(server: Server, target: str) -> None:
    url = server.url(f"/to?{target}")
    assert failure(lambda: fetch(url, limits=SMALL)) == (
        f"{url}: redirect to {target} refused: only http and https are followed"
    )
    assert server.seen.paths() == [f"/to?{target}"]


def test_first_url_must_be_http(server: Server) -> None:
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/feed"):
        assert failure(lambda url=url: fetch(url, limits=SMALL)) == (
            f"{url}: only http and https are fetched"
        )
    assert failure(lambda: fetch("http:///feed", limits=SMALL)) == "http:///feed: no host in URL"


# --- encodings and size -----------------------------------------------------------------------


def test_gzip_body_is_decoded(server: Server) -> None:
    result = fetch(server.url("/gzip/feed"), limits=SMALL)
    assert result.body == FEED
    assert "content-encoding" not in result.headers
    assert "content-length" not in result.headers


@pytest.mark.parametrize("kind", ["zlib", "raw"])
def test_deflate_body_is_decoded(server: Server, kind: str) -> None:
    assert fetch(server.url(f"/deflate/{kind}"), limits=SMALL).body == FEED


def test_gzip_bomb_is_refused(server: Server) -> None:
    url = server.url("/gzip/bomb")
    assert len(BOMB()) < 100_000  # small on the wire, 10 MiB decoded
    assert failure(lambda: fetch(url, limits=SMALL)) == f"{url}: too large: more than 1048576 bytes"


def test_gzip_padding_that_decodes_to_nothing_is_refused(server: Server) -> None:
    # ~1.1 MB of empty deflate blocks: under the decoded cap for ever, so the wire is capped too
    url = server.url("/gzip/padding")
    assert failure(lambda: fetch(url, limits=SMALL)) == f"{url}: too large: more than 1048576 bytes"


def test_malformed_gzip(server: Server) -> None:
    url = server.url("/gzip/bad")
    assert failure(lambda: fetch(url, limits=SMALL)) == (
        f"{url}: malformed gzip body: Error -3 while decompressing data: incorrect header check"
    )
    url = server.url("/gzip/truncated")
    assert failure(lambda: fetch(url, limits=SMALL)) == f"{url}: malformed gzip body: truncated"


@pytest.mark.parametrize("kind", ["declared", "streamed"])
def test_body_over_the_size_limit(server: Server, kind: str) -> None:
    # "declared" sends only headers: reading the body would fail otherwise, so the message
    # shows the Content-Length was refused before reading.
    url = server.url(f"/big/{kind}")
    assert failure(lambda: fetch(url, limits=SMALL)) == f"{url}: too large: more than 1048576 bytes"


def test_body_at_the_size_limit_is_accepted(server: Server) -> None:
    limits = FetchLimits(timeout=5.0, max_bytes=len(FEED))
    assert fetch(server.url("/feed"), limits=limits).body == FEED
    assert fetch(server.url("/gzip/feed"), limits=limits).body == FEED


# --- network trouble --------------------------------------------------------------------------


def test_connection_refused() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed"
    assert failure(lambda: fetch(url, limits=SMALL)) == f"{url}: cannot connect: Connection refused"


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no real DNS in tests
    url = "http://feeds.example.invalid/rss"
    assert failure(lambda: fetch(url, limits=SMALL)) == (
        f"{url}: cannot resolve host: Name or service not known"
    )


# --- fetch_all --------------------------------------------------------------------------------


def test_fetch_all_keeps_order_and_survives_a_failure(server: Server, tmp_path: Path) -> None:
    urls = [server.url(f"/busy/{i}") for i in range(8)]
    urls[3] = server.url("/status/404")
    cache = ValidatorCache(tmp_path / "validators.json")
    results = fetch_all(urls, limits=SMALL, cache=cache, concurrency=3)
    assert len(results) == 8
    for i, result in enumerate(results):
        if i == 3:
            assert isinstance(result, DigestError)
            assert str(result) == f"{urls[3]}: HTTP 404 Not Found"
        else:
            assert isinstance(result, FetchResult)
            assert (result.url, result.body) == (urls[i], str(i).encode())
    assert 2 <= server.seen.max_active <= 3


def test_fetch_all_concurrency_one_is_sequential(server: Server, tmp_path: Path) -> None:
    urls = [server.url(f"/busy/{i}") for i in range(3)]
    cache = ValidatorCache(tmp_path / "validators.json")
    fetch_all(urls, limits=SMALL, cache=cache, concurrency=1)
    assert server.seen.max_active == 1


def test_fetch_all_sends_cached_validators(server: Server, tmp_path: Path) -> None:
    cache = ValidatorCache(tmp_path / "validators.json")
    url = server.url("/feed")
    [first] = fetch_all([url], limits=SMALL, cache=cache)
    assert isinstance(first, FetchResult) and first.status == 200
    cache.remember(first)
    [second] = fetch_all([url], limits=SMALL, cache=cache)
    assert isinstance(second, FetchResult) and second.not_modified
    assert server.seen.requests[1][1]["if-none-match"] == ETAG


# --- ValidatorCache ---------------------------------------------------------------------------


def result(url: str, etag: str | None, last_modified: str | None) -> FetchResult:
    return FetchResult(url, url, 200, b"", {}, etag, last_modified)


def test_cache_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "validators.json"  # the folder is made on save
    cache = ValidatorCache(path)
    assert cache.validators("https://example.org/feed") == (None, None)
    cache.remember(result("https://example.org/feed", ETAG, LAST_MODIFIED))
    cache.remember(result("https://example.org/أخبار", None, LAST_MODIFIED))
    cache.save()

    again = ValidatorCache(path)
    assert again.validators("https://example.org/feed") == (ETAG, LAST_MODIFIED)
    assert again.validators("https://example.org/أخبار") == (None, LAST_MODIFIED)
    assert again.validators("https://example.org/other") == (None, None)


def test_cache_forgets_a_url_without_validators(tmp_path: Path) -> None:
    cache = ValidatorCache(tmp_path / "validators.json")
    cache.remember(result("https://example.org/feed", ETAG, None))
    cache.remember(result("https://example.org/feed", None, None))
    assert cache.validators("https://example.org/feed") == (None, None)


def test_cache_save_is_atomic_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "validators.json"
    path.write_text("old", encoding="utf-8")
    cache = ValidatorCache(path)
    cache.remember(result("https://example.org/feed", ETAG, None))
    cache.save()
    cache.save()
    assert [p.name for p in tmp_path.iterdir()] == ["validators.json"]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["validators"] == {"https://example.org/feed": {"etag": ETAG}}


def test_cache_save_failure_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    cache = ValidatorCache(blocker / "validators.json")
    message = failure(cache.save)
    assert message.startswith(f"{blocker / 'validators.json'}: cannot write cache: ")
    assert [p.name for p in tmp_path.iterdir()] == ["not-a-dir"]


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "",
        "[1, 2]",
        '{"validators": "nope"}',
        '{"validators": {"https://example.org/feed": 3}}',
    ],
)
def test_corrupt_cache_is_empty(tmp_path: Path, text: str) -> None:
    path = tmp_path / "validators.json"
    path.write_text(text, encoding="utf-8")
    cache = ValidatorCache(path)
    assert cache.validators("https://example.org/feed") == (None, None)
    cache.remember(result("https://example.org/feed", ETAG, None))
    cache.save()  # and the next save replaces it with a good file
    assert ValidatorCache(path).validators("https://example.org/feed") == (ETAG, None)


def test_cache_with_undecodable_bytes_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "validators.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert ValidatorCache(path).validators("https://example.org/feed") == (None, None)


# --- limits from settings ---------------------------------------------------------------------


def test_limits_from_settings() -> None:
    from digest.settings import DEFAULTS

    assert FetchLimits.from_settings(DEFAULTS) == FetchLimits()
    limits = FetchLimits.from_settings(
        {
            **DEFAULTS,
            "DIGEST_FETCH_TIMEOUT": 3,
            "DIGEST_FETCH_MAX_BYTES": 1000,
            "DIGEST_FETCH_MAX_REDIRECTS": 2,
            "DIGEST_USER_AGENT": "ua/1",
        }
    )
    assert limits == FetchLimits(timeout=3.0, max_bytes=1000, max_redirects=2, user_agent="ua/1")
