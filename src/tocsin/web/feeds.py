"""``/alerts.atom``: the alerts as an Atom feed any feed reader can follow."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tocsin.notify.atom import feed

router = APIRouter()


@router.get("/alerts.atom", response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def alerts_atom(request: Request) -> Response:
    """New alerts and alarms, newest first, each with the articles behind it as links."""
    body = feed(request.app.state.store, str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")
