"""The knowledge base: loaders for the data files under ``tocsin/data/``.

The files ship inside the package; ``$TOCSIN_DATA`` points at another copy (a user's
extended knowledge base) and wins when set.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The knowledge base folder: ``$TOCSIN_DATA`` or the copy shipped in the package."""
    env = os.environ.get("TOCSIN_DATA")
    return Path(env) if env else PACKAGE_DATA
