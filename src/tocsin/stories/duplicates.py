"""Near-duplicate articles: syndicated copies and reposts that differ in their furniture.

Each document's cleaned text is cut into word shingles (``SHINGLE`` words) and summarised
by a MinHash signature of ``NUM_PERM`` permutations (datasketch). Locality-sensitive
hashing splits the signature into bands; documents sharing a band bucket are candidates,
and a candidate whose estimated Jaccard similarity is at least ``THRESHOLD`` (0.8) is a
near-duplicate. The band parameters are the ones datasketch's ``MinHashLSH`` chooses for
that threshold when a missed pair weighs nine times a needless comparison (``WEIGHTS``):
14 bands of 9 rows, so a pair at 0.85 becomes a candidate 97 % of the time and one at 0.9
99.9 %, while a pair at 0.5 is compared 3 % of the time (and then rejected by its estimate).

Signatures and buckets are stored (``minhashes``, ``minhash_bands``) in the same
transaction as the document, so finding the near-duplicates of a new article is one
indexed lookup however large the store is, and survives restarts and crashes. A
near-duplicate is stored with ``duplicate_of`` set to the earliest stored copy; it adds
an article and an outlet to its stories but never counts twice.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import Connection, insert, select

from tocsin.record import DocumentRecord
from tocsin.store import schema

THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 3
WEIGHTS = (0.1, 0.9)  # (false positive, false negative) weights for choosing the bands
WORD = re.compile(r"\w+", re.UNICODE)


@cache
def bands() -> tuple[int, int]:
    """(number of bands, rows per band) for the threshold, as datasketch optimises them."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=WEIGHTS)
    return lsh.b, lsh.r


def shingles(text: str) -> set[str]:
    words = [w.casefold() for w in WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of a text, or None when it has no words."""
    grams = shingles(text)
    if not grams:
        return None
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch([g.encode("utf-8") for g in grams])
    sig: np.ndarray = mh.hashvalues.astype(np.uint64)
    return sig


def buckets(sig: np.ndarray) -> list[tuple[int, str]]:
    b, r = bands()
    return [(i, hashlib.sha1(sig[i * r : (i + 1) * r].tobytes()).hexdigest()) for i in range(b)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of two shingle sets."""
    return float(np.mean(a == b))


def find(conn: Connection, sig: np.ndarray, exclude: str | None = None) -> list[tuple[str, float]]:
    """Stored documents whose text is a near-duplicate of the signature's, most similar first."""
    mb, mh, d = schema.minhash_bands.c, schema.minhashes.c, schema.documents.c
    candidates: set[str] = set()
    for band, bucket in buckets(sig):
        candidates.update(conn.execute(select(mb.doc_id).where(mb.band == band, mb.bucket == bucket)).scalars())
    candidates.discard(exclude)
    if not candidates:
        return []
    rows = conn.execute(
        select(mh.doc_id, mh.signature)
        .join(schema.documents, d.id == mh.doc_id)  # only documents that were really stored
        .where(mh.doc_id.in_(candidates))
    ).all()
    found = [(doc_id, similarity(sig, np.frombuffer(raw, dtype=np.uint64))) for doc_id, raw in rows]
    return sorted((f for f in found if f[1] >= THRESHOLD), key=lambda f: (-f[1], f[0]))


def link(conn: Connection, record: DocumentRecord, sig: np.ndarray | None = None) -> str | None:
    """Index a new record's signature and set ``record.duplicate_of`` to the earliest copy of
    the text already stored (following an earlier duplicate to its original). Runs inside the
    record's write transaction; ``sig`` is its signature when already computed."""
    sig = signature(record.text) if sig is None else sig
    if sig is None:
        return None
    found = find(conn, sig, exclude=record.id)
    if found:
        record.duplicate_of = _original(conn, [doc_id for doc_id, _ in found])
    _index(conn, record.id, sig)
    return record.duplicate_of


def _original(conn: Connection, doc_ids: list[str]) -> str:
    d = schema.documents.c
    rows = conn.execute(select(d.id, d.duplicate_of, d.seq, d.ingested_at).where(d.id.in_(doc_ids))).all()
    first = min(rows, key=lambda r: (r.seq is None, r.seq or 0, r.ingested_at, r.id))
    original: str = first.duplicate_of or first.id
    return original


def _index(conn: Connection, doc_id: str, sig: np.ndarray) -> None:
    mh, mb = schema.minhashes, schema.minhash_bands
    if conn.execute(select(mh.c.doc_id).where(mh.c.doc_id == doc_id)).first():
        return
    conn.execute(insert(mh).values(doc_id=doc_id, signature=sig.tobytes()))
    conn.execute(insert(mb), [{"band": b, "bucket": k, "doc_id": doc_id} for b, k in buckets(sig)])
