"""The one set of filters every list understands, checked before anything reaches SQL.

A filter value comes from a person (a CLI option, a query parameter, a dashboard field,
a notebook): each is checked here, once, and a value that does not parse is a
``ValueError`` whose message says in words what was expected. Every value then reaches
SQL as a bound parameter.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, FunctionElement, Table, Text
from sqlalchemy.ext.compiler import compiles

from tocsin.record import EVENT_TYPES
from tocsin.store import schema

ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def contains(column: ColumnElement[Any], word: str) -> ColumnElement[bool]:
    """Case-insensitive substring match; ``%`` and ``_`` in the word match themselves."""
    return column.icontains(word, autoescape=True)


def lists(column: ColumnElement[Any], item: str) -> ColumnElement[bool]:
    """A JSON-list column holds exactly this item."""
    return column.contains(json.dumps(item), autoescape=True)


SIDES = schema.SIDES  # where an actor is named


class SidesText(FunctionElement[str]):
    """The four columns naming a row's sides (``SIDES``) as one text, joined by a control
    character: a word matches inside it exactly when it matches inside one of them, since a
    filter value never holds a control character (``Filter`` refuses them). On PostgreSQL
    this is the expression of one trigram index (``store/setup.py``), read once instead of
    four indexes; SQLite reads it row by row, as it reads the four columns."""

    type = Text()
    inherit_cache = True


def sides_sql(columns: tuple[str, ...] = SIDES, separator: str = "chr(1)") -> str:
    """``SidesText`` written in SQL, as the index spells it (``columns``: the four, named as
    the statement names them)."""
    return "(" + f" || {separator} || ".join(f"coalesce({column}, '')" for column in columns) + ")"


@compiles(SidesText)
def _sides_sqlite(element: SidesText, compiler: Any, **kw: Any) -> str:
    return sides_sql(tuple(compiler.process(c, **kw) for c in element.clauses), separator="char(1)")


@compiles(SidesText, "postgresql")
def _sides_postgresql(element: SidesText, compiler: Any, **kw: Any) -> str:
    return sides_sql(tuple(compiler.process(c, **kw) for c in element.clauses))


def names_actor(table: Table, actor: str) -> ColumnElement[bool]:
    """An events- or stories-shaped table names the actor (by id or part of a name) on either side."""
    return contains(SidesText(*(table.c[column] for column in SIDES)), actor)


def check_date(value: str | None, name: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and a real one (no 2025-13 or 2025-02-30)."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not ISO_DATE.match(value):
        raise ValueError(
            f"{name} must be a date written YYYY, YYYY-MM or YYYY-MM-DD (for example 2025-07), not {value!r}"
        )
    parts = [int(p) for p in value.split("-")]
    if not 1000 <= parts[0] <= 2999:  # periods are counted past a date: a year 9999 leaves nowhere to count to
        raise ValueError(f"{name} {value!r} is outside the years 1000-2999")
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a day of the calendar") from None
    return value


@lru_cache(maxsize=512)
def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-3 code from a code (``tjk``) or an English name (``Tajikistan``)."""
    import pycountry

    text = value.strip()
    if ISO3.match(text.upper()) and pycountry.countries.get(alpha_3=text.upper()):
        return text.upper()
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        pass
    matches = [c for c in pycountry.countries if text.lower() in getattr(c, "common_name", c.name).lower()]
    if len(matches) == 1:
        return matches[0].alpha_3
    if ISO3.match(text.upper()):  # a code pycountry lacks (XKX) is still a code
        return text.upper()
    raise ValueError(f"country must be a country name or its ISO 3166-1 alpha-3 code (TJK), not {value!r}")


def event_type(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().upper()
    if value not in EVENT_TYPES:
        raise ValueError(f"unknown event type {value!r}; PLOVER types are {', '.join(EVENT_TYPES)}")
    return value


@dataclass
class Filter:
    """What to keep. Each list reads the fields that make sense for it."""

    actor: str | None = None  # actor id, or part of a name
    country: str | None = None  # ISO-3 code (a country name is accepted and resolved)
    type: str | None = None  # PLOVER event type
    since: str | None = None  # YYYY[-MM[-DD]]
    until: str | None = None  # YYYY[-MM[-DD]]; a month or a year includes all of it
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    doc_id: str | None = None
    story_id: str | None = None
    outlet: str | None = None  # the publishing outlet (or web domain), exactly
    q: str | None = None  # words to find (all of them)
    located: bool | None = None  # events: only those with (True) or without (False) coordinates

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
                    raise ValueError(f"{f.name} contains control characters")
                setattr(self, f.name, value.strip() or None)
        self.type = event_type(self.type)
        if self.country:
            self.country = country_code(self.country)
        self.since = check_date(self.since, "since")
        self.until = check_date(self.until, "until")
        if self.since and self.until and self.since > self.until + "~":
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        if self.bbox is not None:
            box = tuple(float(x) for x in self.bbox)
            if len(box) != 4 or not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
                raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within the world")
            self.bbox = box

    def given(self) -> dict[str, object]:
        """The fields that are set, for messages and links."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


FIELDS = tuple(f.name for f in fields(Filter))


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` as four numbers."""
    if value is None or not value.strip():
        return None
    try:
        parts = tuple(float(x) for x in value.split(","))
    except ValueError:
        raise ValueError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if len(parts) != 4 or any(x != x or x in (float("inf"), float("-inf")) for x in parts):
        raise ValueError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat")
    return parts
