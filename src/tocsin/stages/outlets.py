"""Which publication a page belongs to, from its URL and from the cues the page carries.

Names, abbreviations and domains come from ``data/outlets.yaml``. The page's own outlet
is, in order of trust: the container's value, the agency of a wire dateline, the URL's
domain, a copyright line ("© Outlet"), a photo credit that names a web domain (sites
credit their own pictures by domain), a masthead line above the body that is a known
outlet, and last an outlet that receives most of the article's quotes ("..., told X"
three times or more and for more than half of them: the page's own interview). An outlet
the article merely cites ("X reported", "X reports citing") is never the page's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

DOMAIN = re.compile(r"\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b", re.IGNORECASE)
COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[,.:]?\s*(?P<name>[^|;©\n]{2,80})",
    re.IGNORECASE,
)
RIGHTS = re.compile(r"[.,]?\s*(?:all rights reserved|все права защищены).*$", re.IGNORECASE)
_NAME_WORD = r"[A-ZА-Я0-9][\w&'’-]*(?:\.[a-z]{2,}\b)?"
TOLD = re.compile(rf"\btold[ \t]+(?P<name>(?:the[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})")


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    country: str | None = None
    wire: bool = False


@dataclass
class Outlets:
    outlets: list[Outlet] = field(default_factory=list)

    def __post_init__(self) -> None:
        # short abbreviations ("AP", "AA") must match exactly, capitals and all; longer
        # names match blind to case, spacing and a leading "The"
        self._exact: dict[str, Outlet] = {}
        self._keyed: dict[str, Outlet] = {}
        for outlet in reversed(self.outlets):  # the first entry wins a shared name
            for name in (outlet.name, *outlet.aliases, *outlet.domains):
                self._exact[name] = outlet
                if len(name) > 3:
                    self._keyed[_key(name)] = outlet

    def by_domain(self, domain: str | None) -> Outlet | None:
        if not domain:
            return None
        domain = bare_domain(domain)
        for outlet in self.outlets:
            if any(domain == d or domain.endswith("." + d) for d in outlet.domains):
                return outlet
        return None

    def by_name(self, text: str | None) -> Outlet | None:
        """The outlet a name or abbreviation stands for (whole-text match, case-blind for names)."""
        if not text:
            return None
        return self._exact.get(text.strip()) or self._keyed.get(_key(text))


def _key(text: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text.strip().lower()))


def bare_domain(host: str) -> str:
    host = host.lower().strip().rstrip(".")
    return re.sub(r"^(?:www\d?|m|amp)\.", "", host)


def url_domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return bare_domain(host) if host else None


TITLE_SEPARATORS = re.compile(r"\s+(?:\||–|—|-|::|·)\s+")


def site_from_page_title(page_title: str | None, headline: str | None) -> str | None:
    """ "Headline | Site Name" (or "Site Name | Headline"): the part that is not the headline."""
    if not page_title or not headline:
        return None
    parts = TITLE_SEPARATORS.split(page_title)
    if len(parts) < 2:
        return None
    if _key(parts[0]) == _key(headline) or _key(headline).startswith(_key(parts[0])):
        site = parts[-1]
    elif _key(parts[-1]) == _key(headline):
        site = parts[0]
    else:
        return None
    return site if 0 < len(site.split()) <= 8 else None


@cache
def load_outlets(data: Path) -> Outlets:
    path = Path(data) / "outlets.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    items = []
    for entry in (raw or {}).get("outlets") or []:
        items.append(
            Outlet(
                name=str(entry["name"]),
                aliases=tuple(str(a) for a in entry.get("aliases") or ()),
                domains=tuple(bare_domain(str(d)) for d in entry.get("domains") or ()),
                country=entry.get("country"),
                wire=bool(entry.get("wire", False)),
            )
        )
    return Outlets(items)


@dataclass
class Found:
    outlet: str | None = None
    domain: str | None = None


class OutletFinder:
    def __init__(self, outlets: Outlets, photo_line: Callable[[str], bool]):
        self.outlets = outlets
        self.photo_line = photo_line

    def find(self, url: str | None, agency: str | None, body: str, header: list[str], furniture: list[str]) -> Found:
        domain = url_domain(url)
        if agency:
            known = self.outlets.by_name(agency)
            return Found(known.name if known else agency, domain)
        if domain:
            known = self.outlets.by_domain(domain)
            return Found(known.name if known else None, domain)
        for cue in (
            self._copyright(furniture),
            self._photo_domain(furniture),
            self._masthead(header),
            self._told(body),
        ):
            if cue.outlet or cue.domain:
                return cue
        return Found()

    def _named(self, name: str) -> Found:
        known = self.outlets.by_name(name)
        if known:
            return Found(known.name, known.domains[0] if known.domains else None)
        return Found(name, None)

    def copyright_names(self, furniture: list[str]) -> list[str]:
        """Holders of the page's copyright lines ("© 2025 Name. All rights reserved."), last first."""
        names = []
        for line in reversed(furniture):
            m = COPYRIGHT.search(line)
            if not m or len(line.split()) > 20 or self.photo_line(line):  # "© Agency" under a picture
                continue
            # the holder's name ends where its sentence does: "© 2025 Name. Other words."
            name = re.split(r"(?<![A-Z])\.\s", RIGHTS.sub("", m.group("name")))[0].strip(" .,-–—")
            if (name and len(name.split()) <= 6 and name[0].isupper()) or self.outlets.by_name(name):
                names.append(name)
        return names

    def _copyright(self, furniture: list[str]) -> Found:
        names = self.copyright_names(furniture)
        return self._named(names[0]) if names else Found()

    def _photo_domain(self, furniture: list[str]) -> Found:
        for line in furniture:
            if not self.photo_line(line):
                continue
            m = DOMAIN.search(line)
            # written in lower case, as addresses are ("A.Name" in "AP Photo/A.Name" is a person)
            if m and m.group(1) == m.group(1).lower():
                domain = bare_domain(m.group(1))
                known = self.outlets.by_domain(domain)
                return Found(known.name if known else None, domain)
        return Found()

    def _masthead(self, header: list[str]) -> Found:
        for line in header:
            if len(line.split()) <= 4 and (known := self.outlets.by_name(line)):
                return Found(known.name, known.domains[0] if known.domains else None)
        return Found()

    def _told(self, body: str) -> Found:
        told = Counter(_key(m.group("name").rstrip(".")) for m in TOLD.finditer(body))
        if not told:
            return Found()
        name, count = told.most_common(1)[0]
        if count < 3 or count * 2 <= sum(told.values()):
            return Found()
        known = self.outlets.by_name(name)
        if known:
            return Found(known.name, known.domains[0] if known.domains else None)
        return Found()
