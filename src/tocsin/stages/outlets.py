"""Which publication a page belongs to, from its URL and from the cues the page carries.

Names, abbreviations and domains of known outlets, and the words by which a page names
its own (by language), come from ``data/outlets.yaml``; the mechanism finds outlets
nobody listed too. The page's own outlet is, in order of trust:

1. the container's value (a JSON Lines field; set before this runs);
2. the agency of a wire dateline ("KABUL (Reuters) -", "(Carrier- Original)": the carrier);
3. the URL's domain;
4. a copyright line ("© 2025 Outlet", "Outlet. All rights reserved.");
5. a photo credit that names a web domain (sites credit their own pictures by domain);
6. a masthead above the body: a known outlet's name alone or leading the line ("Outlet
   English", "The OutletSlogan words"), or a site name written as a domain;
7. a web domain the page's furniture names ("Read on outlet.com", "E-mail:
   desk@outlet.com", a permanent address), mail and social sites aside;
8. the page speaking of itself ("X reports, citing Y", "as X has reported");
9. a call to follow it ("Follow X on Telegram");
10. an outlet that receives most of the article's quotes ("..., told X" three times or
    more and for more than half of them: the page's own interview);
11. the original a repost notice names ("The post ... appeared first on X.").

An outlet the article merely cites ("X reported", "X reports citing" without the comma of
a page's own rewrite is still a citation when a stronger cue names another outlet) is
never preferred to the page's own cues.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from tocsin.knowledge import load_yaml

DOMAIN = re.compile(r"(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\w-])", re.IGNORECASE)
EMAIL_DOMAIN = re.compile(r"[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,24})\b", re.IGNORECASE)
_UPPER = "A-ZА-ЯЁ0-9"
# an outlet's name: capitalised words (a domain-like "Outlet.kz" among them), in quotation marks or not
_NAME_WORD = rf"[{_UPPER}][\w&'’-]*(?:\.[a-zа-я]{{2,}}(?!\w))?"
_NAME = rf"(?:(?i:the)\s+)?[\"«“]?(?P<outlet>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|and|de|и|&)){{0,4}})[\"»”]?"
_DESCRIPTOR = r"(?:[a-zа-яё]+[ \t]+)?"  # "радио Sputnik", "agency X": one lower-case word before the name
_GLUED = re.compile(rf"^(?P<name>.+?)(?<=[a-zа-яё])(?=[{_UPPER}][a-zа-яё])")  # "The OutletSlogan Words"


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
    not_outlets: frozenset[str] = frozenset()
    not_domains: frozenset[str] = frozenset()
    cues: dict[str, dict[str, list[str]]] = field(default_factory=dict)

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

    def leading(self, line: str) -> Outlet | None:
        """The known outlet whose name opens a line ("Outlet English", "The OutletSlogan")."""
        glued = _GLUED.match(line.strip())
        if glued and (known := self.by_name(glued.group("name"))):
            return known
        words = line.split()
        for n in range(min(len(words), 5), 0, -1):
            if (known := self.by_name(" ".join(words[:n]))) and len(words) - n <= 2:
                return known
        return None

    def site_domain(self, domain: str) -> str | None:
        """``domain`` bare, or None when it is a mail or social site or a file name."""
        domain = bare_domain(domain)
        tld = domain.rsplit(".", 1)[-1]
        if tld in self.not_domains or any(domain == d or domain.endswith("." + d) for d in self.not_outlets):
            return None
        return domain

    def phrases(self, key: str) -> list[str]:
        return [p for section in self.cues.values() for p in section.get(key) or ()]


def _key(text: str) -> str:
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text.strip().strip('"«»“”').lower()))


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
SIGNATURE = re.compile(r"[.!?\"”’»]\s*\(([^()\n]{2,30})\)$")


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
    raw = (load_yaml(path.read_text(encoding="utf-8")) if path.exists() else {}) or {}
    items = []
    for entry in raw.get("outlets") or []:
        items.append(
            Outlet(
                name=str(entry["name"]),
                aliases=tuple(str(a) for a in entry.get("aliases") or ()),
                domains=tuple(bare_domain(str(d)) for d in entry.get("domains") or ()),
                country=entry.get("country"),
                wire=bool(entry.get("wire", False)),
            )
        )
    cues = {
        str(code): {str(k): [str(p) for p in v or ()] for k, v in (section or {}).items()}
        for code, section in (raw.get("cues") or {}).items()
    }
    return Outlets(
        items,
        frozenset(str(d).lower() for d in raw.get("not_outlets") or ()),
        frozenset(str(d).lower() for d in raw.get("not_domains") or ()),
        cues,
    )


@dataclass
class Found:
    outlet: str | None = None
    domain: str | None = None


def _template(phrase: str) -> str:
    """ "as {outlet} has reported" → a pattern: the words case-blind, the name as written."""
    before, _, after = phrase.partition("{outlet}")

    def words(text: str) -> str:
        return r"\s+".join(re.escape(w) for w in text.split())

    left = rf"(?<!\w)(?i:{words(before)})\s+{_DESCRIPTOR}" if before.strip() else r"(?<![\w-])"
    right = rf"[ \t]*(?i:{words(after)})(?!\w)" if after.strip() else ""
    if after[:1] in ",.;:":  # "X reports, citing": the punctuation belongs to the phrase
        right = rf"\s*(?i:{words(after)})(?!\w)"
    return left + _NAME + right


class OutletFinder:
    def __init__(
        self,
        outlets: Outlets,
        photo_line: Callable[[str], bool],
        copyright_marks: tuple[str, ...] = ("©",),
        rights_phrases: tuple[str, ...] = (),
    ):
        self.outlets = outlets
        self.photo_line = photo_line
        marks, rights = _alternation(list(copyright_marks)), _alternation(list(rights_phrases))
        self._copyright = re.compile(
            rf"(?:{marks})\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*[,.:]?\s*(?P<name>[^|;©\n]{{2,80}})", re.IGNORECASE
        )
        self._rights = re.compile(rf"[.,]?\s*(?:{rights}).*$", re.IGNORECASE)
        self._name_before_rights = re.compile(rf"^(?P<name>[^©|;\n]{{2,60}}?)[.,]?\s*(?:{rights})", re.IGNORECASE)
        self._self = _compile(outlets.phrases("self_reference"))
        self._follow = _compile(outlets.phrases("follow"))
        self._repost = _compile(outlets.phrases("repost"))
        told = _alternation(outlets.phrases("told"))
        self._told = re.compile(rf"(?<!\w)(?:{told})[ \t]+{_NAME}") if told != "(?!)" else re.compile("(?!)")

    def find(
        self,
        url: str | None,
        agency: str | None,
        body: str,
        header: list[str],
        furniture: list[str],
        site: str | None = None,
        named: list[str] | None = None,
    ) -> Found:
        """``site``: the name a title line carries ("Headline | Site"); ``named``: names the
        page gives as a source or byline ("Source: X", "By X"), taken only when known."""
        domain = url_domain(url)
        agency = agency or self.signature(body)
        if agency:
            return self._named(agency, domain)
        if domain:
            known = self.outlets.by_domain(domain)
            return Found(known.name if known else None, domain)
        cues: tuple[Callable[[], Found], ...] = (
            lambda: self._copyright_cue(furniture),
            lambda: self._photo_domain(furniture),
            lambda: self._masthead(header),
            lambda: self._named(site) if site else Found(),
            lambda: self._furniture_domain(header, furniture),
            lambda: self._phrase(self._self, body, 2),
            lambda: self._phrase(self._follow, "\n".join(furniture), None),
            lambda: self._told_cue(body),
            lambda: self._known(named or []),
            lambda: self._phrase(self._repost, "\n".join(furniture), None),
        )
        for cue in cues:
            found = cue()
            if found.outlet or found.domain:
                return found
        return Found()

    @staticmethod
    def signature(body: str) -> str | None:
        """The wire service signing the last paragraph: "... the minister said. (AGENCY)"."""
        m = SIGNATURE.search(body.rstrip())
        if not m or len(m.group(1).split()) > 3 or not all(w[:1].isupper() for w in m.group(1).split()):
            return None
        return m.group(1)

    def _known(self, names: list[str]) -> Found:
        for name in names:
            if known := self.outlets.by_name(name):
                return Found(known.name, known.domains[0] if known.domains else None)
        return Found()

    def site_of_title(self, line: str, page: list[str]) -> tuple[str, str] | None:
        """ "Headline | Site": the headline and the site, when the site is a known outlet, a
        domain, or a name another line of the page repeats (a masthead, a copyright line)."""
        parts = TITLE_SEPARATORS.split(line.strip())
        if len(parts) < 2:
            return None
        head, site = " ".join(parts[:-1]) if len(parts) > 2 else parts[0], parts[-1].strip()
        if len(head.split()) < 4 or not 0 < len(site.split()) <= 4 or not all(w[:1].isupper() for w in site.split()):
            return None
        elsewhere = any(site.lower() in other.lower() for other in page if other.strip() != line.strip())
        if self.outlets.by_name(site) or DOMAIN.fullmatch(site) or elsewhere:
            return head.strip(), site
        return None

    def _named(self, name: str, domain: str | None = None) -> Found:
        name = name.strip(' ."«»“”')
        known = self.outlets.by_name(name)
        if known is None and "." in name and (site := self.outlets.site_domain(name)):
            known = self.outlets.by_domain(site)
            if known is None:
                return Found(name, domain or site)
        if known:
            return Found(known.name, domain or (known.domains[0] if known.domains else None))
        return Found(name, domain)

    # -- copyright -------------------------------------------------------------------------

    def copyright_names(self, furniture: list[str]) -> list[str]:
        """Holders of the page's copyright lines ("© 2025 Name. All rights reserved."), last first."""
        names = []
        for line in reversed(furniture):
            if len(line.split()) > 20 or self.photo_line(line):  # "© Agency" under a picture
                continue
            m = self._copyright.search(line)
            if m:
                # the holder's name ends where its sentence does: "© 2025 Name. Other words."
                raw = self._rights.sub("", m.group("name"))
                name = re.split(r"(?<![A-Z])\.\s", raw)[0]
                name = re.sub(r"\s*[-–—]?\s*\d{4}(?:\s*[-–]\s*\d{4})?\.?\s*$", "", name).strip(" .,-–—")
            elif before := self._name_before_rights.match(line.strip()):
                name = before.group("name").strip(" .,-–—")
            else:
                continue
            if (name and len(name.split()) <= 6 and name[0].isupper()) or self.outlets.by_name(name):
                names.append(name)
        return names

    def _copyright_cue(self, furniture: list[str]) -> Found:
        names = self.copyright_names(furniture)
        return self._named(names[0]) if names else Found()

    # -- domains ---------------------------------------------------------------------------

    def _photo_domain(self, furniture: list[str]) -> Found:
        for line in furniture:
            if not self.photo_line(line):
                continue
            m = DOMAIN.search(line)
            # written in lower case, as addresses are ("A.Name" in "AP Photo/A.Name" is a person)
            if m and m.group(1) == m.group(1).lower() and (site := self.outlets.site_domain(m.group(1))):
                known = self.outlets.by_domain(site)
                return Found(known.name if known else None, site)
        return Found()

    def _furniture_domain(self, header: list[str], furniture: list[str]) -> Found:
        """The web domain the page's own furniture names most, below the body first."""
        counts: Counter[str] = Counter()
        for line in furniture[len(header) :] + header:
            for m in (*EMAIL_DOMAIN.finditer(line), *DOMAIN.finditer(line)):
                text = m.group(1)
                if text != text.lower() and text != text.upper():
                    continue  # "Name.Surname", "Image.JPG": not addresses
                if site := self.outlets.site_domain(_registered(text)):
                    counts[site] += 1
        if not counts:
            return Found()
        site = counts.most_common(1)[0][0]
        known = self.outlets.by_domain(site)
        return Found(known.name if known else None, site)

    def _masthead(self, header: list[str]) -> Found:
        for line in header[:4]:
            if len(line.split()) > 8:
                continue
            if known := self.outlets.leading(line):
                return Found(known.name, known.domains[0] if known.domains else None)
            domain = DOMAIN.fullmatch(line.strip())
            if domain and (site := self.outlets.site_domain(domain.group(1))):
                known = self.outlets.by_domain(site)
                return Found(known.name if known else line.strip(), site)
        return Found()

    # -- the page speaking of itself ------------------------------------------------------------

    def _phrase(self, patterns: list[re.Pattern[str]], text: str, limit: int | None) -> Found:
        """The first outlet named by a cue phrase (in the first ``limit`` paragraphs, if given)."""
        if limit is not None:
            text = "\n\n".join(p for p in text.split("\n\n")[:limit])
        found = [m for pattern in patterns for m in pattern.finditer(text) if len(m.group("outlet").rstrip(".")) >= 2]
        if not found:
            return Found()
        return self._named(min(found, key=lambda m: m.start("outlet")).group("outlet").rstrip("."))

    def _told_cue(self, body: str) -> Found:
        told = Counter(_key(m.group("outlet").rstrip(".")) for m in self._told.finditer(body))
        if not told:
            return Found()
        name, count = told.most_common(1)[0]
        if count < 3 or count * 2 <= sum(told.values()):
            return Found()
        known = self.outlets.by_name(name)
        if known:
            return Found(known.name, known.domains[0] if known.domains else None)
        return Found()


def _registered(domain: str) -> str:
    """ "english.outlet.com" and "www.outlet.com" stay whole; only www-like prefixes go."""
    return bare_domain(domain.lower())


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True)) or "(?!)"


def _compile(phrases: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(_template(p)) for p in phrases if "{outlet}" in p]
