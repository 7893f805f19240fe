"""The event trigger lexicon: which words, in which company, report which PLOVER event.

Loaded from ``data/events/plover.yaml`` (hand-written) and ``data/events/cameo_verbs.yaml``
(generated from PETRARCH-2's CAMEO verb dictionary), both documented in
``data/events/README.md``. A cue is keyed on a lemma and a part of speech; it may need a
particle or preposition ("hand over", "call for"), a context word among the trigger's
dependents ("suspend" + "participation") or, for the dictionary's patterns, every one of
a set of words ("rush" + "aid"). A dictionary pattern may also say that a verb in some
company is no event at all. Hand entries win: where one fits, no dictionary entry is
used, and a lemma the hand file lists never takes the dictionary's bare verb.
Matching works on the spaCy parse, never on surface phrases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from tocsin.knowledge import load_yaml
from tocsin.knowledge.wordlists import word_lists
from tocsin.record import EventType, event_type

KINDS = {"VERB": "verb", "NOUN": "noun", "ADJ": "adjective"}
NOUN_TAGS = {"NOUN"}
# The base confidence of a dictionary cue (+0.05 for a verb's own code, +0.05 per content word
# its pattern needs): below the hand file's defaults, as the dictionary's synonym blocks are broad.
DICTIONARY_WEIGHT = 0.4
# The key in plover.yaml listing verbs whose dictionary entries are never used.
IGNORED = "not_from_dictionary"
# Dependents that never carry a trigger's context (they start another clause).
_CLAUSE_DEPS = {"relcl", "advcl", "conj", "cc", "punct", "parataxis"}
_ASIDES = {"according"}  # phrasal prepositions of attribution ("according to X")


@dataclass(frozen=True)
class Cue:
    type: EventType | None  # None: a dictionary pattern saying the verb in this company is no event
    lemma: str
    pos: str  # "verb", "noun" or "adjective"
    extra: str | None = None  # particle, preposition or object the lemma needs ("over", "fire")
    cameo: str | None = None
    mode: str | None = None
    context: frozenset[str] = frozenset()
    targets: tuple[str, ...] | None = None
    swap: bool = False
    joint: EventType | None = None
    intransitive: bool = False
    dyadic: bool = False
    fallback: bool = False
    mutual: bool = False  # every party on both sides: talks, accords
    weight: float = 0.6
    needs: tuple[frozenset[str], ...] = ()  # every slot must be met by one of its words
    hand: bool = True  # from plover.yaml (else from the CAMEO dictionary)


@dataclass(frozen=True)
class Trigger:
    token: Token
    cue: Cue
    words: tuple[Token, ...]  # the trigger's own words, for ``Event.trigger``
    type: EventType  # the cue's type: a cue that codes no event makes no trigger

    @property
    def text(self) -> str:
        return " ".join(t.text for t in sorted(self.words, key=lambda t: t.i))


def _cues(
    path: Path, kind: str, type_: EventType | None, spec: dict[str, Any], entries: list[dict[str, Any]]
) -> list[Cue]:
    out = []
    for e in entries or []:
        lemma, _, extra = str(e["lemma"]).partition(" ")
        out.append(Cue(
            type=type_, lemma=lemma.lower(), pos=kind, extra=extra.lower() or None,
            cameo=str(e.get("cameo") or spec.get("cameo") or "") or None, mode=e.get("mode"),
            context=frozenset(str(c).lower() for c in e.get("context", [])),
            targets=tuple(e["targets"]) if e.get("targets") else None, swap=bool(e.get("swap")),
            joint=_check(path, e.get("joint")), intransitive=bool(e.get("intransitive")),
            dyadic=bool(e.get("dyadic", spec.get("dyadic"))), fallback=bool(e.get("fallback")),
            mutual=bool(e.get("mutual", spec.get("mutual"))),
            weight=float(e.get("weight", 0.6 if kind == "verb" else 0.5)),
        ))  # fmt: skip
    return out


def context_words(token: Token) -> set[str]:
    """Lemmas and words of a trigger's dependents down to three levels (not into other
    clauses: "called for urgent humanitarian aid", "suspended part of the aid program"),
    and its head."""
    words: set[str] = set()
    # "ordered ..., according to a statement": an aside on who reported lends the trigger no words
    level = [c for c in token.children if c.dep_ not in _CLAUSE_DEPS and c.lower_ not in _ASIDES]
    for _ in range(3):
        words |= {w for c in level for w in (c.lemma_.lower(), c.lower_)}
        level = [g for c in level for g in c.children if g.dep_ not in _CLAUSE_DEPS]
    if token.pos_ in NOUN_TAGS or token.dep_ in {"relcl", "acl"}:
        words.add(token.head.lemma_.lower())  # "conducted drills", "the program which was adopted"
    if token.dep_ == "conj":  # "the program was developed and adopted": shared arguments
        words |= {c.lemma_.lower() for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}}
    return words


def _dictionary_cues(path: Path, hand: set[str], particles: frozenset[str]) -> list[Cue]:
    """Verb cues from the generated CAMEO dictionary file (see ``scripts/convert_cameo_verbs.py``)."""
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    sets = {k: frozenset(str(w).lower() for w in v) for k, v in (data.get("sets") or {}).items()}
    out: list[Cue] = []
    for block in data.get("blocks") or []:
        for pat in block.get("patterns") or []:
            pattern_type = _check(path, pat.get("type"))
            needs = tuple(sets.get(w, frozenset({w})) for w in (str(x).lower() for x in pat["need"]))
            for verb in block["verbs"]:
                lemma, extra, more = _phrase(verb if isinstance(verb, str) else verb["lemma"])
                out.append(Cue(
                    type=pattern_type, lemma=lemma, pos="verb", extra=extra, cameo=pat.get("cameo"),
                    mode=pat.get("mode"), needs=more + needs, hand=False, dyadic=True, mutual=_mutual(pat),
                    weight=DICTIONARY_WEIGHT + 0.05 * sum(not slot <= particles for slot in needs),
                ))  # fmt: skip
        for verb in block["verbs"]:
            spec = verb if isinstance(verb, dict) else block
            lemma, extra, more = _phrase(verb if isinstance(verb, str) else verb["lemma"])
            verb_type = _check(path, spec.get("type"))
            if verb_type and (lemma not in hand or extra):  # the hand file's choice of contexts stands
                out.append(Cue(
                    type=verb_type, lemma=lemma, pos="verb", extra=extra, cameo=spec.get("cameo"),
                    mode=spec.get("mode"), needs=more, hand=False, dyadic=True, mutual=_mutual(spec),
                    weight=DICTIONARY_WEIGHT + 0.05 * (spec is verb), fallback=True,
                ))  # fmt: skip
    return out


def _mutual(spec: dict[str, Any]) -> bool:
    """Consultations and agreements involve every party alike; a visit goes from visitor to host."""
    return spec.get("type") in {"CONSULT", "AGREE"} and spec.get("mode") != "visit"


def _phrase(text: str) -> tuple[str, str | None, tuple[frozenset[str], ...]]:
    """ "take leave of" -> lemma "take", particle "leave", and "of" needed nearby."""
    words = str(text).lower().split()
    return words[0], (words[1] if len(words) > 1 else None), tuple(frozenset({w}) for w in words[2:])


def _check(path: Path, type_: object) -> EventType | None:
    """A type named in a lexicon file (None where it names none)."""
    if type_ is None:
        return None
    try:
        return event_type(type_)
    except ValueError:
        raise ValueError(f"{path}: {type_} is not a PLOVER type") from None


class Lexicon:
    """The triggers of ``path`` (plover.yaml) and ``dictionary`` (cameo_verbs.yaml), with the
    words of the usage file beside them (``usage.yaml``: generic heads, particles)."""

    def __init__(self, path: Path, dictionary: Path | None = None):
        words = word_lists(path.parent / "usage.yaml")
        self.generic_heads = words.generic_heads
        self.particles = words.particles
        data = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.cues: dict[tuple[str, str], list[Cue]] = {}
        self._ranked: dict[tuple[str, str], list[Cue]] = {}
        data = dict(data or {})
        ignored = {str(w).lower() for w in data.pop(IGNORED, None) or []}
        for key, spec in data.items():
            type_ = _check(path, key)
            for kind in ("verb", "noun", "adjective"):
                for cue in _cues(path, kind, type_, spec, spec.get(kind + "s", [])):
                    self.cues.setdefault((kind, cue.lemma), []).append(cue)
        if dictionary is not None and dictionary.exists():
            hand = {lemma for kind, lemma in self.cues if kind == "verb"}
            for cue in _dictionary_cues(dictionary, hand, self.particles):
                if cue.lemma not in ignored or cue.extra:  # "take" is ignored, "take over" stands
                    self.cues.setdefault(("verb", cue.lemma), []).append(cue)

    def cued(self, pos: str, lemma: str, lower: str) -> bool:
        """Whether a word of this part of speech, lemma (lower-cased) and form has any cue:
        what ``match`` needs before anything else."""
        kind = KINDS.get(pos)
        return kind is not None and ((kind, lemma) in self.cues or (kind, lower) in self.cues)

    def match(self, token: Token) -> Trigger | None:
        """The most specific cue the token satisfies: one with context beats a bare lemma."""
        kind = KINDS.get(token.pos_)
        if kind is None or (kind == "noun" and token.dep_ == "amod"):
            return None
        if kind == "noun" and token.dep_ == "compound" and token.head.lemma_.lower() not in self.generic_heads:
            return None
        key = (kind, token.lemma_.lower())
        if not self.cues.get(key):
            key = (kind, token.lower_)
            if not self.cues.get(key):
                return None
        context = None
        children: tuple[dict[str, Token], bool] | None = None  # read once for all the token's cues
        best: tuple[Cue, tuple[Token, ...]] | None = None
        for cue in self.ranked(key):  # the first cue the token satisfies is the best
            words = [token]
            if (cue.intransitive or cue.extra) and children is None:
                children = _children(token)
            if cue.intransitive and children is not None and children[1]:
                continue
            if cue.extra:
                extra = children[0].get(cue.extra) if children is not None else None
                if extra is None:
                    continue
                words.append(extra)
            if cue.context or cue.needs:
                context = context if context is not None else context_words(token)
                if cue.context and context.isdisjoint(cue.context):
                    continue
                if any(map(context.isdisjoint, cue.needs)):  # a slot none of whose words is near
                    continue
            best = (cue, tuple(words))
            break
        if best is None or best[0].type is None:
            return None  # nothing fits, or the dictionary says this use of the verb is no event
        return Trigger(token, best[0], best[1], best[0].type)

    def ranked(self, key: tuple[str, str]) -> list[Cue]:
        """A word's cues, the best first: a hand-written cue before the dictionary's, then the
        more specific, then the heavier; in the files' order where they tie."""
        found = self._ranked.get(key)
        if found is None:  # a stable sort: ties keep their order
            found = self._ranked[key] = sorted(self.cues.get(key, ()), key=self.rank, reverse=True)
        return found

    def rank(self, cue: Cue) -> tuple[bool, int, float]:
        return cue.hand, self.specificity(cue), cue.weight

    def specificity(self, cue: Cue) -> int:
        """How much company a cue needs; a bare preposition ("fly to") adds nothing, and a
        word of the trigger itself ("open fire") says more than a word near it ("border")."""
        return 2 * bool(cue.extra) + bool(cue.context) + sum(not slot <= self.particles for slot in cue.needs)


def _children(token: Token) -> tuple[dict[str, Token], bool]:
    """A token's children by their lowercased form and by their lemma (the first child of
    each), and whether one is its direct object."""
    words: dict[str, Token] = {}
    dobj = False
    for c in token.children:
        words.setdefault(c.lower_, c)
        words.setdefault(c.lemma_.lower(), c)
        dobj = dobj or c.dep_ == "dobj"
    return words, dobj


@lru_cache(maxsize=4)
def load_lexicon(path: Path, dictionary: Path | None = None) -> Lexicon:
    return Lexicon(path, dictionary)
