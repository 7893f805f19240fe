"""`tocsin eval` scores the seeds the same way the reference scorer does."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tocsin.cli import app
from tocsin.evaluate.gold import run_articles, score_records

from .shared import shared_or_skip

SAME_KEYS = ("body", "furniture", "title", "published", "outlet", "language", "translated_from", "actorsF1",
             "actors_country", "placesF1", "geo_median_km", "eventsF1", "strictF1", "coreR", "quotesR",
             "claimsR", "threatsR")  # fmt: skip


def test_our_scores_agree_with_the_reference_scorer(pipeline, tmp_path):
    seeds, gold = shared_or_skip("seeds"), shared_or_skip("gold", "seeds")
    scorer = shared_or_skip("gold", "score.py")
    records = run_articles(seeds, pipeline)
    ours = score_records(records, gold)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in records.values()), encoding="utf-8")
    out = tmp_path / "ref.json"
    subprocess.run([sys.executable, str(scorer), "--pred", str(pred), "--gold", str(gold), "--json", str(out)],
                   check=True, capture_output=True)  # fmt: skip
    ref = json.loads(out.read_text(encoding="utf-8"))
    assert ref["invalid"] == 0, ref["errors"]
    for key in SAME_KEYS:
        if isinstance(ref[key], float) and math.isnan(ref[key]):
            assert math.isnan(ours[key]), key
        else:
            assert ours[key] == pytest.approx(ref[key], abs=1e-9), key


def test_eval_command_prints_a_table_and_a_summary_line():
    seeds, gold = shared_or_skip("seeds"), shared_or_skip("gold", "seeds")
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--articles", str(seeds)])
    assert result.exit_code == 0, result.output
    assert "Gold evaluation" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("SCORE body=")


def test_eval_without_inputs_says_what_it_needs():
    result = CliRunner().invoke(app, ["eval"])
    assert result.exit_code == 2
