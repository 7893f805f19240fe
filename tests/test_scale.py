"""Analysis spread over several processes stores exactly what one process stores.

Whatever runs the analysis, one writer stores the records in input order, each in its own
transaction, so stories, duplicates and disagreements come out the same.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from tests.store_corpus import tables
from tocsin.ingest import ingest
from tocsin.progress import ingest_with_progress
from tocsin.scale.pool import PoolRunner
from tocsin.store import Store
from tocsin.store.database import database_url

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_two_workers_store_the_same_records_as_one_and_skip_them_next_time(tmp_path, pipeline):
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    with Store.open(one) as store:
        alone = ingest([str(SAMPLES)], store, pipeline)
        expected = tables(store)

    shown = Console(record=True, width=200, force_terminal=True)
    runner = PoolRunner(pipeline.config, workers=2, db=database_url(two))
    try:
        with Store.open(two) as store:
            shared = ingest_with_progress([str(SAMPLES)], store, pipeline, shown, shown, runner=runner)
            got = tables(store)
            again = ingest([str(SAMPLES)], store, pipeline, runner=runner)  # the workers skip what is stored
            unchanged = tables(store)
    finally:
        runner.close()

    assert shared.ok and alone.ok
    assert sorted(shared.stored) == sorted(alone.stored) and len(shared.duplicates) == len(alone.duplicates)
    assert expected["documents"] and expected["stories"]
    assert got == expected
    assert "articles/s" in shown.export_text()
    assert again.ok and not again.stored and len(again.duplicates) == len(alone.stored) + len(alone.duplicates)
    assert unchanged == expected


def test_a_dask_cluster_on_loopback_stores_the_same_records_as_one_process(tmp_path, pipeline):
    from distributed import LocalCluster

    from tocsin.scale.cluster import DaskRunner

    files = [str(p) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".html")][:6]
    here, there = str(tmp_path / "here.db"), str(tmp_path / "there.db")
    with Store.open(here) as store:
        ingest(files, store, pipeline)
        expected = tables(store)

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)
    try:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        runner = DaskRunner(pipeline.config, cluster.scheduler_address, batch_size=2)  # three batches, two workers
        try:
            with Store.open(there) as store:
                report = ingest(files, store, pipeline, runner=runner)
                got = tables(store)
        finally:
            runner.close()
    finally:
        cluster.close()
    assert report.ok and len(report.stored) == len(expected["documents"])
    assert got == expected


def test_bench_prints_the_figures_the_issue_names_as_json(tmp_path):
    import json

    from typer.testing import CliRunner

    from tocsin.cli import app

    one = next(p for p in sorted(SAMPLES.iterdir()) if p.suffix == ".txt")
    args = ["bench", str(one), "--repeat", "2", "--workers", "2", "--events", "600", "--requests", "2", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for key in ("spacy_wps", "pipeline_wps", "ratio", "workers", "parallel_wps", "speedup", "peak_rss_mb"):
        assert figures[key] > 0, key
    assert figures["api_events"] == 600 and 0 < figures["api_p50_ms"] <= figures["api_p95_ms"]
    assert "/api/alerts" in figures["api_by_endpoint_p95_ms"]
