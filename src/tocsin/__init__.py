"""Tocsin: early-warning event data from regional security news.

In a notebook::

    import tocsin
    store = tocsin.open("var/demo.db")
    store.events(country="TJK", since="2025-07").to_pandas()
"""

from tocsin.version import __version__


def open(db: str | None = None, *, create: bool = False):  # noqa: A001 - tocsin.open reads like the built-in
    """The store at ``db`` (a SQLite file or an SQLAlchemy URL) for reading; see ``tocsin.dataset``."""
    from tocsin.dataset import Dataset

    return Dataset.open(db, create=create)


__all__ = ["__version__", "open"]
