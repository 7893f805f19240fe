"""One knowledge base: the parts of one data folder, each loaded on first use and only once.

A pipeline is built on a data folder (``Config.data``); the store, the indicators and the
query layer read facts too (a country's name, its centre, the conflict scale). Each used
to find the folder on its own through ``data_dir()`` and keep a cache of its own, so a
pipeline built on one folder could store records scored against another, and a process
could hold two copies of the gazetteer. A ``Knowledge`` is the one object they share:
``Knowledge.at(folder)`` returns the same object for the same folder, and its parts are
the very objects the stages' loaders return for that folder, so nothing is read twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.knowledge import data_dir, load_yaml

if TYPE_CHECKING:
    from spacy.language import Language

    from tocsin.knowledge.actors import KnowledgeBase
    from tocsin.knowledge.countries import State
    from tocsin.knowledge.gazetteer import Gazetteer
    from tocsin.knowledge.lexicon import Lexicon
    from tocsin.knowledge.russian import RussianKB
    from tocsin.knowledge.wordlists import WordLists


@dataclass(frozen=True, eq=False)
class Knowledge:
    """The knowledge base in ``root``; compare by identity (one object per folder)."""

    root: Path

    @staticmethod
    def at(root: Path | None = None) -> Knowledge:
        """The knowledge in ``root``: ``$TOCSIN_DATA`` or the package's copy when not given."""
        return _at(Path(root) if root is not None else data_dir())

    # -- the parts, each read on first use ------------------------------------------------------
    @cached_property
    def actors(self) -> KnowledgeBase:
        """States, organisations, people and offices (``actors/``)."""
        from tocsin.knowledge.actors import cached

        return cached(self.root)

    @property
    def states(self) -> dict[str, State]:
        """Every country by ISO-3, with the names, adjectives and capitals it goes by."""
        return self.actors.states

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """Countries, provinces, cities, regions and borders (``places/`` and GeoNames)."""
        from tocsin.knowledge.gazetteer import gazetteer

        return gazetteer(self.root)

    @cached_property
    def scale(self) -> dict[str, Any]:
        """The conflict-cooperation scale (``intensity.yaml``), read by the store and the indicators."""
        spec = load_yaml((self.root / "intensity.yaml").read_text(encoding="utf-8"))
        if not isinstance(spec, dict) or not isinstance(spec.get("types"), dict):
            raise ValueError(f"{self.root / 'intensity.yaml'}: expected a mapping with a 'types' section")
        return spec

    def usage(self, folder: str) -> WordLists:
        """The named word lists of ``folder/usage.yaml`` (``actors`` or ``places``)."""
        from tocsin.knowledge.wordlists import word_lists

        return word_lists(self.root / folder / "usage.yaml")

    def lexicon(self, nlp: Language) -> Lexicon:
        """The phrase matcher over the actors' names, for one spaCy vocabulary."""
        from tocsin.knowledge.lexicon import lexicon

        return lexicon(self.root, nlp)

    def russian(self, language: str = "ru") -> RussianKB:
        """The Russian (or Ukrainian) names of actors and places (``ru/``)."""
        from tocsin.knowledge.russian import russian

        return russian(self.root, language)


@lru_cache(maxsize=8)
def _at(root: Path) -> Knowledge:
    return Knowledge(root)
