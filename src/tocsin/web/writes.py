"""The one write path: ``POST /api/documents``, open only with the configured token.

Without a token the app is read-only. The token is compared in constant time, the body
is read with a hard size cap, and the analysis pipeline is built once, on first use.
"""

from __future__ import annotations

import hmac
import threading

from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from tocsin.article import Article
from tocsin.record import DocumentRecord
from tocsin.store import Store
from tocsin.web.models import IngestRequest

MAX_BODY = 2 * 2**20  # bytes

_lock = threading.Lock()


def authorised(request: Request) -> None:
    token = request.app.state.write_token
    if not token:
        raise HTTPException(403, "this server is read-only: start it with --write-token to accept documents")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "a valid 'Authorization: Bearer <token>' header is required",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"an article may be at most {limit // 2**20} MiB")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"an article may be at most {limit // 2**20} MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _pipeline(app: FastAPI):
    with _lock:
        if getattr(app.state, "pipeline", None) is None:
            from tocsin.pipeline import Pipeline

            app.state.pipeline = Pipeline()
        return app.state.pipeline


def _analyse_and_store(app: FastAPI, store: Store, item: IngestRequest) -> tuple[DocumentRecord, bool]:
    from tocsin.stories import incremental

    article = Article(path=None, text=item.text if not item.html else None, html=item.html, url=item.url,
                      title=item.title, published=item.published, outlet=item.outlet)  # fmt: skip
    pipeline = _pipeline(app)
    with _lock:  # one analysis at a time: the pipeline holds one spaCy model
        docs = list(pipeline.process([article], skip=lambda d: store.has(d.record.id)))
    if not docs:
        # skipped as already stored: the text hashed to a known id
        known = pipeline_id(pipeline, article)
        record = store.get(known) if known else None
        if record is None:
            raise HTTPException(422, "the article could not be analysed")
        return record, False
    record = docs[0].record
    if not record.text.strip():
        raise HTTPException(422, "no article text is left after cleaning")
    if not incremental.save(store, record):
        return store.get(record.id) or record, False
    return record, True


def pipeline_id(pipeline, article: Article) -> str | None:
    from tocsin.pipeline import new_document

    doc = new_document(article)
    pipeline.prepare([doc])
    return doc.record.id or None


async def analyse_and_store(app: FastAPI, store: Store, item: IngestRequest) -> tuple[DocumentRecord, bool]:
    return await run_in_threadpool(_analyse_and_store, app, store, item)
