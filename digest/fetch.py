"""HTTP(S) fetching of feeds: limits on time, size and redirects, and conditional GET.

Standard library only (http.client, not urllib.request): we need the raw socket to enforce one
total deadline (a server that drips a byte a second would otherwise hold us for ever, since
socket timeouts are per read) and we follow redirects ourselves, so a refused target is never
opened. Environment proxies are therefore not used.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import socket
import ssl
import tempfile
import threading
import time
import zlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from digest.errors import DigestError

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
SCHEMES = ("http", "https")
# Feeds first; servers that negotiate would otherwise hand us an HTML page.
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True)
class FetchLimits:
    """How long, how much and how far one fetch may go."""

    timeout: float = 20.0  # seconds: a total deadline for one fetch, redirects included
    max_bytes: int = 10 * 1024 * 1024  # decoded body size cap, also caps decompression
    max_redirects: int = 5
    user_agent: str = "arabic-digest/0.1 (+https://github.com/arabic-digest/arabic-digest)"

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FetchLimits:
        """Limits from loaded `DIGEST_FETCH_*` settings (defaults for missing keys)."""
        return cls(
            timeout=float(settings.get("DIGEST_FETCH_TIMEOUT", cls.timeout)),
            max_bytes=int(settings.get("DIGEST_FETCH_MAX_BYTES", cls.max_bytes)),
            max_redirects=int(settings.get("DIGEST_FETCH_MAX_REDIRECTS", cls.max_redirects)),
            user_agent=str(settings.get("DIGEST_USER_AGENT", cls.user_agent)),
        )


@dataclass(frozen=True)
class FetchResult:
    """One successful fetch: a body (200) or "not modified" (304)."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int  # 200 or 304
    body: bytes | None  # decoded; None when 304
    headers: dict[str, str]  # lower-cased names; no content-encoding/length once decoded
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch(
    url: str,
    *,
    limits: FetchLimits,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET one URL; raises DigestError(url, why) for every failure."""
    try:
        return _fetch(url, limits, etag, last_modified)
    except TimeoutError:  # before OSError: socket.timeout is one
        raise DigestError(url, f"timed out after {float(limits.timeout)} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise DigestError(url, _network_error(exc)) from None


def fetch_all(
    urls: Sequence[str],
    *,
    limits: FetchLimits,
    cache: ValidatorCache,
    concurrency: int = 4,
) -> list[FetchResult | DigestError]:
    """Fetch many URLs, `concurrency` at a time; results in the order of `urls`."""
    jobs = [(url, *cache.validators(url)) for url in urls]

    def one(job: tuple[str, str | None, str | None]) -> FetchResult | DigestError:
        url, etag, last_modified = job
        try:
            return fetch(url, limits=limits, etag=etag, last_modified=last_modified)
        except DigestError as exc:  # one feed's trouble never stops the others
            return exc

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        return list(pool.map(one, jobs))


class ValidatorCache:
    """ETag / Last-Modified per URL, kept in a JSON file (under DIGEST_CACHE_DIR, outside content/),
    written atomically (temp file in the same dir + os.replace)."""

    VERSION = 1

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._entries = self._read()

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The (etag, last_modified) to send for `url`, as last remembered."""
        with self._lock:
            entry = self._entries.get(url, {})
        return entry.get("etag"), entry.get("last_modified")

    def remember(self, result: FetchResult) -> None:
        """Keep the result's validators; call only once the feed's entries are stored."""
        entry = {"etag": result.etag, "last_modified": result.last_modified}
        entry = {k: v for k, v in entry.items() if v}
        with self._lock:
            if entry:
                self._entries[result.url] = entry
            else:  # validators we can no longer trust must not be sent again
                self._entries.pop(result.url, None)

    def save(self) -> None:
        """Write the cache file atomically: readers see the old file or the new one, never half."""
        with self._lock:
            text = json.dumps(
                {"version": self.VERSION, "validators": self._entries},
                ensure_ascii=False,
                indent=1,
                sort_keys=True,
            )
        tmp_name = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w",
                encoding="utf-8",
                dir=self.path.parent,
                prefix=f".{self.path.name}.",
                suffix=".tmp",
                delete=False,
            ) as tmp:
                tmp_name = tmp.name
                tmp.write(text)
            os.replace(tmp_name, self.path)
        except OSError as exc:
            if tmp_name:
                Path(tmp_name).unlink(missing_ok=True)
            raise DigestError(self.path, f"cannot write cache: {exc.strerror or exc}") from None

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            return {}
        except (ValueError, UnicodeDecodeError):  # corrupt: start afresh, the next fetch refills it
            return {}
        except OSError as exc:
            raise DigestError(self.path, f"cannot read cache: {exc.strerror or exc}") from None
        entries = data.get("validators") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            return {}
        return {
            url: {
                k: v
                for k, v in entry.items()
                if k in ("etag", "last_modified") and isinstance(v, str)
            }
            for url, entry in entries.items()
            if isinstance(url, str) and isinstance(entry, dict)
        }


# --- one fetch -------------------------------------------------------------------------------


def _fetch(
    url: str, limits: FetchLimits, etag: str | None, last_modified: str | None
) -> FetchResult:
    deadline = time.monotonic() + limits.timeout
    headers = {
        "User-Agent": limits.user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
    }
    # Validators are sent on every hop: they describe the resource the redirects lead to.
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    if problem := _unfetchable(url, "fetched"):
        raise DigestError(url, problem)
    current = url
    for _ in range(limits.max_redirects + 1):
        conn, response = _request(current, headers, deadline)
        try:
            status = response.status
            if status in REDIRECT_STATUSES:
                current = _redirect_target(url, current, response)
                continue
            if status not in (200, 304):
                raise DigestError(url, f"HTTP {status} {_reason(response)}")
            body = _read_body(url, response, limits) if status == 200 else None
            return _result(url, current, response, body, etag, last_modified)
        finally:
            response.close()  # the connection no longer owns a response that ends with close
            conn.close()
    raise DigestError(url, f"too many redirects (more than {limits.max_redirects})")


def _request(
    url: str, headers: dict[str, str], deadline: float
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    parts = urlsplit(url)
    try:
        host = parts.hostname.encode("idna").decode("ascii")  # type: ignore[union-attr]
        port = parts.port
    except (UnicodeError, ValueError) as exc:
        raise DigestError(url, f"invalid URL: {exc}") from None
    # Arabic paths and queries are common: percent-encode what is not ASCII, keep the rest.
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~?[]")
    timeout = _remaining(deadline)
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.connect()
        conn.sock = _DeadlineSocket(conn.sock, deadline)
        conn.request("GET", target, headers=headers)
        return conn, conn.getresponse()
    except BaseException:
        conn.close()
        raise


def _redirect_target(url: str, current: str, response: http.client.HTTPResponse) -> str:
    location = response.getheader("location")
    if not location:
        raise DigestError(
            url, f"HTTP {response.status} {_reason(response)} without a Location header"
        )
    location = _header_text(location.strip())
    target = urljoin(current, location)  # relative Locations are allowed (RFC 9110, 10.2.2)
    if problem := _unfetchable(target, "followed"):
        raise DigestError(url, f"redirect to {target} refused: {problem}")
    return target


def _unfetchable(url: str, verb: str) -> str | None:
    """Why `url` is not one we may open (None when it is)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        # file:, ftp:, data:, javascript: ... a feed or a redirect must not reach local files.
        return f"only http and https are {verb}"
    if not parts.hostname:
        return "no host in URL"
    return None


def _read_body(url: str, response: http.client.HTTPResponse, limits: FetchLimits) -> bytes:
    decoder = _Decoder(url, response.getheader("content-encoding"))
    # Compressed bytes may exceed the decoded cap only by the format's own overhead (headers,
    # 5 bytes per 64 KiB stored block); more is padding (empty blocks) meant to hold us.
    wire_limit = limits.max_bytes + (0 if decoder.identity else limits.max_bytes // 1000 + 1024)
    declared = _content_length(response)
    if declared is not None and declared > wire_limit:
        raise _too_large(url, limits)
    body = bytearray()
    received = 0
    # read1: one socket read at a time, so the deadline and the size cap are checked often.
    while chunk := response.read1(CHUNK_SIZE):
        received += len(chunk)
        body += decoder.decode(chunk, limits.max_bytes - len(body) + 1)
        if len(body) > limits.max_bytes or received > wire_limit:
            raise _too_large(url, limits)
    if declared is not None and received < declared:
        raise DigestError(url, f"connection closed after {received} of {declared} bytes")
    decoder.finish()
    return bytes(body)


def _result(
    url: str,
    final_url: str,
    response: http.client.HTTPResponse,
    body: bytes | None,
    etag: str | None,
    last_modified: str | None,
) -> FetchResult:
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        name = name.lower()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    if body is not None:  # the body is decoded: these would describe bytes we no longer have
        headers.pop("content-encoding", None)
        headers.pop("content-length", None)
    # A 304 may omit the validators; the ones we sent are still the right ones.
    return FetchResult(
        url=url,
        final_url=final_url,
        status=response.status,
        body=body,
        headers=headers,
        etag=headers.get("etag") or (etag if body is None else None),
        last_modified=headers.get("last-modified") or (last_modified if body is None else None),
    )


class _Decoder:
    """Undoes a Content-Encoding as bytes arrive, never producing more than asked for."""

    def __init__(self, url: str, encoding: str | None):
        self.url = url
        self.name = (encoding or "identity").strip().lower()
        self._first = True
        self.identity = self.name == "identity"
        if self.name in ("gzip", "x-gzip"):
            self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.name == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        elif self.name == "identity":
            self._z = None
        else:
            raise DigestError(url, f"unsupported Content-Encoding {self.name!r}")

    def decode(self, data: bytes, max_length: int) -> bytes:
        """At most `max_length` decoded bytes; reaching it means the body is too large."""
        if self._z is None:
            return data
        first, self._first = self._first, False
        try:
            return self._z.decompress(data, max_length)
        except zlib.error as exc:
            if self.name == "deflate" and first:  # some servers send raw deflate, no zlib header
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decode(data, max_length)
            raise DigestError(self.url, f"malformed {self.name} body: {exc}") from None

    def finish(self) -> None:
        if self._z is not None and not self._z.eof:
            raise DigestError(self.url, f"malformed {self.name} body: truncated")


class _DeadlineSocket:
    """A socket whose reads all share one deadline: each read may wait only for the time left."""

    def __init__(self, sock: socket.socket, deadline: float):
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        # http.client reads the status line, headers and body through this file. The socket's
        # own unbuffered file keeps it open after the connection object lets go of it.
        raw = self._sock.makefile("rb", buffering=0)
        return io.BufferedReader(_DeadlineReader(self._sock, raw, self._deadline))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _DeadlineReader(io.RawIOBase):
    def __init__(self, sock: socket.socket, raw: Any, deadline: float):
        self._sock = sock
        self._raw = raw
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    return remaining


def _content_length(response: http.client.HTTPResponse) -> int | None:
    if "chunked" in (response.getheader("transfer-encoding") or "").lower():
        return None  # the chunks delimit the body; a Content-Length beside them is ignored
    try:
        length = int(response.getheader("content-length") or "")
    except ValueError:
        return None
    return length if length >= 0 else None


def _too_large(url: str, limits: FetchLimits) -> DigestError:
    return DigestError(url, f"too large: more than {limits.max_bytes} bytes")


def _reason(response: http.client.HTTPResponse) -> str:
    try:
        return HTTPStatus(response.status).phrase
    except ValueError:
        return response.reason or "(no reason given)"


def _header_text(value: str) -> str:
    # http.client decodes headers as Latin-1; servers put UTF-8 (Arabic paths) in Location.
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _network_error(exc: OSError | http.client.HTTPException) -> str:
    """One line for what went wrong on the wire."""
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve host: {exc.strerror or exc}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {exc.verify_message or exc.reason}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, ConnectionRefusedError):
        return f"cannot connect: {exc.strerror or exc}"
    if isinstance(exc, ConnectionError):
        return f"connection lost: {exc.strerror or exc}"
    if isinstance(exc, http.client.IncompleteRead):
        return f"connection closed after {len(exc.partial)} bytes of the body"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "server closed the connection without a response"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response: {type(exc).__name__}: {exc}"
    return f"network error: {exc.strerror or exc}"
