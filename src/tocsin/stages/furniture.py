"""What a line of a scraped page is: article prose, or one kind of page furniture.

The vocabulary comes from ``data/furniture.yaml``; the rules here only look at a line's
shape (length, closing punctuation, capitals, link arrows) and at whether it opens with,
or holds, one of those cue words. They know nothing about any site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

# A sentence ends with . ! ? or a closing quote/bracket after one; "..." is a cut-off teaser.
_CLOSERS = "\"'”’»)]"
# A wire signature may follow the last full stop: "... concluded. (AGENCY)" or "/AGENCY/".
_SIGNATURE = r"(?:\s*\([^()]{1,30}\)|\s*/[^/]{1,30}/)?"
_TERMINAL = re.compile(r"(?:[.!?][" + re.escape(_CLOSERS) + r"]*|[.!?]?[”\"»])" + _SIGNATURE + "$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)[" + re.escape(_CLOSERS) + r"]*$")
_BULLET = re.compile(r"^\s*[•·●▪◦■□►▶\-*–]\s+")
_DIVIDER = re.compile(r"^[\W\d_]*$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_DATE_WORDS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_DATE_WORDS})\.?,?\s+\d{{4}}"
    rf"|(?:{_DATE_WORDS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    """The cue lists of ``furniture.yaml``, lower-cased."""

    prefixes: tuple[str, ...] = ()
    calls_to_action: tuple[str, ...] = ()
    reader_phrases: tuple[str, ...] = ()
    cookie_words: tuple[str, ...] = ()
    cookie_notice_words: tuple[str, ...] = ()
    related_headings: tuple[str, ...] = ()
    closing_headings: tuple[str, ...] = ()
    link_marks: tuple[str, ...] = ()
    navigation_words: tuple[str, ...] = ()
    photo_cues: tuple[str, ...] = ()
    translation_cues: tuple[str, ...] = ()
    translation_languages: dict[str, str] = field(default_factory=dict)
    notice_subjects: tuple[str, ...] = ()
    repost_phrases: tuple[str, ...] = ()
    section_words: frozenset[str] = field(default_factory=frozenset)


@cache
def load_cues(data: Path) -> Cues:
    path = Path(data) / "furniture.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    raw = raw or {}
    translation = {str(k).lower(): str(v) for k, v in (raw.get("translation_cues") or {}).items()}
    lists = {
        k: tuple(str(v).lower() for v in raw.get(k) or ())
        for k in Cues.__dataclass_fields__
        if k not in ("translation_cues", "translation_languages", "section_words")
    }
    return Cues(
        **lists,
        translation_cues=tuple(translation),
        translation_languages=translation,
        section_words=frozenset(str(v).lower() for v in raw.get("section_words") or ()),
    )


def words(line: str) -> list[str]:
    found = _WORD.findall(line)
    # Scripts written without spaces: count about one word per five characters.
    if len(found) <= 2 and len(line.strip()) > 40:
        return found + ["_"] * (len(line.strip()) // 5)
    return found


def ends_sentence(line: str) -> bool:
    line = line.rstrip()
    return bool(_TERMINAL.search(line)) and not _ELLIPSIS.search(line)


def is_teaser_cut(line: str) -> bool:
    """A paragraph cut off with an ellipsis, as related-article teasers are."""
    return bool(_ELLIPSIS.search(line.rstrip()))


def is_prose(line: str, min_words: int = 3) -> bool:
    """A full sentence (or more): enough words and a closing full stop, ? or !."""
    return ends_sentence(line) and len(words(line)) >= min_words


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def is_divider(line: str) -> bool:
    """Lone numbers, rules of dashes, stray symbols."""
    return bool(_DIVIDER.match(line.strip()))


def has_full_date(line: str) -> bool:
    return bool(_DATE.search(line))


def full_dates(line: str) -> list[str]:
    return [m.group(0) for m in _DATE.finditer(line)]


def _opens(text: str, phrase: str) -> bool:
    return text.startswith(phrase) and (
        len(text) == len(phrase) or not text[len(phrase)].isalnum() or not phrase[-1].isalnum()
    )


_NEVER = re.compile(r"(?!)")


def _phrases(phrases: tuple[str, ...] | list[str], opening: bool = False) -> re.Pattern[str]:
    """One pattern for a cue list: whole-word matches anywhere (so "share" misses "shares"),
    or only at the start of the line."""
    if not phrases:
        return _NEVER
    parts = [re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "") for p in sorted(set(phrases), key=len, reverse=True)]
    return re.compile(("^" if opening else r"(?<!\w)") + "(?:" + "|".join(parts) + ")")


class Furniture:
    """Line tests over one set of cues (compiled once: they run on every line of every page)."""

    def __init__(self, cues: Cues):
        self.cues = cues
        c = cues
        self._cookie = _phrases(c.cookie_words)
        self._cookie_notice = re.compile("|".join(map(re.escape, c.cookie_notice_words)) or "(?!)")
        self._translation = _phrases(c.translation_cues)
        self._subjects = _phrases(c.notice_subjects)
        self._repost = _phrases(c.repost_phrases)
        self._word_prefixes = _phrases([p for p in c.prefixes if p[0].isalpha()], opening=True)
        self._sign_prefixes = _phrases([p for p in c.prefixes if not p[0].isalpha()], opening=True)
        self._actions = _phrases(c.calls_to_action, opening=True)
        self._reader = _phrases(c.reader_phrases)
        self._navigation = _phrases(c.navigation_words, opening=True)
        cue = (
            "(?:" + "|".join(re.escape(p) for p in sorted(c.photo_cues, key=len, reverse=True)) + ")"
            if c.photo_cues
            else "(?!)"
        )
        self._photo_opener = re.compile(r"^[(\[]?" + cue + r"\s*(?::|by\b|credit\b|courtesy\b|/)")
        # a caption that ends by crediting its picture: "... (Photo: Agency)", "... Photo by Agency"
        self._photo_tail = re.compile(
            r"(?:[(\[]" + cue + r"\s*(?::|by\b)[^)\]]*[)\]]|(?<=[.!?] )" + cue + r"\s*(?::|by\b)[^.!?]{1,60})\s*$"
        )

    def kind(self, line: str) -> str | None:
        """The kind of furniture a line is by its words, or None when its words say nothing."""
        low = _BULLET.sub("", line.strip()).lower()
        n = len(words(line))
        if not low:
            return None
        if self.is_cookie_notice(low):
            return "cookie"
        if self.is_translation_notice(low):
            return "translation"
        if self.is_repost_notice(low, n):
            return "repost"
        if self.is_photo_credit(low, n):
            return "photo"
        if self.is_nav_link(line.strip(), low, n):
            return "link"
        if n <= 30 and (self._sign_prefixes.search(low) or (self._word_prefixes.search(low) and not is_prose(line, 8))):
            return "label"  # a word cue spares a full sentence ("Copyright holders protested ...")
        if self.is_call_to_action(line, low, n):
            return "prompt"
        return None

    def is_cookie_notice(self, low: str) -> bool:
        return bool(self._cookie.search(low) and self._cookie_notice.search(low))

    def is_translation_notice(self, low: str) -> bool:
        return self.notice_language(low) is not None

    def notice_language(self, line: str) -> str | None:
        """The language a translation notice is written in, by its cue; None if it is none.

        A notice is short and opens with its cue, is no sentence, or speaks of the page
        itself ("This article was machine-translated"); "The speech was translated by
        state media." is a sentence of the article.
        """
        low = _BULLET.sub("", line.strip()).lower()
        if len(words(low)) > 12:
            return None
        m = self._translation.search(low)
        if m and (m.start() == 0 or not is_prose(line) or self._subjects.search(low)):
            return self.cues.translation_languages.get(m.group(0))
        return None

    def is_repost_notice(self, low: str, n: int) -> bool:
        return n <= 30 and bool(self._repost.search(low) and self._subjects.search(low))

    def is_photo_credit(self, low: str, n: int) -> bool:
        return bool(self._photo_opener.search(low) or (n <= 40 and self._photo_tail.search(low)))

    def is_nav_link(self, line: str, low: str, n: int) -> bool:
        """Previous/next links: a line opening or closing on an arrow that is not a quotation."""
        marks = self.cues.link_marks
        # an arrow set apart by a space ("« Previous title", "Next title »") is a link
        if any(line.startswith(m + " ") or line.endswith(" " + m) for m in marks):
            return True
        # one stuck to a word may be a quotation mark: only a line that is no sentence
        opens = any(line.startswith(m) for m in marks)
        closes = any(line.endswith(m) for m in marks)
        quoted = "«" in line and "»" in line
        if (opens or closes) and not quoted and not is_prose(line, 8):
            return True
        return n <= 4 and bool(self._navigation.search(low))

    def is_call_to_action(self, line: str, low: str, n: int) -> bool:
        if (n <= 6 or not is_prose(line, 8)) and self._actions.search(low):
            return True
        return n <= 20 and bool(self._reader.search(low))

    def is_related_heading(self, line: str) -> bool:
        """A short heading that opens a list of other articles ("Related articles")."""
        low = _BULLET.sub("", line.strip()).lower().rstrip(":.!…")
        if not low or len(words(low)) > 5 or ends_sentence(line):
            return False
        return any(
            low == h or (_opens(low, h) and len(words(low)) <= len(words(h)) + 2) for h in self.cues.related_headings
        )

    def is_closing_heading(self, line: str) -> bool:
        """A heading after which nothing is the article's ("Leave a Reply", "12 Comments")."""
        low = re.sub(r"^\d+\s+", "", _BULLET.sub("", line.strip()).lower()).rstrip(":.!…*() 0123456789")
        return bool(low) and len(words(low)) <= 5 and low in self.cues.closing_headings

    def is_section_word(self, word: str) -> bool:
        return word.lower() in self.cues.section_words
