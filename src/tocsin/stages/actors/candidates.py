"""Candidate actor mentions from the knowledge-base hits: names, surnames, role
descriptions ("the Russian leader", "Secretary General of the organization"), institutions
("Russia's Security Council", "the Tajik border troops"), capitals used for their government
("Moscow handed over ..." but not "talks in Moscow") and back-references."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from spacy.tokens import Span

from tocsin.knowledge.actors import within
from tocsin.knowledge.lexicon import (
    CAPITAL,
    ENTRY,
    HEAD,
    OFFICE,
    PEOPLE,
    REFERENCE,
    ROLE_ALIAS,
    STATE,
    SURNAME,
    Hit,
)
from tocsin.stages import parsed
from tocsin.stages.actors.context import Text

# Syntax of a capital used for its government: it acts, owns or is dealt with.
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj"}


class CandInfo(TypedDict, total=False):
    """What a candidate's finder learnt for its resolution; each kind of candidate sets a few."""

    # a title ("role", "newperson", and "person" named after one)
    office: str  # the office code
    cue: str | None  # whose office: "state", "igo", "ref"
    cue_ref: str | None
    title: str  # the title as written
    name_start: int  # where the name after the title starts, and where the title ends
    title_end: int
    # an institution ("inst") or an unnamed actor ("unnamed")
    key: str  # the institution template
    iso3: str | None  # the state it belongs to; None: the state in view
    modifiers: tuple[int, int] | None  # the tokens before its head that may say its sector
    group: str | None  # the armed group that governs its state ("Taliban forces")
    context: bool  # its state is the one in view
    back: bool  # "the ministry": the one named before
    armed_back: bool  # "the attackers": the armed actor named before
    side: bool  # "the Tajik side": the state as a party (its government)
    sector: str
    plural: bool
    noun: str  # the kind of actor noun: person, force, people, act, holding
    name: str  # the name to give it ("Kyrgyz civilians")
    counted: str  # the phrase with its count, kept as an alias ("at least 33 civilians")
    also: list[Cand]  # the same actor noun for coordinated states ("Kyrgyz and Tajik villagers")
    form: str  # the actor noun as nouns.tsv gives it ("armed gangs"): one actor per form when armed


@dataclass
class Cand:
    """A stretch of tokens that may name an actor, and how (``how``) it would be resolved."""

    start: int
    end: int
    how: str
    ref: str | None = None
    info: CandInfo = field(default_factory=lambda: CandInfo())

    @property
    def known_ref(self) -> str:
        """The ref of a candidate a knowledge-base hit made (every kind but a role, a person
        the base lacks and an unknown or unnamed actor), which always has one."""
        if self.ref is None:
            raise ValueError(f"a {self.how!r} candidate without a reference")
        return self.ref


class Candidates:
    def __init__(self, text: Text) -> None:
        self.t = text
        self.kb = text.kb

    def find(self) -> list[Cand]:
        out: list[Cand] = []
        for h in self.t.hits:
            out += self.from_hit(h)
        return out + self.counterparts()

    def counterparts(self) -> list[Cand]:
        """ "his Afghan counterpart" after "the Uzbek foreign minister": the same office,
        held in the state the adjective names."""
        t, out = self.t, []
        offices = [h for h in t.hits if h.cat == OFFICE]
        nouns = t.words["counterpart_nouns"]
        for i, lemma in enumerate(parsed.lemmas(t.sp)):
            cue = t.country_cue_ending(i) if lemma.lower() in nouns else None
            if cue is None or cue[1] != "state":
                continue
            tok = t.sp[i]
            before = [h for h in offices if tok.sent.start <= h.start and h.end <= cue[0]]
            office = self.kb.offices[before[-1].ref] if before else None
            if office is None or office.scope == "igo":
                continue
            title = t.sp[cue[0] : tok.i + 1].text
            info: CandInfo = {"office": office.office, "cue": "state", "cue_ref": cue[2], "title": title}
            out.append(Cand(cue[0], tok.i + 1, "role", None, info))
        return out

    def from_hit(self, h: Hit) -> list[Cand]:
        kb, t = self.kb, self.t
        if (
            h.cat in (ENTRY, STATE, CAPITAL)
            and t.inside_person(h)
            and not (h.cat == ENTRY and kb.entries[h.ref].kind == "person")
        ):
            return []
        if h.cat == ENTRY:
            how = "person" if kb.entries[h.ref].kind == "person" else "entry"
            return [Cand(t.with_the(h.start) if how == "entry" else h.start, h.end, how, h.ref)]
        if h.cat == STATE:
            return [Cand(h.start, h.end, "state", h.ref)]
        if h.cat == SURNAME:
            return [Cand(h.start, h.end, "surname", h.ref)]
        if h.cat == ROLE_ALIAS:
            roles = kb.entries[h.ref].roles
            if t.at(h.start - 1) in t.words["not_holder"] | {"a", "an"} or t.at(h.end) == "of":
                return []  # "a former Kremlin chief of staff"
            if any(within(t.when, r.start, r.end) and r.aliases for r in roles):
                return [Cand(t.with_the(h.start), h.end, "person", h.ref)]
            return []
        if h.cat == CAPITAL and self.metonym(t.sp[h.start : h.end]):
            return [Cand(h.start, h.end, "capital", h.ref)]
        if h.cat == PEOPLE and t.at(h.start - 1) == "the" and t.noun_head(t.sp[h.end - 1]):
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
        sp, words = self.t.sp, self.t.words
        tok = span.root
        if span.end < len(sp) and sp[span.end].text in ("[", "("):
            return False  # a dateline: "Moscow [Russia], June 21"
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ACTOR_DEPS:
            return True
        if tok.dep_ == "dobj" and words.has("addressing_verbs", tok.head.lemma_):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and words.has("partner_nouns", tok.head.head.lemma_):
            return True
        gov = tok.head.head
        if tok.dep_ == "pobj" and tok.head.lower_ == "to" and gov.pos_ == "VERB":
            # "delivered aid to Kabul", "sold wheat to Tashkent": given to its government;
            # "travelled to Kabul" is a place (the places stage's motion words)
            return not self.t.place_words.has("motion_words", gov.lemma_)
        return tok.dep_ == "pobj" and words.has("dealing_prepositions", tok.head.lower_) and tok.head.lower_ != "from"

    def role(self, h: Hit) -> list[Cand]:
        t = self.t
        office = self.kb.offices[h.ref]
        not_holder = t.words["not_holder"]
        start = h.start
        if t.at(start - 1) == "acting":
            start -= 1
        holder_ok = t.at(start - 1) not in not_holder and t.at(start - 2) not in ("a", "an")
        cue = t.country_cue_ending(start)
        end = h.end
        cue_kind: str | None
        cue_ref: str | None
        if cue:
            start = cue[0]
            cue_kind, cue_ref = cue[1], cue[2]
        else:
            after = t.cue_after(h.end)
            cue_kind, cue_ref = (after[1], after[2]) if after else (None, None)
            end = after[0] if after else h.end
        if cue_kind == "group" and cue_ref is not None:  # a group's cue always names it
            cue_kind, cue_ref = "state", t.governed(cue_ref)  # "the foreign minister of the Taliban"
        if cue_kind and (office.scope == "igo") != (cue_kind in ("igo", "ref")):
            return []
        if not holder_ok and t.at(start - 1) in ("deputy", "vice", "first-deputy"):
            start -= 1 + (t.at(start - 2) == "first")
        start = t.with_the(start)
        info: CandInfo = {"office": office.office, "cue": cue_kind, "cue_ref": cue_ref, "title": t.sp[start:end].text}
        name = t.name_after(end)
        if name:
            how = name[1]
            name_start = next(e.start for e in [t.sp[name[0] - 1 : name[0]]] if e) if how == "person" else None
            for ent in t.ents:
                if ent.end == name[0] and ent.label_ == "PERSON":
                    name_start = ent.start
            info["name_start"], info["title_end"] = name_start or name[0] - 1, end
            return [Cand(start, name[0], how, name[2], info)]
        if cue_kind and holder_ok:
            return [Cand(start, end, "role", None, info)]
        return []

    def institution(self, h: Hit) -> list[Cand]:
        t = self.t
        template = self.kb.templates[h.ref]
        info: CandInfo = {"key": template.key}
        start, end = h.start, h.end
        last = t.sp[end - 1]
        titled = all(tok.is_title for tok in t.sp[h.start : h.end] if tok.is_alpha and len(tok) > 3)
        titled = titled and not (h.end - h.start == 1 and t.sp[h.start].is_sent_start)  # "Officials said"
        if last.dep_ in ("compound", "amod", "nmod") and last.head.i > last.i and not titled:
            return []  # "a U.S. defense intelligence contractor" is a contractor
        if titled and self.inside_name(h) and self.t.at(h.end)[:1].isalpha() and self.t.sp[h.end].is_title:
            return []  # "Military" in "Russia's Southern Military District": a word of another body's name
        cue = t.country_cue_ending(start) or self.capital_before(start, template.key)
        gap = 0
        while cue is None and gap < 2 and start - gap - 1 > 0 and t.modifier(t.sp[start - gap - 1]):
            gap += 1
            cue = t.country_cue_ending(start - gap)
        if cue and cue[1] in ("state", "group"):
            info["modifiers"] = (start - gap, start) if gap else None
            start, iso3 = cue[0], self.state_of(cue)
            info["group"] = cue[2] if cue[1] == "group" else None
        else:
            after = t.cue_after(h.end) or self.capital_after(h.end, template.key)
            if after and after[1] in ("state", "group"):
                end, iso3 = after[0], self.state_of(after)
                info["group"] = after[2] if after[1] == "group" else None
            elif (
                (titled and not self.inside_name(h))
                or (template.key in t.words["context_institutions"] and t.at(h.start - 1) == "the")
                or (template.key in t.words["bare_institutions"] and t.at(h.start - 1) in ("the", "with", "by"))
            ):
                iso3 = None  # "the Interior Ministry", "Defense Ministry spokesman": the state in view
                info["context"] = True
            elif (
                t.at(h.start - 1) in ("the", "this", "that")
                and not t.sp[h.start].is_title
                and not t.words.has("forces_institutions", template.key)
            ):
                iso3 = None  # "the ministry": the one named before
                info["back"] = True
            else:
                return []
        info["iso3"] = iso3
        others = (
            [
                Cand(h.start, h.end, "inst", template.key, {**info, "iso3": h.ref, "modifiers": None})
                for h in t.coordinated(start)
            ]
            if cue and cue[1] == "state"
            else []
        )
        return [Cand(t.with_the(start), end, "inst", template.key, info), *others]

    def inside_name(self, h: Hit) -> bool:
        """ "Military" in "the Southern Military District", "Government" in "the Unity Government":
        a word of a longer name."""
        before = self.t.sp[h.start - 1] if h.start > 0 else None
        after = self.t.sp[h.end] if h.end < len(self.t.sp) else None
        return any(
            tok is not None
            and tok.is_alpha
            and tok.text[:1].isupper()
            and tok.lower_ not in ("the", "a", "an")
            and not tok.is_sent_start
            for tok in (before, after)
        ) or (
            before is not None
            and bool(before.is_sent_start)  # None where the parser left it open
            and before.is_alpha
            and before.is_title
            and before.lower_ != "the"
        )

    def state_of(self, cue: tuple[int, str, str]) -> str | None:
        return self.t.governed(cue[2]) if cue[1] == "group" else cue[2]

    def capital_before(self, start: int, key: str) -> tuple[int, str, str] | None:
        """ "the Khartoum government", "Kabul's regime" -> that state's government."""
        if key != "government":
            return None
        stop = start - 1 if self.t.at(start - 1) in ("'s", "\u2019s") else start
        for h in self.t.ending.get(stop, []):
            if h.cat == CAPITAL:
                return h.start, "state", h.ref
        return None

    def capital_after(self, end: int, key: str) -> tuple[int, str, str] | None:
        """ "the government in Kabul" -> Afghanistan's government."""
        if key != "government" or self.t.at(end) != "in":
            return None
        for h in self.t.starting.get(end + 1, []):
            if h.cat == CAPITAL:
                return h.end, "state", h.ref
        return None

    def reference(self, h: Hit) -> list[Cand]:
        t = self.t
        if h.ref == "state":
            cue = t.country_cue_ending(h.start)
            if cue and cue[1] == "state":
                return [Cand(t.with_the(cue[0]), h.end, "state", cue[2], {"side": True})]
            return []
        if h.ref == "government_in":
            after = self.capital_after(h.end, "government")
            if after:
                return [Cand(t.with_the(h.start), after[0], "inst", "government", {"iso3": after[2]})]
            return []
        if t.at(h.start - 1) == "the" and h.ref in ("igo", "group"):
            return [Cand(h.start - 1, h.end, "ref", h.ref)]
        return []
