"""The web app (``tocsin serve``): a read API and the analyst's dashboard, offline."""

from tocsin.web.app import create_app

__all__ = ["create_app"]
