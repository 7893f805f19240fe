"""Places: the countries, provinces, cities, regions and borders an article locates things in.

Names are found with the offline gazetteer (``tocsin.knowledge.gazetteer``) over the spaCy
Doc the nlp stage made, not from the model's GPE labels, which miss many of the region's
names. A country or city name is a place only where the article uses it as one: the object
of a locative preposition ("in Iran", "refugees from Syria"), of a place noun ("the
territory of Iraq", "the siege of Herat"), a modifier of a place noun ("Iranian soil"), or a
dateline. Elsewhere it is an actor ("Ankara protested ..."), which the
actors stage links. Provinces, regions and borders are always places. The word lists these
rules read are in ``data/places/usage.yaml``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from tocsin.document import Document, Mention
from tocsin.knowledge.gazetteer import Entry, Gazetteer, fold, folded
from tocsin.knowledge.wordlists import WordLists
from tocsin.record import Actor, Place, feature
from tocsin.registry import stage
from tocsin.stages import parsed
from tocsin.stages.dateline import DatelineReader
from tocsin.stages.localities import Localities, Locality, Located
from tocsin.stages.placeuse import MODIFIERS, locative, place_noun

if TYPE_CHECKING:
    from tocsin.knowledge.base import Knowledge
    from tocsin.languages import Language
    from tocsin.pipeline import Config

MAX_TOKENS = 8
SUBJECTS = {"nsubj", "nsubjpass"}
NOT_PLACES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
NAME_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "EVENT", "FAC", "PRODUCT", "LAW"}
NON_PLACE_ACTORS = {"person", "igo", "armed_group", "organization"}


@dataclass
class Hit:
    """A gazetteer name found in the text: token span and what kind of name it is."""

    start: int
    end: int
    kind: str  # "name", "adjective" (Afghan), "region_adjective" (Central Asian), "named_border"
    key: str
    entry: Entry | None = None
    country: str | None = None  # the state it names or stands for (a capital's state)


class PlacesStage:
    name = "places"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.usage = knowledge.usage("places")

    @property
    def gazetteer(self) -> Gazetteer:
        return self.knowledge.gazetteer

    def __call__(self, doc: Document) -> None:
        sdoc = doc.spacy
        if sdoc is None or not len(sdoc) or not doc.text.strip():
            return
        Reader(doc, sdoc, self.gazetteer, self.usage, self.knowledge.dateline).run()


class Reader:
    """Finds the places of one document."""

    def __init__(self, doc: Document, sdoc: Doc, gaz: Gazetteer, usage: WordLists, dateline: DatelineReader) -> None:
        self.doc, self.sdoc, self.gaz, self.usage = doc, sdoc, gaz, usage
        self.dateline = dateline
        self.found: dict[str, Entry] = {}
        self.spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.taken: set[int] = set()  # tokens already part of a place mention
        self.border_sides: dict[frozenset[str], str] = {}

    # -- main ---------------------------------------------------------------------------------
    def run(self) -> None:
        self.hits = self.find_hits()
        self.resolve_hits()
        self.read_datelines()
        self.read_borders()
        self.read_parts()
        self.localities = Localities(self.sdoc, self.usage, self.gaz)
        found = self.localities.find(self.taken | self.actor_tokens())
        named = {i for loc in found for i in range(loc.start, loc.end)}
        for hit in self.hits:
            if not named & set(range(hit.start, hit.end)):  # "the Oksu river" is the river
                self.read_hit(hit)
        self.read_localities(found)
        self.write()

    # -- finding names ------------------------------------------------------------------------------
    def find_hits(self) -> list[Hit]:
        words, lowers, i = self.token_texts, parsed.lowers(self.sdoc), 0
        hits: list[Hit] = []
        while i < len(words):
            hit = self.longest_at(i) if words[i][:1].isalpha() and lowers[i] != "the" else None
            if hit:
                hits.append(hit)
                i = hit.end
            else:
                i += 1
        return hits

    def longest_at(self, i: int) -> Hit | None:
        sdoc, gaz, text = self.sdoc, self.gaz, self.parsed_text
        starts, words, capital = self.token_starts, self.token_texts, self.capitalised
        first_upper, province_words = capital[i], self.usage["province_words"]
        for j in range(min(len(sdoc), i + MAX_TOKENS), i, -1):
            # tested on the words before any span is built: most fail here
            if not capital[j - 1]:
                # a lower-case last word only as a province word after a name ("Herat province")
                if not (j - i > 1 and first_upper and words[j - 1].lower() in province_words):
                    continue
            elif j - i == 1 and not first_upper:
                continue
            last = words[j - 1]
            name = text[starts[i] : starts[j - 1] + len(last)]
            if "\n" in name:
                continue
            key = folded(name)
            if not key:
                continue
            if key in gaz.named_borders:
                return Hit(i, j, "named_border", key)
            paired = words[j] == "-" if j < len(words) else False
            if key in gaz.adjectives and (paired or (i > 0 and words[i - 1] == "-")):
                return Hit(i, j, "adjective", key, country=gaz.adjectives[key])  # "the Kazakh-Uzbek border"
            if key in gaz.adjectives:  # "Kazakh" is the adjective, not a village's other name
                return Hit(i, j, "adjective", key, country=gaz.adjectives[key])
            if key in gaz.names and self.plausible_name(sdoc[i:j]):
                return Hit(i, j, "name", key)
            if key in gaz.region_adjectives:
                return Hit(i, j, "region_adjective", key, entry=gaz.entries[gaz.region_adjectives[key]])
        return None

    @cached_property
    def parsed_text(self) -> str:
        return parsed.text(self.sdoc)  # spaCy's Doc.text makes a Token object per word at every call

    @cached_property
    def token_texts(self) -> list[str]:
        return parsed.texts(self.sdoc)  # read from the arrays: a Token object per word is slow

    @cached_property
    def ents(self) -> tuple[Span, ...]:
        return tuple(self.sdoc.ents)  # read once: spaCy builds new spans at each read

    @cached_property
    def capitalised(self) -> list[bool]:
        return [w[:1].isupper() for w in self.token_texts]

    @cached_property
    def token_starts(self) -> list[int]:
        return [int(i) for i in self.sdoc.to_array(IDX).tolist()]

    def plausible_name(self, span: Span) -> bool:
        """A capitalised word is a name only if the parser thinks so too (not "Home", "Opinion",
        nor the month in "in August")."""
        if any(t.ent_type_ in NOT_PLACES for t in span):
            return False
        if len(span) > 1 or span.text.isupper():
            return True
        tok = span[0]
        return tok.pos_ == "PROPN" or bool(tok.ent_type_)

    def inside_longer_name(self, span: Span) -> bool:
        """ "Oriental" in "the Museum of Oriental Art": part of a longer non-place name."""
        for ent in self.ents:
            if ent.label_ in NAME_LABELS and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
                words = [t for t in ent if t.dep_ != "det" and not t.is_punct]
                return len(words) > len(span) and not self.only_places(ent)
        return False

    def only_places(self, ent: Span) -> bool:
        """ "Lyon and Grenoble": places the model joined into one name."""
        inside = [h for h in self.hits if ent.start <= h.start and h.end <= ent.end and h.kind == "name"]
        covered = {i for h in inside for i in range(h.start, h.end)}
        rest = [t for t in ent if t.i not in covered and t.dep_ != "det"]
        joins = ("and", "or", ",", "&")
        pairs = zip(inside, inside[1:], strict=False)
        joined = all(any(t.lower_ in joins for t in self.sdoc[a.end : b.start]) for a, b in pairs)
        return len(inside) > 1 and joined and all(t.lower_ in joins for t in rest)

    def part_of_name(self, span: Span) -> bool:
        """ "Southern" in "the Southern Military District": the first words of a longer name."""
        root = span.root
        head = root.head
        return (
            root.dep_ in MODIFIERS
            and head.i >= span.end
            and head.text[:1].isupper()
            and not self.usage.has("province_words", head.lower_)
            and head.lower_ not in ("city", "town")
        )

    def resolve_hits(self) -> None:
        """Name each hit's place, preferring the states the rest of the article is about."""
        gaz = self.gaz
        confident: dict[str, str] = {}
        for key in {h.key for h in self.hits if h.kind == "name"}:
            country = self.confident_country(key)
            if country:
                confident[key] = country
        ambiguous = {
            h.key for h in self.hits if h.kind == "name" and len({e.country for e in gaz.candidates(h.key)}) > 1
        }
        # an adjective hit always names its state
        base = {h.country for h in self.hits if h.kind == "adjective" and h.country is not None}
        base |= self.actor_countries(ambiguous)
        for hit in self.hits:
            if hit.kind != "name":
                continue
            context = base | {c for k, c in confident.items() if k != hit.key}
            hit.entry = gaz.resolve(hit.key, context, self.province_word_near(hit))
            if hit.entry is None:
                continue
            if hit.entry.feature == "country" or hit.entry.feature == "city" and hit.entry.capital:
                hit.country = hit.entry.country
        self.salience = self.count_salience()

    def confident_country(self, key: str) -> str | None:
        """The state of a name's best reading when no reading in another state comes close."""
        cands = self.gaz.candidates(key)
        scored = sorted(((Gazetteer.score(e, set()), e) for e in cands), key=lambda x: -x[0])
        if not scored or scored[0][1].country is None:
            return None
        top, best = scored[0]
        rival = next((s for s, e in scored[1:] if e.country != best.country), None)
        return best.country if rival is None or top - rival >= 15 else None

    def actor_countries(self, ambiguous: set[str]) -> set[str]:
        """States the linked actors belong to, unless an actor is only named by an ambiguous place
        name (a "Georgia" linked to the state must not decide which Georgia it is)."""
        text, out = self.doc.text, set[str]()
        for a in self.doc.record.actors:
            if (
                a.country
                and a.kind in {"state", "government"}
                and any(fold(text[s:e]) not in ambiguous for s, e in a.mentions)
            ):
                out.add(a.country)
        return out

    def province_word_near(self, hit: Hit) -> bool:
        """ "Herat province", "the province of Herat": the province, not its capital."""
        if self.province_word_after(hit):
            return True
        if hit.start < 2 or self.sdoc[hit.start - 1].lower_ != "of":
            return False
        return self.usage.has("province_words", self.sdoc[hit.start - 2].lower_)

    def province_word_after(self, hit: Hit) -> bool:
        nxt = self.sdoc[hit.end] if hit.end < len(self.sdoc) else None
        return nxt is not None and self.usage.has("province_words", nxt.lower_)

    def count_salience(self) -> dict[str, tuple[int, int]]:
        """Per state: (times it is a clause's subject, times it is named); decides a border's side."""
        subj: Counter[str] = Counter()
        named: Counter[str] = Counter()
        for hit in self.hits:
            if hit.country:
                named[hit.country] += 1
                if self.sdoc[hit.start : hit.end].root.dep_ in SUBJECTS:
                    subj[hit.country] += 1
        return {c: (subj[c], named[c]) for c in named}

    # -- usage -----------------------------------------------------------------------------------
    def read_hit(self, hit: Hit) -> None:
        if any(t in self.taken for t in range(hit.start, hit.end)):
            return
        entry = hit.entry
        span = self.sdoc[hit.start : hit.end]
        if hit.kind == "region_adjective":
            self.read_region_adjective(hit)
            return
        if hit.kind == "adjective":
            self.read_territory(hit)
            return
        if hit.kind != "name" or entry is None or self.claimed_by_actor(span) or self.names_organisation(span):
            return
        root = span.root
        sited = root.dep_ in MODIFIERS and root.head.is_lower and self.locative(span)  # "the Kant airbase"
        if entry.feature != "country" and not sited and (self.inside_longer_name(span) or self.part_of_name(span)):
            return
        if (
            entry.feature != "country"
            and any(t.ent_type_ in {"PERSON", "NORP"} for t in span)
            and not (entry.feature == "admin1" and (self.locative(span) or self.province_word_near(hit)))
            and not (self.major_city(entry) and self.locative(span))
        ):
            return  # a person's name, unless the model mistook a province or a big city for one ("in Faryab")
        if (
            entry.feature in {"region", "admin1", "other"}
            or self.locative(span)
            or (entry.feature == "city" and self.names_event(span))
        ):
            end = hit.end + (entry.feature == "admin1" and self.province_word_after(hit))
            self.add(entry, hit.start, end)  # "Jawzjan province" is the mention
            if entry.feature == "region":
                self.read_coordinated_regions(hit)

    def locative(self, span: Span) -> bool:
        return locative(span, self.usage)

    def major_city(self, entry: Entry) -> bool:
        """A city big enough that, named where something happens, it is the city and not a
        person the model took it for ("the outskirts of Aleppo")."""
        least = self.usage.number("major_city_population")
        return entry.feature == "city" and bool(least) and (entry.population or 0) >= least

    def names_event(self, span: Span) -> bool:
        """ "the Minsk agreements", "the Astana talks": a city naming where something was agreed or done."""
        root = span.root
        return root.dep_ in MODIFIERS and self.usage.has("event_nouns", root.head.lemma_)

    def names_organisation(self, span: Span) -> bool:
        """ "the Sinai branch", "the Caspian Research Club": part of a body's name."""
        root = span.root
        if root.dep_ not in MODIFIERS or not self.usage.has("organisation_nouns", root.head.lemma_):
            return False
        head = root.head
        return head.text[:1].isupper() or self.usage.has("subunit_nouns", head.lemma_)

    def claimed_by_actor(self, span: Span, by_groups: bool = True) -> bool:
        """A longer actor name around the span ("Kyrgyzstan Embassy"), or a known non-state actor
        of that name; a place the actor's description locates ("the government in Baghdad")
        stays a place, and so does a gazetteer name the actors stage could only guess at.
        Without ``by_groups``, a group the actors stage made up ("Central Asian countries")
        leaves the region it names a place."""
        start, end = span.start_char, span.end_char
        actors = {a.id: a for a in self.doc.record.actors}
        for m in self.doc.mentions:
            if m.kind != "actor" or not (m.start < end and start < m.end):
                continue
            actor = actors.get(m.ref)
            longer = (m.start < start or m.end > end) and fold(self.doc.text[m.start : m.end]) != fold(span.text)
            if longer and not by_groups and actor is not None and guessed(actor):
                continue
            if longer:
                if not self.locative(span):
                    return True
            elif actor is not None and actor.kind in NON_PLACE_ACTORS and not guessed(actor):
                return True
        return False

    # -- regions --------------------------------------------------------------------------------------
    def read_region_adjective(self, hit: Hit) -> None:
        """ "Central Asian states", "the Central Asian region" name the region."""
        span = self.sdoc[hit.start : hit.end]
        head = span.root.head if span.root.dep_ in MODIFIERS else None
        if (
            head is None
            or hit.entry is None  # always set on a region adjective
            or not self.usage.has("region_heads", head.lemma_)
            or self.claimed_by_actor(span, by_groups=False)
            or self.inside_longer_name(span)
        ):
            return
        end = head.i + 1 if self.usage.has("region_suffixes", head.lemma_) and head.i == hit.end else hit.end
        self.add(hit.entry, hit.start, end)

    def read_territory(self, hit: Hit) -> None:
        """ "Syrian soil", "Iranian airspace", "on the Tajik side of the border": a demonym before a
        territory noun names the state; "the Kazakh capital" names its capital."""
        root = self.sdoc[hit.start : hit.end].root
        country = self.gaz.country(hit.country) if hit.country else None
        if country is not None and root.dep_ in MODIFIERS and self.usage.has("territory_nouns", root.head.lemma_):
            self.add(country, hit.start, hit.end)
        capital = self.gaz.capital(hit.country) if hit.country else None
        head = root.head
        if capital is not None and root.dep_ in MODIFIERS and self.usage.has("capital_nouns", head.lemma_):
            self.add(capital, hit.start, head.i + 1)  # "the Kazakh capital": Astana
        sided = self.usage.has("side_nouns", head.lemma_) and head.dep_ == "pobj"
        if (
            country is not None
            and root.dep_ in MODIFIERS
            and sided
            and self.usage.has("side_prepositions", head.head.lower_)
        ):
            self.add(country, hit.start, hit.end)  # "a post on the Kyrgyz side of the border": in Kyrgyzstan

    def read_coordinated_regions(self, hit: Hit) -> None:
        """ "North and South Caucasus": "North" alone names the North Caucasus."""
        words = hit.key.split()
        if len(words) < 2 or hit.start < 2 or self.sdoc[hit.start - 1].lower_ not in {"and", "or", ",", "&"}:
            return
        left = self.sdoc[hit.start - 2]
        entry = self.gaz.resolve(f"{fold(left.text)} {words[-1]}")
        if entry is not None and entry.feature == "region" and left.text[:1].isupper():
            self.add(entry, left.i, left.i + 1)

    def read_parts(self) -> None:
        """ "southern Iraq", "the north of Iran", "the districts of Pakistan bordering
        Afghanistan": a part of a state, as a region named after its compass direction."""
        directions = self.usage.directions
        for hit in self.hits:
            if hit.kind != "name" or not hit.entry or hit.entry.feature != "country":
                continue
            root = self.sdoc[hit.start : hit.end].root
            amod = next((c for c in root.lefts if c.dep_ == "amod" and c.lower_ in directions), None)
            if amod is not None:
                self.add_part(hit, directions[amod.lower_], amod.i, hit.end)
                for t in range(hit.start, hit.end):
                    self.taken.add(t)
                continue
            if root.dep_ == "pobj" and root.head.lower_ == "of":
                self.read_part_of(hit, root.head.head)

    def read_part_of(self, hit: Hit, gov: Token) -> None:
        directions = self.usage.directions
        if gov.lower_ in directions:  # "the north of Iran"
            self.add_part(hit, directions[gov.lower_], gov.i, hit.end)
            return
        if not place_noun(gov, self.usage):
            return
        amod = next((c for c in gov.lefts if c.dep_ == "amod" and c.lower_ in directions), None)
        if amod is not None:  # "the eastern regions of Ukraine"
            self.add_part(hit, directions[amod.lower_], amod.i, hit.end)
            return
        toward = self.adjacent_to(gov, hit)
        if toward is not None and hit.entry is not None:  # "the areas of Iran next to Iraq"
            direction = bearing(hit.entry, toward[0])
            if direction:
                self.add_part(hit, direction, gov.left_edge.i if gov.left_edge.dep_ == "det" else gov.i, toward[1])

    def adjacent_to(self, gov: Token, hit: Hit) -> tuple[Entry, int] | None:
        """The place a "provinces ... adjacent to / bordering X" phrase points at, and its end token."""
        for tok in gov.subtree:
            if not self.usage.has("adjacency_words", tok.lower_):
                continue
            for other in self.hits:
                if other is hit or other.start <= tok.i or other.start > tok.i + 6:
                    continue
                entry = other.entry
                if entry is not None and entry.feature in {"region", "country"} and entry.lat is not None:
                    return entry, other.end + (1 if self.is_region_head(other.end) else 0)
        return None

    def is_region_head(self, i: int) -> bool:
        word = self.sdoc[i].lower_ if i < len(self.sdoc) else ""
        return word != "space" and self.usage.has("region_suffixes", word)

    def add_part(self, hit: Hit, direction: str, start: int, end: int) -> None:
        if hit.entry is None or hit.entry.country is None:
            return
        entry = self.gaz.part(hit.entry.country, direction)
        if entry is not None:
            self.add(entry, start, end)

    # -- localities the gazetteer lacks ----------------------------------------------------------
    def read_localities(self, found: list[Locality]) -> None:
        """ "Tashbulak district", "the Ortasu Canal", and their later mentions ("in Tashbulak"),
        in the state the places found around them are in."""
        located = [
            Located(span.start, span.end, entry)
            for pid, entry in self.found.items()
            for s, e in self.spans[pid]
            if (span := self.sdoc.char_span(s, e, alignment_mode="expand")) is not None
        ]
        named = {c: n for c, (_s, n) in self.salience.items()}
        salient = max(named, key=lambda c: named[c]) if named else None
        placed = self.localities.locate(found, sorted(located, key=lambda p: p.start), salient)
        for loc in placed:
            self.add(loc.entry, loc.start, loc.end)
        for loc, start, end in self.localities.again(placed, set(self.taken)):
            self.add(loc.entry, start, end)

    def actor_tokens(self) -> set[int]:
        """Tokens of actor mentions the knowledge base knows (not guessed)."""
        actors = {a.id: a for a in self.doc.record.actors}
        out: set[int] = set()
        for m in self.doc.mentions:
            actor = actors.get(m.ref)
            if m.kind == "actor" and actor is not None and not guessed(actor):
                span = self.sdoc.char_span(m.start, m.end, alignment_mode="expand")
                out.update(range(span.start, span.end) if span is not None else ())
        return out

    # -- datelines ------------------------------------------------------------------------------------
    def read_datelines(self) -> None:
        """ "ALMATY, May 3 (Reuters) -" places the report in its city."""
        text = self.doc.text
        for line in re.finditer(r"[^\n]+", text):
            found = self.dateline.read_past_stamp(line.group())
            if found is None or found.place is None or found.place_start is None:
                continue
            qual = self.gaz.resolve(found.region) if found.region else None
            context = {qual.country} if qual is not None and qual.country else set()
            entry = self.gaz.resolve(found.place, context)
            if entry is None or entry.feature != "city":
                continue
            start = line.start() + found.place_start
            span = self.sdoc.char_span(start, start + len(found.place), alignment_mode="expand")
            if span is not None:
                self.add(entry, span.start, span.end)
                q = line.start() + (found.region_start or 0)
                if found.region and q > 0 and text[q - 1] == "[":  # a bracketed state only qualifies the city
                    qspan = self.sdoc.char_span(q, q + len(found.region), alignment_mode="expand")
                    self.taken.update(range(qspan.start, qspan.end) if qspan is not None else ())

    # -- borders -------------------------------------------------------------------------------------------
    def read_borders(self) -> None:
        for hit in self.hits:
            if hit.kind == "named_border":
                a, b = self.gaz.named_borders[hit.key]
                self.add_border(self.choose_side(a, b), a, b, hit.start, hit.end)
        bare = []
        border_nouns = self.usage["border_nouns"]
        for i, lemma in enumerate(parsed.lemmas(self.sdoc)):
            if lemma.lower() not in border_nouns:
                continue
            tok = self.sdoc[i]
            if tok.pos_ in {"NOUN", "PROPN"} and not self.read_border(tok):
                bare.append(tok)
        for tok in bare:
            self.read_bare_border(tok)

    def read_bare_border(self, tok: Token) -> None:
        """ "the border", "their shared border", "the Tashbulak district border": the border last
        named before it, or with none named yet the one between the two states the article
        is most about, where they are neighbours."""
        if tok.tag_ == "NNS" or tok.i in self.taken or tok.dep_ in MODIFIERS:
            return  # "borders" are all of them; "border guards" are people
        if not any(c.dep_ in ("det", "poss", "amod", "compound") for c in tok.lefts) and tok.head.lower_ != "of":
            return
        found = [(s, pid) for pid, e in self.found.items() if e.feature == "border" for s, _ in self.spans[pid]]
        earlier = [pair for pair in found if pair[0] < tok.idx]
        entry: Entry | None
        if earlier:
            entry = self.found[max(earlier)[1]]
        else:
            pair = self.salient_pair()
            if pair is None:
                return
            entry = self.gaz.border(self.choose_side(*pair), pair[1] if self.choose_side(*pair) == pair[0] else pair[0])
            if entry is None or entry.country is None:  # a border entry always has its side
                return
            self.border_sides.setdefault(frozenset(pair), entry.country)
        start = tok.left_edge.i if tok.i - tok.left_edge.i <= 4 else tok.i
        self.add(entry, start, tok.i + 1)

    def salient_pair(self) -> tuple[str, str] | None:
        """The two states the article names most (by name, demonym or their bodies' and
        forces' mentions), if they are neighbours."""
        counts: Counter[str] = Counter({c: n for c, (_s, n) in self.salience.items()})
        for a in self.doc.record.actors:
            if a.country and a.kind in ("state", "government", "armed_group"):
                counts[a.country] += len(a.mentions)
        ranked = [c for c, _ in counts.most_common(2)]
        if len(ranked) == 2 and ranked[1] in self.gaz.neighbours.get(ranked[0], ()):
            return ranked[0], ranked[1]
        return None

    def read_border(self, tok: Token) -> bool:
        """ "the Iran-Iraq border", "Kyrgyzstan's border with Tajikistan", "the border with
        Iraq" (the other side is the clause's subject), "the Afghan border", "Afghanistan's
        frontier with Iran and Pakistan" (two borders). False when no state is named."""
        before = [h for h in self.hits if h.country and tok.left_edge.i <= h.start and h.end <= tok.i]
        after = self.with_countries(tok)
        countries = list(dict.fromkeys(h.country for h in before + after if h.country))
        start = before[0].start if before else tok.i
        end = after[-1].end if after else tok.i + 1
        if len(countries) >= 3 and len({h.country for h in before}) == 1:
            for each in countries[1:]:
                self.add_border(self.choose_side(countries[0], each), countries[0], each, start, end)
            return True
        if len(countries) >= 2:
            a, b = countries[0], countries[1]
            side = self.choose_side(a, b)
        elif len(countries) == 1:
            x = countries[0]
            if tok.tag_ == "NNS" and not after:
                return True  # "Afghan borders": all of them, not one border
            other = self.subject_country(tok, x)
            if other is None or other not in self.gaz.neighbours.get(x, ()):
                other = self.placed_neighbour(tok, x) or self.salient_neighbour(x)
            if other is None:
                return True
            a, b = (other, x) if after else (x, other)
            side = other if after else self.choose_side(x, other)
        else:
            return False
        self.add_border(side, a, b, start, end)
        return True

    def placed_neighbour(self, tok: Token, x: str) -> str | None:
        """The neighbour of ``x`` in which the sentence places a town ("crossed the Afghan border
        near Termez": Uzbekistan's), the nearest to the border noun."""
        sent, near = tok.sent, self.gaz.neighbours.get(x, set())
        towns = [
            h
            for h in self.hits
            if h.kind == "name"
            and sent.start <= h.start < sent.end
            and h.entry is not None
            and h.entry.feature in {"city", "admin1"}
            and h.entry.country in near
        ]
        best = min(towns, key=lambda h: abs(h.start - tok.i), default=None)
        return best.entry.country if best is not None and best.entry is not None else None

    def with_countries(self, tok: Token) -> list[Hit]:
        """Countries after "border with" / "border between" (the parser often hangs the preposition
        elsewhere, so the words right after the noun are read too)."""
        out = []
        for prep in tok.rights:
            if prep.dep_ == "prep" and prep.lower_ in {"with", "between"}:
                ids = {t.i for t in prep.subtree}
                out += [h for h in self.hits if h.country and h.start in ids]
        nxt = tok.i + 1
        if not out and nxt < len(self.sdoc) and self.sdoc[nxt].lower_ in {"with", "between"}:
            end = nxt + 1
            while (
                end < len(self.sdoc)
                and end - nxt <= 8
                and not (self.sdoc[end].is_punct and self.sdoc[end].text not in "-\u2013")
                and self.sdoc[end].pos_ != "VERB"
            ):
                end += 1
            out = [h for h in self.hits if h.country and nxt < h.start and h.end <= end]
        return out

    def add_border(self, side: str, a: str, b: str, start: int, end: int) -> None:
        other = b if side == a else a
        side = self.border_sides.setdefault(frozenset((side, other)), side)  # one border per pair
        other = b if side == a else a
        neighbours = self.gaz.neighbours.get(side)
        if neighbours and other not in neighbours:
            return
        entry = self.gaz.border(side, other)
        if entry is not None:
            self.add(entry, start, end)
            self.taken.update(range(start, end))

    def subject_country(self, tok: Token, exclude: str) -> str | None:
        """The state the clause around ``tok`` is about: its subject, or a state up its head chain."""
        node = tok
        for _ in range(40):
            hit = self.hit_at(node.i)
            if hit is not None and hit.country and hit.country != exclude:
                return hit.country
            if node.pos_ in {"VERB", "AUX"}:
                for child in node.children:
                    if child.dep_ in SUBJECTS:
                        found = {h.country for h in self.hits_in(child) if h.country and h.country != exclude}
                        if len(found) == 1:
                            return found.pop()
                        if len(found) > 1:
                            return None
            if node.head is node:
                return None
            node = node.head
        return None

    def hit_at(self, i: int) -> Hit | None:
        return next((h for h in self.hits if h.start <= i < h.end), None)

    def hits_in(self, tok: Token) -> list[Hit]:
        ids = {t.i for t in tok.subtree}
        return [h for h in self.hits if h.start in ids]

    def choose_side(self, a: str, b: str) -> str:
        """A border belongs under the state the article is about: the one more often its subject."""
        sa, sb = self.salience.get(a, (0, 0)), self.salience.get(b, (0, 0))
        return b if sb > sa else a

    def salient_neighbour(self, x: str) -> str | None:
        near = [c for c in self.salience if c in self.gaz.neighbours.get(x, ())]
        return max(near, key=lambda c: self.salience[c]) if near else None

    # -- output ---------------------------------------------------------------------------------------
    def add(self, entry: Entry, start: int, end: int) -> None:
        span = self.sdoc[start:end]
        if span.start < len(self.sdoc) and span[0].dep_ == "det" and len(span) > 1:
            span = span[1:]
        if (span.start_char, span.end_char) in self.spans[entry.id]:
            return
        self.found.setdefault(entry.id, entry)
        self.spans[entry.id].append((span.start_char, span.end_char))
        self.taken.update(range(start, end))

    def write(self) -> None:
        text = self.doc.text
        places = []
        for pid, entry in self.found.items():
            spans = sorted(set(self.spans[pid]))
            aliases = list(dict.fromkeys(text[s:e] for s, e in spans if fold(text[s:e]) != fold(entry.name)))
            named = self.as_named(entry, spans)
            if named.name != entry.name:
                aliases = [a for a in aliases if fold(a) != fold(named.name)]
            places.append((spans[0][0], place_record(named, aliases, spans)))
            for s, e in spans:
                self.doc.mentions.append(Mention(s, e, pid, "place", text[s:e]))
        self.doc.record.places = [p for _, p in sorted(places, key=lambda x: x[0])]

    def as_named(self, entry: Entry, spans: list[tuple[int, int]]) -> Entry:
        """A province under the name the article gives it: "Takhar Province" where the text
        says "Takhar province" or "the province of Takhar", plain "Takhar" where it never
        calls it a province."""
        bare = self.gaz.bare_names.get(entry.id)
        if bare is None:
            return entry
        for s, e in spans:
            span = self.sdoc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            near = [t for t in self.sdoc[max(0, span.start - 2) : min(len(self.sdoc), span.end + 1)]]
            if any(self.usage.has("province_words", t.lower_) for t in near):
                return entry
        return replace(entry, name=bare)


def guessed(actor: Actor) -> bool:
    """An actor the knowledge base does not hold, made up from a bare name with nothing to say
    what it is: the gazetteer knows such a name better."""
    return actor.id.startswith("new:") and actor.kind in {"organization", "other"} and actor.country is None


def place_record(entry: Entry, aliases: list[str], spans: list[tuple[int, int]]) -> Place:
    return Place(
        id=entry.id,
        name=entry.name,
        country=entry.country,
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        feature=feature(entry.feature),
        geonames_id=entry.geonames_id,
        aliases=aliases,
        mentions=spans,
    )


def bearing(origin: Entry, target: Entry) -> str | None:
    """The 8-point compass direction from one place's middle towards another's."""
    if origin.lat is None or origin.lon is None or target.lat is None or target.lon is None:
        return None
    dy = target.lat - origin.lat
    dx = (target.lon - origin.lon) * math.cos(math.radians((target.lat + origin.lat) / 2))
    if abs(dx) < 1e-9 and abs(dy) < 1e-9:
        return None
    names = ["east", "northeast", "north", "northwest", "west", "southwest", "south", "southeast"]
    return names[round(math.degrees(math.atan2(dy, dx)) / 45) % 8]


@stage("places", requires=("spacy", "mentions"), assigns=("places",))
def make(config: Config, language: Language | None = None) -> PlacesStage:
    return PlacesStage(config.knowledge)
