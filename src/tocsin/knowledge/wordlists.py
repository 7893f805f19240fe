"""Named word lists from the knowledge base's usage files (``data/actors/usage.yaml``,
``data/places/usage.yaml``, ``data/events/usage.yaml``): the vocabulary the stages' rules read.

A list is a YAML sequence of lower-case words or phrases, read as a set: ``words["fights"]``
or ``words.fights``. A mapping of lists (``directions: {north: [north, northern]}``) is read
the other way round, word -> key (``mapping``); a mapping of words to values
(``number_words: {one: 1}``) is read as it is (``values``).
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
    path: Path | None = None

    @classmethod
    def load(cls, path: Path) -> WordLists:
        spec = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
        return cls(spec or {}, path)

    def has(self, name: str, word: str) -> bool:
        return word.lower() in self.sets.get(name, ())

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.sets.get(name, frozenset())

    def __getattr__(self, name: str) -> frozenset[str]:
        """A list by attribute (``words.fights``); a list the file lacks is an error, not an empty set."""
        if name.startswith("_") or name in {"words", "path"}:
            raise AttributeError(name)
        found = self.sets.get(name)
        if found is None:
            raise AttributeError(f"{self.path or 'the usage file'} has no word list {name!r}")
        self.__dict__[name] = found  # read as a plain attribute from now on (rules read lists per word)
        return found

    @cached_property
    def sets(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(str(w).lower() for w in v) for k, v in self.words.items() if isinstance(v, list)}

    def written(self, name: str) -> frozenset[str]:
        """A list with its words as written (case kept: "КПП")."""
        return frozenset(str(w) for w in self.words.get(name) or [])

    def mapping(self, name: str) -> dict[str, str]:
        """A mapping of lists read word -> key."""
        return {str(w).lower(): key for key, words in (self.words.get(name) or {}).items() for w in words or []}

    def values(self, name: str) -> dict[str, Any]:
        """A mapping of words to values (numbers, other words), keys in lower case."""
        spec = self.words.get(name)
        if not isinstance(spec, dict):
            raise KeyError(f"{self.path or 'the usage file'} has no mapping {name!r}")
        return {str(k).lower(): v for k, v in spec.items()}

    def number(self, name: str, default: float = 0) -> float:
        """A number the file sets (a threshold); ``default`` when it sets none."""
        value = self.words.get(name)
        return float(value) if isinstance(value, int | float) else default

    @cached_property
    def directions(self) -> dict[str, str]:
        return self.mapping("directions")


@lru_cache(maxsize=8)
def word_lists(path: Path) -> WordLists:
    return WordLists.load(path)
