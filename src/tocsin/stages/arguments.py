"""Who did it and to whom: the linked actors behind a trigger's grammatical arguments.

Read from the dependency parse and the actor mentions the actors stage left on the
document: a phrase stands for the actor mentioned at its head, else for actors named in
its modifiers ("Tajikistan's president", "the Afghan army", "the government of Iran") or
its apposition, else the country it is placed in ("rebels in the Ivory Coast", as
PLOVER codes unnamed actors), plus those of its conjuncts ("Russia and its partners"). Personal
pronouns take the nearest fitting actor mentioned before them; a sentence's speaker comes
from the attribution stage (``doc.statements``). Shared by the events and threats stages.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Span, Token

from tocsin.document import Document, Mention
from tocsin.knowledge.base import Knowledge
from tocsin.knowledge.wordlists import WordLists
from tocsin.record import Actor
from tocsin.stages.actors.unnamed import ARMED_SECTORS

MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod"}
# Prepositions whose gerund is done by the governing verb's object ("accused X of firing").
OBJECT_CONTROL = {"of", "for", "with", "from"}


class Actors:
    """Actor and place mentions of one document, searchable by character span; ``words`` are
    the pronouns and nouns that point back at them (``data/events/usage.yaml``, the package's
    by default)."""

    def __init__(self, doc: Document, words: WordLists | None = None, states: dict[str, str] | None = None):
        self.doc = doc
        # ISO-3 -> name of the states that may be sides though named only as places (events);
        # None: such states are never sides (threats)
        self.state_names = states
        self.words = words if words is not None else Knowledge.at().usage("events")
        kinds = {"actor", "place", "standby"}
        self.mentions = sorted((m for m in doc.mentions if m.kind in kinds), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.kinds = {a.id: a.kind for a in [*doc.record.actors, *doc.standby]}
        self.media = {a.id for a in doc.record.actors if a.sector == "MED"}
        # armed groups and the gangs, networks and rebels the report names without a name
        self.armed = {a.id for a in doc.record.actors if a.kind == "armed_group" or a.sector in ARMED_SECTORS}
        self.countries = {a.id: a.country for a in [*doc.record.actors, *doc.standby]}
        # states and country places by id -> ISO-3: "the country itself", as opposed to its bodies
        self.states = {p.id: p.country for p in doc.record.places if p.feature == "country"}
        self.states |= {a.id: a.country for a in doc.record.actors if a.kind == "state"}

    def within(self, start: int, end: int, kind: str = "actor") -> list[str]:
        out: list[str] = []
        i = max(0, bisect_left(self.starts, start) - 3)
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.kind == kind and m.start < end and start < m.end and m.ref not in out:
                out.append(m.ref)
        return out

    def at(self, token: Token, kind: str = "actor") -> list[str]:
        return self.within(token.idx, token.idx + len(token.text), kind)

    def before(
        self,
        offset: int,
        person: bool,
        window: int = 1500,
        subject: bool = False,
        singular: bool = False,
        plural: bool = False,
    ) -> str | None:
        """The nearest actor mentioned before ``offset``: a person for "he", else a non-person;
        with ``subject``, only one named as a clause's subject ("The ministry said ... It added");
        with ``singular``, not one named by a plural noun ("it" is not "Taliban fighters"); with
        ``plural``, only one named by a plural noun."""
        i = bisect_left(self.starts, offset)
        for m in reversed(self.mentions[:i]):
            if m.start < offset - window:
                break
            fits = (self.kinds.get(m.ref) == "person") == person and m.ref not in self.media
            if m.kind != "actor" or m.end > offset or not fits:
                continue
            head = self._phrase_head(m.start, m.end)
            if subject and (head is None or head.dep_ not in {"nsubj", "nsubjpass"}):
                continue
            if singular and head is not None and head.tag_ in {"NNS", "NNPS"}:
                continue
            if plural and (head is None or head.tag_ not in {"NNS", "NNPS"}):
                continue
            return m.ref  # "they" is rarely the newspaper cited
        return None

    def _phrase_head(self, start: int, end: int) -> Token | None:
        span = self.doc.spacy.char_span(start, end, alignment_mode="expand") if self.doc.spacy is not None else None
        if span is None:
            return None
        root = span.root
        while root.dep_ in {"compound", "amod", "poss", "nmod"} and root.head.i != root.i:
            root = root.head  # "the US Treasury Department": the phrase's head
        return root

    # -- phrases -------------------------------------------------------------
    def phrase(self, token: Token, kind: str = "actor", conj: bool = True) -> list[str]:
        """The actors (or places) a noun phrase headed by ``token`` stands for."""
        out = self._head(token, kind)
        if conj and token.dep_ == "nsubj":
            # "Minister A and Minister B met", parsed as two subjects: both
            for other in token.head.children:
                between = token.doc[min(other.i, token.i) : max(other.i, token.i)]
                if other.dep_ == "nsubj" and other.i != token.i and any(w.dep_ == "cc" for w in between):
                    out += [a for a in self._head(other, kind) if a not in out]
        if conj:
            for c in token.children:
                # "A, B and C": the parser reads "B" as A's apposition, with C coordinated to it
                listed = c.dep_ == "appos" and token.pos_ == "PROPN" and any(g.dep_ == "conj" for g in c.children)
                if c.dep_ == "conj" or listed:
                    out += [a for a in self.phrase(c, kind) if a not in out]
        return out

    def _head(self, token: Token, kind: str) -> list[str]:
        found = self.at(token, kind)
        if found:  # "Russian and Tajik troops": the coordinated adjective is a second side
            paired = [
                a
                for c in token.lefts
                if c.dep_ in MODIFIER_DEPS and c.conjuncts
                for x in (c, *c.conjuncts)
                for a in self.at(x, kind)
            ]
            # "officials from Kazakhstan and Uzbekistan", linked to the first: the others too
            listed = [
                a
                for c in token.children
                if c.dep_ == "prep" and c.lower_ in {"from", "of"}
                for p in c.children
                if p.dep_ == "pobj" and self.at(p, kind)[:1] == found[:1]
                for x in p.conjuncts
                for a in self.at(x, kind)[:1]
            ]
            return found[:1] + [a for a in paired + listed if a not in found[:1]]
        if kind == "actor" and token.pos_ == "PRON":
            for c in token.children:  # "some in Russia", "many of them"
                if c.dep_ == "prep" and c.lower_ in {"in", "of", "among"}:
                    found = [a for p in c.children if p.dep_ == "pobj" for a in self._head(p, kind)]
                    if found:
                        return found
            return self._pronoun(token)
        named = [a for c in token.children if c.dep_ == "appos" for a in self.at(c, kind)]
        if token.pos_ == "NOUN" and named:
            return named  # "his Afghan counterpart X": X, not whose counterpart
        if kind == "actor" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children):
            for c in token.children:  # "his counterparts from X": X's, not his
                if c.dep_ == "prep" and c.lower_ == "from":
                    found = [a for p in c.children if p.dep_ == "pobj" for a in self.phrase(p, kind)]
                    if found:
                        return found
        found = self._modifiers(token, MODIFIER_DEPS, kind)
        if found:
            return found
        for c in token.children:  # "the government of Iran", "groups like ISIS", "such as"
            if c.dep_ == "prep" and c.lower_ in {"of", "like", "including", "as"}:
                for p in c.children:
                    if p.dep_ == "pobj" and (found := self.phrase(p, kind)):
                        return found  # "the authorities of both X and Y": both
        found = self._modifiers(token, {"appos"}, kind)
        if found or kind != "actor":
            return found
        if pair := self._pair(token):
            return pair
        if known := self._described(token):
            return known
        for c in token.children:  # "opposition groups in Zimbabwe", "troops from X and Y": by their countries
            if c.dep_ == "prep" and c.lower_ in {"in", "from"} and token.lemma_.lower() not in self.words.affairs_nouns:
                for p in c.children:
                    if p.dep_ == "pobj" and (found := self.at(p, "actor")):
                        return found[:1] + [a for cj in p.conjuncts for a in self.at(cj, "actor")[:1] if a != found[0]]
        return self.at(token, "standby") if self.state_names is not None else []  # "its border with Afghanistan"

    def state(self, iso3: str, start: int, end: int) -> str | None:
        """The actor id of a state; one the record lacks is set aside as named only as a place
        at [start, end) ("the Kyrgyz-Tajik border" names both states). None for a state not
        known or when states are never sides."""
        if iso3 in self.kinds:
            return iso3
        name = (self.state_names or {}).get(iso3)
        if name is None:
            return None
        self._set_aside(Actor(id=iso3, name=name, kind="state", country=iso3, mentions=[(start, end)]))
        return iso3

    def unnamed(self, iso3: str, noun: str, name: str, sector: str, start: int, end: int) -> str:
        """An unnamed actor of a state the text implies but does not name as one ("protests
        broke out in Osh": Kyrgyz protesters, as ACLED codes "Protesters (Kyrgyzstan)"), set
        aside like a state named only as a place."""
        ref = f"noun:{iso3.lower()}:{noun}"
        if ref not in self.kinds:
            actor = Actor(id=ref, name=name, kind="other", country=iso3, sector=sector, mentions=[(start, end)])
            self._set_aside(actor)
        return ref

    def _set_aside(self, actor: Actor) -> None:
        """Keeps an actor out of the record until an event adopts it (``adopt``)."""
        start, end = actor.mentions[0]
        self.doc.standby.append(actor)
        self.doc.mentions.append(Mention(start, end, actor.id, "standby", self.doc.record.text[start:end]))
        self.kinds[actor.id], self.countries[actor.id] = actor.kind, actor.country

    def place_state(self, place_id: str | None, start: int, end: int) -> list[str]:
        """The state a place lies in, as an actor id: one the text names, else one set aside
        (a town attacked or seized in a country the text never names as an actor)."""
        place = self.doc.record.place(place_id) if place_id else None
        if place is None or not place.country or place.feature == "border":
            return []
        named = [a for a, kind in self.kinds.items() if kind == "state" and self.countries.get(a) == place.country]
        if named:
            return named[:1]
        found = self.state(place.country, start, end)
        return [found] if found else []

    def adopt(self, used: set[str]) -> None:
        """Makes actors of the record of the states named only as places that a coded event
        has as a side."""
        doc = self.doc
        wanted = [a for a in doc.standby if a.id in used]
        if not wanted:
            return
        doc.record.actors += wanted
        doc.standby = [a for a in doc.standby if a.id not in used]
        ids = {a.id for a in wanted}
        for m in doc.mentions:
            if m.kind == "standby" and m.ref in ids:
                m.kind = "actor"

    def _modifiers(self, token: Token, deps: set[str], kind: str) -> list[str]:
        found: list[str] = []
        for c in token.children:
            if c.dep_ in deps:
                found += [a for a in self.within(c.left_edge.idx, _end(c), kind) if a not in found]
                if kind == "actor" and c.dep_ == "poss" and c.pos_ == "PRON" and not found:
                    found += self._pronoun(c)  # "its troops", "their forces": whose troops
        return found

    def _pronoun(self, token: Token) -> list[str]:
        low, w = token.lower_, self.words
        if low in w.relative_pronouns and token.head.dep_ == "relcl":
            return self._head(token.head.head, "actor")
        if low in w.first_person_pronouns and (said := speaker(token.sent, self)):
            return said  # "— We call on ..., — the minister said": the speaker's side
        if low in w.person_pronouns:  # "He added": the person last named as a subject, else the last named
            ref = (token.dep_ == "nsubj" and self.before(token.idx, person=True, subject=True)) or self.before(
                token.idx, person=True
            )
        elif low in w.group_pronouns:
            one = low in w.singular_pronouns
            # "X arrested six men, saying they had planned": a group named by a plural noun
            # earlier in the sentence, before any subject
            here = token.idx - token.sent.start_char
            ref = None if one or low not in w.plural_pronouns else self.before(token.idx, False, here, plural=True)
            ref = (
                ref
                or self.before(token.idx, person=False, subject=True, singular=one)
                or self.before(token.idx, person=False, singular=one)
            )
            if ref and low in w.plural_pronouns:
                return self._coordinated(ref, token.idx)
        else:
            ref = None
        return [ref] if ref else []

    def _coordinated(self, ref: str, offset: int) -> list[str]:
        """ "X and Y met ... they agreed": a plural pronoun stands for the coordination it follows."""
        m = max((m for m in self.mentions if m.ref == ref and m.end <= offset), key=lambda m: m.start)
        span = self.doc.spacy.char_span(m.start, m.end, alignment_mode="expand") if self.doc.spacy is not None else None
        if span is None:
            return [ref]
        out = [ref]
        for c in span.root.conjuncts:
            out += [a for a in self.at(c) if a not in out and self.kinds.get(a) != "person"]
        return out

    def _described(self, token: Token) -> list[str]:
        """ "the guards", "the ministry": the last actor whose name ends in that noun."""
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "these"} for c in token.children)
        if token.pos_ != "NOUN" or not definite:
            return []
        lemma = token.lemma_.lower()
        i = bisect_left(self.starts, token.idx)
        for m in reversed(self.mentions[:i]):
            if m.start < token.idx - 1500:
                break
            if m.kind == "actor" and m.end <= token.idx and self._root_lemma(m.start, m.end) == lemma:
                return [m.ref]
        return []

    def _root_lemma(self, start: int, end: int) -> str | None:
        span = self.doc.spacy.char_span(start, end, alignment_mode="expand") if self.doc.spacy is not None else None
        return span.root.lemma_.lower() if span is not None else None

    def _pair(self, token: Token) -> list[str]:
        """ "the two leaders", "both sides": the last two actors of that sort named before."""
        lemma = token.lemma_.lower()
        counted = any(c.lower_ in {"two", "both"} for c in token.children)
        plural = token.tag_ == "NNS" and (lemma == "side" or any(c.lower_ == "the" for c in token.children))
        # "... and the two signed an accord": the number alone as a subject
        the = any(c.lower_ == "the" for c in token.children)
        alone = token.lower_ == "two" and token.dep_ in {"nsubj", "nsubjpass"} and the
        if not alone and (lemma not in self.words.pair_nouns or not (counted or plural)):  # "the two leaders"
            return []
        anyone = alone or lemma in self.words.pair_any_nouns
        kinds = [True, False] if anyone else [lemma in self.words.pair_person_nouns]
        verb = token
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        asker = subject(verb)[0] if verb.pos_ in {"VERB", "AUX"} else None
        # "The UN called on both sides": whoever addresses the pair is not one of them
        start = asker.left_edge.idx if asker is not None and asker.i < token.i else token.idx
        for subj in (True, False):  # the sides named as subjects first: "X arrived ... Y said"
            for person in kinds:
                out: list[str] = []
                offset = start
                while len(out) < 2 and (ref := self.before(offset, person=person, subject=subj)) is not None:
                    # "both sides" are parties: not the residents or victims the report told of
                    if ref not in out and not (anyone and self.kinds.get(ref) == "other"):
                        out.append(ref)
                    offset = min(m.start for m in self.mentions if m.ref == ref and m.start < offset)
                if len(out) == 2:
                    return out
        return []


def _end(token: Token) -> int:
    right = token.right_edge
    return right.idx + len(right.text)


def _misjoined(verb: Token) -> Token | None:
    """ "X repeated his claim that Y is meddling and warned Z": a past-tense verb the parser
    joined to a present clause inside an object is the main verb's partner; its main verb."""
    head = verb.head
    if verb.dep_ != "conj" or verb.tag_ != "VBD" or head.tag_ not in {"VBG", "VBZ", "VBP"}:
        return None
    if head.dep_ not in {"acl", "ccomp", "relcl"} or head.head.dep_ not in {"dobj", "nsubj"}:
        return None
    main = head.head.head
    return main if main.tag_ == "VBD" else None


def subject(verb: Token) -> tuple[Token | None, bool]:
    """The token naming who acts in the verb's clause, and whether the clause is passive.

    Climbs through control and coordination ("Russia vowed to protect", "is ready to
    begin", "met X and agreed") when the verb has no subject of its own; the agent of a
    passive ("was adopted by the Council") is its acting subject.
    """
    t = verb
    for _ in range(5):
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in t.children)
        for c in t.children:
            if c.dep_ == "agent":
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, False
        subjects = [c for c in t.children if c.dep_ in {"nsubj", "csubj"}]
        if subjects:  # two subjects are a mis-parse of one long name: the nearer is its head
            return max(subjects, key=lambda c: c.i if c.i < t.i else -c.i), False
        if any(c.dep_ == "nsubjpass" for c in t.children):
            return None, True
        if t.dep_ == "relcl":  # "the militants who attacked": the modified noun acts
            return t.head, False
        if t.dep_ == "acl" and t.tag_ == "VBG":  # "groups operating in": the modified noun acts
            return t.head, False
        if t.dep_ == "pcomp" and t.head.dep_ == "prep":
            # "accused X of firing", "thanked X for helping": X acts; "fled after firing": the subject
            prep, above = t.head, t.head.head
            if above.dep_ == "dobj" and prep.lower_ in OBJECT_CONTROL:
                return above, False
            obj = next((c for c in above.children if c.dep_ == "dobj"), None)
            if above.pos_ in {"VERB", "AUX"}:
                if obj is not None and prep.lower_ in OBJECT_CONTROL:
                    return obj, False
                t = above
                continue
        if t.dep_ in {"xcomp", "conj", "acomp", "advcl", "ccomp"} and t.head.i != t.i:
            if passive and t.dep_ != "conj":
                return None, True
            t = _misjoined(t) or t.head
            continue
        break
    return _left_noun(t), False


def _left_noun(verb: Token) -> Token | None:
    """A subject the parser attached elsewhere: the first noun after the last comma before the verb.

    ("Weeks after the coup, Russia and its allies held drills": the parse
    hangs "Russia" on "Kabul" and leaves "conducted" without a subject.)
    """
    if verb.dep_ != "ROOT":
        return None
    sent_start = verb.sent.start
    i = verb.i - 1
    while i > sent_start and verb.doc[i].text not in {",", ";", ":"}:
        i -= 1
    for tok in verb.doc[i : verb.i]:
        if tok.pos_ in {"PROPN", "NOUN"} and tok.dep_ not in {"npadvmod", "compound"}:
            return tok
    return None


def speaker(sentence: Span, actors: Actors) -> list[str]:
    """The actors a sentence reports as speaking, from the attribution stage's statements.

    The innermost statement that the sentence holds or is part of wins ("the agency
    reported that the ministry said ..." -> the ministry); a news outlet only relays.
    """
    for st in actors.doc.statements_at(sentence.start_char, sentence.end_char):
        found = [a for a in st.speakers if a not in actors.media]
        if found:
            return found
    return []
