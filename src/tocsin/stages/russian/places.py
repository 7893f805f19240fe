"""Places in Russian text: the shared gazetteer's countries, provinces, cities, regions and
borders, found through their Russian names and written with their English names.

Reads natasha's parse and the Russian vocabulary of ``data/ru/places.yaml``; writes
``doc.record.places`` and place ``doc.mentions``:

* names: the Russian names of ``data/ru/`` (provinces, regions, rivers), GeoNames' Cyrillic
  city names, natasha's LOC names, looked up in every inflected form;
* a country is a place where the text locates something in it ("в Таджикистане", "на
  территории Киргизии", "юге Таджикистана"), not where it acts (the actors stage's);
* generic words make the English name: "Хатлонская область" -> "Khatlon Region",
  "провинция Тахар" -> "Takhar Province", "уезд Курсак" -> "Kursak district"; a name the
  gazetteer lacks is transliterated and placed in the country the phrase or sentence names;
* facilities named after their noun: "застава «Сарбел»" -> "Sarbel border post";
* parts of a country: "на юге Таджикистана", "в северном Таджикистане";
* borders: "кыргызско-таджикская граница", "граница с Афганистаном" (with the country the
  sentence is about), "граница Киргизии и Таджикистана", and a bare "на границе" between
  the two states its sentence names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from tocsin.document import Document, Mention
from tocsin.knowledge.actors import KnowledgeBase, slug
from tocsin.knowledge.gazetteer import Entry, Gazetteer
from tocsin.knowledge.russian import ADJECTIVE, ENTRY, STATE, Hit, RussianKB, city_names, forms, lemmas, plain
from tocsin.record import Actor, Place, feature
from tocsin.registry import stage
from tocsin.stages.dateline import DatelineReader

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

MAX_WORDS = 4
QUOTES = '«»"“”„'
SMALL_TOWN = 5000  # a town abroad smaller than this is more likely a word than a place


@dataclass
class Found:
    entry: Entry
    spans: list[tuple[int, int]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


class Reader:
    def __init__(
        self, doc: Document, parsed: Doc, gaz: Gazetteer, ru: RussianKB, kb: KnowledgeBase, dateline: DatelineReader
    ):
        self.doc, self.gaz, self.ru, self.kb = doc, gaz, ru, kb
        self.datelines = dateline
        self.sp = parsed  # ``doc.spacy``, known to be there
        self.words = ru.place_words
        self.kinds: dict[str, Any] = self.words.get("kinds") or {}
        self.facilities: dict[str, Any] = {plain(k): v for k, v in (self.words.get("facilities") or {}).items()}
        self.keys = [lemmas(t.text, ru.index.language) | {t.lemma_} for t in self.sp]
        found = ru.index.find([t.text for t in self.sp], self.keys)
        self.hits = [h for h in found if h.cat in (STATE, ADJECTIVE)]
        self.igos = [h for h in found if h.cat == ENTRY and h.ref.startswith("igo:")]
        self.named = ru.place_index.find([t.text for t in self.sp], self.keys)  # "Согдийской области"
        self.found: dict[str, Found] = {}
        self.taken: set[int] = set()
        self.context = self.countries()

    def countries(self) -> set[str]:
        """The states the article names most, to choose between places of one name."""
        counts = Counter(h.ref for h in self.hits)
        for a in self.doc.record.actors:
            if a.country:
                counts[a.country] += len(a.mentions)
        top = counts.most_common(3)
        return {c for c, _ in top}

    # -- writing ---------------------------------------------------------------------------
    def add(self, entry: Entry, start: int, end: int, name: str | None = None) -> None:
        if name and name != entry.name:
            entry = Entry(entry.id, name, entry.feature, entry.country, entry.admin1, entry.lat, entry.lon,
                          entry.geonames_id, entry.population, entry.capital)  # fmt: skip
        f = self.found.setdefault(entry.id, Found(entry))
        span = self.sp[start:end]
        if (span.start_char, span.end_char) not in f.spans:
            f.spans.append((span.start_char, span.end_char))
        text = span.text.strip(QUOTES + " ")
        if text and text not in f.aliases:
            f.aliases.append(text)
        self.taken.update(range(start, end))

    def write(self) -> None:
        places, mentions = [], []
        for f in self.found.values():
            e = f.entry
            places.append(
                Place(
                    id=e.id,
                    name=e.name,
                    country=e.country,
                    admin1=e.admin1,
                    lat=e.lat,
                    lon=e.lon,
                    feature=feature(e.feature),
                    geonames_id=e.geonames_id,
                    aliases=f.aliases,
                    mentions=sorted(f.spans),
                )  # fmt: skip
            )
            mentions += [Mention(s, t, e.id, "place", self.doc.text[s:t]) for s, t in f.spans]
        self.doc.record.places = places
        kept = [m for m in self.doc.mentions if m.kind != "place"]
        self.doc.mentions = kept + sorted(mentions, key=lambda m: m.start)

    # -- reading ------------------------------------------------------------------------------
    def run(self) -> None:
        for tok in self.sp:
            if tok.i in self.taken:
                continue
            self.border(tok) or self.part(tok) or self.facility(tok) or self.kind_phrase(tok)
        self.names()
        self.states()
        self.write()

    def lemma(self, i: int) -> str:
        return plain(self.sp[i].lemma_) if 0 <= i < len(self.sp) else ""

    def word_in(self, i: int, vocabulary: Container[str]) -> str | None:
        """The lemma of token ``i`` (any of its readings) found in ``vocabulary``."""
        if not 0 <= i < len(self.sp):
            return None
        return next((k for k in sorted(self.keys[i]) if k in vocabulary), None)

    def state_at(self, i: int) -> str | None:
        return next((h.ref for h in self.hits if h.start == i and h.cat == STATE), None)

    def state_hit(self, i: int) -> Hit | None:
        return next((h for h in self.hits if h.start == i and h.cat == STATE), None)

    def sentence_states(self, tok: Token) -> list[str]:
        sent = tok.sent
        own = [h.ref for h in self.hits if sent.start <= h.start < sent.end]
        own += [a.country for a in self.doc.record.actors for s, e in a.mentions
                if sent.start_char <= s < sent.end_char and a.country]  # fmt: skip
        return list(dict.fromkeys(own))

    # borders ------------------------------------------------------------------------------
    def border(self, tok: Token) -> bool:
        if self.lemma(tok.i) not in set(self.words.get("borders") or []):
            return False
        start, end = tok.i, tok.i + 1
        lemma = self.lemma(tok.i)
        if lemma in {"отрезок", "участок"}:  # "на кыргызско-таджикском отрезке госграницы"
            if self.lemma(tok.i + 1) not in {"граница", "госграница"}:
                return False
            end = tok.i + 2
        sides: list[str] = []
        if start > 0 and "-" in self.sp[start - 1].text:
            sides = self.compound(self.sp[start - 1])
            if len(sides) >= 2:
                start -= 1
        k = end
        if not sides and self.lemma(k) in {"с", "со"}:  # "граница с Афганистаном"
            other_hit = self.state_hit(k + 1)
            other = other_hit.ref if other_hit else None
            if other and other_hit:
                own = [c for c in self.sentence_states(tok) if c != other]
                near = [c for c in own if c in self.gaz.neighbours.get(other, set())]
                own = near or own
                sides = [own[0], other] if own else []
                country = self.gaz.country(other)
                if sides and country is not None:
                    self.add(country, other_hit.start, other_hit.end)
                end = k + 1
        if not sides and self.state_at(k):  # "граница Киргизии и Таджикистана"
            first = self.state_hit(k)
            second = self.state_hit(first.end + 1) if first and self.lemma(first.end) == "и" else None
            if first and second:
                sides, end = [first.ref, second.ref], second.end
        if not sides:
            states = self.sentence_states(tok)
            if len(states) >= 2:
                sides = states[:2]
        if len(sides) < 2:
            return False
        entry = self.gaz.border(sides[0], sides[1])
        if entry is None:
            return False
        existing = next((f.entry for f in self.found.values() if f.entry.id in
                         (f"border:{sides[0]}-{sides[1]}", f"border:{sides[1]}-{sides[0]}")), None)  # fmt: skip
        entry = existing or Entry(entry.id, entry.name, "border", None, None, entry.lat, entry.lon)
        self.add(entry, start, end)
        return True

    def compound(self, tok: Token) -> list[str]:
        """ "кыргызско-таджикский" -> [KGZ, TJK]."""
        parts = plain(tok.text).split("-")
        out = []
        for k, part in enumerate(parts):
            keys = (
                [part]
                if k < len(parts) - 1
                else [plain(tok.lemma_).split("-")[-1], *lemmas(part, self.ru.index.language)]
            )
            iso3 = next((self.ru.adjectives[x] for x in keys if x in self.ru.adjectives), None)
            if iso3 and iso3 not in out:
                out.append(iso3)
        return out

    # parts of a country -----------------------------------------------------------------------
    def part(self, tok: Token) -> bool:
        direction = self.ru.direction(self.lemma(tok.i))
        if direction is None:
            return False
        if tok.pos_ == "NOUN":  # "на юге Таджикистана"
            iso3 = self.state_at(tok.i + 1)
            end = tok.i + 2
        else:  # "в северном Таджикистане"
            iso3 = self.state_at(tok.i + 1) if tok.pos_ == "ADJ" else None
            end = tok.i + 2
        if not iso3:
            return False
        entry = self.gaz.part(iso3, direction)
        if entry is None:
            return False
        self.add(entry, tok.i, end)
        return True

    # facilities and generic words -----------------------------------------------------------------
    def facility(self, tok: Token) -> bool:
        """ "застава «Сарбел»", "полигонах \"Ялдус\" и \"Карвон\""."""
        key = self.word_in(tok.i, self.facilities)
        spec = self.facilities.get(key) if key else None
        if spec is None:
            return False
        k, found = tok.i + 1, False
        while k < len(self.sp):
            name = self.quoted(k)
            if name is None:
                break
            lo, hi, text = name
            latin = self.ru.translit(text)
            country = self.country_near(tok)
            english = spec.get("english") or ""
            label = f"{latin} {english}".strip() if english != "River" else f"{latin} River"
            entry = Entry(f"place:{slug(label)}", label, spec.get("feature", "other"), country)
            known = self.lookup(text)
            if known is not None and known.feature != "country":
                label = known.name if english == "River" and known.feature == "other" else label
                entry = Entry(known.id, label, spec.get("feature", "other"), known.country, known.admin1,
                              known.lat, known.lon, known.geonames_id)  # fmt: skip
            self.add(entry, tok.i if not found else lo, hi)
            found = True
            k = hi
            if k < len(self.sp) and self.sp[k].lower_ in {"и", ","}:
                k += 1
            else:
                break
        return found

    def quoted(self, k: int) -> tuple[int, int, str] | None:
        """A name at token ``k``: in quotation marks or capitalised."""
        if k >= len(self.sp):
            return None
        if self.sp[k].text in QUOTES:
            close = next((j for j in range(k + 1, min(k + 8, len(self.sp))) if self.sp[j].text in QUOTES), None)
            if close is None or close == k + 1:
                return None
            return k, close + 1, self.sp[k + 1 : close].text
        if self.sp[k].text[:1].isupper() and self.sp[k].pos_ == "PROPN":
            return k, k + 1, self.sp[k].text
        return None

    def kind_phrase(self, tok: Token) -> bool:
        """ "Хатлонская область", "провинции Тахар", "уезд Курсак", "Баткенского района"."""
        key = self.word_in(tok.i, self.kinds)
        spec = self.kinds.get(key) if key else None
        if spec is None:
            return False
        english, feature = spec.get("english") or "", spec.get("feature", "other")
        before = self.sp[tok.i - 1] if tok.i > 0 else None
        if before is not None and before.text[:1].isupper() and plain(before.lemma_).endswith(("ский", "цкий", "ой")):
            lo, hi = tok.i - 1, tok.i + 1
            stem = self.adjective_stem(self.sp[tok.i - 1])
        else:
            name = self.quoted(tok.i + 1)
            if name is None:
                return False
            lo, hi, stem = tok.i, name[1], name[2]
        full = self.sp[lo:hi].text
        named = next((h for h in self.named if h.start == lo and h.end == hi and h.ref in self.gaz.entries), None)
        known = self.gaz.entries[named.ref] if named else (self.lookup(full) or self.lookup(stem))
        if known is not None and known.feature == "country":
            return False
        label_base = self.ru.translit(stem) if known is None or feature not in {"admin1"} else known.name
        if known is not None and feature == "city":
            self.add(known, lo, hi)
            return True
        label = label_base if english and label_base.endswith(f" {english}") else f"{label_base} {english}".strip()
        if known is not None and known.feature == feature:
            entry = Entry(known.id, label, known.feature, known.country, known.admin1, known.lat, known.lon,
                          known.geonames_id)  # fmt: skip
        else:
            entry = Entry(f"place:{slug(label)}", label, feature if feature != "admin1" or known else "admin1",
                          self.country_near(tok), None, known.lat if known else None,
                          known.lon if known else None)  # fmt: skip
        self.add(entry, lo, hi)
        return True

    @staticmethod
    def adjective_stem(tok: Token) -> str:
        """ "Баткенского" -> "Баткен", "Хатлонской" -> "Хатлон"."""
        lemma = plain(tok.lemma_)
        for end in ("ский", "цкий", "ской", "ский"):
            if lemma.endswith(end) and len(lemma) > len(end) + 2:
                stem = lemma[: -len(end)]
                return stem[:1].upper() + stem[1:]
        return tok.text

    def country_near(self, tok: Token) -> str | None:
        """The state a place phrase names after it, or its sentence's, or the article's."""
        for k in range(tok.i + 1, min(tok.i + 8, len(self.sp))):
            iso3 = self.state_at(k)
            if iso3:
                return iso3
            word = self.sp[k]
            if word.is_punct and word.text not in QUOTES:
                break
            if word.text[:1].isupper() and word.pos_ == "PROPN":
                known = self.lookup(word.text)
                if known is not None and known.feature in {"admin1", "city"} and known.country:
                    return known.country
        states = self.sentence_states(tok)
        if len(states) == 1:
            return states[0]
        return None

    # names --------------------------------------------------------------------------------------
    def lookup(self, text: str, normal: str | None = None) -> Entry | None:
        """The gazetteer place a Russian name means, preferring the article's states."""
        candidates: list[Entry] = []
        for key in forms([t for t in (normal, text) if t], self.ru.index.language):
            ids = [pid for pid in self.ru.places.get(key, []) if pid in self.gaz.entries]
            ids += [f"geo:{gid}" for gid in city_names().get(key, []) if f"geo:{gid}" in self.gaz.entries]
            candidates = [self.gaz.entries[i] for i in ids]
            if candidates:
                break
        if not candidates:
            return None
        best = max(candidates, key=lambda e: self.gaz.score(e, self.context))
        if best.feature == "city" and best.country not in self.context and best.population < SMALL_TOWN:
            return None
        english = (self.words.get("english") or {}).get(best.id)
        if english:
            best = Entry(best.id, english, best.feature, best.country, best.admin1, best.lat, best.lon,
                         best.geonames_id, best.population, best.capital)  # fmt: skip
        return best

    def names(self) -> None:
        normal = self.sp.user_data.get("normal", {})
        for ent in self.sp.ents:
            if set(range(ent.start, ent.end)) & self.taken or self.is_state(ent) or self.dateline(ent):
                continue
            if ent.label_ not in {"LOC", "ORG"} and not self.after_kind(ent):
                continue
            if ent.root.pos_ == "ADJ" and plain(ent.root.lemma_) not in self.ru.places:
                continue  # "Московском формате": an adjective, not a place
            owner = self.actor_at(ent)
            if owner is not None:
                self.venue(ent, owner)
                continue
            igo = next((h for h in self.igos if h.start <= ent.start and ent.end <= h.end), None)
            if igo is not None:
                self.union(ent, igo.ref)
                continue
            text = normal.get((ent.start_char, ent.end_char), ent.text)
            entry = self.lookup(ent.text, text)
            if entry is None and ent.label_ == "LOC":
                latin = self.ru.translit(text)
                entry = Entry(f"place:{slug(latin)}", latin, "other", self.country_near(ent[0]))
            if entry is not None and not (
                ent.label_ == "ORG" and entry.feature == "city" and entry.population < 100000
            ):
                self.add(entry, ent.start, ent.end)
        for h in self.named:  # names natasha missed: provinces, regions, rivers
            if set(range(h.start, h.end)) & self.taken or h.ref not in self.gaz.entries:
                continue
            first = self.sp[h.start]
            if not (first.text[:1].isupper() or first.pos_ == "ADJ"):
                continue
            if any(
                e.start <= h.start < e.end and (e.label_ in {"PER", "ORG"} or self.dateline(e)) for e in self.sp.ents
            ):
                continue  # "департамента Азии", "МОСКВА, 18 октября"
            if self.actor_at(self.sp[h.start : h.end]) is not None:
                continue
            entry = (
                self.lookup(self.sp[h.start : h.end].text) or self.gaz.entries[h.ref]
            )  # a capital beats its province
            self.add(entry, h.start, h.end, (self.words.get("english") or {}).get(entry.id))

    def dateline(self, ent: Span) -> bool:
        """ "МОСКВА, 18 октября": the wire's dateline, not a place of the story."""
        first = ent.start == 0 or "\n" in self.sp[ent.start - 1].text or self.sp[ent.start - 1].is_space
        head = self.sp[ent.start : min(len(self.sp), ent.start + 60)].text[:200]  # not the whole Doc.text
        found = self.datelines.read(head) if first else None
        return found is not None and found.certain and found.place_start == 0 and found.place == ent.text

    def union(self, ent: Span, ref: str) -> None:
        """ "в Евросоюзе": an organisation of states named as where something is: a region."""
        preps = {plain(c.text) for c in ent.root.children if c.dep_ == "case"}
        entry = self.kb.entries.get(ref)
        if entry is None or not preps & {"в", "во", "на", "из"}:
            return
        self.add(Entry(f"region:{slug(entry.name)}", entry.name, "region", None), ent.start, ent.end)

    def venue(self, ent: Span, owner: Actor) -> None:
        """An organisation or body named as where something is ("в «Сити Арене»", "в ЕС")."""
        if owner.kind not in ("organization", "igo") or owner.sector not in (None, "IGO", "BUS"):
            return
        preps = {plain(c.text) for c in ent.root.children if c.dep_ == "case"}
        if not preps & {"в", "во", "на"}:
            return
        feature = "region" if owner.kind == "igo" else "other"
        self.add(Entry(f"place:{slug(owner.name)}", owner.name, feature, owner.country), ent.start, ent.end)

    def after_kind(self, ent: Span) -> bool:
        return ent.start > 0 and self.lemma(ent.start - 1) in self.kinds

    def is_state(self, ent: Span) -> bool:
        return any(h.start <= ent.start and ent.end <= h.end and h.cat == STATE for h in self.hits)

    def actor_at(self, span: Span) -> Actor | None:
        """The actor (not a state) a span is a mention of, if any."""
        for m in self.doc.mentions:
            if m.kind == "actor" and m.start < span.end_char and span.start_char < m.end:
                actor = self.doc.record.actor(m.ref)
                if actor is not None and actor.kind != "state":
                    return actor
        return None

    def states(self) -> None:
        """Countries named where something is located in them."""
        loc = set(self.words.get("locative") or [])
        place_nouns = set(self.words.get("place_nouns") or [])
        for h in self.hits:
            if h.cat != STATE or set(range(h.start, h.end)) & self.taken:
                continue
            tok = self.sp[h.end - 1]
            root = next((t for t in self.sp[h.start : h.end] if t.head.i < h.start or t.head.i >= h.end), tok)
            preps = {plain(c.text) for c in root.children if c.dep_ == "case"}
            head = root.head
            located = bool(preps & loc) and not preps & {"между", "к", "ко"}
            located = located or (root.dep_ == "nmod" and plain(head.lemma_) in place_nouns)
            if not located:
                continue
            entry = self.gaz.country(h.ref)
            if entry is not None:
                self.add(entry, h.start, h.end)


class RussianPlaces:
    name = "places_ru"

    def __init__(self, knowledge: Knowledge, language: str = "ru"):
        self.knowledge, self.language = knowledge, language

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or not len(doc.spacy):
            return
        k = self.knowledge
        Reader(doc, doc.spacy, k.gazetteer, k.russian(self.language), k.actors, k.dateline).run()


@stage("places_ru", requires=("spacy", "actors"), assigns=("places",))
def make(config: Config, language: Language | None = None) -> RussianPlaces:
    return RussianPlaces(config.knowledge)


@stage("places_uk", requires=("spacy", "actors"), assigns=("places",))
def make_uk(config: Config, language: Language | None = None) -> RussianPlaces:
    return RussianPlaces(config.knowledge, "uk")
