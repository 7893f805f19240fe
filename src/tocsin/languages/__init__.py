"""Languages: which analysis stages a document in a given language goes through.

A document's language is found by the cheap ``prepare`` stages (clean, meta); the
pipeline then routes it to the ``Language`` registered for that code. Each language
names its own analysis stages and resources (the parsing model, its own knowledge
files), so English rules never run on Russian text. A language nobody has registered
is stored and searchable, marked as not analysed (``record.analysis.analysed``).

To add one, register a ``Language`` in a module of this package or through the
``tocsin.languages`` entry-point group of another package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tocsin.registry import Registry, component


@dataclass(frozen=True)
class Language:
    """One language's analysis: its stages in order and the resources they load."""

    code: str  # ISO 639-1, as ``record.language``
    name: str
    stages: tuple[str, ...]
    model: str | None = None  # the parsing model the nlp stage loads
    options: dict[str, str] = field(default_factory=dict)


LANGUAGES: Registry[Language] = Registry("tocsin.languages", "tocsin.languages")


def language(code: str | None) -> Language | None:
    """The registered language for a code, or None when no analysis exists for it."""
    return LANGUAGES.get(code) if code and code in LANGUAGES else None


def register(lang: Language) -> Language:
    return component(LANGUAGES, lang.code)(lang)
