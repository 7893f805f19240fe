"""The one dateline reader: where, when and by whom a report says it was filed.

Every stage that needs a dateline reads it here: the publication date and the outlet
(meta), the dateline's city (places), the state a report speaks from (actors) and the
words a reported statement must not start with (quotes). Forms read::

    KABUL, June 3 (Reuters) —              place, date, wire agency
    Moscow [Russia], June 21 (ANI):        place, its state in brackets, date, agency
    QUETTA, June 3, 2025 —                 place and a full date
    MOSCOW (AP) —                          place and agency
    CITY, June 21. /AGENCY/.               the agency between slashes
    CITY, 18 October / Agency.             the agency after a slash, closed by a full stop
    CITY, 20 May — Agency. Text ...        the agency after the dash (Russian wire style)
    OSH, Kyrgyzstan —                      place and its state
    AGENCY.COM -                           a site's own name as the dateline
    (AGENCY- Original Outlet)              a carried report: carrier and original
    Kabul: Text ...                        a bare place before a colon

A dateline is ``certain`` when it has a date, an agency or a bracketed state, or is a
place in capitals before a dash; "Kabul:", "UPDATE:" and "Badakhshan, Afghanistan –" are
not: only a gazetteer can tell them from "Note:" or "Meanwhile, Russia –".

The reader knows only the shape of a dateline and, to tell a date from a place, the
month names of ``data/time.yaml`` (every language). It returns offsets into the text it
was given, so a caller can map the place onto its own tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tocsin.stages.dates import load_vocabulary

_UPPER = "A-ZА-ЯЁ"
_CAPS_WORD = rf"[{_UPPER}][{_UPPER}'’.\-]*[{_UPPER}.]"
_TITLE_WORD = rf"[{_UPPER}][\w'’.\-]*"
_PLACE = re.compile(
    rf"(?:{_CAPS_WORD}|{_TITLE_WORD})(?:[ \-/](?:{_CAPS_WORD}|{_TITLE_WORD}|de|al|el|e|i|la|le|du)){{0,3}}"
)
# What ends a dateline: a dash, a double hyphen, a colon or a full stop, then a space.
_SEPARATOR = re.compile(r"\s*(?:--|[—–]|(?<=\S)\s+-|(?<=[\w)\]/])[:.])(?=\s|$)")
# a credit closing the text before a separator: "(Reuters)", "/TASS/", "/ Agency" (not the
# second city of "DUSHANBE/KUNDUZ, 3 July")
_CREDIT = re.compile(
    r"\s*(?:\((?P<paren>[^()\n]{2,40})\)|/\s*(?P<slash>[^/\n]{2,30}?)\s*/|/\s*(?P<open>[^/\n.\d]{2,30}?))[\s.]*$"
)
# a credit right after the separator: "CITY, June 21. /AGENCY/."
_CREDIT_AFTER = re.compile(r"\s*/\s*(?P<slash>[^/\n]{2,30}?)\s*/\s*\.?")
_HEAD = re.compile(
    r"(?P<place>[^\[\],()\n]{2,60}?)\s*(?:\[(?P<region>[^\]\n]{1,40})\])?(?P<parts>(?:\s*,\s*[^,\n]{1,40}){0,3})"
)
_DOMAIN = re.compile(r"(?P<domain>(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,6})\s*(?:--|[—–:\-])\s")
_CARRIED = re.compile(r"\((?P<carrier>[^()\n\-–—]{2,30}?)\s*[-–—]\s*(?P<original>[^()\n]{2,40}?)\s*\)")
_TAIL_AGENCY = re.compile(
    rf"\s*(?P<agency>[{_UPPER}][\w.«»\"-]*(?:\s+[{_UPPER}][\w.«»\"-]*){{0,2}})\.(?=\s+[{_UPPER}\"«“])"
)
_DIGITS_DATE = re.compile(r"^\d{1,4}([./-])\d{1,2}\1\d{1,4}$|^(?:19|20)\d\d$")
_DAY = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
_MAX_WORDS_AGENCY = 4


@dataclass(frozen=True)
class Dateline:
    """A dateline at the start of a text. Offsets are into that text."""

    end: int  # where the report's own words begin
    place: str | None = None
    place_start: int | None = None
    region: str | None = None  # the bracketed or comma-set state or province: "[Russia]", ", Germany"
    region_start: int | None = None
    date_text: str | None = None
    agency: str | None = None  # the wire service, or the outlet carrying the report
    original: str | None = None  # the outlet whose report is carried: "(Carrier- Original)"
    certain: bool = True


class DatelineReader:
    def __init__(self, month_names: list[str]):
        names = sorted({m.lower() for m in month_names}, key=len, reverse=True)
        alternation = "|".join(re.escape(n) for n in names) or "(?!)"
        self._month = re.compile(rf"(?<!\w)(?:{alternation})\.?(?!\w)", re.IGNORECASE)

    def is_date(self, text: str) -> bool:
        """ "June 3", "3 June", "June 3, 2025", "18 октября", "2025-06-03", "2025"."""
        text = text.strip(" .")
        if _DIGITS_DATE.match(text):
            return True
        m = self._month.search(text)
        if not m:
            return False
        rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,.")
        # what is left beside the month: a day, a year, a weekday-like word or two, a time
        return bool(_DAY.search(text)) and len(rest.split()) <= 5

    def read_past_stamp(self, text: str) -> Dateline | None:
        """The dateline opening ``text``, after a date stamp before it if there is one; offsets
        are into ``text``."""
        stamp = _STAMP.match(text)
        if stamp is None:
            return self.read(text)
        found = self.read(text[stamp.end() :])
        return None if found is None else _shift(found, stamp.end())

    def read(self, text: str) -> Dateline | None:
        """The dateline opening ``text`` (leading white space allowed), or None."""
        stripped = text.lstrip()
        offset = len(text) - len(stripped)
        found = self._carried(stripped) or self._domain(stripped) or self._placed(stripped)
        if found is None:
            return None
        return _shift(found, offset)

    # -- forms -----------------------------------------------------------------------------

    def _carried(self, text: str) -> Dateline | None:
        m = _CARRIED.match(text)
        if not m:
            return None
        end = _skip_separator(text, m.end())
        return Dateline(end=end, agency=m.group("carrier").strip(), original=m.group("original").strip())

    def _domain(self, text: str) -> Dateline | None:
        m = _DOMAIN.match(text)
        if not m or not re.search(r"[A-Za-z]{2,}\.[A-Za-z]", m.group("domain")):
            return None
        return Dateline(end=m.end(), agency=m.group("domain"))

    def _placed(self, text: str) -> Dateline | None:
        window = text[:140]
        for sep in _SEPARATOR.finditer(window):
            found = self._parse(text, sep.start(), sep.end())
            if found is not None:
                return found
        return None

    def _parse(self, text: str, sep_start: int, sep_end: int) -> Dateline | None:
        before = text[:sep_start]
        # a credit may stand just before the separator: "(Reuters)", "/TASS/", "/ Agency"
        agency, credit_at = None, len(before)
        credit = _CREDIT.search(before)
        if credit:
            agency = (credit.group("paren") or credit.group("slash") or credit.group("open")).strip()
            credit_at = credit.start()
        head_text = before[:credit_at].rstrip(" .")
        head = _HEAD.fullmatch(head_text)
        if head is None:
            return None
        place = head.group("place").strip()
        if not _PLACE.fullmatch(place) or self._month.match(place):
            return None
        caps = place == place.upper()
        region = head.group("region")
        region_start = head.start("region") if region else None
        date_parts: list[str] = []
        for part in re.finditer(r",\s*([^,]+)", head.group("parts")):
            value = part.group(1).strip()
            if self.is_date(value) or (date_parts and _DIGITS_DATE.match(value.strip(" ."))):
                date_parts.append(value)
            elif not date_parts and region is None and _is_region(value):
                region, region_start = value, head.start("parts") + part.start(1)
            else:
                return None
        date_text = ", ".join(date_parts) or None
        if agency and len(agency.split()) > _MAX_WORDS_AGENCY:
            return None
        separator = text[sep_start:sep_end].strip()
        end = _skip_separator(text, sep_end)
        if agency is None and (after := _CREDIT_AFTER.match(text, sep_end)):
            agency, end = after.group("slash").strip(), _skip_separator(text, after.end())
        if agency is None and date_text and separator in ("—", "–", "-", "--"):
            tail = _TAIL_AGENCY.match(text, sep_end)
            if tail and len(tail.group("agency").split()) <= 3:
                agency, end = tail.group("agency"), _skip_separator(text, tail.end())
        bracket = head.group("region") is not None
        if agency or date_text or bracket:
            if not (date_text or caps or bracket):
                return None  # "The Security Council (UNSC):" is no dateline
            return Dateline(end, place, 0, region, region_start, date_text, agency)
        if separator == ".":
            return None
        if caps and len(place) >= 3:
            return Dateline(end, place, 0, region, region_start, certain=separator != ":")
        opens = re.match(rf"\s*[{_UPPER}\"“«]", text[sep_end:]) is not None  # the report's first word
        if (region is not None or len(place.split()) <= 3) and opens:
            return Dateline(end, place, 0, region, region_start, certain=False)
        return None


def _is_region(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 3 and all(w[0].isupper() for w in words) and not any(c.isdigit() for c in text)


def _skip_separator(text: str, at: int) -> int:
    m = re.compile(r"\s*(?:--|[—–:\-])?\s*").match(text, at)
    return m.end() if m else at


def _shift(d: Dateline, by: int) -> Dateline:
    if not by:
        return d
    return Dateline(
        end=d.end + by,
        place=d.place,
        place_start=None if d.place_start is None else d.place_start + by,
        region=d.region,
        region_start=None if d.region_start is None else d.region_start + by,
        date_text=d.date_text,
        agency=d.agency,
        original=d.original,
        certain=d.certain,
    )


def read(text: str, data: Path | None = None) -> Dateline | None:
    """The dateline opening ``text``, read with the month names of ``data`` (the package's by default)."""
    return reader(Path(data) if data is not None else _default()).read(text)


def _default() -> Path:
    from tocsin.knowledge import data_dir

    return data_dir()


# a page's own date stamp that some pages print on the dateline's line: "date 2024-05-01 CITY, ..."
_STAMP = re.compile(r"\s*date\s+\d{4}-\d\d-\d\d(?:[T ][\d:]+)?\s+")


def read_past_stamp(text: str, data: Path | None = None) -> Dateline | None:
    """The dateline opening ``text``, after a date stamp before it if there is one; offsets
    are into ``text``."""
    return reader(Path(data) if data is not None else _default()).read_past_stamp(text)


@cache
def reader(data: Path) -> DatelineReader:
    """The reader over the month names of every language in ``data/time.yaml``."""
    vocab = load_vocabulary(Path(data) / "time.yaml")
    return DatelineReader([name for section in vocab.values() for name in (section.get("months") or {})])
