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

from tocsin.knowledge import load_yaml
from tocsin.stages.written_dates import WrittenDates, written_dates

# A sentence ends with . ! ? or a closing quote/bracket after one; "..." is a cut-off teaser.
_CLOSERS = "\"'”’»)]"
# A wire signature may follow the last full stop: "... concluded. (AGENCY)" or "/AGENCY/".
_SIGNATURE = r"(?:\s*\([^()]{1,30}\)|\s*/[^/]{1,30}/)?"
_TERMINAL = re.compile(r"(?:[.!?][" + re.escape(_CLOSERS) + r"]*|[.!?]?[”\"»])" + _SIGNATURE + "$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)[" + re.escape(_CLOSERS) + r"]*$")
_BULLET = re.compile(r"^\s*[•·●▪◦■□►▶\-*–]\s+")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’»)]*\s+[\"“«(]?[A-ZА-ЯЁ]")
_DIVIDER = re.compile(r"^[\W\d_]*$")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
KINDS_KEPT = 4096  # lines whose kind is kept (a page's lines, read by several rules)


@dataclass(frozen=True)
class Cues:
    """The cue lists of ``furniture.yaml``, every language's section merged, lower-cased."""

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
    translation_languages: dict[str, str] = field(default_factory=dict)  # cue -> the language it is written in
    notice_subjects: tuple[str, ...] = ()
    repost_phrases: tuple[str, ...] = ()
    correction_phrases: tuple[str, ...] = ()
    section_words: frozenset[str] = field(default_factory=frozenset)
    byline_words: tuple[str, ...] = ()
    credit_words: tuple[str, ...] = ()
    published_labels: tuple[str, ...] = ()
    updated_labels: tuple[str, ...] = ()
    source_language_words: tuple[str, ...] = ()
    copyright_marks: tuple[str, ...] = ()
    rights_phrases: tuple[str, ...] = ()
    page_notices: tuple[str, ...] = ()
    source_labels: tuple[str, ...] = ()
    name_joiners: tuple[str, ...] = ()


_LISTS = tuple(k for k in Cues.__dataclass_fields__ if k not in ("translation_languages", "section_words"))


@cache
def load_cues(data: Path) -> Cues:
    path = Path(data) / "furniture.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
    merged: dict[str, list[str]] = {k: [] for k in (*_LISTS, "section_words")}
    translation: dict[str, str] = {}
    for code, section in (raw or {}).items():
        for key, values in (section or {}).items():
            if key not in merged:
                raise ValueError(f"{path}: unknown key {key!r} in section {code!r}")
            items = [str(v).lower() for v in values or ()]
            merged[key] += [v for v in items if v not in merged[key]]
            if key == "translation_cues":
                translation.update({v: str(code) for v in items})
    return Cues(
        **{k: tuple(merged[k]) for k in _LISTS},
        translation_languages=translation,
        section_words=frozenset(merged["section_words"]),
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


HEADLINE_WORDS = 14  # a headline written as a sentence is no longer than this
RESTATED = 0.6  # the share of its words the paragraph under a headline repeats


def restates(headline: str, paragraph: str) -> bool:
    """A short one-sentence line whose words the next paragraph mostly repeats is a headline
    ("Court jails five over border attack." over "A court jailed five men for the attack ...").
    Words are compared by their first five letters, so "attack"/"attackers" match."""
    if not is_prose(headline, 3) or len(words(headline)) > HEADLINE_WORDS or len(words(paragraph)) < HEADLINE_WORDS:
        return False
    if len(_SENTENCE_BREAK.findall(headline.strip())) > 0:
        return False  # two sentences: a paragraph, not a headline

    def stems(text: str) -> set[str]:
        return {w.lower()[:5] for w in words(text) if len(w) >= 4}

    own = stems(headline)
    return bool(own) and len(own & stems(paragraph)) >= RESTATED * len(own)


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def is_divider(line: str) -> bool:
    """Lone numbers, rules of dashes, stray symbols."""
    return bool(_DIVIDER.match(line.strip()))


def alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """One regular-expression alternation of phrases, longest first, any white space between words."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True)) or "(?!)"


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


def furniture(data: Path) -> Furniture:
    """The line tests over the cues and written dates of a data folder."""
    return _furniture(Path(data))


@cache
def _furniture(data: Path) -> Furniture:
    return Furniture(load_cues(data), written_dates(data))


class Furniture:
    """Line tests over one set of cues (compiled once: they run on every line of every page)."""

    def __init__(self, cues: Cues, dates: WrittenDates | None = None):
        self.cues = cues
        self.dates = dates
        self._kinds: dict[str, str | None] = {}  # the last lines read: cleaning and meta read a page's lines again
        c = cues
        self._correction = _phrases(c.correction_phrases)
        self.byline = re.compile(rf"^\s*(?:{alternation(c.byline_words)})\s*[:\-]?\s+\S", re.IGNORECASE)
        self.credit = re.compile(rf"^\s*(?:{alternation(c.credit_words)})\s+", re.IGNORECASE)
        self._published_label = _phrases(c.published_labels, opening=True)
        self._copyright = re.compile(rf"^[\W_]*(?:{alternation(c.copyright_marks)})", re.IGNORECASE)
        self._rights = _phrases(c.rights_phrases)
        self._page_notice = _phrases(c.page_notices, opening=True)
        self._source = re.compile(rf"^\s*(?:{alternation(c.source_labels)})\s*:\s*(?P<name>[^|\n]+)", re.IGNORECASE)
        self._updated_label = _phrases(c.updated_labels, opening=True)
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
        if line in self._kinds:
            return self._kinds[line]
        if len(self._kinds) >= KINDS_KEPT:
            self._kinds.clear()
        found = self._kinds[line] = self._kind(line)
        return found

    def _kind(self, line: str) -> str | None:
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
        if self.is_correction_notice(low, n):
            return "correction"
        if self.is_copyright_line(line):
            return "copyright"
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

    def is_correction_notice(self, low: str, n: int) -> bool:
        """ "A previous version of this story gave ...": a correction phrase and the page itself."""
        return n <= 60 and bool(self._correction.search(low) and self._subjects.search(low))

    def is_copyright_line(self, line: str) -> bool:
        """ "© 2025 Outlet", "Outlet. All rights reserved.": a short line, no sentence of the article."""
        low = line.strip().lower()
        if len(words(low)) > 20 or not (self._copyright.search(low) or self._rights.search(low)):
            return False
        return not is_prose(line, 12) or bool(self._rights.search(low))

    def closes_article(self, line: str) -> bool:
        """A copyright line with a year or a rights phrase: what stands after it is the site's footer."""
        low = line.strip().lower()
        return self.is_copyright_line(line) and bool(re.search(r"\b(?:19|20)\d\d\b", low) or self._rights.search(low))

    def source_name(self, line: str) -> str | None:
        """ "Source: Agency| 2025-03-27": the name the label gives."""
        m = self._source.match(line)
        return m.group("name").strip(" .,;") if m else None

    def is_menu_line(self, line: str) -> bool:
        """A short line of links ending on a prompt: "World News Login", "Home Sign in"."""
        ws = _BULLET.sub("", line.strip()).lower().split()
        if not 0 < len(ws) <= 5 or is_prose(line):
            return False
        return any((m := self._actions.match(" ".join(ws[-n:]))) and m.end() == len(" ".join(ws[-n:])) for n in (1, 2))

    def is_page_notice(self, line: str) -> bool:
        """ "This audio is generated automatically": a short line that speaks of the page itself."""
        low = _BULLET.sub("", line.strip()).lower()
        return len(words(low)) <= 12 and bool(self._page_notice.search(low)) and not is_prose(line, 8)

    def has_full_date(self, line: str) -> bool:
        return bool(self.dates and self.dates.full(line))

    def date_label(self, line: str) -> str | None:
        """ "published" or "updated" for a line opening with such a label ("Posted on ..."), else None."""
        low = _BULLET.sub("", line.strip()).lower()
        if self._updated_label.search(low):
            return "updated"
        if self._published_label.search(low):
            return "published"
        return None

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
