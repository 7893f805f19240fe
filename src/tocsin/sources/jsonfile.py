"""JSON files: an array of article objects (or one object, or several in a row).

Each object has the fields of a JSON Lines item (``text`` or ``html``, and ``url``,
``title``, ``published``, ``outlet``). The file is read element by element, so an array
of many articles costs the memory of one; a bad element is reported as ``FILE[INDEX]``
and reading goes on, while JSON that stops parsing ends the file with one error.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import BinaryIO

from tocsin.article import Article, ReadError
from tocsin.registry import reader
from tocsin.sources.jsonl import from_object
from tocsin.sources.text import start

CHUNK = 1 << 16
SPACE = " \t\r\n"


class _Text:
    """A byte stream decoded as UTF-8 into a buffer that is trimmed as values are consumed."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.eof = False

    def more(self) -> bool:
        if self.eof:
            return False
        data = self.stream.read(CHUNK)
        self.eof = not data
        self.buf = self.buf[self.pos :] + self.decoder.decode(data, final=self.eof)
        self.pos = 0
        return True

    def skip_space(self) -> str | None:
        """The next character that is not white space (not consumed), or None at the end."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in SPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return None


@reader("json", extensions=(".json",), sniff=lambda head: start(head).startswith("["), priority=20)
def read(stream: BinaryIO, name: str, path: str | None, max_bytes: int) -> Iterator[Article | ReadError]:
    text = _Text(stream)
    decoder = json.JSONDecoder()
    try:
        first = text.skip_space()
    except UnicodeDecodeError:
        yield ReadError(name, "not valid UTF-8 text")
        return
    in_array = first == "["
    if in_array:
        text.pos += 1
    index = 0
    found = False
    while True:
        try:
            nxt = text.skip_space()
            if nxt is None or (in_array and nxt == "]"):
                break
            while True:
                try:
                    obj, end = decoder.raw_decode(text.buf, text.pos)
                    break
                except json.JSONDecodeError as err:
                    if len(text.buf) - text.pos > max_bytes or not text.more():
                        reason = f"invalid JSON: {err.msg}; the rest of the file was not read"
                        yield ReadError(f"{name}[{index}]", reason)
                        return
                except RecursionError:
                    yield ReadError(f"{name}[{index}]", "JSON nested too deeply; the rest of the file was not read")
                    return
        except UnicodeDecodeError:
            yield ReadError(f"{name}[{index}]", "not valid UTF-8 text; the rest of the file was not read")
            return
        text.pos = end
        found = True
        yield from_object(obj, f"{name}[{index}]", f"{path}#{index}" if path is not None else None)
        index += 1
        if in_array and text.skip_space() == ",":
            text.pos += 1
    if not found:
        yield ReadError(name, "holds no JSON objects")
