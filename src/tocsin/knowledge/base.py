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
    from sqlalchemy import Connection

    from tocsin.knowledge.actors import KnowledgeBase
    from tocsin.knowledge.countries import State
    from tocsin.knowledge.gazetteer import Gazetteer
    from tocsin.knowledge.lexicon import Lexicon
    from tocsin.knowledge.russian import RussianKB
    from tocsin.knowledge.wordlists import WordLists
    from tocsin.stages.attribution import Vocabulary as QuoteVocabulary
    from tocsin.stages.claims import ClaimVocabulary
    from tocsin.stages.dateline import DatelineReader
    from tocsin.stages.dates import TimeGrammar
    from tocsin.stages.furniture import Furniture
    from tocsin.stages.outlets import Outlets
    from tocsin.stages.pubdate import PublicationDates
    from tocsin.stages.russian.events import Vocabulary as RussianEventVocabulary
    from tocsin.stages.threats import Vocabulary as ThreatVocabulary
    from tocsin.stages.triggers import Lexicon as EventLexicon


# where a store's connections carry its knowledge (``Connection.info``)
CONNECTION_KEY = "tocsin.knowledge"


@dataclass(frozen=True, eq=False)
class Knowledge:
    """The knowledge base in ``root``; compare by identity (one object per folder)."""

    root: Path

    @staticmethod
    def at(root: Path | None = None) -> Knowledge:
        """The knowledge in ``root``: ``$TOCSIN_DATA`` or the package's copy when not given."""
        return _at(Path(root) if root is not None else data_dir())

    @staticmethod
    def of(conn: Connection) -> Knowledge:
        """The knowledge of the store ``conn`` belongs to (``Store`` marks each of its
        connections); the default folder's for a connection of no store."""
        found = conn.info.get(CONNECTION_KEY)
        return found if isinstance(found, Knowledge) else Knowledge.at()

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
        """The named word lists of ``folder/usage.yaml`` (``actors``, ``places``, ``events``)."""
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

    def model(self, name: str) -> Language:
        """The spaCy model ``name`` with the entity ruler over this folder's names."""
        from tocsin.stages.nlp import load_model

        return load_model(name, self.root)

    # -- the stages' vocabularies -----------------------------------------------------------------
    @cached_property
    def furniture(self) -> Furniture:
        """The cues that tell a page's furniture from its article (``furniture.yaml``, written dates)."""
        from tocsin.stages.furniture import furniture

        return furniture(self.root)

    @cached_property
    def outlets(self) -> Outlets:
        """News outlets by name, alias and domain (``outlets.yaml``)."""
        from tocsin.stages.outlets import load_outlets

        return load_outlets(self.root)

    @cached_property
    def publication_dates(self) -> PublicationDates:
        """The readers of a page's publication date (``time.yaml``, written dates)."""
        from tocsin.stages.pubdate import publication_dates

        return publication_dates(self.root)

    @cached_property
    def dateline(self) -> DatelineReader:
        """The reader of datelines over the month names of ``time.yaml``."""
        from tocsin.stages.dateline import reader

        return reader(self.root)

    def time(self, language: str = "en") -> TimeGrammar:
        """The grammar of time expressions of one language (``time.yaml``)."""
        from tocsin.stages.dates import load_grammar

        return load_grammar(self.root / "time.yaml", language)

    @cached_property
    def quotes(self) -> QuoteVocabulary:
        """The vocabulary of quotes and their speakers (``quotes.yaml``, the actors' nouns)."""
        from tocsin.stages.attribution import load_vocabulary

        return load_vocabulary(self.root)

    @cached_property
    def claims(self) -> ClaimVocabulary:
        """The vocabulary of numeric claims (``claims.yaml``, the actors' nouns and states)."""
        from tocsin.stages.claims import load_vocabulary

        return load_vocabulary(self.root)

    @cached_property
    def threats(self) -> ThreatVocabulary:
        """The vocabulary of threat assessments (``threats.yaml``)."""
        from tocsin.stages.threats import Vocabulary

        return Vocabulary.load(self.root / "threats.yaml")

    @cached_property
    def events(self) -> EventLexicon:
        """The event patterns: PLOVER verbs and nouns and the CAMEO verb dictionary (``events/``)."""
        from tocsin.stages.triggers import load_lexicon

        folder = self.root / "events"
        return load_lexicon(folder / "plover.yaml", folder / "cameo_verbs.yaml")

    def russian_vocabulary(self, name: str) -> dict[str, Any]:
        """One of the Russian stages' vocabularies, ``ru/<name>.yaml`` (quotes, claims, time, threats)."""
        return _yaml_file(self.root / "ru" / f"{name}.yaml")

    @cached_property
    def russian_events(self) -> RussianEventVocabulary:
        """The Russian event verbs and nouns (``ru/events.yaml``)."""
        from tocsin.stages.russian.events import vocabulary

        return vocabulary(self.root / "ru" / "events.yaml")


@lru_cache(maxsize=8)
def _at(root: Path) -> Knowledge:
    return Knowledge(root)


@lru_cache(maxsize=16)
def _yaml_file(path: Path) -> dict[str, Any]:
    return load_yaml(path.read_text(encoding="utf-8")) or {}
