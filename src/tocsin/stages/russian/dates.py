"""Time expressions in Russian text, resolved against the publication date.

Writes ``doc.timexes`` as the English dates stage does, from the vocabulary of
``data/ru/time.yaml``: full dates ("22 октября 2021 года", "10.02.2026"), a day and month
("19 мая": the publication's year, or the year before when that day would be after
publication), ranges ("с 18 по 23 октября"), months ("в ноябре прошлого года", "в августе
2021 года"), years ("в 2021 году"), weekdays ("в понедельник": the last such day up to the
publication) and relative words ("вчера", "на прошлой неделе", "в прошлом году"). As the
guidelines say, no year in the text and no publication date means no date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tocsin.document import Document, Timex
from tocsin.registry import stage

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

WORD = r"[А-Яа-яЁё]+"
AHEAD_MONTHS = 3
Adder = Callable[[int, int, str | None], None]  # records one time expression: its span and value


def parse_published(value: str | None) -> tuple[int, int | None, int | None] | None:
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return None
    return nums[0], nums[1] if len(nums) > 1 else None, nums[2] if len(nums) > 2 else None


class Resolver:
    def __init__(self, vocab: dict[str, Any], published: str | None):
        self.v = vocab
        self.pub = parse_published(published)
        self.months: dict[str, int] = vocab.get("months") or {}
        self.may = {w.lower() for w in vocab.get("may_forms") or []}
        self.years = "|".join(sorted((re.escape(w) for w in vocab.get("year_words") or []), key=len, reverse=True))

    def month(self, word: str) -> int | None:
        low = word.lower().replace("ё", "е")
        for stem, number in sorted(self.months.items(), key=lambda kv: -len(kv[0])):
            if low.startswith(stem) and (number != 5 or low in self.may):
                return number
        return None

    def year_for(self, month: int, day: int | None = None) -> int | None:
        """The year of a day or month the text gives without one: the publication's, or the
        year before when that would put it more than a season after publication (news looks
        ahead a few months at most: "учения состоятся с 18 по 23 октября")."""
        if self.pub is None:
            return None
        y, m, _ = self.pub
        if m is None:
            return None
        return y - 1 if month - m > AHEAD_MONTHS else y

    def find(self, text: str) -> list[Timex]:
        out: list[Timex] = []
        taken: list[tuple[int, int]] = []

        def add(start: int, end: int, value: str | None, end_value: str | None = None) -> None:
            if any(s < end and start < e for s, e in taken):
                return
            taken.append((start, end))
            out.append(Timex(start, end, text[start:end], value, end_value))

        for m in re.finditer(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b", text):
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            add(m.start(), m.end(), _iso(y, mo, d))
        year_re = rf"(?:\s+((?:19|20)\d\d)(?:\s*(?:{self.years})\b\.?)?)?"
        rng = rf"\bс\s+(\d{{1,2}})\s+(?:{WORD}\s+)?по\s+(\d{{1,2}})\s+({WORD}){year_re}"
        for m in re.finditer(rng, text, re.I):
            month = self.month(m.group(3))
            if month is None:
                continue
            year = int(m.group(4)) if m.group(4) else self.year_for(month, int(m.group(2)))
            if year is not None:
                add(m.start(), m.end(), _iso(year, month, int(m.group(1))), _iso(year, month, int(m.group(2))))
        dm = rf"\b(\d{{1,2}})\s+({WORD})(?:\s+((?:19|20)\d\d)(?:\s*(?:{self.years})\b\.?)?)?"
        for m in re.finditer(dm, text):
            month = self.month(m.group(2))
            if month is None:
                continue
            day = int(m.group(1))
            year = int(m.group(3)) if m.group(3) else self.year_for(month, day)
            add(m.start(), m.end(), _iso(year, month, day) if year else None)
        relative_year = r"\s+(прошлого|минувшего|этого|текущего|следующего)\s+года"
        my = rf"\b({WORD})(?:\s+((?:19|20)\d\d)(?:\s*(?:{self.years})\b\.?)?|{relative_year})"
        for m in re.finditer(my, text, re.I):
            month = self.month(m.group(1))
            if month is None:
                continue
            if m.group(2):
                add(m.start(), m.end(), f"{int(m.group(2)):04d}-{month:02d}")
            elif self.pub is not None:
                shift = (self.v.get("month_year") or {}).get(f"{m.group(3).lower()} года", 0)
                add(m.start(), m.end(), f"{self.pub[0] + shift:04d}-{month:02d}")
        for m in re.finditer(rf"\b(?:в|во|с|до|к)\s+({WORD})\b", text, re.I):
            month = self.month(m.group(1))
            if month is not None and m.group(1)[0].islower():
                year = self.year_for(month)
                add(m.start(1), m.end(1), f"{year:04d}-{month:02d}" if year else None)
        for m in re.finditer(rf"\b((?:19|20)\d\d)\s*(?:{self.years})\b\.?", text):
            add(m.start(), m.end(), m.group(1))
        self.weekdays(text, add)
        self.relative(text, add)
        return sorted(out, key=lambda t: t.start)

    def weekdays(self, text: str, add: Adder) -> None:
        days: dict[str, int] = self.v.get("weekdays") or {}
        alternation = "|".join(sorted(days, key=len, reverse=True))
        for m in re.finditer(rf"\b(?:в|во)\s+({alternation})\b", text, re.I):
            pub = self.published_day()
            if pub is None:
                add(m.start(), m.end(), None)
                continue
            back = (pub.weekday() - days[m.group(1).lower()]) % 7
            add(m.start(), m.end(), (pub - timedelta(days=back)).isoformat())

    def published_day(self) -> date | None:
        if self.pub is None:
            return None
        y, m, d = self.pub
        return date(y, m, d) if m is not None and d is not None else None

    def relative(self, text: str, add: Adder) -> None:
        for rule in self.v.get("relative") or []:
            for phrase in rule.get("phrases") or []:
                for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.I):
                    add(m.start(), m.end(), self.offset(rule["unit"], int(rule["offset"]), rule["precision"]))

    def offset(self, unit: str, offset: int, precision: str) -> str | None:
        if self.pub is None:
            return None
        y, m, d = self.pub
        if unit == "year":
            return f"{y + offset:04d}"
        if m is None:
            return None
        if unit == "month":
            total = y * 12 + (m - 1) + offset
            return f"{total // 12:04d}-{total % 12 + 1:02d}"
        if d is None:
            return f"{y:04d}-{m:02d}" if unit == "week" and offset == 0 else None
        when = date(y, m, d) + timedelta(days=offset * (7 if unit == "week" else 1))
        return when.isoformat()[:7] if precision == "month" else when.isoformat()


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


class RussianDates:
    name = "dates_ru"

    def __init__(self, knowledge: Knowledge):
        self.vocab = knowledge.russian_vocabulary("time")

    def __call__(self, doc: Document) -> None:
        doc.timexes = Resolver(self.vocab, doc.record.published).find(doc.record.text or "")


@stage("dates_ru", requires=("text", "published"), assigns=("timexes",))
def make(config: Config, language: Language | None = None) -> RussianDates:
    return RussianDates(config.knowledge)
