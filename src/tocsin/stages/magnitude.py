"""How big an event was: people killed and injured, and the size of a force or crowd.

Numbers are read from the parse of the event's sentence: a number attached to a word
of dying ("killed over 50", "50 people were killed", "the death toll rose to 12"), of
wounding, or counting people ("more than 1000 soldiers", "thousands of protesters").
Hedges ("over", "about", "at least") keep the stated number. The words are the knowledge
base's (``data/events/usage.yaml``); a ``Magnitudes`` reads them once.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from tocsin.knowledge.wordlists import WordLists
from tocsin.record import Magnitude
from tocsin.stages import parsed


def _lemmas_near(token: Token) -> set[str]:
    """Lemmas of the words a number is attached to: its head, the head's head and their kin."""
    out = set()
    h = token.head
    for t in (h, h.head):
        out.add(t.lemma_.lower())
        out.add(t.lower_)
    return out


class Magnitudes:
    """Reads how big an event was, with the knowledge base's words."""

    def __init__(self, words: WordLists):
        self.kill = words.kill_words
        self.injure = words.injure_words
        self.harm = self.kill | self.injure
        self.people = words.people_nouns  # nouns counting people ("soldiers", "protesters")
        self.scales: dict[str, int] = words.values("number_scales")
        self.number_words: dict[str, int] = words.values("number_words")

    def number(self, token: Token) -> int | None:
        """The integer a number token says, with a following scale word ("1.5 thousand")."""
        text = token.lower_.replace(",", "")
        value = float(text) if re.fullmatch(r"\d+(\.\d+)?", text) else self.number_words.get(text)
        if value is None:
            return None
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if nxt is not None and nxt.lower_ in self.scales:
            value *= self.scales[nxt.lower_]
        return int(value)

    def _counts_people(self, token: Token) -> bool:
        """ "1000 soldiers" (the number modifies the noun) or "thousands of protesters"."""
        if token.head.lemma_.lower() in self.people:
            return True
        return any(
            c.lower_ == "of" and any(g.lemma_.lower() in self.people for g in c.children) for c in token.children
        )

    def measure(self, sentence: Span) -> Magnitude | None:
        killed = injured = size = None
        doc = sentence.doc
        like_num, lowers = parsed.like_num(doc), parsed.lowers(doc)
        for i in range(sentence.start, sentence.end):
            if not (like_num[i] or lowers[i] in self.number_words):
                continue
            tok = doc[i]
            near = _lemmas_near(tok)
            if tok.ent_type_ in {"DATE", "TIME", "PERCENT", "MONEY"} and not near & self.harm:
                continue  # a year or a sum, unless it counts the dead ("killed over 50 earlier today")
            prev = tok.nbor(-1) if tok.i > 0 else None
            if tok.lower_ in self.scales and prev is not None and prev.like_num:
                continue  # the "thousand" of "1.5 thousand", already counted
            value = self.number(tok)
            if value is None or value <= 0:
                continue
            if near & self.kill and killed is None:
                killed = value
            elif near & self.injure and injured is None:
                injured = value
            elif size is None and self._counts_people(tok):
                size = value
        if killed is None and injured is None and size is None:
            return None
        return Magnitude(killed=killed, injured=injured, size=size)
