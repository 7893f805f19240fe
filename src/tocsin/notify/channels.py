"""Sending one payload to one channel; a failure raises ``DeliveryError`` saying why.

**Webhook**: a JSON ``POST``; the body is signed with HMAC-SHA256 under the secret from
the environment and the signature sent as ``X-Tocsin-Signature: sha256=<hex>``. The
receiver recomputes it over the raw body and compares in constant time. Each delivery
carries ``X-Tocsin-Delivery`` (the same on a retry), so a receiver can drop a repeat.
Redirects are not followed. **SMTP**: a plain-text email; ``smtps://`` is TLS from the
start, ``smtp+starttls://`` upgrades; a user in the URL logs in with the password from
``password_env``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

import httpx

from tocsin.notify.messages import as_text
from tocsin.watch.config import Channel, Smtp, Webhook
from tocsin.watch.fetch import USER_AGENT

TIMEOUT = 10.0
SIGNATURE_HEADER = "X-Tocsin-Signature"


class DeliveryError(Exception):
    pass


def sign(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def verify(secret: bytes, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), signature or "")


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def send(channel: Channel, payload: dict, delivery: str) -> None:
    if isinstance(channel, Webhook):
        _webhook(channel, payload, delivery)
    else:
        _smtp(channel, payload, delivery)


def _webhook(hook: Webhook, payload: dict, delivery: str) -> None:
    body = body_of(payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(hook.secret, body),
        "X-Tocsin-Event": payload["type"],
        "X-Tocsin-Delivery": delivery,
    }
    try:
        answer = httpx.post(hook.url, content=body, headers=headers, timeout=TIMEOUT, follow_redirects=False)
    except httpx.HTTPError as err:
        raise DeliveryError(f"{type(err).__name__}: {err}") from None
    if not 200 <= answer.status_code < 300:
        raise DeliveryError(f"HTTP {answer.status_code}")


def _smtp(mail: Smtp, payload: dict, delivery: str) -> None:
    parts = urlsplit(mail.url)
    if not parts.hostname:  # the watch config refuses such a URL; a channel built by hand may not
        raise DeliveryError(f"no SMTP host in {mail.url!r}")
    host = parts.hostname
    message = EmailMessage()
    message["Subject"] = f"Tocsin: {payload['title']}"[:200]
    message["From"] = mail.sender
    message["To"] = ", ".join(mail.to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=hashlib.sha1(delivery.encode()).hexdigest()[:16], domain="tocsin")
    message["X-Tocsin-Delivery"] = delivery
    message.set_content(as_text(payload))
    secure = parts.scheme == "smtps"
    port = parts.port or (465 if secure else 25)
    try:
        cls = smtplib.SMTP_SSL if secure else smtplib.SMTP
        with cls(host, port, timeout=TIMEOUT) as client:
            if parts.scheme == "smtp+starttls":
                client.starttls()
            if parts.username:
                client.login(unquote(parts.username), mail.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as err:
        raise DeliveryError(f"{type(err).__name__}: {err}") from None
