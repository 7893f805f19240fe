"""Shared fixtures: one real pipeline (spaCy model and knowledge base loaded once)."""

from __future__ import annotations

from datetime import date

import pytest

from tocsin.pipeline import Config, Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The full pipeline, as `tocsin ingest` builds it, with a fixed ingest date."""
    return Pipeline(Config(today=date(2026, 11, 23)))


@pytest.fixture(scope="session")
def nlp_pipeline(pipeline: Pipeline) -> Pipeline:
    return pipeline


@pytest.fixture(scope="session")
def page_pipeline() -> Pipeline:
    """Only the cheap page stages (clean, meta): no spaCy model, same ingest date."""
    return Pipeline(Config(stages=(), today=date(2026, 11, 23)))
