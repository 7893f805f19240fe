"""Throughput of the Russian stack beside the English one, on the same machine, in one run.

usage: python scripts/bench_russian.py [--ru PATH ...] [--en PATH ...] [--repeat N]

Defaults: the Russian articles of ../shared/gold/dev (r*, and the e* whose gold says
Russian) and its English d* articles. Each set is cleaned once and one article analysed
to load models and knowledge; then the script times the parser alone (natasha for Russian,
spaCy's model for English) and the whole pipeline of the language, and prints words per
second for each.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tocsin.article import ReadError
from tocsin.languages import language
from tocsin.pipeline import Config, Pipeline, new_document
from tocsin.sources import read

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "gold" / "dev"


def dev_paths(lang: str) -> list[str]:
    out = []
    for gold in sorted((DEV / "gold").glob("[dre]*.json")):
        same = json.loads(gold.read_text(encoding="utf-8"))["meta"].get("language") == lang
        if same and (lang == "ru" or gold.name.startswith("d")):
            out.append(str(DEV / "articles" / f"{gold.stem}.txt"))
    return out


def measure(pipeline: Pipeline, paths: list[str], repeat: int, code: str) -> tuple[int, float, float]:
    """Words, seconds for the parser alone, seconds for the language's whole analysis."""
    articles = [a for a in read(paths) if not isinstance(a, ReadError)] * repeat
    lang = language(code)
    assert lang is not None
    built = pipeline.stages_for(lang)

    warm = [new_document(articles[0])]  # models, knowledge and caches loaded before timing
    pipeline.prepare(warm)
    pipeline.analyse(warm)

    def prepared():
        docs = [new_document(a) for a in articles]
        pipeline.prepare(docs)
        return docs

    docs = prepared()
    words = sum(len(d.record.text.split()) for d in docs)
    t0 = time.perf_counter()
    for d in docs:
        built[0].stage(d)
    parse_s = time.perf_counter() - t0
    docs = prepared()
    t0 = time.perf_counter()
    pipeline.analyse(docs)
    return words, parse_s, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ru", nargs="*", default=None)
    ap.add_argument("--en", nargs="*", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pipeline = Pipeline(Config())
    for code, paths in (("ru", args.ru or dev_paths("ru")), ("en", args.en or dev_paths("en"))):
        if not paths:
            continue
        words, parse_s, full_s = measure(pipeline, paths, args.repeat, code)
        print(f"{code}: {words} words; parser alone {words / parse_s:,.0f} words/s; "
              f"whole pipeline {words / full_s:,.0f} words/s")  # fmt: skip


if __name__ == "__main__":
    main()
