"""Numeric claims in Russian text: counts of people and things, distances, money, ages.

Vocabulary: ``data/ru/claims.yaml``. A claim is a number (digits, "1,3 тыс.", a number
word or a collective: "трое", "девятерых") followed by the noun it counts, over the
adjectives between ("37 мобильных телефонов", "четверо афганских контрабандистов"), with a
hedge before it making it approximate ("более 30", "как минимум трое", "примерно 45 лет").
People counted by what they are (an actor noun of ``nouns.tsv``: guards, inmates, smugglers)
count as people. "Пострадавших нет" is a count of zero; "это уже вторая перестрелка" a
count of two. Dates, times, ordinals and code names are no claims.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from tocsin.document import Document
from tocsin.knowledge.russian import lemmas, plain
from tocsin.record import Claim
from tocsin.registry import stage
from tocsin.stages.evidence import evidence, sentences

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
MAX_GAP = 3  # adjectives or a "из них" between the number and its noun


class Reader:
    def __init__(self, doc: Document, vocab: dict[str, Any], people: set[str]):
        self.doc = doc
        self.numbers = {plain(k): v for k, v in (vocab.get("numbers") or {}).items()}
        self.ordinals = {plain(k): v for k, v in (vocab.get("ordinals") or {}).items()}
        self.multipliers = {plain(k): v for k, v in (vocab.get("multipliers") or {}).items()}
        self.hedges = sorted((plain(h) for h in vocab.get("hedges") or []), key=len, reverse=True)
        units = {plain(k): v for k, v in (vocab.get("units") or {}).items()}
        self.units = {k: v for k, v in units.items() if " " not in k}
        self.pairs = {tuple(k.split()): v for k, v in units.items() if " " in k}
        self.zero = {plain(z) for z in vocab.get("zero") or []}
        self.casualty_verbs = {plain(v) for v in vocab.get("casualty_verbs") or []}
        self.people = people
        self.months = ("январ", "феврал", "март", "апрел", "мая", "мае", "июн", "июл", "август", "сентябр",
                       "октябр", "ноябр", "декабр")  # fmt: skip

    def run(self) -> None:
        claims: list[Claim] = []
        sp = self.doc.spacy
        if sp is None:
            return
        for sent in sentences(sp):
            for tok in sent:
                claim = self.number_claim(sent, tok) or self.zero_claim(sent, tok) or self.ordinal_claim(sent, tok)
                if claim is not None and not any(
                    c.value == claim.value and c.unit == claim.unit and c.evidence.start == claim.evidence.start
                    for c in claims
                ):
                    claims.append(claim)
        self.doc.record.claims = claims

    # -- numbers ------------------------------------------------------------------------------
    def value(self, tok: Token) -> float | None:
        text = tok.text
        if NUMBER.match(text):
            return float(text.replace(",", "."))
        for form in {plain(tok.lemma_), *lemmas(text)}:
            if form in self.numbers and tok.pos_ in {"NUM", "NOUN", "ADJ", "DET"}:
                return float(self.numbers[form])
        return None

    def number_claim(self, sent: Span, tok: Token) -> Claim | None:
        value = self.value(tok)
        if value is None or self.not_a_count(tok):
            return None
        k = tok.i + 1
        doc = tok.doc
        if k < sent.end and plain(doc[k].text).rstrip(".") in self.multipliers:
            value *= self.multipliers[plain(doc[k].text).rstrip(".")]
            k += 1 + (k + 1 < sent.end and doc[k + 1].text == ".")
        unit, noun = self.unit_after(sent, k)
        if unit is None and self.casualties(tok):
            unit = "people"  # "еще четверо получили ранения"
        if unit is None:
            return None
        approximate = self.hedged(sent, tok)
        subject = noun.text if noun is not None else unit
        return Claim(subject=subject, attribute="count", value=value, unit=unit, approximate=approximate,
                     evidence=evidence(self.doc, sent))  # fmt: skip

    def casualties(self, tok: Token) -> bool:
        """A bare number or collective that is the subject of being killed or wounded."""
        verb = tok.head
        return tok.dep_ in {"nsubj", "nsubj:pass"} and plain(verb.lemma_) in self.casualty_verbs

    def not_a_count(self, tok: Token) -> bool:
        """A date, a time, an ordinal, a year or part of a code name."""
        doc = tok.doc
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if nxt is not None and (
            plain(nxt.text).startswith(self.months) or nxt.text in {"-", "–"} and tok.i + 2 < len(doc)
        ):
            return True
        if nxt is not None and plain(nxt.text) in {"ч", "час", "мин", "года", "году", "год", "г", "числа", "-м", "-й"}:
            return True
        if prev is not None and prev.text in {"-", "–", "№", "/"}:
            return True
        if NUMBER.match(tok.text) and len(tok.text) == 4 and tok.text.startswith(("19", "20")):
            return True
        return "-" in tok.text

    def unit_after(self, sent: Span, k: int) -> tuple[str | None, Token | None]:
        doc = sent.doc
        for j in range(k, min(k + MAX_GAP + 1, sent.end)):
            t = doc[j]
            keys = {plain(t.lemma_), plain(t.text).rstrip("."), *lemmas(t.text)}
            if j + 1 < sent.end:
                nxt = {plain(doc[j + 1].lemma_), *lemmas(doc[j + 1].text)}
                for (a, b), unit in self.pairs.items():
                    if a in keys and b in nxt:
                        return unit, doc[j + 1]
            for key in keys:
                if key in self.units:
                    return self.units[key], t
                if key in self.people:
                    return "people", t
            if t.pos_ == "NOUN" and "Animacy=Anim" in str(t.morph):
                return "people", t  # "29 заключенных", "один талиб": people by what they are
            if t.pos_ not in {"ADJ", "DET"} and t.lower_ not in {"из", "них"}:
                return None, None
        return None, None

    def hedged(self, sent: Span, tok: Token) -> bool:
        before = plain(sent.doc[max(sent.start, tok.i - 4) : tok.i].text)
        return any(before.endswith(h) or f"{h} " in f"{before} "[-(len(h) + 12) :] for h in self.hedges)

    # -- zero and ordinal counts ----------------------------------------------------------------
    def zero_claim(self, sent: Span, tok: Token) -> Claim | None:
        """ "Среди пограничников пострадавших нет"."""
        if plain(tok.lemma_) not in self.zero and not (lemmas(tok.text) & self.zero):
            return None
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if nxt is None or nxt.lower_ != "нет":
            return None
        return Claim(subject=tok.text, attribute="count", value=0, unit="people", evidence=evidence(self.doc, sent))

    def ordinal_claim(self, sent: Span, tok: Token) -> Claim | None:
        """ "это уже вторая перестрелка": the count so far."""
        if plain(tok.lemma_) not in self.ordinals or tok.i + 1 >= len(tok.doc):
            return None
        if not any(t.lower_ == "уже" for t in tok.doc[max(0, tok.i - 2) : tok.i]):
            return None
        noun = tok.doc[tok.i + 1]
        unit = self.units.get(plain(noun.lemma_))
        if unit is None:
            return None
        return Claim(subject=noun.text, attribute="count", value=self.ordinals[plain(tok.lemma_)], unit=unit,
                     evidence=evidence(self.doc, sent))  # fmt: skip


class RussianClaims:
    name = "claims_ru"

    def __init__(self, knowledge: Knowledge):
        self.vocab = knowledge.russian_vocabulary("claims")
        self.knowledge = knowledge

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or not len(doc.spacy):
            return
        people = set(self.knowledge.russian().nouns)
        people |= {w.split()[-1] for w in people}
        Reader(doc, self.vocab, people).run()


@stage("claims_ru", requires=("spacy",), assigns=("claims",))
def make(config: Config, language: Language | None = None) -> RussianClaims:
    return RussianClaims(config.knowledge)
