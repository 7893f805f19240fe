"""The readers: each format read correctly, and each kind of bad input one clear error, then onwards."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tocsin.article import Article, ReadError
from tocsin.sources import read

STORY = "Dushanbe, 3 March 2025. Border troops reported a quiet night on the river crossing.\n"
PAGE = (
    "<!DOCTYPE html><html><head><title>Quiet night</title>"
    '<link rel="canonical" href="https://news.example.org/quiet-night">'
    "</head><body><nav>Home | World</nav><p>Border troops reported a quiet night.</p></body></html>"
)


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def errors(items):
    return [x for x in items if isinstance(x, ReadError)]


def write_warc(path, pages, *, gz=True, wet_texts=()):
    """A small archive: one request, response pair per page and one conversion record per text."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, body, content_type in pages:
            request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(url, "request", payload=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
        for url, body in wet_texts:
            record = writer.create_warc_record(
                url, "conversion", payload=io.BytesIO(body.encode()), warc_content_type="text/plain"
            )
            writer.write_record(record)


# --- each format ------------------------------------------------------------------------------


def test_plain_text_keeps_furniture_and_normalises_newlines(tmp_path):
    f = tmp_path / "story.txt"
    f.write_bytes(("• Home\r\n" + STORY + "Share this article\r\n").encode())
    [a] = read([str(f)])
    assert a == Article(path=str(f), text="• Home\n" + STORY + "Share this article\n")


def test_html_page_with_canonical_url(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    [a] = read([str(f)])
    assert a.html == PAGE and a.text is None
    assert a.url == "https://news.example.org/quiet-night"


def test_html_og_url_and_declared_charset(tmp_path):
    page = (
        '<html><head><meta charset="windows-1251"><meta property="og:url" content="https://ex.org/a?b=1&amp;c=2">'
        "</head><body><p>Граница</p></body></html>"
    )
    f = tmp_path / "page.htm"
    f.write_bytes(page.encode("cp1251"))
    [a] = read([str(f)])
    assert "Граница" in a.html
    assert a.url == "https://ex.org/a?b=1&c=2"


def test_html_is_sniffed_without_extension(tmp_path):
    f = tmp_path / "saved_page"
    f.write_text("\n  " + PAGE)
    [a] = read([str(f)])
    assert a.html is not None and a.url.endswith("quiet-night")


def test_jsonl_one_article_per_line_with_metadata(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [
        {"text": STORY, "url": "https://ex.org/1", "title": "Quiet", "published": "2025-03-03", "outlet": "X"},
        {"html": PAGE},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    a, b = read([str(f)])
    assert a == Article(
        path=f"{f}#1", text=STORY, url="https://ex.org/1", title="Quiet", published="2025-03-03", outlet="X"
    )
    assert b.path == f"{f}#2" and b.html == PAGE


def test_jsonl_gz_and_ndjson(tmp_path):
    body = json.dumps({"text": STORY}) + "\n"
    gz = tmp_path / "feed.jsonl.gz"
    gz.write_bytes(gzip.compress(body.encode()))
    nd = tmp_path / "feed.ndjson"
    nd.write_text(body)
    assert [a.text for a in read([str(gz), str(nd)])] == [STORY, STORY]


def test_warc_html_responses(tmp_path):
    f = tmp_path / "crawl.warc.gz"
    write_warc(
        f,
        [
            ("https://ex.org/a", PAGE.encode(), "text/html; charset=utf-8"),
            ("https://ex.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
            ("https://ex.org/b", "<p>Вторая</p>".encode("cp1251"), "text/html; charset=cp1251"),
        ],
    )
    got = list(read([str(f)]))
    assert [type(x) for x in got] == [Article, Article]  # the image and the requests are not articles
    assert got[0].url == "https://ex.org/a" and got[0].html == PAGE
    assert got[0].published is None  # the crawl date is not a publication date
    assert "Вторая" in got[1].html
    assert got[0].path.startswith(f"{f}#urn:uuid:") and got[0].path != got[1].path


def test_wet_conversion_records(tmp_path):
    f = tmp_path / "crawl.wet"
    write_warc(f, [], gz=False, wet_texts=[("https://ex.org/a", STORY), ("https://ex.org/b", "Second story.")])
    got = list(read([str(f)]))
    assert [a.text for a in got] == [STORY, "Second story."]
    assert got[1].url == "https://ex.org/b"


# --- where the items come from ----------------------------------------------------------------


def test_directory_recursive_sorted_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text("two")
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / "c.txt").write_text("three")
    (tmp_path / "d").write_text("four, without an extension")
    (tmp_path / "README.md").write_text("not an article")
    (tmp_path / "make.py").write_text("print('not an article')")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / ".git" / "config.txt").write_text("hidden")
    assert [a.text for a in read([str(tmp_path)])] == ["one", "two", "three", "four, without an extension"]


def test_empty_directory_is_reported(tmp_path):
    assert [e.reason for e in read([str(tmp_path)])] == ["directory holds no article files"]


def test_glob(tmp_path):
    for name in ("b.txt", "a.txt", "c.html"):
        (tmp_path / name).write_text(name)
    got = list(read([str(tmp_path / "*.txt"), str(tmp_path / "*.nothing")]))
    assert [a.text for a in articles(got)] == ["a.txt", "b.txt"]
    assert [e.reason for e in errors(got)] == ["no file matches this pattern"]


def stdin_with(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_text(monkeypatch):
    stdin_with(monkeypatch, STORY.encode())
    assert list(read(["-"])) == [Article(path=None, text=STORY)]


def test_stdin_json_lines(monkeypatch):
    stdin_with(monkeypatch, b'\n  {"text": "one"}\n{"text": "two", "url": "https://ex.org/2"}\n')
    got = list(read(["-"]))
    assert [(a.path, a.text) for a in got] == [(None, "one"), (None, "two")]


def test_stdin_html(monkeypatch):
    stdin_with(monkeypatch, PAGE.encode())
    [a] = read(["-"])
    assert a.path is None and a.html == PAGE


def test_stdin_gzipped_archive(monkeypatch, tmp_path):
    f = tmp_path / "crawl.warc.gz"
    write_warc(f, [("https://ex.org/a", PAGE.encode(), "text/html")])
    stdin_with(monkeypatch, f.read_bytes())
    [a] = read(["-"])
    assert a.path is None and a.url == "https://ex.org/a" and a.html == PAGE


# --- bad input: one clear error each, and reading goes on -------------------------------------


def read_with_neighbours(tmp_path, bad, **kwargs):
    """Read ``bad`` between two good files; return the bad item's results, checking the rest were read."""
    first, last = tmp_path / "first.txt", tmp_path / "last.txt"
    first.write_text("first")
    last.write_text("last")
    got = list(read([str(first), str(bad), str(last)], **kwargs))
    assert got[0].text == "first" and got[-1].text == "last"
    return got[1:-1]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "holds only white space"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "binary data, not text"),
        (bytes(range(1, 32)) * 20, "binary data, not text"),
        (b"\x81\x8d\x8f\x90 \x9d\xfe\xff x", "not valid UTF-8 text, and no other encoding can be told with confidence"),
    ],
    ids=["empty", "whitespace", "zip", "control-codes", "undecodable"],
)
def test_bad_text_file(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert read_with_neighbours(tmp_path, bad) == [ReadError(str(bad), reason)]


def test_legacy_encodings_only_when_clear(tmp_path):
    russian, western = tmp_path / "ru.txt", tmp_path / "fr.txt"
    russian.write_bytes("Пограничники усилили охрану участка".encode("cp1251"))
    western.write_bytes("Le président a visité la frontière – «calme».".encode("cp1252"))
    assert [a.text for a in read([str(russian), str(western)])] == [
        "Пограничники усилили охрану участка",
        "Le président a visité la frontière – «calme».",
    ]


def test_utf8_bom_and_utf16(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    b.write_bytes(STORY.encode("utf-16"))
    assert [x.text for x in read([str(a), str(b)])] == [STORY, STORY]


def test_missing_path(tmp_path):
    missing = tmp_path / "missing.txt"
    assert read_with_neighbours(tmp_path, missing) == [ReadError(str(missing), "no such file or directory")]


def test_broken_symlink(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert read_with_neighbours(tmp_path, link) == [ReadError(str(link), "no such file or directory")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    bad = tmp_path / "locked.txt"
    bad.write_text("secret")
    bad.chmod(0)
    assert read_with_neighbours(tmp_path, bad) == [ReadError(str(bad), "permission denied")]


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 300)
    [error] = read_with_neighbours(tmp_path, big, max_bytes=1000)
    assert error.item == str(big) and "1,000-byte limit" in error.reason


def test_default_limit_refuses_a_six_mib_page(tmp_path):
    big = tmp_path / "big.html"
    big.write_text("<html><body>" + "<p>word</p>" * 600_000 + "</body></html>")
    [error] = read([str(big)])
    assert "5,242,880-byte limit" in error.reason


def test_one_megabyte_single_line_is_read(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("border " * 150_000)
    [a] = read_with_neighbours(tmp_path, long)
    assert len(a.text) == 1_050_000


def test_truncated_gzip_text(tmp_path):
    bad = tmp_path / "story.txt.gz"
    bad.write_bytes(gzip.compress(STORY.encode() * 50)[:-20])
    [error] = read_with_neighbours(tmp_path, bad)
    assert error.item == str(bad) and "truncated gzip" in error.reason


def test_gzip_bomb_is_read_within_the_limit(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb") as out:
        for _ in range(64):
            out.write(b"a" * (1 << 20))  # 64 MiB inflated, about 64 KiB on disk
    [error] = read_with_neighbours(tmp_path, bomb)
    assert "byte limit" in error.reason


def test_jsonl_bad_line_in_the_middle(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text(
        '{"text": "one"}\n'
        '{"text": "two", oops}\n'
        "\n"
        '["not", "an", "object"]\n'
        '{"title": "no body"}\n'
        '{"text": "five", "url": 5}\n' + "[" * 100_000 + "\n" + '{"text": "last"}\n'
    )
    got = list(read([str(f)]))
    assert [(a.path, a.text) for a in articles(got)] == [(f"{f}#1", "one"), (f"{f}#8", "last")]
    assert [(e.item, e.reason.split(":")[0]) for e in errors(got)] == [
        (f"{f}:2", "invalid JSON"),
        (f"{f}:4", "expected a JSON object, found list"),
        (f"{f}:5", "no non-empty 'text' or 'html' field"),
        (f"{f}:6", "field 'url' must be a string"),
        (f"{f}:7", "JSON nested too deeply"),
    ]


def test_jsonl_line_over_the_limit_is_skipped(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "' + "x" * 5000 + '"}\n{"text": "next"}\n')
    got = list(read([str(f)], max_bytes=1000))
    assert got[0].item == f"{f}:1" and "1,000-byte limit" in got[0].reason
    assert got[1].text == "next"


def test_jsonl_truncated_gzip_keeps_lines_read(tmp_path):
    f = tmp_path / "feed.jsonl.gz"
    body = "".join(json.dumps({"text": f"story {i} " + "word " * 50}) + "\n" for i in range(200))
    data = gzip.compress(body.encode())
    f.write_bytes(data[: len(data) // 2])
    got = list(read([str(f)]))
    assert len(articles(got)) > 10
    assert got[-1].item == str(f) and "truncated gzip" in got[-1].reason


def test_warc_truncated_keeps_records_read(tmp_path):
    f = tmp_path / "crawl.warc.gz"
    body = ("<html><body><p>" + "word " * 3000 + "</p></body></html>").encode()
    write_warc(f, [(f"https://ex.org/{i}", body, "text/html") for i in range(3)])
    f.write_bytes(f.read_bytes()[:-100])  # inside the last gzip member, the third response
    got = read_with_neighbours(tmp_path, f)
    assert len(articles(got)) == 2
    assert got[-1].item == str(f) and "truncated gzip" in got[-1].reason


def test_warc_uncompressed_truncated_inside_a_record(tmp_path):
    f = tmp_path / "crawl.warc"
    body = ("<html><body><p>" + "word " * 3000 + "</p></body></html>").encode()
    write_warc(f, [(f"https://ex.org/{i}", body, "text/html") for i in range(2)], gz=False)
    f.write_bytes(f.read_bytes()[:-500])
    got = list(read([str(f)]))
    assert isinstance(got[0], Article)
    assert got[-1].item == str(f) and "ends inside a record" in got[-1].reason


def test_not_a_warc(tmp_path):
    f = tmp_path / "fake.warc"
    f.write_text("plain note\n")
    [error] = read_with_neighbours(tmp_path, f)
    assert "not a readable WARC archive" in error.reason


def test_never_raises_on_a_directory_of_junk(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(b"\xff\xfe\x00{{{")
    (tmp_path / "b.warc.gz").write_bytes(b"\x1f\x8b" + os.urandom(300))
    (tmp_path / "c.html").write_bytes(b"<html><body>   </body></html>")
    (tmp_path / "d").write_bytes(os.urandom(2000))
    got = list(read([str(tmp_path)]))
    assert got and all(isinstance(x, ReadError) for x in got)
    assert all(x.reason for x in got)
