"""The event trigger lexicon: which words, in which company, report which PLOVER event.

Loaded from ``data/events/plover.yaml`` (documented in ``data/events/README.md``). A cue is
keyed on a lemma and a part of speech; it may need a particle or preposition ("hand
over", "call for") and a context word among the trigger's dependents ("suspend" +
"participation"). Matching works on the spaCy parse, never on surface phrases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from tocsin.record import EVENT_TYPES

KINDS = {"VERB": "verb", "NOUN": "noun", "ADJ": "adjective"}
NOUN_TAGS = {"NOUN"}
# Heads that let an event noun in compound position count ("a mediation mission").
GENERIC_HEADS = {"effort", "mission", "process", "bid", "campaign", "initiative", "attempt", "plan", "talk"}
# Dependents that never carry a trigger's context (they start another clause).
_CLAUSE_DEPS = {"relcl", "advcl", "conj", "cc", "punct", "parataxis"}


@dataclass(frozen=True)
class Cue:
    type: str
    lemma: str
    pos: str  # "verb", "noun" or "adjective"
    extra: str | None = None  # particle, preposition or object the lemma needs ("over", "fire")
    cameo: str | None = None
    mode: str | None = None
    context: frozenset[str] = frozenset()
    targets: tuple[str, ...] | None = None
    swap: bool = False
    joint: str | None = None
    intransitive: bool = False
    dyadic: bool = False
    fallback: bool = False
    weight: float = 0.6


@dataclass(frozen=True)
class Trigger:
    token: Token
    cue: Cue
    words: tuple[Token, ...]  # the trigger's own words, for ``Event.trigger``

    @property
    def text(self) -> str:
        return " ".join(t.text for t in sorted(self.words, key=lambda t: t.i))


def _cues(kind: str, type_: str, spec: dict, entries: list[dict]) -> list[Cue]:
    out = []
    for e in entries or []:
        lemma, _, extra = str(e["lemma"]).partition(" ")
        out.append(Cue(
            type=type_, lemma=lemma.lower(), pos=kind, extra=extra.lower() or None,
            cameo=str(e.get("cameo") or spec.get("cameo") or "") or None, mode=e.get("mode"),
            context=frozenset(str(c).lower() for c in e.get("context", [])),
            targets=tuple(e["targets"]) if e.get("targets") else None, swap=bool(e.get("swap")),
            joint=e.get("joint"), intransitive=bool(e.get("intransitive")),
            dyadic=bool(e.get("dyadic", spec.get("dyadic"))), fallback=bool(e.get("fallback")),
            weight=float(e.get("weight", 0.6 if kind == "verb" else 0.5)),
        ))  # fmt: skip
    return out


def context_words(token: Token) -> set[str]:
    """Lemmas and words of a trigger's dependents and theirs (two levels), and its head."""
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in _CLAUSE_DEPS:
            continue
        words |= {child.lemma_.lower(), child.lower_}
        for grand in child.children:
            if grand.dep_ not in _CLAUSE_DEPS:
                words |= {grand.lemma_.lower(), grand.lower_}
                if grand.dep_ == "prep":  # "suspended part of the aid program"
                    words |= {p.lemma_.lower() for p in grand.children if p.dep_ == "pobj"}
    if token.pos_ in NOUN_TAGS or token.dep_ in {"relcl", "acl"}:
        words.add(token.head.lemma_.lower())  # "conducted drills", "the program which was adopted"
    if token.dep_ == "conj":  # "the program was developed and adopted": shared arguments
        words |= {c.lemma_.lower() for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}}
    return words


class Lexicon:
    def __init__(self, path: Path):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.cues: dict[tuple[str, str], list[Cue]] = {}
        for type_, spec in (data or {}).items():
            if type_ not in EVENT_TYPES:
                raise ValueError(f"{path}: {type_} is not a PLOVER type")
            for kind in ("verb", "noun", "adjective"):
                for cue in _cues(kind, type_, spec, spec.get(kind + "s", [])):
                    self.cues.setdefault((kind, cue.lemma), []).append(cue)

    def match(self, token: Token) -> Trigger | None:
        """The most specific cue the token satisfies: one with context beats a bare lemma."""
        kind = KINDS.get(token.pos_)
        if kind is None or (kind == "noun" and token.dep_ == "amod"):
            return None
        if kind == "noun" and token.dep_ == "compound" and token.head.lemma_.lower() not in GENERIC_HEADS:
            return None
        cues = self.cues.get((kind, token.lemma_.lower())) or self.cues.get((kind, token.lower_))
        if not cues:
            return None
        context = None
        best: tuple[tuple[int, float], Trigger] | None = None
        for cue in cues:
            words = [token]
            if cue.intransitive and any(c.dep_ == "dobj" for c in token.children):
                continue
            if cue.extra:
                extra = next((c for c in token.children if cue.extra in (c.lower_, c.lemma_.lower())), None)
                if extra is None:
                    continue
                words.append(extra)
            if cue.context:
                context = context if context is not None else context_words(token)
                if not cue.context & context:
                    continue
            rank = (bool(cue.extra) + bool(cue.context), cue.weight)
            if best is None or rank > best[0]:
                best = (rank, Trigger(token, cue, tuple(words)))
        return best[1] if best else None


@lru_cache(maxsize=4)
def load_lexicon(path: Path) -> Lexicon:
    return Lexicon(path)
