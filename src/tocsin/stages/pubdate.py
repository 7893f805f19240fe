"""When a page was published, from what the page itself says, at the precision it supports.

In order of trust:

1. a full date (day, month, year) in a wire dateline or in the lines above the body
   (byline and date lines) gives the day;
2. a weekday with a day and month but no year in the body ("on Tuesday, March 18") pins
   the year: the latest year, not after the ingest date, in which that day is that
   weekday, and not before the latest year the article speaks of as past. The article
   reports that date, so it was published that month: month precision;
3. a weekday with day and month in the header lines ("Posted on Sunday, 6 October") is
   pinned the same way and gives the day;
4. an article that speaks of "last year", names years in the past tense and none of its
   future years contradicts the guess is dated to the year after its latest past year
   (year precision; a dateline's day and month then complete it). Not when "last year"
   and that year stand in one sentence: they are then two different years;
5. otherwise nothing: a dateline "June 21" without a year gives only ``published_text``.

Prefer no date to a wrong one: every inference above needs its cue, and a guess that
would fall after the ingest date is dropped.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from tocsin.stages.furniture import full_dates

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)

WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>{_WEEKDAY}),?\s+(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}))\b(?!,?\s*\d{{4}})",
    re.IGNORECASE,
)
DAY_MONTH = re.compile(
    rf"\b(?:(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH}))\b",
    re.IGNORECASE,
)
# "City [Country], June 21 (AGENCY):", "CITY, June 21. /AGENCY/.", "CITY (AGENCY) -"
DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^,:()\n]{1,40}?(?:\s*\[[^\]\n]{1,30}\])?)"
    r"(?:\s*,\s*(?P<date>[^():/\n]{3,30}?))?\s*\.?\s*"
    r"(?:\((?P<agency>[^()\n]{2,40})\)|/(?P<agency2>[^/\n]{2,30})/)\s*[:.\-–—]"
)
# "QUETTA, June 3, 2025 — ...": a place and a date, no agency, then a dash or a colon.
DATELINE_PLAIN = re.compile(
    r"^(?P<place>[^\W\d_][^,:()\n]{1,40}?(?:\s*\[[^\]\n]{1,30}\])?)"
    r"\s*,\s*(?P<date>[^():/\n]{3,30}?)\s*(?:[:\u2013\u2014]|\s-|--)\s"
)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(\[A-ZА-Я—–-])")
PAST_LEAD = re.compile(rf"\b(?:in|since|of|during|from|after|before|{_MONTH})\s*$", re.IGNORECASE)
PAST_VERB = re.compile(
    r"\b(?:was|were|had|has|have|did|said|told|took|met|came|began|went|made|saw|fell|left|"
    r"became|won|lost|held|led|sent|paid|put|set|struck|killed|\w{3,}ed)\b",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|shall|plans?|planned|planning|expected|scheduled|intends?|due to|aims?)\b"
    rf"|\b(?:by|until|till)\s+(?:the\s+end\s+of\s+)?(?:(?:{_MONTH})\s+)?(?:19|20)\d\d",
    re.IGNORECASE,
)
LAST_YEAR = re.compile(r"\blast year\b", re.IGNORECASE)


@dataclass
class Dateline:
    place: str
    date_text: str | None
    agency: str | None


@dataclass
class Published:
    value: str | None = None
    text: str | None = None


# The languages whose month names the date patterns know (furniture.py); naming them
# spares dateparser its slow language detection.
DATE_LANGUAGES = ["en", "ru"]
NUMERIC = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})$")


def parse_numeric(text: str) -> date | None:
    """ISO ``2025-04-02``; dotted ``02.04.2025`` is day first; slashed only when unambiguous."""
    m = NUMERIC.match(text.strip())
    if not m:
        return None
    a, sep, b, c = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
    if len(m.group(1)) == 4:
        y, mo, d = a, b, c
    elif sep == "." or (sep == "/" and a > 12):
        d, mo, y = a, b, c
    elif sep == "/" and b > 12:
        mo, d, y = a, b, c
    else:
        return None  # 04/05/2025: April or May
    try:
        return date(y, mo, d) if y >= 1000 else None
    except ValueError:
        return None


def parse_full_date(text: str) -> date | None:
    """A date with day, month and year, in any language dateparser reads."""
    if NUMERIC.match(text.strip()):
        return parse_numeric(text)
    import dateparser

    try:
        parsed = dateparser.parse(
            text,
            languages=DATE_LANGUAGES,
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"},
        )
    except Exception:
        return None
    return parsed.date() if parsed else None


def find_dateline(first_paragraph: str) -> Dateline | None:
    m = DATELINE.match(first_paragraph.strip()) or DATELINE_PLAIN.match(first_paragraph.strip())
    if not m:
        return None
    date_text = (m.group("date") or "").strip(" .") or None
    if date_text and not (DAY_MONTH.search(date_text) or YEAR.search(date_text) or full_dates(date_text)):
        return None
    groups = m.groupdict()
    agency = (groups.get("agency") or groups.get("agency2") or "").strip() or None
    place = m.group("place").strip()
    # Without a date, only "KABUL (Agency) -" or "Kabul [Afghanistan] (Agency):" is a dateline;
    # "The Collective Security Treaty Organization (CSTO):" is not.
    if not date_text and not (place.isupper() or "[" in place):
        return None
    if agency and len(agency.split()) > 4:
        return None
    return Dateline(place=place, date_text=date_text, agency=agency)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.replace("\n", " ")) if s.strip()]


def year_mentions(text: str, today: date) -> tuple[list[int], list[int]]:
    """Years the text speaks of as past, and years it speaks of as to come."""
    past: list[int] = []
    future: list[int] = []
    for sent in sentences(text):
        for m in YEAR.finditer(sent):
            year = int(m.group(1))
            if year > today.year + 30:
                continue
            ahead = FUTURE.search(sent)
            if year > today.year or ahead:
                future.append(year)
            elif PAST_LEAD.search(sent[: m.start()]) and PAST_VERB.search(sent):
                past.append(year)
    return past, future


def pin_weekday(month: int, day: int, weekday: int, today: date, not_before: int | None) -> date | None:
    """The latest date on ``month``/``day`` falling on ``weekday``, not after ``today``."""
    floor = not_before if not_before is not None else today.year - 1
    for year in range(today.year, floor - 1, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today and candidate.weekday() == weekday:
            return candidate
    return None


def weekday_date(body: str, today: date, not_before: int | None) -> date | None:
    m = WEEKDAY_DATE.search(body)
    if not m:
        return None
    month = MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
    day = int(m.group("d1") or m.group("d2"))
    return pin_weekday(month, day, WEEKDAYS[m.group("wd").lower()], today, not_before)


def year_from_last_year(past: list[int], future: list[int], body: str, today: date) -> int | None:
    """An article that says "last year" of events after its latest past year is a year later."""
    if not past or not LAST_YEAR.search(body):
        return None
    # "began in 2022 and was completed last year" names two different years: no guess.
    if any(LAST_YEAR.search(s) and str(max(past)) in s for s in sentences(body)):
        return None
    year = max(past) + 1
    if year > today.year or any(f < year for f in future):
        return None
    return year


def page_dateline(body: str, header: list[str]) -> Dateline | None:
    """The wire dateline opening the first paragraph, or standing alone just above it."""
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    found = find_dateline(paragraphs[0]) if paragraphs else None
    return found or (find_dateline(header[-1]) if header else None)


def infer_published(body: str, header: list[str], today: date) -> Published:
    dateline = page_dateline(body, header)
    if dateline and dateline.date_text and (found := parse_full_date(dateline.date_text)):
        return Published(found.isoformat())
    for line in header:
        for text in full_dates(line):
            found = parse_full_date(text)
            if found and found <= today:
                return Published(found.isoformat())
    past, future = year_mentions(body, today)
    latest_past = max(past) if past else None
    # "Posted on Sunday, 6 October" above the body is the publication day itself.
    pinned = weekday_date("\n".join(line for line in header if len(line.split()) <= 12), today, latest_past)
    if pinned:
        return Published(pinned.isoformat())
    pinned = weekday_date(body, today, latest_past)
    if pinned:
        return Published(pinned.strftime("%Y-%m"))
    year = year_from_last_year(past, future, body, today)
    raw = dateline.date_text if dateline and dateline.date_text else _header_day_month(header)
    if year and raw and (found := parse_full_date(f"{raw} {year}")):
        return Published(found.isoformat())
    if year:
        return Published(str(year))
    return Published(None, raw)


def _header_day_month(header: list[str]) -> str | None:
    for line in header:
        if len(line.split()) <= 6 and (m := DAY_MONTH.search(line)):
            return m.group(0)
    return None
