"""Direct and reported speech in Russian text, each linked to the actor who said it.

Vocabulary: ``data/ru/quotes.yaml``. Statements are found as Russian news writes them:

* direct quotes in « », „ “ or " " (three words or more), and paragraphs that open with a
  dash (an interview's answer; a paragraph ending in "?" is the interviewer's question);
  the speaker is named in the attribution after them ("— сказал Бортников", "говорится в
  сообщении ведомства"), or is the subject of a reporting verb in the same sentence, or
  in an interview the person last said to speak;
* "Как заявил X, ...", "Как сообщили в X, ...", "По словам X, ...", "По информации X, ...",
  "Согласно его данным, ...": the rest of the sentence;
* "X заявил, что ...", "X подтвердил ...": from the verb to the end of the sentence;
* "Об этом заявила X", "Такую информацию распространил X", "С таким заявлением выступил
  X": the sentence before;
* a trailing credit to a news agency ("..., сообщает РИА Новости") relays a report and is
  not a statement of the agency's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from tocsin.document import Document
from tocsin.knowledge.russian import plain
from tocsin.record import Quote
from tocsin.registry import stage
from tocsin.stages.evidence import sentences

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"'}
MIN_WORDS = 3
SPEAKER_KINDS = ("person", "government", "igo", "organization", "state", "armed_group", "other")


class Reader:
    def __init__(self, doc: Document, parsed: Doc, vocab: dict[str, Any]):
        self.doc, self.text = doc, doc.record.text or ""
        self.sp = parsed  # ``doc.spacy``, known to be there
        self.verbs = {plain(v) for v in vocab.get("verbs") or []}
        self.according = sorted((plain(a) for a in vocab.get("according") or []), key=len, reverse=True)
        self.back = sorted((plain(a) for a in vocab.get("back") or []), key=len, reverse=True)
        self.relay = set(vocab.get("relay_sectors") or [])
        self.dashes = tuple(vocab.get("dashes") or ["—"])
        self.person_pronouns = set(vocab["person_pronouns"])
        self.any_pronouns = set(vocab["any_pronouns"])
        self.mentions = sorted((m for m in doc.mentions if m.kind == "actor"), key=lambda m: m.start)
        self.quotes: list[Quote] = []
        self.last_speaker: str | None = None
        self.interviewee: str | None = None

    # -- actors ---------------------------------------------------------------------------
    def actors_in(self, lo: int, hi: int) -> list[str]:
        out: list[str] = []
        for m in self.mentions:
            if m.start < hi and lo < m.end and m.ref not in out:
                out.append(m.ref)
        return out

    def best(self, refs: list[str]) -> str | None:
        """The speaker among actors named together: a person first, then a body."""
        record = self.doc.record
        for kind in SPEAKER_KINDS:
            for r in refs:
                a = record.actor(r)
                if a is not None and a.kind == kind:
                    return r
        return refs[0] if refs else None

    def before(self, pos: int, person: bool = False) -> str | None:
        """The last actor named before ``pos`` (a person when ``person``)."""
        for m in reversed(self.mentions):
            if m.end <= pos:
                a = self.doc.record.actor(m.ref)
                if a is not None and (not person or a.kind == "person"):
                    return m.ref
        return None

    def speaker_of(self, span: Span) -> str | None:
        """The actor a stretch of attribution names; a pronoun points back."""
        refs = self.actors_in(span.start_char, span.end_char)
        if refs:
            return self.best(refs)
        for t in span:
            if t.lower_ in self.person_pronouns:
                return self.before(t.idx, person=True)
            if t.lower_ in self.any_pronouns:
                return self.before(t.idx)
        return None

    def is_relay(self, ref: str | None) -> bool:
        a = self.doc.record.actor(ref) if ref else None
        return a is not None and a.sector in self.relay

    # -- writing ----------------------------------------------------------------------------
    def add(self, start: int, end: int, speaker: str | None, direct: bool) -> None:
        while start < end and self.text[start] in ' \t\n,.:;—–-«»"“”„':
            start += 1
        while end > start and self.text[end - 1] in ' \t\n,:;—–-«»"“”„':
            end -= 1
        if end - start < 2 or len(self.text[start:end].split()) < MIN_WORDS:
            return
        if any(q.start <= start and end <= q.end and q.direct == direct for q in self.quotes):
            return
        actor = self.doc.record.actor(speaker) if speaker else None
        self.quotes.append(
            Quote(
                speaker=speaker,
                speaker_name=actor.name if actor else None,
                text=self.text[start:end],
                direct=direct,
                start=start,
                end=end,
            )  # fmt: skip
        )
        if speaker:
            self.last_speaker = speaker

    # -- reading ----------------------------------------------------------------------------
    def run(self) -> None:
        sents = sentences(self.sp)
        previous: Span | None = None
        covered = 0
        quoted = self.pairs()
        for sent in sents:
            if sent.start_char >= covered:
                covered = max(covered, self.dash(sent))
            inside = any(a <= sent.start_char and sent.end_char <= b + 2 for a, b in quoted)
            if sent.start_char >= covered and not inside:
                self.intro(sent) or self.backward(sent, previous) or self.reported(sent)
            previous = sent
        self.direct_quotes()
        self.quotes.sort(key=lambda q: q.start)
        self.doc.record.quotes = self.quotes

    def pairs(self) -> list[tuple[int, int]]:
        """Quotation-mark pairs of the whole text: « » nest; a straight quote opens after a
        space or bracket and closes before punctuation or space; prefer the one ending a clause."""
        text, out = self.text, []
        k = 0
        while k < len(text):
            ch = text[k]
            if ch == "«":
                depth, j = 1, k + 1
                while j < len(text) and depth and text[j] != "\n":
                    depth += (text[j] == "«") - (text[j] == "»")
                    j += 1
                if depth == 0:
                    out.append((k + 1, j - 1))
                    k = j
                    continue
            elif ch in PAIRS and (k == 0 or text[k - 1] in " \t\n(—–-:"):
                closing = PAIRS[ch]
                ends = [j for j in range(k + 1, len(text)) if text[j] == closing and not text[j - 1].isspace()]
                ends = [j for j in ends if "\n" not in text[k:j]]
                final = [j for j in ends if j + 1 >= len(text) or text[j + 1] in ".!?;)\n"]
                end = final[-1] if final else ends[0] if ends else None
                if end is not None:
                    out.append((k + 1, end))
                    k = end + 1
                    continue
            k += 1
        return out

    def direct_quotes(self) -> None:
        sp = self.sp
        for start, end in self.pairs():
            inner = sp.char_span(start, end, alignment_mode="expand")
            if (
                inner is None
                or len(inner.text.split()) < MIN_WORDS
                or not any(t.pos_ in {"VERB", "AUX"} for t in inner)
            ):
                continue  # a name in quotation marks ("«Исламское государство — Вилаят Хорасан»")
            tail_end = self.text.find("\n", end)
            tail_end = len(self.text) if tail_end < 0 else tail_end
            sent_end = next((s.end_char for s in sp.sents if s.start_char <= end < s.end_char), tail_end)
            after = sp.char_span(end + 1, max(end + 1, min(sent_end, tail_end)), alignment_mode="expand")
            sent_start = next((s.start_char for s in sp.sents if s.start_char <= start < s.end_char), 0)
            before = sp.char_span(sent_start, max(sent_start, start - 1), alignment_mode="expand")
            speaker = None
            for part in (after, before):
                if part is not None and len(part) and self.has_verb(part):
                    speaker = self.speaker_of(part) or self.subject_of_verb(part)
                    if speaker:
                        break
            if speaker is None and before is not None and len(before):
                speaker = self.governing_speaker(before)
            if speaker is not None:
                self.add(start, end, speaker, True)

    def governing_speaker(self, span: Span) -> str | None:
        """ "МИД ... выпустил сообщение, где заявил, что ... решение «...»": the reporting subject."""
        for t in reversed(list(span)):
            if self.speech(t) or plain(t.lemma_) in {"сообщение", "заявление"}:
                head = t
                for _ in range(3):
                    subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
                    if subj is not None:
                        found = self.actors_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
                        if found:
                            return self.best(found)
                    if head.head.i == head.i:
                        break
                    head = head.head
        return None

    def dash(self, sent: Span) -> int:
        """A paragraph opening with a dash: an answer, or a statement with its attribution after
        a dash at its end. Returns where the paragraph ends (0 when it is no such paragraph)."""
        text = sent.text.lstrip()
        offset = sent.start_char + len(sent.text) - len(text)
        para_start = offset == 0 or self.text[:offset].rstrip(" \t").endswith("\n")
        if not para_start or not text.startswith(self.dashes):
            return 0
        end = self.text.find("\n", offset)
        end = len(self.text) if end < 0 else end
        body = self.text[offset + 1 : end]
        if body.rstrip().endswith("?"):
            return end  # the interviewer's question
        speaker = None
        stop = end
        m = re.search(r",?\s+[—–-]\s+(?P<attr>[^—–]+)$", body)
        if m is not None:
            attr = self.sp.char_span(offset + 1 + m.start("attr"), end, alignment_mode="expand")
            if attr is not None and self.has_verb(attr):
                speaker = self.speaker_of(attr) or self.last_body()
                stop = offset + 1 + m.start()
        speaker = speaker or self.interviewee or self.last_speaker
        self.add(offset + 1, stop, speaker, True)
        return end

    def last_body(self) -> str | None:
        for m in reversed(self.mentions):
            a = self.doc.record.actor(m.ref)
            if a is not None and a.kind in ("government", "igo", "organization"):
                return m.ref
        return None

    def intro(self, sent: Span) -> bool:
        """ "Как заявил X, ...", "По словам X, ...": the rest of the sentence after the comma."""
        m = re.match(r"^[^\w]*(?:[\w ]{0,40}?[^\w\s,]\s*)?(?=(?:как|по|согласно)\s)", plain(sent.text))
        lead = m.end() if m else len(sent.text) - len(sent.text.lstrip())
        low = plain(sent.text)[lead:]
        comma = sent.text.find(",", lead)
        if comma < 0:
            return False
        intro = self.sp.char_span(sent.start_char + lead, sent.start_char + comma, alignment_mode="expand")
        if intro is None:
            return False
        according = next((a for a in self.according if low.startswith(a + " ")), None)
        how = low.startswith("как ") and self.has_verb(intro)
        if not according and not how:
            return False
        speaker = self.speaker_of(intro)
        if speaker is None and how:
            speaker = self.place_state(intro)
        if speaker is None or (how and self.is_relay(speaker) and not according):
            return False
        self.add(sent.start_char + comma + 1, sent.end_char, speaker, False)
        return True

    def backward(self, sent: Span, previous: Span | None) -> bool:
        """ "Об этом заявила X": the sentence before is what X said."""
        if previous is None:
            return False
        low = plain(sent.text).lstrip()
        if not any(low.startswith(b + " ") for b in self.back) or not self.has_verb(sent):
            return False
        speaker = self.speaker_of(sent)
        if speaker is None or self.is_relay(speaker):
            return False
        self.add(previous.start_char, previous.end_char, speaker, False)
        return True

    def reported(self, sent: Span) -> bool:
        """ "X заявил, что ...", "X подтвердил ...", "..., сообщила X": from the verb on."""
        for tok in sent:
            if not self.speech(tok):
                continue
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubj:pass"}), None)
            content = [c for c in tok.children if c.dep_ in {"ccomp", "obj", "xcomp", "obl"} and c.i > tok.i]
            if subj is not None and content:
                speaker = self.speaker_of(sent[subj.left_edge.i - sent.start : subj.right_edge.i - sent.start + 1])
                if speaker and not self.is_relay(speaker):
                    self.add(tok.idx, sent.end_char, speaker, False)
                    self.note_interviewee(speaker)
                    return True
            if subj is None and content and any(c.dep_ == "ccomp" for c in content):
                speaker = self.place_state(sent)  # "В Душанбе ... говорят, что ..."
                if speaker:
                    self.add(tok.idx, sent.end_char, speaker, False)
                    return True
            if subj is not None and tok.i > subj.i:
                continue
            if subj is not None and tok.i < subj.i and tok.i > sent.start + 2:  # "..., сообщила X"
                speaker = self.speaker_of(sent[subj.left_edge.i - sent.start : subj.right_edge.i - sent.start + 1])
                if speaker and not self.is_relay(speaker):
                    self.add(sent.start_char, sent.end_char, speaker, False)
                    return True
        return False

    # -- helpers ----------------------------------------------------------------------------
    def speech(self, tok: Token) -> bool:
        return tok.pos_ in {"VERB", "AUX"} and plain(tok.lemma_) in self.verbs

    def has_verb(self, span: Span) -> bool:
        return any(self.speech(t) for t in span)

    def subject_of_verb(self, span: Span) -> str | None:
        for t in span:
            if self.speech(t):
                subj = next((c for c in t.children if c.dep_ in {"nsubj", "nsubj:pass"}), None)
                if subj is not None:
                    found = self.actors_in(subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text))
                    if found:
                        return self.best(found)
        return None

    def place_state(self, span: Span) -> str | None:
        """ "В Душанбе говорят": the state of the capital named."""
        for m in self.doc.mentions:
            if m.kind == "place" and span.start_char <= m.start < span.end_char:
                place = self.doc.record.place(m.ref)
                if place and place.country and self.doc.record.actor(place.country):
                    return place.country
        return None

    def note_interviewee(self, speaker: str) -> None:
        a = self.doc.record.actor(speaker)
        if a is not None and a.kind == "person":
            self.interviewee = speaker


class RussianQuotes:
    name = "quotes_ru"

    def __init__(self, knowledge: Knowledge):
        self.vocab = knowledge.russian_vocabulary("quotes")

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or not len(doc.spacy):
            return
        Reader(doc, doc.spacy, self.vocab).run()


@stage("quotes_ru", requires=("spacy", "actors"), assigns=("quotes",))
def make(config: Config, language: Language | None = None) -> RussianQuotes:
    return RussianQuotes(config.knowledge)
