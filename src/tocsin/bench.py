"""``tocsin bench``: speed, parallel speed-up, memory, store write rate and API latency,
measured in one run on the same texts.

The texts are the bundled sample corpus and, when ``../shared/gold/dev`` is present, the
development set's ``d`` and ``e`` articles, read ``repeat`` times. Each repetition after
the first ends with a line of its own ("Bench copy N."), so every text has its own id and
deduplication cannot skip the analysis; the store then sees the repetitions as reposts of
the first copy (near-duplicates), which it writes like any other article.

The API is timed on a generated store (invented rows written straight into the tables,
not analysed articles; see ``scale/generated.py``) served by uvicorn on 127.0.0.1, over every endpoint the
dashboard calls. Nothing is asserted: the figures are reported.
"""

from __future__ import annotations

import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from tocsin.article import Article, ReadError
from tocsin.pipeline import Config, Pipeline, new_document
from tocsin.scale.generated import fill
from tocsin.sources import read

REPO = Path(__file__).resolve().parents[2]
DEV = REPO.parent / "shared" / "gold" / "dev" / "articles"

EVENT_QUERIES = [
    "/api/events?type=ASSAULT&country=TJK&since=2025-01-01&limit=50",
    "/api/events?country=AFG&bbox=60,29,75,45&limit=50",
    "/api/events?since=2025-06&until=2025-06&limit=100",
    "/api/events?actor=actor:KGZ:3&limit=50",  # an actor named in thousands of events
    "/api/events?actor=actor:UZB:1500&limit=50",  # one named in a handful
    "/api/events?type=AGREE&since=2024&limit=50",
]
# What the dashboard asks for when it opens and as it is used (see web/static).
DASHBOARD_QUERIES = [
    "/api/summary",
    "/api/alerts",
    "/api/alerts?history=true&limit=50&period=week",  # what the timeline draws
    "/api/alerts?history=true&limit=50&period=month",
    "/api/indicators?country=TJK",
    "/api/facets",
    "/api/facets?country=TJK",
    "/api/events?limit=100",
    "/api/events/timeline",
    "/api/events/places",
    "/api/stories?limit=50",
    "/api/network",
    "/api/threats?limit=50",
    "/api/disagreements?limit=50",
    "/api/suggest?field=actor&q=act",
    "/api/events?country=XYZ&limit=50",  # a filter that matches nothing
]


# -- the texts ---------------------------------------------------------------------------
def default_paths() -> list[str]:
    paths = [str(REPO / "samples")]
    if DEV.is_dir():
        paths += sorted(str(p) for p in DEV.iterdir() if p.name[:1] in "de")  # never the unseen f* articles
    return paths


def varied(article: Article, n: int) -> Article:
    """Repetition ``n`` of an article, with a last line of its own (see the module docstring)."""
    if n == 0:
        return article
    line = f"Bench copy {n}."
    path = f"{article.path}#copy{n}" if article.path else None
    if article.html is not None:
        html = article.html
        at = html.lower().rfind("</body>")
        html = html[:at] + f"<p>{line}</p>" + html[at:] if at >= 0 else html + f"<p>{line}</p>"
        return replace(article, html=html, path=path)
    return replace(article, text=(article.text or "") + f"\n\n{line}\n", path=path)


def corpus(paths: list[str], repeat: int) -> list[Article]:
    articles = [a for a in read(paths) if not isinstance(a, ReadError)]
    return [varied(a, n) for n in range(repeat) for a in articles]


# -- analysis ----------------------------------------------------------------------------
def spacy_wps(model_name: str, texts: list[str], batch_size: int) -> float:
    import spacy

    model = spacy.load(model_name)  # the plain model, without Tocsin's rulers
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _ in model.pipe(texts, batch_size=batch_size):
        pass
    return words / (time.perf_counter() - t0)


def pipeline_run(pipeline: Pipeline, articles: list[Article]) -> tuple[list, float]:
    """The analysed documents and the seconds the whole pipeline took over them."""
    t0 = time.perf_counter()
    docs = list(pipeline.process(articles))
    return docs, time.perf_counter() - t0


def parallel_seconds(config: Config, articles: list[Article], workers: int, warm: list[Article]) -> float:
    """Seconds a pool of ``workers`` processes takes over the articles, once the workers
    have loaded their models (``warm``: one article of each language, sent to each)."""
    from tocsin.scale.pool import AHEAD, BATCH, PoolRunner

    runner = PoolRunner(config, workers)
    batches = [(None, articles[i : i + BATCH]) for i in range(0, len(articles), BATCH)]
    try:
        for _ in runner.run([(None, warm)] * (workers * AHEAD)):  # a one-off cost per worker, not timed
            pass
        t0 = time.perf_counter()
        for _ in runner.run(batches):
            pass
        return time.perf_counter() - t0
    finally:
        runner.close()


def write_rate(docs: list) -> float:
    """Documents per second stored (with stories and reconciliation) into a new SQLite store."""
    from tocsin.store import Store
    from tocsin.stories import incremental

    with tempfile.TemporaryDirectory(prefix="tocsin-bench-") as folder, Store.open(str(Path(folder) / "w.db")) as store:
        t0 = time.perf_counter()
        for doc in docs:
            if doc.record.text.strip():
                incremental.save(store, doc.record)
        return len(docs) / (time.perf_counter() - t0)


def peak_rss_mb() -> float:
    """The largest resident memory of this process or of any worker it started, in MB."""
    kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return kb / 1024


# -- the API -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: str, port: int) -> subprocess.Popen:
    """``tocsin``'s API on 127.0.0.1:``port`` in a child process, once it answers."""
    import httpx

    env = {**os.environ, "TOCSIN_DB": db}
    cmd = [sys.executable, "-m", "uvicorn", "tocsin.web.app:create_app", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/summary", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the API server did not start")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def time_queries(db: str, queries: list[str], requests: int) -> dict[str, list[float]]:
    """Milliseconds of ``requests`` calls of each query against a server over ``db``."""
    import httpx

    proc = serve(db, port := free_port())
    out: dict[str, list[float]] = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            for query in queries:
                client.get(query).raise_for_status()  # the first call warms caches; it is not counted
                times = []
                for _ in range(requests):
                    t0 = time.perf_counter()
                    client.get(query).raise_for_status()
                    times.append((time.perf_counter() - t0) * 1000)
                out[query] = times
    finally:
        proc.terminate()
        proc.wait(10)
    return out


# -- the whole benchmark -----------------------------------------------------------------
@dataclass
class Options:
    paths: list[str]
    repeat: int = 3
    workers: int = 2
    events: int = 1_000_000
    requests: int = 20


def cleaned_texts(pipeline: Pipeline, articles: list[Article]) -> tuple[list[str], int, str, list[Article]]:
    """The articles' cleaned texts (what spaCy alone is timed on), their words, and the
    English parsing model the pipeline loads. The pipeline's models and knowledge base are
    loaded here, on one article of each language, so that the timing does not count them
    (spaCy alone is not timed loading its model either); that article of each language is
    returned last, to warm workers up with."""
    from tocsin.languages import language
    from tocsin.stages.nlp import model_name

    cleaned = [new_document(a) for a in articles]
    pipeline.prepare(cleaned)
    warm = list({d.record.language: a for d, a in zip(cleaned, articles, strict=True)}.values())
    for _ in pipeline.process(warm):
        pass
    texts = [d.record.text for d in cleaned]
    model = model_name(pipeline.config, language("en"))
    return texts, sum(len(t.split()) for t in texts), model, warm


def run(options: Options, say=lambda _msg: None) -> dict:
    articles = corpus(options.paths, options.repeat)
    pipeline = Pipeline(Config())
    texts, words, model, warm = cleaned_texts(pipeline, articles)
    say(f"{len(articles)} articles, {words:,} words")

    spacy = spacy_wps(model, texts, pipeline.config.batch_size)
    say(f"spaCy alone ({model}): {spacy:,.0f} words/s")
    docs, one_s = pipeline_run(pipeline, articles)
    say(f"whole pipeline, one process: {words / one_s:,.0f} words/s")
    many_s = parallel_seconds(pipeline.config, articles, options.workers, warm)
    say(f"whole pipeline, {options.workers} worker processes: {words / many_s:,.0f} words/s")
    writes = write_rate(docs)
    say(f"store writes: {writes:,.1f} documents/s")

    out: dict[str, object] = {
        "articles": len(articles),
        "words": words,
        "spacy_wps": round(spacy),
        "pipeline_wps": round(words / one_s),
        "ratio": round(spacy and (words / one_s) / spacy, 3),
        "workers": options.workers,
        "parallel_wps": round(words / many_s),
        "speedup": round(one_s / many_s, 3),
        "store_docs_per_s": round(writes, 1),
    }
    if options.events:
        with tempfile.TemporaryDirectory(prefix="tocsin-bench-") as folder:
            db = str(Path(folder) / "api.db")
            built = fill(db, options.events)
            say(f"generated store: {options.events:,} events in {built:.0f} s")
            queries = EVENT_QUERIES + DASHBOARD_QUERIES
            timed = time_queries(db, queries, options.requests)
        every = [t for times in timed.values() for t in times]
        out |= {
            "api_p50_ms": round(statistics.median(every), 1),
            "api_p95_ms": round(percentile(every, 95), 1),
            "api_events": options.events,
            "api_by_endpoint_p95_ms": {q: round(percentile(t, 95), 1) for q, t in timed.items()},
        }
    out["peak_rss_mb"] = round(peak_rss_mb())
    return out
