"""Ukrainian: stored and searchable, actors and places matched through the knowledge base's
Ukrainian names (pymorphy3's Ukrainian lemmas, ``data/uk/`` and the generated names of
``data/ru/``). No events, quotes or claims yet, and never English rules."""

from tocsin.languages import Language, register

UKRAINIAN = register(
    Language(
        code="uk",
        name="Ukrainian",
        stages=("nlp_uk", "actors_uk", "places_uk"),
    )
)
