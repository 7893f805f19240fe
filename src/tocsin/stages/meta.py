"""The meta stage: title, outlet, domain, authors, publication date, language, translation.

Values the article already carries (a JSON Lines field, an HTML page's metadata) are
kept; the rest is read from the page: the furniture and header lines the clean stage set
aside (``doc.furniture``, ``doc.header_lines``) and the body itself.
See ``outlets.py`` for the outlet and ``pubdate.py`` for the date.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from tocsin.document import Document
from tocsin.languages import LANGUAGES
from tocsin.registry import stage
from tocsin.stages.furniture import alternation, is_bullet, is_divider, restates, words
from tocsin.stages.outlets import OutletFinder, site_from_page_title

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

    from tocsin.languages import Language
    from tocsin.pipeline import Config

log = logging.getLogger(__name__)

NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё'’-]+|[A-ZА-Я]\.)$")


class MetaStage:
    name = "meta"

    def __init__(self, config: Config):
        self.today = config.today
        self.furniture = config.knowledge.furniture
        cues = self.furniture.cues
        self._byline_re = re.compile(
            rf"^\s*(?:{alternation(cues.byline_words)})\s*[:\-]?\s+(?P<names>[^|·•\d]{{3,80}})", re.IGNORECASE
        )
        self._name_split = re.compile(rf"\s*(?:,|(?<!\w)(?:{alternation(cues.name_joiners)})(?!\w))\s*")
        # "machine-translated from Uzbek": the language a notice names
        self._from_language = re.compile(rf"\b(?:{alternation(cues.source_language_words)})\s+(?:the\s+)?([A-Z][a-z]+)")
        self.dates = config.knowledge.publication_dates
        self.finder = OutletFinder(
            config.knowledge.outlets, self._is_photo_credit, cues.copyright_marks, cues.rights_phrases
        )

    def _is_photo_credit(self, line: str) -> bool:
        return self.furniture.kind(line) == "photo"

    def _site(self, html: dict[str, Any]) -> str | None:
        """The site's own name: the page title's suffix, else trafilatura's (not a bare host name)."""
        named = site_from_page_title(html.get("page_title"), html.get("title"))
        if named:
            known = self.finder.outlets.by_name(named)
            return known.name if known else named
        site = html.get("sitename")
        return None if site and site == html.get("hostname") else site

    def __call__(self, doc: Document) -> None:
        record, article = doc.record, doc.article
        body = record.text or ""
        header = doc.header_lines
        furniture = doc.furniture
        html = doc.html_meta
        dateline = self.dates.page_dateline(body, header)

        copyright_names = self.finder.copyright_names(furniture)
        line = self.headline(header, copyright_names, body)
        site = None
        if line and (split := self.finder.site_of_title(line, furniture)):
            line, site = split
        named = [n for text in header + furniture if (n := self.furniture.source_name(text))]
        named += [raw for text in header if (raw := self._byline_text(text))]
        # "Agency | Published 3 June 2025", "Outlet · 2 min read": the parts of short header lines
        named += [part.strip() for text in header if len(words(text)) <= 12 for part in re.split(r"[|·•]", text)]
        found = self.finder.find(
            article.url or record.source.url,
            dateline.agency if dateline else None,
            body,
            header,
            furniture,
            site,
            named,
        )
        # a page's own declared site beats a dateline's agency: "KABUL (Reuters) —" on a
        # newspaper's page is the wire it reprints, not the page's publisher
        record.source.outlet = record.source.outlet or self._site(html) or found.outlet
        record.source.domain = record.source.domain or found.domain or html.get("hostname")
        if line and record.source.outlet and _squash(line).startswith(_squash(record.source.outlet)):
            line = self.headline(header, [record.source.outlet, *copyright_names], body)
        record.title = record.title or html.get("title") or line or article.listed_title
        if not record.authors:
            people = [a for a in self.authors_from(html.get("author")) if not self._desk(a)]
            record.authors = people or self.bylines(header, furniture)
        if not record.published:
            if html.get("date"):
                record.published = str(html["date"])[:10]
            elif article.listed_published:  # the feed's date beats a guess from the text
                record.published = article.listed_published
            else:
                published = self.dates.infer(body, header, furniture, self.today)
                record.published, record.published_text = published.value, published.text
        record.language = record.language or language_of(body, prefer=set(LANGUAGES))
        record.translated_from = record.translated_from or self.translated_from(furniture, record.language)

    def authors_from(self, value: str | None) -> list[str]:
        """The names of an HTML page's author field ("Jane Doe; John Roe")."""
        if not value:
            return []
        return [n.strip() for part in value.split(";") for n in self._name_split.split(part) if n.strip()]

    def _byline(self, line: str) -> re.Match[str] | None:
        return self._byline_re.match(line)

    def _byline_text(self, line: str) -> str | None:
        """What a short byline names ("By Agency staff" → "Agency staff"), person or desk."""
        m = self._byline(line)
        return m.group("names").strip(" .") if m and len(words(line)) <= 8 else None

    # -- title ---------------------------------------------------------------------------

    def headline(self, header: list[str], mastheads: Sequence[str] = (), body: str = "") -> str | None:
        """The first headline-shaped line above the body, below the last menu, not the site's
        name; a line right above a photo credit is a caption when another candidate follows."""
        last_menu = max((i for i, line in enumerate(header) if is_bullet(line)), default=-1)
        sites = [_squash(m) for m in mastheads]
        candidates = [
            i
            for i in range(last_menu + 1, len(header))
            if (self._headline_shaped(header[i]) or self._sentence_headline(header, i, body))
            and not any(_squash(header[i]).startswith(s) for s in sites if s)
        ]
        for n, i in enumerate(candidates):
            captioned = i + 1 < len(header) and self.furniture.kind(header[i + 1]) == "photo"
            if not captioned or n == len(candidates) - 1:
                return header[i].strip()
        return None

    @staticmethod
    def _sentence_headline(header: list[str], i: int, body: str) -> bool:
        """The last line above the body, a sentence that the first paragraph restates."""
        return i == len(header) - 1 and restates(header[i], body.split("\n\n", 1)[0])

    def _headline_shaped(self, line: str) -> bool:
        ws = words(line)
        if not 3 <= len(ws) <= 25 or line.rstrip().endswith((".", ",", ";", ":", "|", "»", "›")):
            return False
        first = line.strip()[:1]
        if first.isalpha() and first.islower():  # "situs slot gacor": spam or a fragment
            return False
        if self.furniture.kind(line) or is_divider(line) or self.furniture.has_full_date(line) or self._byline(line):
            return False
        if self.furniture.is_page_notice(line) or self.furniture.is_menu_line(line):
            return False
        if len(re.findall(r"\s[|•·/>»›]\s", line)) >= 2:  # a menu, breadcrumbs or a ticker
            return False
        if self.finder.outlets.leading(line):  # the masthead, with its tagline
            return False
        if self.finder.outlets.by_name(line):  # the masthead
            return False
        if self._person_name(line) or self.furniture.is_related_heading(line):
            return False
        # a site's tagline ("Daily Regional News Service") is made of section words
        section = sum(self.furniture.is_section_word(w) for w in ws)
        return section < 0.4 * len(ws)

    # -- authors -------------------------------------------------------------------------

    def bylines(self, header: list[str], furniture: list[str]) -> list[str]:
        """Names after "By" above the body, a name alone next to a date line, or "Reporting by"."""
        for line in header:
            if names := self._byline_names(line):
                return names
        for i, line in enumerate(header):
            near = header[max(0, i - 3) : i] + header[i + 1 : i + 4]
            name = _name_case(line.strip())
            if self._person_name(name) and any(self.furniture.has_full_date(n) for n in near):
                return [name]
        for line in furniture:  # a closing credit; a bare "By" there may belong to a teaser
            credit = self.furniture.credit.match(line)
            if credit and (names := self._byline_names("By " + line[credit.end() :])):
                return names
        return []

    def _byline_names(self, line: str) -> list[str]:
        m = self._byline(line)
        if not m or len(words(line)) > 12:
            return []
        names = [_name_case(n.strip(" .")) for n in self._name_split.split(re.split(r"[;|]", m.group("names"))[0])]
        return [n for n in names if self._person_name(n)]

    def _desk(self, name: str) -> bool:
        """A byline that names a desk or the outlet ("Newsroom", "Agency staff"), not a person."""
        return (
            any(self.furniture.is_section_word(w) for w in re.findall(r"\w+", name))
            or self.finder.outlets.by_name(name) is not None
        )

    def _person_name(self, text: str) -> bool:
        tokens = text.split()
        if not 2 <= len(tokens) <= 4 or not all(NAME_WORD.match(t) for t in tokens):
            return False
        if self.finder.outlets.by_name(text):
            return False
        return not any(self.furniture.is_section_word(t) for t in tokens)

    # -- translation ---------------------------------------------------------------------

    def translated_from(self, furniture: list[str], body_language: str | None) -> str | None:
        """The source language of a translated page: the notice's own language, or the one it names."""
        for line in furniture:
            own = self.furniture.notice_language(line)
            if own is None:
                continue
            if body_language and own != body_language:
                return own
            named = self._from_language.search(line)
            if named and (code := language_code(named.group(1))) and code != body_language:
                return code
            return other_language(furniture, body_language)
        return None


def other_language(lines: list[str], body_language: str | None) -> str | None:
    """The language of the page's furniture, when it is not the body's."""
    text = " ".join(line for line in lines if len(words(line)) >= 5)
    lang = language_of(text, min_probability=0.9) if text else None
    return lang if lang and lang != body_language else None


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _name_case(name: str) -> str:
    """ "AHMED RASHID" → "Ahmed Rashid"; other names as written."""
    return name.title() if name.isupper() and len(name) > 3 else name


@cache
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_of(text: str, min_probability: float = 0.0, prefer: Collection[str] = ()) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None when it cannot tell.

    When the identifier is unsure (below 0.9) and its guess is not in ``prefer`` but one of
    its next two guesses is, that one is taken: a short English news sentence full of names
    is often guessed as a related creole, and a guess nobody analyses costs the whole text.
    """
    sample = text[:5000]
    # too little text to tell one language from another
    if sum(c.isalpha() for c in sample) < 20 or len(words(sample)) < 3:
        return None
    try:
        ranked = _identifier().rank(sample)
    except Exception as err:
        log.debug("language identification failed: %s", err)
        return None
    lang, probability = ranked[0]
    if prefer and lang not in prefer and probability < 0.9:
        lang, probability = next(((code, p) for code, p in ranked[1:3] if code in prefer and p >= 0.05), ranked[0])
    return lang if lang and probability >= min_probability else None


def language_code(name: str) -> str | None:
    import pycountry

    try:
        found = pycountry.languages.lookup(name)
    except LookupError:
        return None
    return getattr(found, "alpha_2", None)


@stage(
    "meta",
    requires=("text", "furniture", "header_lines", "html_meta"),
    assigns=("title", "source", "authors", "published", "published_text", "language", "translated_from"),
)
def make(config: Config, language: Language | None = None) -> MetaStage:
    return MetaStage(config)
