"""Calendar dates written out on a page: "June 3, 2025", "3 июня 2025 г.", "2025-06-03",
"03.06.2025", "Tuesday, June 3", "June 3".

The month and weekday names are those of every language in ``data/time.yaml``: a page's
date lines are read before its language is known, and a Russian page may carry English
ones. Used for the lines around the article (date stamps, bylines, datelines); the time
expressions of the article's own prose are the dates stage's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from tocsin.stages.dates import load_vocabulary

# a numeric date, not a part of an address ("site.com/2025/03/13/story" is no date line)
_NUMERIC = re.compile(r"(?<![\d./\w-])(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?![\d/-]|[^\W\dT]|T(?!\d))")
_ORDINAL = r"(?:st|nd|rd|th)?"
READ_KEPT = 512  # texts whose dates are kept (one page's lines, read again by several rules)


@dataclass(frozen=True)
class Written:
    """One written date: where it stands and what it says (``year`` None when not written)."""

    start: int
    end: int
    text: str
    month: int
    day: int
    year: int | None = None
    weekday: int | None = None

    def as_date(self) -> date | None:
        if self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


class WrittenDates:
    def __init__(
        self, months: dict[str, int], weekdays: dict[str, int], year_suffixes: list[str], capitalised: set[str]
    ):
        self.months = {k.lower(): v for k, v in months.items()}
        self.capitalised = {k.lower() for k in capitalised}  # names written with a capital only
        self.weekdays = {k.lower(): v for k, v in weekdays.items()}
        mon = rf"(?P<mon>{_alternation(self.months)})\.?"
        wd = rf"(?:(?P<wd>{_alternation(self.weekdays)})\.?,?\s+)?"
        day = rf"(?P<day>[0-3]?\d){_ORDINAL}"
        suffix = rf"(?:\s*(?:{_alternation(year_suffixes)})(?!\w))?" if year_suffixes else ""
        year = rf"(?P<year>(?:19|20)\d\d){suffix}"
        b, e = r"(?<!\w)", r"(?!\w)"
        self._with_year = [
            re.compile(rf"{b}{wd}{day}\s+(?:of\s+)?{mon},?\s+{year}{e}", re.IGNORECASE),
            re.compile(rf"{b}{wd}{mon}\s+{day},?\s+{year}{e}", re.IGNORECASE),
        ]
        self._without_year = [
            re.compile(rf"{b}{wd}{day}\s+(?:of\s+)?{mon}{e}(?!,?\s*\d)", re.IGNORECASE),
            re.compile(rf"{b}{wd}{mon}\s+{day}{e}(?!,?\s*\d)", re.IGNORECASE),
        ]
        self._weekday = re.compile(rf"{b}(?P<wd>{_alternation(self.weekdays)}){e}", re.IGNORECASE)
        # the last texts read: a page's body and header lines are read by several rules
        self._read: dict[tuple[str, str], tuple[Written, ...]] = {}

    def full(self, text: str) -> list[Written]:
        """Dates with day, month and year, in text order (ambiguous 04/05/2025 left out)."""
        return self._once("full", text)

    def day_month(self, text: str) -> list[Written]:
        """Day and month without a year ("June 3", "Tuesday, 3 June"), in text order."""
        return self._once("day_month", text)

    def _once(self, kind: str, text: str) -> list[Written]:
        found = self._read.get((kind, text))
        if found is None:
            if len(self._read) >= READ_KEPT:
                self._read.clear()
            found = self._read[kind, text] = tuple(self._full(text) if kind == "full" else self._day_month(text))
        return list(found)

    def _full(self, text: str) -> list[Written]:
        found = [w for p in self._with_year for m in p.finditer(text) if (w := self._named(m, True))]
        for m in _NUMERIC.finditer(text):
            if (w := _numeric(m)) is not None:
                found.append(w)
        return _first_of_overlaps(found)

    def _day_month(self, text: str) -> list[Written]:
        taken = [(w.start, w.end) for w in self.full(text)]
        found = [
            w
            for p in self._without_year
            for m in p.finditer(text)
            if (w := self._named(m, False)) and not any(s < w.end and w.start < e for s, e in taken)
        ]
        return _first_of_overlaps(found)

    def weekdays_in(self, text: str) -> list[int]:
        """The weekdays named in a text, in order (capitalised or not: "в понедельник")."""
        return [self.weekdays[m.group("wd").lower()] for m in self._weekday.finditer(text)]

    def _named(self, m: re.Match[str], with_year: bool) -> Written | None:
        mon = m.group("mon")
        if mon[0].islower() and mon.lower() in self.capitalised:
            return None  # "3 may apply": an English month needs its capital
        wd = m.group("wd")
        w = Written(
            m.start(),
            m.end(),
            m.group(0),
            self.months[mon.lower()],
            int(m.group("day")),
            int(m.group("year")) if with_year else None,
            self.weekdays[wd.lower()] if wd else None,
        )
        if not 1 <= w.day <= 31 or (with_year and w.as_date() is None):
            return None
        return w


def _numeric(m: re.Match[str]) -> Written | None:
    """ISO ``2025-04-02``; dotted ``02.04.2025`` is day first; slashed only when unambiguous."""
    a, sep, b, c = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
    if len(m.group(1)) == 4:
        y, mo, d = a, b, c
    elif len(m.group(4)) != 4:
        return None
    elif sep == "." or (sep == "/" and a > 12) or (sep == "-" and a > 12):
        d, mo, y = a, b, c
    elif sep == "/" and b > 12:
        mo, d, y = a, b, c
    else:
        return None  # 04/05/2025: April or May
    w = Written(m.start(), m.end(), m.group(0), mo, d, y)
    return w if 1900 <= y <= 2099 and w.as_date() is not None else None


def _first_of_overlaps(found: list[Written]) -> list[Written]:
    kept: list[Written] = []
    for w in sorted(found, key=lambda w: (w.start, -(w.end - w.start))):
        if not kept or w.start >= kept[-1].end:
            kept.append(w)
    return kept


@cache
def written_dates(data: Path) -> WrittenDates:
    """The reader over every language's month and weekday names in ``data/time.yaml``."""
    vocab = load_vocabulary(Path(data) / "time.yaml")
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    suffixes: list[str] = []
    capitalised: set[str] = set()
    for section in vocab.values():
        if section.get("capitalised_names", False):
            capitalised.update(str(k) for k in section.get("months") or {})
        months.update({str(k): int(v) for k, v in (section.get("months") or {}).items()})
        weekdays.update({str(k): int(v) for k, v in (section.get("weekdays") or {}).items()})
        suffixes += [str(s) for s in section.get("year_suffixes") or ()]
    return WrittenDates(months, weekdays, suffixes, capitalised)
