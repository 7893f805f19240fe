"""Exporters: every way a store can be written out, found by name in one registry.

An exporter writes (part of) a store to a stream and says how many items it wrote. The
built-ins are the document records as JSON Lines, each flat table (``exports/tables.py``)
as CSV, JSON and Parquet (``events-csv``, ``stories-parquet``...), GeoJSON and GraphML.
Another package adds a format through the ``tocsin.exporters`` entry-point group::

    [project.entry-points."tocsin.exporters"]
    kml = "my_plugin.kml:exporter"     # an ``Exporter``

``tocsin export --format NAME``, ``tocsin.open(...).export(NAME, ...)`` and the API's downloads
all look formats up here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO

from tocsin.query import Filter
from tocsin.record import DocumentRecord
from tocsin.registry import Registry
from tocsin.store import Store

Write = Callable[..., int]  # write(store, out, flt, **options) -> items written


@dataclass(frozen=True)
class Exporter:
    name: str
    write: Write
    description: str
    binary: bool = False  # writes bytes (Parquet), else text
    media_type: str = "text/plain"
    suffix: str = ".txt"


EXPORTERS: Registry[Exporter] = Registry("tocsin.exporters")


def register(exporter: Exporter) -> Exporter:
    return EXPORTERS.register(exporter.name, exporter)


def get(name: str) -> Exporter:
    """The exporter called ``name``; a KeyError naming the known ones otherwise."""
    return EXPORTERS.get(name)


def names() -> list[str]:
    return list(EXPORTERS)


# -- built-ins ----------------------------------------------------------------------------------
def write_records(store: Store, out: IO, flt: Filter | None = None) -> int:
    """The document records, as the contract defines them, one JSON object per line."""
    records: Iterable[DocumentRecord | None]
    if flt and flt.given():
        from tocsin.query import iter_documents

        records = (store.get(row["id"]) for row in iter_documents(store, flt))
    else:
        records = store.records()
    n = 0
    for record in records:
        if record is not None:
            out.write(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) + "\n")
            n += 1
    return n


def _table_exporter(table_name: str, fmt: str) -> Exporter:
    from tocsin.exports import writers
    from tocsin.exports.tables import TABLES

    table = TABLES[table_name]
    write_rows = {"csv": writers.write_csv, "json": writers.write_json, "parquet": writers.write_parquet}[fmt]

    def write(store: Store, out: IO, flt: Filter | None = None, **options) -> int:
        return write_rows(table.rows(store, flt or Filter(), **options), table.columns, out)

    media = {"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet"}[fmt]
    return Exporter(f"{table_name}-{fmt}", write, f"{table.description}, as {fmt.upper()}", fmt == "parquet", media,
                    f".{fmt}")  # fmt: skip


def _geojson(store: Store, out: IO, flt: Filter | None = None) -> int:
    from tocsin.exports.geo import write_geojson

    return write_geojson(store, out, flt)


def _graphml(store: Store, out: IO, flt: Filter | None = None) -> int:
    from tocsin.exports.network import write_graphml

    return write_graphml(store, out, flt)


def _register_builtins() -> None:
    from tocsin.exports.tables import TABLES

    register(Exporter("jsonl", write_records, "the document records (the contract), one per line", False,
                      "application/x-ndjson", ".jsonl"))  # fmt: skip
    for table in TABLES:
        for fmt in ("csv", "json", "parquet"):
            register(_table_exporter(table, fmt))
    register(Exporter("geojson", _geojson, "located events and known places as points", False,
                      "application/geo+json", ".geojson"))  # fmt: skip
    register(Exporter("graphml", _graphml, "the actor network (edges count stories)", False,
                      "application/graphml+xml", ".graphml"))  # fmt: skip


_register_builtins()
