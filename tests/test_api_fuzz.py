"""The API never answers 500: forged cursors (deep nesting, huge or odd numbers, long or
NUL-bearing strings, keys of the wrong type), extreme dates, ids and limits are sent to
every list and item endpoint, on SQLite and PostgreSQL; each gets a 2xx or a 4xx.

Schemathesis (test_api_schema.py) covers what the OpenAPI description allows; this
covers what a hostile client makes up beyond it.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_api import db  # noqa: F401 - the store fixture (SQLite and PostgreSQL)
from tocsin.web import create_app

LISTS = ["events", "documents", "stories", "actors", "places", "quotes", "claims", "threats", "disagreements"]
ITEMS = ["documents", "stories", "actors"]
DATED = ["events", "documents", "stories", "quotes", "claims", "threats", "indicators", "events/timeline"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.just("\x00"),
    st.just("x" * 3000),
)
keys = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner))


def cursor(value) -> str:
    raw = json.dumps(value).encode() if not isinstance(value, bytes) else value
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


forged = st.one_of(
    keys.map(cursor),
    st.integers(min_value=1, max_value=3000).map(lambda n: cursor(b"[" * n)),
    st.binary(max_size=64).map(cursor),
    st.text(max_size=60),
).map(lambda value: value[:6000])  # past the API's 2,000 characters; short enough for an HTTP client to send
dates = st.one_of(
    st.from_regex(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z"),
    st.sampled_from(["9999-12-31", "0000-00-00", "0001-01-01", "2025-02-30", "2999-12-31", "1000-01-01"]),
)
ids = st.one_of(st.text(max_size=80), st.sampled_from(["%00", "..%2F..", "a" * 300, "\u202e\u200b", "'; --"]))


def fuzz_client(db_url: str) -> TestClient:
    return TestClient(create_app(db_url), raise_server_exceptions=False)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def test_forged_cursors_are_refused_not_crashed_on(db):  # noqa: F811
    client = fuzz_client(db)

    @SETTINGS
    @given(name=st.sampled_from(LISTS), value=forged, limit=st.integers(min_value=-5, max_value=10**6))
    def check(name, value, limit):
        response = client.get(f"/api/{name}", params={"cursor": value, "limit": limit})
        assert response.status_code < 500, (name, value, response.text)

    check()


def test_extreme_dates_and_ids_are_answered(db):  # noqa: F811
    client = fuzz_client(db)

    @SETTINGS
    @given(name=st.sampled_from(DATED), since=dates, until=dates, at=dates, item=st.sampled_from(ITEMS), key=ids)
    def check(name, since, until, at, item, key):
        for response in (
            client.get(f"/api/{name}", params={"since": since, "until": until}),
            client.get("/api/alerts", params={"at": at, "history": "true"}),
            client.get(f"/api/{item}/{quote(key, safe='')}"),
        ):
            assert response.status_code < 500, (response.request.url, response.text)

    check()
