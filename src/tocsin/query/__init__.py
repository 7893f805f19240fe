"""The one query layer: what the CLI, the API, the exports and the Python API read through.

Every list takes a ``Filter`` (checked once, with messages in words) and is read in pages
(``page_*``: rows and the key of the next page) or in full (``iter_*``).
"""

from tocsin.query.documents import count_documents, iter_documents, page_documents, search
from tocsin.query.entities import actor_detail, page_actors, page_places
from tocsin.query.events import (
    count_events,
    event_network,
    event_places,
    event_timeline,
    iter_events,
    network,
    page_events,
)
from tocsin.query.facets import facets, suggest
from tocsin.query.filters import Filter, check_date, country_code, parse_bbox
from tocsin.query.paging import Page, every
from tocsin.query.statements import page_claims, page_quotes, page_threats
from tocsin.query.stories import (
    count_stories,
    flat_disagreement,
    get_story,
    iter_stories,
    list_disagreements,
    list_stories,
    page_disagreements,
    page_stories,
    story_network,
)

__all__ = [
    "Filter", "Page", "actor_detail", "check_date", "count_documents", "count_events", "count_stories",
    "country_code", "event_network", "event_places", "event_timeline", "every", "facets", "flat_disagreement",
    "get_story", "iter_documents", "iter_events", "iter_stories", "list_disagreements", "list_stories", "network",
    "page_actors", "page_claims", "page_disagreements", "page_documents", "page_events", "page_places",
    "page_quotes", "page_stories", "page_threats", "parse_bbox", "search", "story_network", "suggest",
]  # fmt: skip
