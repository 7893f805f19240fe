"""Selection: where candidates overlap, the longest wins a stretch of tokens (then the more
specific kind: a person before an organisation, before an institution, a state, a capital
and a back-reference)."""

from __future__ import annotations

from tocsin.knowledge.actors import within
from tocsin.knowledge.lexicon import OFFICE
from tocsin.stages.actors.candidates import Cand
from tocsin.stages.actors.context import Text

RANK = {"role": 0, "person": 0, "newperson": 0, "entry": 1, "inst": 2, "state": 3, "capital": 4, "ref": 5}


def select(text: Text, cands: list[Cand]) -> list[Cand]:
    taken: set[int] = set()
    chosen: list[Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), RANK.get(c.how, 9), c.start)):
        if c.how == "surname" and not surname_ok(text, c):
            continue
        span = set(range(c.start, c.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def surname_ok(text: Text, c: Cand) -> bool:
    """A bare surname names a known person who was named in full, holds an office now, or
    follows a title; never a different person's family name ("Ahmad Shah Massoud")."""
    for ent in text.ents:
        if ent.label_ == "PERSON" and ent.start <= c.start and c.end <= ent.end and len(ent) > c.end - c.start:
            return False
    entry = text.kb.entries[c.known_ref]
    if c.ref in text.full_named:
        return True
    if any(within(text.when, r.start, r.end) for r in entry.roles):
        return True
    return any(h.cat == OFFICE for h in text.ending.get(c.start, []))
