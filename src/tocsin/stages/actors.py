"""The actors stage: link every actor mention to one actor of the document record.

It reads the spaCy parse (``doc.spacy``) and the publication date, and writes
``doc.record.actors`` and actor ``doc.mentions``. Three steps:

1. *Candidates* from the knowledge-base matchers: names, surnames, role descriptions
   ("the Russian leader", "Secretary General of the organization"), institutions
   ("Russia's Security Council", "the Tajik border troops"), capitals used for their
   government ("Moscow handed over ..." but not "talks in Moscow"), back-references.
2. *Selection*: the longest candidate wins a stretch of tokens.
3. *Resolution* in text order, so that "the organization" is the last organisation named
   and a title names whoever held the office on the article's date. People and
   organisations the base lacks become new actors with the country and sector their
   title or affiliation gives; so do unnamed actors ("French warships", "Iraqi Kurds",
   "Thousands of Nigerians"), from the nouns in ``data/actors/nouns.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from tocsin.document import Document, Mention
from tocsin.knowledge.actors import KnowledgeBase, Noun, slug, within
from tocsin.knowledge.gazetteer import Gazetteer, gazetteer
from tocsin.knowledge.lexicon import (
    ADJECTIVE,
    CAPITAL,
    CUE,
    ENTRY,
    HEAD,
    OFFICE,
    PEOPLE,
    REFERENCE,
    ROLE_ALIAS,
    STATE,
    SURNAME,
    Hit,
    Lexicon,
    lexicon,
)
from tocsin.record import Actor
from tocsin.registry import stage
from tocsin.stages.dateline import read as read_dateline
from tocsin.stages.nlp import load_model, model_name

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config

# Syntax of a capital used for its government: it acts, owns or is dealt with.
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj"}
DEALING_PREPS = {"with", "by", "between", "against", "toward", "towards", "on", "from"}
# Verbs whose object is someone addressed or pressed ("urged Islamabad to ..."): a capital
# there is its government; after motion or attack verbs ("reached Kabul") it stays a place.
ADDRESSING_VERBS = {
    "urge",
    "ask",
    "call",
    "warn",
    "accuse",
    "blame",
    "criticize",
    "criticise",
    "condemn",
    "press",
    "pressure",
    "push",
    "tell",
    "invite",
    "thank",
    "support",
    "back",
    "recognize",
    "recognise",
    "engage",
    "contact",
    "assure",
    "reassure",
    "inform",
    "notify",
    "congratulate",
    "praise",
    "persuade",
    "sanction",
    "pressurise",
    "pressurize",
    "lobby",
    "caution",
    "implore",
    "encourage",
    "request",
    "demand",
}
# Nouns for the people one deals with: "our partners in Kabul" are its government.
PARTNER_NOUNS = {"partner", "counterpart", "interlocutor", "ruler", "host"}
NOT_HOLDER = {"deputy", "vice", "former", "ex", "ex-", "assistant", "adviser", "advisor", "late", "first-deputy"}
# Institutions named without their state take the state last named ("the Supreme Court").
CONTEXT_KEYS = {"security-council", "supreme-court", "constitutional-court", "prosecutor-general"}
# Named things that are not actors even when the model calls them organisations.
NOT_ACTORS = {
    "program",
    "programme",
    "plan",
    "strategy",
    "treaty",
    "agreement",
    "accord",
    "operation",
    "conference",
    "summit",
    "forum",
    "initiative",
    "concept",
    "doctrine",
    "exercise",
    "exercises",
    "drills",
    "declaration",
    "charter",
    "resolution",
    "day",
    "week",
    "war",
    "law",
    "code",
}
# A name before these words, or a one-word name after a locative preposition, is a place
# the gazetteer lacks ("the X border crossing", "trucks queued at X"), not a body.
PLACE_HEADS = {"crossing", "checkpoint", "checkpost", "pass", "border", "post", "bridge", "gate", "corridor"}
LOCATIVE_PREPS = {"at", "in", "near", "through", "via", "across", "outside"}
DASHES = {"-", "\u2013", "\u2014", ":", ";"}  # a dateline or heading before a noun is no modifier
CONTEXT_TOKENS = 120
NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "conj"}
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
FORCE_SECTORS = {"MIL", "COP", "SPY"}
RANK = {"role": 0, "person": 0, "newperson": 0, "entry": 1, "inst": 2, "state": 3, "capital": 4, "ref": 5}


@dataclass
class Cand:
    start: int
    end: int
    how: str
    ref: str | None = None
    info: dict = field(default_factory=dict)


@dataclass
class Building:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


def article_day(published: str | None, today: date) -> str:
    """The day roles are looked up on: a year or month is taken at its middle."""
    if not published:
        return today.isoformat()
    parts = published[:10].split("-")
    if len(parts) == 1:
        return f"{parts[0]}-07-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-15"
    return published[:10]


class Linker:
    """Links one parsed document; holds the document's state while it does."""

    def __init__(self, kb: KnowledgeBase, lex: Lexicon, sp: Doc, when: str, places: Gazetteer | None = None):
        self.kb, self.sp, self.when, self.places = kb, sp, when, places
        self.hits = lex.hits(sp)
        self.hits = sorted(self.hits + self.document_surnames(), key=lambda h: (h.start, -h.end))
        self.ending: dict[int, list[Hit]] = {}
        self.starting: dict[int, list[Hit]] = {}
        for h in self.hits:
            self.ending.setdefault(h.end, []).append(h)
            self.starting.setdefault(h.start, []).append(h)
        self.actors: dict[str, Building] = {}
        self.last: dict[str, str | None] = {"igo": None, "group": None, "state": None}
        self.where: dict[str, int] = {"igo": -1, "group": -1, "state": -1}
        self.new_surnames: dict[str, str] = {}
        self.full_named: set[str] = set()

    def document_surnames(self) -> list[Hit]:
        """Once a known person is named in full, the last word of that name alone refers back
        to them in this document, even where the base keeps no surname because the family
        name is shared ("Shehbaz Sharif ... Sharif said"); not when two people named here share it."""
        owners: dict[str, set[str]] = {}
        for h in self.hits:
            if h.cat == ENTRY and h.end - h.start > 1 and self.kb.entries[h.ref].kind == "person":
                owners.setdefault(self.sp[h.end - 1].text, set()).add(h.ref)
        named = {i for h in self.hits if h.cat in (ENTRY, SURNAME) for i in range(h.start, h.end)}
        for e in self.sp.ents:  # another person of that name the base lacks ("Ismail Khan")
            if e.label_ == "PERSON" and len(e) > 1 and e[-1].text in owners and e[-1].i not in named:
                owners[e[-1].text].add(f"other:{e.text}")
        out = []
        for tok in self.sp:
            refs = owners.get(tok.text)
            if not refs or len(refs) > 1 or tok.i in named or tok.pos_ != "PROPN":
                continue
            if tok.i > 0 and not self.sp[tok.i - 1].whitespace_:
                continue  # part of a hyphenated name ("Mazar-i-Sharif")
            if any(e.start <= tok.i < e.end and len(e) > 1 and e.label_ != "PERSON" for e in self.sp.ents):
                continue
            out.append(Hit(tok.i, tok.i + 1, SURNAME, next(iter(refs))))
        return out

    # -- helpers -------------------------------------------------------------
    def at(self, i: int) -> str:
        return self.sp[i].lower_ if 0 <= i < len(self.sp) else ""

    def with_the(self, start: int) -> int:
        return start - 1 if start > 0 and self.at(start - 1) == "the" else start

    def country_cue_ending(self, end: int) -> tuple[int, str, str] | None:
        """(start, 'state' | 'igo' | 'ref', ref) of a cue ending at token ``end``: "Russian",
        "Russia's", "CSTO", "the organization's"."""
        stop = end - 1 if self.sp[end - 1 : end].text.replace("\u2019", "'") == "'s" and end > 0 else end
        for h in self.ending.get(stop, []):
            if h.cat in (ADJECTIVE, STATE) or (h.cat == ENTRY and self.kb.entries[h.ref].kind == "igo"):
                return h.start, "igo" if h.cat == ENTRY else "state", h.ref
            if h.cat == REFERENCE and h.ref == "igo" and self.at(h.start - 1) == "the":
                return h.start - 1, "ref", "igo"
        return None

    def cue_after(self, end: int, words: tuple[str, ...] = ("of",)) -> tuple[int, str, str] | None:
        """(end, kind, ref) of "of [the] Tajikistan / the CSTO / the organization" after ``end``."""
        if self.at(end) not in words:
            return None
        k = end + 1 + (self.at(end + 1) == "the")
        for h in self.starting.get(k, []):
            if h.cat == STATE:
                return h.end, "state", h.ref
            if h.cat == ENTRY and self.kb.entries[h.ref].kind == "igo":
                return h.end, "igo", h.ref
            if h.cat == REFERENCE and h.ref == "igo" and k > end + 1:
                return h.end, "ref", "igo"
        return None

    def name_after(self, end: int) -> tuple[int, str, str | None] | None:
        """A person's name right after a title: (end, 'person' | 'newperson', entry id)."""
        k = end
        if self.at(k) == "(":  # "the head of ... (SCO RATS), Bakyt Osmonov"
            close = next((i for i in range(k, min(k + 8, len(self.sp))) if self.sp[i].text == ")"), None)
            k = close + 1 if close is not None else k
        k += self.at(k) == ","
        for h in self.starting.get(k, []):
            if h.cat in (ENTRY, SURNAME) and self.kb.entries[h.ref].kind == "person":
                return h.end, "person", h.ref
        for ent in self.sp.ents:
            if ent.start == k and ent.label_ == "PERSON":
                return ent.end, "newperson", None
        return None

    # -- candidates ------------------------------------------------------------
    def candidates(self) -> list[Cand]:
        out: list[Cand] = []
        for h in self.hits:
            out += self.from_hit(h)
        return out

    def inside_person(self, h: Hit) -> bool:
        """ "Jordan" in "Jordan Peterson" is no state."""
        return any(
            e.label_ == "PERSON" and e.start <= h.start and h.end <= e.end and len(e) > h.end - h.start
            for e in self.sp.ents
        )

    def from_hit(self, h: Hit) -> list[Cand]:
        kb = self.kb
        if (
            h.cat in (ENTRY, STATE, CAPITAL)
            and self.inside_person(h)
            and not (h.cat == ENTRY and kb.entries[h.ref].kind == "person")
        ):
            return []
        if h.cat == ENTRY:
            how = "person" if kb.entries[h.ref].kind == "person" else "entry"
            if how == "person":
                self.full_named.add(h.ref)
            return [Cand(self.with_the(h.start) if how == "entry" else h.start, h.end, how, h.ref)]
        if h.cat == STATE:
            return [Cand(h.start, h.end, "state", h.ref)]
        if h.cat == SURNAME:
            return [Cand(h.start, h.end, "surname", h.ref)]
        if h.cat == ROLE_ALIAS:
            roles = kb.entries[h.ref].roles
            if self.at(h.start - 1) in NOT_HOLDER | {"a", "an"} or self.at(h.end) == "of":
                return []  # "a former Kremlin chief of staff"
            if any(within(self.when, r.start, r.end) and r.aliases for r in roles):
                return [Cand(self.with_the(h.start), h.end, "person", h.ref)]
            return []
        if h.cat == CAPITAL and self.metonym(self.sp[h.start : h.end]):
            return [Cand(h.start, h.end, "capital", h.ref)]
        if h.cat == PEOPLE and self.at(h.start - 1) == "the" and self.noun_head(self.sp[h.end - 1]):
            return [Cand(h.start - 1, h.end, "state", h.ref)]
        if h.cat == OFFICE:
            return self.role(h)
        if h.cat == HEAD:
            return self.institution(h)
        if h.cat == REFERENCE:
            return self.reference(h)
        return []

    def metonym(self, span: Span) -> bool:
        """A capital is its government when it acts, owns or is dealt with."""
        tok = span.root
        if span.end < len(self.sp) and self.sp[span.end].text in ("[", "("):
            return False  # a dateline: "Moscow [Russia], June 21"
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ACTOR_DEPS:
            return True
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ADDRESSING_VERBS:
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.lemma_.lower() in PARTNER_NOUNS:
            return True
        return tok.dep_ == "pobj" and tok.head.lower_ in DEALING_PREPS and tok.head.lower_ != "from"

    def role(self, h: Hit) -> list[Cand]:
        office = self.kb.offices[h.ref]
        start = h.start
        if self.at(start - 1) == "acting":
            start -= 1
        holder_ok = self.at(start - 1) not in NOT_HOLDER and self.at(start - 2) not in ("a", "an")
        cue = self.country_cue_ending(start)
        end = h.end
        if cue:
            start = cue[0]
            cue_kind, cue_ref = cue[1], cue[2]
        else:
            after = self.cue_after(h.end)
            cue_kind, cue_ref = (after[1], after[2]) if after else (None, None)
            end = after[0] if after else h.end
        if cue_kind and (office.scope == "igo") != (cue_kind in ("igo", "ref")):
            return []
        if not holder_ok and self.at(start - 1) in ("deputy", "vice", "first-deputy"):
            start -= 1 + (self.at(start - 2) == "first")
        start = self.with_the(start)
        info = {"office": office.office, "cue": cue_kind, "cue_ref": cue_ref, "title": self.sp[start:end].text}
        name = self.name_after(end)
        if name:
            how = name[1]
            name_start = next(e.start for e in [self.sp[name[0] - 1 : name[0]]] if e) if how == "person" else None
            for ent in self.sp.ents:
                if ent.end == name[0] and ent.label_ == "PERSON":
                    name_start = ent.start
            info.update(name_start=name_start or name[0] - 1, title_end=end)
            return [Cand(start, name[0], how, name[2], info)]
        if cue_kind and holder_ok:
            return [Cand(start, end, "role", None, info)]
        return []

    def institution(self, h: Hit) -> list[Cand]:
        template = self.kb.templates[h.ref]
        info: dict = {"key": template.key}
        start, end = h.start, h.end
        last = self.sp[end - 1]
        if last.dep_ in ("compound", "amod", "nmod") and last.head.i > last.i:
            return []  # "a U.S. defense intelligence contractor" is a contractor
        cue = self.country_cue_ending(start) or self.capital_before(start, template.key)
        gap = 0
        while cue is None and gap < 2 and start - gap - 1 > 0 and self.modifier(self.sp[start - gap - 1]):
            gap += 1
            cue = self.country_cue_ending(start - gap)
        if cue and cue[1] == "state":
            info["modifiers"] = (start - gap, start) if gap else None
            start, iso3 = cue[0], cue[2]
        else:
            after = self.cue_after(h.end) or self.capital_after(h.end, template.key)
            if after and after[1] == "state":
                end, iso3 = after[0], after[2]
            elif (
                template.key in CONTEXT_KEYS
                and all(t.is_title for t in self.sp[h.start : h.end])
                and self.at(h.start - 1) == "the"
            ):
                iso3 = None
                info["context"] = True
            else:
                return []
        info["iso3"] = iso3
        others = (
            [
                Cand(h.start, h.end, "inst", template.key, {**info, "iso3": h.ref, "modifiers": None})
                for h in self.coordinated(start)
            ]
            if cue and cue[1] == "state"
            else []
        )
        return [Cand(self.with_the(start), end, "inst", template.key, info), *others]

    def coordinated(self, start: int) -> list[Hit]:
        """Adjectives coordinated with the one at ``start``: "Afghan" and "Iranian" in "Afghan,
        Iranian and Pakistani border forces", each naming its own state's body."""
        out: list[Hit] = []
        k = start
        while self.at(k - 1) in ("and", "or", ",") and k - 1 > 0:
            stop = k - 1 - (self.at(k - 2) == "," and self.at(k - 1) == "and")
            hit = next((h for h in self.ending.get(stop, []) if h.cat == ADJECTIVE), None)
            if hit is None:
                break
            out.append(hit)
            k = hit.start
        return out

    @staticmethod
    def noun_head(tok) -> bool:
        """Not a modifier of a following noun ("the Kyrgyz Academy")."""
        return not (tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i)

    @staticmethod
    def modifier(tok) -> bool:
        return (
            tok.is_lower
            and tok.is_alpha
            and tok.pos_ in ("NOUN", "ADJ", "PROPN")
            and tok.dep_ in ("amod", "compound", "nmod")
        )

    def capital_before(self, start: int, key: str) -> tuple[int, str, str] | None:
        """ "the Khartoum government", "Kabul's regime" -> that state's government."""
        if key != "government":
            return None
        stop = start - 1 if self.at(start - 1) in ("'s", "\u2019s") else start
        for h in self.ending.get(stop, []):
            if h.cat == CAPITAL:
                return h.start, "state", h.ref
        return None

    def capital_after(self, end: int, key: str) -> tuple[int, str, str] | None:
        """ "the government in Kabul" -> Afghanistan's government."""
        if key != "government" or self.at(end) != "in":
            return None
        for h in self.starting.get(end + 1, []):
            if h.cat == CAPITAL:
                return h.end, "state", h.ref
        return None

    def reference(self, h: Hit) -> list[Cand]:
        if h.ref == "state":
            cue = self.country_cue_ending(h.start)
            if cue and cue[1] == "state":
                return [Cand(self.with_the(cue[0]), h.end, "state", cue[2], {"side": True})]
            return []
        if h.ref == "government_in":
            after = self.capital_after(h.end, "government")
            if after:
                return [Cand(self.with_the(h.start), after[0], "inst", "government", {"iso3": after[2]})]
            return []
        if self.at(h.start - 1) == "the" and h.ref in ("igo", "group"):
            return [Cand(h.start - 1, h.end, "ref", h.ref)]
        return []

    # -- selection ---------------------------------------------------------------
    def select(self, cands: list[Cand]) -> list[Cand]:
        taken: set[int] = set()
        chosen = []
        for c in sorted(cands, key=lambda c: (-(c.end - c.start), RANK.get(c.how, 9), c.start)):
            if c.how == "surname" and not self.surname_ok(c):
                continue
            span = set(range(c.start, c.end))
            if span & taken:
                continue
            taken |= span
            chosen.append(c)
        return sorted(chosen, key=lambda c: c.start)

    def surname_ok(self, c: Cand) -> bool:
        """A bare surname names a known person who was named in full, holds an office now, or
        follows a title; never a different person's family name ("Ahmad Shah Massoud")."""
        for ent in self.sp.ents:
            if ent.label_ == "PERSON" and ent.start <= c.start and c.end <= ent.end and len(ent) > c.end - c.start:
                return False
        entry = self.kb.entries[c.ref]
        if c.ref in self.full_named:
            return True
        if any(within(self.when, r.start, r.end) for r in entry.roles):
            return True
        return any(h.cat == OFFICE for h in self.ending.get(c.start, []))

    # -- resolution ----------------------------------------------------------------
    def add(
        self, actor_id: str, start: int, end: int, pieces: list[tuple[int, int]] | None = None, **fields
    ) -> Building:
        """One mention; ``pieces`` splits a title and a name apart ("Russian Foreign Minister" +
        "Sergey Lavrov") so that the organisation inside a long title keeps its own mention."""
        b = self.actors.get(actor_id)
        if b is None:
            b = self.actors[actor_id] = Building(id=actor_id, **fields)
        for lo, hi in pieces or [(start, end)]:
            span = self.sp[lo:hi]
            b.mentions.append((span.start_char, span.end_char))
        text = self.sp[start:end].text
        if text not in b.aliases:
            b.aliases.append(text)
        return b

    @staticmethod
    def pieces(c: Cand) -> list[tuple[int, int]] | None:
        if "name_start" not in c.info:
            return None
        return [(c.start, c.info["title_end"]), (c.info["name_start"], c.end)]

    def add_entry(self, entry_id: str, start: int, end: int, pieces=None) -> Building | None:
        r = self.kb.resolve(entry_id, self.when)
        if r is None:
            return None
        e = r.entry
        b = self.add(
            e.id,
            start,
            end,
            pieces,
            name=e.name,
            kind=r.kind,
            country=r.country,
            sector=r.sector,
            role=r.role,
            wikidata=e.wikidata,
        )
        if r.kind == "igo":
            root = e
            while root.part_of and root.part_of in self.kb.entries:
                root = self.kb.entries[root.part_of]
            self.last["igo"], self.where["igo"] = root.id, start
        if e.id.startswith("group:"):
            self.last["group"], self.where["group"] = e.id, start
        return b

    def add_state(self, iso3: str, start: int, end: int, sector: str | None = None) -> Building:
        state = self.kb.states[iso3]
        b = self.add(iso3, start, end, name=state.name, kind="state", country=iso3, sector=sector)
        if sector and not b.sector:
            b.sector = sector
        self.last["state"], self.where["state"] = iso3, start
        return b

    def add_government(self, iso3: str, start: int, end: int) -> None:
        governing = self.kb.government(iso3, self.when)
        if governing:
            self.add_entry(governing, start, end)
        else:
            self.add_state(iso3, start, end, sector="GOV")

    def resolve(self, c: Cand) -> None:
        if c.how in ("entry", "person", "surname"):
            self.add_entry(c.ref, c.start, c.end, self.pieces(c))
        elif c.how == "state":
            self.add_state(c.ref, c.start, c.end, sector="GOV" if c.info.get("side") else None)
        elif c.how == "capital":
            self.add_government(c.ref, c.start, c.end)
        elif c.how == "ref":
            target = self.last.get(c.ref)
            if target:
                self.add_entry(target, c.start, c.end)
        elif c.how == "inst":
            self.resolve_institution(c)
        elif c.how == "role":
            self.resolve_role(c)
        elif c.how == "newperson":
            self.resolve_titled_person(c)
        self.note_inner(c)

    def note_inner(self, c: Cand) -> None:
        """States and organisations named inside a longer mention are mentioned too."""
        if c.how in ("state", "entry", "capital"):
            return
        for h in self.hits:
            if c.start <= h.start and h.end <= c.end and (h.start, h.end) != (c.start, c.end):
                if h.cat == STATE:
                    self.add_state(h.ref, h.start, h.end)
                elif h.cat == ENTRY and self.kb.entries[h.ref].kind == "igo":
                    self.add_entry(h.ref, h.start, h.end)

    def cue_target(self, cue: str | None, ref: str | None) -> tuple[str | None, str | None]:
        """(country, org) a role's cue points at."""
        if cue == "state":
            return ref, None
        if cue == "igo":
            return None, ref
        if cue == "ref":
            return None, self.last.get("igo")
        return None, None

    def resolve_role(self, c: Cand) -> None:
        office = self.kb.offices[c.info["office"]]
        country, org = self.cue_target(c.info["cue"], c.info["cue_ref"])
        if not country and not org:
            return
        holder = self.kb.holder(office.office, self.when, country=country, org=org)
        if holder:
            self.add_entry(holder.id, c.start, c.end)
            return
        where = self.kb.states[country].name if country else self.kb.entries[org].name
        title = office.title.format(country=where, org=where)
        self.add(
            f"role:{(country or org or '').lower()}:{office.office}",
            c.start,
            c.end,
            name=title,
            kind="person",
            country=country,
            sector=office.sector,
            role=title,
        )

    def resolve_titled_person(self, c: Cand) -> None:
        office = self.kb.offices[c.info["office"]]
        country, org = self.cue_target(c.info["cue"], c.info["cue_ref"])
        name_span = self.sp[c.info["name_start"] : c.end]
        known = self.new_surnames.get(name_span.text) if len(name_span) == 1 else None
        if known:  # "President Boric" after "Chilean President Gabriel Boric"
            self.add(known, c.start, c.end, self.pieces(c), name=name_span.text, kind="person")
            return
        if not country and not org:
            country, sector, _ = self.affiliation(name_span)
        else:
            sector = office.sector
        self.add_new_person(name_span, c.start, c.end, country, sector, c.info["title"], self.pieces(c))

    def add_new_person(self, name: Span, start: int, end: int, country, sector, role=None, pieces=None) -> None:
        text = name.text.strip()
        actor_id = f"new:{slug(text)}"
        self.add(actor_id, start, end, pieces, name=text, kind="person", country=country, sector=sector, role=role)
        self.new_surnames.setdefault(text.split()[-1], actor_id)

    def context_state(self, start: int) -> str | None:
        """The state an unqualified "the Supreme Court" belongs to: the one named in the last
        few sentences, unless an organisation was named since ("the Security Council" after
        the UN)."""
        if self.last["state"] is None or start - self.where["state"] > CONTEXT_TOKENS:
            return None
        if self.last["igo"] and self.where["igo"] > self.where["state"]:
            return None
        return self.last["state"]

    def resolve_institution(self, c: Cand) -> None:
        iso3 = c.info.get("iso3") or (self.context_state(c.start) if c.info.get("context") else None)
        template = self.kb.templates[c.ref]
        if not iso3:
            if c.info.get("context") and template.otherwise in self.kb.entries:
                self.add_entry(template.otherwise, c.start, c.end)
            return
        state = self.kb.states[iso3]
        sector, key = template.sector, template.key
        mods = c.info.get("modifiers")
        if mods:
            cues = [
                self.kb.sector_cues[h.ref]
                for i in range(*mods)
                for h in self.starting.get(i, [])
                if h.cat == CUE and h.end <= mods[1]
            ]
            strong = [s for s, w in cues if w >= 1]
            if strong and strong[0] != sector:
                sector, key = strong[0], f"{key}-{strong[0].lower()}"
        if key == "government":  # "Afghan authorities", "Tajikistan's leadership": the state acting
            self.add_government(iso3, c.start, c.end)
            return
        adjective = state.adjectives[0] if state.adjectives else state.name
        name = template.name.format(country=state.name, adjective=adjective)
        self.add(f"gov:{iso3}:{key}", c.start, c.end, name=name, kind="government", country=iso3, sector=sector)

    # -- people and organisations the base lacks ----------------------------------
    def affiliation(self, span: Span) -> tuple[str | None, str | None, int]:
        """Country and sector from a title or affiliation around a name:
        "Russian Permanent Representative to the CSTO X" -> RUS, GOV;
        "X, press secretary of the CSTO secretariat" -> None, IGO."""
        country, igo, sectors = None, False, []
        for lo, hi in self.windows(span):
            for h in self.hits:
                if not (lo <= h.start and h.end <= hi):
                    continue
                if h.cat in (ADJECTIVE, STATE) and country is None:
                    country = h.ref
                elif h.cat == ENTRY:
                    r = self.kb.resolve(h.ref, self.when)
                    if r and r.kind == "igo":
                        igo = True
                    elif r and r.kind in ("organization", "government") and r.country and country is None:
                        country = r.country
                        if r.sector:
                            sectors.append((r.sector, 1))
                elif h.cat == CUE:
                    sectors.append(self.kb.sector_cues[h.ref])
                elif h.cat == OFFICE and self.kb.offices[h.ref].scope == "state":
                    sectors.append((self.kb.offices[h.ref].sector, 1))
        if igo and country is None:  # an organisation's official speaks for it
            return None, "IGO", 2
        best = max(sectors, key=lambda s: s[1], default=(None, -1))
        return country, best[0], best[1]

    def windows(self, span: Span) -> list[tuple[int, int]]:
        """The title before a name and the apposition after it, within its sentence."""
        sp, sent = self.sp, span.sent
        out = []
        j = span.start - 1
        if j >= sent.start and sp[j].text == ",":
            j -= 1
        lo = j
        while lo >= sent.start and span.start - lo <= 14 and self.in_title(sp[lo]):
            lo -= 1
        out.append((lo + 1, j + 1))
        if span.end < sent.end and sp[span.end].text == ",":
            hi = span.end + 1
            while hi < sent.end and hi - span.end <= 16 and self.in_title(sp[hi]):
                hi += 1
            out.append((span.end + 1, hi))
        return out

    @staticmethod
    def in_title(tok) -> bool:
        if tok.text in ("(", ")", "-", "'s", "\u2019s"):
            return True
        return not tok.is_punct and tok.pos_ not in ("VERB", "AUX")

    def unknown(self, chosen: list[Cand]) -> list[Cand]:
        """PERSON and ORG entities that no candidate covers, and unnamed specific actors."""
        taken = {i for c in chosen for i in range(c.start, c.end)}
        surnames = {e[-1].text for e in self.sp.ents if e.label_ == "PERSON" and len(e) > 1}
        out = []
        for ent in self.sp.ents:
            span = set(range(ent.start, ent.end))
            if ent.label_ == "PERSON" and not span & taken and self.person_like(ent):
                out.append(Cand(ent.start, ent.end, "unknown_person"))
            elif ent.text in surnames and ent.label_ in ("ORG", "GPE", "NORP") and not span & taken:
                out.append(Cand(ent.start, ent.end, "unknown_person"))  # a surname the model misread
            elif ent.label_ == "ORG" and self.org_like(ent, taken):
                end = self.org_extent(ent, chosen)
                start = self.with_the(ent.start) if ent[0].lower_ != "the" else ent.start
                if any(c.start <= start and end <= c.end for c in out):
                    continue  # already part of a longer name
                out.append(Cand(start, end, "unknown_org"))
                # a body named inside a longer name is part of that name
                chosen[:] = [
                    c
                    for c in chosen
                    if not (
                        start <= c.start
                        and c.end <= end
                        and c.how == "entry"
                        and self.kb.entries[c.ref].kind == "organization"
                    )
                ]
        states = {i for c in chosen if c.how == "state" for i in range(c.start, c.end)}
        covered = (taken - states) | {i for c in out for i in range(c.start, c.end)}
        nationals = {h.end - 1: h.ref for h in self.hits if h.cat == PEOPLE}
        heads = {c.end - 1 for c in chosen if c.how == "state"}  # "the Tajik side" is the state already
        for tok in self.sp:
            if tok.i in covered or tok.i in heads:
                continue
            c = None
            if tok.lower_ in self.kb.sector_cues or tok.lower_ in self.kb.nouns:
                c = self.unnamed(tok)
            elif tok.i in nationals and tok.i not in taken:
                c = self.nationals(tok, nationals[tok.i])
            if c and not covered & set(range(c.start, c.end)):
                out.append(c)
                out += [o for o in c.info.pop("also", []) if not covered & set(range(o.start, o.end))]
                covered |= set(range(c.start, c.end))
        return out

    def person_like(self, ent: Span) -> bool:
        words = [t for t in ent if t.is_alpha]
        if not words or not all(t.text[:1].isupper() for t in words):
            return False
        if any(h.cat in (PEOPLE, ADJECTIVE) for h in self.ending.get(ent.end, [])):
            return False  # "Bosnian Serbs", "Young Algerians" are people, not a person
        if len(words) == 1:  # a lone unknown word is a surname seen before, or noise
            return any(
                e.label_ == "PERSON" and len(e) > 1 and e[-1].text == ent.text and e.start < ent.start
                for e in self.sp.ents
            )
        return True

    def org_like(self, ent: Span, taken: set[int]) -> bool:
        if not any(c.isupper() for c in ent.text) or ent.root.lemma_.lower() in NOT_ACTORS:
            return False
        if self.a_people(ent):
            return False  # "Tamils", "Palestinians": left to the nouns and nationals
        if self.unknown_place(ent):
            return False
        if self.places is not None:
            nxt = self.sp[ent.end].text if ent.end < len(self.sp) else ""
            if self.places.names_a_place(ent.text) or (nxt and self.places.names_a_place(f"{ent.text} {nxt}")):
                return False  # a dateline's "DUSHANBE", "the Panj river": places the model took for bodies
        inside = [i for i in range(ent.start, ent.end) if i in taken]
        if not inside:
            return True
        return ent.root.i not in taken and len(inside) < len(ent)

    def unknown_place(self, ent: Span) -> bool:
        """A border crossing or pass the gazetteer lacks: "the X crossing", "stranded at X"."""
        if self.at(ent.end) in PLACE_HEADS:
            return True
        words = [t for t in ent if t.lower_ != "the"]
        root = ent.root
        return (
            len(words) == 1
            and root.dep_ == "pobj"
            and root.head.lower_ in LOCATIVE_PREPS
            and not self.kb.sector_cues.get(root.lower_)
        )

    def a_people(self, ent: Span) -> bool:
        last = ent[-1]
        if any(n.kind == "people" and len(n.words) == 1 for n in self.kb.nouns.get(last.lower_, [])):
            return True
        return any(h.cat == PEOPLE and h.start >= ent.start for h in self.ending.get(ent.end, []))

    def org_extent(self, ent: Span, chosen: list[Cand]) -> int:
        """ "the Institute of Oriental Studies" + "of the Russian Academy of Sciences" is one body."""
        end = ent.end - (ent[-1].lower_ == "of")
        if self.at(end) == "of":
            k = end + 1 + (self.at(end + 1) == "the")
            for other in self.sp.ents:
                if other.start in (k, end + 1) and other.label_ == "ORG":
                    return other.end
        return end

    def noun_at(self, root) -> Noun | None:
        """The longest form in ``nouns.tsv`` that ends at ``root`` ("aid workers", "officials")."""
        for noun in self.kb.nouns.get(root.lower_, []):
            n = len(noun.words)
            if root.i - n + 1 >= 0 and tuple(t.lower_ for t in self.sp[root.i - n + 1 : root.i + 1]) == noun.words:
                return noun
        return None

    def heads_actor_noun(self, tok) -> bool:
        """ "rebel" in "rebel leaders" modifies another actor noun, which names the actor."""
        head = tok.head
        if not (tok.dep_ in ("compound", "amod", "nmod") and head.i > tok.i):
            return False
        noun = self.noun_at(head)
        return (noun is not None and noun.kind != "act") or self.kb.sector_cues.get(head.lower_, ("", 0))[1] >= 2

    def unnamed(self, root) -> Cand | None:
        """ "a U.S. defense intelligence contractor", "militants from Afghanistan", "French
        warships", "Iraqi Kurds": a noun that names a kind of actor, with its modifiers, and a
        state that says whose (a people may stand alone)."""
        cue = self.kb.sector_cues.get(root.lower_)
        noun = self.noun_at(root)
        # the tagger reads some plurals as verbs ("militants ... remain"); the parser knows better
        nominal = root.pos_ in ("NOUN", "PROPN") or root.dep_ in NOMINAL_DEPS
        if not nominal or (noun is None and (not cue or cue[1] < 2)) or self.heads_actor_noun(root):
            return None
        if noun and noun.kind == "people" and not root.text[:1].isupper():
            return None
        if noun and noun.kind == "act":
            return self.acting_state(root)
        form_start = root.i - len(noun.words) + 1 if noun else root.i
        edge = root.left_edge.i
        if root.dep_ == "compound" and root.head.i > root.i:
            edge = min(edge, root.head.left_edge.i)  # "Israeli army bulldozers": the army is Israel's
        left = edge if root.i - edge <= 5 else form_start
        left = max([left] + [i + 1 for i in range(left, form_start) if self.sp[i].text in DASHES])
        chunk = self.sp[left : root.i + 1]
        country, modifiers, head_cue = None, [], None
        country_hit = None
        for h in self.hits:
            if not (chunk.start <= h.start and h.end <= chunk.end):
                continue
            if h.cat in (ADJECTIVE, STATE) and self.at(h.start - 1) != "ethnic":
                country, country_hit = h.ref, h
            elif h.cat == CUE and h.end <= form_start and self.kb.sector_cues[h.ref][1] >= 1:
                modifiers.append(self.kb.sector_cues[h.ref])
            elif h.cat == CUE and h.end == chunk.end and h.start < form_start:
                head_cue = self.kb.sector_cues[h.ref]  # "border troops" says more than "troops"
        end = chunk.end
        after = self.cue_after(chunk.end, ("from", "in") if noun and noun.kind != "people" else ("from",))
        if after and chunk.end < len(self.sp) and self.sp[chunk.end].head.i != root.i:
            after = None  # "the withdrawal of forces from Panama": "from" belongs to the withdrawal
        if after and after[1] == "state" and self.at(after[0]) not in (",", "and", "or"):
            country, end = after[2], after[0]  # "officials from China, India and Iran" are the states'
        alone = noun is not None and noun.kind == "people"
        if country is None and alone:
            country = noun.country
        if country is None:
            country = self.people_country(chunk[: form_start - chunk.start])
        head = head_cue or cue or (noun.sector, 1)
        if country is None and not alone and self.state_forces_acting(root, head[0], modifiers, left):
            country = self.context_state_of(root)
        if (country is None and not alone) or self.describes_person(root, end):
            return None
        strong = [m for m in modifiers if m[1] >= head[1]]  # "rebel leaders", not "defense contractor"
        sector = max(strong, key=lambda s: s[1])[0] if strong else head[0] if head[1] >= 1 or not noun else noun.sector
        plural = root.tag_ in ("NNS", "NNPS") or root.lower_.endswith("s")
        kind = noun.kind if noun else "person"
        info = {"iso3": country, "sector": sector, "plural": plural, "noun": kind}
        start = chunk.start
        others = self.coordinated(country_hit.start) if country_hit and country_hit.cat == ADJECTIVE else []
        if others:  # "Kyrgyz and Tajik villagers": one actor each
            start = max(chunk.start, country_hit.start) if others[-1].start >= chunk.start else chunk.start
            info["also"] = [
                Cand(
                    h.start,
                    h.end,
                    "unnamed",
                    None,
                    {**info, "iso3": h.ref, "name": f"{self.sp[h.start : h.end].text} {root.text}"},
                )
                for h in others
            ]
        return Cand(start, end, "unnamed", None, info)

    def state_forces_acting(self, root, sector: str, modifiers: list, left: int) -> bool:
        """A state's forces named without their state ("security forces killed ...", "border
        guards detained ..."): plural, the subject or object of a verb, no other modifier."""
        plural = root.tag_ in ("NNS", "NNPS") or root.lower_.endswith("s")
        return (
            sector in FORCE_SECTORS
            and plural
            and not modifiers
            and root.dep_ in ("nsubj", "nsubjpass", "dobj")
            and root.head.pos_ in ("VERB", "AUX")
            and not any(
                t.dep_ in ("amod", "det", "nummod", "poss") and t.lower_ != "the" and t.i >= left for t in root.lefts
            )
        )

    def context_state_of(self, root) -> str | None:
        """The one state the sentence names, or with none there the state of the article's
        dateline; None when that is not a single state."""
        sent = root.sent
        named = {
            h.ref
            for h in self.hits
            if h.cat in (STATE, ADJECTIVE, CAPITAL) and sent.start <= h.start and h.end <= sent.end
        }
        if named:
            return named.pop() if len(named) == 1 else None
        return self.dateline_state()

    def dateline_state(self) -> str | None:
        """The state of a dateline's place opening the text ("QUETTA, June 3 —")."""
        if self.places is None:
            return None
        found = read_dateline(self.sp.text[:200])
        if found is None or found.place is None:
            return None
        place = self.places.resolve(found.place.title())
        return place.country if place else None

    def people_country(self, words: Span) -> str | None:
        """ "Hazara elders", "Uyghur activists": a people's name says whose they usually are."""
        for tok in words:
            for noun in self.kb.nouns.get(tok.lower_, []):
                if noun.kind == "people" and noun.country and tok.text[:1].isupper() and len(noun.words) == 1:
                    return noun.country
        return None

    def acting_state(self, root) -> Cand | None:
        """ "an Indian proposal", "Israeli air raids": the adjective names the state acting."""
        for h in self.hits:
            if (
                h.cat == ADJECTIVE
                and root.left_edge.i <= h.start
                and h.end <= root.i
                and root.i - h.start <= 4
                and self.sp[h.end - 1].head.i == root.i
                and self.sp[h.end - 1].dep_ in ("amod", "compound")
            ):
                return Cand(h.start, h.end, "unnamed", None, {"iso3": h.ref, "noun": "act"})
        return None

    def describes_person(self, root, end: int) -> bool:
        """A title before a name ("Russian Permanent Representative ... X") or an apposition
        to one ("X, a Kenyan official") describes that person; it is no actor of its own."""
        for ent in self.sp.ents:
            if ent.label_ != "PERSON":
                continue
            between = self.sp[end : ent.start]
            if end <= ent.start <= end + 6 and all(self.in_title(t) or (t.i == end and t.text == ",") for t in between):
                return True
            if root.dep_ == "appos" and ent.start <= root.head.i < ent.end:
                return True
        return False

    def nationals(self, tok, iso3: str) -> Cand | None:
        """ "Palestinians blamed ...", "young Algerians": a state's people acting, not the state."""
        if not (tok.tag_ in ("NNS", "NNPS") or tok.lower_.endswith("s")) or not self.noun_head(tok):
            return None
        if not (tok.dep_ in NOMINAL_DEPS or tok.dep_ == "ROOT"):
            return None
        left = tok.left_edge.i if tok.i - tok.left_edge.i <= 3 else tok.i
        for h in self.hits:  # "Bosnian Serbs" are Bosnia's
            if left <= h.start and h.end <= tok.i and h.cat in (ADJECTIVE, STATE):
                iso3 = h.ref
        if self.at(tok.i - 1) == "ethnic":
            iso3 = None  # "ethnic Albanians in Serbia" are a people, not Albania's
        return Cand(left, tok.i + 1, "unnamed", None, {"iso3": iso3, "sector": "CVL", "plural": True, "noun": "people"})

    def resolve_unknown(self, c: Cand) -> None:
        span = self.sp[c.start : c.end]
        if c.how == "unknown_person":
            if len(span) == 1 or span.text in self.new_surnames:
                actor_id = self.new_surnames.get(span.text)
                if actor_id:
                    self.add(actor_id, c.start, c.end, name=span.text, kind="person")
                return
            country, sector, _ = self.affiliation(span)
            self.add_new_person(span, c.start, c.end, country, sector)
        elif c.how == "unknown_org":
            self.resolve_org(span)
        elif c.how == "unnamed" and c.info["noun"] == "act":
            self.add_state(c.info["iso3"], c.start, c.end)
        elif c.how == "unnamed":
            text = c.info.get("name") or span.text
            kind = unnamed_kind(c.info["noun"], c.info["sector"], c.info["plural"])
            self.add(
                f"new:{slug(text)}",
                c.start,
                c.end,
                name=text,
                kind=kind,
                country=c.info["iso3"],
                sector=c.info["sector"],
            )

    def resolve_org(self, span: Span) -> None:
        country, sectors = None, []
        for h in self.hits:
            if span.start <= h.start and h.end <= span.end:
                if h.cat in (ADJECTIVE, STATE) and country is None:
                    country = h.ref
                elif h.cat == ENTRY and country is None:
                    country = self.kb.entries[h.ref].country
                elif h.cat == CUE:
                    sectors.append(self.kb.sector_cues[h.ref])
        after = self.cue_after(span.end)
        if country is None and after and after[1] == "state":
            country = after[2]
        sector = max(sectors, key=lambda s: s[1], default=(None, 0))[0]
        text = span.text[4:] if span.text.lower().startswith("the ") else span.text
        self.add(
            f"new:{slug(text)}", span.start, span.end, name=text, kind="organization", country=country, sector=sector
        )

    # -- the whole document --------------------------------------------------------
    def run(self) -> list[Building]:
        chosen = self.select(self.candidates())
        extra = self.unknown(chosen)
        for c in sorted(chosen + extra, key=lambda c: c.start):
            if c.how.startswith("unknown") or c.how == "unnamed":
                self.resolve_unknown(c)
            else:
                self.resolve(c)
        return list(self.actors.values())


def unnamed_kind(noun: str, sector: str, plural: bool) -> str:
    """ "an official" is a person; "officials" and "Kurds" are others; "rebels" an armed group;
    "Pakistani police" or "French warships" the state's forces; "aid groups" organisations."""
    if sector == "REB" and (plural or noun == "force"):
        return "armed_group"
    if noun == "force":
        return "government" if sector in STATE_SECTORS else "organization"
    return "person" if noun == "person" and not plural else "other"


def to_actor(b: Building) -> Actor:
    return Actor(
        id=b.id,
        name=b.name,
        kind=b.kind,
        country=b.country,
        sector=b.sector,
        role=b.role,
        wikidata=b.wikidata,
        aliases=b.aliases,
        mentions=sorted(set(b.mentions)),
    )


class Actors:
    name = "actors"

    def __init__(self, config: Config, model: str):
        self.data = Path(config.data)
        self.today: date = config.today
        self.lexicon = lexicon(self.data, load_model(model, self.data))
        self.kb = self.lexicon.kb
        self.places = gazetteer(self.data)

    def __call__(self, doc: Document) -> None:
        sp = doc.spacy
        if sp is None or not len(sp):
            return
        linker = Linker(self.kb, self.lexicon, sp, article_day(doc.record.published, self.today), self.places)
        built = linker.run()
        mark_outlet(built, doc.record.source.outlet)
        doc.record.actors = [to_actor(b) for b in built]
        doc.mentions = [m for m in doc.mentions if m.kind != "actor"]
        text = doc.record.text
        for b in built:
            for start, end in sorted(set(b.mentions)):
                doc.mentions.append(Mention(start, end, b.id, "actor", text[start:end]))


def mark_outlet(built: list[Building], outlet: str | None) -> None:
    """The page's own outlet, named in its dateline or credits, is a news organisation even
    where the model read its name as a person's."""
    if not outlet:
        return
    key = slug(outlet)
    for b in built:
        if b.id.startswith("new:") and (slug(b.name) == key or key.startswith(slug(b.name) + "-")):
            b.kind, b.sector, b.role = "organization", "MED", None


@stage("actors", requires=("spacy", "published"), assigns=("actors", "mentions"))
def make(config: Config, language: Language | None = None) -> Actors:
    return Actors(config, model_name(config, language))
