"""Which day a story counts on in the series, and in which series it counts at all.

The series and alerts are only as good as the dates under them. The rules:

* a story whose date names a day counts on that day, however long before the report it was
  ("clashes on 3 May 2021" counts in May 2021, not in the week it was retold);
* a story dated only to a month counts in the monthly series of that month and in no daily
  or weekly one; a story dated only to a year counts in none ("last year", "in 2021");
* a story with no date of its own counts on the publication day of its first report
  that has a day-precise publication date (a watched article takes its feed's date when
  its page gives none);
* otherwise the story is undated: its ``day`` is empty and it counts in no series. The
  day it was ingested is never used, since it says when Tocsin read the article, not when
  anything happened.
"""

from __future__ import annotations

from datetime import date

PRECISION = {10: "day", 7: "month", 4: "year"}


def valid(value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD date that exists, else None."""
    if not value or len(value) not in PRECISION:
        return None
    try:
        date.fromisoformat((value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10])
    except ValueError:
        return None
    return value


def publication_day(published: str | None) -> str | None:
    """The publication date when it names a day (a datetime is cut to its day), else None."""
    day = (published or "")[:10]
    return day if len(day) == 10 and valid(day) else None


def story_day(story_date: str | None, published: list[str | None]) -> str | None:
    """The day a story is placed on: its own date (a month or year on its first day), else
    the earliest day-precise publication date among its reports, else None (undated)."""
    own = valid(story_date)
    if own:
        return (own + "-01-01")[:10] if len(own) == 4 else (own + "-01")[:10]
    days = [d for d in (publication_day(p) for p in published) if d]
    return min(days) if days else None


def when(story_date: str | None, day: str | None) -> str | None:
    """What a series places a story by: its own date at its precision, else its day."""
    return valid(story_date) or day


def counts_in(value: str | None, period: str) -> bool:
    """Whether something dated ``value`` (at its precision) counts in a series of ``period``:
    only when the period can hold the whole of its date."""
    if not valid(value):
        return False
    precision = PRECISION[len(value or "")]
    return precision == "day" or (precision == "month" and period == "month")
