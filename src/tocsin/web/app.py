"""The web app: the read API under ``/api/``, its OpenAPI description and the dashboard.

``create_app`` opens the store once; handlers are thin shells over
the query layer (``tocsin.query``). Errors are JSON: a parameter that does not parse
is a 400 or 422 saying what was expected.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from tocsin.store import Store
from tocsin.version import __version__
from tocsin.web import downloads, feeds
from tocsin.web.api import actors, documents, events, evidence, meta, stories
from tocsin.web.security import RefuseNul, SecurityHeaders

STATIC = Path(__file__).parent / "static"


def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422, with a one-line ``message`` a person can read first."""
    errors = exc.errors()
    first = errors[0] if errors else {}
    where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body"))
    message = f"{where}: {first.get('msg', 'invalid value')}" if where else first.get("msg", "invalid request")
    detail = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in errors]
    return JSONResponse({"detail": detail, "message": message}, status_code=422)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """A 405 names every method the path supports (Starlette names only one route's)."""
    if exc.status_code != 405:
        return await http_exception_handler(request, exc)
    path = request.url.path
    routes = [r for r in request.app.routes if isinstance(r, APIRoute) and r.path_regex.match(path)]
    allow = ", ".join(sorted({m for r in routes for m in r.methods or ()}))
    return JSONResponse({"detail": "Method Not Allowed"}, status_code=405, headers={"Allow": allow})


def create_app(
    db: str | None = None, write_token: str | None = None, allowed_hosts: list[str] | None = None
) -> FastAPI:
    """The app over the store at ``db``; writes are refused unless ``write_token`` (or
    ``$TOCSIN_WRITE_TOKEN``) is set. ``allowed_hosts`` guards against DNS rebinding."""
    app = FastAPI(
        title="Tocsin",
        version=__version__,
        description="Source-linked event data from regional security news. Read-only unless a write token is set.",
        docs_url=None,  # /docs below serves the vendored explorer: FastAPI's own loads it from a CDN
        redoc_url=None,
    )
    app.state.store = Store.open(db)
    app.state.write_token = write_token or os.environ.get("TOCSIN_WRITE_TOKEN") or None
    app.state.pipeline = None
    # the decorator form registers as add_exception_handler does, typed for narrower handlers
    app.exception_handler(RequestValidationError)(_validation_error)
    app.exception_handler(HTTPException)(_http_error)
    for module in (documents, events, stories, actors, evidence, meta, feeds, downloads):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def api_explorer() -> FileResponse:
        """The API explorer (Swagger UI, vendored: it works with the network off)."""
        return FileResponse(STATIC / "docs.html", headers={"Cache-Control": "no-cache"})

    app.add_middleware(RefuseNul)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    return app
