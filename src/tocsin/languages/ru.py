"""Russian: natasha's parse and the knowledge base's Russian names and vocabulary (``data/ru/``)."""

from tocsin.languages import Language, register

RUSSIAN = register(
    Language(
        code="ru",
        name="Russian",
        stages=("nlp_ru", "actors_ru", "places_ru", "dates_ru", "quotes_ru", "events_ru", "claims_ru", "threats_ru"),
    )
)
