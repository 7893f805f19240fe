"""SOURCES.yaml: the sources to follow and where to send what they raise.

```yaml
sources:
  - {name: Pamir Dispatch, url: "https://news.example/rss.xml", kind: feed, language: en, every: 15m}
  - {name: Steppe Ledger, url: "https://ledger.example/sitemap-news.xml", kind: sitemap}
  - {name: Border post, url: "https://post.example/article.html", kind: page, every: 1h}
notify:
  - {webhook: "https://hooks.example/tocsin", secret_env: TOCSIN_HOOK_SECRET}
  - {smtp: "smtp://localhost:25", to: ["analyst@example.org"], from: "tocsin@example.org"}
fetch: {user_agent: "Tocsin (+mailto:ops@example.org)", delay: 2s, timeout: 20s, max_mb: 5}
archive: var/watch.warc.gz
```

Every mistake is reported with where it is (``sources[2].every: ...``) before anything runs.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

KINDS = ("feed", "sitemap", "page")
DEFAULT_EVERY = 15 * 60.0
MIN_EVERY = 60.0  # politeness: no site is polled more often, whatever the file says
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


class ConfigError(ValueError):
    """A SOURCES.yaml that cannot be used, with where the problem is."""


def duration(value: Any, where: str) -> float:
    """``15m``, ``30s``, ``2h``, ``1d``, ``500ms`` or a number of seconds, as seconds."""
    found = _DURATION.match(str(value))
    if not found or isinstance(value, bool):
        raise ConfigError(f"{where}: {value!r} is not a duration (e.g. 30s, 15m, 2h)")
    return float(found.group(1)) * _UNITS[found.group(2)]


def http_url(value: Any, where: str) -> str:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname:
        raise ConfigError(f"{where}: {value!r} is not an http(s) URL")
    return value


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str = "feed"
    language: str | None = None
    every: float = DEFAULT_EVERY


@dataclass(frozen=True)
class Webhook:
    url: str
    secret: bytes = field(repr=False)
    secret_env: str = ""

    @property
    def key(self) -> str:
        return f"webhook:{self.url}"


@dataclass(frozen=True)
class Smtp:
    url: str
    to: tuple[str, ...]
    sender: str
    password: str | None = field(default=None, repr=False)

    @property
    def key(self) -> str:
        return f"smtp:{self.url}:{','.join(self.to)}"


Channel = Webhook | Smtp


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str | None = None
    delay: float = 1.0  # seconds between two requests to one host (robots.txt may ask for more)
    timeout: float = 20.0  # for one whole request
    max_bytes: int = 5 * 2**20
    retries: int = 3


@dataclass(frozen=True)
class WatchConfig:
    sources: tuple[Source, ...]
    channels: tuple[Channel, ...] = ()
    fetch: FetchSettings = FetchSettings()
    archive: Path | None = None


def _source(item: Any, where: str) -> Source:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a mapping with name, url and kind")
    unknown = set(item) - {"name", "url", "kind", "language", "every"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    url = http_url(item.get("url"), f"{where}.url")
    kind = item.get("kind", "feed")
    if kind not in KINDS:
        raise ConfigError(f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}")
    name = str(item.get("name") or urlsplit(url).hostname)
    every = duration(item.get("every", DEFAULT_EVERY), f"{where}.every")
    if every < MIN_EVERY:
        raise ConfigError(f"{where}.every: a source is polled at most once a minute (give 1m or more)")
    language = item.get("language")
    return Source(name=name, url=url, kind=kind, language=str(language) if language else None, every=every)


def _secret(item: dict, key: str, where: str, required: bool) -> str | None:
    name = item.get(key)
    if name is None:
        if required:
            raise ConfigError(f"{where}: needs {key} naming the environment variable that holds the secret")
        return None
    value = os.environ.get(str(name))
    if not value:
        raise ConfigError(f"{where}.{key}: the environment variable {name} is not set")
    return value


def _channel(item: Any, where: str) -> Channel:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a mapping with webhook or smtp")
    if "webhook" in item:
        url = http_url(item["webhook"], f"{where}.webhook")
        secret = _secret(item, "secret_env", where, required=True) or ""
        return Webhook(url=url, secret=secret.encode("utf-8"), secret_env=str(item["secret_env"]))
    if "smtp" in item:
        url = str(item["smtp"])
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps", "smtp+starttls") or not parts.hostname:
            raise ConfigError(f"{where}.smtp: {url!r} is not smtp://host[:port] (or smtps://, smtp+starttls://)")
        to = item.get("to")
        to = [to] if isinstance(to, str) else to
        if not to or not all(isinstance(a, str) and "@" in a for a in to):
            raise ConfigError(f"{where}.to: give one address or a list of addresses")
        sender = item.get("from")
        if not isinstance(sender, str) or "@" not in sender:
            raise ConfigError(f"{where}.from: give the sender's address")
        password = _secret(item, "password_env", where, required=False)
        return Smtp(url=url, to=tuple(to), sender=sender, password=password)
    raise ConfigError(f"{where}: a channel is either webhook: URL or smtp: URL")


def _fetch(item: Any) -> FetchSettings:
    if item is None:
        return FetchSettings()
    if not isinstance(item, dict):
        raise ConfigError("fetch: expected a mapping")
    defaults = FetchSettings()
    return FetchSettings(
        user_agent=str(item["user_agent"]) if item.get("user_agent") else None,
        delay=duration(item.get("delay", defaults.delay), "fetch.delay"),
        timeout=duration(item.get("timeout", defaults.timeout), "fetch.timeout"),
        max_bytes=int(float(item.get("max_mb", defaults.max_bytes / 2**20)) * 2**20),
        retries=int(item.get("retries", defaults.retries)),
    )


def parse(data: Any, base: Path | None = None) -> WatchConfig:
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or not data["sources"]:
        raise ConfigError("expected a mapping with a non-empty 'sources' list")
    sources = tuple(_source(item, f"sources[{i}]") for i, item in enumerate(data["sources"]))
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"sources: each name must be used once ({', '.join(twice)})")
    channels = tuple(_channel(item, f"notify[{i}]") for i, item in enumerate(data.get("notify") or []))
    archive = data.get("archive")
    return WatchConfig(
        sources=sources,
        channels=channels,
        fetch=_fetch(data.get("fetch")),
        archive=(base or Path.cwd()) / archive if archive else None,
    )


def load(path: str | Path) -> WatchConfig:
    """Read and check a SOURCES.yaml; raises ``ConfigError`` saying what is wrong and where."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"{path}: {err.strerror or err}") from None
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML ({str(err).splitlines()[0]})") from None
    try:
        return parse(data, path.parent)
    except ConfigError as err:
        raise ConfigError(f"{path}: {err}") from None
