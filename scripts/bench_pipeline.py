"""Throughput of the whole pipeline beside spaCy alone, on the same texts, in one run.

usage: python scripts/bench_pipeline.py [PATH ...] [--repeat N]

Reads the articles (default: the bundled samples, plus ../shared/seeds when present),
cleans them once, then times (1) spaCy's own pipeline over the cleaned texts and (2) every
Tocsin stage over the same articles. Prints words per second for both.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tocsin.article import ReadError
from tocsin.pipeline import Config, Pipeline, new_document
from tocsin.sources import read

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    paths = args.paths or [str(REPO / "samples")] + (
        [str(REPO.parent / "shared" / "seeds")] if (REPO.parent / "shared" / "seeds").exists() else []
    )
    articles = [a for a in read(paths) if not isinstance(a, ReadError)] * args.repeat
    pipeline = Pipeline(Config())
    cleaned = [new_document(a) for a in articles]
    pipeline.prepare(cleaned)
    texts = [d.record.text for d in cleaned]
    words = sum(len(t.split()) for t in texts)
    import spacy

    model = spacy.load(pipeline.config.model)  # the plain model, without Tocsin's rulers

    t0 = time.perf_counter()
    for _ in model.pipe(texts, batch_size=pipeline.config.batch_size):
        pass
    spacy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in pipeline.process(articles):
        pass
    full_s = time.perf_counter() - t0

    print(f"{len(articles)} articles, {words} words")
    print(f"spaCy alone ({pipeline.config.model}): {words / spacy_s:,.0f} words/s")
    print(
        f"whole Tocsin pipeline:              {words / full_s:,.0f} words/s ({len(articles) / full_s:.1f} articles/s)"
    )


if __name__ == "__main__":
    main()
