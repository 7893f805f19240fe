"""When a page was published, from what the page itself says, at the precision it supports.

In order of trust:

1. a full date (day, month, year) in the wire dateline gives the day;
2. a page's own date line gives the day: a short line holding a full date above the
   body ("October 19, 2023", "08.08.2019 23:31", "date 2022-05-08", "Published 07:15,
   September 27th 2021"), or one after it that says it is the publication date
   ("Опубликовано 13 марта 2025"). A line labelled as published beats an unlabelled one,
   which beats an "Updated ..." line; a photo caption (a long line) dates the picture,
   not the page;
3. a dateline's day and month without a year ("МОСКВА, 18 октября") and a weekday in the
   first sentence ("On Monday ...", not "will ... on Thursday") pin the year: the latest year, not after the ingest
   date, in which that day is that weekday (the day);
4. a weekday with a day and month in the header lines ("Posted on Sunday, 6 October")
   is pinned the same way and gives the day; in the body ("on Tuesday, March 18") it
   gives the month: the article reports that date, so it was published that month;
5. an article that speaks of "last year", names years in the past tense and none of its
   future years contradicts the guess is dated to the year after its latest past year
   (year precision; a dateline's day and month then complete it). Not when "last year"
   and that year stand in one sentence: they are then two different years;
6. a day and month without a year in the body, shortly after the latest full date the
   page names ("... on March 24, 2024." then "said on March 30"), take that date's year:
   the month of the latest such day;
7. otherwise nothing: a dateline "June 21" without a year gives only ``published_text``.

A pinned weekday looks back to the latest year the article speaks of as past, or
``WEEKDAY_YEARS`` years when it names none. Prefer no date to a wrong one: every inference
above needs its cue, and a date after the ingest date is dropped. The vocabulary (month
and weekday names, the words that make a year past or future) is ``data/time.yaml``'s,
every language's section; the labels of date lines are ``data/furniture.yaml``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from tocsin.stages.dateline import Dateline, DatelineReader
from tocsin.stages.dateline import reader as dateline_reader
from tocsin.stages.dates import load_vocabulary
from tocsin.stages.furniture import Furniture, alternation, furniture, words
from tocsin.stages.sentences import split as split_sentences
from tocsin.stages.written_dates import Written, WrittenDates, written_dates

WEEKDAY_YEARS = 6  # every day of the year falls on every weekday within about six years
DATE_LINE_WORDS = 8  # a date line holds its date and a few words (label, time, section)
FOLLOWING_DAYS = 62  # a day-month this long after the page's latest full date shares its year
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


@dataclass
class Published:
    value: str | None = None
    text: str | None = None


class PublicationDates:
    """Reads a page's publication date; built once per data folder."""

    def __init__(self, data: Path):
        self.dates: WrittenDates = written_dates(data)
        self.datelines: DatelineReader = dateline_reader(data)
        self.furniture: Furniture = furniture(data)
        sections = load_vocabulary(Path(data) / "time.yaml").values()

        def merged(key: str) -> list[str]:
            return [str(w) for s in sections for w in s.get(key) or ()]

        suffixes = "|".join(re.escape(str(s.get("past_suffix"))) for s in sections if s.get("past_suffix"))
        # "in 2019", "November 2024": a lead word or a month name right before the year
        leads = alternation([*merged("past_leads"), *self.dates.months])
        self._past_lead = re.compile(rf"(?<!\w)(?:{leads})\.?\s*$", re.IGNORECASE)
        regular = rf"|\w{{3,}}(?:{suffixes})" if suffixes else ""
        self._past_verb = re.compile(rf"(?<!\w)(?:{alternation(merged('past_verbs'))}{regular})(?!\w)", re.IGNORECASE)
        months = alternation(list(self.dates.months))
        self._future = re.compile(
            rf"(?<!\w)(?:{alternation(merged('future_words'))})(?!\w)"
            rf"|(?<!\w)(?:{alternation(merged('deadline_words'))})\s+(?:(?:{months})\s+)?(?:19|20)\d\d",
            re.IGNORECASE,
        )
        self._last_year = re.compile(rf"(?<!\w)(?:{alternation(merged('last_year'))})(?!\w)", re.IGNORECASE)

    # -- the dateline ----------------------------------------------------------------------

    def page_dateline(self, body: str, header: list[str]) -> Dateline | None:
        """The wire dateline opening the first paragraph, or standing alone just above it."""
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        found = self.datelines.read(paragraphs[0]) if paragraphs else None
        if found is None and header:
            found = self.datelines.read(header[-1])
        return found

    # -- the date ------------------------------------------------------------------------

    def infer(self, body: str, header: list[str], removed: list[str], today: date) -> Published:
        """``removed``: every line the clean stage set aside, in page order (header first)."""
        dateline = self.page_dateline(body, header)
        if dateline and dateline.date_text:
            full = [w.as_date() for w in self.dates.full(dateline.date_text)]
            if full and full[0] and full[0] <= today:
                return Published(full[0].isoformat())
        line_date = self.date_line(header, removed[len(header) :], today)
        if line_date:
            return Published(line_date.isoformat())
        past, future = self.year_mentions(body, today)
        latest_past = max(past) if past else None
        if dateline and dateline.date_text and (pinned := self.dateline_weekday(dateline, body, today, latest_past)):
            return Published(pinned.isoformat())
        short_header = "\n".join(line for line in header if len(line.split()) <= 12)
        if pinned := self.weekday_date(short_header, today, latest_past):
            return Published(pinned.isoformat())
        if pinned := self.weekday_date(body, today, latest_past):
            return Published(pinned.strftime("%Y-%m"))
        year = self.year_from_last_year(past, future, body, today)
        raw = dateline.date_text if dateline and dateline.date_text else self._header_day_month(header)
        if year and raw and (days := self.dates.day_month(raw)):
            found = _on(year, days[0])
            if found and found <= today:
                return Published(found.isoformat())
        if year:
            return Published(str(year))
        if month := self.month_after_latest_date(body, removed, today):
            return Published(month)
        return Published(None, raw)

    def date_line(self, header: list[str], after: list[str], today: date) -> date | None:
        """The page's own date stamp: a short line with a full date, labelled ones first."""
        ranked: list[tuple[int, int, date]] = []
        for where, lines in ((0, header), (1, after)):
            for i, line in enumerate(lines):
                label = self.furniture.date_label(line)
                if where == 1 and label is None:
                    continue  # below the body an unlabelled date may be a teaser's
                found = [(w, d) for w in self.dates.full(line) if (d := w.as_date()) and d <= today]
                if not found or not self._short(line, found[0][0]):
                    continue
                rank = {"published": 0, None: 1, "updated": 3}[label] + where
                ranked.append((rank, where * 10_000 + i, found[0][1]))
        return min(ranked)[2] if ranked else None

    @staticmethod
    def _short(line: str, found: Written) -> bool:
        rest = line[: found.start] + " " + line[found.end :]
        return len(words(rest)) <= DATE_LINE_WORDS

    def dateline_weekday(self, dateline: Dateline, body: str, today: date, not_before: int | None) -> date | None:
        """ "CITY, 18 October — ... On Monday ...": the year in which the dateline's day is that weekday."""
        days = self.dates.day_month(dateline.date_text or "")
        if not days:
            return None
        first = split_sentences(body[dateline.end :])
        if not first or self._future.search(first[0]):
            return None  # "On Thursday the president will travel ...": a day to come
        weekdays = self.dates.weekdays_in(first[0])
        if not weekdays:
            return None
        return pin_weekday(days[0].month, days[0].day, weekdays[0], today, not_before)

    def weekday_date(self, text: str, today: date, not_before: int | None) -> date | None:
        for w in self.dates.day_month(text):
            if w.weekday is not None:
                return pin_weekday(w.month, w.day, w.weekday, today, not_before)
        return None

    def _header_day_month(self, header: list[str]) -> str | None:
        for line in header:
            if len(line.split()) <= 6 and (found := self.dates.day_month(line)):
                return found[0].text
        return None

    # -- years the text speaks of ----------------------------------------------------------

    def year_mentions(self, text: str, today: date) -> tuple[list[int], list[int]]:
        """Years the text speaks of as past, and years it speaks of as to come."""
        past: list[int] = []
        future: list[int] = []
        for sent in split_sentences(text):
            for m in YEAR.finditer(sent):
                year = int(m.group(1))
                if year > today.year + 30:
                    continue
                if year > today.year or self._future.search(sent):
                    future.append(year)
                elif self._past_lead.search(sent[: m.start()]) and self._past_verb.search(sent):
                    past.append(year)
        return past, future

    def year_from_last_year(self, past: list[int], future: list[int], body: str, today: date) -> int | None:
        """An article that says "last year" of events after its latest past year is a year later."""
        if not past or not self._last_year.search(body):
            return None
        # "began in 2022 and was completed last year" names two different years: no guess.
        if any(self._last_year.search(s) and str(max(past)) in s for s in split_sentences(body)):
            return None
        year = max(past) + 1
        if year > today.year or any(f < year for f in future):
            return None
        return year

    def month_after_latest_date(self, body: str, removed: list[str], today: date) -> str | None:
        """Day-months of the body just after the page's latest full date share its year."""
        full = [d for text in (body, *removed) for w in self.dates.full(text) if (d := w.as_date()) and d <= today]
        if not full:
            return None
        latest = max(full)
        following = [
            d
            for w in self.dates.day_month(body)
            if (d := _on(latest.year, w)) and latest < d <= min(today, latest + timedelta(days=FOLLOWING_DAYS))
        ]
        return max(following).strftime("%Y-%m") if following else None


def _on(year: int, w: Written) -> date | None:
    try:
        return date(year, w.month, w.day)
    except ValueError:
        return None


def pin_weekday(month: int, day: int, weekday: int, today: date, not_before: int | None) -> date | None:
    """The latest date on ``month``/``day`` falling on ``weekday``, not after ``today``."""
    floor = not_before if not_before is not None else today.year - WEEKDAY_YEARS
    for year in range(today.year, floor - 1, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today and candidate.weekday() == weekday:
            return candidate
    return None


@cache
def publication_dates(data: Path) -> PublicationDates:
    return PublicationDates(Path(data))
