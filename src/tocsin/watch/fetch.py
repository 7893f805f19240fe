"""A well-behaved HTTP client: what a site's operator would want a crawler to do.

* **robots.txt** is read (once a day per host) before any other request to the host, and
  every address — redirect targets included — is checked against it before it is asked
  for. Per RFC 9309: a missing robots.txt (4xx) allows everything; one that cannot be had
  (5xx, no connection) disallows the host until it can.
* **One host at a time, slowly**: at least ``delay`` seconds between two requests to one
  host, longer when robots.txt asks for a ``Crawl-delay`` (capped at a minute).
* **A clear User-Agent** naming Tocsin.
* **Conditional GET**: the ETag and Last-Modified of the previous answer are sent back; a
  304 means nothing changed and nothing is read.
* **Retries with backoff** on timeouts, lost connections, 429 and 5xx, waiting what
  ``Retry-After`` asks (seconds or a date) when it says; a wait longer than
  ``MAX_WAIT`` is not slept through but handed back (``FetchError.retry_at``) so the
  caller can come back later.
* **Limits**: one deadline for a whole request (a slow trickle cannot hold it), a cap on
  the body (declared or read), at most ``MAX_REDIRECTS`` redirects, http(s) only.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from tocsin.watch.config import FetchSettings


def _version() -> str:
    try:
        return version("tocsin")
    except PackageNotFoundError:
        return "0"


ROBOTS_TOKEN = "Tocsin"
USER_AGENT = f"Tocsin/{_version()} (regional security news early-warning; polite crawler; honours robots.txt)"
MAX_REDIRECTS = 5
MAX_WAIT = 120.0  # seconds: a longer Retry-After defers the source instead of blocking the run
MAX_CRAWL_DELAY = 60.0
ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 600.0  # a robots.txt that could not be had is asked for again after this
TRANSIENT = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A request that did not give a usable answer; ``retry_at`` (epoch seconds) says when
    the server asked to be tried again, if it did."""

    def __init__(self, url: str, reason: str, retry_at: float | None = None, permanent: bool = False):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.retry_at, self.permanent = url, reason, retry_at, permanent


class Disallowed(FetchError):
    """robots.txt forbids the address: it was not requested."""


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False
    requested: list[str] = field(default_factory=list)  # every address asked for, in order

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class _Transient(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    """One polite client for a whole run. ``sleep`` and ``clock`` can be replaced in tests."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.settings = settings or FetchSettings()
        self.user_agent = self.settings.user_agent or USER_AGENT
        self.sleep, self.clock = sleep, clock
        self.client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(self.settings.timeout),
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._robots: dict[str, tuple[float, Protego | None, bool]] = {}  # origin -> (until, rules, reachable)
        self._last: dict[str, float] = {}  # origin -> when its last request ended

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- robots.txt ----------------------------------------------------------------------
    def _rules(self, url: str) -> tuple[Protego | None, bool]:
        key = origin(url)
        cached = self._robots.get(key)
        if cached and cached[0] > self.clock():
            return cached[1], cached[2]
        rules, reachable, ttl = None, True, ROBOTS_TTL
        try:
            got = self._follow(key + "/robots.txt", {}, ROBOTS_BYTES, check_robots=False)
            if 200 <= got.status < 300:
                rules = Protego.parse(got.content.decode("utf-8", errors="replace"))
        except FetchError as err:
            if not err.permanent:  # 5xx or no connection: the host stays closed for now
                reachable, ttl = False, ROBOTS_RETRY
        except _Transient:
            reachable, ttl = False, ROBOTS_RETRY
        self._robots[key] = (self.clock() + ttl, rules, reachable)
        return rules, reachable

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets Tocsin ask for ``url`` (reads robots.txt if need be)."""
        rules, reachable = self._rules(url)
        if not reachable:
            return False
        return rules is None or rules.can_fetch(url, ROBOTS_TOKEN)

    def _delay(self, url: str) -> float:
        cached = self._robots.get(origin(url))
        asked = cached[1].crawl_delay(ROBOTS_TOKEN) if cached and cached[1] else None
        return max(self.settings.delay, min(float(asked or 0.0), MAX_CRAWL_DELAY))

    # -- requests ------------------------------------------------------------------------
    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        may_go: Callable[[str], bool] | None = None,
    ) -> Fetched:
        """GET ``url`` politely; raises ``Disallowed`` or ``FetchError`` when there is no usable answer.
        ``may_go`` vets every address, redirect targets included, before it is asked for."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.settings.max_bytes
        for attempt in range(self.settings.retries + 1):
            try:
                return self._follow(url, headers, limit, check_robots=True, may_go=may_go)
            except _Transient as err:
                wait = err.retry_after if err.retry_after is not None else 2.0**attempt
                if attempt == self.settings.retries or wait > MAX_WAIT:
                    retry_at = time.time() + wait if err.retry_after is not None else None
                    raise FetchError(url, err.reason, retry_at=retry_at) from None
                self.sleep(wait)
        raise FetchError(url, "no answer")  # not reached: the loop returns or raises

    def _follow(
        self, url: str, headers: dict, limit: int, check_robots: bool, may_go: Callable[[str], bool] | None = None
    ) -> Fetched:
        requested: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(url, "only http and https addresses are fetched", permanent=True)
            if may_go and not may_go(url):
                raise Disallowed(url, "a public listing points at a private address", permanent=True)
            if check_robots and not self.allowed(url):
                raise Disallowed(url, "robots.txt disallows it", permanent=True)
            requested.append(url)
            got = self._once(url, headers, limit)
            got.requested = requested
            location = got.headers.get("location")
            if got.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            if got.status == 304:
                got.not_modified = True
                return got
            if 200 <= got.status < 300:
                return got
            if got.status in TRANSIENT:
                raise _Transient(f"HTTP {got.status}", retry_after(got.headers.get("retry-after")))
            raise FetchError(url, f"HTTP {got.status}", permanent=400 <= got.status < 500)
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects", permanent=True)

    def _wait_for_host(self, url: str) -> None:
        last = self._last.get(origin(url))
        if last is not None:
            wait = last + self._delay(url) - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _once(self, url: str, headers: dict, limit: int) -> Fetched:
        """One request, one answer: the body is read only for a 2xx, within the deadline and the cap."""
        self._wait_for_host(url)
        deadline = self.clock() + self.settings.timeout
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                found = {k.lower(): v for k, v in response.headers.items()}
                got = Fetched(url=str(response.url), status=response.status_code, headers=found)
                if 200 <= response.status_code < 300:
                    got.content = self._body(response, url, limit, deadline)
                return got
        except httpx.TimeoutException:
            raise _Transient("timed out") from None
        except httpx.TransportError as err:
            raise _Transient(f"connection failed ({type(err).__name__})") from None
        finally:
            self._last[origin(url)] = self.clock()

    def _body(self, response: httpx.Response, url: str, limit: int, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"larger than the {limit:,}-byte limit ({int(declared):,} bytes)", permanent=True)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"larger than the {limit:,}-byte limit", permanent=True)
            if self.clock() > deadline:
                raise _Transient(f"took longer than {self.settings.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
