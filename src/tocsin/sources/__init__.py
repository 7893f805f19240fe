"""Readers: one per input format, each yielding ``Article`` or ``ReadError``, streaming."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from tocsin.article import Article, ReadError


def read(paths: Iterable[str]) -> Iterator[Article | ReadError]:
    """Minimal reader for plain-text files while the full set of readers is written."""
    for p in paths:
        for f in sorted(Path(p).rglob("*")) if Path(p).is_dir() else [Path(p)]:
            if f.is_file():
                yield Article(path=str(f), text=f.read_text(encoding="utf-8", errors="replace"))
