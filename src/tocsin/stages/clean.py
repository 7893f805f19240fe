"""The clean stage: reduce a scraped page to the article body.

``record.text`` becomes the body's paragraphs, separated by a blank line, with the
page's own characters (curly quotes and all): later stages cite offsets into it.
HTML goes through trafilatura first; plain-text scrapes (and trafilatura's output) go
through the line rules below:

1. The body is made of prose: lines that end like a sentence. It starts at the first
   *strong* line (a sentence of eight words or more that no cue marks as furniture),
   skipping a standfirst (a sentence followed by a byline or date line) and a headline
   written as a sentence (a short first line that the paragraph under it restates), and
   ends at the last strong line plus the short sentences right after it.
2. Inside that span, lines that are not sentences (menus, sub-headings, captions,
   "Advertisement", lone numbers) and lines the cue vocabulary marks as furniture are
   dropped, except the author's sub-headings (a short capitalised line between two
   paragraphs, with no colon); a "Related articles"-style heading drops everything after it until two
   strong paragraphs in a row show that the article resumes; a comment-section heading
   ("Leave a Reply") or a dated copyright line ("© Outlet 2001-2025") ends the article
   for good. A long line ending with ":" that introduces a list or a quotation is kept.
3. Teasers (a short title followed by a paragraph cut off with "...") are dropped, and
   so are photo captions that end with a credit in brackets ("... on the bridge. (AP)")
   when more of the article follows (the last such line may be a wire signature).
4. A page's date stamp that runs into the first paragraph ("date 2025-05-08 KABUL: ...")
   is split off as a line of its own.

Removed lines are kept for the meta stage: ``doc.furniture`` (every removed
line, in page order) and ``doc.header_lines`` (those above the body, where
headlines, bylines and dates live). For HTML, trafilatura's metadata goes to
``doc.html_meta``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING, Any

from tocsin.document import Document
from tocsin.registry import stage
from tocsin.stages.furniture import (
    Furniture,
    ends_sentence,
    is_bullet,
    is_divider,
    is_prose,
    is_teaser_cut,
    restates,
    words,
)

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

log = logging.getLogger(__name__)

STRONG_WORDS = 8  # a sentence this long is body even next to furniture
SUBHEADING_WORDS = 8  # an author's sub-heading is short
QUOTE_MARKS = "«»‹›"  # link marks that also quote: never split at them
CREDIT_TAIL = re.compile(r"[.!?][\"”’»]?\s*\(([^()]{1,50})\)\s*$")
CLOCK = re.compile(r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?)?")


@dataclass
class Cleaned:
    body: list[str]
    header: list[str]
    furniture: list[str]


class Cleaner:
    def __init__(self, furniture: Furniture):
        self.furniture = furniture

    def clean(self, text: str) -> Cleaned:
        lines = [
            part
            for line in unwrap(split_lines(text), self.furniture)
            for stamped in self.split_stamp(line)
            for part in self.split_glued_link(stamped)
        ]
        if not lines:
            return Cleaned([], [], [])
        kinds = [self.furniture.kind(line) for line in lines]
        strong = [
            kinds[i] is None and is_prose(line, STRONG_WORDS) and not is_teaser_cut(line)
            for i, line in enumerate(lines)
        ]
        self._mark_captions(lines, kinds, strong)
        start = self._body_start(lines, strong)
        if start is None:
            return self._fallback(lines, kinds)
        end = self._body_end(lines, kinds, strong, start)
        keep = self._keep_in_span(lines, kinds, strong, start, end)
        body = [lines[i] for i in range(len(lines)) if keep[i]]
        header = [lines[i] for i in range(start)]
        furniture = [lines[i] for i in range(len(lines)) if not keep[i]]
        return Cleaned(body, header, furniture)

    @staticmethod
    def _mark_captions(lines: list[str], kinds: list[str | None], strong: list[bool]) -> None:
        """A sentence closed by a credit in brackets ("... at the border. (AP)") is a photo
        caption when more of the article follows; the last one may be a wire signature."""
        credited = [bool((m := CREDIT_TAIL.search(line)) and _credit(m.group(1))) for line in lines]
        later = False  # a strong line without a credit further down
        for i in range(len(lines) - 1, -1, -1):
            if strong[i] and credited[i] and later:
                kinds[i], strong[i] = "photo", False
            later = later or (strong[i] and not credited[i])

    def _body_start(self, lines: list[str], strong: list[bool]) -> int | None:
        firsts = [i for i, s in enumerate(strong) if s]
        if not firsts:
            return None
        start = firsts[0]
        # a headline written as a sentence, restated by the paragraph under it
        if start == 0 and len(firsts) > 1 and firsts[1] == 1 and restates(lines[0], lines[1]):
            start = firsts[1]
        # A standfirst is a sentence above the byline or the date: skip it (at most twice).
        for nxt in firsts[1:3]:
            between = lines[start + 1 : nxt]
            if any(self.is_header_detail(b) for b in between):
                start = nxt
            else:
                break
        return start

    def _body_end(self, lines: list[str], kinds: list[str | None], strong: list[bool], start: int) -> int:
        closing = next(
            (
                i
                for i in range(start + 1, len(lines))
                if self.furniture.is_closing_heading(lines[i]) or self.furniture.closes_article(lines[i])
            ),
            len(lines),
        )
        end = max(i for i in range(start, closing) if strong[i])
        # Short closing sentences right after the last long one still belong to the article.
        while (
            end + 1 < len(lines)
            and kinds[end + 1] is None
            and is_prose(lines[end + 1])
            and not is_teaser_cut(lines[end + 1])
            and not self.furniture.is_related_heading(lines[end + 1])
        ):
            end += 1
        return end

    def _keep_in_span(
        self, lines: list[str], kinds: list[str | None], strong: list[bool], start: int, end: int
    ) -> list[bool]:
        keep = [False] * len(lines)
        in_related = False
        for i in range(start, end + 1):
            line = lines[i]
            if self.furniture.is_related_heading(line):
                in_related = True
                continue
            if in_related:
                resumes = strong[i] and i + 1 <= end and strong[i + 1]
                if not resumes:
                    continue
                in_related = False
            if is_teaser_cut(line) and not (strong[i - 1] and i + 1 <= end and strong[i + 1]):
                continue  # cut off with "...": a teaser, unless the article surrounds it
            if kinds[i] is None and self._subheading(lines, strong, i, start, end):
                keep[i] = True
                continue
            if kinds[i] is not None or not (is_prose(line) or _introduces(line) or is_teaser_cut(line)):
                continue
            if self._is_teaser_title(lines, strong, i):
                continue
            keep[i] = True
        return keep

    def _subheading(self, lines: list[str], strong: list[bool], i: int, start: int, end: int) -> bool:
        """The author's sub-heading: a short capitalised line, no sentence, between two
        paragraphs of the article (teaser titles are longer or carry a colon)."""
        line = lines[i].strip()
        n = len(words(line))
        if not (start < i < end and strong[i - 1] and strong[i + 1]) or not 2 <= n <= SUBHEADING_WORDS:
            return False
        if not line[:1].isupper() or ":" in line or ends_sentence(line) or lines[i - 1].rstrip().endswith(":"):
            return False
        return not (is_bullet(line) or is_divider(line) or self.furniture.is_related_heading(line))

    def split_stamp(self, line: str) -> list[str]:
        """ "date 2025-05-08 KABUL: Officials said ...": the page's date stamp is a line of its own."""
        if self.furniture.date_label(line) is None or self.furniture.dates is None:
            return [line]
        found = self.furniture.dates.full(line)
        if not found or len(words(line[: found[0].start])) > 3:
            return [line]
        cut = CLOCK.match(line, found[0].end)
        end = cut.end() if cut else found[0].end
        rest = line[end:].strip(" |·,")
        if len(words(rest)) < 3:
            return [line]
        return [line[:end].strip(), rest]

    def split_glued_link(self, line: str) -> list[str]:
        """ "Read the full version ➞The ministry said ...": a link glued to the paragraph after it."""
        for mark in self.furniture.cues.link_marks:
            at = line.find(mark)
            if at <= 0 or mark in QUOTE_MARKS:
                continue
            head, rest = line[: at + len(mark)], line[at + len(mark) :].strip()
            if len(words(head)) <= 8 and rest[:1].isupper() and len(words(rest)) >= 3 and not ends_sentence(head):
                return [head.strip(), rest]
        return [line]

    def is_header_detail(self, line: str) -> bool:
        """A byline or a date line: what separates a standfirst from the body."""
        n = len(words(line))
        return bool(self.furniture.byline.match(line)) and n <= 8 or self.furniture.has_full_date(line) and n <= 10

    @staticmethod
    def _is_teaser_title(lines: list[str], strong: list[bool], i: int) -> bool:
        """A short line right above a cut-off paragraph titles a teaser, unless the article goes on."""
        if not (i + 1 < len(lines) and len(words(lines[i])) <= 14 and is_teaser_cut(lines[i + 1])):
            return False
        return not (strong[i] and i + 2 < len(lines) and strong[i + 2])

    def _fallback(self, lines: list[str], kinds: list[str | None]) -> Cleaned:
        """No full sentence anywhere: keep what is not furniture, so nothing is lost silently."""
        keep = [
            kinds[i] is None
            and not is_divider(line)
            and not is_bullet(line)
            and not self.furniture.is_related_heading(line)
            for i, line in enumerate(lines)
        ]
        body = [line for line, k in zip(lines, keep, strict=True) if k]
        furniture = [line for line, k in zip(lines, keep, strict=True) if not k]
        return Cleaned(body, [], furniture)


def _credit(text: str) -> bool:
    """ "AP", "Reuters", "Jane Doe/Agency via Picture Desk": names, not words of a sentence."""
    ws = text.split()
    return 0 < len(ws) <= 6 and all(w[0].isupper() or "/" in w or (w.isalpha() and len(w) <= 3) for w in ws)


def _introduces(line: str) -> bool:
    """A sentence that introduces a list or a quotation ("The ministry made three demands:")."""
    return line.rstrip().endswith(":") and len(words(line)) >= STRONG_WORDS


def split_lines(text: str) -> list[str]:
    """Non-empty lines, stripped of trailing space, with blank lines marked as ''."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x00", "")
    return [line.strip() for line in text.split("\n")]


def unwrap(lines: list[str], furniture: Furniture) -> list[str]:
    """Join hard-wrapped paragraphs (blocks of long lines cut mid-sentence); drop blanks."""
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        wrapped = _hard_wrapped(block) and not any(furniture.kind(b) for b in block)
        out.extend([" ".join(block)] if wrapped else block)
        block = []
    return out


def _hard_wrapped(block: list[str]) -> bool:
    if len(block) < 3:
        return False
    inner = block[:-1]
    width = max(len(b) for b in inner)
    # Wrapped lines stop near one width, mostly in the middle of a sentence.
    cut = [b for b in inner if len(b) >= 0.8 * width and not is_prose(b)]
    return 50 <= width <= 100 and len(cut) >= 0.7 * len(inner)


XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PAGE_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def html_to_text(html: str, url: str | None) -> tuple[str, dict[str, Any]]:
    """The main text of an HTML page (trafilatura, else every block's text) and its metadata."""
    html = XML_UNSAFE.sub(" ", html)  # lxml refuses NUL and other control characters outright
    meta: dict[str, Any] = {}
    text = ""
    try:
        import trafilatura

        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # a malformed page must not stop a batch
        log.debug("trafilatura failed: %s", err)
        extracted = None
    if extracted is not None:
        text = getattr(extracted, "text", None) or ""
        meta = {k: getattr(extracted, k, None) for k in ("title", "author", "date", "sitename", "hostname")}
    if not text.strip():
        text = _block_text(html)
    found = PAGE_TITLE.search(html[:200_000])
    meta["page_title"] = unescape(re.sub(r"\s+", " ", found.group(1))).strip() if found else None
    return text, meta


def _block_text(html: str) -> str:
    """Every block element's text on its own line, scripts and styles left out."""
    try:
        import lxml.html

        root = lxml.html.fromstring(html)
    except Exception:
        return re.sub(r"<[^>]+>", " ", html)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = (
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "title",
    )
    for el in root.iter(*blocks):
        el.tail = "\n" + (el.tail or "")
        if el.text:
            el.text = "\n" + el.text
    text: str = root.text_content()
    return text


class CleanStage:
    name = "clean"

    def __init__(self, cleaner: Cleaner):
        self.cleaner = cleaner

    def __call__(self, doc: Document) -> None:
        article = doc.article
        if article.html and not article.text:
            raw, meta = html_to_text(article.html, article.url)
            doc.html_meta = meta
        else:
            raw = article.text or ""
        cleaned = self.cleaner.clean(raw)
        doc.record.text = "\n\n".join(cleaned.body)
        doc.furniture = cleaned.furniture
        doc.header_lines = cleaned.header


@stage("clean", requires=("article",), assigns=("text", "furniture", "header_lines", "html_meta"))
def make(config: Config, language: Language | None = None) -> CleanStage:
    return CleanStage(Cleaner(config.knowledge.furniture))
