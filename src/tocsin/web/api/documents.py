"""Documents: the filtered list, one document as its full record, and the guarded ingest."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from pydantic import ValidationError

from tocsin import query
from tocsin.record import DocumentRecord
from tocsin.web import writes
from tocsin.web.models import BAD_REQUEST, DocumentSummary, IngestRequest, Page, Problem
from tocsin.web.params import Cursor, FilterDep, Limit, StoreDep, decode_cursor, page

router = APIRouter(tags=["documents"], responses=BAD_REQUEST)
DocId = Annotated[str, Path(max_length=64, description="The document's content id.")]


@router.get("/api/documents", response_model=Page[DocumentSummary])
def list_documents(store: StoreDep, flt: FilterDep, limit: Limit = 50, cursor: Cursor = None) -> dict:
    """Stored documents, newest first; `q` searches titles and text."""
    return page(query.page_documents, store, flt, limit, decode_cursor(cursor))


@router.get("/api/documents/{doc_id}", response_model=DocumentRecord, responses={404: {"model": Problem}})
def get_document(store: StoreDep, doc_id: DocId) -> DocumentRecord:
    """One document as its full record: text, actors, places, events, quotes, claims, threats."""
    record = store.get(doc_id)
    if record is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return record


@router.post(
    "/api/documents",
    response_model=DocumentRecord,
    status_code=201,
    responses={
        200: {"model": DocumentRecord, "description": "Already stored: the stored record"},
        401: {"model": Problem}, 403: {"model": Problem}, 413: {"model": Problem}, 422: {"model": Problem},
    },
    openapi_extra={
        "requestBody": {
            "required": True, "content": {"application/json": {"schema": IngestRequest.model_json_schema()}}
        },
        "security": [{"bearer": []}],
    },
)  # fmt: skip
async def ingest_document(
    request: Request, response: Response, store: StoreDep, _: Annotated[None, Depends(writes.authorised)]
) -> DocumentRecord:
    """Analyse one article and store it. Needs the write token as `Authorization: Bearer <token>`."""
    body = await writes.read_body(request)
    try:
        item = IngestRequest.model_validate_json(body)
    except ValidationError as exc:
        raise HTTPException(422, "body must be JSON: {text or html, url?, title?, published?, outlet?}: "
                            + "; ".join(e["msg"] for e in exc.errors()[:3])) from None  # fmt: skip
    if not (item.text or item.html):
        raise HTTPException(422, "give the article as text or html")
    record, new = await writes.analyse_and_store(request.app, store, item)
    if not new:
        response.status_code = 200
    return record
