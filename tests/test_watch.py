"""Watching end to end, without the internet: a news site on loopback publishes three
batches; ``watch`` takes each in; the escalation in the third raises alerts that reach a
webhook and an SMTP sink exactly once, signed; a further run fetches nothing it has seen;
robots.txt is obeyed; the site's misbehaviour (429 and 503 with Retry-After, a redirect, a
slow answer, an oversized page, malformed XML) costs nothing that could be had."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.local_web import MailSink, Site
from tests.watch_news import BATCHES, ESCALATION, QUIET, Story, page, publish
from tocsin.article import Article
from tocsin.cli import app
from tocsin.notify.channels import SIGNATURE_HEADER, verify
from tocsin.sources import read
from tocsin.store import Store
from tocsin.watch.config import load
from tocsin.watch.runner import watch

SECRET = "invented-test-secret"


@pytest.fixture()
def servers(monkeypatch):
    site, hooks, mail = Site(), Site(), MailSink()
    monkeypatch.setenv("TOCSIN_TEST_HOOK_SECRET", SECRET)
    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", type="text/plain")
    site.put("/private/leak.html", page(QUIET[0]))
    site.put(
        "/broken-sitemap.xml", "<?xml version='1.0'?><urlset><url><loc>http://x.example/</loc></url", type="text/xml"
    )
    desk = Story("desk", "2025-01-20", "Notes from the border desk", "Uzbekistan opened a new customs post at Termez.")
    site.put("/desk/border-notes.html", page(desk))
    # planned misbehaviour: each page or listing answers badly once, then well
    site.put("/news/water-pact.html", page(QUIET[1]), first=[(429, {"Retry-After": "1"})])
    site.put("/news/khorog-attack.html", page(ESCALATION[0]), slow_first=2.5)
    site.put("/news/huge.html", "<html><body><p>" + "Invented filler text. " * 20000 + "</p></body></html>")
    yield site, hooks, mail
    site.close()
    hooks.close()
    mail.close()


def _config(tmp_path: Path, site: Site, hooks: Site, mail: MailSink) -> Path:
    config = {
        "sources": [
            {"name": "Frontier Courier", "url": site.url("/rss.xml"), "kind": "feed", "language": "en", "every": "15m"},
            {"name": "Frontier sitemap", "url": site.url("/sitemap-news.xml"), "kind": "sitemap"},
            {"name": "Broken sitemap", "url": site.url("/broken-sitemap.xml"), "kind": "sitemap"},
            {"name": "Border desk", "url": site.url("/desk/border-notes.html"), "kind": "page", "every": "1h"},
        ],
        "notify": [
            {"webhook": hooks.url("/hook"), "secret_env": "TOCSIN_TEST_HOOK_SECRET"},
            {"smtp": mail.url, "to": ["analyst@invented.example"], "from": "tocsin@invented.example"},
        ],
        "fetch": {"delay": "50ms", "timeout": "1s", "retries": 2, "max_mb": 0.1},
        "archive": "fetched.warc.gz",
    }
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


EXTRA = [("/private/leak.html", "Not for crawlers", "2025-01-23"), ("/news/huge.html", "Too big", "2025-01-23")]


def _article_gets(site: Site) -> dict[str, int]:
    with site.lock:
        paths = [h.path for h in site.hits if h.method == "GET" and h.path.startswith(("/news/", "/go/", "/private/"))]
    return {p: paths.count(p) for p in set(paths)}


def test_watching_three_batches_raises_the_escalation_once_everywhere(tmp_path, servers, pipeline):
    site, hooks, mail = servers
    config_path = _config(tmp_path, site, hooks, mail)
    config = load(config_path)
    store = Store.open(str(tmp_path / "watch.db"))
    site.put("/sitemap-news.xml", "", first=[(503, {"Retry-After": "1"})])
    raised_by_batch = []
    for n in range(1, 4):
        extra = [(site.url(p), t, d) for p, t, d in EXTRA]
        publish(site, BATCHES[:n], extra)
        report = watch(config, store, pipeline, once=True)
        raised_by_batch.append(report.raised)
        assert report.undelivered == 0

    # every article was taken in, each from one request (two for the page that answered 429
    # and the one that was too slow the first time), the disallowed one never
    gets = _article_gets(site)
    assert "/private/leak.html" not in gets and not site.requested("/private/leak.html")
    slugs = [s.slug for batch in BATCHES for s in batch]
    for slug in slugs:
        expected = 2 if slug in ("water-pact", "khorog-attack") else 1
        assert gets[f"/news/{slug}.html"] == expected, slug
    assert gets["/go/rail-deal"] == 1 and gets["/news/huge.html"] == 1
    assert store.count("documents") == len(slugs) + 1  # and the desk page

    # the feed's dates stand in for the pages' missing ones
    with store.engine.connect() as conn:
        published = dict(conn.exec_driver_sql("SELECT url, published FROM documents").all())
    assert published[site.url("/news/panj-attack.html")] == "2025-03-19"
    assert published[site.url("/news/ishkashim-shelling.html")] == "2025-03-20"  # from the news sitemap

    # the escalation raised alerts only with the third batch
    assert not [k for k in raised_by_batch[0] + raised_by_batch[1] if k.startswith("alert:")]
    alerts = [k for k in raised_by_batch[2] if k.startswith("alert:")]
    assert any(k.startswith("alert:type=ASSAULT:count:week:2025-03-17") for k in alerts), raised_by_batch[2]

    # each raised item reached the webhook once, signed, and the mailbox once
    posts = hooks.posts(204)
    assert len(posts) == len(raised_by_batch[0] + raised_by_batch[1] + raised_by_batch[2])
    bodies = [json.loads(p.body) for p in posts]
    assert sorted(b["key"] for b in bodies) == sorted(k for batch in raised_by_batch for k in batch)
    assert all(verify(SECRET.encode(), p.body, p.headers[SIGNATURE_HEADER.lower()]) for p in posts)
    assert not verify(b"another secret", posts[0].body, posts[0].headers[SIGNATURE_HEADER.lower()])
    assault = next(b for b in bodies if b["key"].startswith("alert:type=ASSAULT:count:week"))
    assert assault["summary"].startswith(f"{len(assault['stories'])} assault stories in the week of 17 March 2025")
    assert {link for s in assault["stories"] for link in s["links"]} >= {site.url("/news/panj-attack.html")}
    assert len(mail.messages) == len(posts)
    subjects = [m["Subject"] for m in mail.messages]
    assert len(set(subjects)) == len(subjects) and any("assault stories" in s for s in subjects)

    # a further run, through the command line: nothing seen is fetched again, nothing is sent again
    before, posts_before = _article_gets(site), len(hooks.posts())
    out = CliRunner().invoke(app, ["watch", "--config", str(config_path), "--db", str(tmp_path / "watch.db"), "--once"])
    assert out.exit_code == 0, out.output
    assert "stored 0" in out.stdout and "raised 0" in out.stdout
    assert _article_gets(site) == before
    assert site.requested("/rss.xml")[-1].status == 304
    assert site.requested("/desk/border-notes.html")[-1].status == 304
    assert len(hooks.posts()) == posts_before and len(mail.messages) == len(posts)

    # what `tocsin sources` says about each source
    shown = CliRunner().invoke(app, ["sources", "--db", str(tmp_path / "watch.db"), "--format", "json"])
    rows = {r["name"]: r for r in json.loads(shown.stdout)}
    assert rows["Broken sitemap"]["status"].startswith("failing") and "XML" in rows["Broken sitemap"]["last_error"]
    assert rows["Frontier Courier"]["status"] == "ok" and rows["Frontier Courier"]["disallowed"] == 1
    assert rows["Frontier Courier"]["failed"] == 1  # the oversized page
    # the archive keeps every article page fetched, readable by Tocsin's own WARC reader
    archived = [a for a in read([str(tmp_path / "fetched.warc.gz")]) if isinstance(a, Article)]
    assert len(archived) == store.count("documents") and {a.url for a in archived} == _stored_urls(store)


# -- stopping and crashing in the middle of a batch -------------------------------------------
TOCSIN = str(Path(sys.executable).with_name("tocsin"))


def _everything(site: Site, slow: float) -> None:
    for batch in BATCHES:
        for s in batch:
            site.put(f"/news/{s.slug}.html", page(s), slow_first=slow)
    publish(site, BATCHES)


def _wait_for(condition, seconds: float = 600.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def _stored_urls(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.exec_driver_sql("SELECT url FROM documents").scalars())


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["killed", "stopped"])
def test_a_run_ended_in_the_middle_of_a_batch_loses_nothing_and_repeats_nothing(tmp_path, servers, pipeline, how):
    site, hooks, mail = servers
    expected = {site.url(f"/news/{s.slug}.html") for batch in BATCHES for s in batch}
    expected.add(site.url("/desk/border-notes.html"))
    _everything(site, 0.3)  # each page answers slowly the first time: time to stop in between
    config_path = _config(tmp_path, site, hooks, mail)
    db = str(tmp_path / "watch.db")
    args = [TOCSIN, "watch", "--config", str(config_path), "--db", db]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy()) as proc:
        _wait_for(lambda: len(_article_gets(site)) >= 4 or proc.poll() is not None)
        assert proc.poll() is None, proc.communicate()[1].decode()  # still at work
        proc.send_signal(how)
        out, errors = proc.communicate(timeout=300)
    if how == signal.SIGTERM:
        assert proc.returncode == 0, errors.decode()  # a clean stop after the article in hand
        assert b"stored" in out
    store = Store.open(db)
    assert 0 < store.count("documents") < len(expected)  # it did stop in the middle

    watch(load(config_path), store, pipeline, once=True)
    assert _stored_urls(store) == expected and store.count("documents") == len(expected)
    gets = _article_gets(site)
    assert "/private/leak.html" not in gets
    twice = [p for p, n in gets.items() if n > 1 and p not in ("/news/water-pact.html",)]
    # only a page that was on the wire when the run was killed may be asked for again
    assert len(twice) <= (1 if how == signal.SIGKILL else 0), gets
    keys = [json.loads(p.body)["key"] for p in hooks.posts(204)]
    assert len(keys) == len(set(keys)) and any(k.startswith("alert:type=ASSAULT") for k in keys)
    assert len(mail.messages) == len(keys)


def test_ingest_fetches_a_page_by_its_address(tmp_path, servers):
    site = servers[0]
    site.put("/news/one.html", page(ESCALATION[1]))
    db = str(tmp_path / "one.db")
    out = CliRunner().invoke(app, ["ingest", site.url("/news/one.html"), site.url("/private/leak.html"), "--db", db])
    assert out.exit_code == 1  # one page could not be had
    assert "stored 1" in out.stdout and "robots.txt disallows it" in out.output
    assert _stored_urls(Store.open(db)) == {site.url("/news/one.html")}
    assert not site.requested("/private/leak.html")
