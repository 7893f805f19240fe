"""Telling people: each new alert, and each new threat assessment at level ``alarm``, is
raised once (``raise_new``) and delivered once to every configured channel — a signed
webhook, email over SMTP — and listed in the Atom feed ``/alerts.atom``.

``tables`` holds what was raised and each delivery's state; ``messages`` words them;
``channels`` sends; ``outbox`` raises, queues, delivers and retries with backoff;
``atom`` writes the feed.
"""
