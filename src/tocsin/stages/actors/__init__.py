"""The actors stage: link every actor mention to one actor of the document record.

It reads the spaCy parse (``doc.spacy``) and the publication date, and writes
``doc.record.actors`` and actor ``doc.mentions``. The steps, one module each:

1. ``candidates``: names, surnames, titles, institutions, capitals and back-references
   that the knowledge-base matchers find (over the ``context.Text`` of the document);
2. ``selection``: the longest candidate wins a stretch of tokens;
3. ``unnamed``: people and organisations the base lacks, and unnamed but specific actors
   ("French warships", "militants from Afghanistan"); ``placenames`` keeps places the
   model calls organisations out of them;
4. ``resolution``: in text order, each candidate becomes a mention of one actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from tocsin.document import Document, Mention
from tocsin.knowledge.actors import slug
from tocsin.record import Actor, actor_kind
from tocsin.registry import stage
from tocsin.stages.actors.candidates import Candidates
from tocsin.stages.actors.context import Text
from tocsin.stages.actors.placenames import drop_place_only_states
from tocsin.stages.actors.resolution import Building, Resolver
from tocsin.stages.actors.selection import select
from tocsin.stages.actors.unnamed import Unknown
from tocsin.stages.nlp import model_name

if TYPE_CHECKING:
    from tocsin.languages import Language
    from tocsin.pipeline import Config


def article_day(published: str | None, today: date) -> str:
    """The day roles are looked up on: a year or month is taken at its middle."""
    if not published:
        return today.isoformat()
    parts = published[:10].split("-")
    if len(parts) == 1:
        return f"{parts[0]}-07-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-15"
    return published[:10]


def link(text: Text) -> tuple[list[Building], list[Building]]:
    """All the actors of one parsed document, in order of first mention, and the states it
    names only as places (kept aside: an event may still need one as a side)."""
    chosen = select(text, Candidates(text).find())
    extra = Unknown(text).find(chosen)
    resolver = Resolver(text)
    for c in sorted(chosen + extra, key=lambda c: c.start):
        if c.how.startswith("unknown") or c.how == "unnamed":
            resolver.resolve_unknown(c)
        else:
            resolver.resolve(c)
    resolver.join_descriptions()
    built = [b for b in resolver.actors.values() if not named_within(b, resolver.actors.values())]
    kept = drop_place_only_states(text, built)
    return kept, [b for b in built if b not in kept]


def named_within(b: Building, others: Iterable[Building]) -> bool:
    """A state named only as the first word of its own bodies' longer names ("US" of "US-led
    international troops") is a word of those names, not an actor of its own; "officials in
    Kazakhstan" still name the state."""
    if b.kind != "state" or not b.mentions:
        return False
    named = [(s, e) for o in others if o is not b and o.country == b.country for s, e in o.mentions]
    return all(any(s == start and end < e for s, e in named) for start, end in b.mentions)


def to_actor(b: Building) -> Actor:
    return Actor(
        id=b.id,
        name=b.name,
        kind=actor_kind(b.kind),
        country=b.country,
        sector=b.sector,
        role=b.role,
        wikidata=b.wikidata,
        aliases=b.aliases,
        mentions=sorted(set(b.mentions)),
    )


class Actors:
    name = "actors"

    def __init__(self, config: Config, model: str) -> None:
        knowledge = config.knowledge
        self.today: date = config.today
        self.lexicon = knowledge.lexicon(knowledge.model(model))
        self.kb = self.lexicon.kb
        self.words = knowledge.usage("actors")
        self.place_words = knowledge.usage("places")
        self.places = knowledge.gazetteer
        self.dateline = knowledge.dateline

    def __call__(self, doc: Document) -> None:
        sp = doc.spacy
        if sp is None or not len(sp):
            return
        when = article_day(doc.record.published, self.today)
        built, aside = link(
            Text(self.kb, self.lexicon, sp, when, self.words, self.places, self.place_words, self.dateline)
        )
        mark_outlet(built, doc.record.source.outlet)
        built = [b for b in built if not credited_only(b, doc.record.text or "")]
        doc.record.actors = [to_actor(b) for b in built]
        doc.standby = [to_actor(b) for b in aside]
        doc.mentions = [m for m in doc.mentions if m.kind not in ("actor", "standby")]
        text = doc.record.text
        for kind, group in (("actor", built), ("standby", aside)):
            for b in group:
                for start, end in sorted(set(b.mentions)):
                    doc.mentions.append(Mention(start, end, b.id, kind, text[start:end]))


def mark_outlet(built: list[Building], outlet: str | None) -> None:
    """The page's own outlet, named in its dateline or credits, is a news organisation even
    where the model read its name as a person's."""
    if not outlet:
        return
    key = slug(outlet)
    for b in built:
        if b.id.startswith("new:") and (slug(b.name) == key or key.startswith(slug(b.name) + "-")):
            b.kind, b.sector, b.role = "organization", "MED", None


def credited_only(b: Building, text: str) -> bool:
    """A news outlet named only where it signs the report ("MOSCOW (AP) —", a byline, "Source:
    Xinhua") is no actor of it; one the report quotes or cites stays ("told The Washington Post")."""
    if b.sector != "MED" or not b.mentions:
        return False
    for start, end in b.mentions:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        bracketed = text[start - 1 : start] == "(" and text[end : end + 1] == ")"
        signed = len(line.split()) <= CREDIT_WORDS or line.lower().startswith(("source:", "by "))
        if not (bracketed or signed):
            return False
    return True


# A line of this many words or fewer that names an outlet is a byline or credit.
CREDIT_WORDS = 6


@stage("actors", requires=("spacy", "published"), assigns=("actors", "mentions"))
def make(config: Config, language: Language | None = None) -> Actors:
    return Actors(config, model_name(config, language))
