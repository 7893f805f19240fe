"""Every record we export follows the public contract, and everything we cite is really in
the article: on the bundled samples and, where present, on the real seed articles."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tocsin.article import ReadError
from tocsin.sources import read

from .shared import SHARED, shared_or_skip

REPO = Path(__file__).resolve().parents[1]


CONTRACT = REPO / "src" / "tocsin" / "contract" / "document.schema.json"


def schema() -> dict:
    """The contract's JSON Schema, as shipped in the package."""
    return json.loads(CONTRACT.read_text(encoding="utf-8"))


def test_the_shipped_schema_is_the_published_contract():
    published = SHARED / "contract" / "document.schema.json"
    if not published.exists():
        pytest.skip("the published contract in ../shared is absent")
    assert json.loads(published.read_text(encoding="utf-8")) == schema()


def records_of(pipeline, folder: Path) -> list:
    articles = [a for a in read([str(folder)]) if not isinstance(a, ReadError)]
    return [d.record for d in pipeline.process(articles)]


def check_spans(record) -> None:
    text = record.text
    for item in [*record.events, *record.claims, *record.threats]:
        ev = item.evidence
        assert text[ev.start : ev.end] == ev.sentence, f"{record.id}: evidence span differs"
    for q in record.quotes:
        assert text[q.start : q.end] == q.text, f"{record.id}: quote span differs"
    for ref in [*record.actors, *record.places]:
        for start, end in ref.mentions:
            assert 0 <= start < end <= len(text)
    ids = {a.id for a in record.actors} | {p.id for p in record.places}
    for ev in record.events:
        assert set(ev.source) | set(ev.target) <= ids
        assert ev.place is None or ev.place in ids
    for t in record.threats:
        assert set(t.holder) | set(t.source) | set(t.target) <= ids


@pytest.fixture(scope="module")
def sample_records(pipeline):
    return records_of(pipeline, REPO / "samples")


@pytest.fixture(scope="module")
def seed_records(pipeline):
    return records_of(pipeline, shared_or_skip("seeds"))


def test_sample_records_follow_the_schema(sample_records):
    validator = jsonschema.Draft202012Validator(schema())
    assert sample_records
    for record in sample_records:
        validator.validate(record.model_dump(mode="json"))


def test_sample_citations_are_in_the_text(sample_records):
    for record in sample_records:
        check_spans(record)


def test_seed_records_follow_the_schema_and_cite_real_spans(seed_records):
    validator = jsonschema.Draft202012Validator(schema())
    assert len(seed_records) == 5
    for record in seed_records:
        validator.validate(record.model_dump(mode="json"))
        check_spans(record)
