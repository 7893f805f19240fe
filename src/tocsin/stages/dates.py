"""Find time expressions in the text and resolve them against the publication date.

The grammar is built from ``data/time.yaml`` (month and weekday names, relative phrases,
the words that make a bare month or year a date). Each expression is resolved at the
precision its words support, never finer than the publication date allows; when no year
can be had the value is ``None`` rather than a guess. See ``data/README-text.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.document import Document, Timex
from tocsin.knowledge import load_yaml
from tocsin.registry import stage
from tocsin.stages.sentences import sentence_around

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

PRECISIONS = ("year", "month", "day")
Groups = dict[str, Any]  # a match's named groups: the text, or None where a group did not match
# Where expressions overlap, a fuller date beats a vague one ("Tuesday, March 18" over
# "on Tuesday", "August 2021" over "since August"); among equals the longer wins.
VAGUE = ("month", "weekday", "year", "rel", "ago")
RELATIVE = ("weekday", "rel", "ago")  # forms counted from the day they were written or said


@dataclass(frozen=True)
class When:
    """A calendar point at a precision: (2025, None, None), (2025, 3, None) or (2025, 3, 18)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> int:
        return 0 if self.month is None else 1 if self.day is None else 2

    def iso(self, precision: int | None = None) -> str:
        p = self.precision if precision is None else min(precision, self.precision)
        parts = [f"{self.year:04d}", f"{self.month or 0:02d}", f"{self.day or 0:02d}"]
        return "-".join(parts[: p + 1])

    def as_date(self) -> date:
        return date(self.year, self.month or 6, self.day or 15)


def parse_published(value: str | None) -> When | None:
    """``2025``, ``2025-03``, ``2025-03-18`` or a datetime string; anything else is None."""
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value or "")
    if not m:
        return None
    year = int(m.group(1))
    month, day = (int(g) if g else None for g in m.groups()[1:])
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return When(year, month, day)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _words_re(words: list[str]) -> re.Pattern[str]:
    """Any of the words or phrases, whole, case-blind (a pattern that never matches for none)."""
    return re.compile(rf"\b(?:{_alternation(words)})\b", re.I) if words else re.compile(r"(?!)")


class TimeGrammar:
    """Regular expressions compiled from one language's section of the vocabulary file."""

    def __init__(self, vocab: dict[str, Any]):
        self.capitalised = bool(vocab.get("capitalised_names", False))  # "May" the month, "may" the verb
        self.months: dict[str, int] = {str(k).lower(): v for k, v in (vocab.get("months") or {}).items()}
        self.weekdays: dict[str, int] = {str(k).lower(): v for k, v in (vocab.get("weekdays") or {}).items()}
        self.numbers: dict[str, int | None] = {str(k).lower(): v for k, v in (vocab.get("numbers") or {}).items()}
        # "days", "недели": the calendar unit a word counts (day, week, month or year)
        self.units: dict[str, str] = {str(k).lower(): str(v) for k, v in (vocab.get("units") or {}).items()}
        # "a few", "several": a span of counts, resolved to what both ends share
        self.vague: dict[str, tuple[int, int]] = {
            str(k).lower(): (int(v[0]), int(v[1])) for k, v in (vocab.get("vague_numbers") or {}).items()
        }
        self.full_months = {
            max((k for k, v in self.months.items() if v == n), key=len)
            for n in range(1, 13)
            if n in self.months.values()
        }
        # "last Friday", "next March", "this June": the word's direction (last, next or this)
        self.direction: dict[str, str] = {str(k).lower(): str(v) for k, v in (vocab.get("directions") or {}).items()}
        self.relative: list[dict[str, Any]] = vocab.get("relative") or []
        self.phrases: dict[str, dict[str, Any]] = {
            re.sub(r"\s+", " ", p.lower()): rule for rule in self.relative for p in rule["phrases"]
        }
        abbreviations = [k for k in self.months if k not in self.full_months]
        month = rf"(?P<mon>{_alternation(sorted(self.full_months))}|(?:{_alternation(abbreviations)})\.?)"
        wday = rf"(?:(?P<wd>{_alternation(list(self.weekdays))})\.?,?\s+(?:the\s+)?)?"
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        day2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
        suffix = _alternation(vocab.get("year_suffixes") or [])
        bare_year = r"(?P<year>(?:1[89]|20)\d\d)"
        year = bare_year + (rf"(?:\s+(?:{suffix})(?!\w))?" if suffix else "")
        part = rf"(?:(?:{_alternation(vocab.get('part_words') or [])})[-\s]+)?"
        mcue = _alternation(vocab.get("month_cues") or [])
        self.future_re = _words_re(vocab.get("future_cues") or [])
        ycue = _alternation(vocab.get("year_cues") or [])
        counted = [*self.numbers, *self.vague]
        num = rf"(?P<n>\d{{1,3}}|{_alternation(counted)})" if counted else r"(?P<n>\d{1,3})"
        openers = _alternation(vocab.get("range_openers") or [])
        joiners = _alternation(vocab.get("range_joiners") or [])
        b, e = r"(?<![\w$])", r"(?![\w])"
        y1, y2 = r"(?P<y1>(?:1[89]|20)\d\d)", r"(?P<y2>(?:1[89]|20)\d\d|\d\d(?![\d.,]))"
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            (
                "range",
                re.compile(
                    rf"{b}(?:(?:{openers})\s+)?{y1}(?:\s*[-–—/]\s*|\s+(?:{joiners})\s+){y2}{e}"
                    if openers and joiners
                    else rf"{b}{y1}\s*[-–—]\s*{y2}{e}",
                    re.I,
                ),
            ),
            ("iso", re.compile(rf"{b}{bare_year}-(?P<m>[01]\d)-(?P<d>[0-3]\d){e}")),
            ("dotted", re.compile(rf"{b}(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{bare_year}{e}")),
        ]
        if self.months:
            self.patterns += [
                ("mdy", re.compile(rf"{b}{wday}{month}\s+{day},?\s+{year}{e}", re.I)),
                ("dmy", re.compile(rf"{b}{wday}{day}\s+(?:of\s+)?{month},?\s+{year}{e}", re.I)),
                ("my", re.compile(rf"{b}{part}{month},?\s+(?:of\s+)?{year}{e}", re.I)),
                ("md", re.compile(rf"{b}{wday}{month}\s+{day}{e}(?!,?\s*\d)", re.I)),
                (
                    "days",
                    re.compile(rf"{b}{month}\s+{day}\s*[-–—]\s*{day2}(?:,?\s+{year})?{e}", re.I),
                ),
                (
                    "days",
                    re.compile(rf"{b}{day}\s*[-–—]\s*{day2}\s+(?:of\s+)?{month}(?:,?\s+{year})?{e}", re.I),
                ),
                ("dm", re.compile(rf"{b}{wday}{day}\s+(?:of\s+)?{month}{e}", re.I)),
            ]
        if self.phrases:
            self.patterns.append(("rel", re.compile(rf"{b}(?:{_alternation(list(self.phrases))}){e}", re.I)))
        if vocab.get("ago_words") and self.units:
            self.patterns.append(
                (
                    "ago",
                    re.compile(
                        rf"{b}{num}\s+(?P<unit>{_alternation(list(self.units))})\s+(?:{_alternation(vocab['ago_words'])}){e}",
                        re.I,
                    ),
                )
            )
        if self.months and mcue:
            self.patterns.append(("month", re.compile(rf"{b}(?P<cue>{mcue})\s+{part}{month}{e}", re.I)))
        if self.weekdays:
            rel = _alternation(list(self.direction)) or "(?!)"
            self.patterns.append(
                (
                    "weekday",
                    re.compile(
                        rf"{b}(?:(?P<rel>{rel})\s+)?(?P<wd>{_alternation(list(self.weekdays))}){e}",
                        re.I,
                    ),
                )
            )
        ycue_part = rf"(?:(?P<cue>{ycue})\s+(?:the\s+(?:year\s+)?)?)?" if ycue else "(?P<cue>(?!))?"
        self.patterns.append(
            (
                "year",
                re.compile(rf"{b}{ycue_part}{year}(?P<after>(?=\s*(?:[.,;:)!?\]]|$|\n)))?(?!\w)", re.I),
            )
        )

    def is_full_month(self, word: str) -> bool:
        return word.lower() in self.full_months


@lru_cache(maxsize=4)
def load_vocabulary(path: Path) -> dict[str, dict[str, Any]]:
    """The vocabulary file's sections, by language code."""
    with open(path, encoding="utf-8") as f:
        raw = load_yaml(f) or {}
    return {str(code): section or {} for code, section in raw.items() if isinstance(section, dict)}


@lru_cache(maxsize=16)
def load_grammar(path: Path, language: str = "en") -> TimeGrammar:
    """The grammar of one language's section (English for a language with none)."""
    vocab = load_vocabulary(path)
    return TimeGrammar(vocab.get(language) or vocab.get("en") or {})


def _capitalised(word: str | None) -> bool:
    return word is not None and word[:1].isupper()


def _candidates(text: str, g: TimeGrammar) -> list[tuple[int, int, str, re.Match[str]]]:
    found = []
    for kind, pattern in g.patterns:
        for m in pattern.finditer(text):
            gd = m.groupdict()
            if g.capitalised and gd.get("mon") and not _capitalised(gd["mon"]):
                continue  # "may", "march" as verbs or nouns
            if g.capitalised and kind == "weekday" and not _capitalised(gd["wd"]):
                continue
            if kind == "weekday" and len(gd["wd"]) <= 3 and not gd["wd"].isupper() and not gd.get("rel"):
                continue  # "Sat", "Sun" alone are too often words
            if kind == "year" and not (gd.get("cue") or gd.get("after") is not None):
                continue
            if gd.get("day") and not 1 <= int(gd["day"]) <= 31:
                continue
            stop = gd.get("mon") and text[m.end("mon") : m.end("mon") + 1] == "." and m.end() > m.end("mon") + 1
            if stop and g.is_full_month(gd["mon"]):
                continue  # "... in March. 2000 soldiers": the full stop ends a sentence
            found.append((m.start(), m.end(), kind, m))
    found.sort(key=lambda c: (c[2] in VAGUE, -(c[1] - c[0]), c[0]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for c in found:
        if all(c[1] <= k[0] or k[1] <= c[0] for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c[0])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


def _safe(year: int, month: int | None, day: int | None) -> When | None:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return When(year, month, day)


class Resolver:
    """Resolves one document's expressions, in text order, against its publication date."""

    def __init__(self, grammar: TimeGrammar, published: When | None):
        self.g, self.pub = grammar, published
        self.anchor: When | None = None  # the last explicit month-and-year in this paragraph
        self.narrative: When | None = None  # the last explicit date or year of the text so far
        self.future = False  # the sentence speaks of what is to come ("is due to begin in June")

    def month(self, m: re.Match[str]) -> int:
        return self.g.months[m.group("mon").lower().rstrip(".")]

    def resolve(self, kind: str, m: re.Match[str]) -> tuple[str | None, str | None]:
        gd = m.groupdict()
        if kind == "range":
            y1, y2 = gd["y1"], gd["y2"]
            if len(y2) == 2:  # "2022-23"
                y2 = y1[:2] + y2
            return (y1, y2) if y2 > y1 else (None, None)
        if kind == "days":
            first, last = self._days(m, gd)
            return (first.iso(), last.iso()) if first and last else (None, None)
        when = getattr(self, f"_{kind}")(m, gd)
        if when is None:
            return None, None
        return when.iso(), None

    def _explicit(self, when: When | None) -> When | None:
        if when is not None and when.month is not None:
            self.anchor = when
        if when is not None:
            self.narrative = when
        return when

    def _iso(self, m: re.Match[str], gd: Groups) -> When | None:
        return self._explicit(_safe(int(gd["year"]), int(gd["m"]), int(gd["d"])))

    _dotted = _iso

    def _mdy(self, m: re.Match[str], gd: Groups) -> When | None:
        return self._explicit(_safe(int(gd["year"]), self.month(m), int(gd["day"])))

    _dmy = _mdy

    def _my(self, m: re.Match[str], gd: Groups) -> When | None:
        return self._explicit(_safe(int(gd["year"]), self.month(m), None))

    def _year(self, m: re.Match[str], gd: Groups) -> When | None:
        self.narrative = When(int(gd["year"]))
        return self.narrative

    def _md(self, m: re.Match[str], gd: Groups) -> When | None:
        month, day = self.month(m), int(gd["day"])
        if self.pub is None:
            return None
        if self.pub.month is None:
            return _safe(self.pub.year, month, day)
        pub = self.pub.as_date()
        options = [w for y in (self.pub.year - 1, self.pub.year, self.pub.year + 1) if (w := _safe(y, month, day))]
        # the nearest such date to publication; on a tie, the past one
        return min(options, key=lambda w: (abs((w.as_date() - pub).days), w.as_date() > pub), default=None)

    _dm = _md

    def _days(self, m: re.Match[str], gd: Groups) -> tuple[When | None, When | None]:
        """ "May 3-7", "3–7 May 2025": the first and the last day."""
        month, d1, d2 = self.month(m), int(gd["day"]), int(gd["day2"])
        if d2 <= d1:
            return None, None
        if gd.get("year"):
            return _safe(int(gd["year"]), month, d1), _safe(int(gd["year"]), month, d2)
        first = self._md(m, gd)
        return first, _safe(first.year, month, d2) if first else None

    def _month(self, m: re.Match[str], gd: Groups) -> When | None:
        month = self.month(m)
        cue = self.g.direction.get(re.sub(r"\s+", " ", gd["cue"].lower()), "")
        if self.anchor is not None and not cue:
            year = self.anchor.year
            if month < (self.anchor.month or 1) and (self.pub is None or (year + 1, month) <= self._pub_ym()):
                year += 1
            return When(year, month)
        if self.pub is None:
            return None
        if self.pub.month is None:
            return When(self.pub.year, month)
        year = self.pub.year
        if cue == "next":
            year += month <= self.pub.month
        elif cue == "last":
            year -= month >= self.pub.month
        elif self.future and cue != "this":
            year += month < self.pub.month
        elif cue != "this" and month > self.pub.month:
            year -= 1
        return When(year, month)

    def _pub_ym(self) -> tuple[int, int]:
        assert self.pub is not None
        return self.pub.year, self.pub.month or 12

    def _weekday(self, m: re.Match[str], gd: Groups) -> When | None:
        if self.pub is None or self.pub.day is None:
            return None
        target = self.g.weekdays[gd["wd"].lower().rstrip(".")]
        pub = self.pub.as_date()
        rel = self.g.direction.get((gd.get("rel") or "").lower(), "")
        if rel == "next" or (self.future and rel != "last"):
            # "next Friday"; "will travel on Thursday": the coming one (the day itself when it is today)
            ahead = (target - pub.weekday()) % 7 or (7 if rel == "next" else 0)
            d = pub + timedelta(days=ahead)
        else:
            back = (pub.weekday() - target) % 7
            if back == 0 and rel == "last":
                back = 7
            d = pub - timedelta(days=back)
        return When(d.year, d.month, d.day)

    def _rel(self, m: re.Match[str], gd: Groups) -> When | None:
        rule = self.g.phrases.get(re.sub(r"\s+", " ", m.group(0).lower()))
        if rule is None:
            return None
        unit = rule["unit"]
        base = self.pub
        # "the year before", "a day later": from the date the narrative last named, when it is precise enough
        if rule.get("anchored") and self.narrative is not None and _precise_for(self.narrative, unit):
            base = self.narrative
        if base is None:
            return None
        when = self._offset(unit, int(rule["offset"]), rule.get("month"), base)
        return _truncate(when, rule.get("precision", "day"))

    def _ago(self, m: re.Match[str], gd: Groups) -> When | None:
        n = gd["n"].lower()
        unit = self.g.units[re.sub(r"\s+", " ", gd["unit"].lower())]
        if self.pub is None:
            return None
        if n in self.g.vague:  # "a few months ago": what both ends of the span agree on
            low, high = self.g.vague[n]
            return _common(self._offset(unit, -low, None), self._offset(unit, -high, None))
        count = int(n) if n.isdigit() else self.g.numbers.get(n)
        if count is None:
            return None
        precision = {"day": "day", "week": "month", "month": "month", "year": "year"}[unit]
        return _truncate(self._offset(unit, -count, None), precision)

    def _offset(self, unit: str, offset: int, month: int | None, base: When | None = None) -> When | None:
        pub = base or self.pub
        assert pub is not None
        if unit in ("day", "week"):
            if pub.day is None:
                # without the day, a day or week shift stays within the publication's precision
                return When(pub.year, pub.month) if pub.month and abs(offset) <= 1 else When(pub.year)
            d = pub.as_date() + timedelta(days=offset * (7 if unit == "week" else 1))
            return When(d.year, d.month, d.day)
        if unit == "month":
            if pub.month is None:
                return When(pub.year) if offset == 0 else None
            y, mo = _shift_month(pub.year, pub.month, offset)
            return When(y, mo)
        return When(pub.year + offset, month)


def _precise_for(when: When, unit: str) -> bool:
    return when.day is not None if unit in ("day", "week") else when.month is not None if unit == "month" else True


def _common(a: When | None, b: When | None) -> When | None:
    """The coarser point two dates share: the month, the year, or nothing."""
    if a is None or b is None or a.year != b.year:
        return None
    if a.month is not None and a.month == b.month:
        return When(a.year, a.month)
    return When(a.year)


def _truncate(when: When | None, precision: str) -> When | None:
    if when is None:
        return None
    p = PRECISIONS.index(precision)
    return When(when.year, when.month if p >= 1 else None, when.day if p >= 2 else None)


def find_timexes(text: str, published: str | None, grammar: TimeGrammar) -> list[Timex]:
    """Every time expression in ``text``, resolved; values are None when no year is known."""
    out: list[Timex] = []
    resolver = Resolver(grammar, parse_published(published))
    paragraph_ends = [m.start() for m in re.finditer(r"\n", text)] + [len(text)]
    para = 0
    for start, end, kind, m in _candidates(text, grammar):
        while paragraph_ends[para] < start:
            para += 1
            resolver.anchor = None
        s, e = sentence_around(text, start, end)
        resolver.future = bool(grammar.future_re.search(text[s:e]))
        value, end_value = resolver.resolve(kind, m)
        relative = kind in RELATIVE
        out.append(
            Timex(start=start, end=end, text=text[start:end], value=value, end_value=end_value, relative=relative)
        )
    return out


class DatesStage:
    name = "dates"

    def __init__(self, knowledge: Knowledge, language: str = "en"):
        self.grammar = knowledge.time(language)

    def __call__(self, doc: Document) -> None:
        text = doc.record.text or ""
        try:
            doc.timexes = find_timexes(text, doc.record.published, self.grammar)
        except (ValueError, OverflowError):  # a calendar edge (year 9999 and the like)
            doc.timexes = []


@stage("dates", requires=("text", "published"), assigns=("timexes",))
def make(config: Config, language: Language | None = None) -> DatesStage:
    return DatesStage(config.knowledge, language.code if language else "en")
