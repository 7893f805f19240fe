"""How big an event was: people killed and injured, and the size of a force or crowd.

Numbers are read from the parse of the event's sentence: a number attached to a word
of dying ("killed over 50", "50 people were killed", "the death toll rose to 12"), of
wounding, or counting people ("more than 1000 soldiers", "thousands of protesters").
Hedges ("over", "about", "at least") keep the stated number.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from tocsin.record import Magnitude

KILL = {"kill", "die", "dead", "death", "toll", "fatality", "casualty", "slay", "murder", "execute", "life"}
INJURE = {"injure", "wound", "hurt", "injury", "injured", "wounded"}
PEOPLE = {
    "soldier", "troop", "militant", "fighter", "people", "person", "man", "woman", "civilian",
    "serviceman", "servicemen", "officer", "police", "policeman", "protester", "demonstrator",
    "insurgent", "rebel", "terrorist", "guard", "refugee", "worker", "student", "member",
    "personnel", "marine", "commando", "extremist", "jihadist", "combatant",
}  # fmt: skip
SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200,
    "thousands": 2000,
}  # fmt: skip


def number(token: Token) -> int | None:
    """The integer a number token says, with a following scale word ("1.5 thousand")."""
    text = token.lower_.replace(",", "")
    value = float(text) if re.fullmatch(r"\d+(\.\d+)?", text) else WORDS.get(text)
    if value is None:
        return None
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in SCALE:
        value *= SCALE[nxt.lower_]
    return int(value)


def _counts_people(token: Token) -> bool:
    """ "1000 soldiers" (the number modifies the noun) or "thousands of protesters"."""
    if token.head.lemma_.lower() in PEOPLE:
        return True
    return any(c.lower_ == "of" and any(g.lemma_.lower() in PEOPLE for g in c.children) for c in token.children)


def _lemmas_near(token: Token) -> set[str]:
    """Lemmas of the words a number is attached to: its head, the head's head and their kin."""
    out = set()
    h = token.head
    for t in (h, h.head):
        out.add(t.lemma_.lower())
        out.add(t.lower_)
    return out


def measure(sentence: Span) -> Magnitude | None:
    killed = injured = size = None
    for tok in sentence:
        if not (tok.like_num or tok.lower_ in WORDS):
            continue
        near = _lemmas_near(tok)
        if tok.ent_type_ in {"DATE", "TIME", "PERCENT", "MONEY"} and not near & (KILL | INJURE):
            continue  # a year or a sum, unless it counts the dead ("killed over 50 earlier today")
        prev = tok.nbor(-1) if tok.i > 0 else None
        if tok.lower_ in SCALE and prev is not None and prev.like_num:
            continue  # the "thousand" of "1.5 thousand", already counted
        value = number(tok)
        if value is None or value <= 0:
            continue
        if near & KILL and killed is None:
            killed = value
        elif near & INJURE and injured is None:
            injured = value
        elif size is None and _counts_people(tok):
            size = value
    if killed is None and injured is None and size is None:
        return None
    return Magnitude(killed=killed, injured=injured, size=size)
