"""Named word lists from the knowledge base's usage files (``data/actors/usage.yaml``,
``data/places/usage.yaml``): the vocabulary that the actors and places rules read.

A list is a YAML sequence of lower-case words or phrases; a mapping of lists
(``directions: {north: [north, northern]}``) is read the other way round, word -> key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from tocsin.knowledge import load_yaml


@dataclass
class WordLists:
    words: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> WordLists:
        spec = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
        return cls(spec or {})

    def has(self, name: str, word: str) -> bool:
        return word.lower() in self.sets.get(name, ())

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.sets.get(name, frozenset())

    @cached_property
    def sets(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(str(w).lower() for w in v) for k, v in self.words.items() if isinstance(v, list)}

    def mapping(self, name: str) -> dict[str, str]:
        """A mapping of lists read word -> key."""
        return {str(w).lower(): key for key, words in (self.words.get(name) or {}).items() for w in words or []}

    @cached_property
    def directions(self) -> dict[str, str]:
        return self.mapping("directions")


@lru_cache(maxsize=8)
def word_lists(path: Path) -> WordLists:
    return WordLists.load(path)
