"""Whether a clause reports what happened, what is intended, what is conditional or what is denied.

Read off the dependency parse around a trigger: negation particles and negating
governors ("refused to", "denied"), conditional subordinate clauses ("if", "unless",
"provided that"), and markers of intent (the future "will", "plans to", "vowed",
"is ready to", a "commitment to"). The words are the knowledge base's
(``data/events/usage.yaml``); a ``Modality`` reads them once.
"""

from __future__ import annotations

from spacy.tokens import Token

from tocsin.knowledge.wordlists import WordLists
from tocsin.record import Status

# Links along which a governing word's modality reaches the trigger.
_REACH = {"xcomp", "ccomp", "acomp", "advcl", "conj", "pcomp", "pobj", "prep", "dobj", "nsubjpass", "acl"}


def clause_verb(token: Token) -> Token:
    """The verb (or predicate adjective) heading the clause the token belongs to."""
    t = token
    for _ in range(6):
        if t.pos_ in {"VERB", "AUX"} or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def governors(token: Token, limit: int = 4) -> list[Token]:
    """The chain of words above the trigger's clause through complement links, nearest first."""
    out, t = [], clause_verb(token)
    for _ in range(limit):
        if t.dep_ not in _REACH or t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def ultimatum(token: Token) -> bool:
    """The act is what will happen "unless" someone complies: a threat ("will withdraw its
    troops unless a ceasefire is arranged")."""
    for t in [clause_verb(token), *governors(token, 2)]:
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children):
                return True
            if c.dep_ == "prep" and c.lower_ == "unless":
                return True
    return False


class Modality:
    """The status of what a trigger reports, read with the knowledge base's words."""

    def __init__(self, words: WordLists):
        self.negators = words.negators
        self.negating_heads = words.negating_heads
        self.condition_marks = words.condition_marks
        self.future_auxiliaries = words.future_auxiliaries
        self.intent_heads = words.intent_heads

    def _negated(self, token: Token, verb: Token) -> bool:
        words = [c for t in {token, verb} for c in t.children]
        if any(c.dep_ == "neg" or (c.lower_ in self.negators and c.dep_ in {"neg", "det", "advmod"}) for c in words):
            return True
        # a denial reaches what it takes as content ("denied sending troops"), not a clause that
        # only dates or explains it ("rejected X a day after Y imposed sanctions")
        t = verb
        for _ in range(2):
            if t.dep_ not in _REACH or t.dep_ in {"advcl", "conj"} or t.head.i == t.i:
                return False
            t = t.head
            if t.lemma_.lower() in self.negating_heads:
                return True
        return False

    def in_condition(self, token: Token) -> bool:
        """True when the token sits inside an "if"/"unless" clause (a condition, not an event)."""
        t = token
        while t.head.i != t.i:
            if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.condition_marks for c in t.children):
                return True
            t = t.head
        return False

    def _conditional(self, verb: Token) -> bool:
        for t in [verb, *governors(verb, 2)]:
            for c in t.children:
                if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.condition_marks for m in c.children):
                    return True
                if c.dep_ == "prep" and c.lower_ in {"unless", "provided"}:
                    return True
        return False

    def _intended(self, token: Token, verb: Token) -> bool:
        chain = [token, verb, *governors(token, 3)]
        for t in chain:
            if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in self.future_auxiliaries for c in t.children):
                return True
        # "is ready to", "vowed to", "plans to"; a noun trigger's governor ("plans for talks")
        return any(t.lemma_.lower() in self.intent_heads for t in chain[1:] if t.i != token.i)

    def status(self, token: Token) -> Status:
        """occurred / intended / conditional / negated for the event a trigger reports."""
        verb = clause_verb(token)
        if self._negated(token, verb):
            return "negated"
        if self._conditional(verb):
            return "conditional"
        if self._intended(token, verb):
            return "intended"
        return "occurred"
