"""The document record: Tocsin's public output format, as typed models.

One model, used everywhere: stages fill it, the store saves it, the API returns it and
the exports flatten it. It follows ``shared/contract/document.schema.json``; fields may be
added (``published_text``, ``aliases``, ``duplicate_of``...), never renamed or dropped.
Offsets are Python string indices into ``text``, end exclusive.
"""

from __future__ import annotations

from typing import Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

ActorKind = Literal["person", "state", "government", "igo", "armed_group", "organization", "other"]
Feature = Literal["country", "admin1", "city", "region", "border", "other"]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
Status = Literal["occurred", "intended", "conditional", "negated"]
ThreatKind = Literal[
    "terrorism", "extremism", "insurgency", "drug_trafficking", "border_incursion",
    "instability", "military", "humanitarian", "economic", "cyber", "other",
]  # fmt: skip
ThreatLevel = Literal["concern", "warning", "alarm"]  # from the least to the most severe
Span = tuple[int, int]

ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
FEATURES: tuple[Feature, ...] = get_args(Feature)
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
THREAT_KINDS: tuple[ThreatKind, ...] = get_args(ThreatKind)
THREAT_LEVELS: tuple[ThreatLevel, ...] = get_args(ThreatLevel)


# Values read from data files (vocabularies, lexicons) checked against the record's closed
# sets, so a typo in a data file is an error when it is loaded, not a record that fails later.
Member = TypeVar("Member", bound=str)


def _member(value: object, allowed: tuple[Member, ...], what: str) -> Member:
    for member in allowed:
        if value == member:
            return member
    raise ValueError(f"{value!r} is not {what}; the record allows {', '.join(allowed)}")


def actor_kind(value: object) -> ActorKind:
    return _member(value, ACTOR_KINDS, "an actor kind")


def feature(value: object) -> Feature:
    return _member(value, FEATURES, "a place feature")


def event_type(value: object) -> EventType:
    return _member(value, EVENT_TYPES, "a PLOVER event type")


def threat_kind(value: object) -> ThreatKind:
    return _member(value, THREAT_KINDS, "a threat kind")


def threat_level(value: object) -> ThreatLevel:
    return _member(value, THREAT_LEVELS, "a threat level")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(Model):
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    domain: str | None = None


class Evidence(Model):
    """The sentence an extraction rests on, and where it stands in ``text``."""

    sentence: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Actor(Model):
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    wikidata: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


class Place(Model):
    id: str
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: Feature = "other"
    geonames_id: int | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


class Magnitude(Model):
    killed: int | None = None
    injured: int | None = None
    size: int | None = None


class Event(Model):
    id: str
    type: EventType
    mode: str | None = None
    cameo: str | None = None
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    date: str | None = None
    place: str | None = None
    status: Status = "occurred"
    magnitude: Magnitude | None = None
    evidence: Evidence
    confidence: float = Field(ge=0.0, le=1.0)
    trigger: str | None = None


class Quote(Model):
    speaker: str | None = None
    speaker_name: str | None = None
    text: str = Field(min_length=1)
    direct: bool
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Claim(Model):
    subject: str
    attribute: str
    value: float
    unit: str | None = None
    approximate: bool = False
    evidence: Evidence


class Threat(Model):
    holder: list[str] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    kinds: list[ThreatKind] = Field(min_length=1)
    level: ThreatLevel | None = None
    date: str | None = None
    evidence: Evidence


class StageError(Model):
    """A stage that failed on this document: its output is left empty, the rest stands."""

    stage: str
    error: str


class Analysis(Model):
    """How the document was analysed: which language's stages ran, what failed or was cut short."""

    analysed: bool = True  # False: stored and searchable, but no stages exist for its language
    language: str | None = None  # the stages' language (``record.language`` when supported)
    stages: list[str] = Field(default_factory=list)
    errors: list[StageError] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # limits reached ("parsed the first 2,000,000 characters")


class DocumentRecord(Model):
    id: str
    source: Source = Field(default_factory=Source)
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = None
    published_text: str | None = None
    language: str | None = None
    translated_from: str | None = None
    text: str = ""
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    threats: list[Threat] = Field(default_factory=list)
    duplicate_of: str | None = None
    analysis: Analysis | None = None

    def to_json(self) -> str:
        return self.model_dump_json()

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)
