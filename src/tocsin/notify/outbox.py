"""Raising each alert once, and delivering it once per channel, retried with backoff.

``raise_new`` records what is new (an alert of the latest period not raised before, an
alarm of a new document) and queues one delivery per configured channel, in one
transaction. ``deliver_due`` sends what is due; a failure is recorded with its reason and
tried again after ``BASE_DELAY`` × 2^(attempts−1) seconds (at most ``MAX_DELAY``), and
given up after ``MAX_ATTEMPTS``. A sent delivery is never sent again. ``Notifier`` runs
deliveries on a thread of their own, so a slow or dead channel never holds up ingestion.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from tocsin.indicators.alerts import list_alerts
from tocsin.notify import channels as send_to
from tocsin.notify import messages
from tocsin.notify.tables import deliveries, raised
from tocsin.store import Store
from tocsin.watch.config import Channel

BASE_DELAY = 2.0
MAX_DELAY = 3600.0
MAX_ATTEMPTS = 8


def _stamp(when: datetime | None = None) -> str:
    return (when or datetime.now(UTC)).isoformat(timespec="seconds")


def raise_new(store: Store, channels: tuple[Channel, ...], new_docs: list[str] | None = None) -> list[str]:
    """Raise the current alerts and the alarms of ``new_docs`` not raised before; returns their keys."""
    payloads = [messages.alert_payload(a) for a in list_alerts(store)]
    payloads += messages.alarms(store, new_docs or [])
    keys: list[str] = []
    with store.engine.begin() as conn:
        for payload in payloads:
            key = payload["key"]
            if key in keys or conn.execute(select(raised.c.key).where(raised.c.key == key)).first():
                continue
            conn.execute(
                insert(raised).values(
                    key=key,
                    kind=payload["type"],
                    raised_at=_stamp(),
                    title=payload["title"],
                    summary=payload["summary"],
                    payload=json.dumps(payload, ensure_ascii=False),
                )
            )
            for channel in channels:
                row = {"key": key, "channel": channel.key, "status": "pending", "attempts": 0, "next_attempt": _stamp()}
                conn.execute(insert(deliveries).values(**row))
            keys.append(key)
    return keys


def delivery_id(key: str, channel: str) -> str:
    return hashlib.sha256(f"{key}\n{channel}".encode()).hexdigest()[:32]


def deliver_due(store: Store, channels: tuple[Channel, ...], at: datetime | None = None) -> int:
    """Send every delivery that is due; returns how many are still pending."""
    by_key = {c.key: c for c in channels}
    d = deliveries.c
    with store.engine.connect() as conn:
        due = conn.execute(
            select(d.key, d.channel, d.attempts, raised.c.payload)
            .join(raised, raised.c.key == d.key)
            .where(d.status == "pending", d.next_attempt <= _stamp(at), d.channel.in_(list(by_key)))
            .order_by(d.next_attempt, d.key)
        ).all()
    for key, channel, attempts, payload in due:
        where = (d.key == key) & (d.channel == channel)
        try:
            send_to.send(by_key[channel], json.loads(payload), delivery_id(key, channel))
        except send_to.DeliveryError as err:
            attempts += 1
            wait = min(BASE_DELAY * 2 ** (attempts - 1), MAX_DELAY)
            values = {
                "attempts": attempts,
                "last_error": str(err)[:500],
                "next_attempt": _stamp(datetime.now(UTC) + timedelta(seconds=wait)),
                "status": "failed" if attempts >= MAX_ATTEMPTS else "pending",
            }
            with store.engine.begin() as conn:
                conn.execute(update(deliveries).where(where).values(**values))
            continue
        with store.engine.begin() as conn:
            sent = {"status": "sent", "attempts": attempts + 1, "sent_at": _stamp(), "last_error": None}
            conn.execute(update(deliveries).where(where).values(**sent))
    return pending(store, channels)


def pending(store: Store, channels: tuple[Channel, ...]) -> int:
    d = deliveries.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(d.key).where(d.status == "pending", d.channel.in_([c.key for c in channels])))
        return len(rows.all())


def next_attempt(store: Store, channels: tuple[Channel, ...]) -> datetime | None:
    d = deliveries.c
    with store.engine.connect() as conn:
        first = conn.execute(
            select(d.next_attempt)
            .where(d.status == "pending", d.channel.in_([c.key for c in channels]))
            .order_by(d.next_attempt)
            .limit(1)
        ).scalar()
    return datetime.fromisoformat(first) if first else None


class Notifier(threading.Thread):
    """Delivers in the background: woken after each raise, and every second for retries."""

    def __init__(self, store: Store, channels: tuple[Channel, ...]):
        super().__init__(name="tocsin-notifier", daemon=True)
        self.store, self.channels = store, channels
        self.wake, self.halt = threading.Event(), threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            with contextlib.suppress(Exception):  # a busy store: try again shortly
                deliver_due(self.store, self.channels)
            self.wake.wait(1.0)
            self.wake.clear()

    def drain(self, limit: float) -> int:
        """Deliver what is due until nothing is pending or ``limit`` seconds pass (for --once)."""
        deadline = datetime.now(UTC) + timedelta(seconds=limit)
        while True:
            left = deliver_due(self.store, self.channels)
            upcoming = next_attempt(self.store, self.channels)
            if not left or upcoming is None or upcoming > deadline:
                return left
            self.halt.wait(max(0.0, (upcoming - datetime.now(UTC)).total_seconds()) + 0.05)

    def stop(self) -> None:
        self.halt.set()
        self.wake.set()
