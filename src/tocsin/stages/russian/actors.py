"""Actors in Russian text, linked to the shared knowledge base by lemma.

Reads natasha's parse (``doc.spacy`` with UD labels) and the Russian names of
``data/ru/``; writes ``doc.record.actors`` and actor ``doc.mentions``, with the base's
canonical English names and ids, so that a Russian and an English report of one event
share their actors. In text order:

* known names (states, organisations, groups, bodies, people: ``data/ru/actors.yaml``);
* institutions every state has, with the state in the genitive after them or its
  adjective before ("министерство юстиции Таджикистана", "киргизская погранслужба");
  a state's "власти" or "правительство" is the state acting (or whoever governs it);
* office titles with a state ("президент Киргизии") name their holder on the article's
  date; a title before a name describes that person;
* people the base lacks (natasha's PER names), named by transliteration ("Саймумин Ятимов"
  -> a known person when the transliteration is close to a known name); a surname alone
  later in the article refers back to the person named in full;
* unnamed actors: an actor noun with a state's adjective, a state in the genitive, "из
  <state>" or "с <adjective> стороны" ("таджикские пограничники", "контрабандисты из
  Афганистана"); militant and criminal nouns stand on their own ("боевики");
* states named as actors: not where they only locate something ("в Таджикистане",
  "территория Афганистана", left to the places stage), nor where they only qualify a body
  already linked; a capital acting ("Москва ожидает") is its state;
* organisations natasha finds that the base lacks, named by transliteration.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Unpack

from spacy.tokens import Doc, Span, Token

from tocsin.document import Document, Mention
from tocsin.knowledge.actors import slug
from tocsin.knowledge.gazetteer import Gazetteer
from tocsin.knowledge.russian import (
    ADJECTIVE,
    ENTRY,
    HEAD,
    NOUN,
    OFFICE,
    PEOPLE,
    STATE,
    Hit,
    RussianKB,
    city_names,
    forms,
    lemmas,
    plain,
    skeleton,
)
from tocsin.record import Actor, actor_kind
from tocsin.registry import stage
from tocsin.stages.actors import article_day
from tocsin.stages.actors.resolution import Building, Fields

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

SUBJECTS = {"nsubj", "nsubj:pass"}
FORCE_SECTORS = {"MIL", "COP", "SPY"}
ALONE_SECTORS = {"REB", "CRM", "REF"}
NOMINAL = {"NOUN", "PROPN"}  # unnamed actors that need no state ("боевики")
HOSTILE = {"REB", "CRM", "-"}
CONTEXT_TOKENS = 200


class Linker:
    """Links the actors of one parsed Russian document."""

    def __init__(self, doc: Document, parsed: Doc, ru: RussianKB, knowledge: Knowledge, today: date) -> None:
        self.doc, self.kb, self.ru, self.knowledge = doc, knowledge.actors, ru, knowledge
        self.words = knowledge.usage("ru")  # data/ru/usage.yaml
        self.sp = parsed  # ``doc.spacy``, known to be there
        self.when = article_day(doc.record.published, today)
        toks = [t.text for t in self.sp]
        self.lang = ru.index.language
        self.keys = [lemmas(t.text, self.lang) | {t.lemma_} for t in self.sp]
        self.hits = ru.index.find(toks, self.keys)
        self.starting: dict[int, list[Hit]] = {}
        for h in self.hits:
            self.starting.setdefault(h.start, []).append(h)
        self.taken: set[int] = set()
        self.actors: dict[str, Building] = {}
        self.people: dict[str, str] = {}  # surname lemma -> actor id
        self.deferred: list[tuple[int, int]] = []  # force nouns with no state, resolved at the end
        self.last_body: str | None = None

    # -- building -------------------------------------------------------------------------
    def add(self, actor_id: str, start: int, end: int, **fields: Unpack[Fields]) -> Building:
        b = self.actors.get(actor_id)
        if b is None:
            b = self.actors[actor_id] = Building(id=actor_id, **fields)
        span = self.sp[start:end]
        if (span.start_char, span.end_char) not in b.mentions:
            b.mentions.append((span.start_char, span.end_char))
        text = span.text.strip('«»"“”„ ')
        if text and text not in b.aliases:
            b.aliases.append(text)
        self.taken.update(range(start, end))
        return b

    def add_entry(self, ref: str, start: int, end: int) -> Building | None:
        record = self.ru.records.get(ref)
        if record is not None and ref not in self.kb.entries:
            b = self.add(ref, start, end, name=record.name, kind=record.kind, country=record.country,
                         sector=record.sector)  # fmt: skip
        else:
            r = self.kb.resolve(ref, self.when)
            if r is None:
                return None
            b = self.add(r.entry.id, start, end, name=r.entry.name, kind=r.kind, country=r.country,
                         sector=r.sector, role=r.role, wikidata=r.entry.wikidata)  # fmt: skip
            if r.kind == "person":
                self.people[plain(self.sp[end - 1].lemma_)] = r.entry.id
        if b.kind in ("government", "igo"):
            self.last_body = b.id
        return b

    def add_state(self, iso3: str, start: int, end: int, sector: str | None = None) -> Building | None:
        state = self.kb.states.get(iso3)
        if state is None:
            return None
        b = self.add(iso3, start, end, name=state.name, kind="state", country=iso3)
        if sector and not b.sector:
            b.sector = sector
        return b

    def add_government(self, iso3: str, start: int, end: int) -> None:
        governing = self.kb.government(iso3, self.when)
        if governing:
            self.add_entry(governing, start, end)
        else:
            self.add_state(iso3, start, end, sector="GOV")

    # -- cues -------------------------------------------------------------------------------
    def hit_at(self, i: int, cats: tuple[str, ...]) -> Hit | None:
        return next((h for h in self.starting.get(i, []) if h.cat in cats), None)

    def state_after(self, end: int) -> Hit | None:
        """A state in the genitive right after a phrase: "министерство юстиции Таджикистана"."""
        if end < len(self.sp) and self.sp[end].text == "(":  # "Служба ... (СГБ) Узбекистана"
            close = next((k for k in range(end, min(end + 6, len(self.sp))) if self.sp[k].text == ")"), None)
            end = close + 1 if close is not None else end
        h = self.hit_at(end, (STATE,))
        if h is not None:
            return h
        if end < len(self.sp) and self.sp[end].lemma_ in {"республика"} and self.hit_at(end + 1, (STATE,)):
            return self.hit_at(end + 1, (STATE,))
        return None

    def both_after(self, end: int) -> tuple[list[str], int]:
        """ "комитетов ... обеих стран": the last two states named before, and where the cue ends."""
        if (
            end + 1 < len(self.sp)
            and plain(self.sp[end].lemma_) in self.words.both_words
            and self.sp[end + 1].pos_ == "NOUN"
        ):
            seen: list[str] = []
            for h in reversed([h for h in self.hits if h.start < end and h.cat in (STATE, ADJECTIVE)]):
                if h.ref not in seen:
                    seen.append(h.ref)
                if len(seen) == 2:
                    return list(reversed(seen)), end + 2
        return [], end

    def context_state(self, i: int) -> str | None:
        """The state named last before token ``i``, not too far back."""
        best = None
        for h in self.hits:
            if h.start >= i:
                break
            if h.cat in (STATE, ADJECTIVE) and i - h.start <= CONTEXT_TOKENS:
                best = h.ref
        return best

    def sentence_states(self, i: int) -> list[str]:
        sent = self.sp[i].sent
        return list(
            dict.fromkeys(h.ref for h in self.hits if h.cat in (STATE, ADJECTIVE) and sent.start <= h.start < sent.end)
        )

    def adjective_before(self, start: int) -> Hit | None:
        """A state's adjective before a phrase, over up to two other adjectives."""
        for back in range(1, 4):
            i = start - back
            if i < 0:
                return None
            for h in self.hits:
                if h.cat == ADJECTIVE and h.end == i + 1 and h.start == i:
                    return h
            if self.sp[i].pos_ != "ADJ":
                return None
        return None

    def adjectives_before(self, start: int) -> tuple[list[str], int]:
        """States of the adjectives before a phrase, coordinated ones too ("киргизскими и таджикскими")."""
        adj = self.adjective_before(start)
        if adj is None:
            return [], start
        states, start = [adj.ref], adj.start
        while start >= 2 and self.sp[start - 1].lower_ in {"и", ","}:
            more = self.adjective_before(start - 1)
            if more is None:
                break
            states.insert(0, more.ref)
            start = more.start
        return states, start

    def compound_adjective(self, start: int) -> list[str]:
        """States of a coordinated adjective: "кыргызско-таджикский" -> KGZ, TJK."""
        tok = self.sp[start - 1] if start > 0 else None
        if tok is None or "-" not in tok.text:
            return []
        parts = plain(tok.text).split("-")
        out = []
        for k, part in enumerate(parts):
            key = part if k < len(parts) - 1 else plain(tok.lemma_).split("-")[-1]
            iso3 = self.ru.adjectives.get(key)
            if iso3 and iso3 not in out:
                out.append(iso3)
        return out

    def from_state(self, tok: Token) -> str | None:
        """ "из Афганистана", "с таджикской стороны" below a noun: the state it comes from."""
        for c in tok.children:
            if c.dep_ not in {"nmod", "obl"}:
                continue
            preps = {plain(x.text) for x in c.children if x.dep_ == "case"}
            if not preps & {"из", "с", "со"}:
                continue
            h = self.hit_at(c.i, (STATE,)) or next(
                (
                    self.hit_at(x.i, (ADJECTIVE,))
                    for x in c.children
                    if x.dep_ == "amod" and self.hit_at(x.i, (ADJECTIVE,))
                ),
                None,
            )
            if h is not None:
                return h.ref
        return None

    # -- passes -----------------------------------------------------------------------------
    def run(self) -> None:
        self.people_pass()
        i = 0
        while i < len(self.sp):
            hits = [h for h in self.starting.get(i, []) if not (set(range(h.start, h.end)) & self.taken)]
            done = False
            for h in hits:
                if self.handle(h):
                    done = True
                    break
            i += 1 if not done else 0
            if done:
                i = max(i, min(self.taken_from(i), len(self.sp)))
        self.surnames()
        self.forces()
        self.organisations()
        self.references()

    def taken_from(self, i: int) -> int:
        while i in self.taken:
            i += 1
        return i

    def handle(self, h: Hit) -> bool:
        if h.cat == ENTRY:
            end = h.end
            r = self.kb.resolve(h.ref, self.when)
            if r is not None and r.kind == "igo" and self.locative(self.sp[h.end - 1]):
                self.taken.update(range(h.start, h.end))
                return True  # "в Евросоюзе": a place
            after = self.state_after(end)
            if after is not None and self.kb.entries.get(h.ref, None) is not None:
                entry = self.kb.entries[h.ref]
                if entry.country == after.ref:
                    end = after.end  # "ФСБ России"
            added = self.add_entry(h.ref, h.start, end)
            self.inner_organisations(h)
            return added is not None
        if h.cat == HEAD:
            return self.institution(h)
        if h.cat == OFFICE:
            return self.office(h)
        if h.cat == NOUN:
            return self.unnamed(h)
        if h.cat == STATE:
            return self.state(h)
        if h.cat == PEOPLE:
            return self.nationals(h)
        return False

    def people_pass(self) -> None:
        """People natasha names: known ones through their Russian names or transliteration."""
        normal = self.sp.user_data.get("normal", {})
        for ent in self.sp.ents:
            if ent.label_ != "PER":
                continue
            inner = [h for h in self.hits if ent.start <= h.start and h.end <= ent.end and h.cat == ENTRY]
            if inner:
                continue  # a known name: the main pass links it
            name = normal.get((ent.start_char, ent.end_char), ent.text)
            surname = plain(self.sp[ent.end - 1].lemma_)
            if len(ent) == 1 and surname in self.people:
                ref = self.people[surname]
                self.add(ref, ent.start, ent.end, **self.fields_of(ref))
                continue
            known = self.known_person(name) if len(ent) > 1 else None
            if known:
                self.add_entry(known, ent.start, ent.end)
                continue
            self.new_person(ent, name)

    def forces(self) -> None:
        """Force nouns with no state of their own stand for the one security body of the article."""
        bodies = [b.id for b in self.actors.values() if b.kind == "government" and b.sector in FORCE_SECTORS
                  and not b.id.startswith("noun:")]  # fmt: skip
        if len(bodies) != 1:
            return
        for start, end in self.deferred:
            if not set(range(start, end)) & self.taken:
                self.add(bodies[0], start, end, **self.fields_of(bodies[0]))

    def surnames(self) -> None:
        """A surname alone refers back to the person named in full ("Остин заявил")."""
        for ent in self.sp.ents:
            if ent.label_ == "PER" and len(ent) == 1 and ent.start not in self.taken:
                ref = self.people.get(plain(ent[0].lemma_)) or next(
                    (self.people[k] for k in lemmas(ent[0].text, self.lang) if k in self.people), None
                )
                if ref is not None:
                    self.add(ref, ent.start, ent.end, **self.fields_of(ref))

    def fields_of(self, ref: str) -> Fields:
        b = self.actors[ref]
        return {"name": b.name, "kind": b.kind, "country": b.country, "sector": b.sector, "role": b.role}

    def known_person(self, name: str) -> str | None:
        """A base person whose name the transliteration matches closely (surname and given name)."""
        from rapidfuzz import fuzz

        latin = skeleton(self.ru.translit(name)).split()
        if not latin:
            return None
        best, score = None, 0.0
        for entry in self.kb.entries.values():
            if entry.kind != "person":
                continue
            for spelled in {entry.name, *entry.aliases}:
                ws = skeleton(spelled).split()
                if not ws:
                    continue
                given = fuzz.ratio(" ".join(ws[:-1]), " ".join(latin[:-1])) if len(latin) > 1 else 0.0
                if len(latin) > 1 and given < 70:
                    continue
                if fuzz.ratio(ws[-1], latin[-1]) < (70 if given >= 90 else 80):
                    continue
                s = fuzz.ratio(" ".join(ws), " ".join(latin))
                if s > score:
                    best, score = entry.id, s
        return best if score >= 75 else None

    def new_person(self, ent: Span, name: str) -> None:
        surname = plain(self.sp[ent.end - 1].lemma_)
        if len(ent) == 1:
            if surname in self.people:
                ref = self.people[surname]
                self.add(ref, ent.start, ent.end, **self.fields_of(ref))
            return  # a lone given name or surname of someone not named in full
        latin = self.ru.translit(name)
        country, sector, role, start = self.title_of(ent)
        actor_id = f"new:{slug(latin)}"
        self.add(actor_id, start, ent.end, name=latin, kind="person", country=country, sector=sector, role=role)
        self.people[surname] = actor_id

    def title_of(self, ent: Span) -> tuple[str | None, str | None, str | None, int]:
        """Country and sector from the words around a new person: a title before the name
        ("президент Киргизии X") or an apposition after it ("X, командующий войсками ...")."""
        country = sector = role = None
        start = ent.start
        lo = max(0, ent.start - 6)
        window = [h for h in self.hits if lo <= h.start and h.end <= ent.start]
        root = ent.root
        after = [c for c in root.children if c.dep_ in {"appos", "acl"} and c.i >= ent.end]
        for a in after:
            window += [h for h in self.hits if a.left_edge.i <= h.start and h.end <= a.right_edge.i + 1]
        for h in window:
            if h.cat in (STATE, ADJECTIVE) and country is None:
                country = h.ref
            elif h.cat == ENTRY:
                r = self.kb.resolve(h.ref, self.when)
                rec = self.ru.records.get(h.ref)
                c2, s2 = (r.country, r.sector) if r else ((rec.country, rec.sector) if rec else (None, None))
                country = country or c2
                sector = sector or s2
            elif h.cat == HEAD:
                template = self.kb.templates.get(h.ref)
                sector = sector or (template.sector if template else None)
            elif h.cat == OFFICE:
                office = self.kb.offices.get(h.ref)
                sector = sector or (office.sector if office else None)
        return country, sector, role, start

    def inner_organisations(self, h: Hit) -> None:
        """ "Совет ... государств – участников СНГ" mentions the CIS too."""
        for inner in self.hits:
            if not (h.start <= inner.start and inner.end <= h.end) or (inner.start, inner.end) == (h.start, h.end):
                continue
            r = self.kb.resolve(inner.ref, self.when) if inner.cat == ENTRY and inner.ref != h.ref else None
            if r is None or r.kind != "igo":
                continue
            b = self.actors.setdefault(inner.ref, Building(inner.ref, r.entry.name, "igo", None, r.sector))
            span = self.sp[inner.start : inner.end]
            b.mentions.append((span.start_char, span.end_char))
            if span.text not in b.aliases:
                b.aliases.append(span.text)

    def institution(self, h: Hit) -> bool:
        template = self.kb.templates.get(h.ref)
        if template is None:
            return False
        end = h.end
        states: list[str] = []
        after = self.state_after(end)
        chained = self.hit_at(end, (HEAD, ENTRY))
        if after is not None:
            states, end = [after.ref], after.end
        elif chained is not None and chained.cat == HEAD and (state_hit := self.state_after(chained.end)):
            states = [state_hit.ref]
        elif chained is not None and chained.cat == ENTRY:
            entry = self.kb.entries.get(chained.ref)
            if entry is not None and entry.country:
                states = [entry.country]
        start = h.start
        if not states:
            states, start = self.adjectives_before(h.start)
            if not states:
                states = self.compound_adjective(h.start)
        if not states:
            states = self.coordinated_states(end)
        if not states:
            states, end = self.both_after(end)
        if not states and self.sp[h.start].text[:1].isupper() and h.start > self.sp[h.start].sent.start:
            context = self.context_state(h.start)  # "Минюст", "Генеральной прокуратуры": the state in view
            states = [context] if context else []
        if not states:
            return False
        for iso3 in states:
            if h.ref == "government":
                self.add_government(iso3, start, end)
                continue
            state = self.kb.states.get(iso3)
            if state is None:
                continue
            adjective = state.adjectives[0] if state.adjectives else state.name
            name = template.name.format(country=state.name, adjective=adjective)
            self.add(f"gov:{iso3}:{template.key}", start, end, name=name, kind="government", country=iso3,
                     sector=template.sector)  # fmt: skip
            self.last_body = f"gov:{iso3}:{template.key}"
        return True

    def coordinated_states(self, end: int) -> list[str]:
        """ "пограничными нарядами Кыргызстана и Таджикистана": each state of a coordination."""
        first = self.state_after(end)
        if first is None:
            return []
        out = [first.ref]
        k = first.end
        while k + 1 < len(self.sp) and self.sp[k].lower_ in {"и", ","}:
            nxt = self.state_after(k + 1)
            if nxt is None:
                break
            out.append(nxt.ref)
            k = nxt.end
        return out if len(out) > 1 else []

    def office(self, h: Hit) -> bool:
        office = self.kb.offices.get(h.ref)
        if office is None:
            return False
        title = self.sp[h.end - 1]
        if title.dep_ == "nmod" and plain(title.head.lemma_) in self.words.not_holder:
            return False  # "представитель президента": someone else
        start, end = h.start, h.end
        after = self.state_after(end)
        adj = self.adjective_before(start)
        iso3 = after.ref if after else (adj.ref if adj else None)
        if after:
            end = after.end
        if adj and not after:
            start = adj.start
        person = next((e for e in self.sp.ents if e.label_ == "PER" and e.start in (end, end + 1)), None)
        if person is not None:
            known = next((b for b in self.actors.values() if (person.start_char, person.end_char) in b.mentions), None)
            if known is not None:
                if known.country is None and iso3:
                    known.country = iso3
                if not known.sector:
                    known.sector = office.sector
                self.add(known.id, start, person.end, **self.fields_of(known.id))
                return True
            return False
        if iso3 is None:
            return False
        holder = self.kb.holder(office.office, self.when, country=iso3)
        if holder is not None:
            return self.add_entry(holder.id, start, end) is not None
        return False

    def unnamed(self, h: Hit) -> bool:
        noun = self.ru.nouns.get(plain(h.ref))
        if noun is None:
            return False
        tok = self.sp[h.end - 1]
        if tok.pos_ not in NOMINAL and not (tok.pos_ in {"ADJ", "VERB"} and "Case" in str(tok.morph)):
            return False  # "был задержан" is no detainee
        start, end = h.start, h.end
        below = self.hit_at(end, (HEAD,))
        if below is not None and self.sp[below.end - 1].dep_ == "nmod":
            return False  # "военнослужащими Пограничных войск": the body is the actor
        group = self.hit_at(end, (ENTRY,)) or self.hit_at(end + 1, (ENTRY,)) if end < len(self.sp) else None
        if group is not None and self.sp[group.start].dep_ == "nmod":  # "боевиками «Талибана»"
            b = self.add_entry(group.ref, start, group.end)
            return b is not None
        countries, start = self.adjectives_before(h.start)
        if not countries:
            countries = self.compound_adjective(h.start)
        if not countries:
            countries = self.coordinated_states(end)
            if countries:
                end = self.coordination_end(end)
        if not countries:
            countries, end = self.both_after(end)
        after = self.state_after(end)
        if not countries and after is not None:
            countries, end = [after.ref], after.end
        if not countries:
            origin = self.from_state(tok) or self.state_below(tok)
            countries = [origin] if origin else []
        sector = None if noun.sector == "-" else noun.sector
        if not countries:
            earlier = self.earlier_unnamed(noun.sector)
            if earlier is not None:  # "контрабандисты ... преступников ... банды": the same people
                self.add(earlier, start, end, **self.fields_of(earlier))
                return True
            if noun.sector in FORCE_SECTORS:
                states = self.sentence_states(h.start)
                countries = states if len(states) == 1 else [named] if (named := self.context_state(h.start)) else []
        if not countries and noun.sector in FORCE_SECTORS:
            self.deferred.append((start, end))  # "Силовики", "Правоохранители": the one force named
            return False
        if not countries and noun.sector not in ALONE_SECTORS | {"CVL", "-"}:
            return False
        sides: list[str | None] = list(countries) or [None]
        for iso3 in sides:
            body = self.body_of(iso3, sector) if iso3 else None
            if body is not None:  # "российским правоохранителям" after the FSB
                self.add(body, start, end, **self.fields_of(body))
                continue
            state = self.kb.states.get(iso3) if iso3 else None
            adjective = state.adjectives[0] if state and state.adjectives else state.name if state else ""
            name = f"{adjective} {noun.english}".strip()
            name = name[:1].upper() + name[1:]
            kind = (
                "armed_group"
                if sector == "REB"
                else ("government" if sector in FORCE_SECTORS | {"GOV"} and iso3 else "other")
            )
            self.add(f"noun:{(iso3 or 'any').lower()}:{slug(noun.english)}", start, end, name=name, kind=kind,
                     country=iso3, sector=sector)  # fmt: skip
        return True

    def coordination_end(self, end: int) -> int:
        k = end
        while k < len(self.sp):
            h = self.state_after(k)
            if h is None:
                break
            k = h.end
            if k < len(self.sp) and self.sp[k].lower_ in {"и", ","}:
                k += 1
            else:
                break
        return k

    def state_below(self, tok: Token) -> str | None:
        """A state in a genitive chain below the noun: "жителей анклава «Ворух» Таджикистана"."""
        for c in tok.children:
            if c.dep_ != "nmod" or c.i < tok.i:
                continue
            for t in c.subtree:
                h = self.hit_at(t.i, (STATE,))
                if h is not None and t.dep_ in {"nmod", "appos"} and not self.locative(t):
                    return h.ref
        return None

    def earlier_unnamed(self, sector: str) -> str | None:
        """The last unnamed actor of the same family (hostile or not) named before."""
        family = HOSTILE if sector in HOSTILE else {sector}
        last = None
        for b in self.actors.values():
            if b.id.startswith("noun:") and (b.sector or "-") in family:
                last = b.id
        return last

    def body_of(self, iso3: str, sector: str | None) -> str | None:
        """The one body of a state already linked that a force noun of the same sector stands for."""
        if sector not in FORCE_SECTORS:
            return None
        bodies = [b.id for b in self.actors.values() if b.kind == "government" and b.country == iso3
                  and b.sector in FORCE_SECTORS and not b.id.startswith("noun:")]  # fmt: skip
        return bodies[0] if len(bodies) == 1 else None

    def state(self, h: Hit) -> bool:
        tok = self.sp[h.end - 1]
        if self.locative(tok):
            self.taken.update(range(h.start, h.end))
            return True
        self.add_state(h.ref, h.start, h.end)
        return True

    def locative(self, tok: Token) -> bool:
        """A state's name that only locates something: "в Таджикистане", "юге Таджикистана"."""
        words = self.ru.place_words
        preps = {plain(c.text) for c in tok.children if c.dep_ == "case"}
        if preps & set(words.get("locative") or []) and not preps & {"с", "со", "между", "к", "ко", "от"}:
            return True
        head = tok.head
        return tok.dep_ == "nmod" and head.i != tok.i and plain(head.lemma_) in set(words.get("place_nouns") or [])

    def nationals(self, h: Hit) -> bool:
        state = self.kb.states.get(h.ref)
        if state is None:
            return False
        people = state.people[0] if state.people else f"{state.name} nationals"
        self.add(f"people:{h.ref.lower()}", h.start, h.end, name=people, kind="other", country=h.ref, sector="CVL")
        return True

    def organisations(self) -> None:
        """Organisations natasha finds that no name of the base covers; capitals that act."""
        normal = self.sp.user_data.get("normal", {})
        cities = city_names()
        gaz = self.knowledge.gazetteer
        for ent in self.sp.ents:
            if set(range(ent.start, ent.end)) & self.taken:
                continue
            name = normal.get((ent.start_char, ent.end_char), ent.text)
            if ent.label_ == "LOC":
                self.capital(ent, name, cities, gaz)
                continue
            if ent.label_ != "ORG" or not self.organisation_like(ent):
                continue
            start, end = self.agency_phrase(ent)
            back = self.named_before(ent)
            if back is not None:
                self.add(back, ent.start, ent.end, **self.fields_of(back))
                continue
            words = {plain(t.lemma_) for t in self.sp[start:end]}
            w = self.words
            sector = "MED" if words & (w.media_words | w.agency_words) else ("GOV" if words & w.body_words else None)
            after = self.state_after(ent.end)
            adj = next((h.ref for h in self.hits if h.cat == ADJECTIVE and start <= h.start < ent.start), None)
            country = after.ref if after else adj
            latin = self.ru.translit(name)
            if start < ent.start and words & self.words.agency_words:
                latin = f"{latin} News Agency"
            end = after.end if after else ent.end
            same = self.same_organisation(latin)
            actor_id = same or f"org:{slug(latin)}"
            fields = self.fields_of(same) if same else {"name": latin, "kind": "organization", "country": country,
                                                           "sector": sector}  # fmt: skip
            self.add(actor_id, start, end, **fields)

    def organisation_like(self, ent: Span) -> bool:
        """Not an abbreviation the base lacks ("СМИ"), a quoted place or exercise name after its
        noun ("анклава «Ворух»", "учения \"Поиск-2021\""), a code name with a year, or an
        outlet in Latin letters crediting itself ("сообщает Tengrinews.kz")."""
        if len(ent) == 1 and ent.text.isupper() and len(ent.text) <= 3:
            return False
        if any(ch.isdigit() for ch in ent.text):
            return False
        k = ent.start - 1
        while k >= 0 and self.sp[k].is_punct:
            k -= 1
        written = self.words.written("not_org_before")
        before = {plain(w) for w in written}
        for j in range(k, max(-1, k - 6), -1):  # "полигонах \"Ялдус\" и \"Карвон\""
            word = self.sp[j]
            if plain(word.lemma_) in before or word.text in written:
                return False
            if not (word.is_punct or word.lower_ in {"и", ","} or word.text[:1].isupper()):
                break
        if self.hit_at(ent.end, (HEAD, ENTRY)) is not None:
            return False  # "Второго департамента ... МИД России": a unit of a body
        latin = all(not ("\u0400" <= ch <= "\u04ff") for ch in ent.text)
        return not latin or (k >= 0 and plain(self.sp[k].lemma_) in self.words.agency_words)

    def agency_phrase(self, ent: Span) -> tuple[int, int]:
        """ "афганское информационное агентство Invented": the noun phrase before the name."""
        k = ent.start - 1
        if k < 0 or plain(self.sp[k].lemma_) not in self.words.agency_words:
            return ent.start, ent.end
        while k > 0 and self.sp[k - 1].pos_ == "ADJ":
            k -= 1
        return k, ent.end

    def named_before(self, ent: Span) -> str | None:
        """ "Совета" after "Совет руководителей ...": a short name repeating a body's first word."""
        if len(ent) != 1:
            return None
        lemma = plain(ent[0].lemma_)
        for b in self.actors.values():
            if b.kind in ("igo", "government", "organization") and any(
                a.split() and plain(a.split()[0]).startswith(lemma[:-1] or lemma) and len(a.split()) > 1
                for a in b.aliases
            ):
                return b.id
        return None

    def same_organisation(self, latin: str) -> str | None:
        from rapidfuzz import fuzz

        key = skeleton(latin)
        for b in self.actors.values():
            if b.kind == "organization" and fuzz.ratio(skeleton(b.name), key) >= 85:
                return b.id
        return None

    def capital(self, ent: Span, name: str, cities: dict[str, list[int]], gaz: Gazetteer) -> None:
        """A capital that acts or is dealt with ("Москва ожидает") is its state."""
        if ent.root.dep_ not in SUBJECTS:
            return
        for key in forms([name, ent.text]):
            for gid in cities.get(key, []):
                entry = gaz.entries.get(f"geo:{gid}")
                if entry is not None and entry.capital and entry.country:
                    self.add_government(entry.country, ent.start, ent.end)
                    return

    def references(self) -> None:
        """ "ведомство", "пресс-служба ведомства": the last body named."""
        last = None
        for tok in self.sp:
            owner = next((b for b in self.actors.values() if any(s <= tok.idx < e for s, e in b.mentions)), None)
            if owner is not None and owner.kind in ("government", "igo"):
                last = owner.id
                continue
            lemma = plain(tok.lemma_)
            if not last or tok.i in self.taken or lemma not in self.ru.references or tok.pos_ != "NOUN":
                continue
            if lemma == "ведомство" or any(c.dep_ == "nmod" for c in tok.children):
                self.add(last, tok.i, tok.i + 1, **self.fields_of(last))

    # -- output -------------------------------------------------------------------------------
    def write(self) -> None:
        actors, mentions = [], []
        for b in self.actors.values():
            spans = sorted(set(b.mentions))
            actors.append(
                Actor(
                    id=b.id,
                    name=b.name,
                    kind=actor_kind(b.kind),
                    country=b.country,
                    sector=b.sector,
                    role=b.role,
                    wikidata=b.wikidata,
                    aliases=b.aliases,
                    mentions=spans,
                )  # fmt: skip
            )
            mentions += [Mention(s, e, b.id, "actor", self.doc.text[s:e]) for s, e in spans]
        self.doc.record.actors = actors
        self.doc.mentions = [m for m in self.doc.mentions if m.kind != "actor"] + sorted(
            mentions, key=lambda m: m.start
        )


class RussianActors:
    name = "actors_ru"

    def __init__(self, knowledge: Knowledge, today: date, language: str = "ru") -> None:
        self.knowledge, self.today, self.language = knowledge, today, language

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or not len(doc.spacy):
            return
        linker = Linker(doc, doc.spacy, self.knowledge.russian(self.language), self.knowledge, self.today)
        linker.run()
        linker.write()


@stage("actors_ru", requires=("spacy", "published"), assigns=("actors", "mentions"))
def make(config: Config, language: Language | None = None) -> RussianActors:
    return RussianActors(config.knowledge, config.today)


@stage("actors_uk", requires=("spacy", "published"), assigns=("actors", "mentions"))
def make_uk(config: Config, language: Language | None = None) -> RussianActors:
    """Ukrainian: the same linking over Ukrainian names (generated country and province names,
    ``data/uk/``, the abbreviations shared with Russian)."""
    return RussianActors(config.knowledge, config.today, "uk")
