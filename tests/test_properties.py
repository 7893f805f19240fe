"""Property tests: whatever bytes arrive, every reader yields articles or one-line errors and
never raises, and the cleaning stage turns any text into text without failing — random
bytes, other encodings, NULs, huge lines, deep nesting, truncation, right-to-left and
zero-width characters."""

from __future__ import annotations

import gzip
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tocsin.article import Article, ReadError
from tocsin.pipeline import new_document
from tocsin.sources import read

ODD = ["\u202e", "\u200f", "\u200b", "\ufeff", "\x00", "\u0627\u0644\u062d\u062f\u0648\u062f", "\r", "\u2028", "\ud7ff"]
texts = st.lists(st.one_of(st.text(max_size=60), st.sampled_from(ODD)), max_size=30).map("".join)
EXTENSIONS = ["txt", "html", "jsonl", "json", "warc", "warc.gz", "txt.gz", "noext"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def shapes(text: str, raw: bytes, depth: int) -> list[bytes]:
    """The same content dressed as each input shape, some of them damaged."""
    article = {"text": text, "title": text[:20], "published": text[:10]}
    page = "<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + "</body></html>"
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record("https://invented.example/", "response", payload=io.BytesIO(page.encode()),
                                  http_headers=headers)
    )  # fmt: skip
    warc = buffer.getvalue()
    return [
        raw,
        text.encode("utf-8", "surrogatepass"),
        text.encode("utf-16"),
        text.encode("cp1251", "replace"),
        page.encode(),
        json.dumps(article).encode() + b"\n" + raw + b"\n" + b"[" * depth,
        json.dumps([article, article, "x"]).encode(),
        warc,
        warc[: len(warc) * 2 // 3],
        gzip.compress(warc),
        gzip.compress(warc)[:40],
        b"x" * 70_000 + raw,
    ]


@SETTINGS
@given(text=texts, raw=st.binary(max_size=300), depth=st.integers(min_value=0, max_value=400), cut=st.booleans())
def test_every_reader_yields_articles_or_errors(tmp_path_factory, text, raw, depth, cut):
    folder = tmp_path_factory.mktemp("in")
    for i, data in enumerate(shapes(text, raw, depth)):
        for ext in EXTENSIONS:
            path = folder / (f"f{i}" if ext == "noext" else f"f{i}.{ext}")
            path.write_bytes(data[: len(data) // 2] if cut else data)
    found = list(read([str(folder)], max_bytes=64_000))
    assert found
    for item in found:
        assert isinstance(item, Article | ReadError)
        if isinstance(item, ReadError):
            assert item.reason and "\n" not in item.reason and "Traceback" not in item.reason
        else:
            assert (item.text or item.html or "").strip()
            json.dumps(item.path)  # a path that can be stored


@SETTINGS
@given(text=texts, depth=st.integers(min_value=0, max_value=300), html=st.booleans())
def test_cleaning_turns_any_text_into_text(page_pipeline, text, depth, html):
    body = "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth if html else text
    article = Article(path=None, html=f"<html><body>{body}</body></html>") if html else Article(path=None, text=body)
    doc = new_document(article)
    page_pipeline.prepare([doc])
    assert isinstance(doc.record.text, str)
    assert not (doc.record.analysis and doc.record.analysis.errors), doc.record.analysis
    doc.record.model_dump_json()  # what cleaning leaves can be stored
