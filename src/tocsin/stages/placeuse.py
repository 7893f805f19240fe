"""Whether a country or city name is used as a place (the article locates something there)
or as an actor (a metonym: "Moscow said"). The places stage reads it to decide what is a
place; the actors stage to leave out states that an article only locates things in.

The word lists are those of ``data/places/usage.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from tocsin.knowledge.wordlists import WordLists

MODIFIERS = {"compound", "amod", "poss", "nmod"}


def locative(span: Span, usage: WordLists) -> bool:
    """Is this country or city name where something is, rather than who does something?"""
    tok = span.root
    while tok.dep_ in {"conj", "appos"} and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "pobj":
        prep, gov = head.lower_, head.head
        if prep == "from":
            return not usage.has("person_nouns", gov.lemma_)
        if prep == "to":
            return usage.has("motion_words", gov.lemma_)
        if prep == "of":
            return place_noun(gov, usage)
        return usage.has("locative_prepositions", prep)
    if tok.dep_ in {"dobj", "nsubjpass"}:  # "overran Kabul", "Aleppo was shelled"
        particle = next((c.lower_ for c in head.children if c.dep_ == "prt"), None)
        return usage.has("locative_verbs", head.lemma_ if particle is None else f"{head.lemma_} {particle}")
    if tok.dep_ in MODIFIERS:
        if head.text[:1].isupper() and not usage.has("province_words", head.lower_):
            return False  # "Russia's Southern Military District": part of a body's name
        return place_noun(head, usage) and not usage.has("border_nouns", head.lemma_)
    return named_after_place_noun(span, usage)


def named_after_place_noun(span: Span, usage: WordLists) -> bool:
    """ "in the Kyrgyz capital, Bishkek": the parser often misses this apposition."""
    doc, i = span.doc, span.start
    if i < 2 or doc[i - 1].text != ",":
        return False
    noun = doc[i - 2]
    return place_noun(noun, usage) and noun.dep_ == "pobj" and usage.has("locative_prepositions", noun.head.lower_)


def place_noun(tok: Token, usage: WordLists) -> bool:
    """ "the outskirts of X": the word as written or its lemma ("outskirt") is a place noun."""
    return usage.has("place_nouns", tok.lemma_) or usage.has("place_nouns", tok.lower_)
