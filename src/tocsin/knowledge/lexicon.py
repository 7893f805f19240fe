"""The actor knowledge base turned into spaCy PhraseMatchers.

Two matchers over one vocabulary: names are matched as written (ORTH: "US" is not "us"),
descriptions — office titles, institution heads, back-references, sector cues — by their
normalised lower-case form (NORM, which also maps ’ to '). A hit says what a span may be;
the actors stage decides what it is from the syntax around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from tocsin.knowledge import load_yaml
from tocsin.knowledge.actors import KnowledgeBase, cached

# Hit categories
ENTRY, SURNAME, ROLE_ALIAS, STATE, CAPITAL, ADJECTIVE, PEOPLE = (
    "entry",
    "surname",
    "role_alias",
    "state",
    "capital",
    "adjective",
    "people",
)
OFFICE, HEAD, REFERENCE, CUE = "office", "head", "reference", "cue"


@dataclass(frozen=True)
class Hit:
    start: int  # token indexes, end exclusive
    end: int
    cat: str
    ref: str  # entry id, ISO-3, office code, template key, reference class or cue


def _apostrophe_forms(text: str) -> set[str]:
    return {text, text.replace("'", "\u2019"), text.replace("\u2019", "'")}


class Lexicon:
    def __init__(self, kb: KnowledgeBase, nlp: Language, references: dict[str, list[str]]):
        self.kb = kb
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.words = PhraseMatcher(nlp.vocab, attr="NORM")
        self.references = references
        self._make = nlp.make_doc
        self._add_names()
        self._add_words()

    def _add(self, matcher: PhraseMatcher, cat: str, ref: str, texts: Iterable[str]) -> None:
        forms = {f for t in texts if t and t.strip() for f in _apostrophe_forms(t.strip())}
        if forms:
            matcher.add(f"{cat}|{ref}", [self._make(f) for f in sorted(forms)])

    def _add_names(self) -> None:
        kb = self.kb
        for state in kb.states.values():
            self._add(self.names, STATE, state.iso3, state.names)
            self._add(self.names, CAPITAL, state.iso3, state.capitals)
            self._add(self.names, ADJECTIVE, state.iso3, state.adjectives)
            self._add(self.names, PEOPLE, state.iso3, [p.removeprefix("the ") for p in state.people])
        for entry in kb.entries.values():
            names = [a.removeprefix("the ") for a in [entry.name, *entry.aliases]]
            if entry.kind == "person":
                names = [s for n in names for s in kb.spellings(n)]
                self._add(self.names, SURNAME, entry.id, [s for n in entry.surnames for s in kb.spellings(n)])
                role_aliases = {a for r in entry.roles for a in r.aliases}
                self._add(self.words, ROLE_ALIAS, entry.id, [a.lower() for a in role_aliases])
            names += [n[:1].upper() + n[1:] for n in names]  # "the Taliban" starts a sentence too
            self._add(self.names, ENTRY, entry.id, names)
            # long names keep their meaning in any case: "102nd Russian military Base"
            self._add(self.words, ENTRY, entry.id, [n.lower() for n in names if len(n.split()) >= 3])

    def _add_words(self) -> None:
        for office in self.kb.offices.values():
            self._add(self.words, OFFICE, office.office, office.titles)
        for template in self.kb.templates.values():
            self._add(self.words, HEAD, template.key, template.heads)
        for cls, phrases in self.references.items():
            self._add(self.words, REFERENCE, cls, phrases)
        for cue in self.kb.sector_cues:
            self._add(self.words, CUE, cue, [cue])

    def hits(self, doc: Doc) -> list[Hit]:
        vocab = doc.vocab
        out = []
        for matcher in (self.names, self.words):
            for match_id, start, end in matcher(doc):
                cat, ref = vocab.strings[match_id].split("|", 1)
                out.append(Hit(start, end, cat, ref))
        return sorted(out, key=lambda h: (h.start, -h.end))


def read_references(data: Path) -> dict[str, list[str]]:
    path = data / "actors" / "references.yaml"
    raw = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {k: [str(p).lower() for p in v or []] for k, v in (raw or {}).items()}


@lru_cache(maxsize=4)
def lexicon(data: Path, nlp: Language) -> Lexicon:
    return Lexicon(cached(data), nlp, read_references(data))
