"""API latency on a large store: p50/p95 per endpoint over loopback.

usage: python scripts/bench_api.py [--events 120000] [--requests 20] [--db PATH] [--json]

Builds a synthetic store (invented rows written straight into the tables in bulk, not
analysed articles, then the kept tallies built from them), starts ``uvicorn`` on 127.0.0.1
in a child process, and times every endpoint the dashboard calls plus filtered event lists
with httpx (``tocsin bench`` times the same queries). Prints the latencies; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from tocsin.bench import DASHBOARD_QUERIES, EVENT_QUERIES, fill, percentile, time_queries
from tocsin.store import Store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=120_000)
    ap.add_argument("--requests", type=int, default=20, help="per query")
    ap.add_argument("--db", help="reuse or create this store (a SQLite file or a database URL)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="tocsin-bench-")
    db = args.db or str(Path(folder.name) / "bench.db")
    try:
        with Store.open(db) as store:
            empty = store.count("events") == 0
        if empty:
            seconds = fill(db, args.events)
            print(f"store built in {seconds:.1f} s")
        with Store.open(db) as store:
            print(f"store: {store.count('events'):,} events in {store.count():,} documents")
        timed = time_queries(db, EVENT_QUERIES + DASHBOARD_QUERIES, args.requests)
    finally:
        folder.cleanup()
    every = [t for times in timed.values() for t in times]
    figures = {
        query: {"p50_ms": round(statistics.median(t), 1), "p95_ms": round(percentile(t, 95), 1)}
        for query, t in timed.items()
    }
    if args.json:
        print(json.dumps({"by_endpoint": figures, "p50_ms": round(statistics.median(every), 1),
                          "p95_ms": round(percentile(every, 95), 1)}, indent=1))  # fmt: skip
        return
    for query, f in figures.items():
        print(f"{query:60s} p50 {f['p50_ms']:8.1f} ms  p95 {f['p95_ms']:8.1f} ms")
    print(f"all ({len(every)} requests): p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 95):.1f} ms")


if __name__ == "__main__":
    main()
