"""Downloads: every table of ``tocsin.exports.tables`` as CSV and as JSON, at
``/api/<table>.csv`` and ``/api/<table>.json``, with the list's filters. The rows and
columns are the exporters' (the same as ``tocsin export`` and ``--format csv``), streamed so
a long table never sits in memory."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from tocsin.exports import writers
from tocsin.exports.tables import TABLES
from tocsin.query import Filter
from tocsin.query.filters import check_date
from tocsin.record import ThreatKind
from tocsin.store import Store
from tocsin.web.models import BAD_REQUEST
from tocsin.web.params import FilterDep, StoreDep, bad_request, text

# OpenAPI response descriptions, typed as FastAPI's ``responses`` parameter takes them.
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "The whole list"}
}
JSON_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
        "description": "The whole list, one object per row",
    }
}
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def table_response(store: Store, table: str, fmt: str, flt: Filter, **options) -> StreamingResponse:
    spec = TABLES[table]
    try:
        rows = iter(spec.rows(store, flt, **options))
        first = next(rows, None)  # a bad option is a 400 before the response starts
    except ValueError as exc:
        raise bad_request(str(exc)) from None

    def all_rows():
        if first is not None:
            yield first
            yield from rows

    lines = (
        writers.csv_lines(all_rows(), spec.columns) if fmt == "csv" else writers.json_lines(all_rows(), spec.columns)
    )
    return StreamingResponse(
        lines, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{table}.{fmt}"'}
    )


# Each table's options beyond the filters, as query parameters.
def _none() -> dict:
    return {}


def _alerts(
    period: Annotated[Literal["day", "week", "month"], Query()] = "week",
    at: Annotated[str | None, Query(max_length=10, description="Test the period holding this day.")] = None,
    history: Annotated[bool, Query(description="Test every period, not only the latest.")] = False,
) -> dict:
    try:
        at = check_date(text(at, "at"), "at")
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    if at and len(at) != 10:
        raise bad_request("at must be a day, YYYY-MM-DD")
    return {"period": period, "at": at, "history": history}


def _disagreements(
    attribute: Annotated[str | None, Query(max_length=64)] = None,
    subject: Annotated[str | None, Query(max_length=200)] = None,
) -> dict:
    return {"attribute": text(attribute, "attribute"), "subject": text(subject, "subject")}


def _threats(
    kind: Annotated[ThreatKind | None, Query()] = None,
    level: Annotated[Literal["concern", "warning", "alarm"] | None, Query()] = None,
) -> dict:
    return {"kind": kind, "level": level}


def _actors(kind: Annotated[str | None, Query(max_length=32)] = None) -> dict:
    return {"kind": text(kind, "kind")}


def _claims(attribute: Annotated[str | None, Query(max_length=64)] = None) -> dict:
    return {"attribute": text(attribute, "attribute")}


OPTIONS = {"alerts": _alerts, "disagreements": _disagreements, "threats": _threats, "actors": _actors,
           "claims": _claims}  # fmt: skip


def _route(table: str, fmt: str):
    options = OPTIONS.get(table, _none)

    def download(store: StoreDep, flt: FilterDep, opts: Annotated[dict, Depends(options)]) -> StreamingResponse:
        return table_response(store, table, fmt, flt, **opts)

    download.__doc__ = (
        f"Every row of the {table} table matching the filters, as {fmt.upper()} ({TABLES[table].description})."
    )
    return download


router = APIRouter(tags=["downloads"], responses=BAD_REQUEST)
for _table in TABLES:
    for _fmt in ("csv", "json"):
        router.add_api_route(
            f"/api/{_table}.{_fmt}", _route(_table, _fmt), methods=["GET"], name=f"download_{_table}_{_fmt}",
            summary=f"{_table.capitalize()} as {_fmt.upper()}",
            responses=CSV_RESPONSE if _fmt == "csv" else JSON_RESPONSE, response_class=StreamingResponse,
        )  # fmt: skip
