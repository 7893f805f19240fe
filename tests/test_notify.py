"""Notifications: raised once, delivered once per channel, retried with backoff after a
failure (recorded), and listed in /alerts.atom."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.invented_news import Art, Ev, record
from tests.local_web import MailSink, Site
from tocsin.notify.channels import SIGNATURE_HEADER, verify
from tocsin.notify.outbox import deliver_due, raise_new
from tocsin.notify.tables import deliveries
from tocsin.store import Store
from tocsin.stories.incremental import save
from tocsin.watch.config import Smtp, Webhook
from tocsin.web.app import create_app

A, T = ["AFG-taliban"], ["TJK-border-troops"]
PLACES = ["khorog", "dushanbe", "kulob"]


def _escalation_store(tmp_path) -> Store:
    """A quiet baseline, then six attacks in one week, one of them warned of as an alarm."""
    store = Store.open(str(tmp_path / "n.db"))
    quiet = [Art(f"q{w}", "Wire", f"2025-01-{6 + 7 * w:02d}", [Ev("ASSAULT", A, T, None, "khorog")]) for w in (0, 3)]
    days = [f"2025-03-{17 + i}" for i in range(6)]
    outlets = ["Wire", "Herald"]
    burst = [Art(f"x{i}", outlets[i % 2], d, [Ev("ASSAULT", A, T, d, PLACES[i % 3])]) for i, d in enumerate(days)]
    burst[0].threats = [(A, "terrorism", "alarm")]
    for art in quiet + burst:
        assert save(store, record(art))
    return store


@pytest.fixture()
def hooks():
    site = Site()
    yield site
    site.close()


def test_a_failed_delivery_is_retried_with_backoff_and_sent_once(tmp_path, hooks):
    store = _escalation_store(tmp_path)
    hook = Webhook(url=hooks.url("/hook"), secret=b"invented-secret")
    keys = raise_new(store, (hook,), ["x0"])
    assert any(k.startswith("alert:country=TJK:count:week:2025-03-17") for k in keys)
    assert "threat:x0:0" in keys  # the alarm
    assert raise_new(store, (hook,), ["x0"]) == []  # raised once

    hooks.fail_posts = 1
    assert deliver_due(store, (hook,)) == 1  # the first was refused; the others went through
    with store.engine.connect() as conn:
        failed = conn.execute(select(deliveries).where(deliveries.c.attempts == 1, deliveries.c.status == "pending"))
        row = failed.mappings().one()
    assert row["last_error"] == "HTTP 500" and row["next_attempt"]  # recorded, and put off
    later = datetime.now(UTC) + timedelta(seconds=3)
    assert deliver_due(store, (hook,), at=later) == 0
    assert deliver_due(store, (hook,), at=later + timedelta(hours=1)) == 0  # nothing sent twice
    accepted = hooks.posts(204)
    assert sorted(json.loads(p.body)["key"] for p in accepted) == sorted(keys)
    assert all(verify(b"invented-secret", p.body, p.headers[SIGNATURE_HEADER.lower()]) for p in accepted)
    delivery_ids = [p.headers["x-tocsin-delivery"] for p in hooks.posts()]
    assert len(set(delivery_ids)) == len(keys)  # the retry carried the same delivery id


def test_email_says_it_in_plain_words_with_links(tmp_path):
    store = _escalation_store(tmp_path)
    mail = MailSink()
    try:
        box = Smtp(url=mail.url, to=("analyst@invented.example",), sender="tocsin@invented.example")
        keys = raise_new(store, (box,))
        assert deliver_due(store, (box,)) == 0
        assert len(mail.messages) == len(keys)
        message = next(m for m in mail.messages if m["Subject"].startswith("Tocsin: 6 stories involving Tajikistan"))
        body = message.get_payload(decode=True).decode()
        assert body.startswith("6 stories involving Tajikistan in the week of 17 March 2025")
        assert "https://invented.example/x3" in body and "robust z" in body
    finally:
        mail.close()


def test_the_atom_feed_lists_alerts_with_their_articles(tmp_path):
    store = _escalation_store(tmp_path)
    db = str(store.engine.url.database)
    client = TestClient(create_app(db))
    live = client.get("/alerts.atom")  # nothing raised yet: the latest period's alerts
    assert live.status_code == 200 and live.headers["content-type"].startswith("application/atom+xml")
    raise_new(store, (), ["x0"])
    answer = client.get("/alerts.atom")
    root = ET.fromstring(answer.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert any(t.startswith("6 stories involving Tajikistan") for t in titles)
    assert any(t.startswith("Alarm (terrorism)") for t in titles)
    links = {link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")}
    assert "https://invented.example/x5" in links
    assert len(root.findall("a:entry", ns)) == len(ET.fromstring(live.content).findall("a:entry", ns)) + 1
