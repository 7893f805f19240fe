"""Documents: the filtered list (summaries, no text) and full-text search with highlights."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, Select, func, literal_column, or_, select, text, true

from tocsin.query.filters import Filter, contains
from tocsin.query.paging import Key, Page, Row, every, keyset
from tocsin.store import schema
from tocsin.store.database import Store


def _fts_words(query: str) -> str:
    """Each word as a quoted FTS5 string, so user input is never query syntax."""
    return " ".join(f'"{w}"' for w in query.replace('"', " ").replace("\x00", " ").split())


def full_text(store: Store, query: str) -> ColumnElement[bool]:
    d = schema.documents.c
    if store.sqlite:
        words = _fts_words(query)
        if not words:
            return true()
        hits: Select[str] = (
            select(literal_column("doc_id"))
            .select_from(text("documents_fts"))
            .where(text("documents_fts MATCH :fts").bindparams(fts=words))
        )
        return d.id.in_(hits)
    document = func.to_tsvector("simple", func.coalesce(d.title, "") + " " + d.text)
    return document.op("@@")(func.plainto_tsquery("simple", query))


def document_clauses(store: Store, flt: Filter) -> list[ColumnElement[bool]]:
    d, a, p, e = schema.documents.c, schema.actors.c, schema.places.c, schema.events.c
    out: list[ColumnElement[bool]] = []
    if flt.since:
        out.append(d.published >= flt.since)
    if flt.until:
        out.append(d.published <= flt.until + "~")
    if flt.country:
        out.append(
            or_(
                d.id.in_(select(a.doc_id).where(a.country == flt.country)),
                d.id.in_(select(p.doc_id).where(p.country == flt.country)),
            )
        )
    if flt.actor:
        out.append(d.id.in_(select(a.doc_id).where(or_(a.actor_id == flt.actor, contains(a.name, flt.actor)))))
    if flt.type:
        out.append(d.id.in_(select(e.doc_id).where(e.type == flt.type)))
    if flt.bbox:
        lon0, lat0, lon1, lat1 = flt.bbox
        out.append(d.id.in_(select(p.doc_id).where(p.lon >= lon0, p.lon <= lon1, p.lat >= lat0, p.lat <= lat1)))
    if flt.story_id:
        out.append(d.id.in_(select(e.doc_id).where(e.story_id == flt.story_id)))
    if flt.doc_id:
        out.append(d.id == flt.doc_id)
    if flt.outlet:
        out.append(or_(d.outlet == flt.outlet, d.domain == flt.outlet))
    if flt.q:
        out.append(full_text(store, flt.q))
    return out


def page_documents(store: Store, flt: Filter, limit: int = 50, after: Key | None = None) -> Page:
    """Document summaries (no text), newest publication first."""
    d, e, a = schema.documents, schema.events.c, schema.actors.c
    query = select(
        d.c.id, d.c.title, d.c.published, d.c.outlet, d.c.url, d.c.domain, d.c.language, d.c.duplicate_of,
        select(func.count()).where(e.doc_id == d.c.id).scalar_subquery().label("events"),
        select(func.count()).where(a.doc_id == d.c.id).scalar_subquery().label("actors"),
    ).where(*document_clauses(store, flt))  # fmt: skip
    return keyset(store, query, [d.c.published, d.c.id], limit, after, ["published", "id"])


def iter_documents(store: Store, flt: Filter) -> Iterator[Row]:
    return every(page_documents, store, flt)


def count_documents(store: Store, flt: Filter) -> int:
    d = schema.documents
    with store.engine.connect() as conn:
        query = select(func.count()).select_from(d).where(*document_clauses(store, flt))
        return conn.execute(query).scalar_one()


HIGHLIGHT = ("\x02", "\x03")  # start and end of a matched word in a snippet; never in article text


def search(store: Store, query: str, limit: int = 20) -> list[Row]:
    """Full-text search over titles and bodies, best first. Each hit's ``snippet`` marks the
    matched words with ``HIGHLIGHT`` characters, which no article text contains, so a caller
    can show them as it likes (bold in a terminal, <mark> in a page) without parsing markup."""
    start, end = HIGHLIGHT
    words = _fts_words(query)
    if not words:
        return []
    with store.engine.connect() as conn:
        if store.sqlite:
            rows = conn.execute(
                text(
                    "SELECT f.doc_id, d.title, d.published, d.outlet, "
                    "snippet(documents_fts, 2, :s, :e, ' … ', 12) AS snippet "
                    "FROM documents_fts f JOIN documents d ON d.id = f.doc_id "
                    "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"
                ),
                {"q": words, "n": limit, "s": start, "e": end},
            ).mappings()
        else:
            rows = conn.execute(
                text(
                    "SELECT id AS doc_id, title, published, outlet, "
                    "ts_headline('simple', text, plainto_tsquery('simple', :q), "
                    "'StartSel=' || :s || ', StopSel=' || :e || ', MaxWords=24, MinWords=8') AS snippet "
                    "FROM documents WHERE to_tsvector('simple', coalesce(title, '') || ' ' || text) "
                    "@@ plainto_tsquery('simple', :q) LIMIT :n"
                ),
                {"q": query, "n": limit, "s": start, "e": end},
            ).mappings()
        return [dict(r) for r in rows]
