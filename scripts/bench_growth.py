"""Does an article cost more to ingest into a big store than into an empty one?

usage: python scripts/bench_growth.py [--articles 2000] [--db PATH] [PATHS...]

Reads the texts ``tocsin bench`` reads (the sample corpus and the development set's ``d``
and ``e`` articles), varied the same way (each repetition ends with a line of its own, so
every text is analysed and stored; the store sees the repetitions as reposts), analyses
them with the whole pipeline and stores each with its stories, near-duplicate links,
disagreements, indicator series and tallies in its own transaction, as ``tocsin ingest``
does. Prints seconds per article for analysis and for storing over the first and the last
tenth of the run, and their ratio. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from tocsin.bench import cleaned_texts, corpus, default_paths, peak_rss_mb
from tocsin.pipeline import Config, Pipeline
from tocsin.store import Store
from tocsin.stories import incremental


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="texts to read (default: those tocsin bench reads)")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--db", help="a new store to fill (default: a temporary SQLite file)")
    args = ap.parse_args()
    paths = args.paths or default_paths()
    once = len(corpus(paths, 1))
    articles = corpus(paths, -(-args.articles // once))[: args.articles]
    pipeline = Pipeline(Config())
    cleaned_texts(pipeline, articles[:once])  # models loaded before anything is timed, as tocsin bench does
    folder = tempfile.TemporaryDirectory(prefix="tocsin-growth-")
    db = args.db or str(Path(folder.name) / "growth.db")
    analysed, stored = [], []
    size = pipeline.config.batch_size
    with Store.open(db) as store:
        for start in range(0, len(articles), size):  # a batch's analysis is shared among its articles
            t0 = time.perf_counter()
            docs = list(pipeline.process(articles[start : start + size]))
            analysed += [(time.perf_counter() - t0) / len(docs)] * len(docs)
            for doc in docs:
                t1 = time.perf_counter()
                incremental.save(store, doc.record)
                stored.append(time.perf_counter() - t1)
    folder.cleanup()
    tenth = max(1, len(stored) // 10)

    def per_article(values: list[float]) -> float:
        return round(sum(values) / len(values), 4)

    out = {
        "articles": len(stored),
        "first_tenth_analysis_s": per_article(analysed[:tenth]),
        "last_tenth_analysis_s": per_article(analysed[-tenth:]),
        "first_tenth_store_s": per_article(stored[:tenth]),
        "last_tenth_store_s": per_article(stored[-tenth:]),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    first = out["first_tenth_analysis_s"] + out["first_tenth_store_s"]
    last = out["last_tenth_analysis_s"] + out["last_tenth_store_s"]
    out["last_over_first"] = round(last / first, 3) if first else None
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
