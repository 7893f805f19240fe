"""`tocsin check` finds what is wrong with a store and repairs what the records allow:
lost story memberships, rows that are not the record's, orphans, offsets outside the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, insert, text, update
from typer.testing import CliRunner

from tests.store_corpus import corpus, tables
from tocsin.cli import app
from tocsin.store import Store, schema
from tocsin.store.check import check
from tocsin.stories.incremental import save

runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "store.db")
    with Store.open(path) as store:
        for record in corpus(14, seed=3):
            save(store, record)
    return path


def test_a_sound_store_passes(db):
    result = runner.invoke(app, ["check", "--db", db])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.stdout


@pytest.mark.no_store_check
def test_lost_memberships_and_rows_are_found_and_rebuilt(db):
    with Store.open(db) as store:
        before = tables(store)
        with store.writing() as conn:
            conn.execute(delete(schema.story_members).where(schema.story_members.c.doc_id == "art001"))
            conn.execute(delete(schema.actors).where(schema.actors.c.doc_id == "art002"))
            conn.execute(insert(schema.minhash_bands).values(band=0, bucket="b", doc_id="gone"))
        found = check(store)
        kinds = {(p.kind, p.item) for p in found}
        assert ("stories", "art001") in kinds and ("rows", "art002") in kinds and ("orphans", "minhash_bands") in kinds
        assert not any(p.repaired for p in found)

        repaired = check(store, repair=True)
        assert repaired and all(p.repaired for p in repaired)
        assert check(store) == []
        after = tables(store)
    for name in ("story_members", "stories", "actors", "claims", "events"):
        assert after[name] == before[name], name


@pytest.mark.no_store_check
def test_offsets_outside_the_text_are_reported_not_invented(db):
    with Store.open(db) as store:
        record = store.get("art003")
        record.events[0].evidence.start = len(record.text) + 5
        record.events[0].evidence.end = len(record.text) + 9
        d = schema.documents
        with store.writing() as conn:
            conn.execute(update(d).where(d.c.id == "art003").values(record=record.to_json()))
    result = runner.invoke(app, ["check", "--db", db, "--repair"])
    assert result.exit_code == 1
    assert "art003" in result.output and "outside the text" in result.output


@pytest.mark.no_store_check
def test_a_record_that_is_not_valid_is_reported(db):
    with Store.open(db) as store, store.writing() as conn:
        conn.execute(text("UPDATE documents SET record = '{\"id\": 5}' WHERE id = 'art004'"))
    result = runner.invoke(app, ["check", "--db", db])
    assert result.exit_code == 1 and "art004" in result.output and "contract" in result.output


# -- the suite's own rule: every store a test builds passes the check (tests/conftest.py) ------
DAMAGING = """
import pytest
from sqlalchemy import delete, insert

from tocsin.record import DocumentRecord, Event, Evidence
from tocsin.store import Store, schema

BODY = "Border guards exchanged fire with smugglers near an invented village on Monday."


def build(path):
    store = Store.open(str(path))
    evidence = Evidence(sentence=BODY, start=0, end=len(BODY))
    event = Event(id="e1", type="ASSAULT", evidence=evidence, confidence=0.9, date="2025-05-05")
    store.save(DocumentRecord(id="doc-1", text=BODY, events=[event]))
    return store


def test_sound(tmp_path):
    build(tmp_path / "sound.db").close()


def test_damaged(tmp_path):
    with build(tmp_path / "damaged.db") as store, store.writing() as conn:
        conn.execute(delete(schema.story_members))


@pytest.mark.no_store_check
def test_damaged_on_purpose(tmp_path):
    with build(tmp_path / "damaged.db") as store, store.writing() as conn:
        conn.execute(delete(schema.story_members))
"""


def test_a_test_that_leaves_a_store_the_check_faults_fails(pytester):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    no_store_check: the test damages its stores on purpose\n")
    pytester.makepyfile(test_inner=DAMAGING)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        ["*tocsin check finds problems in a store this test built:*", "*damaged.db: stories doc-1*"]
    )
