"""The actor knowledge base: states, organisations, armed groups, institutions and people.

Everything comes from the documented files in ``data/actors/`` (see its README): states
from pycountry plus ``states.tsv``; ``igos.yaml``, ``groups.yaml``, ``organizations.yaml``,
``institutions.yaml``, ``people.yaml`` (time-bounded roles), ``offices.yaml`` (role
descriptions), ``sectors.tsv`` (sector cues), ``nouns.tsv`` and the generated ``agents.tsv``
(nouns for unnamed actors), ``translit.tsv`` (spelling variants) and the
user's own ``custom.yaml`` (written by ``tocsin kb add``). The base is loaded once per data
folder and process.

Dates are ISO strings at any precision; a period's ``end`` is exclusive.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tocsin.knowledge import load_yaml
from tocsin.knowledge.countries import State, load_states

KB_FILES = ("igos.yaml", "groups.yaml", "organizations.yaml", "people.yaml", "custom.yaml")
DEFAULT_KIND = {"igo": "igo", "group": "armed_group", "org": "organization", "person": "person", "gov": "government"}
DEFAULT_SECTOR = {"igo": "IGO", "armed_group": "REB", "government": "GOV"}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def day(value: Any) -> str | None:
    """An ISO date of any precision as a comparable day: '2013-11' -> '2013-11-01'."""
    if value is None or value == "":
        return None
    text = str(value)
    parts = text.split("-")
    if len(parts) == 1:
        return f"{text}-01-01"
    if len(parts) == 2:
        return f"{text}-01"
    return text


def within(when: str, start: str | None, end: str | None) -> bool:
    return (start is None or start <= when) and (end is None or when < end)


@dataclass
class Role:
    office: str
    title: str
    country: str | None = None
    org: str | None = None
    start: str | None = None
    end: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Period:
    """A stretch of time in which an actor is something else (the Taliban in power)."""

    start: str | None
    end: str | None
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None


@dataclass
class Entry:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    part_of: str | None = None
    governs: tuple[str, str | None, str | None] | None = None  # (country, start, end)
    start: str | None = None
    end: str | None = None


@dataclass
class Resolved:
    """An entry as it stands on one date."""

    entry: Entry
    kind: str
    country: str | None
    sector: str | None
    role: str | None


@dataclass
class Office:
    office: str
    titles: list[str]
    sector: str
    title: str
    scope: str = "state"


@dataclass
class Template:
    key: str
    name: str
    sector: str
    heads: list[str]
    otherwise: str | None = None  # the body meant when no state is in view ("the Security Council": UN's)
    states: tuple[str, ...] = ()  # the only states with a body of this name (none: every state)


@dataclass(frozen=True)
class Noun:
    """A noun naming a kind of actor ("officials", "warships", "Kurds"), from ``nouns.tsv``."""

    words: tuple[str, ...]  # lower case; the last word heads the phrase
    sector: str
    kind: str  # person | force | people | act | holding
    country: str | None = None


@dataclass
class KnowledgeBase:
    states: dict[str, State]
    entries: dict[str, Entry]
    offices: dict[str, Office]
    templates: dict[str, Template]
    sector_cues: dict[str, tuple[str, int]]
    variants: list[tuple[str, str, str]]
    nouns: dict[str, list[Noun]] = field(default_factory=dict)  # head word -> forms, longest first
    # spelling rules -> sound key -> people, built once per set of rules
    sounds: dict[frozenset[tuple[str, str]], dict[str, set[str]]] = field(default_factory=dict, repr=False)

    def sounding_like(self, name: str, rules: dict[str, str]) -> str | None:
        """The one person of the base whose name sounds like ``name`` under another transliteration
        ("Shavkat Mirzioyev" for "Shavkat Mirziyoyev"), or like the last words of a longer
        name ("Khan Muttaqi" for "Amir Khan Muttaqi") or its first and last ("Amir Muttaqi"):
        same consonants in the same words, vowels aside; None when no one or several do."""
        index = self.sounds.get(frozenset(rules.items()))
        if index is None:
            index = self.sounds[frozenset(rules.items())] = {}
            for e in self.entries.values():
                if e.kind != "person":
                    continue
                for form in (e.name, *e.aliases):
                    for key in name_forms(form, rules):
                        index.setdefault(key, set()).add(e.id)
        found = index.get(sound_key(name, rules) or "", set())
        return next(iter(found)) if len(found) == 1 else None

    # -- lookups ---------------------------------------------------------------
    def resolve(self, entry_id: str, when: str) -> Resolved | None:
        entry = self.entries.get(entry_id)
        if entry is None:
            return None
        kind, country, sector, role = entry.kind, entry.country, entry.sector, None
        for period in entry.periods:
            if within(when, period.start, period.end):
                kind = period.kind or kind
                country = period.country if period.country is not None else country
                sector = period.sector or sector
                role = period.role or role
        if entry.kind == "person":
            active = [r for r in entry.roles if within(when, r.start, r.end)]
            if active:
                top = active[-1]
                role = top.title
                sector = top.sector or self.office_sector(top.office)
                country = None if top.org else (top.country or country)
        return Resolved(entry, kind, country, sector, role)

    def office_sector(self, office: str) -> str:
        found = self.offices.get(office)
        return found.sector if found else "GOV"

    def holder(self, office: str, when: str, country: str | None = None, org: str | None = None) -> Entry | None:
        """Who held ``office`` of ``country`` (or of ``org``) on ``when``."""
        for entry in self.entries.values():
            for role in entry.roles:
                if role.office != office or not within(when, role.start, role.end):
                    continue
                if (org and role.org == org) or (country and not role.org and role.country == country):
                    return entry
        return None

    def government(self, iso3: str, when: str) -> str | None:
        """An actor that is a state's government on ``when`` in place of the state (the Taliban)."""
        for entry in self.entries.values():
            if entry.governs and entry.governs[0] == iso3 and within(when, entry.governs[1], entry.governs[2]):
                return entry.id
        return None

    def valid(self, entry_id: str, when: str) -> bool:
        entry = self.entries.get(entry_id)
        return entry is not None and within(when, entry.start, entry.end)

    @property
    def template_of_head(self) -> dict[str, str]:
        """The institution template each head names ("foreign ministry" -> foreign-ministry)."""
        return {h: t.key for t in self.templates.values() for h in t.heads}

    def adjective_of(self) -> dict[str, str]:
        return {adj: s.iso3 for s in self.states.values() for adj in s.adjectives}

    def spellings(self, name: str) -> list[str]:
        """A person's name and its transliteration variants (translit.tsv)."""
        out = {name}
        for src, dst, where in self.variants:
            for form in list(out):
                if where == "word":
                    for a, b in ((src, dst), (dst, src)):
                        out.add(re.sub(rf"\b{re.escape(a)}\b", b, form))
                else:
                    out.add(re.sub(rf"{re.escape(src)}\b", dst, form))
        return sorted(out)


def sound_key(name: str, rules: dict[str, str]) -> str | None:
    """A name as it sounds across transliterations: letters folded, apostrophes dropped, the
    ``rules`` of spelling applied ("kh" -> "h", "dj" -> "j"), vowels dropped after each word's first letter and doubled
    letters made one. None for a name of one word or too short to tell people apart."""
    text = unicodedata.normalize("NFKD", name)
    text = re.sub(r"['\u2019\u02bc`]", "", text)  # "Sa'id", "Ma\u2019ruf": an apostrophe is no letter
    words = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("-", " ").split()
    if len(words) < 2 or not all(w.isalpha() for w in words):
        return None
    keys = []
    for word in words:
        for src in sorted(rules, key=len, reverse=True):
            word = word.replace(src, rules[src])
        tail = re.sub(r"[aeiouy]", "", word[1:])
        keys.append(re.sub(r"(.)\1+", r"\1", word[0] + tail))
    key = " ".join(keys)
    return key if len(key.replace(" ", "")) >= 5 else None


def name_forms(name: str, rules: dict[str, str]) -> list[str]:
    """How a person's name sounds (``sound_key``) in the forms a report may shorten it to: the
    whole name first, then its endings of two words or more, then its first and last words."""
    words = name.split()
    forms = [" ".join(words[k:]) for k in range(len(words) - 1)]
    forms += [f"{words[0]} {words[-1]}"] if len(words) > 2 else []
    return [k for form in forms if (k := sound_key(form, rules)) is not None]


# -- loading -------------------------------------------------------------------
def _yaml(path: Path) -> Any:
    if not path.exists():
        return None
    return load_yaml(path.read_text(encoding="utf-8"))


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _role(raw: dict[str, Any]) -> Role:
    return Role(
        office=raw["office"],
        title=raw.get("title") or raw["office"],
        country=raw.get("country"),
        org=raw.get("org"),
        start=day(raw.get("start")),
        end=day(raw.get("end")),
        sector=raw.get("sector"),
        aliases=list(raw.get("aliases") or []),
    )


def _period(raw: dict[str, Any]) -> Period:
    return Period(
        day(raw.get("start")),
        day(raw.get("end")),
        raw.get("kind"),
        raw.get("country"),
        raw.get("sector"),
        raw.get("role"),
    )


def entry_from(raw: dict[str, Any]) -> Entry:
    """One YAML record (any of the KB files) as an Entry."""
    prefix = str(raw["id"]).split(":", 1)[0]
    kind = raw.get("kind") or DEFAULT_KIND.get(prefix, "other")
    governs = raw.get("governs")
    entry = Entry(
        id=str(raw["id"]),
        name=str(raw["name"]),
        kind=kind,
        country=raw.get("country"),
        sector=raw.get("sector") or DEFAULT_SECTOR.get(kind),
        wikidata=_str(raw.get("wikidata")),
        aliases=[str(a) for a in raw.get("aliases") or []],
        roles=[_role(r) for r in raw.get("roles") or []],
        periods=[_period(p) for p in raw.get("periods") or []],
        part_of=raw.get("part_of"),
        governs=(governs["country"], day(governs.get("start")), day(governs.get("end"))) if governs else None,
        start=day(raw.get("start")),
        end=day(raw.get("end")),
    )
    if entry.kind == "person":
        if "surnames" in raw:
            entry.surnames = [str(s) for s in raw.get("surnames") or []]
        else:
            entry.surnames = [entry.name.split()[-1]] if len(entry.name.split()) > 1 else []
    return entry


def _offices(raw: list[dict[str, Any]] | None) -> dict[str, Office]:
    return {
        o["office"]: Office(
            o["office"],
            [t.lower() for t in o.get("titles") or []],
            o.get("sector", "GOV"),
            o.get("title") or o["office"],
            o.get("scope", "state"),
        )
        for o in raw or []
    }


def _institutions(raw: dict[str, Any] | None) -> tuple[list[Entry], dict[str, Template]]:
    raw = raw or {}
    named = []
    for item in raw.get("named") or []:
        item = {**item, "kind": item.get("kind", "government")}
        named.append(entry_from(item))
    templates = {
        t["key"]: Template(
            t["key"],
            t["name"],
            t.get("sector", "GOV"),
            [h.lower() for h in t["heads"]],
            t.get("otherwise"),
            tuple(t.get("states") or ()),
        )
        for t in raw.get("templates") or []
    }
    return named, templates


def _tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _nouns(*tables: list[dict[str, str]]) -> dict[str, list[Noun]]:
    """Actor nouns by head word, longest forms first; a later table wins for the same form
    (the hand-written nouns.tsv over the generated agents.tsv)."""
    by_form: dict[tuple[str, ...], Noun] = {}
    for rows in tables:
        for r in rows:
            for form in (r.get("nouns") or "").split("|"):
                words = tuple(form.lower().split())
                if words:
                    by_form[words] = Noun(
                        words,
                        r["sector"].strip(),
                        (r.get("kind") or "person").strip(),
                        (r.get("country") or "").strip().upper() or None,
                    )
    out: dict[str, list[Noun]] = {}
    for noun in by_form.values():
        if noun.sector == "-":
            continue  # a hand-written "-" takes a generated noun out
        out.setdefault(noun.words[-1], []).append(noun)
    for forms in out.values():
        forms.sort(key=lambda n: -len(n.words))
    return out


def load(data: Path) -> KnowledgeBase:
    folder = data / "actors"
    entries: dict[str, Entry] = {}
    for name in KB_FILES:
        for raw in _yaml(folder / name) or []:
            entry = entry_from(raw)
            entries[entry.id] = entry
    named, templates = _institutions(_yaml(folder / "institutions.yaml"))
    for entry in named:
        entries.setdefault(entry.id, entry)
    for entry in _outlets(_yaml(data / "outlets.yaml"), entries):
        entries.setdefault(entry.id, entry)
    cues = {r["cue"].lower(): (r["sector"], int(r.get("strength") or 0)) for r in _tsv(folder / "sectors.tsv")}
    variants = [(r["from"], r["to"], r.get("where") or "word") for r in _tsv(folder / "translit.tsv")]
    return KnowledgeBase(
        load_states(data),
        entries,
        _offices(_yaml(folder / "offices.yaml")),
        templates,
        cues,
        variants,
        _nouns(_tsv(folder / "agents.tsv"), _tsv(folder / "nouns.tsv")),
    )


def _outlets(spec: Any, entries: dict[str, Entry]) -> list[Entry]:
    """The news outlets of ``outlets.yaml`` as organisations ("told The Washington Post"),
    those with a name of two words or more (a one-word name, "Bloomberg", is too often a
    person's) and not already in the base under that name."""
    known = {n.lower() for e in entries.values() for n in (e.name, *e.aliases)}
    out = []
    for raw in (spec or {}).get("outlets") or []:
        names = [str(n) for n in (raw.get("name"), *(raw.get("aliases") or [])) if n]
        long = [n for n in names if len(n.removeprefix("The ").split()) >= 2]
        if not long or any(n.lower() in known for n in names):
            continue
        entry_id = f"org:{slug(long[0].removeprefix('The '))}"
        out.append(Entry(entry_id, long[0], "organization", raw.get("country"), "MED", aliases=long[1:]))
    return out


@lru_cache(maxsize=4)
def cached(data: Path) -> KnowledgeBase:
    return load(data)


# -- patterns for spaCy's EntityRuler (read by the nlp stage) ------------------------
LABELS = {"person": "PERSON", "igo": "ORG", "armed_group": "ORG", "organization": "ORG", "government": "ORG"}


def ruler_patterns(data: Path) -> list[dict[str, Any]]:
    """Phrase patterns that fix the model's labels for names the base knows.

    The model tags "Tajikistan" NORP and "Dushanbe" ORG; states and capitals labelled here
    keep its entities right for every later stage. Demonyms are left to the model, which
    reads "Afghan Voice Radio" as one organisation only when "Afghan" is not fixed first.
    """
    kb = cached(data)
    patterns: list[dict[str, Any]] = []
    for state in kb.states.values():
        patterns += [{"label": "GPE", "pattern": n, "id": state.iso3} for n in state.names]
        patterns += [{"label": "GPE", "pattern": c, "id": state.iso3} for c in state.capitals]
    for entry in kb.entries.values():
        label = LABELS.get(entry.kind, "ORG")
        names = [entry.name, *entry.aliases]
        if entry.kind == "person":
            names = [s for n in names for s in kb.spellings(n)]
        patterns += [{"label": label, "pattern": n, "id": entry.id} for n in names if n[:1].isupper()]
    return patterns
