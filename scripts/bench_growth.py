"""Does an article cost more to store in a big store than in an empty one?

usage: python scripts/bench_growth.py [--articles 2000] [--per-day 25] [--db PATH]
                                      [--records FILE] [--repeat] [PATHS...]

By default the texts ``tocsin bench`` reads (the sample corpus and the
development set's ``d`` and ``e`` articles) are analysed once with the whole pipeline,
and ``--articles`` distinct documents are made from their records by
``tocsin.scale.derived`` (read its docstring for exactly how they are varied: dates moved
over the run, ``--per-day`` documents a day, so 20,000 span two years and two months;
countries, actors and places replaced from the knowledge base and gazetteer; words
replaced so that MinHash sees other articles; claim values scaled; three in ten report a
recent happening again, one in twelve reposts a recent article). Each is stored with its
stories, near-duplicate link, disagreements, indicator series and tallies in its own
transaction, through ``incremental.save`` as ``tocsin ingest`` stores it, into a new
SQLite store. ``--records FILE`` reads the analysed records from a JSON Lines file
instead (written by an earlier run with ``--keep FILE``), which skips the analysis.

``--repeat`` is the earlier mode: the texts repeated with a line of their own and analysed
every time, so from the second repetition each is a repost of one already stored.

Prints, for the first and the last tenth of the run, seconds per article of storing and
of each part of it (found by timing the write path's own functions, each charged its own
time without what it calls that is timed apart): ``duplicates`` (MinHash signature and
look-up), ``document`` (the record's rows and search index), ``tallies``, ``stories``
(matching and merging, blocking keys), ``series`` (indicator series, threat groups and
alert tests), ``disagreements`` (claim reconciliation), ``commit`` (the rest: the write
lock, commit); then the store's rows and the peak memory of the process (``peak_rss_mb``,
the largest resident size, spaCy's models included) and its resident size after the
analysis and at the end. Asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tocsin.bench import corpus, default_paths, peak_rss_mb
from tocsin.indicators import upkeep
from tocsin.pipeline import Config, Pipeline
from tocsin.record import DocumentRecord
from tocsin.scale.derived import Deriver
from tocsin.store import Store, database, tallies
from tocsin.stories import blocking, duplicates, incremental, merge, reconcile

PARTS: dict[str, list[tuple[Any, str]]] = {
    "duplicates": [(duplicates, "signature"), (duplicates, "link")],
    "document": [(database.Store, "insert")],
    "tallies": [(tallies, "add"), (tallies, "story_touched")],
    "stories": [(merge, "add_document"), (blocking, "index")],
    "series": [
        (upkeep, "set_items"),
        (upkeep, "count_documents"),
        (upkeep, "flush_documents"),
        (upkeep, "threats_added"),
        (upkeep, "settle"),
    ],
    "disagreements": [(reconcile, "reconcile_document"), (reconcile, "story_absorbed")],
}


class Clock:
    """Self time by part: a part's time excludes what it calls that another part times.

    It also notes which timed function was running when the process's peak memory rose
    (the innermost one that returns after the rise), so that a jump in memory can be traced
    to the part of the write path that made it."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.stack: list[list[float]] = []  # [start, time of timed calls inside]
        self.running: list[str] = []  # the timed functions running, innermost last
        self.peak = own_peak_mb()
        self.rises: list[tuple[str, float]] = []  # (function, MB the peak rose by while it ran)

    def noted(self, where: str) -> None:
        """Charge a rise of the peak since the last look to ``where``."""
        now = own_peak_mb()
        if now > self.peak:
            self.rises.append((where, round(now - self.peak, 1)))
            self.peak = now

    def wrap(self, part: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        name = f"{part}: {fn.__module__.rsplit('.', 1)[-1]}.{fn.__qualname__}"

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.noted(self.running[-1] if self.running else "outside timed calls")
            self.stack.append([time.perf_counter(), 0.0])
            self.running.append(name)
            try:
                return fn(*args, **kwargs)
            finally:
                self.noted(self.running.pop())
                start, inner = self.stack.pop()
                took = time.perf_counter() - start
                self.spent[part] += took - inner
                if self.stack:
                    self.stack[-1][1] += took

        return timed

    def install(self) -> None:
        for part, places in PARTS.items():
            for owner, name in places:
                setattr(owner, name, self.wrap(part, getattr(owner, name)))

    def take(self) -> dict[str, float]:
        out, self.spent = dict(self.spent), defaultdict(float)
        return out


def own_peak_mb() -> float:
    """This process's peak resident memory so far, in MB (one system call)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_article(values: list[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def by_part(chunk: list[dict[str, float]], total: list[float]) -> dict[str, float]:
    out = {p: per_article([c.get(p, 0.0) for c in chunk]) for p in PARTS}
    out["commit"] = round(per_article(total) - sum(out.values()), 4)
    return out


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def analysed(paths: list[str], keep: str | None) -> list[DocumentRecord]:
    pipeline = Pipeline(Config())
    records = [d.record for d in pipeline.process(corpus(paths, 1)) if d.record.text.strip()]
    if keep:
        Path(keep).write_text("".join(r.to_json() + "\n" for r in records))
    return records


def repeated(paths: list[str], n: int) -> tuple[list[DocumentRecord], list[float]]:
    """The earlier mode: each repetition analysed again; the records and analysis s/article."""
    once = len(corpus(paths, 1))
    articles = corpus(paths, -(-n // once))[:n]
    pipeline = Pipeline(Config())
    list(pipeline.process(articles[:once]))  # models loaded before anything is timed
    out, seconds = [], []
    for start in range(0, len(articles), pipeline.config.batch_size):
        t0 = time.perf_counter()
        docs = list(pipeline.process(articles[start : start + pipeline.config.batch_size]))
        seconds += [(time.perf_counter() - t0) / len(docs)] * len(docs)
        out += [d.record for d in docs]
    return out, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="texts to read (default: those tocsin bench reads)")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--per-day", type=int, default=25, help="documents a day (distinct mode)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--db", help="a new store to fill (default: a temporary SQLite file)")
    ap.add_argument("--records", help="analysed records (JSON Lines) to vary, instead of analysing")
    ap.add_argument("--keep", help="write the analysed records here (JSON Lines)")
    ap.add_argument("--repeat", action="store_true", help="the earlier mode: repeated texts, analysed every time")
    ap.add_argument("--profile", help="write a cProfile of the storing of the last tenth here")
    args = ap.parse_args()
    paths = args.paths or default_paths()

    analysis: list[float] = []
    if args.repeat:
        records, analysis = repeated(paths, args.articles)
        stream = iter(records)
    else:
        if args.records:
            base = [DocumentRecord.model_validate_json(line) for line in Path(args.records).read_text().splitlines()]
        else:
            base = analysed(paths, args.keep)
        stream = iter(Deriver(base, per_day=args.per_day, seed=args.seed))
    after_analysis = rss_mb()

    clock = Clock()
    clock.install()
    folder = tempfile.TemporaryDirectory(prefix="tocsin-growth-")
    db = args.db or str(Path(folder.name) / "growth.db")
    tenth = max(1, args.articles // 10)
    block = max(1, args.articles // 100)
    stored: list[float] = []
    parts: list[dict[str, float]] = []
    profiler = None
    with Store.open(db) as store:
        for i in range(args.articles):
            record = next(stream)
            if args.profile and i == args.articles - tenth:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            clock.noted("making the document (derived)")
            t0 = time.perf_counter()
            incremental.save(store, record)
            stored.append(time.perf_counter() - t0)
            clock.noted("commit")
            parts.append(clock.take())
            if clock.rises and i >= block:  # the peak rose during this article: where, and what it was
                line = {"peak_rose_at": i + 1, "peak_rss_mb": round(clock.peak), "rss_mb": round(rss_mb()),
                        "rises_mb": clock.rises, "events": len(record.events), "claims": len(record.claims),
                        "published": record.published, "event_dates": sorted({str(e.date) for e in record.events}),
                        "store_s": round(stored[-1], 3)}  # fmt: skip
                print(json.dumps(line, default=str), file=sys.stderr, flush=True)
            clock.rises = []
            if (i + 1) % block == 0:  # progress, and the figures so far should the run be stopped
                line = {"stored": i + 1, "store_s": per_article(stored[-block:]),
                        "by_part_s": by_part(parts[-block:], stored[-block:]), "rss_mb": round(rss_mb()),
                        "peak_rss_mb": round(peak_rss_mb())}  # fmt: skip
                print(json.dumps(line), file=sys.stderr, flush=True)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        counts = {t: store.count(t) for t in ("documents", "events", "stories", "claims", "disagreements",
                                             "story_keys", "claim_keys", "series_items", "tallies")}  # fmt: skip
        size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    folder.cleanup()

    out: dict[str, Any] = {
        "mode": "repeat" if args.repeat else "distinct",
        "articles": len(stored),
        "first_tenth_store_s": per_article(stored[:tenth]),
        "last_tenth_store_s": per_article(stored[-tenth:]),
        "first_tenth_by_part_s": by_part(parts[:tenth], stored[:tenth]),
        "last_tenth_by_part_s": by_part(parts[-tenth:], stored[-tenth:]),
        "store_rows": counts,
        "store_mb": round(size / 1e6, 1),
        "rss_after_analysis_mb": round(after_analysis),
        "rss_at_end_mb": round(rss_mb()),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    out["store_last_over_first"] = round(out["last_tenth_store_s"] / out["first_tenth_store_s"], 3)
    if analysis:
        out["first_tenth_analysis_s"] = per_article(analysis[:tenth])
        out["last_tenth_analysis_s"] = per_article(analysis[-tenth:])
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
