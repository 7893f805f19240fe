"""Where the pipeline's time goes outside spaCy: a sampled profile, summed by function.

usage: py-spy record --format raw -o stacks.txt -- python scripts/profile_pipeline.py [--repeat 3] [PATHS...]
       python scripts/profile_pipeline.py --summarise stacks.txt [--top 25]
       python scripts/profile_pipeline.py --stages [--rounds 5] [--repeat 3] [PATHS...]

The first form runs the whole pipeline over the texts ``tocsin bench`` reads (the sample
corpus and the development set's ``d`` and ``e`` articles, each repetition varied as the
benchmark varies them), once its models are loaded, so that a sampling profiler attached
to it (py-spy, which does not slow the program it watches) sees the analysis alone. The
second reads py-spy's collapsed stacks and prints, for the samples taken while the
analysis ran: the share inside spaCy's own components (the parser, tagger and the
rest, what ``spacy_wps`` times alone), and for the rest the functions of Tocsin and of
the libraries it calls that cost most, by their own time (the samples in which they were
running) and by their total time (in which they were on the stack).

The third needs no profiler: it runs spaCy alone and the whole pipeline over the same
texts ``rounds`` times and prints the processor time of each (``time.process_time``, which
another job on the machine moves less than the wall clock), each stage's least over the
rounds, and the ratio those give: spaCy alone over spaCy alone plus Tocsin's own stages.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter, defaultdict

import tocsin.pipeline
from tocsin.bench import cleaned_texts, corpus, default_paths
from tocsin.document import Document
from tocsin.pipeline import Built, Config, Pipeline

FRAME = re.compile(r"^(?P<name>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
MARK = "analysed"  # the function whose samples are counted (the analysis, not the loading)
SPACY = ("spacy/", "thinc/", "numpy/", "cymem/", "preshed/", "srsly/")  # as py-spy names their files


def analysed(pipeline: Pipeline, articles: list) -> int:
    """The run the profile looks at: every article through every stage."""
    return sum(1 for _ in pipeline.process(articles))


def run(paths: list[str], repeat: int) -> None:
    articles = corpus(paths, repeat)
    pipeline = Pipeline(Config())
    cleaned_texts(pipeline, articles)  # models and knowledge loaded here, outside the profiled call
    t0 = time.perf_counter()
    n = analysed(pipeline, articles)
    print(f"{n} articles analysed in {time.perf_counter() - t0:.1f} s")


def stages(paths: list[str], repeat: int, rounds: int) -> None:
    import spacy

    articles = corpus(paths, repeat)
    pipeline = Pipeline(Config())
    texts, _words, model, _ = cleaned_texts(pipeline, articles)
    plain = spacy.load(model)
    spent: Counter[str] = Counter()
    run_stage = tocsin.pipeline.run

    def timed(built: Built, docs: list[Document]) -> None:
        t0 = time.process_time()
        run_stage(built, docs)
        spent[built.name] += time.process_time() - t0

    tocsin.pipeline.run = timed  # the pipeline calls each stage through this function
    alone: list[float] = []
    least: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        t0 = time.process_time()
        for _ in plain.pipe(texts, batch_size=pipeline.config.batch_size):
            pass
        alone.append(time.process_time() - t0)
        spent.clear()
        for _ in pipeline.process(articles):
            pass
        for name, seconds in spent.items():
            least[name].append(seconds)
    best = {name: min(seconds) for name, seconds in least.items()}
    own = sum(seconds for name, seconds in best.items() if name != "nlp")
    ratio = min(alone) / (min(alone) + own)
    print(f"processor seconds, least of {rounds} rounds: spaCy alone {min(alone):.2f}, the nlp stage "
          f"{best.get('nlp', 0):.2f}, Tocsin's own stages {own:.2f}; ratio {ratio:.3f}")  # fmt: skip
    for name, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        if name != "nlp":
            print(f"  {seconds:6.3f}  {name}")


def frames(stack: str) -> list[tuple[str, str]]:
    out = []
    for frame in stack.split(";"):
        m = FRAME.match(frame.strip())
        out.append((m["name"], m["file"]) if m else (frame.strip(), ""))
    return out


def _within(file: str, packages: tuple[str, ...]) -> bool:
    return any(file.startswith(p) or f"/{p}" in file for p in packages)


def where(name: str, file: str) -> str:
    for part in ("/site-packages/", "/src/", "/lib/python3"):
        if part in file:
            file = file.split(part, 1)[1]
            break
    return f"{file.removesuffix('.py').replace('/', '.')}.{name}" if file else name


def summarise(path: str, top: int) -> None:
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    inside_spacy = outside = 0
    with open(path, encoding="utf-8") as stacks:
        lines = stacks.readlines()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not count.isdigit():
            continue
        fs = frames(stack)
        names = [n for n, _ in fs]
        if MARK not in names:
            continue
        fs = fs[names.index(MARK) + 1 :]
        n = int(count)
        # The first frame inside spaCy's own code, unless Tocsin is called back from there
        # (its own spaCy components run inside ``nlp.pipe``): spaCy's time is what follows.
        first_spacy = next((i for i, (_, f) in enumerate(fs) if _within(f, SPACY)), None)
        if first_spacy is not None and not any(_within(f, ("tocsin/",)) for _, f in fs[first_spacy:]):
            inside_spacy += n
            continue
        outside += n
        keys = [where(name, file) for name, file in fs]
        if keys:
            own[keys[-1]] += n
        for key in set(keys):
            total[key] += n
    every = inside_spacy + outside
    print(f"{every} samples of the analysis: spaCy's own components {inside_spacy / every:.1%}, "
          f"the rest {outside / every:.1%}")  # fmt: skip
    print("\nthe rest, by own time (share of all samples):")
    for key, n in own.most_common(top):
        print(f"  {n / every:6.1%}  {key}")
    print("\nthe rest, by total time (share of all samples):")
    for key, n in total.most_common(top):
        print(f"  {n / every:6.1%}  {key}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="texts to read (default: those tocsin bench reads)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--summarise", metavar="STACKS", help="py-spy's raw output to sum up")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--stages", action="store_true", help="the processor time of each stage, without a profiler")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if args.summarise:
        summarise(args.summarise, args.top)
    elif args.stages:
        stages(args.paths or default_paths(), args.repeat, args.rounds)
    else:
        run(args.paths or default_paths(), args.repeat)


if __name__ == "__main__":
    main()
