"""Resolution, in text order: each chosen candidate becomes a mention of one actor, so that
"the organization" is the last organisation named and a title names whoever held the office
on the article's date. People and organisations the base lacks become new actors with the
country and sector their title or affiliation gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from spacy.tokens import Span

from tocsin.knowledge.actors import slug, sound_key
from tocsin.knowledge.lexicon import ADJECTIVE, CAPITAL, CUE, ENTRY, OFFICE, STATE
from tocsin.stages.actors.candidates import Cand
from tocsin.stages.actors.context import Text
from tocsin.stages.actors.unnamed import ARMED_SECTORS, unnamed_kind

CONTEXT_TOKENS = 120
BACK_CHARS = 1500  # how far back "the attackers" still finds the armed men named before


@dataclass
class Building:
    """An actor of the record as it is being put together."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


class Fields(TypedDict, total=False):
    """A new actor's fields (name and kind are needed the first time it is mentioned)."""

    name: str
    kind: str
    country: str | None
    sector: str | None
    role: str | None
    wikidata: str | None


class Resolver:
    def __init__(self, text: Text) -> None:
        self.t = text
        self.kb = text.kb
        self.actors: dict[str, Building] = {}
        self.last: dict[str, str | None] = {"igo": None, "group": None, "state": None, "country": None}
        self.where: dict[str, int] = {"igo": -1, "group": -1, "state": -1, "country": -1}
        self.new_surnames: dict[str, str] = {}
        self.bodies: dict[str, str] = {}  # institution template -> the actor it last named
        self.titled: dict[tuple[str, str], str] = {}  # (office, state or body) -> the person named with it
        # (office, state or body) -> the base's holders given to title-only mentions, and where
        self.by_title: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
        self.armed_forms: dict[str, str] = {}  # an armed actor noun's form -> the unnamed actor it named
        self.bodies_at: dict[str, int] = {}
        self.spans: list[tuple[str, int, int]] = []  # (actor, first token, end) of every mention
        self.described: list[tuple[str, int, int]] = []  # (actor, first token, end) of unnamed actors' mentions

    # -- mentions ------------------------------------------------------------------
    def add(
        self,
        actor_id: str,
        start: int,
        end: int,
        pieces: list[tuple[int, int]] | None = None,
        **fields: Unpack[Fields],
    ) -> Building:
        """One mention; ``pieces`` splits a title and a name apart ("Russian Foreign Minister" +
        "Sergey Lavrov") so that the organisation inside a long title keeps its own mention."""
        sp = self.t.sp
        b = self.actors.get(actor_id)
        if b is None:
            b = self.actors[actor_id] = Building(id=actor_id, **fields)
        if b.country and b.kind in ("state", "government"):
            self.last["country"], self.where["country"] = b.country, start
        for lo, hi in pieces or [(start, end)]:
            span = sp[lo:hi]
            b.mentions.append((span.start_char, span.end_char))
        self.spans.append((actor_id, start, end))
        # "Russian" of "Russian and Tajik troops" is a mention of Russia's troops, not their name
        adjective = b.kind != "state" and any(
            h.cat == ADJECTIVE and h.start == start for h in self.t.ending.get(end, [])
        )
        for text in (None if adjective else sp[start:end].text, shared_head(sp[start:end])):
            if text and text not in b.aliases:
                b.aliases.append(text)
        return b

    def join_descriptions(self) -> None:
        """ "the Kyrgyz state news agency Kabar", "Asia-Plus, the independent Tajik outlet":
        an unnamed organisation described beside a named one is that one (which takes the
        description's country when it has none)."""
        described = {(s, e) for _, s, e in self.described}
        for described_id, start, end in self.described:
            b = self.actors.get(described_id)
            if b is None or b.kind in ("person", "state", "armed_group"):
                continue
            beside = {end, end + 1} if self.t.at(end) == "," else {end}
            named = next(
                (
                    self.actors[a]
                    for a, s, e in self.spans
                    if a in self.actors and a != b.id and (s in beside or (e == start - 1 and self.t.at(e) == ","))
                    and (s, e) not in described and self.actors[a].kind == "organization"
                ),
                None,
            )  # fmt: skip
            if named is None:
                continue
            named.mentions += b.mentions
            named.aliases += [x for x in b.aliases if x not in named.aliases]
            named.country = named.country or b.country
            del self.actors[b.id]

    @staticmethod
    def pieces(c: Cand) -> list[tuple[int, int]] | None:
        if "name_start" not in c.info:
            return None
        return [(c.start, c.info["title_end"]), (c.info["name_start"], c.end)]

    def add_entry(
        self, entry_id: str, start: int, end: int, pieces: list[tuple[int, int]] | None = None
    ) -> Building | None:
        r = self.kb.resolve(entry_id, self.t.when)
        if r is None:
            return None
        e = r.entry
        b = self.add(
            e.id,
            start,
            end,
            pieces,
            name=e.name,
            kind=r.kind,
            country=r.country,
            sector=r.sector,
            role=r.role,
            wikidata=e.wikidata,
        )
        if r.kind == "igo":
            root = e
            while root.part_of and root.part_of in self.kb.entries:
                root = self.kb.entries[root.part_of]
            self.last["igo"], self.where["igo"] = root.id, start
        if e.id.startswith("group:"):
            self.last["group"], self.where["group"] = e.id, start
        return b

    def add_state(self, iso3: str, start: int, end: int, sector: str | None = None) -> Building:
        state = self.kb.states[iso3]
        b = self.add(iso3, start, end, name=state.name, kind="state", country=iso3, sector=sector)
        if sector and not b.sector:
            b.sector = sector
        self.last["state"], self.where["state"] = iso3, start
        return b

    def add_government(self, iso3: str, start: int, end: int) -> None:
        governing = self.kb.government(iso3, self.t.when)
        if governing:
            self.add_entry(governing, start, end)
        else:
            self.add_state(iso3, start, end, sector="GOV")

    # -- candidates from the knowledge base -------------------------------------------
    def resolve(self, c: Cand) -> None:
        if c.how in ("entry", "person", "surname"):
            self.add_entry(c.known_ref, c.start, c.end, self.pieces(c))
        elif c.how == "state":
            self.add_state(c.known_ref, c.start, c.end, sector="GOV" if c.info.get("side") else None)
        elif c.how == "capital":
            self.add_government(c.known_ref, c.start, c.end)
        elif c.how == "ref":
            target = self.last.get(c.known_ref)
            if target:
                self.add_entry(target, c.start, c.end)
        elif c.how == "inst":
            self.resolve_institution(c)
        elif c.how == "role":
            self.resolve_role(c)
        elif c.how == "newperson":
            self.resolve_titled_person(c)
        self.note_inner(c)

    def note_inner(self, c: Cand) -> None:
        """States and organisations named inside a longer mention are mentioned too."""
        if c.how in ("state", "entry", "capital"):
            return
        for h in self.t.hits:
            if c.start <= h.start and h.end <= c.end and (h.start, h.end) != (c.start, c.end):
                if h.cat == STATE:
                    self.add_state(h.ref, h.start, h.end)
                elif h.cat == ENTRY and self.kb.entries[h.ref].kind == "igo":
                    self.add_entry(h.ref, h.start, h.end)

    def named_before(self, start: int) -> Building | None:
        """The person whose name the title at ``start`` stands in apposition to ("X, the
        minister"), if a person's mention ends just before its comma."""
        sp = self.t.sp
        if start < 2 or sp[start - 1].text != ",":
            return None
        end_char = sp[start - 2].idx + len(sp[start - 2].text)
        for b in self.actors.values():
            if b.kind == "person" and any(hi == end_char for _, hi in b.mentions):
                return b
        return None

    def cue_target(self, cue: str | None, ref: str | None) -> tuple[str | None, str | None]:
        """(country, org) a role's cue points at."""
        if cue == "state":
            return ref, None
        if cue == "igo":
            return None, ref
        if cue == "ref":
            return None, self.last.get("igo")
        return None, None

    def resolve_role(self, c: Cand) -> None:
        named = self.named_before(c.start)
        if named is not None:  # "Daniyar Saparov, the CSTO's Secretary General": his title, whatever the date
            self.add(named.id, c.start, c.end)
            return
        office = self.kb.offices[c.info["office"]]
        country, org = self.cue_target(c.info["cue"], c.info["cue_ref"])
        if not country and not org:
            return
        introduced = self.titled.get((office.office, country or org or ""))
        if introduced is not None:  # the report named who holds the office: its word over the base's
            self.add(introduced, c.start, c.end)
            return
        holder = self.kb.holder(office.office, self.t.when, country=country, org=org)
        if holder:
            self.add_entry(holder.id, c.start, c.end)
            self.by_title.setdefault((office.office, country or org or ""), []).append((holder.id, c.start, c.end))
            return
        if country:
            where = self.kb.states[country].name
        else:
            assert org is not None  # with neither it returned above
            where = self.kb.entries[org].name
        title = office.title.format(country=where, org=where)
        self.add(
            f"role:{(country or org or '').lower()}:{office.office}",
            c.start,
            c.end,
            name=title,
            kind="person",
            country=country,
            sector=office.sector,
            role=title,
        )

    def resolve_titled_person(self, c: Cand) -> None:
        office = self.kb.offices[c.info["office"]]
        country, org = self.cue_target(c.info["cue"], c.info["cue_ref"])
        name_span = self.t.sp[c.info["name_start"] : c.end]
        known = self.new_surnames.get(name_span.text) if len(name_span) == 1 else None
        if known:  # "President Boric" after "Chilean President Gabriel Boric"
            self.add(known, c.start, c.end, self.pieces(c), name=name_span.text, kind="person")
            return
        if not country and not org:
            country, sector, _ = self.affiliation(name_span)
        else:
            sector = office.sector
        person = self.actors[
            self.add_new_person(name_span, c.start, c.end, country, sector, c.info["title"], self.pieces(c))
        ]
        where = country or org
        if where:
            self.titled[(office.office, where)] = person.id  # "the minister" later is this one
            earlier = self.actors.pop(f"role:{where.lower()}:{office.office}", None)
            if earlier is not None:  # "the Tajik foreign minister" before the report named him
                person.mentions[:0] = earlier.mentions
                person.aliases += [a for a in earlier.aliases if a not in person.aliases]
            self.retitle(person, office.office, where)

    def retitle(self, person: Building, office: str, where: str) -> None:
        """Title-only mentions of an office that the knowledge base gave to its holder, when the
        report then names another holder: they were this person's (the base may be out of date
        for the report's time, or the report older than the base)."""
        for holder_id, start, end in self.by_title.pop((office, where), []):
            holder = self.actors.get(holder_id)
            if holder is None or holder.id == person.id:
                continue
            span = self.t.sp[start:end]
            mention = (span.start_char, span.end_char)
            holder.mentions = [m for m in holder.mentions if m != mention]
            person.mentions.append(mention)
            if span.text in holder.aliases:
                holder.aliases.remove(span.text)
                person.aliases.append(span.text)
            if not holder.mentions:
                del self.actors[holder_id]

    def add_new_person(
        self,
        name: Span,
        start: int,
        end: int,
        country: str | None,
        sector: str | None,
        role: str | None = None,
        pieces: list[tuple[int, int]] | None = None,
    ) -> str:
        """The person a name the base lacks stands for (someone known under another spelling, or
        a new person); returns its id."""
        text = name.text.strip()
        known = self.kb.sounding_like(text, self.t.words.values("sound_spellings"))
        if known is not None and (found := self.add_entry(known, start, end, pieces)) is not None:
            self.new_surnames.setdefault(text.split()[-1], known)  # another spelling of someone known
            return found.id
        same = self.named_before_as(text)
        if same is not None:  # "Yusuf Karimi" after "Mohammad Yusuf Karimi", or before it
            b = self.add(same.id, start, end, pieces)
            b.name = text if len(text.split()) > len(b.name.split()) else b.name
            b.country, b.sector, b.role = b.country or country, b.sector or sector, b.role or role
            return b.id
        actor_id = f"new:{slug(text)}"
        self.add(actor_id, start, end, pieces, name=text, kind="person", country=country, sector=sector, role=role)
        self.new_surnames.setdefault(text.split()[-1], actor_id)
        return actor_id

    def named_before_as(self, text: str) -> Building | None:
        """The one person the base lacks, named earlier in the report, whose name is a shorter
        form of this one or this one a shorter form of it (``shortens``)."""
        rules = self.t.words.values("sound_spellings")
        mine = sound_key(text, rules)
        if mine is None:
            return None
        found = [
            b
            for b in self.actors.values()
            if b.id.startswith("new:") and b.kind == "person" and (theirs := sound_key(b.name, rules))
            and (shortens(mine.split(), theirs.split()) or shortens(theirs.split(), mine.split()))
        ]  # fmt: skip
        return found[0] if len(found) == 1 else None

    def context_state(self, start: int) -> str | None:
        """The state an unqualified "the Supreme Court" or "border troops" belongs to: the
        state of the last state or state body named in the last few sentences, unless an
        organisation was named since ("the Security Council" after the UN); with none, the
        state the sentence's places lie in, else that of the article's dateline."""
        if self.last["country"] is None or start - self.where["country"] > CONTEXT_TOKENS:
            return self.t.placed_state(self.t.sp[start]) or self.t.dateline_state()
        if self.last["igo"] and self.where["igo"] > self.where["country"]:
            return None
        return self.last["country"]

    def recent_state(self, states: tuple[str, ...]) -> str | None:
        """Of these states, the one whose actors were mentioned last."""
        best, at = None, -1
        for b in self.actors.values():
            if b.country in states and b.mentions and b.mentions[-1][0] > at:
                best, at = b.country, b.mentions[-1][0]
        return best

    def resolve_institution(self, c: Cand) -> None:
        template = self.kb.templates[c.known_ref]
        if not c.info.get("iso3") and (c.info.get("context") or c.info.get("back")):
            earlier = self.bodies.get(c.known_ref)  # "Defense Ministry" after "the Afghan Ministry of Defense"
            if earlier and c.start - self.bodies_at[c.known_ref] <= CONTEXT_TOKENS * 4:
                self.add(earlier, c.start, c.end)
                return
        iso3 = c.info.get("iso3")
        if not iso3 and c.info.get("context"):
            iso3 = self.recent_state(template.states) if template.states else self.context_state(c.start)
        if not iso3:
            if c.info.get("context") and template.otherwise in self.kb.entries:
                self.add_entry(template.otherwise, c.start, c.end)
            return
        group = c.info.get("group")
        if group and c.ref in ("armed-forces", "government", "authorities"):
            self.add_entry(group, c.start, c.end)  # "Taliban forces" are the Taliban
            return
        state = self.kb.states[iso3]
        sector, key = template.sector, template.key
        mods, named = c.info.get("modifiers"), None
        if mods:
            cues = [
                self.kb.sector_cues[h.ref]
                for i in range(*mods)
                for h in self.t.starting.get(i, [])
                if h.cat == CUE and h.end <= mods[1]
            ]
            strong = [s for s, w in cues if w >= 1]
            if strong and strong[0] != sector:
                sector, key = strong[0], f"{key}-{strong[0].lower()}"
                words = [t.text for t in self.t.sp[c.start : c.end] if t.dep_ not in ("det", "nummod")]
                named = " ".join(words)  # "health officials in Kyrgyzstan", "Russian defence officials"
        if key == "government":  # "Tajikistan's leadership": the state acting
            self.add_government(iso3, c.start, c.end)
            return
        governing = self.kb.government(iso3, self.t.when)
        if key == "authorities" and governing:  # "Afghan officials" under the Taliban are theirs
            self.add_entry(governing, c.start, c.end)
            return
        adjective = state.adjectives[0] if state.adjectives else state.name
        name = named or template.name.format(country=state.name, adjective=adjective)
        b = self.add(f"gov:{iso3}:{key}", c.start, c.end, name=name, kind="government", country=iso3, sector=sector)
        other = _other_form(template.name).format(country=state.name, adjective=adjective)
        if not named and other != name and other not in b.aliases:
            b.aliases.append(other)  # "Armed Forces of Tajikistan" is also "Tajik Armed Forces"
        self.bodies[c.known_ref], self.bodies_at[c.known_ref] = f"gov:{iso3}:{key}", c.start

    # -- people and organisations the base lacks ----------------------------------
    def affiliation(self, span: Span) -> tuple[str | None, str | None, int]:
        """Country and sector from a title or affiliation around a name:
        "Russian Permanent Representative to the CSTO X" -> RUS, GOV;
        "X, press secretary of the CSTO secretariat" -> None, IGO."""
        country, igo, sectors = None, False, []
        for lo, hi in self.t.windows(span):
            for h in self.t.hits:
                if not (lo <= h.start and h.end <= hi):
                    continue
                if h.cat in (ADJECTIVE, STATE) and country is None:
                    country = h.ref
                elif h.cat == ENTRY:
                    r = self.kb.resolve(h.ref, self.t.when)
                    if r and r.kind == "igo":
                        igo = True
                    elif r and r.kind in ("organization", "government") and r.country and country is None:
                        country = r.country
                        if r.sector:
                            sectors.append((r.sector, 1))
                elif h.cat == CUE:
                    sectors.append(self.kb.sector_cues[h.ref])
                elif h.cat == OFFICE and self.kb.offices[h.ref].scope == "state":
                    sectors.append((self.kb.offices[h.ref].sector, 1))
        if igo and country is None:  # an organisation's official speaks for it
            return None, "IGO", 2
        best = max(sectors, key=lambda s: s[1], default=(None, -1))
        return country, best[0], best[1]

    def resolve_unknown(self, c: Cand) -> None:
        span = self.t.sp[c.start : c.end]
        if c.how == "unknown_person":
            if len(span) == 1 or span.text in self.new_surnames:
                actor_id = self.new_surnames.get(span.text)
                if actor_id:
                    self.add(actor_id, c.start, c.end, name=span.text, kind="person")
                return
            country, sector, _ = self.affiliation(span)
            self.add_new_person(span, c.start, c.end, country, sector)
        elif c.how == "unknown_org":
            self.resolve_org(span, body=c.info.get("noun") == "body", served=c.info.get("iso3"))
        elif c.how == "unnamed" and c.info["noun"] == "act":
            iso3 = c.info["iso3"]
            assert iso3 is not None  # an act's adjective always names its state
            self.add_state(iso3, c.start, c.end)
        elif c.how == "unnamed" and c.info.get("armed_back"):
            earlier = self.last_armed(c.start)
            if earlier is not None:
                self.add(earlier, c.start, c.end)
        elif c.how == "unnamed":
            if c.info.get("context") and not c.info["iso3"]:
                c.info["iso3"] = self.context_state(c.start)
                if not c.info["iso3"]:
                    return
            text = c.info.get("name") or span.text
            kind = unnamed_kind(c.info["noun"], c.info["sector"], c.info["plural"])
            b = self.add(
                self.armed_form(c) or f"new:{slug(text)}",
                c.start,
                c.end,
                name=text,
                kind=kind,
                country=c.info["iso3"],
                sector=c.info["sector"],
            )
            if b.country is None and c.info["iso3"]:
                b.country = c.info["iso3"]  # "militants", then "militants from Afghanistan"
            self.described.append((b.id, c.start, c.end))
            counted = c.info.get("counted")
            if counted and counted not in b.aliases:
                b.aliases.append(counted)

    def armed_form(self, c: Cand) -> str | None:
        """ "armed gangs" and later "masked armed gangs", or "militants" and later "militants
        from Afghanistan": unnamed armed men of one form are one actor in a report, unless
        their states differ. The id to give them, or None when the form says nothing."""
        form = c.info.get("form")
        if not form or c.info.get("sector") not in ARMED_SECTORS:
            return None
        iso3 = c.info.get("iso3")
        earlier = self.armed_forms.get(form)
        if earlier is not None:
            known = self.actors[earlier].country
            return earlier if iso3 is None or known in (None, iso3) else None
        self.armed_forms[form] = f"new:{slug(c.info.get('name') or self.t.sp[c.start : c.end].text)}"
        return self.armed_forms[form]

    def last_armed(self, start: int) -> str | None:
        """The armed group or unnamed armed men mentioned last, within a few sentences."""
        return self.last_named(
            start, lambda b: b.id.startswith("group:") or b.sector in ARMED_SECTORS or b.kind == "armed_group"
        )

    def last_named(self, start: int, wanted: Callable[[Building], bool]) -> str | None:
        """The ``wanted`` actor mentioned last before token ``start``, within a few sentences."""
        best, at = None, -1
        for b in self.actors.values():
            mentions = [m for m, _ in b.mentions if m < self.t.sp[start].idx]
            if wanted(b) and mentions and mentions[-1] > at:
                best, at = b.id, mentions[-1]
        if best is None or self.t.sp[start].idx - at > BACK_CHARS:
            return None
        return best

    def resolve_org(self, span: Span, body: bool = False, served: str | None = None) -> None:
        """An organisation the base lacks; ``body``: a state's body by the last word of its name,
        ``served``: the state of the province or town it serves."""
        words = [w for w in span if w.lower_ != "the"]
        if words and span[0].lower_ == "the" and all(self.t.words.has("name_tails", w.lower_) for w in words):
            # "The News Agency said ...", written in capitals: the outlet named before, or no one
            if (outlet := self.last_named(span.start, lambda b: b.sector == "MED")) is not None:
                self.add(outlet, span.start, span.end)
            return
        country, sectors = None, []
        cue = self.t.country_cue_ending(span.start) if body else None  # "Russia's Southern Military District"
        if cue is not None and cue[1] in ("state", "group"):
            country = cue[2] if cue[1] == "state" else self.t.governed(cue[2])
        for h in self.t.hits:
            if span.start <= h.start and h.end <= span.end:
                if (h.cat in (ADJECTIVE, STATE) or (body and h.cat == CAPITAL)) and country is None:
                    country = h.ref  # "the Minsk City Court" is Belarus's
                elif h.cat == ENTRY and country is None:
                    country = self.kb.entries[h.ref].country
                elif h.cat == CUE:
                    sectors.append(self.kb.sector_cues[h.ref])
        after = self.t.cue_after(span.end)
        if country is None and after and after[1] == "state":
            country = after[2]
        country = country or served
        sector = max(sectors, key=lambda s: s[1], default=(None, 0))[0]
        text = span.text[4:] if span.text.lower().startswith("the ") else span.text
        kind = "government" if body and country else "organization"
        self.add(f"new:{slug(text)}", span.start, span.end, name=text, kind=kind, country=country, sector=sector)


def shortens(short: list[str], full: list[str]) -> bool:
    """A name of two words or more is a shorter form of another (as ``sound_key`` gives their
    words, so that transliterations meet) when its words come in it in order, its last word
    last and its first word first unless it is the name's ending: "Yusuf Karimi", "Mohammad
    Karimi" and "Mohammad Yusuf Karimi" of "Mohammad Yusuf Ali Karimi"."""
    if len(short) < 2 or len(short) > len(full) or short[-1] != full[-1]:
        return False
    if short == full[-len(short) :]:
        return True
    rest = iter(full[1:-1])
    return short[0] == full[0] and all(word in rest for word in short[1:-1])


def shared_head(span: Span) -> str | None:
    """ "Kazakh and Uzbek troops": the first adjective's own reading, "Kazakh troops"."""
    tok = span[-1]
    conj = [c for c in tok.children if c.dep_ == "conj"]
    if tok.dep_ != "amod" or not conj or tok.head.i <= conj[-1].i:
        return None
    return f"{span.text} {span.doc[conj[-1].i + 1 : tok.head.i + 1].text}"


def _other_form(template: str) -> str:
    """An institution's name the other way round: "Armed Forces of {country}" and "{adjective}
    Armed Forces", "{adjective} Border Troops" and "Border Troops of {country}"."""
    if template.endswith(" of {country}"):
        return "{adjective} " + template.removesuffix(" of {country}")
    if template.startswith("{adjective} "):
        return template.removeprefix("{adjective} ") + " of {country}"
    return template
