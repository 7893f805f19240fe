"""Response models of the API: the shapes the OpenAPI description promises.

Documents are returned as ``tocsin.record.DocumentRecord`` itself; the models here are
the flat rows of the store's projection tables and the aggregates built on them.
"""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tocsin.article import publication_date

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(None, description="Opaque cursor for the next page; absent on the last page.")


class Problem(BaseModel):
    detail: str


def _json_list(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else (value or [])


class EventRow(BaseModel):
    id: str
    doc_id: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    date: str | None = None
    status: str | None = None
    confidence: float | None = None
    intensity: float | None = None
    source_ids: list[str] = []
    target_ids: list[str] = []
    source_names: str | None = None
    target_names: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None
    place_id: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    killed: int | None = None
    injured: int | None = None
    size: int | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None
    story_id: str | None = None

    _lists = field_validator("source_ids", "target_ids", mode="before")(_json_list)


class DocumentSummary(BaseModel):
    id: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    domain: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    events: int = 0
    actors: int = 0


class ActorSummary(BaseModel):
    id: str
    name: str
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    documents: int
    mentions: int | None = None


class NetworkNode(BaseModel):
    id: str
    name: str
    country: str | None = None
    events: int = Field(description="Events naming the actor.")


class NetworkEdge(BaseModel):
    source: str
    target: str
    events: int = Field(description="Events in which source acted on target.")
    intensity_mean: float


class Network(BaseModel):
    """An actor's network, from its events."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class StoryNetworkNode(BaseModel):
    id: str
    name: str
    country: str | None = None
    stories: int = Field(description="Stories naming the actor.")


class StoryNetworkEdge(BaseModel):
    source: str
    target: str
    stories: int = Field(description="Stories (one happening, however many articles) in which source acted on target.")
    intensity_mean: float


class StoryNetwork(BaseModel):
    """Who acted on whom across stories: counted once per happening, as the GraphML export."""

    nodes: list[StoryNetworkNode]
    edges: list[StoryNetworkEdge]


class ActorDetail(BaseModel):
    id: str
    name: str
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    documents: list[str]
    mentions: int
    events: list[EventRow]
    network: Network


class PlaceSummary(BaseModel):
    id: str
    name: str
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None
    lat: float | None = None
    lon: float | None = None
    documents: int
    mentions: int | None = None


class QuoteRow(BaseModel):
    doc_id: str
    idx: int
    speaker: str | None = None
    speaker_name: str | None = None
    text: str
    direct: bool | None = None
    start: int | None = None
    end: int | None = None


class ClaimRow(BaseModel):
    doc_id: str
    idx: int
    subject: str
    attribute: str | None = None
    value: float | None = None
    unit: str | None = None
    approximate: bool | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None


class ThreatRow(BaseModel):
    doc_id: str
    idx: int
    holder_ids: list[str] = []
    source_ids: list[str] = []
    target_ids: list[str] = []
    holder_names: str | None = None
    source_names: str | None = None
    target_names: str | None = None
    kinds: list[str] = []
    level: str | None = None
    date: str | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None

    _lists = field_validator("holder_ids", "source_ids", "target_ids", "kinds", mode="before")(_json_list)


class TimelineBucket(BaseModel):
    period: str
    events: int
    stories: int
    documents: int
    intensity_mean: float | None = None
    intensity_min: float | None = None
    killed: int | None = None


class MapPlace(BaseModel):
    place_id: str | None = None
    place_name: str | None = None
    lat: float
    lon: float
    events: int
    intensity_mean: float | None = None
    latest: str | None = None
    precision: str = Field("place", description="`place`, or `country` for events placed at their country")
    country: str | None = None


class Summary(BaseModel):
    documents: int
    events: int
    stories: int
    actors: int
    places: int
    quotes: int
    claims: int
    threats: int
    first_date: str | None = None
    last_date: str | None = None
    writable: bool


class IngestRequest(BaseModel):
    """One article to analyse and store: its text or its HTML, and what is known about it."""

    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, max_length=2048, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s\x00-\x1f]+$")
    title: str | None = None
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    outlet: str | None = None

    @field_validator("published")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        return publication_date(value) if value else value


class StoryRow(BaseModel):
    """One happening, however many articles report it (the ``stories`` table)."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: str
    day: str
    date: str | None = None
    quad_class: str | None = None
    mode: str | None = None
    source_ids: list[str] = []
    target_ids: list[str] = []
    source_names: str | None = None
    target_names: str | None = None
    source_countries: list[str] = []
    target_countries: list[str] = []
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    intensity: float | None = None
    headline: str | None = None
    n_events: int
    n_articles: int
    n_sources: int
    outlets: list[str] = []


class StoryDetail(StoryRow):
    events: list[dict[str, Any]]
    citations: list[dict[str, Any]]


class DisagreementSide(BaseModel):
    doc_id: str
    claim: int | None = None
    value: float | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None
    story_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None


class Disagreement(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    subject: str
    attribute: str
    unit: str | None = None
    relative_difference: float | None = None
    pairs: int = 1
    a: DisagreementSide
    b: DisagreementSide


class IndicatorRow(BaseModel):
    model_config = ConfigDict(extra="allow")

    period: str
    label: str
    count: int
    intensity: float
    conflict: float
    cooperation: float
    items: list[str] | None = Field(None, description="The ids of what the period counts (with `stories=true`).")


class Alert(BaseModel):
    model_config = ConfigDict(extra="allow")

    series: str
    measure: str
    period: str
    label: str
    value: float
    z: float
    threshold: float
    explanation: str
    n_stories: int = Field(0, description="How many stories (or threat statements) the period counts.")
    stories: list[dict[str, Any]] = Field(
        [], description="The first of them (by day, then id); every one with `stories=all`."
    )


BAD_REQUEST: dict = {400: {"model": Problem, "description": "A parameter does not parse"}}
