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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.attrs import IDX
from spacy.tokens import Span, Token

from tocsin.document import Document
from tocsin.knowledge import load_yaml
from tocsin.record import Claim, Evidence
from tocsin.registry import stage
from tocsin.stages.sentences import spans as sentence_spans

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

YEAR = re.compile(r"(?:1[89]|20)\d\d")
# the word after a number or a counted noun, past auxiliaries: "20 were killed", "14 soldiers dead"
_NEXT_WORD = re.compile(r"\s+(?:(?:were|was|have|has|had|been|are|reportedly)\s+){0,3}(\w+)")
UNCUED = {"count", "people_count", "length", "money", "weight", "share", "area"}


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


class ClaimVocabulary:
    def __init__(self, v: dict[str, Any], actor_people: set[str] | None = None):
        self.number_words: dict[str, int] = {k.lower(): int(n) for k, n in v["number_words"].items()}
        self.vague: dict[str, int] = {k.lower(): int(n) for k, n in (v.get("vague_numbers") or {}).items()}
        self.number_words.update(self.vague)
        self.weak = {w.lower() for w in v.get("weak_numbers", [])}
        self.inherit = {w.lower() for w in v.get("inherit_unit", [])}
        self.durations: dict[str, str] = {k.lower(): u for k, u in (v.get("durations") or {}).items()}
        self.not_durations = {w.lower() for w in v.get("not_durations", [])}
        self.duration_cues = {w.lower() for w in v.get("duration_cues", [])}
        terms = _alt(v.get("term_verbs", [])) or "(?!x)x"
        self.term_re = re.compile(rf"\b(?:{terms})\w*\b[^.;]{{0,40}}\b(?:to|for)\W*$", re.I)
        tolls = _alt(v.get("toll_cues", [])) or "(?!x)x"
        self.toll_re = re.compile(
            rf"\b(?:{tolls})\b(?:\W+\w+){{0,4}}?\W+(?:to|at|of|is|was|stood|reached|rose)\s*$", re.I
        )
        self.multipliers: dict[str, int] = {k.lower(): int(n) for k, n in v["multipliers"].items()}
        self.signs: dict[str, str] = v["currency_signs"]
        self.currency_words: dict[str, str] = {k.lower(): c for k, c in v["currency_words"].items()}
        self.measures: dict[str, tuple[str, float]] = {k.lower(): (u, float(f)) for k, (u, f) in v["measures"].items()}
        self.people = {w.lower() for w in v["people_nouns"]} | (actor_people or set())
        self.time_nouns = {w.lower() for w in v["time_nouns"]}
        self.not_counted = {w.lower() for w in v.get("not_counted", [])}
        self.hedges: list[str] = v["hedges"]
        self.blockers = {w.lower() for w in v["not_claims_after"]}
        self.casualty_verbs: dict[str, str] = v["casualty_verbs"]
        self.attributes: list[dict[str, Any]] = v["attributes"]
        self.ordinals: dict[str, int] = {k.lower(): int(n) for k, n in (v.get("ordinals") or {}).items()}
        words = _alt(list(self.number_words) + list(self.ordinals))
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
def load_vocabulary(data: Path) -> ClaimVocabulary:
    """``claims.yaml``, with the people nouns of ``actors/nouns.tsv`` ("officials", "villagers")
    and the plural nationals of ``actors/states.tsv`` ("Afghans")."""
    with open(data / "claims.yaml", encoding="utf-8") as f:
        raw = load_yaml(f)
    people: set[str] = set()
    nouns, states = data / "actors" / "nouns.tsv", data / "actors" / "states.tsv"
    for line in nouns.read_text(encoding="utf-8").splitlines() if nouns.exists() else []:
        cols = line.split("\t")
        if not line.startswith("#") and len(cols) > 2 and cols[2].strip() == "person":
            people |= {w.strip().lower() for w in cols[0].split("|") if w.strip()}
    for line in states.read_text(encoding="utf-8").splitlines()[1:] if states.exists() else []:
        cols = line.split("\t")  # plural nationals: "Afghans", and adjectives + "s" as the actor base makes them
        if not line.startswith("#") and len(cols) > 3:
            people |= {w.strip().lower() for w in cols[3].split("|") if w.strip()}
            people |= {a.strip().lower() + "s" for a in cols[2].split("|") if re.search(r"(?:an|i)$", a.strip())}
    return ClaimVocabulary(raw, people)


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
        self.hedge_words = {w for h in v.hedges for w in h.lower().split()} | {"than"}
        self.context_start = 0
        self.sentence_start = 0
        self.sentence_claims: list[Claim] = []

    @cached_property
    def noun_chunks(self) -> tuple[Span, ...]:
        """The parse's noun chunks, found once (spaCy walks the whole parse at each read)."""
        return tuple(self.doc.spacy.noun_chunks) if self.doc.spacy is not None else ()

    @cached_property
    def starts(self) -> dict[int, int]:
        """The parse's tokens by the character they start at."""
        sp = self.doc.spacy
        return {start: i for i, start in enumerate(sp.to_array(IDX).tolist())} if sp is not None else {}

    def token_at(self, at: int) -> Token | None:
        i = self.starts.get(at)
        return self.doc.spacy[i] if i is not None and self.doc.spacy is not None else None

    def sentences(self) -> list[tuple[int, int]]:
        """The parser's sentences, cut again at line breaks (a paragraph never runs on)."""
        return sentence_spans(self.text, self.doc.spacy)

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        prev = 0
        for s, e in self.sentences():
            self.context_start = prev  # cues may sit in the sentence before ("reserves ... they are $9bn")
            here: list[Claim] = []
            self.sentence_claims, self.sentence_start = here, s
            for m in self.v.number_re.finditer(self.text, s, e):
                claim = self.claim(m, s, e)
                if claim is not None:
                    here.append(claim)
            out += [c for c in here if c.unit is not None]
            prev = s
        return out

    def inherited(self, kind: str) -> str | None:
        """The unit a bare figure shares with the one before it in its sentence: "rent rose to
        $4.79 million from 4.5 million" (money), "killed 12 people and six more" (people)."""
        for c in reversed(self.sentence_claims):
            if c.unit is None:
                continue
            if kind == "money" and c.unit in self.v.currency_words.values():
                return c.unit
            if kind == "count" and c.unit not in self.v.currency_words.values():
                return c.unit
        return None

    def claim(self, m: re.Match[str], s: int, e: int) -> Claim | None:
        if any(a < m.end() and m.start() < b for a, b in self.timexes):
            return None
        before = self.text[max(s, m.start() - 40) : m.start()]
        adjacent = re.search(r"([\w.#]+)\s*$", before.lower())  # "the two ministers", not "Of these, 515 cases"
        prev = [adjacent.group(1)] if adjacent else [""]
        hedge = self.v.hedge_re.search(before)
        reading = self.read(m, e, before)
        if reading is None:
            return None
        digits = m.group("num")[0].isdigit()
        measured = digits and (reading.noun in self.v.measures or reading.unit in self.v.currency_words.values())
        ordinal = m.group("num").lower() in self.v.ordinals  # "the third wave": "the" belongs to it
        if prev[0] in self.v.blockers and not hedge and not measured and not ordinal:
            return None  # "the two ministers", "its 3rd": but "the 900-kilometre stretch" is a measure
        reading.approximate |= bool(hedge)
        attribute = self.attribute(reading, m, s, e)
        if m.group("num").lower() in self.v.weak and attribute in UNCUED:
            return None  # "one suspect knows": "one" is a claim only as a count of the harmed ("killed one civilian")
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
            parts = [self.v.number_words.get(p, self.v.ordinals.get(p)) for p in num.split("-")]
            if None in parts:
                return None
            value = float(sum(p for p in parts if p is not None))
        mult = (m.group("mult") or "").lower()
        if mult == "m" and not m.group("sign"):
            mult = ""  # "5 m" is metres unless money
        rounded = (bool(mult) and "." in num) or num in self.v.vague  # "2.5 thousand", "thousands of"
        return value * self.v.multipliers.get(mult, 1), rounded

    def read(self, m: re.Match[str], e: int, before: str) -> Reading | None:
        got = self.value(m)
        if got is None:
            return None
        value, rounded = got
        if m.group("num").lower() in self.v.ordinals:
            return self.ordinal(m, value)
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
            if word in self.v.durations:
                return self.duration(m, value, rounded, word, at, e, before)
            if word in self.v.inherit:  # "six more", "30 others"
                unit_name = self.inherited("count") or ("people" if self.harmed(m, e) else None)
                return Reading(value, unit_name, rounded, word, at) if unit_name else None
            if word in self.v.time_nouns | self.v.not_counted:
                return None
            if plain and YEAR.fullmatch(m.group("num")) and word not in self.v.people:
                return None
            if word in self.v.currency_words:  # "4.79 million U.S. dollars"
                return Reading(value, self.v.currency_words[word], rounded, None, None)
            unit_name = "people" if self.is_people(word, at) else word
            return Reading(value, unit_name, rounded, word, at)
        if plain and YEAR.fullmatch(m.group("num")):
            return None
        if re.match(rf"\s*(?:{'|'.join(re.escape(w) for w in self.v.time_nouns)})(?!\w)", self.text[m.end() : e], re.I):
            return None  # "at 2 a.m.": a clock time
        # "70 injured", "20 dead", "at least 10 were killed"
        after = _NEXT_WORD.match(self.text, m.end(), e)
        if after and after.group(1).lower() in self.v.casualty_verbs:
            return Reading(value, "people", rounded, after.group(1).lower(), after.start(1))
        toll = self.v.toll_re.search(before)
        if toll and plain:  # "the death toll rose to 21"
            return Reading(value, "people", rounded, "dead", m.start() - len(before) + toll.start())
        words = list(re.finditer(r"\w+", before))
        for k in range(len(words) - 1, max(-1, len(words) - 4), -1):  # "killed over 50", "wounded at least 12"
            word = words[k].group(0).lower()
            if word in self.v.casualty_verbs:
                at = m.start() - len(before) + words[k].start()
                return Reading(value, "people", rounded, word, at)
            if word not in self.hedge_words:
                break
        if m.group("mult"):  # "to $4.79 million from 4.5 million": the money of the figure before
            money = self.inherited("money")
            return Reading(value, money, rounded, None, None) if money else None
        return None

    def ordinal(self, m: re.Match[str], value: float) -> Reading | None:
        """ "the third wave of soldiers", "a fifth man", "its second day": a running count of
        what the noun names (never a name: "Second World War")."""
        tok = self.token_at(m.start("num"))
        if tok is None or not m.group("num")[0].islower() or tok.dep_ != "amod" or tok.head.pos_ != "NOUN":
            return None
        noun = tok.head
        word = noun.lower_
        if word in self.v.durations:
            return Reading(value, self.v.durations[word], False, word, noun.idx)
        if word in self.v.time_nouns | self.v.not_counted | self.v.inherit:
            return None  # "for the second time"
        unit = "people" if self.is_people(word, noun.idx) else _plural(noun.lemma_)
        return Reading(value, unit, False, word, noun.idx)

    def duration(
        self, m: re.Match[str], value: float, rounded: bool, word: str, at: int, e: int, before: str
    ) -> Reading | None:
        """How long something lasts, where the text measures it: "a 15-year term", "lasting three
        days", "every five years", "for more than 30 years"; not a point in time ("three days
        ago", "within two weeks"), nor a plain "for two weeks"."""
        after = self.text[at + len(word) : e].lower()
        if re.match(r"[\s-]*(?:\w+\s+)?(?:ago|later|earlier|after|before|since|from now)\b", after):
            return None
        last = re.findall(r"[a-z]+", before.lower())[-2:]
        if any(w in self.v.not_durations for w in last) or last == ["the", "last"]:
            return None  # "within two weeks", "the last three years"
        measured = self.text[m.end() : m.end() + 1] == "-" or (last and last[-1] in self.v.duration_cues)
        measured = measured or bool(self.v.term_re.search(before))  # "sentenced X to 20 years"
        if not (measured or self.v.hedge_re.search(before)):
            return None
        return Reading(value, self.v.durations[word], rounded, word, at)

    def is_people(self, word: str, at: int) -> bool:
        """Whether a counted noun names people, in the plural or the singular ("one shepherd")."""
        if word in self.v.people:
            return True
        tok = self.token_at(at)
        return tok is not None and _plural(tok.lemma_) in self.v.people

    def harmed(self, m: re.Match[str], e: int) -> bool:
        """Whether the sentence counts people harmed ("... and 30 others were hurt")."""
        words = set(re.findall(r"[a-z]+", self.text[self.sentence_start : e].lower()))
        return bool(words & set(self.v.casualty_verbs))

    def counted_noun(self, m: re.Match[str], e: int) -> tuple[str, int] | None:
        """The noun a number counts: its head in the parse ("2,500 Russian and Tajik troops"),
        the noun of "35 of its citizens", "thousands of troops", else a plural noun just after it."""
        tok = self.token_at(m.start("num"))
        if tok is not None:
            head = tok
            while head.dep_ in ("nummod", "quantmod", "compound") and (
                head.like_num
                or head.dep_ == "quantmod"
                or head.lower_ in self.v.multipliers
                or head.lower_ in self.v.number_words
            ):
                head = head.head  # fmt: skip
                if head.pos_ in ("PROPN", "ADJ"):  # "1,200 Kazakh, Kyrgyz and Uzbek troops": demonyms before the noun
                    head = _noun_after(head)
                if head.lower_ in self.v.inherit:
                    return head.lower_, head.idx  # "six more"
                if head.pos_ in ("NOUN", "PROPN") and not head.like_num and head.lower_ not in self.v.number_words:
                    return head.lower_, head.idx
            last = self.token_at(m.start("num") + len(m.group("num")) - len(m.group("num").split()[-1]))
            num = last if last is not None else tok
            more = next((c for c in num.children if c.lower_ in self.v.inherit and c.i == num.i + 1), None)
            if more is not None:
                return more.lower_, more.idx  # "and six more in an assault"
            of = next((c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is not None and obj.tag_ in ("NNS", "NNPS") and num.dep_ != "nummod":
                return obj.lower_, obj.idx  # "35 of its citizens", "thousands of troops"
            if num.i + 1 < len(num.doc) and num.dep_ != "nummod":
                nxt = num.doc[num.i + 1]  # "over a dozen people": the parse left the noun unattached
                if nxt.tag_ == "NNS" and nxt.idx < e:
                    return nxt.lower_, nxt.idx
            return None
        after = self.text[m.end() : e]
        words = re.match(r"\s+((?:[A-Za-z][\w-]*\s+){0,3}?)([a-z]+s)\b", after)
        if words:
            return words.group(2), m.end() + words.start(2)
        return None

    def attribute(self, r: Reading, m: re.Match[str], s: int, e: int) -> str:
        """The rule whose cue stands nearest the number ("35 killed and 70 injured"), else the
        first rule without cues that fits the unit."""
        if r.unit == "people" and r.noun is not None and r.noun_at is not None:
            after = _NEXT_WORD.match(self.text, r.noun_at + len(r.noun), e)
            if after and after.group(1).lower() in self.v.casualty_verbs:  # "left 14 soldiers dead"
                return self.v.casualty_verbs[after.group(1).lower()]
        cued: list[tuple[int, int, str]] = []
        for order, rule in enumerate(self.v.attributes):
            if rule.get("units") and r.unit not in rule["units"]:
                continue
            cues = set(rule.get("cues", []))
            if not cues:
                if not cued:
                    return str(rule["name"])
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
            for chunk in self.noun_chunks:
                if chunk.start_char <= r.noun_at < chunk.end_char:
                    words = [t.text for t in chunk if not t.like_num and t.lower_ not in self.v.multipliers
                             and t.dep_ not in ("det", "quantmod", "advmod", "cc")
                             and t.lower_ not in self.hedge_words]  # fmt: skip
                    if words:
                        return " ".join(words)
        return r.noun or attribute.replace("_", " ")

    def measured_stuff(self, at: int) -> str | None:
        """What a measure is of: the object of "of" after it, as a phrase without its article."""
        tok = self.token_at(at)
        if tok is not None:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is None:
                return None
            return " ".join(t.text for t in obj.subtree if t.i <= obj.i and t.dep_ != "det") or None
        found = re.match(r"\w+\s+of\s+([\w-]+)", self.text[at:])
        return found.group(1) if found else None

    def cue_phrase(self, cues: set[str], s: int, e: int) -> str | None:
        """The noun phrase nearest before ``e`` that holds a cue word ("foreign exchange reserves")."""
        if self.doc.spacy is None:
            return None
        best = None
        for chunk in self.noun_chunks:
            if s <= chunk.start_char and chunk.end_char <= e and cues & {t.lower_ for t in chunk}:
                best = " ".join(t.text for t in chunk if t.dep_ != "det")
        return best

    def event_phrase(self, verb_at: int) -> str | None:
        """What did the killing: the subject of "killed" ("a mosque bombing that killed 50")."""
        tok = self.token_at(verb_at)
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


def _noun_after(tok: Token) -> Token:
    """The common noun that a run of names or adjectives ("Kazakh, Kyrgyz and Tajik") leads to."""
    for t in tok.doc[tok.i + 1 : tok.i + 9]:
        if t.pos_ == "NOUN":
            return t
        if not (t.pos_ in ("PROPN", "ADJ", "CCONJ") or t.text == ","):
            break
    return tok


def _plural(lemma: str) -> str:
    """The unit of a counted thing, in the plural: wave -> waves, country -> countries."""
    lemma = lemma.lower()
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + ("es" if re.search(r"(s|x|z|ch|sh)$", lemma) else "s")


class ClaimsStage:
    name = "claims"

    def __init__(self, knowledge: Knowledge):
        self.vocab = knowledge.claims

    def __call__(self, doc: Document) -> None:
        if not (doc.record.text or "").strip():
            doc.record.claims = []
            return
        doc.record.claims = ClaimReader(doc, self.vocab).claims()


@stage("claims", requires=("spacy", "timexes"), assigns=("claims",))
def make(config: Config, language: Language | None = None) -> ClaimsStage:
    return ClaimsStage(config.knowledge)
