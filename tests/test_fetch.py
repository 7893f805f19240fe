"""The polite fetcher, listings and SOURCES.yaml, against a site on loopback (no pipeline)."""

from __future__ import annotations

import pytest

from tests.local_web import Site
from tocsin.watch.config import ConfigError, FetchSettings, parse
from tocsin.watch.fetch import USER_AGENT, Disallowed, Fetcher, FetchError, retry_after
from tocsin.watch.listings import ListingError, read_feed, read_sitemap


@pytest.fixture()
def site():
    s = Site()
    rules = "User-agent: *\nDisallow: /closed/\n\nUser-agent: Tocsin\nDisallow: /closed/\nCrawl-delay: 0\n"
    s.put("/robots.txt", rules)
    yield s
    s.close()


def _fetcher(**kw) -> tuple[Fetcher, list[float]]:
    slept: list[float] = []
    settings = FetchSettings(delay=kw.pop("delay", 0.0), timeout=kw.pop("timeout", 2.0), **kw)
    return Fetcher(settings, sleep=slept.append), slept


def test_conditional_get_answers_304_and_says_who_asks(site):
    site.put("/feed.xml", "<rss/>", type="application/rss+xml")
    fetcher, _ = _fetcher()
    first = fetcher.get(site.url("/feed.xml"))
    again = fetcher.get(site.url("/feed.xml"), etag=first.etag)
    assert first.content == b"<rss/>" and again.not_modified and not again.content
    assert {h.headers["user-agent"] for h in site.hits} == {USER_AGENT}
    assert site.requested("/robots.txt") and len(site.requested("/robots.txt")) == 1  # read once per host


def test_retry_after_is_honoured_on_429_and_503(site):
    site.put("/busy.html", "<p>fine</p>", first=[(429, {"Retry-After": "7"}), (503, {"Retry-After": "3"})])
    fetcher, slept = _fetcher()
    assert fetcher.get(site.url("/busy.html")).content == b"<p>fine</p>"
    assert slept == [7.0, 3.0]
    site.put("/away.html", "x", first=[(503, {"Retry-After": "86400"})])
    with pytest.raises(FetchError) as err:
        fetcher.get(site.url("/away.html"))  # too long to sleep through: handed back to the caller
    assert err.value.retry_at and "503" in err.value.reason
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0


def test_backoff_doubles_and_gives_up(site):
    site.put("/down.html", "x", first=[(500, {})] * 5)
    fetcher, slept = _fetcher(retries=3)
    with pytest.raises(FetchError, match="HTTP 500"):
        fetcher.get(site.url("/down.html"))
    assert slept == [1.0, 2.0, 4.0]


def test_robots_txt_is_obeyed_even_through_a_redirect(site):
    site.put("/closed/secret.html", "secret")
    site.put("/open/moved.html", "", redirect=site.url("/closed/secret.html"))
    fetcher, _ = _fetcher()
    with pytest.raises(Disallowed):
        fetcher.get(site.url("/closed/secret.html"))
    with pytest.raises(Disallowed):
        fetcher.get(site.url("/open/moved.html"))
    assert not site.requested("/closed/secret.html")


def test_a_site_whose_robots_txt_fails_is_left_alone():
    s = Site()
    try:
        s.put("/robots.txt", "", first=[(500, {})] * 10)
        s.put("/page.html", "x")
        fetcher, _ = _fetcher(retries=0)
        with pytest.raises(Disallowed):
            fetcher.get(s.url("/page.html"))
        assert not s.requested("/page.html")
    finally:
        s.close()


def test_redirects_are_followed_but_bounded(site):
    site.put("/a", "", redirect=site.url("/b"))
    site.put("/b", "landed")
    for i in range(8):
        site.put(f"/loop{i}", "", redirect=site.url(f"/loop{i + 1}"))
    fetcher, _ = _fetcher()
    got = fetcher.get(site.url("/a"))
    assert got.content == b"landed" and got.url == site.url("/b")
    with pytest.raises(FetchError, match="redirects"):
        fetcher.get(site.url("/loop0"))


def test_slow_and_oversized_answers_are_cut_short(site):
    site.put("/slow.html", "late", slow_first=1.5)
    site.put("/big.html", "x" * 5000)
    fetcher, slept = _fetcher(timeout=0.5, retries=1, max_bytes=1000)
    assert fetcher.get(site.url("/slow.html")).content == b"late"  # timed out once, then retried
    assert slept == [1.0]
    with pytest.raises(FetchError, match="limit"):
        fetcher.get(site.url("/big.html"))


def test_hosts_are_asked_politely_one_request_at_a_time(site):
    site.put("/one", "1")
    fetcher, slept = _fetcher(delay=5.0)
    fetcher.get(site.url("/one"))
    fetcher.get(site.url("/one"))
    assert len(slept) == 2 and all(0 < s <= 5.0 for s in slept)  # after robots.txt, after the first page


def test_feeds_and_sitemaps_are_read_and_bad_ones_refused():
    rss = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Invented</title>"
        b"<item><title>One</title><link>/a.html#top</link><pubDate>Tue, 18 Mar 2025 23:30:00 -0500</pubDate></item>"
        b"<item><title>Bad link</title><link>javascript:alert(1)</link></item></channel></rss>"
    )
    entries = read_feed(rss, "http://news.invented.example/rss.xml")
    assert [(e.url, e.title, e.published) for e in entries] == [
        ("http://news.invented.example/a.html", "One", "2025-03-18")  # the publisher's own day
    ]
    news = (
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        b"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'><url><loc>http://n.example/x</loc>"
        b"<news:news><news:publication_date>2025-03-18T01:00:00+05:00</news:publication_date>"
        b"<news:title>X</news:title></news:news></url></urlset>"
    )
    assert read_sitemap(news, "http://n.example/")[0][0].published == "2025-03-18"
    index = b"<sitemapindex><sitemap><loc>http://n.example/s1.xml</loc></sitemap></sitemapindex>"
    assert read_sitemap(index, "http://n.example/") == ([], ["http://n.example/s1.xml"])
    bomb = b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]><urlset>&b;</urlset>"
    for bad in (b"<urlset><url><loc>x</loc>", bomb, b"<html/>"):
        with pytest.raises(ListingError):
            read_sitemap(bad, "http://n.example/")
    with pytest.raises(ListingError):
        read_feed(b"this is not a feed", "http://n.example/")


def test_a_sources_file_with_mistakes_says_where(monkeypatch):
    ok = {"sources": [{"name": "A", "url": "https://a.example/rss", "every": "30m"}]}
    assert parse(ok).sources[0].every == 1800
    bad = [
        ({"sources": []}, "non-empty"),
        ({"sources": [{"url": "ftp://a.example/"}]}, "sources[0].url"),
        ({"sources": [{"url": "https://a.example/", "kind": "podcast"}]}, "sources[0].kind"),
        ({"sources": [{"url": "https://a.example/", "every": "soon"}]}, "sources[0].every"),
        ({"sources": [{"url": "https://a.example/", "every": "5s"}]}, "once a minute"),
        (ok | {"notify": [{"webhook": "https://h.example/"}]}, "secret_env"),
        (ok | {"notify": [{"webhook": "https://h.example/", "secret_env": "TOCSIN_UNSET_FOR_TEST"}]}, "not set"),
        (ok | {"notify": [{"smtp": "smtp://m.example", "to": ["x"], "from": "t@m.example"}]}, "notify[0].to"),
    ]
    monkeypatch.delenv("TOCSIN_UNSET_FOR_TEST", raising=False)
    for data, where in bad:
        with pytest.raises(ConfigError, match=where.replace("[", r"\[").replace("]", r"\]")):
            parse(data)


def test_a_public_listing_cannot_send_the_watcher_into_a_private_network():
    from tocsin.watch.poll import may_follow

    assert may_follow("http://127.0.0.1:8080/rss.xml", "http://127.0.0.1:8080/news/a.html")
    for private in ("http://127.0.0.1/admin", "http://169.254.169.254/latest/", "http://10.0.0.5/", "http://[::1]/"):
        assert not may_follow("http://93.184.215.14/rss.xml", private), private
    assert may_follow("http://93.184.215.14/rss.xml", "http://93.184.215.15/news.html")
