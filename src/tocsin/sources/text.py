"""Plain-text scrapes, and the byte-to-text decoding that every text format shares.

A scrape is kept whole, page furniture included: removing menus and share buttons is
the clean stage's job. Decoding is strict: UTF-8 (with or without a BOM) or UTF-16 with
a BOM; otherwise a declared charset; otherwise a legacy code page only when the bytes
leave no doubt. Anything else is refused rather than silently garbled.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from tocsin.article import Article, ReadError
from tocsin.registry import reader

# How much of the start of an item is inspected to tell text from binary data.
SNIFF_BYTES = 8192
# Control characters (other than tab, newlines, form feed, escape) that make data look binary.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_WESTERN_MARKS = set("‘’‚“”„–—…«»‹›©®™°±·•€£¥§¶¢¿¡×÷")


class NotText(ValueError):
    """Raised by ``decode`` with a one-line reason for the user."""


def looks_binary(head: bytes) -> bool:
    """True for data that is not text: NUL bytes, or more than one byte in ten a control code."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > len(head) / 10


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text, or ``NotText`` saying why not. ``declared`` is a charset the container names."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if looks_binary(data[:SNIFF_BYTES]):
        raise NotText("binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in (_known(declared), _legacy_guess(data)):
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise NotText("not valid UTF-8 text, and no other encoding can be told with confidence")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise NotText(f"not valid {encoding.upper()} text (bad byte at offset {err.start})") from None


def _known(name: str | None) -> str | None:
    """A charset label from the container, if Python knows it (Latin-1 is read as its superset cp1252)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _legacy_guess(data: bytes) -> str | None:
    """cp1251 or cp1252, but only when the non-ASCII bytes clearly belong to one of them.

    Russian or Tajik text in cp1251 has long runs of high bytes that all read as Cyrillic;
    Western text in cp1252 has isolated high bytes that read as accented letters or
    typographic punctuation. Everything in between is left undecided.
    """
    runs = _HIGH_RUN.findall(data)
    if not runs:
        return None
    high = b"".join(runs)
    mean_run = len(high) / len(runs)
    cyrillic = high.decode("cp1251", errors="replace")
    letters = sum("\u0400" <= c <= "\u04ff" for c in cyrillic)
    lower = sum("а" <= c <= "я" or c == "ё" for c in cyrillic)  # most letters of running text
    if mean_run >= 3 and letters >= 0.95 * len(cyrillic) and lower >= 0.6 * len(cyrillic):
        return "cp1251"
    western = high.decode("cp1252", errors="replace")
    if mean_run < 2 and all(c.isalpha() or c.isspace() or c in _WESTERN_MARKS for c in western):
        return "cp1252"
    return None


def article(data: bytes, path: str | None, item: str) -> Article | ReadError:
    """One plain-text file's bytes as an article (newlines normalised), or why not."""
    try:
        text = decode(data)
    except NotText as err:
        return ReadError(item, str(err))
    if not text.strip():
        return ReadError(item, "empty file" if not text else "holds only white space")
    return Article(path=path, text=text.replace("\r\n", "\n").replace("\r", "\n"))


def start(head: bytes) -> str:
    """The first characters of a file's head, decoded leniently, leading white space and BOM gone."""
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    return head.decode("utf-16" if utf16 else "utf-8", errors="ignore").lstrip("\ufeff \t\r\n")


def whole(stream: BinaryIO, name: str, max_bytes: int) -> bytes | ReadError:
    """A stream's bytes, or an error when there are more than ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return ReadError(name, f"larger than the {max_bytes:,}-byte limit per article")
    return data


@reader("text", extensions=(".txt", ".text"), sniff=lambda head: True, priority=-100)
def read(stream: BinaryIO, name: str, path: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    """One plain-text file; also what any file no other reader recognises is read as."""
    data = whole(stream, name, max_bytes)
    yield data if isinstance(data, ReadError) else article(data, path, name)
