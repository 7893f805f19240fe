"""Keeping what was fetched, for provenance: each article page appended to a WARC file
(gzip-compressed per record) as a ``response`` record with its HTTP status and headers."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tocsin.watch.fetch import Fetched

# Headers that describe the bytes on the wire, not the decoded body the record holds.
_WIRE = {"content-encoding", "transfer-encoding", "content-length"}


def append(path: Path, got: Fetched) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    headers = [(k, v) for k, v in got.headers.items() if k not in _WIRE]
    headers.append(("Content-Length", str(len(got.content))))
    status = StatusAndHeaders(f"{got.status} OK", headers, protocol="HTTP/1.1")
    with path.open("ab") as fh:
        writer = WARCWriter(fh, gzip=True)
        record = writer.create_warc_record(got.url, "response", payload=io.BytesIO(got.content), http_headers=status)
        writer.write_record(record)
