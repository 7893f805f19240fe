"""CSV downloads of event and story lists, streamed so a large list never sits in memory.

Cells come from articles, so a text cell that a spreadsheet would read as a formula
(``=``, ``+``, ``-``, ``@`` first) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from fastapi.responses import StreamingResponse

EVENT_COLUMNS = [
    "id", "doc_id", "date", "type", "mode", "cameo", "status", "confidence", "intensity",
    "source_names", "source_ids", "source_country", "target_names", "target_ids", "target_country",
    "place_name", "place_id", "lat", "lon", "killed", "injured", "size", "story_id", "evidence",
]  # fmt: skip

STORY_COLUMNS = [
    "id", "day", "date", "quad_class", "type", "mode", "cameo", "status", "source_names", "source_country",
    "target_names", "target_country", "place_name", "place_id", "lat", "lon", "killed", "injured", "intensity",
    "confidence", "n_events", "n_articles", "n_original", "n_sources", "first_reported", "last_reported", "headline",
]  # fmt: skip

CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "A list page"}}


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _lines(rows: Iterable[dict], columns: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow([_cell(row.get(c)) for c in columns])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class CSVResponse(StreamingResponse):
    media_type = "text/csv"


def csv_response(rows: Iterable[dict], columns: list[str], name: str) -> CSVResponse:
    return CSVResponse(
        _lines(rows, columns),
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
