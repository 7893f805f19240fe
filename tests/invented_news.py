"""Invented news for the cross-source tests: records built directly with the real models
(no spaCy), whose stories, counts and alerts are known by construction.

Every article, outlet and sentence here is made up. Bodies are drawn from a fixed word
list with a seeded generator, so two articles are textually unrelated unless one is made
as a repost of the other.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

from tocsin.record import Actor, Claim, DocumentRecord, Event, Evidence, Magnitude, Place, Source, Threat

ACTORS = {
    "TJK": Actor(id="TJK", name="Tajikistan", kind="state", country="TJK"),
    "AFG": Actor(id="AFG", name="Afghanistan", kind="state", country="AFG"),
    "KGZ": Actor(id="KGZ", name="Kyrgyzstan", kind="state", country="KGZ"),
    "UZB": Actor(id="UZB", name="Uzbekistan", kind="state", country="UZB"),
    "TJK-border-troops": Actor(
        id="TJK-border-troops", name="Tajik Border Troops", kind="government", country="TJK", sector="MIL"
    ),
    "AFG-taliban": Actor(id="AFG-taliban", name="Taliban", kind="armed_group", country="AFG", sector="REB"),
}
PLACES = {
    "khorog": Place(id="khorog", name="Khorog", country="TJK", lat=37.49, lon=71.55, feature="city"),
    "ishkashim": Place(id="ishkashim", name="Ishkashim", country="TJK", lat=36.73, lon=71.61, feature="city"),
    "dushanbe": Place(id="dushanbe", name="Dushanbe", country="TJK", lat=38.54, lon=68.78, feature="city"),
    "kulob": Place(id="kulob", name="Kulob", country="TJK", lat=37.91, lon=69.78, feature="city"),
    "osh": Place(id="osh", name="Osh", country="KGZ", lat=40.53, lon=72.80, feature="city"),
    "TJK": Place(id="TJK", name="Tajikistan", country="TJK", lat=38.86, lon=71.28, feature="country"),
}
VOCABULARY = (
    "river",
    "valley",
    "convoy",
    "market",
    "winter",
    "harvest",
    "road",
    "bridge",
    "council",
    "village",
    "district",
    "officials",
    "reporters",
    "mountain",
    "pass",
    "checkpoint",
    "trade",
    "season",
    "report",
    "weather",
    "supply",
    "power",
    "water",
    "school",
    "clinic",
    "fuel",
    "price",
    "farmers",
    "herders",
    "station",
    "railway",
    "tunnel",
    "airport",
    "cargo",
    "truck",
    "drivers",
    "customs",
    "queue",
    "delay",
    "repair",
    "crew",
    "engineers",
    "snow",
    "flood",
    "mudslide",
    "spring",
    "summer",
    "autumn",
    "meeting",
    "committee",
    "budget",
    "plan",
    "schedule",
    "loan",
    "bank",
    "textile",
    "cotton",
    "wheat",
    "melon",
    "apricot",
    "bazaar",
    "shop",
    "tea",
    "bread",
    "radio",
    "newspaper",
    "editor",
    "column",
    "weekly",
    "survey",
)
HEADER = ["Home", "World", "Asia", "Subscribe", "Sign in"]
FOOTER = ["Share this article", "Related stories", "Follow us on social media", "© Invented Mirror Media"]


def body(seed: int, words: int = 160) -> str:
    """An invented body of unrelated words, different for each seed."""
    rng = random.Random(seed)
    out, sentence = [], []
    for _ in range(words):
        sentence.append(rng.choice(VOCABULARY))
        if len(sentence) >= rng.randint(8, 14):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


@dataclass
class Ev:
    """One coded event of an invented article."""

    type: str
    source: list[str]
    target: list[str]
    date: str | None = None
    place: str | None = None
    mode: str | None = None
    status: str = "occurred"
    killed: int | None = None


@dataclass
class Art:
    """One invented article: who published it, when, what it reports."""

    id: str
    outlet: str
    published: str
    events: list[Ev] = field(default_factory=list)
    claims: list[tuple[str, str, float, str]] = field(default_factory=list)  # subject, attribute, value, unit
    threats: list[tuple[list[str], str, str]] = field(default_factory=list)  # holder, "kind,kind", level
    seed: int = 0


def record(art: Art, text: str | None = None, doc_id: str | None = None, outlet: str | None = None) -> DocumentRecord:
    """The analysed record of an invented article: each event, claim and threat cites its own sentence."""
    count = len(art.events) + len(art.claims) + len(art.threats)
    sentences = [f"Invented report {art.id} number {i} on the matter at hand." for i in range(count)]
    text = text or (body(art.seed or zlib.crc32(art.id.encode())) + " " + " ".join(sentences))

    def evidence(i: int) -> Evidence:
        start = text.index(sentences[i])
        return Evidence(sentence=sentences[i], start=start, end=start + len(sentences[i]))

    ids = {i for e in art.events for i in e.source + e.target} | {i for t in art.threats for i in t[0]}
    places = {e.place for e in art.events if e.place}
    events = [
        Event(
            id=f"e{i}",
            type=e.type,
            mode=e.mode,
            source=e.source,
            target=e.target,
            date=e.date,
            place=e.place,
            status=e.status,
            magnitude=Magnitude(killed=e.killed) if e.killed is not None else None,
            evidence=evidence(i),
            confidence=0.6,
        )
        for i, e in enumerate(art.events)
    ]  # type: ignore[arg-type]
    n = len(events)
    claims = [
        Claim(subject=s, attribute=a, value=v, unit=u, evidence=evidence(n + i))
        for i, (s, a, v, u) in enumerate(art.claims)
    ]
    n += len(claims)
    threats = [
        Threat(holder=h, kinds=k.split(","), level=level, evidence=evidence(n + i))  # type: ignore[arg-type]
        for i, (h, k, level) in enumerate(art.threats)
    ]
    return DocumentRecord(
        id=doc_id or art.id,
        source=Source(outlet=outlet or art.outlet, url=f"https://invented.example/{doc_id or art.id}"),
        published=art.published,
        text=text,
        actors=[ACTORS[i] for i in sorted(ids) if i in ACTORS],
        places=[PLACES[p] for p in sorted(places)],
        events=events,
        claims=claims,
        threats=threats,
    )


def repost(art: Art, outlet: str = "Invented Mirror") -> DocumentRecord:
    """The same article re-posted elsewhere: same text, different page furniture and outlet.
    The evidence offsets move with the text, as an analysis of the copy would find them."""
    original = record(art)
    text = "\n".join(HEADER) + "\n" + original.text + "\n" + "\n".join(FOOTER)
    return record(art, text=text, doc_id=f"{art.id}-repost", outlet=outlet)
