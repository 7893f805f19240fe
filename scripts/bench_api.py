"""API latency on a large store: p50/p95 of filtered event lists over loopback.

usage: python scripts/bench_api.py [--events 120000] [--requests 300] [--db PATH]

Builds a synthetic store (invented rows written straight into the tables in bulk, not
analysed articles), starts ``uvicorn`` on 127.0.0.1 in a child process, and times
filtered ``/api/events`` requests with httpx. Prints the latencies; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from tocsin.bench import EVENT_QUERIES as QUERIES
from tocsin.bench import fill, free_port, percentile, serve
from tocsin.store import Store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=120_000)
    ap.add_argument("--requests", type=int, default=300, help="per query")
    ap.add_argument("--db", help="reuse or create this SQLite file (default: a temporary one)")
    args = ap.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="tocsin-bench-")
    db = args.db or str(Path(folder.name) / "bench.db")
    if not (args.db and Path(args.db).exists()):
        seconds = fill(db, args.events)
        with Store.open(db) as store:
            print(f"store: {store.count('events'):,} events in {store.count():,} documents (built in {seconds:.1f} s)")
    port = free_port()
    proc = serve(db, port)
    everything: list[float] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for query in QUERIES:
                first = client.get(query)
                first.raise_for_status()
                times = []
                nxt = first.json()["next"]
                for i in range(args.requests):
                    url = query + (f"&cursor={nxt}" if nxt and i % 2 else "")  # alternate first and second pages
                    t0 = time.perf_counter()
                    r = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                    r.raise_for_status()
                everything += times
                print(f"{query:70s} {len(first.json()['items']):4d} rows  p50 {statistics.median(times):6.1f} ms  "
                      f"p95 {percentile(times, 95):6.1f} ms")  # fmt: skip
    finally:
        proc.terminate()
        proc.wait(10)
        folder.cleanup()
    print(f"all filtered event lists ({len(everything)} requests): p50 {statistics.median(everything):.1f} ms, "
          f"p95 {percentile(everything, 95):.1f} ms, p99 {percentile(everything, 99):.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
