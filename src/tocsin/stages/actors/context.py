"""The parsed text the actors stage reads: the spaCy Doc, its knowledge-base hits, and
lookups around a token (a state's cue before a title, "of <state>" after it, a name after
a title, the state a sentence or dateline is about)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from tocsin.knowledge.actors import KnowledgeBase, within
from tocsin.knowledge.gazetteer import Gazetteer
from tocsin.knowledge.lexicon import ADJECTIVE, CAPITAL, ENTRY, REFERENCE, STATE, SURNAME, Hit, Lexicon
from tocsin.knowledge.wordlists import WordLists, word_lists
from tocsin.stages import parsed
from tocsin.stages.dateline import DatelineReader
from tocsin.stages.dateline import read_past_stamp as read_dateline

DASHES = {"-", "\u2013", "\u2014", ":", ";"}  # a dateline or heading before a noun is no modifier


def actor_words(data: Path) -> WordLists:
    return word_lists(data / "actors" / "usage.yaml")


def place_words(data: Path) -> WordLists:
    return word_lists(data / "places" / "usage.yaml")


PLACE_LABELS = ("GPE", "LOC", "FAC", "NORP")  # the model tags some towns NORP


class Text:
    """One parsed document as the actors stage sees it; read-only once built."""

    def __init__(
        self,
        kb: KnowledgeBase,
        lex: Lexicon,
        sp: Doc,
        when: str,
        words: WordLists,
        places: Gazetteer | None = None,
        place_words: WordLists | None = None,
        dateline: DatelineReader | None = None,
    ) -> None:
        self.kb, self.sp, self.when, self.words, self.places = kb, sp, when, words, places
        self.dateline = dateline
        self.place_words = place_words or WordLists()
        self.ents = tuple(sp.ents)  # read once: spaCy builds new spans at each read
        self.lowers = parsed.lowers(sp)
        hits = lex.hits(sp)
        self.hits = sorted(hits + self.document_surnames(hits), key=lambda h: (h.start, -h.end))
        self.ending: dict[int, list[Hit]] = {}
        self.starting: dict[int, list[Hit]] = {}
        for h in self.hits:
            self.ending.setdefault(h.end, []).append(h)
            self.starting.setdefault(h.start, []).append(h)
        # known people named in full somewhere in the text: their surname alone names them
        self.full_named = {h.ref for h in self.hits if h.cat == ENTRY and kb.entries[h.ref].kind == "person"}

    def document_surnames(self, hits: list[Hit]) -> list[Hit]:
        """Once a known person is named in full, the last word of that name alone refers back
        to them in this document, even where the base keeps no surname because the family
        name is shared ("Ali Karimov ... Karimov said"); not when two people named here share it."""
        owners: dict[str, set[str]] = {}
        for h in hits:
            if h.cat == ENTRY and h.end - h.start > 1 and self.kb.entries[h.ref].kind == "person":
                owners.setdefault(self.sp[h.end - 1].text, set()).add(h.ref)
        named = {i for h in hits if h.cat in (ENTRY, SURNAME) for i in range(h.start, h.end)}
        for e in self.ents:  # another person of that name the base lacks ("Ismail Khan")
            if e.label_ == "PERSON" and len(e) > 1 and e[-1].text in owners and e[-1].i not in named:
                owners[e[-1].text].add(f"other:{e.text}")
        out: list[Hit] = []
        if not owners:
            return out
        for i, word in enumerate(parsed.texts(self.sp)):
            refs = owners.get(word)
            if not refs or len(refs) > 1 or i in named:
                continue
            tok = self.sp[i]
            if tok.pos_ != "PROPN":
                continue
            if tok.i > 0 and not self.sp[tok.i - 1].whitespace_:
                continue  # part of a hyphenated name ("Mazar-i-Sharif")
            if any(e.start <= tok.i < e.end and len(e) > 1 and e.label_ != "PERSON" for e in self.ents):
                continue
            out.append(Hit(tok.i, tok.i + 1, SURNAME, next(iter(refs))))
        return out

    # -- tokens ------------------------------------------------------------------
    def at(self, i: int) -> str:
        return self.lowers[i] if 0 <= i < len(self.lowers) else ""

    def with_the(self, start: int) -> int:
        return start - 1 if start > 0 and self.at(start - 1) == "the" else start

    @staticmethod
    def noun_head(tok: Token) -> bool:
        """Not a modifier of a following noun ("the Kyrgyz Academy")."""
        return not (tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i)

    @staticmethod
    def modifier(tok: Token) -> bool:
        return (
            tok.is_lower
            and tok.is_alpha
            and tok.pos_ in ("NOUN", "ADJ", "PROPN")
            and tok.dep_ in ("amod", "compound", "nmod")
        )

    @staticmethod
    def in_title(tok: Token) -> bool:
        if tok.text in ("(", ")", "-", "'s", "\u2019s"):
            return True
        return not tok.is_punct and tok.pos_ not in ("VERB", "AUX")

    def inside_person(self, h: Hit) -> bool:
        """ "Jordan" in "Jordan Peterson" is no state."""
        return any(
            e.label_ == "PERSON" and e.start <= h.start and h.end <= e.end and len(e) > h.end - h.start
            for e in self.ents
        )

    # -- cues around a mention -----------------------------------------------------
    def country_cue_ending(self, end: int) -> tuple[int, str, str] | None:
        """(start, 'state' | 'igo' | 'ref', ref) of a cue ending at token ``end``: "Russian",
        "Russia's", "CSTO", "the organization's"."""
        stop = end - 1 if self.sp[end - 1 : end].text.replace("\u2019", "'") == "'s" and end > 0 else end
        for h in self.ending.get(stop, []):
            if h.cat in (ADJECTIVE, STATE) or (h.cat == ENTRY and self.kb.entries[h.ref].kind == "igo"):
                return h.start, "igo" if h.cat == ENTRY else "state", h.ref
            if h.cat == ENTRY and self.governed(h.ref):
                return h.start, "group", h.ref  # "the Taliban Ministry of Foreign Affairs"
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
            if h.cat == ENTRY and self.governed(h.ref):
                return h.end, "group", h.ref  # "the acting foreign minister of the Taliban"
            if h.cat == REFERENCE and h.ref == "igo" and k > end + 1:
                return h.end, "ref", "igo"
        return None

    def governed(self, entry_id: str) -> str | None:
        """The state an actor governs on the article's date (the Taliban: Afghanistan)."""
        entry = self.kb.entries.get(entry_id)
        if entry is None or not entry.governs:
            return None
        iso3, start, end = entry.governs
        return iso3 if within(self.when, start, end) else None

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
        for ent in self.ents:
            if ent.start == k and ent.label_ == "PERSON":
                return ent.end, "newperson", None
        return None

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

    # -- the state a passage is about --------------------------------------------------
    def sentence_state(self, root: Token) -> str | None:
        """The one state the sentence names; None when it names none or several."""
        sent = root.sent
        named = {
            h.ref
            for h in self.hits
            if h.cat in (STATE, ADJECTIVE, CAPITAL) and sent.start <= h.start and h.end <= sent.end
        }
        return named.pop() if len(named) == 1 else None

    def placed_state(self, root: Token) -> str | None:
        """The state of the one country the sentence locates something in ("police detained
        three men in Osh": Kyrgyzstan's police); None when it locates nothing or in several."""
        if self.places is None:
            return None
        sent = root.sent
        found: dict[str, bool] = {}  # country -> named after "in", "near", "at"
        names = [ent for ent in self.ents if ent.label_ in PLACE_LABELS and sent.start <= ent.start < sent.end]
        for ent in [*names, *self.untagged_places(sent, names)]:
            place = self.places.resolve(ent.text)
            if place is not None and place.country:
                root = ent.root
                while root.dep_ == "compound" and root.head.i != root.i:
                    root = root.head  # "in Helmand province": the province is what "in" governs
                while root.dep_ == "pobj" and root.head.lower_ == "of" and self.names_a_place(root.head.head):
                    root = root.head.head  # "in the city of Osh"
                after_in = root.dep_ == "pobj" and self.words.has("located_by", root.head.lower_)
                found[place.country] = found.get(place.country, False) or after_in
        located = [c for c, loc in found.items() if loc]  # "against X in northern Syria": Syria
        return located[0] if len(located) == 1 else None

    @cached_property
    def feature_heads(self) -> list[tuple[str, ...]]:
        """The head nouns of local places ("district", "training ground"), as word tuples
        (``feature_heads`` in ``data/places/usage.yaml``)."""
        heads = self.place_words.words.get("feature_heads") or {}
        return [tuple(str(h).lower().split()) for words in heads.values() for h in words or [] if str(h).strip()]

    @cached_property
    def feature_heads_from(self) -> dict[str, list[tuple[str, ...]]]:
        """The head nouns of local places by their first word."""
        out: dict[str, list[tuple[str, ...]]] = {}
        for parts in self.feature_heads:
            out.setdefault(parts[0], []).append(parts)
        return out

    def names_a_place(self, noun: Token) -> bool:
        return noun.pos_ == "NOUN" and self.place_words.has("place_nouns", noun.lemma_.lower())

    def untagged_places(self, sent: Span, tagged: list[Span]) -> list[Span]:
        """Proper names after "in", "near", "at" that the model did not tag as places ("in
        Osh"): the gazetteer decides whether they are."""
        inside = {i for ent in tagged for i in range(ent.start, ent.end)}
        out = []
        for tok in sent:
            named = tok.pos_ == "PROPN" and tok.dep_ == "pobj" and tok.i not in inside
            head = tok.head
            if head.lower_ == "of" and self.names_a_place(head.head) and head.head.dep_ == "pobj":
                head = head.head.head  # "in the village of X"
            if named and self.words.has("located_by", head.lower_):
                out.append(self.name_ending(tok))
        return out

    def name_ending(self, tok: Token) -> Span:
        """A proper name with the compound words before its last ("Kara Suu", "Osh")."""
        return self.sp[min([tok.i, *(c.i for c in tok.lefts if c.dep_ == "compound")]) : tok.i + 1]

    def dateline_state(self) -> str | None:
        """The state of a dateline's place opening the text ("QUETTA, June 3 —")."""
        if self.places is None:
            return None
        head = self.sp[: min(len(self.sp), 60)].text[:200]  # not the whole Doc.text, rebuilt per call
        found = self.dateline.read_past_stamp(head) if self.dateline is not None else read_dateline(head)
        if found is None or found.place is None:
            return None
        place = self.places.resolve(found.place.title())
        return place.country if place else None

    # -- titles and affiliations -----------------------------------------------------------
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
