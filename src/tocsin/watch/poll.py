"""Taking one source in: read its listing (or its one page), record what is new, then
fetch, keep and ingest each new article, one at a time.

The order makes a killed run safe to restart: new articles are recorded before the
listing's validators (a 304 can never hide one); an article's bytes are kept before it is
analysed (a restart ingests them without asking the site again); it is marked stored only
after its document is (and a document is keyed by its content, so storing it twice is a
no-op). A stop request is honoured between two articles.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from tocsin.article import Article
from tocsin.ingest import ingest_articles
from tocsin.pipeline import Pipeline
from tocsin.store import Store
from tocsin.watch import archive, state
from tocsin.watch.config import Source
from tocsin.watch.fetch import Disallowed, Fetched, Fetcher, FetchError
from tocsin.watch.listings import Entry, ListingError, read_feed, read_sitemap
from tocsin.watch.pages import article_from

MAX_SITEMAPS = 20  # child sitemaps read from one sitemap index per poll
LISTING_BYTES = 20 * 2**20


@dataclass
class PollReport:
    source: str
    new: int = 0  # articles the listing named for the first time
    stored: list[str] = field(default_factory=list)  # document ids
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)  # "url: reason"
    error: str | None = None  # the listing (or page) itself could not be read
    retry_at: float | None = None


@lru_cache(maxsize=1024)
def _private_host(host: str) -> bool:
    try:
        found = socket.getaddrinfo(host, None)
    except OSError:
        return False  # does not resolve: the fetch fails on its own
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    return any(a.is_private or a.is_loopback or a.is_link_local or a.is_reserved for a in addresses)


def may_follow(listing: str, link: str) -> bool:
    """A listing on the public internet may not send Tocsin to a private, loopback or
    link-local address (a hostile feed must not make it read the operator's own network);
    a listing the operator runs on such an address may."""
    link_host, listing_host = urlsplit(link).hostname or "", urlsplit(listing).hostname or ""
    return not _private_host(link_host) or _private_host(listing_host)


class Poller:
    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        fetcher: Fetcher,
        archive_path: Path | None = None,
        stop: threading.Event | None = None,
    ):
        self.store, self.pipeline, self.fetcher = store, pipeline, fetcher
        self.archive_path = archive_path
        self.stop = stop or threading.Event()

    def poll(self, src: Source) -> PollReport:
        report = PollReport(src.name)
        if src.kind == "page":
            state.revisit(self.store, src.name, src.url)
        else:
            self._listing(src, report)
        for row in state.open_items(self.store, src.name):
            if self.stop.is_set():
                break
            self._article(src, row, report)
        if not self.stop.is_set() or report.error:
            state.finish_poll(self.store, src, report.error, len(report.stored), report.retry_at)
        return report

    # -- listings ----------------------------------------------------------------------
    def _listing(self, src: Source, report: PollReport) -> None:
        queue, done = [src.url], 0
        while queue and done <= MAX_SITEMAPS:
            url = queue.pop(0)
            done += 1
            known = state.item(self.store, url) or {}
            try:
                got = self.fetcher.get(url, known.get("etag"), known.get("last_modified"), max_bytes=LISTING_BYTES)
            except FetchError as err:
                state.listing_failed(self.store, src.name, url, err.reason)
                report.error, report.retry_at = f"{url}: {err.reason}", err.retry_at
                continue
            if got.not_modified:
                continue
            try:
                entries, children = self._read(src.kind, got)
            except ListingError as err:
                state.listing_failed(self.store, src.name, url, str(err))
                report.error = f"{url}: {err}"
                continue
            report.new += state.remember_listing(self.store, src.name, url, entries, got.etag, got.last_modified)
            queue += children

    @staticmethod
    def _read(kind: str, got: Fetched) -> tuple[list[Entry], list[str]]:
        if kind == "sitemap":
            return read_sitemap(got.content, got.url)
        return read_feed(got.content, got.url), []

    # -- articles ----------------------------------------------------------------------
    def _article(self, src: Source, row: dict, report: PollReport) -> None:
        url = row["url"]
        if row["status"] == "pending":
            got = self._fetch(src, row, report)
            if got is None:
                return
        else:  # fetched before a stop or a crash: take it in from the kept bytes
            got = Fetched(url=row["final_url"] or url, status=200, content=row["body"] or b"")
            got.headers["content-type"] = row["content_type"] or ""
        found = article_from(got, row["title"], row["published"], item=url)
        if not isinstance(found, Article):
            state.set_item(self.store, url, status="failed", body=None, error=found.reason)
            report.failed.append(f"{url}: {found.reason}")
            return
        result = ingest_articles([found], self.store, self.pipeline)
        if result.stored:
            state.set_item(self.store, url, status="stored", body=None, doc_id=result.stored[0], error=None)
            report.stored += result.stored
        elif result.duplicates:
            state.set_item(self.store, url, status="duplicate", body=None, error=None)
            report.duplicates += 1
        else:
            reason = "; ".join(f.reason for f in result.failed) or "not stored"
            state.set_item(self.store, url, status="failed", body=None, error=reason)
            report.failed.append(f"{url}: {reason}")

    def _fetch(self, src: Source, row: dict, report: PollReport) -> Fetched | None:
        """Fetch an article and keep its bytes; None when there is nothing (new) to take in."""
        url = row["url"]
        revisit = src.kind == "page"
        try:
            got = self.fetcher.get(
                url,
                row["etag"] if revisit else None,
                row["last_modified"] if revisit else None,
                may_go=None if revisit else lambda link: may_follow(src.url, link),
            )
        except Disallowed as err:
            state.set_item(self.store, url, status="disallowed", error=err.reason)
            return None
        except FetchError as err:
            attempts = row["attempts"] + 1
            status = "failed" if err.permanent or attempts >= state.MAX_ATTEMPTS else "pending"
            state.set_item(self.store, url, status=status, attempts=attempts, error=err.reason)
            report.failed.append(f"{url}: {err.reason}")
            if revisit:
                report.error, report.retry_at = f"{url}: {err.reason}", err.retry_at
            return None
        digest = hashlib.sha256(got.content).hexdigest()
        if got.not_modified or (revisit and digest == row["content_hash"]):
            state.set_item(self.store, url, status="unchanged", fetched_at=state.stamp())
            return None
        if self.archive_path:
            archive.append(self.archive_path, got)
        state.set_item(
            self.store,
            url,
            status="fetched",
            fetched_at=state.stamp(),
            etag=got.etag,
            last_modified=got.last_modified,
            content_hash=digest,
            final_url=got.url,
            content_type=got.content_type,
            body=got.content,
            attempts=row["attempts"] + 1,
        )
        return got
