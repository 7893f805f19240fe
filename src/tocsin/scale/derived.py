"""Many distinct articles made from a few analysed ones, for timing a store as it grows.

Analysing tens of thousands of texts takes days on a small machine, and what grows with
the store is the store side (stories, near-duplicates, disagreements, series, tallies),
not the analysis. So a few real texts are analysed once, and each record is then varied
into new documents as a year or more of a region's news would bring them, and stored
through the real write path (``incremental.save``). How a document is varied:

* **when**: documents arrive in date order, ``per_day`` a day from ``FIRST_DAY``, each
  published on its day or up to two days before; every date of the record (events, threat
  statements) moves by as many days as its publication date, keeping its precision (a
  month stays a month);
* **who and where**: each country the record names is replaced by another country of the
  same corpus, drawn with the weight it has there (two countries stay two countries). A
  state becomes the new state; an institution, a noun or a region of the old country
  becomes that of the new one (``gov:TJK:border-service`` -> ``gov:KAZ:border-service``);
  a person, group or organisation of the knowledge base becomes one of the same kind and
  new country when the knowledge base has one; a name the knowledge base lacks
  (``new:...``) becomes one of ``NEW_NAMES`` drawn with a long tail, so a few recur and
  most are rare. A city becomes one of the new country's ``CITIES`` largest, a province
  one of its provinces, a border the border of the new pair (all from the gazetteer);
* **text**: every mention of a changed actor or place is rewritten with its new name,
  other country names, adjectives and peoples follow the replacement, and each other word
  is replaced with probability ``SWAP`` by a word of the corpus, so that two documents
  made from one text share few word triples and MinHash does not take one for a repost
  of the other; every offset (evidence, mentions, quotes) is moved with the text;
* **claims**: subjects follow the country replacement; values are multiplied by a
  factor between one half and two (a new happening, a new number);
* **what kind of document**: ``FOLLOW`` of them report again a happening of one of the
  last ``RECENT`` new documents (the same actors, places and dates, a day later at most,
  another outlet, other words), so their events join its stories; their claims repeat its
  values, or one time in ``DISAGREE`` differ by a factor of 1.05 to 1.4 either way.
  ``REPOST`` of them are a recent document again with one line added (a near-duplicate,
  which joins its original's stories without counting twice). The rest are new happenings, most of which start new
  stories; outlets are drawn with a long tail from ``OUTLETS``.

The stream is a function of the seed alone: the first ``n`` documents are the same
whatever the run's length, so a short run is the start of a long one.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from tocsin.knowledge.base import Knowledge
from tocsin.knowledge.gazetteer import Entry as GazEntry
from tocsin.pipeline import content_id
from tocsin.record import Actor, Claim, DocumentRecord, Evidence, Place, Source, actor_kind

FIRST_DAY = date(2024, 1, 1)
SWAP = 0.3  # the chance that a word outside a name is replaced
FOLLOW = 0.3  # documents that report again a recent happening
REPOST = 1 / 12  # documents that repost a recent document
DISAGREE = 3  # one follow-up claim in DISAGREE differs from the first report
RECENT = 100  # new documents a follow-up may report again
OUTLETS = 60
NEW_NAMES = 5000  # names outside the knowledge base, per name in the base records
CITIES = 200
WORD = re.compile(r"[^\W\d_]{3,}")
ISO = re.compile(r"\b[A-Za-z]{3}\b")


def _cumulative(n: int) -> list[float]:
    return list(itertools.accumulate(1 / (k + 1) for k in range(n)))


_OUTLET_WEIGHTS = _cumulative(OUTLETS)
_NAME_WEIGHTS = _cumulative(NEW_NAMES)


def _long_tail(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


@dataclass
class Plan:
    """What one new document changed: the record it came from, its countries, actors and
    places, and the days its dates moved by. A follow-up reuses its plan."""

    base: int
    countries: dict[str, str]
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    days: int = 0
    factor: float = 1.0
    values: dict[int, float] = field(default_factory=dict)  # claim index -> value reported first


class Deriver:
    """An endless stream of distinct documents made from ``records`` (see the module docstring)."""

    def __init__(self, records: list[DocumentRecord], knowledge: Knowledge | None = None, per_day: int = 25,
                 seed: int = 5):  # fmt: skip
        self.records = [r for r in records if r.text.strip()]
        if not self.records:
            raise ValueError("no analysed record with text to vary")
        self.knowledge = knowledge or Knowledge.at()
        self.per_day = per_day
        self.rng = random.Random(seed)
        self.vocabulary = sorted({w.lower() for r in self.records for w in WORD.findall(r.text)})
        weights: dict[str, int] = {}
        for r in self.records:
            for c in {a.country for a in r.actors} | {p.country for p in r.places}:
                if c and c in self.knowledge.states:
                    weights[c] = weights.get(c, 0) + 1
        self.countries = sorted(weights)
        self.country_weights = list(itertools.accumulate(weights[c] for c in self.countries))
        self._pools()
        self.recent: deque[Plan] = deque(maxlen=RECENT)
        self.made: deque[DocumentRecord] = deque(maxlen=RECENT)

    def _pools(self) -> None:
        kb, gaz = self.knowledge.actors, self.knowledge.gazetteer
        self.kb_pool: dict[tuple[str, str | None], list[Actor]] = {}
        for entry in kb.entries.values():
            found = kb.resolve(entry.id, "2025-06-01")
            if found is None:
                continue
            actor = Actor(id=entry.id, name=entry.name, kind=actor_kind(found.kind), country=found.country,
                          sector=found.sector)  # fmt: skip
            self.kb_pool.setdefault((found.kind, found.country), []).append(actor)
        self.places_of: dict[tuple[str, str], list[GazEntry]] = {}
        for c in self.countries:
            mine = [e for e in gaz.entries.values() if e.country == c]
            cities = sorted((e for e in mine if e.feature == "city"), key=lambda e: (-e.population, e.id))
            self.places_of[(c, "city")] = cities[:CITIES]
            self.places_of[(c, "admin1")] = sorted((e for e in mine if e.feature == "admin1"), key=lambda e: e.id)
        forms: list[tuple[str, str, str]] = []  # (form, iso3, which list it is from)
        for c in self.countries:
            state = self.knowledge.states[c]
            for kind, names in (("names", [state.name, *state.names]), ("adjectives", state.adjectives),
                                ("people", state.people)):  # fmt: skip
                forms += [(n, c, kind) for n in names if n]
        forms.sort(key=lambda f: -len(f[0]))
        self.forms = {f: (c, kind) for f, c, kind in forms}
        self.form_pattern = re.compile(r"\b(" + "|".join(re.escape(f) for f, _, _ in forms) + r")\b") if forms else None

    # -- the stream ----------------------------------------------------------------------
    def __iter__(self) -> Iterator[DocumentRecord]:
        for n in itertools.count():
            yield self.document(n)

    def document(self, n: int) -> DocumentRecord:
        """The ``n``-th document (documents must be asked for in order)."""
        rng = self.rng
        day = FIRST_DAY + timedelta(days=n // self.per_day)
        roll = rng.random()
        if roll < REPOST and self.made:
            record = self._repost(rng.choice(list(self.made)), n)
        elif roll < REPOST + FOLLOW and self.recent:
            old = rng.choice(list(self.recent))
            plan = Plan(old.base, old.countries, old.actors, old.places, old.days + rng.choice([0, 0, 1]), old.factor)
            plan.values = {i: v if rng.randrange(DISAGREE) else v * rng.uniform(1.05, 1.4) ** rng.choice([-1, 1])
                           for i, v in old.values.items()}  # fmt: skip
            record = self._vary(plan, day, n, follow=True)
        else:
            base = rng.randrange(len(self.records))
            plan = Plan(base, self._countries(self.records[base]), factor=rng.uniform(0.5, 2.0))
            record = self._vary(plan, day, n, follow=False)
            self.recent.append(plan)
        self.made.append(record)
        return record

    def _countries(self, record: DocumentRecord) -> dict[str, str]:
        named = sorted(
            {a.country for a in record.actors if a.country} | {p.country for p in record.places if p.country}
        )
        chosen: dict[str, str] = {}
        for c in named:
            if c not in self.knowledge.states:
                continue
            for _ in range(20):
                new = self.countries[bisect.bisect(self.country_weights, self.rng.random() * self.country_weights[-1])]
                if new not in chosen.values():
                    break
            chosen[c] = new
        return chosen

    # -- one document --------------------------------------------------------------------
    def _vary(self, plan: Plan, day: date, n: int, follow: bool) -> DocumentRecord:
        rng = self.rng
        base = self.records[plan.base]
        out = base.model_copy(deep=True)
        published = day - timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        if not follow:
            first = _first_day(base)
            plan.days = (published - first).days if first else 0
        for a in out.actors:
            if a.id not in plan.actors:
                plan.actors[a.id] = self._actor(a, plan)
        for p in out.places:
            if p.id not in plan.places:
                plan.places[p.id] = self._place(p, plan)
        edits = self._edits(out, plan)
        text, move = _apply(out.text, edits)
        out.text = text
        out.actors = [_moved_actor(plan.actors[a.id], a, move) for a in out.actors]
        out.places = [_moved_place(plan.places[p.id], p, move) for p in out.places]
        ids = {**{k: v.id for k, v in plan.actors.items()}, **{k: v.id for k, v in plan.places.items()}}
        _dedupe(out)
        for ev in out.events:
            ev.source = list(dict.fromkeys(ids.get(i, i) for i in ev.source))
            ev.target = list(dict.fromkeys(ids.get(i, i) for i in ev.target))
            ev.place = ids.get(ev.place, ev.place) if ev.place else None
            ev.date = _shift(ev.date, plan.days)
            ev.evidence = _moved_evidence(ev.evidence, text, move)
            if ev.magnitude and not follow:
                for name in ("killed", "injured", "size"):
                    value = getattr(ev.magnitude, name)
                    if value:
                        setattr(ev.magnitude, name, max(1, round(value * plan.factor)))
        for q in out.quotes:
            q.speaker = ids.get(q.speaker, q.speaker) if q.speaker else None
            q.start, q.end = move(q.start), max(move(q.start), move(q.end, True))
            q.text = text[q.start : q.end] or q.text
        claims = []
        for i, c in enumerate(out.claims):
            value = plan.values.get(i, c.value * plan.factor) if follow else c.value * plan.factor
            plan.values.setdefault(i, value)
            claims.append(Claim(subject=self._rename(c.subject, plan.countries), attribute=c.attribute,
                                value=round(value, 2), unit=c.unit, approximate=c.approximate,
                                evidence=_moved_evidence(c.evidence, text, move)))  # fmt: skip
        out.claims = claims
        for t in out.threats:
            t.holder = [ids.get(i, i) for i in t.holder]
            t.source = [ids.get(i, i) for i in t.source]
            t.target = [ids.get(i, i) for i in t.target]
            t.date = _shift(t.date, plan.days)
            t.evidence = _moved_evidence(t.evidence, text, move)
        out.published = published.isoformat()
        out.published_text = None
        out.title = self._rename(base.title or "", plan.countries) or None
        return self._published(out, n)

    def _repost(self, original: DocumentRecord, n: int) -> DocumentRecord:
        out = original.model_copy(deep=True)
        out.text = original.text + f"\n\nRepublished with permission, item {n}.\n"
        return self._published(out, n)

    def _published(self, out: DocumentRecord, n: int) -> DocumentRecord:
        """The document as an outlet of its own published it: its outlet, address and id."""
        outlet = _long_tail(self.rng, _OUTLET_WEIGHTS)
        out.source = Source(outlet=f"Growth Outlet {outlet}", domain=f"outlet{outlet}.example",
                            url=f"https://outlet{outlet}.example/news/{n}")  # fmt: skip
        out.duplicate_of = None
        out.id = content_id(out.text)
        return out

    def _actor(self, a: Actor, plan: Plan) -> Actor:
        new_country = plan.countries.get(a.country or "", a.country)
        if a.kind == "state" and a.id in plan.countries:
            state = self.knowledge.states[plan.countries[a.id]]
            return Actor(id=state.iso3, name=state.name, kind="state", country=state.iso3)
        if a.id.startswith("new:"):
            k = _long_tail(self.rng, _NAME_WEIGHTS)
            name = self._rename(a.name, plan.countries)
            return a.model_copy(update={"id": f"{a.id}-{k}", "name": f"{name} {k}" if k else name,
                                        "country": new_country})  # fmt: skip
        if a.id in self.knowledge.actors.entries:
            if new_country == a.country:
                return a.model_copy()
            pool = self.kb_pool.get((a.kind, new_country), [])
            return self.rng.choice(pool).model_copy() if pool else a.model_copy()
        new_id = ISO.sub(lambda m: _iso(m.group(0), plan.countries), a.id)
        return a.model_copy(update={"id": new_id, "name": self._rename(a.name, plan.countries), "country": new_country})

    def _place(self, p: Place, plan: Plan) -> Place:
        gaz = self.knowledge.gazetteer
        new = plan.countries.get(p.country or "")
        if new is None:
            return p.model_copy()
        found: GazEntry | None = None
        if p.feature == "country":
            found = gaz.country(new)
        elif p.feature == "border" and p.id.startswith("border:"):
            a, _, b = p.id[7:].partition("-")
            found = _border(gaz.country(plan.countries.get(a, a)), gaz.country(plan.countries.get(b, b)))
        elif p.feature == "region" and p.id.startswith("region:") and "-" in p.id:
            found = gaz.part(new, p.id.rsplit("-", 1)[1])
        else:
            pool = self.places_of.get((new, "admin1" if p.feature == "admin1" else "city")) or []
            found = self.rng.choice(pool) if pool else gaz.country(new)
        if found is None:
            return p.model_copy(update={"country": new})
        return Place(id=found.id, name=found.name, country=found.country, admin1=found.admin1, lat=found.lat,
                     lon=found.lon, feature=found.feature, geonames_id=found.geonames_id)  # type: ignore[arg-type]  # fmt: skip

    def _rename(self, text: str, countries: dict[str, str]) -> str:
        """Country names, adjectives and peoples replaced as the countries are."""
        if not self.form_pattern:
            return text

        def swap(m: re.Match[str]) -> str:
            old, kind = self.forms[m.group(0)]
            if old not in countries:
                return m.group(0)
            state = self.knowledge.states[countries[old]]
            choices = {"names": [state.name], "adjectives": state.adjectives, "people": state.people}[kind]
            return choices[0] if choices else state.name

        return self.form_pattern.sub(swap, text)

    def _edits(self, record: DocumentRecord, plan: Plan) -> list[tuple[int, int, str]]:
        """What to replace in the text: the mentions of changed names, then country words,
        then other words at random; non-overlapping, in order."""
        edits: dict[int, tuple[int, str]] = {}
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        def put(s: int, e: int, new: str) -> None:
            if s < e <= len(record.text) and free(s, e):
                edits[s] = (e, new)
                taken.append((s, e))

        for a in record.actors:
            new = plan.actors[a.id]
            if new.id != a.id:
                for s, e in a.mentions:
                    put(s, e, self._rename(record.text[s:e], plan.countries) if new.kind == "state" else new.name)
        for p in record.places:
            new_place = plan.places[p.id]
            if new_place.id != p.id:
                for s, e in p.mentions:
                    put(s, e, new_place.name)
        if self.form_pattern:
            for m in self.form_pattern.finditer(record.text):
                renamed = self._rename(m.group(0), plan.countries)
                if renamed != m.group(0):
                    put(m.start(), m.end(), renamed)
        for m in WORD.finditer(record.text):
            if self.rng.random() < SWAP:
                word = self.rng.choice(self.vocabulary)
                put(m.start(), m.end(), word.capitalize() if m.group(0)[0].isupper() else word)
        return [(s, e, new) for s, (e, new) in sorted(edits.items())]


# -- moving offsets with the text ------------------------------------------------------
def _apply(text: str, edits: list[tuple[int, int, str]]):
    """The edited text and a function moving an old offset to the new text (an end offset
    inside a replaced span goes to the end of its replacement, a start to its start)."""
    parts, starts, shifts, spans = [], [], [], []
    at, delta = 0, 0
    for s, e, new in edits:
        parts += [text[at:s], new]
        spans.append((s, e, s + delta, s + delta + len(new)))
        delta += len(new) - (e - s)
        starts.append(s)
        shifts.append(delta)
        at = e
    parts.append(text[at:])

    def move(offset: int, end: bool = False) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        s, e, ns, ne = spans[i]
        if offset < e:
            return ne if end and offset > s else ns
        return offset + shifts[i]

    return "".join(parts), move


def _moved_evidence(ev: Evidence, text: str, move) -> Evidence:
    start, end = move(ev.start), move(ev.end, True)
    end = max(start, end)
    return Evidence(sentence=text[start:end] or ev.sentence, start=start, end=end)


def _moved_actor(new: Actor, old: Actor, move) -> Actor:
    return new.model_copy(update={"mentions": [(move(s), move(e, True)) for s, e in old.mentions]})


def _moved_place(new: Place, old: Place, move) -> Place:
    return new.model_copy(update={"mentions": [(move(s), move(e, True)) for s, e in old.mentions]})


def _dedupe(record: DocumentRecord) -> None:
    """Two old names may become one new one: keep each id once, mentions merged."""
    for name in ("actors", "places"):
        seen: dict[str, Actor | Place] = {}
        for item in getattr(record, name):
            if item.id in seen:
                seen[item.id].mentions = sorted(set(seen[item.id].mentions) | set(item.mentions))
            else:
                seen[item.id] = item
        setattr(record, name, list(seen.values()))


def _border(a: GazEntry | None, b: GazEntry | None) -> GazEntry | None:
    """The border of two countries, placed half-way between their centres (the gazetteer's
    own midpoint compares every pair of their cities, too costly for large countries)."""
    if a is None or b is None or a.id == b.id or None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat, lon = (a.lat + b.lat) / 2, (a.lon + b.lon) / 2  # type: ignore[operator]
    return GazEntry(f"border:{a.country}-{b.country}", f"{a.name}\u2013{b.name} border", "border", a.country, None,
                    lat, lon)  # fmt: skip


def _iso(code: str, countries: dict[str, str]) -> str:
    new = countries.get(code.upper())
    if new is None:
        return code
    return new if code.isupper() else new.lower()


def _first_day(record: DocumentRecord) -> date | None:
    for value in [record.published, *(e.date for e in record.events)]:
        if value:
            try:
                return date.fromisoformat((value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]
                                          if len(value) == 7 else value[:10])  # fmt: skip
            except ValueError:
                continue
    return None


def _shift(value: str | None, days: int) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD date moved by ``days``, keeping its precision."""
    if not value or not days:
        return value
    try:
        if len(value) == 4:
            return str((date(int(value), 7, 1) + timedelta(days=days)).year)
        if len(value) == 7:
            return (date.fromisoformat(value + "-15") + timedelta(days=days)).isoformat()[:7]
        return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return value
