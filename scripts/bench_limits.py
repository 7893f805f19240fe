"""Cost of one very long article against ten of a tenth of its size (issue 11's bound).

    python scripts/bench_limits.py [--mb 3] [--budget SECONDS]

Builds invented articles from the sample corpus's body lines (numbers varied so that no
two paragraphs are alike), ingests ten of ``mb/10`` MB into one store and one of ``mb``
MB into another, each in a process of its own, and prints the CPU seconds, wall seconds
and peak memory of each, and the ratio of the long article's time to the ten's.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = """
import json, resource, sys, time
from tocsin.ingest import ingest
from tocsin.pipeline import Config, Pipeline
from tocsin.sections import Limits
from tocsin.store import Store
pipeline = Pipeline(Config(limits=Limits(time_budget=float(sys.argv[3]))))
store = Store.open(sys.argv[2])
wall, cpu = time.time(), time.process_time()
report = ingest([sys.argv[1]], store, pipeline)
cpu, wall = time.process_time() - cpu, time.time() - wall
records = list(store.records())
notes = [n for r in records for n in (r.analysis.notes if r.analysis else [])]
print(json.dumps({"cpu": cpu, "wall": wall, "stored": len(report.stored), "chars": sum(len(r.text) for r in records),
                  "events": sum(len(r.events) for r in records),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "notes": notes}))
"""


def body_lines() -> list[str]:
    """The sample articles' body paragraphs: long sentences that the cleaner keeps (a
    copyright line would close the article there, and the rest would not be analysed)."""
    from tocsin.pipeline import Config
    from tocsin.stages.furniture import furniture

    lines = furniture(Config().data)
    return [
        line.strip()
        for path in sorted((ROOT / "samples").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.split()) > 15
        and line.strip().endswith((".", '"'))
        and lines.kind(line) is None
        and not lines.closes_article(line)
        and not lines.is_closing_heading(line)
        and not lines.is_related_heading(line)
    ]


def article(size: int, shift: int) -> str:
    lines = body_lines()
    out, total, i = ["Dushanbe, 3 May 2025 (Sample Wire, invented) - A long report."], 0, 0
    while total < size:
        step = i + shift
        para = re.sub(r"\b(\d+)\b", lambda m, step=step: str(int(m.group(1)) + step), lines[i % len(lines)])
        out.append(para)
        total += len(para) + 2
        i += 1
    return "\n\n".join(out)


def run(folder: Path, db: Path, budget: float) -> dict:
    done = subprocess.run([sys.executable, "-c", RUN, str(folder), str(db), str(budget)], capture_output=True,
                          text=True, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.0)
    parser.add_argument("--budget", type=float, default=600.0, help="the per-document time budget, seconds")
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        ten, one = Path(tmp, "ten"), Path(tmp, "one")
        ten.mkdir()
        one.mkdir()
        for i in range(10):
            (ten / f"a{i}.txt").write_text(article(size // 10, 1000 * i), encoding="utf-8")
        (one / "long.txt").write_text(article(size, 0), encoding="utf-8")
        small = run(ten, Path(tmp, "ten.db"), args.budget)
        large = run(one, Path(tmp, "one.db"), args.budget)
    for what, got in ((f"ten articles of {size / 10e6:.1f} MB", small), (f"one article of {size / 1e6:.1f} MB", large)):
        print(f"{what}: {got['cpu']:.1f} s CPU, {got['wall']:.1f} s, peak {got['peak_rss_mb']} MB; "
              f"{got['stored']} stored, {got['chars']:,} characters kept, {got['events']} events")  # fmt: skip
    print(f"ratio (CPU): {large['cpu'] / max(small['cpu'], 1e-9):.2f}")
    for note in sorted(set(large["notes"])):
        print("  note:", note)


if __name__ == "__main__":
    main()
