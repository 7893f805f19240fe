"""Names that the model calls organisations but that are places: a border crossing, pass or
post the gazetteer lacks ("the X crossing", "trucks queued at X"), or a place the gazetteer
knows ("DUSHANBE" in a dateline, "the Panj river"). The places stage reads them; the actors
stage must not make bodies of them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tocsin.knowledge.wordlists import WordLists
from tocsin.stages.actors.context import Text
from tocsin.stages.placeuse import MODIFIERS

if TYPE_CHECKING:
    from tocsin.stages.actors.resolution import Building


def unknown_place(text: Text, ent: Span) -> bool:
    """A border crossing, district or canal the gazetteer lacks: "the X crossing", "the X
    district" (the heads of ``feature_heads`` in ``data/places/usage.yaml`` too), "stranded at X"."""
    if text.words.has("place_heads", text.at(ent.end)) or locality_head(text, ent.end) or named_by_head(text, ent):
        return True
    inner = range(ent.start + 1, ent.end)
    if any(locality_head(text, i, ent.end) for i in inner):
        return True  # "the X City Hall", "X Airport": the name ends with what the place is
    words = [t for t in ent if t.lower_ != "the"]
    root = ent.root
    of = root.dep_ == "pobj" and root.head.lower_ in ("of", "from")
    if of and text.place_words.has("place_nouns", root.head.head.lemma_.lower()):
        return True  # "residents of X", "the outskirts of X"
    return (
        len(words) == 1
        and root.dep_ == "pobj"
        and text.words.has("locative_prepositions", root.head.lower_)
        and not text.kb.sector_cues.get(root.lower_)
    )


def known_place(text: Text, ent: Span) -> bool:
    """A dateline's "DUSHANBE", "the Panj river": places the model took for bodies."""
    if text.places is None:
        return False
    nxt = text.sp[ent.end].text if ent.end < len(text.sp) else ""
    if text.places.names_a_place(ent.text) or bool(nxt and text.places.names_a_place(f"{ent.text} {nxt}")):
        return True
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", ent.text) if p]
    return len(parts) > 1 and all(text.places.candidates(p) for p in parts)  # "Lyon and Grenoble"


def drop_place_only_states(text: Text, built: list[Building]) -> list[Building]:
    """A state the article only locates things in ("talks in Tajikistan", "the border with
    Iran"), names as someone's nationality ("a citizen of Turkmenistan") or currency is no
    actor of the article: the places stage lists it. Where something comes from ("threats
    from Afghanistan"), goes to ("aid to Afghanistan") or is attacked ("attacks in Germany",
    "rockets fired into Tajikistan"), the state is a side."""
    out = []
    for b in built:
        if b.kind == "state" and b.mentions and all(place_only(text, s, e) for s, e in b.mentions):
            continue
        out.append(b)
    return out


def place_only(text: Text, start: int, end: int) -> bool:
    span = text.sp.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if in_border_phrase(root, text.place_words):
        return True
    tok = root
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "pobj" and text.words.has("place_only_prepositions", head.lower_):
        return not (text.words.has("side_nouns", head.head.lemma_) or attacked(text, head.head))
    if tok.dep_ == "pobj" and head.lower_ == "of" and belonging(text, head.head):
        return True  # "a citizen of Turkmenistan", "Citizens of X, Y and Z"
    if tok.dep_ == "pobj" and head.lower_ in ("to", "into") and text.words.has("going_words", head.head.lemma_):
        return True  # "fled to Tajikistan": where they went
    if tok.dep_ == "dobj" and text.words.has("path_verbs", head.lemma_):
        return True  # "the railway crosses Kazakhstan"
    if datelined(text, span):
        return True  # "OSH, Kyrgyzstan —"
    return root.dep_ in MODIFIERS and belonging(text, root.head)  # "U.S. dollars"


def datelined(text: Text, span: Span) -> bool:
    """A state that closes a dateline: "OSH, Kyrgyzstan —", "TERMEZ, Uzbekistan (AP) —"."""
    city = text.sp[span.start - 2].text if span.start >= 2 else ""
    dashed = text.at(span.end) in ("\u2014", "\u2013", "-", "(")
    return dashed and text.at(span.start - 1) == "," and city.isupper() and len(city) > 2


def belonging(text: Text, tok: Token) -> bool:
    """A noun of nationality or currency ("citizen", "passport", "dollars"), in any case or number
    ("Citizens" opening a sentence, which the tagger may take for a name and leave plural)."""
    lemma = tok.lemma_.lower()
    return text.words.has("belonging_nouns", lemma) or (
        lemma.endswith("s") and text.words.has("belonging_nouns", lemma[:-1])
    )


def attacked(text: Text, tok: Token) -> bool:
    """ "attacks in Germany", "shelled villages in Tajikistan", "fired on a post in Pakistan":
    what is located there is attacked, so the state is a side."""
    if text.words.has("side_verbs", tok.lemma_) and tok.pos_ == "VERB":
        return True
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        tok = tok.head  # "fired on a post"
    return tok.dep_ in ("dobj", "nsubjpass", "prep") and text.words.has("side_verbs", tok.head.lemma_)


def in_border_phrase(tok: Token, words: WordLists) -> bool:
    """ "the Afghanistan border", "Iran's border with Iraq", "the border between X and Y"."""
    for _ in range(4):
        if tok.dep_ not in (*MODIFIERS, "pobj", "prep", "conj", "appos") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if words.has("border_nouns", tok.lemma_):
            return True
    return False


def named_by_head(text: Text, ent: Span) -> bool:
    """ "the village of X", "the province of X": the noun before "of" says X is a place."""
    if text.at(ent.start) == "the" or text.at(ent.start - 1) != "of":
        return False
    word = text.at(ent.start - 2)
    return (word,) in text.feature_heads or text.place_words.has("province_words", word)


def locality_head(text: Text, i: int, end: int | None = None) -> bool:
    """Whether a head noun of a local place ("district", "training ground") starts at ``i``
    (and, with ``end``, ends there)."""
    return any(
        (end is None or i + len(parts) == end) and all(text.at(i + k) == w for k, w in enumerate(parts))
        for parts in text.feature_heads_from.get(text.at(i), ())
    )
