"""Who made each statement: the speaker phrase resolved to a linked actor.

Read in text order, so that a reference is resolved against what came before it:

- a linked actor at the phrase's head ("Tajik President Emomali Rahmon", "the Kremlin"),
  else a person named in it ("the governor, Rustam Nabiev"), else an organisation named
  in it ("the Russian State TASS News Agency");
- "he", "she": the nearest person before; "they", "it": the body just quoted, else the
  nearest body named as a subject;
- a title ("the deputy prime minister", "the President of Kyrgyzstan", "the expert"): the
  speaker last named with that word, else the person of the article who holds that office,
  else the nearest person before;
- a definite description ("the ministry", "the prosecutors", "the committee"): the speaker
  last named with that word, else the actor named before whose name holds it, else the
  nearest body of a fitting kind;
- a document ("the statement", "a release issued by X", "the president's website"): its
  author, else the speaker of the last statement made "in a statement";
- a body the knowledge base lacks ("Kyrgyzstan's national security committee", "Tajik
  officials"): its name as written, with the country the text gives as its actor;
- an unlinked name or description ("an unnamed rights lawyer", "officials"): as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Token

from tocsin.document import Document, Mention, Statement
from tocsin.record import Actor
from tocsin.stages import parsed
from tocsin.stages.attribution import Found, Vocabulary, statement

ORG_KINDS = {"igo", "organization", "government", "armed_group", "state"}
WINDOW = 1500  # how far back a reference may point, in characters
SUBJECT_REACH = 400  # how far back "he" prefers a subject to a nearer object, in characters

Resolved = tuple[list[str], str | None, bool]  # actor ids, name, a person


@dataclass
class Said:
    """A statement already attributed: what later references may point back to."""

    at: int
    ids: list[str]
    name: str | None
    person: bool
    words: set[str]  # the lemmas of the speaker phrase
    context: set[str]  # the lemmas of the statement's sentence ("in a statement")


class Resolver:
    def __init__(self, doc: Document, v: Vocabulary):
        self.doc, self.v, self.text = doc, v, doc.record.text or ""
        self.actors = {a.id: a for a in doc.record.actors}
        self.mentions: list[Mention] = sorted((m for m in doc.mentions if m.kind == "actor"), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        ents = doc.spacy.ents if doc.spacy is not None else []
        self.persons = [(e.start_char, e.end_char) for e in ents if e.label_ == "PERSON"]
        self.history: list[Said] = []

    # -- public ------------------------------------------------------------------
    def resolve(self, f: Found) -> Resolved | None:
        at = f.cue[0] if f.cue is not None else f.content[0]
        if f.who is None:
            return None
        head = f.head if f.head is not None else self._head(f.who)
        if head is None:
            return self._span(f.who, at)
        return self._token(head, f.who, at)

    def remember(self, f: Found, r: Resolved) -> None:
        words: set[str] = set()
        if f.who is not None and self.doc.spacy is not None:
            span = self.doc.spacy.char_span(*f.who, alignment_mode="expand")
            words = set(parsed.lowered_lemmas(self.doc.spacy)[span.start : span.end]) if span is not None else set()
        context: set[str] = set()
        if self.doc.spacy is not None and f.cue is not None:
            tok = self.doc.spacy.char_span(f.cue[0], f.cue[1], alignment_mode="expand")
            if tok is not None:
                sent = tok.sent
                context = set(parsed.lowered_lemmas(self.doc.spacy)[sent.start : sent.end])
        self.history.append(Said(f.content[0], r[0], r[1], r[2], words, context))

    def follow(self, at: int, reach: int) -> Resolved | None:
        """The speaker an unattributed quote at ``at`` goes on with: the last one quoted."""
        last = next((s for s in reversed(self.history) if s.at < at), None)
        if last is None or at - last.at > reach:
            return None
        return last.ids, last.name, last.person

    # -- by the parse --------------------------------------------------------------
    def _spoken_for(self, h: Token, bodies: list[Mention]) -> str | None:
        """The body named in the "for" phrase of an unnamed speaker ("a spokesman for X")."""
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in self.v.speaks_for:
                lo, hi = c.idx, _end(c.right_edge)
                found = [m.ref for m in bodies if lo <= m.start and m.end <= hi]
                if found:
                    return found[0]
        return None

    def _head(self, who: tuple[int, int]) -> Token | None:
        if self.doc.spacy is None:
            return None
        span = self.doc.spacy.char_span(*who, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _token(self, h: Token, who: tuple[int, int], at: int) -> Resolved | None:
        ws, we = who
        low, lemma = h.lower_, h.lemma_.lower()
        if h.pos_ == "PRON":
            return self._pronoun(low, at)
        inside = [m for m in self._within(ws, we)]
        at_head = next((m for m in inside if m.start <= h.idx < m.end), None)
        if at_head is not None:
            return self._actor(at_head.ref)
        persons = [m for m in inside if self._kind(m.ref) == "person"]
        if persons:  # "the governor, Rustam Nabiev": the name over the title
            return self._actor(min(persons, key=lambda m: abs(m.start - h.idx)).ref)
        if lemma in self.v.documents:
            return self._document(h, at)
        person_ent = next((p for p in self.persons if p[0] <= h.idx < p[1]), None)
        if person_ent is not None:
            return [], self._clean(self.text[person_ent[0] : person_ent[1]]), True
        indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in h.children)
        bodies = [m for m in inside if self._kind(m.ref) not in {"state", "person", None}]
        if bodies and not indefinite:  # "the Russian State TASS News Agency"
            return self._actor(min(bodies, key=lambda m: abs(m.end - _end(h))).ref)
        if bodies and (body := self._spoken_for(h, bodies)) is not None:
            return self._actor(body)  # "a spokesman for the ministry": the ministry's word
        states = [m.ref for m in inside if self._kind(m.ref) == "state"] or self._country_ref(h, at)
        title = self._title_word(h, ws, we)
        if title is not None and not indefinite:
            found = self._title(h, title, states, ws, at)
            if found is not None:
                return found
        if not indefinite and not states:
            found = self._described(h, lemma, at)
            if found is not None:
                return found
        name = self._clean(self.text[ws:we], plain=True)
        if name is None:
            return None
        # "the ministry" nobody named before, "state television", "the junta in Niamey"
        described = lemma in self.v.org_refs or title is not None or lemma in self.v.people_nouns
        if states or indefinite or described or h.tag_ in {"NNS", "NNPS"} or h.pos_ == "PROPN" or name[:1].isupper():
            return states[:1], name, title is not None and h.tag_ not in {"NNS", "NNPS"}  # "officials" are a group
        return None

    def _country_ref(self, h: Token, at: int) -> list[str]:
        """ "the country's prosecutors": the state named last before."""
        for c in h.children:
            if (
                c.dep_ == "poss"
                and c.lemma_.lower() in self.v.country_words
                and any(d.lower_ == "the" for d in c.children)
            ):
                m = self._nearest(at, person=False, kinds={"state"})
                return [m.ref] if m is not None else []
        return []

    def _pronoun(self, low: str, at: int) -> Resolved | None:
        if low in self.v.person_pronouns:  # "X met his counterpart. '...,' he said": X, the subject
            m = self._nearest(at, person=True, subject=True)
            m = m if m is not None and at - m.start < SUBJECT_REACH else self._nearest(at, person=True)
            if m is not None:
                return self._actor(m.ref)
            last = next((s for s in reversed(self.history) if s.person and at - s.at < WINDOW), None)
            return (last.ids, last.name, True) if last is not None else None
        if low in self.v.group_pronouns:
            last = self.history[-1] if self.history else None
            if last is not None and not last.person and at - last.at < WINDOW:
                return last.ids, last.name, False
            m = self._nearest(at, person=False, subject=True) or self._nearest(at, person=False)
            return self._actor(m.ref) if m is not None else None
        return None

    def _title_word(self, h: Token, ws: int, we: int) -> str | None:
        """The office word of a speaker phrase ("deputy prime minister" -> "prime minister")."""
        phrase = self.text[ws:we].lower()
        multi = [w for w in self.v.person_refs if " " in w and w in phrase]
        if multi:
            return max(multi, key=len)
        lemma = h.lemma_.lower()
        return lemma if lemma in self.v.person_refs or h.lower_ in self.v.person_refs else None

    def _title(self, h: Token, title: str, states: list[str], ws: int, at: int) -> Resolved | None:
        """ "the spokesperson" -> the spokesperson quoted before; "the President of Kyrgyzstan"
        -> the article's president of Kyrgyzstan; "the expert" -> the person last quoted."""
        if h.tag_ in {"NNS", "NNPS"}:
            return None  # "local experts", "officials": people of their own, not someone named before
        definite = any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in h.children) or h.i == h.sent.start
        if definite and title in self.v.commentators:
            last = next((s for s in reversed(self.history) if s.person), None)
            if last is not None:
                return last.ids, last.name, True
        if definite:
            earlier = next((s for s in reversed(self.history) if title in s.words or h.lemma_.lower() in s.words), None)
            if earlier is not None and earlier.person:
                return earlier.ids, earlier.name, True
        country = self.actors[states[0]].country if states and states[0] in self.actors else None
        holders = [
            a.id
            for a in self.doc.record.actors
            if a.kind == "person" and a.role and title.split()[-1] in a.role.lower()
            and (country is None or a.country in {None, country})
        ]  # fmt: skip
        if holders:
            near = [m for m in self.mentions if m.ref in holders and m.start < at]
            ref = near[-1].ref if near else holders[0]
            return self._actor(ref)
        # "the foreign office spokesperson", "the spokesman of X": someone of that body, not the last person named
        of = any(c.dep_ == "prep" and c.lower_ in {"of", "at", "for", "to"} or c.dep_ == "compound" for c in h.children)
        if definite and not of and not states:
            m = self._nearest(at, person=True)
            if m is not None and self._could_be(m.ref, title, h):
                return self._actor(m.ref)
        return None

    def _apposed_callings(self, actor: Actor) -> set[str]:
        """The nouns that describe a person in an apposition ("Karim Azizov, a farmer from the
        village": farmer)."""
        out: set[str] = set()
        if self.doc.spacy is None:
            return out
        for start, end in actor.mentions:
            span = self.doc.spacy.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            apposed = [c for c in root.children if c.dep_ == "appos"]
            apposed += [root.head] if root.dep_ == "appos" else []
            out |= {a.lemma_.lower() for a in apposed if a.pos_ == "NOUN"}
        return out

    def _could_be(self, ref: str, title: str, h: Token) -> bool:
        """Whether "the envoy" may be the person named last: not when that person was described
        by another calling ("Karim Azizov, a farmer")."""
        actor = self.actors.get(ref)
        if actor is None:
            return False
        if actor.role:
            return True  # an office holder goes by many titles ("the top diplomat")
        described = self._apposed_callings(actor)
        return not described or title in described or h.lemma_.lower() in described

    def _described(self, h: Token, lemma: str, at: int) -> Resolved | None:
        """ "the ministry", "the prosecutors": the speaker or actor named before with that word."""
        definite = any(c.dep_ in {"det", "poss"} for c in h.children)
        if not definite and h.tag_ not in {"NNS", "NNPS"}:
            return None
        said = {c.lemma_.lower() for c in h.children if c.dep_ in {"compound", "amod"}}  # "the defence ministry"
        earlier = next(
            (s for s in reversed(self.history) if lemma in s.words and said <= s.words and at - s.at < 3 * WINDOW),
            None,
        )
        if earlier is not None and definite:
            return earlier.ids, earlier.name, earlier.person
        if lemma not in self.v.not_name_words and len(lemma) > 3:
            for m in reversed(self.mentions[: bisect_left(self.starts, at)]):
                actor = self.actors.get(m.ref)
                if actor is None or actor.kind in {"person", "state"}:
                    continue
                names = [actor.name, *actor.aliases]
                if any(lemma in _name_words(n) for n in names):
                    return self._actor(m.ref)
        kinds = self.v.org_refs.get(lemma)
        if kinds is not None and definite:
            wanted = set(kinds or ORG_KINDS)
            last = self.history[-1] if self.history else None
            if last is not None and last.ids and self._kind(last.ids[0]) in wanted and at - last.at < WINDOW:
                return last.ids, last.name, False
            nearest = self._nearest(at, person=False, kinds=wanted)
            return self._actor(nearest.ref) if nearest is not None else None
        return None

    def _document(self, h: Token, at: int) -> Resolved | None:
        """A document speaks for its author: "the ministry's statement", "issued by X"."""
        for t in h.subtree:
            if t.i == h.i:
                continue
            if t.dep_ == "poss" or (t.dep_ == "pobj" and t.head.lower_ in {"by", "from"}):
                if t.pos_ == "PRON":
                    return self._pronoun(self.v.possessive.get(t.lower_, t.lower_), at)
                found = self._token(t, (t.left_edge.idx, _end(t)), at)
                if found is not None:
                    return found
        inside = self._within(h.left_edge.idx, _end(h))
        if inside:
            return self._actor(inside[-1].ref)
        lemma = h.lemma_.lower()  # "the statement said": the latest speaker who made one
        makers = {_key(s) for s in self.history if lemma in s.context}
        made = next((s for s in reversed(self.history) if _key(s) in makers), None)
        if made is not None and at - made.at < 3 * WINDOW:
            return made.ids, made.name, made.person
        return self._issuer(h, at)

    def _issuer(self, h: Token, at: int) -> Resolved | None:
        """ "X issued a statement. '...,' the statement said": whoever issued, published or
        released the document the text named last, within a few sentences."""
        if self.doc.spacy is None:
            return None
        lemma = h.lemma_.lower()
        for t in reversed(self.doc.spacy[: h.i]):
            if t.idx < at - WINDOW:
                break
            if t.lemma_.lower() == lemma and t.dep_ == "dobj" and t.head.pos_ == "VERB":
                maker = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                if maker is not None:
                    return self._token(maker, (maker.left_edge.idx, _end(maker)), at)
        return None

    # -- by the text, when there is no parse -------------------------------------------
    def _span(self, who: tuple[int, int], at: int) -> Resolved | None:
        inside = self._within(*who)
        persons = [m for m in inside if self._kind(m.ref) == "person"]
        if persons:
            return self._actor(persons[0].ref)
        if inside:
            return self._actor(inside[0].ref)
        name = self._clean(self.text[who[0] : who[1]])
        return ([], name, False) if name else None

    # -- helpers ---------------------------------------------------------------------
    def _within(self, start: int, end: int) -> list[Mention]:
        i = max(0, bisect_left(self.starts, start) - 2)
        out = []
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.start < end and start < m.end:
                out.append(m)
        return out

    def _nearest(self, at: int, person: bool, subject: bool = False, kinds: set[str] | None = None) -> Mention | None:
        for m in reversed(self.mentions[: bisect_left(self.starts, at)]):
            if m.start < at - WINDOW:
                break
            kind = self._kind(m.ref)
            fits = (kind == "person") == person and (kinds is None or kind in kinds)
            if fits and m.end <= at and (not subject or self._is_subject(m)):
                return m
        return None

    def _is_subject(self, m: Mention) -> bool:
        span = self.doc.spacy.char_span(m.start, m.end, alignment_mode="expand") if self.doc.spacy is not None else None
        if span is None:
            return False
        root = span.root
        while root.dep_ in {"compound", "amod", "poss", "nmod"} and root.head.i != root.i:
            root = root.head
        return root.dep_ in {"nsubj", "nsubjpass"}

    def _kind(self, ref: str) -> str | None:
        a = self.actors.get(ref)
        return a.kind if a is not None else None

    def _actor(self, ref: str) -> Resolved:
        a = self.actors.get(ref)
        return [ref], (a.name if a is not None else None), a is not None and a.kind == "person"

    def _clean(self, phrase: str, plain: bool = False) -> str | None:
        """An unlinked speaker phrase as a name: edges trimmed of function words."""
        words = re.sub(r"\s+", " ", phrase).strip(" ,;:.").split(" ")
        while words and words[0].lower() in self.v.trim:
            words.pop(0)
        while words and words[-1].lower().strip(",") in self.v.trim:
            words.pop()
        if not words or len(words) > 14 or not (plain or any(w[:1].isupper() for w in words)):
            return None
        return " ".join(words).strip(" ,")


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _key(s: Said) -> str:
    """Who a statement is by, across the ways the text names them ("the prosecutors", "Prosecutors")."""
    return " ".join(s.ids) if s.ids else (s.name or "").lower().split(" ")[-1]


def _name_words(name: str) -> set[str]:
    """The words of an actor's name, singular and lower case ("Prosecutor's Office" -> prosecutor, office)."""
    out = set()
    for w in re.findall(r"[A-Za-z]+", re.sub(r"[’']s\b", "", name.lower())):
        out.add(w)
        if w.endswith("s") and len(w) > 3:
            out.add(w[:-1])
    return out


def _continued_by(later: list[Found], f: Found, resolver: Resolver) -> Resolved | None:
    """The speaker of the quote that continues ``f`` in the next paragraphs (the English
    way: each paragraph opens with a mark, only the last one closes and names the speaker)."""
    text = resolver.text
    for nxt in later:
        if not nxt.direct or text[f.content[1] : nxt.content[0]].count("\n") == 0:
            return None
        if not text[f.content[1] : nxt.content[0]].strip(" \n\t\"“”«»'‘’"):
            found = resolver.resolve(nxt)
            if found is not None or not nxt.runs_on:
                return found
            f = nxt
        else:
            return None
    return None


def resolve_all(doc: Document, found: list[Found], v: Vocabulary) -> list[Statement]:
    """Each statement with its speaker, in text order; those with no speaker are left out."""
    resolver = Resolver(doc, v)
    out: list[Statement] = []
    order = sorted(found, key=lambda f: f.cue[0] if f.cue is not None else f.content[0])
    for i, f in enumerate(order):
        r = resolver.resolve(f)
        if r is None and f.runs_on:  # a quote run over paragraphs: its speaker is named at its end
            r = _continued_by(order[i + 1 :], f, resolver)
        if r is None and f.follows:
            r = resolver.follow(f.content[0], 700)
        if r is None or (not r[0] and not r[1]):
            continue
        resolver.remember(f, r)
        who = resolver.text[f.who[0] : f.who[1]] if f.who is not None else None
        out.append(statement(f, r[0], who, r[1]))
    return sorted(out, key=lambda s: (s.content[0], -s.content[1]))
