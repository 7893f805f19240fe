"""The writers every table download goes through: one CSV writer (with the spreadsheet
formula guard), JSON, JSON Lines and Parquet, each rendering a cell by its column's kind.

Cells come from articles, so a text cell that a spreadsheet would read as a formula
(``=``, ``+``, ``-``, ``@``, a tab or a carriage return first) is prefixed with an apostrophe
in CSV. JSON and Parquet keep values as they are: lists as lists, numbers as numbers, and
in Parquet dates as dates (a month or a year as its first day, beside its precision).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO

FORMULA = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"


def guard(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made inert."""
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def csv_cell(value: object, kind: str) -> object:
    if value is None:
        return ""
    if kind == "list" and isinstance(value, Iterable):
        return guard(LIST_SEPARATOR.join(str(v) for v in value))
    return guard(value)


def csv_lines(rows: Iterable[dict], columns: dict[str, str], every: int = 500) -> Iterator[str]:
    """The CSV text in chunks, header first, so a long table streams in flat memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(columns))
    for n, row in enumerate(rows, 1):
        writer.writerow([csv_cell(row.get(c), kind) for c, kind in columns.items()])
        if n % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(rows: Iterable[dict], columns: dict[str, str], out: IO) -> int:
    n = 0

    def counted() -> Iterator[dict]:
        nonlocal n
        for row in rows:
            n += 1
            yield row

    for chunk in csv_lines(counted(), columns):
        out.write(chunk)
    return n


def json_row(row: dict, columns: dict[str, str]) -> dict:
    return {c: (list(row.get(c) or []) if kind == "list" else row.get(c)) for c, kind in columns.items()}


def json_lines(rows: Iterable[dict], columns: dict[str, str]) -> Iterator[str]:
    """A JSON array, one row per line, in chunks."""
    yield "["
    for n, row in enumerate(rows):
        yield ("\n" if n == 0 else ",\n") + json.dumps(json_row(row, columns), ensure_ascii=False, default=str)
    yield "\n]\n"


def write_json(rows: Iterable[dict], columns: dict[str, str], out: IO) -> int:
    n = 0
    for chunk in json_lines(rows, columns):
        out.write(chunk)
        n += chunk.startswith(("\n{", ",\n"))
    return n


def write_jsonl(rows: Iterable[dict], columns: dict[str, str], out: IO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(json_row(row, columns), ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _as_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def arrow_schema(columns: dict[str, str]):
    import pyarrow as pa

    types = {
        "text": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32(),
        "timestamp": pa.timestamp("s", tz="UTC"), "list": pa.list_(pa.string()), "bool": pa.bool_(),
    }  # fmt: skip
    return pa.schema([(c, types[kind]) for c, kind in columns.items()])


def arrow_table(rows: Iterable[dict], columns: dict[str, str]):
    """The rows as an Arrow table with real types: dates, lists, nullable integers."""
    import pyarrow as pa

    convert = {"date": _as_date, "timestamp": _as_timestamp, "list": lambda v: list(v or [])}
    data = [
        {c: convert[kind](row.get(c)) if kind in convert else row.get(c) for c, kind in columns.items()} for row in rows
    ]
    return pa.Table.from_pylist(data, schema=arrow_schema(columns))


def write_parquet(rows: Iterable[dict], columns: dict[str, str], out: IO) -> int:
    import pyarrow.parquet as pq

    table = arrow_table(rows, columns)
    pq.write_table(table, out)
    return table.num_rows
