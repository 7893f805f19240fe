"""API latency on a large store: p50/p95 of filtered event lists over loopback.

usage: python scripts/bench_api.py [--events 120000] [--requests 300] [--db PATH]

Builds a synthetic store (invented rows written straight into the tables in bulk, not
analysed articles), starts ``uvicorn`` on 127.0.0.1 in a child process, and times
filtered ``/api/events`` requests with httpx. Prints the latencies; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import insert

from tocsin.record import EVENT_TYPES
from tocsin.store import Store, schema

COUNTRIES = ["TJK", "AFG", "UZB", "KGZ", "KAZ", "TKM", "RUS", "CHN", "IRN", "PAK"]
PLACES = [(f"geo:{i}", f"Place {i}", random.Random(i).uniform(30, 50), random.Random(-i).uniform(55, 80))
          for i in range(400)]  # fmt: skip
QUERIES = [
    "/api/events?type=ASSAULT&country=TJK&since=2025-01-01&limit=50",
    "/api/events?country=AFG&bbox=60,29,75,45&limit=50",
    "/api/events?since=2025-06&until=2025-06&limit=100",
    "/api/events?actor=actor:KGZ:3&limit=50",
    "/api/events?type=AGREE&since=2024&limit=50",
]


def fill(db: str, n_events: int, per_doc: int = 6, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = Store.open(db)
    start = time.perf_counter()
    with store.engine.begin() as conn:
        docs, events = [], []
        for d in range(n_events // per_doc):
            doc_id = f"bench{d:07d}"
            day = f"202{rng.randint(3, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            docs.append({"id": doc_id, "title": f"Synthetic report {d}", "published": day, "ingested_at": day,
                         "text": "synthetic", "record": json.dumps({"id": doc_id})})  # fmt: skip
            for k in range(per_doc):
                src, tgt = rng.sample(COUNTRIES, 2)
                place = rng.choice(PLACES)
                sid, tid = f"actor:{src}:{rng.randint(0, 9)}", f"actor:{tgt}:{rng.randint(0, 9)}"
                events.append({
                    "id": f"{doc_id}:e{k}", "doc_id": doc_id, "type": rng.choice(EVENT_TYPES), "date": day,
                    "status": "occurred", "confidence": 0.8, "intensity": rng.uniform(-10, 10),
                    "source_ids": json.dumps([sid]), "target_ids": json.dumps([tid]),
                    "source_names": sid, "target_names": tid, "source_country": src, "target_country": tgt,
                    "place_id": place[0], "place_name": place[1], "lat": place[2], "lon": place[3],
                    "evidence": f"Synthetic sentence {d}.{k} about {src} and {tgt}.", "start": 0, "end": 30,
                })  # fmt: skip
            if len(events) >= 20_000:
                conn.execute(insert(schema.documents), docs)
                conn.execute(insert(schema.events), events)
                docs, events = [], []
        if docs:
            conn.execute(insert(schema.documents), docs)
            conn.execute(insert(schema.events), events)
    if store.sqlite:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    print(f"store: {store.count('events'):,} events in {store.count():,} documents "
          f"(built in {time.perf_counter() - start:.1f} s)")  # fmt: skip
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "TOCSIN_DB": db}
    cmd = [sys.executable, "-m", "uvicorn", "tocsin.web.app:create_app", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/summary", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=120_000)
    ap.add_argument("--requests", type=int, default=300, help="per query")
    ap.add_argument("--db", help="reuse or create this SQLite file (default: a temporary one)")
    args = ap.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="tocsin-bench-")
    db = args.db or str(Path(folder.name) / "bench.db")
    if not (args.db and Path(args.db).exists()):
        fill(db, args.events)
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
