"""Tables built from installed packages, pickled in the user cache directory.

Some knowledge is derived from large package files (GeoNames' 60 MB of cities): building
it takes seconds, and every process that reads news in the languages that need it would
pay that again. The built table is kept on disk under a key made of everything it was
built from, so a new package version or a changed builder rebuilds it; a cache that cannot
be written costs time, never correctness.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_key(builder: Path, packages: Iterable[str], inputs: Iterable[Path], version: object = 1) -> str:
    """A digest of the builder's source, the packages' versions and the input files."""
    digest = hashlib.sha1(str(version).encode())
    digest.update(builder.read_bytes())
    for package in packages:
        digest.update(metadata.version(package).encode())
    for path in inputs:
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:12]


def cache_path(name: str, key: str) -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tocsin")) / f"{name}-{key}.pickle"


def on_disk(name: str, key: str, build: Callable[[], T]) -> T:
    """The table ``name`` for ``key`` from the cache, else built by ``build`` and cached
    (older builds of the same table are removed)."""
    path = cache_path(name, key)
    try:
        with path.open("rb") as fh:
            value: T = pickle.load(fh)
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in path.parent.glob(f"{name}-*.pickle"):  # superseded builds
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache costs time, not correctness
    return value
