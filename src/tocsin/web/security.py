"""Response headers that keep the dashboard's pages inert whatever an article contains.

The policy allows scripts, styles and data only from this server: no inline script, no
eval, no framing. ``nosniff`` stops a JSON or CSV body from being read as HTML.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware on every request)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RefuseNul:
    """A request whose path or query holds a NUL character is a 400, before any handler:
    no database accepts NUL inside text, and no id or filter contains one."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_nul(scope):
            body = json.dumps({"detail": "the request's path or query contains a NUL character"}).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS]
            await send({"type": "http.response.start", "status": 400, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _has_nul(scope: Scope) -> bool:
    raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
    query = scope.get("query_string", b"")
    return "\x00" in scope.get("path", "") or any(b"\x00" in part or b"%00" in part.lower() for part in (raw, query))
