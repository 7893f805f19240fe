"""Local places the gazetteer lacks, named with the noun that says what they are: "Tashbulak
district", "the Ortasu Canal", "the Karsu-Tepa training ground", "Samara's
Kurumoch airport", also "the village of Kok-Say" and each of "the X and Y border crossings".
The places stage reads them.

The head nouns and the feature each gives are ``feature_heads`` in
``data/places/usage.yaml``; ``body_words`` there keep the names of bodies out ("the Central
Military District"). A locality's state is the one its phrase names ("Badakhshan's Tashbulak
district", "the X district of Takhar Province", "X training ground in Tajikistan"), else the
one the rest of its sentence names, else the state the article names most; one named after
a town ("Damascus airport") lies in that town's state. Its coordinates
are those of a town of the same name in that state if the gazetteer has one, else those of
the province its phrase names; else it has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from tocsin.knowledge.gazetteer import Entry, Gazetteer, fold, folded
from tocsin.knowledge.wordlists import WordLists
from tocsin.stages import parsed

HYPHENS = {"-", "\u2010", "\u2011", "\u2013"}
MAX_NAME = 4
CONTEXT_TOKENS = 80  # how far back a place still locates a locality


@dataclass
class Located:
    """A gazetteer name found in the text, as the places stage resolved it."""

    start: int
    end: int
    entry: Entry


@dataclass
class Locality:
    start: int  # the name's first token
    end: int  # after the head noun
    name: str
    key: str  # the folded name without its head, to find it again ("in Tashbulak")
    head_words: tuple[str, ...]
    entry: Entry  # without id and state until ``locate``
    head_first: bool = False  # "the village of Kok-Say": the name follows its head

    @property
    def head(self) -> str:
        return self.head_words[-1]


class Localities:
    def __init__(self, sdoc: Doc, usage: WordLists, gaz: Gazetteer):
        self.sdoc, self.usage, self.gaz = sdoc, usage, gaz
        self.lowers = parsed.lowers(sdoc)
        self.located: list[Located] = []
        self.salient: str | None = None
        heads = usage.words.get("feature_heads") or {}
        self.heads = sorted(
            ((tuple(str(h).lower().split()), feature) for feature, words in heads.items() for h in words or []),
            key=lambda h: -len(h[0]),
        )
        self.heads_from: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # by first word, longest first
        for words, feature in self.heads:
            if words:
                self.heads_from.setdefault(words[0], []).append((words, feature))

    def find(self, taken: set[int]) -> list[Locality]:
        """Localities in text order, not yet placed in a state (see ``locate``)."""
        out: list[Locality] = []
        i = 0
        while i < len(self.sdoc):
            found = self.at(i, taken) or self.named_after(i, taken)
            if found:
                out += [*self.coordinated(found, taken), found]
                i = found.end
            else:
                i += 1
        return out

    def named_after(self, i: int, taken: set[int]) -> Locality | None:
        """ "the village of Kok-Say", "the district of Ishkashim": a head noun, "of" and a
        proper name the gazetteer lacks."""
        head = self.head_at(i)
        if head is None or not (i > 0 and self.sdoc[i - 1].lower_ == "the"):
            return None
        words, feature = head
        of = i + len(words)
        if of + 1 >= len(self.sdoc) or self.sdoc[of].lower_ != "of":
            return None
        end = of + 1
        while end < len(self.sdoc) and end - of <= MAX_NAME and self._name_token(end, of + 1):
            end += 1
        name_toks = self.sdoc[of + 1 : end]
        if not name_toks or not name_toks[0].text[:1].isupper() or any(t in taken for t in range(of + 1, end)):
            return None
        if fold(name_toks.text) in self.gaz.adjectives:
            return None
        # "the city of Osh" was taken as the gazetteer's own place; a name it left is another
        # place of that name ("the village of Karabulak" in Kyrgyzstan, not the Russian town)
        name = name_toks.text
        return Locality(of + 1, end, name, fold(name), words, Entry("", name, feature), head_first=True)

    def _name_token(self, k: int, first: int) -> bool:
        tok = self.sdoc[k]
        if tok.is_alpha and tok.text[:1].isupper():
            return True
        joined = k > first and not self.sdoc[k - 1].whitespace_  # "Kok-Say": the hyphen and what it joins
        return (tok.text in HYPHENS and not tok.whitespace_) or (joined and tok.is_alpha)

    def coordinated(self, loc: Locality, taken: set[int]) -> list[Locality]:
        """ "the Torkham and Chaman border crossings": the name coordinated before a locality
        is one of the same kind."""
        k = loc.start
        if loc.head_first or k < 2 or self.sdoc[k - 1].lower_ not in {"and", "or", ","}:
            return []
        tok = self.sdoc[k - 2]
        if k - 2 in taken or not (tok.is_alpha and tok.text[:1].isupper()) or tok.is_sent_start:
            return []
        if self.gaz.candidates(tok.text) or fold(tok.text) in self.gaz.adjectives:
            return []
        head = " ".join(loc.head_words)
        name = f"{tok.text} {head}"
        return [Locality(k - 2, k - 1, name, fold(tok.text), loc.head_words, Entry("", name, loc.entry.feature), True)]

    def head_at(self, i: int) -> tuple[tuple[str, ...], str] | None:
        lowers = self.lowers
        for words, feature in self.heads_from.get(lowers[i], ()):
            end = i + len(words)
            if end > len(lowers):
                continue
            written = tuple(lowers[i:end])
            said = written[:-1] + (parsed.lemmas(self.sdoc)[end - 1].lower(),)
            if written == words or said == words:
                return words, feature  # "border crossings" is the head "border crossing"
        return None

    def at(self, i: int, taken: set[int]) -> Locality | None:
        head = self.head_at(i)
        if head is None:
            return None
        words, feature = head
        end = i + len(words)
        nxt = self.sdoc[end] if end < len(self.sdoc) else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and not nxt.is_sent_start:
            return None  # "the Western District Military Court": part of a longer name
        start = self.name_start(i)
        if start is None or any(t in taken for t in range(start, end)):
            return None
        name_toks = self.sdoc[start:i]
        if any(self.usage.has("body_words", t.lower_) for t in name_toks):
            return None
        if fold(name_toks.text) in self.gaz.adjectives:
            return None  # "a Tajik border outpost" says whose post it is, not its name
        said = self.sdoc[i:end].text
        name = f"{name_toks.text} {said if said.lower() == ' '.join(words) else ' '.join(words)}"
        known = self.gaz.candidates(name) + [e for e in self.gaz.candidates(name_toks.text) if e.feature != "city"]
        if known:
            return None  # "the Fergana Valley", "the Badakhshan area": the gazetteer's own places
        return Locality(start, end, name, fold(name_toks.text), words, Entry("", name, feature))

    def locate(self, found: list[Locality], located: list[Located], salient: str | None) -> list[Locality]:
        """Each locality in its state, with coordinates; ``located`` are the places the
        article names (in text order), ``salient`` the state it names most. A name found
        twice is one place."""
        self.located, self.salient = located, salient
        out: list[Locality] = []
        by_name: dict[str, Entry] = {}
        for loc in found:
            name_end = loc.end if loc.head_first else loc.end - len(loc.head_words)
            country, near = self.country(loc.start, loc.end)
            town = self.town_country(self.sdoc[loc.start : name_end].text, country)
            if loc.head_first and country and town != country:
                town = None  # "the village of X" in the region the text places it in, not a namesake abroad
            country = town or country  # "Damascus airport" is in Damascus's state, whoever flies there
            lat, lon = self.coordinates(self.sdoc[loc.start : name_end].text, country, near)
            key = f"place:{(country or 'xx').lower()}-{slug(loc.name)}"
            entry = Entry(key, loc.name, loc.entry.feature, country, None, lat, lon)
            loc.entry = by_name.setdefault(fold(loc.name), entry)
            out.append(loc)
        return out

    def name_start(self, i: int) -> int | None:
        """The first token of the proper name before a head noun: capitalised words, joined by
        hyphens and short particles ("Deh-e-Bala", "Karsu-Tepa", "Ortasu Tepa")."""
        k = i
        while k > 0 and i - k < MAX_NAME * 3:
            tok = self.sdoc[k - 1]
            joined = not tok.whitespace_ or (k >= 2 and not self.sdoc[k - 2].whitespace_)
            hyphen = tok.text in HYPHENS and not tok.whitespace_ and k >= 2 and not self.sdoc[k - 2].whitespace_
            if hyphen or (tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start):
                k -= 1
            elif tok.is_alpha and tok.is_sent_start and tok.text[:1].isupper() and tok.lower_ != "the":
                k -= 1
                break
            elif tok.is_alpha and tok.is_lower and len(tok.text) <= 3 and joined and k < i:
                k -= 1  # "Deh-e-Bala"
            else:
                break
        while k < i and not (self.sdoc[k].is_alpha and self.sdoc[k].text[:1].isupper()):
            k += 1
        if k >= i or sum(t.is_alpha and t.text[:1].isupper() for t in self.sdoc[k:i]) > MAX_NAME:
            return None
        if self.sdoc[k].lower_ in ("the", "a", "an", "this", "that"):
            return None
        return k

    def country(self, start: int, end: int) -> tuple[str | None, Located | None]:
        """The state the locality lies in, and the gazetteer place that says so."""
        sdoc = self.sdoc
        before = [p for p in self.located if p.end in (start - 1, start - 2) and p.end < start]
        if before and sdoc[before[-1].end].lower_ in ("'s", "\u2019s"):
            return before[-1].entry.country, before[-1]  # "Badakhshan's Tashbulak district"
        if end < len(sdoc) and sdoc[end].lower_ in ("of", "in", "near"):
            after = [p for p in self.located if end < p.start <= end + 6]
            if after:
                best = min(after, key=lambda p: (p.entry.feature == "country", p.start))
                return best.entry.country, best  # "the X district of Afghanistan's Takhar Province"
        sent = sdoc[start].sent
        known = [p for p in self.located if p.entry.country]
        before = [p for p in known if sent.start <= p.start and p.end <= start]
        after = [p for p in known if end <= p.start < sent.end]
        earlier = [p for p in known if p.end <= sent.start and start - p.end <= CONTEXT_TOKENS]
        # the nearest place named before it in its sentence, else after it, else before the sentence
        for group, pick in ((before, max), (after, min), (earlier, max)):
            if group:
                best = pick(group, key=lambda p: p.start)
                return best.entry.country, best
        return self.salient, None

    def town_country(self, name: str, context: str | None) -> str | None:
        """The state of the town a locality is named after ("Damascus airport"): the
        gazetteer's reading of the name, the context's state first among several."""
        town = self.gaz.resolve(name, frozenset({context} if context else ()))
        return town.country if town is not None and town.feature == "city" else None

    def coordinates(self, name: str, country: str | None, near: Located | None) -> tuple[float | None, float | None]:
        if country:
            towns = [e for e in self.gaz.candidates(name) if e.feature == "city" and e.country == country]
            if towns:
                return towns[0].lat, towns[0].lon
        if near is not None and near.entry.feature in ("admin1", "city") and near.entry.country == country:
            return near.entry.lat, near.entry.lon
        return None, None

    def again(self, found: list[Locality], taken: set[int]) -> list[tuple[Locality, int, int]]:
        """Later mentions of a locality: its bare name ("clashes in Tashbulak") or "the" and its
        head noun after it ("the canal")."""
        out: list[tuple[Locality, int, int]] = []
        if not found:
            return out
        by_key = {loc.key: loc for loc in found}
        lengths = sorted({len(k.split()) for k in by_key}, reverse=True)
        firsts = {k.split()[0] for k in by_key if k}  # a name's first word is its first token's
        sdoc = self.sdoc
        for i, text in enumerate(parsed.texts(sdoc)):
            if i in taken or not text[:1].isupper() or folded(text) not in firsts:
                continue
            for n in lengths:
                span = sdoc[i : i + n]
                loc = by_key.get(folded(span.text)) if all(t.is_alpha or t.text in HYPHENS for t in span) else None
                if loc and not any(t in taken for t in range(span.start, span.end)):
                    out.append((loc, span.start, span.end))
                    taken.update(range(span.start, span.end))
                    break
        for i, lower in enumerate(self.lowers):
            if lower != "the" or i + 1 >= len(sdoc) or i + 1 in taken:
                continue
            tok, head = sdoc[i], sdoc[i + 1]
            earlier = [loc for loc in found if loc.end <= tok.i and loc.head == head.lower_]
            if earlier and not (head.i + 1 < len(sdoc) and sdoc[head.i + 1].pos_ in ("NOUN", "PROPN")):
                out.append((earlier[-1], tok.i, head.i + 1))
                taken.update(range(tok.i, head.i + 1))
        return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
