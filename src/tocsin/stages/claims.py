"""Find numeric facts: lengths, counts of dead, wounded and fighters, money, stages.

Each number is read with its hedge ("over", "about"), multiplier ("2.5 thousand") and
currency or unit, normalised ("$2.1 billion" -> 2100000000 USD, "2.5 thousand km" ->
2500 km), and given an attribute from cue words near it. Years, dates (the dates stage's
time expressions), ordinals, references ("page 5", "the three countries") and durations
("for two weeks") are not claims. The vocabulary is ``data/claims.yaml``; see
``data/README-text.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from tocsin.document import Document
from tocsin.record import Claim, Evidence
from tocsin.registry import stage
from tocsin.stages.sentences import spans as sentence_spans

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


class ClaimVocabulary:
    def __init__(self, v: dict[str, Any]):
        self.number_words: dict[str, int] = {k.lower(): int(n) for k, n in v["number_words"].items()}
        self.multipliers: dict[str, int] = {k.lower(): int(n) for k, n in v["multipliers"].items()}
        self.signs: dict[str, str] = v["currency_signs"]
        self.currency_words: dict[str, str] = {k.lower(): c for k, c in v["currency_words"].items()}
        self.measures: dict[str, tuple[str, float]] = {k.lower(): (u, float(f)) for k, (u, f) in v["measures"].items()}
        self.people = {w.lower() for w in v["people_nouns"]}
        self.time_nouns = {w.lower() for w in v["time_nouns"]}
        self.not_counted = {w.lower() for w in v.get("not_counted", [])}
        self.hedges: list[str] = v["hedges"]
        self.blockers = {w.lower() for w in v["not_claims_after"]}
        self.casualty_verbs: dict[str, str] = v["casualty_verbs"]
        self.attributes: list[dict[str, Any]] = v["attributes"]
        words = _alt(self.number_words)
        self.number_re = re.compile(
            rf"(?<![\w.,/#:-])(?P<sign>{_alt(self.signs)})?\s?"
            rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{words})(?:-(?:{words}))?)"
            rf"(?:\s*(?P<mult>{_alt(self.multipliers)})\b)?"
            rf"(?P<pct>\s?%)?(?!\w|-[\d-]|[.,:]\d)",  # "850-kilometre" yes, "2026-2027" no
            re.I,
        )  # fmt: skip
        self.hedge_re = re.compile(rf"\b(?:{_alt(self.hedges)})(?:\s+(?:at|of))?\s*$", re.I)
        self.unit_re = re.compile(
            rf"(?:\s*|-)(?P<unit>{_alt(list(self.measures) + list(self.currency_words))})(?![\w])", re.I
        )


@lru_cache(maxsize=8)
def load_vocabulary(path: Path) -> ClaimVocabulary:
    with open(path, encoding="utf-8") as f:
        return ClaimVocabulary(yaml.safe_load(f))


@dataclass
class Reading:
    """One number as read: value, unit and where the counted noun is."""

    value: float
    unit: str
    approximate: bool
    noun: str | None  # the counted noun ("soldiers") or the verb ("killed")
    noun_at: int | None


class ClaimReader:
    def __init__(self, doc: Document, v: ClaimVocabulary):
        self.doc, self.v, self.text = doc, v, doc.record.text or ""
        self.timexes = [(t.start, t.end) for t in doc.timexes]
        self.tokens = {t.idx: t for t in doc.spacy} if doc.spacy is not None else {}
        self.hedge_words = {w for h in v.hedges for w in h.lower().split()} | {"than"}
        self.context_start = 0

    def sentences(self) -> list[tuple[int, int]]:
        """The parser's sentences, cut again at line breaks (a paragraph never runs on)."""
        return sentence_spans(self.text, self.doc.spacy)

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        prev = 0
        for s, e in self.sentences():
            self.context_start = prev  # cues may sit in the sentence before ("reserves ... they are $9bn")
            for m in self.v.number_re.finditer(self.text, s, e):
                claim = self.claim(m, s, e)
                if claim is not None:
                    out.append(claim)
            prev = s
        return out

    def claim(self, m: re.Match[str], s: int, e: int) -> Claim | None:
        if any(a < m.end() and m.start() < b for a, b in self.timexes):
            return None
        before = self.text[max(s, m.start() - 40) : m.start()]
        prev = re.findall(r"[\w.#]+", before.lower())[-1:] or [""]
        hedge = self.v.hedge_re.search(before)
        reading = self.read(m, e, before)
        if reading is None:
            return None
        digits = m.group("num")[0].isdigit()
        measured = digits and (reading.noun in self.v.measures or reading.unit in self.v.currency_words.values())
        if prev[0] in self.v.blockers and not hedge and not measured:
            return None  # "the two ministers", "its 3rd": but "the 900-kilometre stretch" is a measure
        reading.approximate |= bool(hedge)
        attribute = self.attribute(reading, m, s, e)
        return Claim(
            subject=self.subject(reading, attribute, m, s, e),
            attribute=attribute,
            value=reading.value,
            unit=reading.unit,
            approximate=reading.approximate,
            evidence=Evidence(sentence=self.text[s:e], start=s, end=e),
        )

    def value(self, m: re.Match[str]) -> tuple[float, bool] | None:
        num = m.group("num").lower()
        if num[0].isdigit():
            value = float(num.replace(",", ""))
        else:
            parts = [self.v.number_words.get(p) for p in num.split("-")]
            if None in parts:
                return None
            value = float(sum(p for p in parts if p is not None))
        mult = (m.group("mult") or "").lower()
        if mult == "m" and not m.group("sign"):
            mult = ""  # "5 m" is metres unless money
        rounded = bool(mult) and "." in num  # "2.5 thousand": a rounded figure
        return value * self.v.multipliers.get(mult, 1), rounded

    def read(self, m: re.Match[str], e: int, before: str) -> Reading | None:
        got = self.value(m)
        if got is None:
            return None
        value, rounded = got
        plain = not (m.group("sign") or m.group("mult") or m.group("pct"))
        if m.group("sign"):
            return Reading(value, self.v.signs[m.group("sign")], rounded, None, None)
        if m.group("pct"):
            return Reading(value, "percent", rounded, None, None)
        unit = self.v.unit_re.match(self.text, m.end(), e)
        if unit:
            word = re.sub(r"\s+", " ", unit.group("unit").lower())
            if word in self.v.currency_words:
                return Reading(value, self.v.currency_words[word], rounded, None, None)
            if not (word == "m" and m.group("mult")):
                name, factor = self.v.measures[word]
                return Reading(round(value * factor, 3), name, rounded, word, unit.start("unit"))
        noun = self.counted_noun(m, e)
        if noun is not None:
            word, at = noun
            if word in self.v.time_nouns | self.v.not_counted:
                return None
            if plain and YEAR.fullmatch(m.group("num")) and word not in self.v.people:
                return None
            unit_name = "people" if word in self.v.people else word
            return Reading(value, unit_name, rounded, word, at)
        if plain and YEAR.fullmatch(m.group("num")):
            return None
        if re.match(rf"\s*(?:{'|'.join(re.escape(w) for w in self.v.time_nouns)})(?!\w)", self.text[m.end() : e], re.I):
            return None  # "at 2 a.m.": a clock time
        after = re.match(r"\s+(\w+)", self.text[m.end() : e])  # "70 injured", "20 dead"
        if after and after.group(1).lower() in self.v.casualty_verbs:
            return Reading(value, "people", rounded, after.group(1).lower(), m.end() + after.start(1))
        words = list(re.finditer(r"\w+", before))
        for k in range(len(words) - 1, max(-1, len(words) - 4), -1):  # "killed over 50", "wounded at least 12"
            word = words[k].group(0).lower()
            if word in self.v.casualty_verbs:
                at = m.start() - len(before) + words[k].start()
                return Reading(value, "people", rounded, word, at)
            if word not in self.hedge_words:
                break
        return None

    def counted_noun(self, m: re.Match[str], e: int) -> tuple[str, int] | None:
        """The noun a number counts: its head in the parse, else a plural noun just after it."""
        tok = self.tokens.get(m.start("num"))
        if tok is not None:
            head = tok
            while head.dep_ in ("nummod", "quantmod", "compound") and (
                head.like_num or head.dep_ == "quantmod" or head.lower_ in self.v.multipliers
            ):
                head = head.head  # fmt: skip
                if head.pos_ in ("NOUN", "PROPN") and not head.like_num:
                    return head.lower_, head.idx
            return None
        after = self.text[m.end() : e]
        words = re.match(r"\s+((?:[A-Za-z][\w-]*\s+){0,3}?)([a-z]+s)\b", after)
        if words:
            return words.group(2), m.end() + words.start(2)
        return None

    def attribute(self, r: Reading, m: re.Match[str], s: int, e: int) -> str:
        """The rule whose cue stands nearest the number ("35 killed and 70 injured"), else the
        first rule without cues that fits the unit."""
        cued: list[tuple[int, int, str]] = []
        for order, rule in enumerate(self.v.attributes):
            if rule.get("units") and r.unit not in rule["units"]:
                continue
            cues = set(rule.get("cues", []))
            if not cues:
                if not cued:
                    return rule["name"]
                break
            window = int(rule.get("window", 8))
            left_from = self.context_start if rule.get("look_back") else s
            left = re.findall(r"\w+", self.text[left_from : m.start()].lower())[-window:]
            right = re.findall(r"\w+", self.text[m.end() : e].lower())[:window]
            distances = [0] if r.noun in cues else []
            distances += [len(left) - i for i, w in enumerate(left) if w in cues]
            distances += [i + 1 for i, w in enumerate(right) if w in cues]
            if distances:
                cued.append((min(distances), order, rule["name"]))
        return min(cued)[2] if cued else "count"

    def subject(self, r: Reading, attribute: str, m: re.Match[str], s: int, e: int) -> str:
        rule = next((a for a in self.v.attributes if a["name"] == attribute), {})
        if r.noun_at is None and rule.get("cues"):
            cued = self.cue_phrase(set(rule["cues"]), self.context_start if rule.get("look_back") else s, m.start())
            if cued:
                return cued
        if attribute == "border_length":
            # the countries of the number's own clause, else of its sentence
            cs = self.text.rfind(",", s, m.start()) + 1 or s
            ce = self.text.find(",", m.end(), e) if "," in self.text[m.end() : e] else e
            names = self.names_in(cs, ce)
            if len(names) < 2:
                names = self.names_in(s, e)
            return "–".join(names[:2]) + " border" if names else "border"
        if r.noun_at is not None and r.noun in self.v.measures and attribute not in ("length", "border_length"):
            stuff = self.measured_stuff(r.noun_at)  # "42 kilograms of hashish" -> hashish
            if stuff:
                return stuff
        if r.noun_at is not None and r.noun in self.v.casualty_verbs:
            return self.event_phrase(r.noun_at) or r.noun
        if r.noun_at is not None and self.doc.spacy is not None:
            for chunk in self.doc.spacy.noun_chunks:
                if chunk.start_char <= r.noun_at < chunk.end_char:
                    words = [t.text for t in chunk if not t.like_num and t.lower_ not in self.v.multipliers
                             and t.dep_ not in ("det", "quantmod", "advmod")
                             and t.lower_ not in self.hedge_words]  # fmt: skip
                    if words:
                        return " ".join(words)
        return r.noun or attribute.replace("_", " ")

    def measured_stuff(self, at: int) -> str | None:
        """What a measure is of: the object of "of" after it, as a phrase without its article."""
        tok = self.tokens.get(at)
        if tok is not None:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is None:
                return None
            return " ".join(t.text for t in obj.subtree if t.i <= obj.i and t.dep_ != "det") or None
        of = re.match(r"\w+\s+of\s+([\w-]+)", self.text[at:])
        return of.group(1) if of else None

    def cue_phrase(self, cues: set[str], s: int, e: int) -> str | None:
        """The noun phrase nearest before ``e`` that holds a cue word ("foreign exchange reserves")."""
        if self.doc.spacy is None:
            return None
        best = None
        for chunk in self.doc.spacy.noun_chunks:
            if s <= chunk.start_char and chunk.end_char <= e and cues & {t.lower_ for t in chunk}:
                best = " ".join(t.text for t in chunk if t.dep_ != "det")
        return best

    def event_phrase(self, verb_at: int) -> str | None:
        """What did the killing: the subject of "killed" ("a mosque bombing that killed 50")."""
        tok = self.tokens.get(verb_at)
        if tok is None:
            return None
        subj = next((c for c in tok.children if c.dep_.startswith("nsubj")), None)
        if subj is not None and subj.tag_ == "WDT" and tok.dep_ == "relcl":
            subj = tok.head
        if subj is None or subj.like_num:
            return None
        words = [t.text for t in subj.subtree if t.i <= subj.i and t.dep_ != "det"]
        return " ".join(words) or None

    def names_in(self, s: int, e: int) -> list[str]:
        """Countries named in the sentence (as places or state actors), in order, once each."""
        countries = {p.id: p.name for p in self.doc.record.places if p.feature == "country"}
        countries |= {a.id: a.name for a in self.doc.record.actors if a.kind == "state"}
        names: list[str] = []
        for mention in sorted(self.doc.mentions, key=lambda x: x.start):
            name = countries.get(mention.ref)
            if s <= mention.start < e and name and name not in names:
                names.append(name)
        return names


class ClaimsStage:
    name = "claims"

    def __init__(self, data: Path):
        self.vocab = load_vocabulary(data / "claims.yaml")

    def __call__(self, doc: Document) -> None:
        if not (doc.record.text or "").strip():
            doc.record.claims = []
            return
        doc.record.claims = ClaimReader(doc, self.vocab).claims()


@stage("claims", requires=("spacy", "timexes"), assigns=("claims",))
def make(config: Config, language: Language | None = None) -> ClaimsStage:
    return ClaimsStage(config.data)
