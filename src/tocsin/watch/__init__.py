"""Following sources: feeds, news sitemaps and single pages, polled politely, each new
article ingested once.

``config`` reads SOURCES.yaml; ``fetch`` is the well-behaved HTTP client (robots.txt,
per-host delay, retries, conditional GET, size and redirect limits); ``listings`` reads
feeds and sitemaps; ``tables`` and ``state`` keep what was seen in the store; ``poll``
takes one source in; ``runner`` is the loop behind ``tocsin watch``.
"""
