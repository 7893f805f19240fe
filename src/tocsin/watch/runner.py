"""``tocsin watch``: poll each source when it is due, ingest what is new, raise and send
what it changes.

With ``once`` every source is polled one time, due or not, then deliveries are attempted
until none is left or only later retries remain (``DRAIN_SECONDS``), and the run ends.
Otherwise the loop sleeps until the next source is due; a stop request (SIGTERM, SIGINT)
ends it after the article being taken in, and deliveries run on their own thread.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tocsin.notify.outbox import Notifier, raise_new
from tocsin.pipeline import Pipeline
from tocsin.store import Store
from tocsin.watch import state
from tocsin.watch.config import WatchConfig
from tocsin.watch.fetch import Fetcher
from tocsin.watch.poll import Poller, PollReport

DRAIN_SECONDS = 60.0
IDLE_MAX = 60.0  # the loop looks at the schedule at least this often


@dataclass
class WatchReport:
    polls: list[PollReport] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)
    undelivered: int = 0

    @property
    def stored(self) -> int:
        return sum(len(p.stored) for p in self.polls)


def watch(
    config: WatchConfig,
    store: Store,
    pipeline: Pipeline,
    once: bool = False,
    stop: threading.Event | None = None,
    on_poll: Callable[[PollReport], None] | None = None,
    fetcher: Fetcher | None = None,
) -> WatchReport:
    stop = stop or threading.Event()
    fetcher = fetcher or Fetcher(config.fetch)
    poller = Poller(store, pipeline, fetcher, config.archive, stop)
    notifier = Notifier(store, config.channels)
    names = [s.name for s in config.sources]
    by_name = {s.name: s for s in config.sources}
    report = WatchReport()
    state.sync_sources(store, config.sources)
    if not once:
        notifier.start()
    try:
        while not stop.is_set():
            todo = names if once else state.due(store, names)
            for name in todo:
                if stop.is_set():
                    break
                polled = poller.poll(by_name[name])
                report.polls.append(polled)
                report.raised += raise_new(store, config.channels, polled.stored)
                notifier.wake.set()
                if on_poll:
                    on_poll(polled)
            if once:
                break
            upcoming = state.next_due(store, names)
            wait = (upcoming - datetime.now(UTC)).total_seconds() if upcoming else IDLE_MAX
            stop.wait(min(max(wait, 0.2), IDLE_MAX))
    finally:
        if once and not stop.is_set():
            report.undelivered = notifier.drain(DRAIN_SECONDS)
        notifier.stop()
        if notifier.is_alive():
            notifier.join(timeout=15)
        fetcher.close()
    return report


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT end the run after the current article (a second SIGINT is Python's own)."""

    def handler(signum, _frame) -> None:
        stop.set()
        if signum == signal.SIGINT:
            signal.signal(signal.SIGINT, signal.default_int_handler)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
