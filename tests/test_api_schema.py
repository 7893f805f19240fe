"""Property test of the API against its own OpenAPI description: schemathesis generates
requests for every operation (valid and invalid parameters) and checks that none is a
server error and every response matches its documented status, headers, type and schema."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from tests.web_records import build
from tocsin.store import Store
from tocsin.web import create_app


def _store() -> str:
    folder = tempfile.mkdtemp(prefix="tocsin-schema-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = str(Path(folder) / "schema.db")
    with Store.open(path) as store:
        build(store, hostile=True)
    return path


APP = create_app(_store())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_conforms_to_the_openapi_description(case):
    # Some rules lie beyond JSON Schema (a bbox's corners in order, a cursor this server
    # issued, a date range that parses): such requests get a documented 400, so the check
    # that every schema-valid request succeeds does not apply.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_the_description_lists_every_resource():
    paths = APP.openapi()["paths"]
    for resource in ("documents", "events", "stories", "actors", "places", "quotes", "claims", "disagreements",
                     "threats", "indicators", "alerts"):  # fmt: skip
        assert f"/api/{resource}" in paths
    assert "/api/documents/{doc_id}" in paths and "/api/actors/{actor_id}" in paths
