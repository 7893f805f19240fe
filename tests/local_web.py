"""Servers on loopback for the watch tests: a news site whose pages can misbehave on
purpose, a webhook receiver and an SMTP sink. Everything they serve is invented."""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes
    type: str = "text/html; charset=utf-8"
    etag: bool = True  # answer conditional requests with 304 when nothing changed
    first: list[tuple[int, dict]] = field(default_factory=list)  # answers before the real one
    slow_first: float = 0.0  # the first request waits this long before answering
    redirect: str | None = None


@dataclass
class Hit:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    status: int = 0


class Site:
    """A web server whose pages the test sets and changes; it logs every request."""

    def __init__(self, accept_posts: int | None = None):
        self.pages: dict[str, Page] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.fail_posts = 0  # answer this many POSTs with 500 before accepting
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args) -> None:
                pass

            def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                hit = Hit("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
                with site.lock:
                    site.hits.append(hit)
                    page = site.pages.get(self.path)
                    answer = page.first.pop(0) if page and page.first else None
                    slow, page_slow = 0.0, page
                    if page and page.slow_first:
                        slow, page.slow_first = page.slow_first, 0.0
                if page_slow is None:
                    hit.status = 404
                    return self._send(404, b"not here")
                if slow:
                    time.sleep(slow)
                if answer:
                    hit.status = answer[0]
                    return self._send(answer[0], b"try later", answer[1])
                if page.redirect:
                    hit.status = 301
                    return self._send(301, b"", {"Location": page.redirect})
                tag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
                if page.etag and self.headers.get("If-None-Match") == tag:
                    hit.status = 304
                    return self._send(304, b"", {"ETag": tag})
                hit.status = 200
                self._send(200, page.body, {"Content-Type": page.type, **({"ETag": tag} if page.etag else {})})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                hit = Hit("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
                with site.lock:
                    site.hits.append(hit)
                    failing = site.fail_posts > 0
                    site.fail_posts -= 1 if failing else 0
                hit.status = 500 if failing else 204
                self._send(hit.status)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: str | bytes, **kw) -> None:
        with self.lock:
            self.pages[path] = Page(body.encode("utf-8") if isinstance(body, str) else body, **kw)

    def requested(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path and h.method == "GET"]

    def posts(self, status: int | None = None) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.method == "POST" and (status is None or h.status == status)]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailSink:
    """An SMTP server (aiosmtpd) on loopback that keeps every message it is given."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        sink = self

        class Handler:
            async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 - aiosmtpd's hook name
                sink.messages.append(message_from_bytes(envelope.content))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.controller.stop()
