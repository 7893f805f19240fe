"""The bundled sample corpus: every file reads cleanly and holds what its README promises."""

from __future__ import annotations

from pathlib import Path

from tocsin.article import Article, ReadError
from tocsin.sources import read

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_every_sample_reads_without_error():
    got = list(read([str(SAMPLES)]))
    assert [x for x in got if isinstance(x, ReadError)] == []
    assert len(got) == 16


def test_each_format_is_represented():
    got = list(read([str(SAMPLES)]))
    paths = [a.path for a in got]
    assert sum(p.endswith(".txt") for p in paths) == 8
    assert sum(p.endswith(".html") for p in paths) == 3
    assert sum("feed.jsonl#" in p for p in paths) == 3
    assert sum("archive.warc.gz#" in p for p in paths) == 2


def test_pages_and_archive_records_carry_their_urls():
    for article in read([str(SAMPLES / "*.html"), str(SAMPLES / "archive.warc.gz")]):
        assert isinstance(article, Article)
        assert article.url and article.url.startswith("https://") and ".example/" in article.url


def test_feed_lines_carry_their_metadata():
    for article in read([str(SAMPLES / "feed.jsonl")]):
        assert article.title and article.published.startswith("2025-")
        assert article.outlet.endswith("(sample outlet)")


def test_every_article_says_it_is_invented():
    for article in read([str(SAMPLES)]):
        assert "Invented article for demonstrations and tests; not real news." in (article.text or article.html)


def test_the_readme_and_script_are_not_read_as_articles():
    paths = [a.path for a in read([str(SAMPLES)])]
    assert not any(p.endswith((".md", ".py")) for p in paths)
