"""Printing query results on the command line: a table for people, JSON or CSV for tools."""

from __future__ import annotations

import csv
import json
import sys
from typing import IO

from rich.console import Console
from rich.table import Table

FORMATS = ("table", "json", "csv")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def emit(rows: list[dict], columns: list[str], fmt: str, console: Console, noun: str, out: IO | None = None) -> None:
    """Print ``rows``: a table of ``columns`` with a count of ``noun``, every field as JSON
    (one array), or ``columns`` as CSV (lists joined with "; ")."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _cell(r.get(c)) for c in columns} for r in rows)
    else:
        table = Table(*columns)
        for r in rows:
            table.add_row(*[_cell(r.get(c)) for c in columns])
        console.print(table)
        console.print(f"{len(rows)} {noun}")
