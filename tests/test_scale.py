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
