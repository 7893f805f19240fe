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

import yaml

from tocsin.document import Document, Timex
from tocsin.registry import stage

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

PRECISIONS = ("year", "month", "day")
# Where expressions overlap, a fuller date beats a vague one ("Tuesday, March 18" over
# "on Tuesday", "August 2021" over "since August"); among equals the longer wins.
VAGUE = ("month", "weekday", "year", "rel", "ago")


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
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return When(year, month, day)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


class TimeGrammar:
    """Regular expressions compiled from the vocabulary file."""

    def __init__(self, vocab: dict[str, Any]):
        self.months: dict[str, int] = {k.lower(): v for k, v in vocab["months"].items()}
        self.weekdays: dict[str, int] = {k.lower(): v for k, v in vocab["weekdays"].items()}
        self.numbers: dict[str, int | None] = {k.lower(): v for k, v in vocab.get("numbers", {}).items()}
        self.full_months = {max((k for k, v in self.months.items() if v == n), key=len) for n in range(1, 13)}
        self.relative: list[dict[str, Any]] = vocab.get("relative", [])
        self.phrases: dict[str, dict[str, Any]] = {
            re.sub(r"\s+", " ", p.lower()): rule for rule in self.relative for p in rule["phrases"]
        }
        abbreviations = [k for k in self.months if k not in self.full_months]
        month = rf"(?P<mon>{_alternation(sorted(self.full_months))}|(?:{_alternation(abbreviations)})\.?)"
        wday = rf"(?:(?P<wd>{_alternation(list(self.weekdays))})\.?,?\s+(?:the\s+)?)?"
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        year = r"(?P<year>(?:1[89]|20)\d\d)"
        mcue = _alternation(vocab.get("month_cues", []))
        self.future_re = re.compile(rf"\b(?:{_alternation(vocab.get('future_cues', []))})\b", re.I)
        ycue = _alternation(vocab.get("year_cues", []))
        num = rf"(?P<n>\d{{1,3}}|{_alternation([k for k in self.numbers])})"
        b, e = r"(?<![\w$])", r"(?![\w])"
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            (
                "range",
                re.compile(
                    rf"{b}(?:(?:from|between)\s+)?(?P<y1>(?:1[89]|20)\d\d)"
                    rf"(?:\s*[-–—]\s*|\s+(?:to|and|until|till)\s+)(?P<y2>(?:1[89]|20)\d\d){e}",
                    re.I,
                ),
            ),
            ("iso", re.compile(rf"{b}{year}-(?P<m>[01]\d)-(?P<d>[0-3]\d){e}")),
            ("dotted", re.compile(rf"{b}(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{year}{e}")),
            ("mdy", re.compile(rf"{b}{wday}{month}\s+{day},?\s+{year}{e}", re.I)),
            ("dmy", re.compile(rf"{b}{wday}{day}\s+(?:of\s+)?{month},?\s+{year}{e}", re.I)),
            ("my", re.compile(rf"{b}(?:(?:early|late|mid)[-\s]+)?{month},?\s+(?:of\s+)?{year}{e}", re.I)),
            ("md", re.compile(rf"{b}{wday}{month}\s+{day}{e}(?!,?\s*\d)", re.I)),
            ("dm", re.compile(rf"{b}{wday}{day}\s+(?:of\s+)?{month}{e}", re.I)),
            ("rel", re.compile(rf"{b}(?:{_alternation(list(self.phrases))}){e}", re.I)),
            (
                "ago",
                re.compile(
                    rf"{b}{num}\s+(?P<unit>day|week|month|year)s?\s+"
                    rf"(?:{_alternation(vocab.get('ago_words', ['ago']))}){e}",
                    re.I,
                ),
            ),
            ("month", re.compile(rf"{b}(?P<cue>{mcue})\s+(?:(?:early|late|mid)[-\s]+)?{month}{e}", re.I)),
            (
                "weekday",
                re.compile(
                    rf"{b}(?:(?P<rel>on|last|next|this|past)\s+)?"
                    rf"(?P<wd>{_alternation(list(self.weekdays))}){e}",
                    re.I,
                ),
            ),
            (
                "year",
                re.compile(
                    rf"{b}(?:(?P<cue>{ycue})\s+(?:the\s+(?:year\s+)?)?)?{year}"
                    rf"(?P<after>(?=\s*(?:[.,;:)!?\]]|$|\n)))?(?!\w)",
                    re.I,
                ),
            ),
        ]

    def is_full_month(self, word: str) -> bool:
        return word.lower() in self.full_months


@lru_cache(maxsize=8)
def load_grammar(path: Path) -> TimeGrammar:
    with open(path, encoding="utf-8") as f:
        return TimeGrammar(yaml.safe_load(f))


def _capitalised(word: str | None) -> bool:
    return bool(word) and word[0].isupper()


def _candidates(text: str, g: TimeGrammar) -> list[tuple[int, int, str, re.Match[str]]]:
    found = []
    for kind, pattern in g.patterns:
        for m in pattern.finditer(text):
            gd = m.groupdict()
            if gd.get("mon") and not _capitalised(gd["mon"]):
                continue  # "may", "march" as verbs or nouns
            if kind == "weekday" and not _capitalised(gd["wd"]):
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
        self.future = False  # the sentence speaks of what is to come ("is due to begin in June")

    def month(self, m: re.Match[str]) -> int:
        return self.g.months[m.group("mon").lower().rstrip(".")]

    def resolve(self, kind: str, m: re.Match[str]) -> tuple[str | None, str | None]:
        gd = m.groupdict()
        if kind == "range":
            return gd["y1"], gd["y2"]
        when = getattr(self, f"_{kind}")(m, gd)
        if when is None:
            return None, None
        return when.iso(), None

    def _explicit(self, when: When | None) -> When | None:
        if when is not None and when.month is not None:
            self.anchor = when
        return when

    def _iso(self, m, gd) -> When | None:
        return self._explicit(_safe(int(gd["year"]), int(gd["m"]), int(gd["d"])))

    _dotted = _iso

    def _mdy(self, m, gd) -> When | None:
        return self._explicit(_safe(int(gd["year"]), self.month(m), int(gd["day"])))

    _dmy = _mdy

    def _my(self, m, gd) -> When | None:
        return self._explicit(_safe(int(gd["year"]), self.month(m), None))

    def _year(self, m, gd) -> When | None:
        return When(int(gd["year"]))

    def _md(self, m, gd) -> When | None:
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

    def _month(self, m, gd) -> When | None:
        month, cue = self.month(m), gd["cue"].lower()
        if self.anchor is not None and cue not in ("last", "next", "this"):
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

    def _weekday(self, m, gd) -> When | None:
        if self.pub is None or self.pub.day is None:
            return None
        target = self.g.weekdays[gd["wd"].lower().rstrip(".")]
        pub = self.pub.as_date()
        rel = (gd.get("rel") or "").lower()
        if rel == "next":
            ahead = (target - pub.weekday()) % 7 or 7
            d = pub + timedelta(days=ahead)
        else:
            back = (pub.weekday() - target) % 7
            if back == 0 and rel in ("last", "past"):
                back = 7
            d = pub - timedelta(days=back)
        return When(d.year, d.month, d.day)

    def _rel(self, m, gd) -> When | None:
        rule = self.g.phrases.get(re.sub(r"\s+", " ", m.group(0).lower()))
        if rule is None or self.pub is None:
            return None
        when = self._offset(rule["unit"], int(rule["offset"]), rule.get("month"))
        return _truncate(when, rule.get("precision", "day"))

    def _ago(self, m, gd) -> When | None:
        n = gd["n"].lower()
        count = int(n) if n.isdigit() else self.g.numbers.get(n)
        if count is None or self.pub is None:
            return None
        unit = gd["unit"].lower()
        precision = {"day": "day", "week": "month", "month": "month", "year": "year"}[unit]
        return _truncate(self._offset(unit, -count, None), precision)

    def _offset(self, unit: str, offset: int, month: int | None) -> When | None:
        pub = self.pub
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


def _truncate(when: When | None, precision: str) -> When | None:
    if when is None:
        return None
    p = PRECISIONS.index(precision)
    return When(when.year, when.month if p >= 1 else None, when.day if p >= 2 else None)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    right = min((i for i in (text.find(c, end) for c in ".!?\n") if i >= 0), default=len(text))
    return text[left:right]


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
        resolver.future = bool(grammar.future_re.search(_sentence_around(text, start, end)))
        value, end_value = resolver.resolve(kind, m)
        out.append(Timex(start=start, end=end, text=text[start:end], value=value, end_value=end_value))
    return out


class DatesStage:
    name = "dates"

    def __init__(self, data: Path):
        self.grammar = load_grammar(data / "time.yaml")

    def __call__(self, doc: Document) -> None:
        text = doc.record.text or ""
        try:
            doc.timexes = find_timexes(text, doc.record.published, self.grammar)
        except (ValueError, OverflowError):  # a calendar edge (year 9999 and the like)
            doc.timexes = []


@stage("dates", requires=("text", "published"), assigns=("timexes",))
def make(config: Config, language: Language | None = None) -> DatesStage:
    return DatesStage(config.data)
