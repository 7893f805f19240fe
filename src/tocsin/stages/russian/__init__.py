"""Russian analysis stages: natasha's parse, then actors, places, dates, events, quotes,
claims and threats read with Russian vocabulary (``data/ru/``) and the shared knowledge base.

Importing the package registers every stage (the stage registry imports ``tocsin.stages``'
modules and packages).
"""

from tocsin.stages.russian import (
    actors,  # noqa: F401
    claims,  # noqa: F401
    dates,  # noqa: F401
    events,  # noqa: F401
    nlp,  # noqa: F401
    places,  # noqa: F401
    quotes,  # noqa: F401
    threats,  # noqa: F401
)
