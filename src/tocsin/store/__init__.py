"""The store: documents and their flat projections, on SQLite by default or any
SQLAlchemy URL (PostgreSQL). Each document is written in one transaction."""

from tocsin.store.database import Store, database_url
from tocsin.store.setup import StoreError

__all__ = ["Store", "StoreError", "database_url"]
