"""Score the pipeline on the development set with the reference scorer, by subset.

usage: python scripts/eval_dev.py [--seeds] [--records FILE] [--keep FILE] [--verbose]

Runs the pipeline over the development set's articles (``--seeds``: the five seed
articles; ``--articles``/``--gold`` any other set), or reads ``--records``, then calls
``../shared/gold/score.py`` once per subset: the English tuning articles (d*, e* in
English), the unseen check (f*), every English article (what the targets are stated on), the
Russian ones, and all. Prints one table of the main
figures; ``--verbose`` also prints the scorer's per-article lines.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = (
    "eventsF1", "eventsP", "eventsR", "strictF1", "coreR", "actorsF1", "actorsP", "actorsR", "placesF1", "quotesR",
    "quotesP", "claimsR", "threatsR", "threatsP", "published", "outlet", "title", "body", "furniture", "missing",
)  # fmt: skip


def subsets(gold: Path) -> dict[str, list[Path]]:
    files = sorted(gold.glob("*.json"))
    lang = {f: json.loads(f.read_text(encoding="utf-8"))["meta"].get("language") for f in files}
    sets = {
        "d+e (en)": [f for f in files if f.name[0] in "de" and lang[f] == "en"],
        "f (en, unseen)": [f for f in files if f.name[0] == "f"],
        "en (all)": [f for f in files if lang[f] == "en"],  # what the targets are stated on
        "ru": [f for f in files if lang[f] == "ru"],
        "all": files,
    }
    return {name: golds for name, golds in sets.items() if golds}


def score(scorer: Path, records: Path, golds: list[Path], verbose: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        for g in golds:
            (Path(tmp) / g.name).symlink_to(g.resolve())
        out = Path(tmp) / "score.json"
        args = [sys.executable, str(scorer), "--pred", str(records), "--gold", tmp, "--json", str(out)]
        run = subprocess.run(args + (["--verbose"] if verbose else []), capture_output=True, text=True, check=True)
        if verbose:
            print("\n".join(line for line in run.stdout.splitlines() if ": events" in line))
        return json.loads(out.read_text())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = ROOT.parent / "shared"
    ap.add_argument("--articles", type=Path, default=shared / "gold" / "dev" / "articles")
    ap.add_argument("--gold", type=Path, default=shared / "gold" / "dev" / "gold")
    ap.add_argument("--seeds", action="store_true", help="the seed articles and their gold")
    ap.add_argument("--records", type=Path, help="score these records instead of running the pipeline")
    ap.add_argument("--keep", type=Path, help="write the records here")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    if a.seeds:
        a.articles, a.gold = shared / "seeds", shared / "gold" / "seeds"
    scorer = shared / "gold" / "score.py"
    if not scorer.exists():
        print(f"no reference scorer at {scorer}", file=sys.stderr)
        return 2
    records = a.records
    if records is None:
        records = a.keep or Path(tempfile.mkstemp(suffix=".jsonl")[1])
        with records.open("w", encoding="utf-8") as fh:
            subprocess.run([sys.executable, "-m", "tocsin.evaluate.dump", str(a.articles)], stdout=fh, check=True)
    results = {name: score(scorer, records, golds, a.verbose) for name, golds in subsets(a.gold).items()}
    names = list(results)
    print(f"{'figure':12s}" + "".join(f"{n:>16s}" for n in names))
    for fig in FIGURES:
        cells = [results[n].get(fig) for n in names]
        print(f"{fig:12s}" + "".join(f"{c:16.3f}" if isinstance(c, float) else f"{c!s:>16s}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
