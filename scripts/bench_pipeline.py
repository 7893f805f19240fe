"""Throughput of the whole pipeline beside spaCy alone, on the same texts, in one run.

usage: python scripts/bench_pipeline.py [PATH ...] [--repeat N]

Reads the articles (default: the bundled samples, plus the development set's d and e
articles when present; each repetition varied, see ``tocsin.bench``), cleans them once,
then times (1) spaCy's own pipeline over the cleaned texts and (2) every Tocsin stage
over the same articles. Prints words per second for both. ``tocsin bench`` adds the
parallel run, memory, store writes and the API.
"""

from __future__ import annotations

import argparse

from tocsin.bench import cleaned_texts, corpus, default_paths, pipeline_run, spacy_wps
from tocsin.pipeline import Config, Pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    articles = corpus(args.paths or default_paths(), args.repeat)
    pipeline = Pipeline(Config())
    texts, words, model, _ = cleaned_texts(pipeline, articles)
    spacy = spacy_wps(model, texts, pipeline.config.batch_size)
    _, full_s = pipeline_run(pipeline, articles)

    print(f"{len(articles)} articles, {words} words")
    print(f"spaCy alone ({model}): {spacy:,.0f} words/s")
    print(
        f"whole Tocsin pipeline:              {words / full_s:,.0f} words/s ({len(articles) / full_s:.1f} articles/s)"
    )


if __name__ == "__main__":
    main()
