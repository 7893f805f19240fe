"""The knowledge base: loaders for the data files under ``tocsin/data/``.

The files ship inside the package; ``$TOCSIN_DATA`` points at another copy (a user's
extended knowledge base) and wins when set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import IO, Any

import yaml

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The knowledge base folder: ``$TOCSIN_DATA`` or the copy shipped in the package."""
    env = os.environ.get("TOCSIN_DATA")
    return Path(env) if env else PACKAGE_DATA


class _WordsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML with only ``true``/``false`` as booleans: in word lists "on", "off", "yes" and
    "no" are words (YAML 1.1 would read ``context: [on, at]`` as ``[True, "at"]``)."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(stream: str | bytes | IO[str]) -> Any:
    """A knowledge-base YAML file's content, read the way its words are written."""
    return yaml.load(stream, Loader=_WordsLoader)  # noqa: S506 - a safe loader
