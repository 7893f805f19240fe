"""The read API over a small invented store: every endpoint, every filter, pagination,
CSV, malformed parameters (a clear 4xx, never a 500), the guarded write path and the
security headers."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web_records import build, hostile_record
from tocsin.record import DocumentRecord
from tocsin.store import Store
from tocsin.web import create_app
from tocsin.web.command import allowed_hosts

STATIC = Path(__file__).resolve().parents[1] / "src" / "tocsin" / "web" / "static"


def _postgres_schema(url: str, name: str = "tocsin_web_test") -> str:
    """A fresh schema of its own in the test database, so other suites' tables stay apart."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {name}"))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("api") / "api.db")
    else:
        url = os.environ.get("TOCSIN_TEST_PG")
        if not url:
            pytest.skip("no PostgreSQL server (TOCSIN_TEST_PG unset)")
        path = _postgres_schema(url)
    with Store.open(path) as store:
        build(store, hostile=True)
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


# -- documents ----------------------------------------------------------------------------------
def test_documents_are_listed_newest_first(client):
    assert ids(client.get("/api/documents")) == ["doc-hostile", "doc-talks", "doc-clash-b", "doc-clash-a"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since=2025-06", {"doc-talks", "doc-hostile"}),
        ("until=2025-05", {"doc-clash-a", "doc-clash-b"}),
        ("since=2025-05-11&until=2025-06-02", {"doc-clash-b", "doc-talks"}),
        ("country=kaz", {"doc-talks"}),
        ("actor=gov:TJK:border-service", {"doc-clash-a", "doc-clash-b"}),
        ("actor=uzbek", {"doc-talks"}),
        ("type=AGREE", {"doc-talks"}),
        ("bbox=68,40,70,42", {"doc-talks"}),
        ("q=patrols", {"doc-talks"}),
        ("q=Khorog gunmen", {"doc-clash-a", "doc-clash-b"}),
    ],
)
def test_document_filters(client, query, expected):
    assert set(ids(client.get(f"/api/documents?{query}"))) == expected


def test_a_document_is_its_full_record(client, db):
    response = client.get("/api/documents/doc-talks")
    assert response.status_code == 200
    record = DocumentRecord.model_validate(response.json())
    assert record == Store.open(db).get("doc-talks")
    assert record.events[0].evidence.sentence.startswith("Kazakhstan and Uzbekistan agreed")


def test_an_unknown_document_is_404(client):
    response = client.get("/api/documents/nope")
    assert response.status_code == 404
    assert "nope" in response.json()["detail"]


def test_cursor_pages_walk_the_whole_list_once(client):
    seen, cursor = [], None
    while True:
        page = client.get("/api/documents", params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == ids(client.get("/api/documents"))


# -- events -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 4),
        ("type=ASSAULT", 3),
        ("type=AGREE", 1),
        ("country=UZB", 1),
        ("actor=border guards", 2),
        ("actor=group:gunmen", 2),
        ("since=2025-05-11", 3),
        ("until=2025-05-10", 1),
        ("bbox=71,37,72,38", 3),
        ("bbox=0,0,1,1", 0),
        ("located=true", 4),
        ("located=false", 0),
        ("q=joint patrols", 1),
        ("type=ASSAULT&country=TJK&since=2025-05&until=2025-05", 2),
    ],
)
def test_event_filters(client, query, expected):
    assert len(ids(client.get(f"/api/events?{query}"))) == expected


def test_event_rows_carry_names_place_and_evidence(client):
    (row,) = client.get("/api/events?type=AGREE").json()["items"]
    assert row["source_ids"] == ["KAZ"] and row["target_names"] == "Uzbekistan"
    assert (row["place_name"], row["lat"], row["lon"]) == ("Tashkent", 41.26, 69.21)
    assert row["evidence"].startswith("Kazakhstan and Uzbekistan") and row["story_id"]


def test_event_pages_follow_the_cursor(client):
    first = client.get("/api/events?limit=3").json()
    second = client.get(f"/api/events?limit=3&cursor={first['next']}").json()
    assert second["next"] is None
    everything = ids(client.get("/api/events"))
    assert [e["id"] for e in first["items"] + second["items"]] == everything


@pytest.mark.parametrize("url", ["/api/events.csv?type=ASSAULT", "/api/events?type=ASSAULT&format=csv"])
def test_events_download_as_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 3 and {r["event_type"] for r in rows} == {"ASSAULT"}


def test_csv_cells_cannot_become_spreadsheet_formulas(client, db):
    from tocsin.exports.writers import csv_cell

    assert csv_cell('=HYPERLINK("x")', "text") == '\'=HYPERLINK("x")'
    assert csv_cell(["-x", "y"], "list") == "'-x;y"
    assert csv_cell(-5.0, "float") == -5.0


def test_timeline_map_and_network(client):
    timeline = client.get("/api/events/timeline").json()
    assert [b["period"] for b in timeline] == ["2025-05-10", "2025-05-11", "2025-06-02", "2025-06-03"]
    assert client.get("/api/events/timeline?bucket=month").json()[0] == {
        **client.get("/api/events/timeline?bucket=month").json()[0],
        "period": "2025-05",
        "events": 2,
    }
    places = {p["place_name"]: p["events"] for p in client.get("/api/events/places").json()}
    assert places == {"Khorog": 3, "Tashkent": 1}
    network = client.get("/api/network").json()
    assert {(e["source"], e["target"]) for e in network["edges"]} == {
        ("gov:TJK:border-service", "group:gunmen"),
        ("KAZ", "UZB"),
    }


# -- stories, disagreements, indicators, alerts ----------------------------------------------------
def test_stories_join_the_two_clash_reports(client):
    stories = client.get("/api/stories?type=ASSAULT&country=TJK").json()["items"]
    assert len(stories) == 1 and stories[0]["n_articles"] == 2
    detail = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert {c["doc_id"] for c in detail["citations"]} == {"doc-clash-a", "doc-clash-b"}
    assert client.get("/api/stories/nope").status_code == 404


@pytest.mark.parametrize("url", ["/api/stories.csv", "/api/stories?format=csv"])
def test_stories_download_as_csv(client, url):
    rows = list(csv.DictReader(io.StringIO(client.get(url).text)))
    assert len(rows) == len(client.get("/api/stories").json()["items"]) == 3


def test_disagreements_indicators_and_alerts_are_well_formed(client):
    (d,) = client.get("/api/disagreements").json()["items"]
    assert d["attribute"] == "killed" and {d["a"]["value"], d["b"]["value"]} == {4.0, 9.0}
    assert client.get("/api/disagreements?attribute=troops").json()["items"] == []
    series = client.get("/api/indicators?country=TJK&period=month").json()
    assert [(row["label"], row["count"]) for row in series] == [("2025-05", 1)]  # two reports, one story
    assert isinstance(client.get("/api/alerts?history=true").json(), list)


# -- actors and places, quotes, claims, threats ---------------------------------------------------
def test_actors_and_one_actor_with_events_and_network(client):
    actors = {a["id"]: a for a in client.get("/api/actors").json()["items"]}
    assert actors["gov:TJK:border-service"]["documents"] == 2
    assert ids(client.get("/api/actors?country=KAZ")) == ["KAZ"]
    assert ids(client.get("/api/actors?q=uzbek")) == ["UZB"]
    assert ids(client.get("/api/actors?kind=armed_group")) == ["group:gunmen", 'x" onerror="window.__pwned=8']
    one = client.get("/api/actors/gov:TJK:border-service").json()
    assert one["name"] == "Tajik border guards" and len(one["events"]) == 2
    assert one["network"]["edges"][0] == {
        "source": "gov:TJK:border-service",
        "target": "group:gunmen",
        "events": 2,
        "intensity_mean": one["network"]["edges"][0]["intensity_mean"],
    }
    assert client.get("/api/actors/nobody").status_code == 404


def test_places(client):
    assert ids(client.get("/api/places")) == ["geo:khorog", "geo:tashkent"]
    assert ids(client.get("/api/places?bbox=60,40,70,45")) == ["geo:tashkent"]
    assert ids(client.get("/api/places?country=uzb&q=tash")) == ["geo:tashkent"]


def test_quotes_claims_threats(client):
    quotes = client.get("/api/quotes?q=border crossed").json()["items"]
    assert {q["doc_id"] for q in quotes} == {"doc-clash-a", "doc-clash-b"} and quotes[0]["direct"] is True
    assert len(client.get("/api/quotes?doc_id=doc-clash-a").json()["items"]) == 1
    assert len(client.get("/api/quotes?actor=spokesman&since=2025-05-11").json()["items"]) == 1
    claims = client.get("/api/claims?attribute=killed").json()["items"]
    assert sorted(c["value"] for c in claims) == [4.0, 9.0]
    threats = client.get("/api/threats?kind=terrorism&level=warning&actor=AFG").json()["items"]
    assert len(threats) == 2 and threats[0]["kinds"] == ["terrorism"] and threats[0]["source_ids"] == ["AFG"]
    assert client.get("/api/threats?until=2025-05-10").json()["items"][0]["doc_id"] == "doc-clash-a"


def test_summary(client):
    s = client.get("/api/summary").json()
    assert (s["documents"], s["events"], s["first_date"], s["writable"]) == (4, 4, "2025-05-10", False)


# -- malformed parameters -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/api/events?since=yesterday", "/api/events?until=2025/01/01", "/api/events?country=Atlantis",
        "/api/events?type=EXPLODE", "/api/events?bbox=1,2,3", "/api/events?bbox=a,b,c,d", "/api/events?bbox=10,0,5,1",
        "/api/events?bbox=nan,0,1,1", "/api/events?limit=0", "/api/events?limit=100000", "/api/events?limit=ten",
        "/api/events?cursor=%%%", "/api/events?cursor=bm90IGpzb24", "/api/events?format=xml", "/api/events?q=%00",
        "/api/documents?cursor=WzFd", "/api/documents?since=20250", "/api/stories?country=12",
        "/api/stories?cursor=WyJ4Il0", "/api/actors?kind=wizard", "/api/actors?cursor=WyJ4Il0",
        "/api/places?bbox=0,0,500,1", "/api/quotes?since=May", "/api/claims?cursor=e30",
        "/api/threats?kind=weather", "/api/threats?level=panic", "/api/events/timeline?bucket=year",
        "/api/indicators?period=decade", "/api/indicators?pair=TJK", "/api/alerts?at=tomorrow",
        "/api/disagreements?cursor=WyJ4Il0", "/api/documents/" + "x" * 65,
    ],
)  # fmt: skip
def test_malformed_parameters_are_a_clear_4xx(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code, response.text)
    body = response.json()
    assert body["detail"]


def test_parameters_are_values_not_sql(client):
    assert ids(client.get("/api/events", params={"actor": "' OR '1'='1"})) == []
    assert ids(client.get("/api/events", params={"actor": "%"})) == []
    assert ids(client.get("/api/documents", params={"q": 'x" OR "y'})) == []
    assert ids(client.get("/api/documents", params={"q": "NEAR(a b) OR *"})) == []


# -- security ----------------------------------------------------------------------------------
def test_security_headers_on_pages_and_api(client):
    for url in ("/", "/api/events", "/static/js/app.js"):
        headers = client.get(url).headers
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert headers["x-content-type-options"] == "nosniff"


def test_hostile_text_comes_back_as_json_data(client):
    response = client.get("/api/documents/doc-hostile")
    assert response.headers["content-type"] == "application/json"
    assert response.json()["title"] == hostile_record().title


@pytest.mark.parametrize("page", ["index.html", "docs.html"])
def test_the_dashboard_needs_nothing_from_the_internet(page):
    html = (STATIC / page).read_text()
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(ref.startswith(("/static/", "/api/", "#/")) or ref == "/docs" for ref in refs)
    scripts = "".join(p.read_text() for p in (STATIC / "js").glob("*.js"))
    assert "innerHTML" not in scripts and "insertAdjacentHTML" not in scripts and "eval(" not in scripts
    assert not re.search(r"fetch\(\s*[\"'`]https?:", scripts)
    assert (STATIC / "vendor" / "countries-50m.json").stat().st_size > 100_000


def test_loopback_serving_refuses_foreign_host_names(db):
    guarded = TestClient(create_app(db, allowed_hosts=allowed_hosts("127.0.0.1")), base_url="http://127.0.0.1")
    assert guarded.get("/api/summary").status_code == 200
    assert guarded.get("/api/summary", headers={"host": "attacker.example"}).status_code == 400


# -- the write path -------------------------------------------------------------------------------
ARTICLE = (
    "Invented Valley Times\n\nKyrgyz and Tajik officials met in Batken on 12 March 2025 and agreed to reopen "
    "two border crossings, the Kyrgyz foreign ministry said. Both sides pledged to settle the remaining "
    "disputes through talks."
)


def test_without_a_write_token_the_api_is_read_only(client):
    response = client.post("/api/documents", json={"text": ARTICLE})
    assert response.status_code == 403 and "read-only" in response.json()["detail"]


def test_ingest_needs_the_token_and_a_small_body(db, monkeypatch):
    monkeypatch.delenv("TOCSIN_WRITE_TOKEN", raising=False)
    writer = TestClient(create_app(db, write_token="s3cret-token"))
    assert writer.post("/api/documents", json={"text": ARTICLE}).status_code == 401
    wrong = {"Authorization": "Bearer guess"}
    assert writer.post("/api/documents", json={"text": ARTICLE}, headers=wrong).status_code == 401
    good = {"Authorization": "Bearer s3cret-token"}
    huge = writer.post("/api/documents", json={"text": "word " * 500_000}, headers=good)
    assert huge.status_code == 413
    assert writer.post("/api/documents", content=b"{not json", headers=good).status_code == 422
    assert writer.post("/api/documents", json={"title": "no body"}, headers=good).status_code == 422
    assert writer.post("/api/documents", json={"text": ARTICLE, "published": "soon"}, headers=good).status_code == 422


def test_ingest_analyses_and_stores_one_article(db):
    writer = TestClient(create_app(db, write_token="s3cret-token"))
    good = {"Authorization": "Bearer s3cret-token"}
    body = {"text": ARTICLE, "url": "https://valley.example/batken", "published": "2025-03-12"}
    created = writer.post("/api/documents", json=body, headers=good)
    assert created.status_code == 201, created.text
    record = DocumentRecord.model_validate(created.json())
    assert "Batken" in record.text and record.source.url == "https://valley.example/batken"
    assert writer.get(f"/api/documents/{record.id}").json()["id"] == record.id
    again = writer.post("/api/documents", json=body, headers=good)
    assert again.status_code == 200 and again.json()["id"] == record.id


def test_pages_walk_undated_events_last(tmp_path):
    from tocsin.query import Filter, page_events
    from tocsin.record import Event, Evidence

    text = "Something happened somewhere at some time."
    events = [
        Event(id=f"e{i}", type="PROTEST", date=date, confidence=0.5,
              evidence=Evidence(sentence=text, start=0, end=len(text)))
        for i, date in enumerate(["2025-01-02", None, "2025-01-02", None, "2025-01-01", "2025"])
    ]  # fmt: skip
    with Store.open(str(tmp_path / "undated.db")) as store:
        store.save(DocumentRecord(id="d", text=text, events=events))
        walked, after = [], None
        while True:
            rows, after = page_events(store, Filter(), limit=2, after=after)
            walked += [(r["date"], r["id"]) for r in rows]
            if after is None:
                break
    assert walked == [("2025-01-02", "d:e2"), ("2025-01-02", "d:e0"), ("2025-01-01", "d:e4"), ("2025", "d:e5"),
                      (None, "d:e3"), (None, "d:e1")]  # fmt: skip


def test_the_api_explorer_is_served_from_the_package(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    for ref in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert client.get(ref).status_code == 200, ref


@pytest.mark.parametrize("table", ["events", "stories", "documents", "alerts", "disagreements", "threats", "network"])
def test_every_table_downloads_with_its_documented_columns(client, table):
    from tocsin.exports.tables import TABLES

    as_csv = client.get(f"/api/{table}.csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert next(csv.reader(io.StringIO(as_csv.text))) == list(TABLES[table].columns)
    as_json = client.get(f"/api/{table}.json")
    assert as_json.status_code == 200 and isinstance(as_json.json(), list)
    assert all(list(row) == list(TABLES[table].columns) for row in as_json.json())


def test_facets_suggestions_and_filtered_counts(client):
    facets = client.get("/api/facets?country=Tajikistan").json()
    assert facets["type"] == [{"value": "ASSAULT", "label": "ASSAULT", "count": 2}]
    assert {f["value"]: f["count"] for f in facets["outlet"]} == {"Invented Pamir Post": 1, "Invented Oxus Herald": 1}
    assert [s["value"] for s in client.get("/api/suggest?field=country&q=tajik").json()] == ["TJK"]
    assert client.get("/api/suggest?field=actor&q=uzbek").json()[0]["value"] == "UZB"
    whole, part = client.get("/api/summary").json(), client.get("/api/summary?type=AGREE").json()
    for name in ("documents", "events", "stories"):  # the header counts what the lists hold
        assert part[name] == len(ids(client.get(f"/api/{name}?type=AGREE&limit=1000"))) < whole[name]
    bad = client.get("/api/events?since=2025-02-30")
    assert bad.status_code == 400 and bad.json()["detail"] == "since '2025-02-30' is not a day of the calendar"
