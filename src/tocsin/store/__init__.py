"""The store: documents and their flat projections, on SQLite by default or any
SQLAlchemy URL (PostgreSQL). Each document is written in one transaction."""

from tocsin.store.database import Store, database_url

__all__ = ["Store", "database_url"]
