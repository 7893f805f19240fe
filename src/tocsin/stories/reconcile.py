"""Claim reconciliation: the same number about the same thing, across sources.

Two claims are about the same thing when their attribute is the same and their subjects
name the same things: each subject is reduced to a set of keys — country names, adjectives
and demonyms become the country's ISO-3 code (so "Tajik-Afghan border" and "border between
Tajikistan and Afghanistan" meet), other words are case-folded and lose a plural "s", and
filler words go — and the two sets must have a Jaccard similarity of at least
``SUBJECT_MATCH`` (so one extra word in four is tolerated, "Uzbek-Afghan border" is not the
"Tajik-Afghan border").

Values are compared in a common unit (``UNITS``). When they differ by more than
``TOLERANCE`` (3 % of the larger value) across two different, independent documents (a
near-duplicate is not a second source) reported within ``WINDOW_DAYS`` of each other, they
disagree. Disagreements are stored once per pair of stories, attribute and subject, not
per pair of claims: a claim belongs to the story of its document's event told nearest to
it (``claim_story``: the event whose evidence overlaps the claim's, else the closest in the
text; a document without stories is a story of its own), and the row keeps the most
divergent pair of values found between the two stories, both claims' ids and evidence,
and how many disagreeing pairs of claims are behind it (``pairs``). Two stories that
report one figure each way on a subject make one row however many articles repeat them;
two independent articles of one story that differ make a row of the story with itself. A
new claim is
compared only with the claims found through ``claim_keys`` (same attribute, a subject key
in common, inside the window), and of those with the ``NEAREST`` reported closest before
its article's day and as many after, for each key of its subject: so its cost does not
grow with the store, nor with how often a subject recurs in a year ("killing" and
"troops" come back every week). A figure reported earlier than that many others on the
same subject is not compared again; what was stored stays. Values within
the tolerance agree, and agreement from independent outlets raises the claim's confidence
(``consensus``). Hedged values ("over", "about") are compared as given: the tolerance is
meant to absorb rounding, not a different figure.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, insert, or_, select, update

from tocsin.knowledge.base import Knowledge
from tocsin.store import Store, schema

TOLERANCE = 0.03
WINDOW_DAYS = 365  # claims are compared with claims reported this many days before or after
NEAREST = 25  # ... at most this many on each side of the article's day, per subject key, the nearest first
SUBJECT_MATCH = 0.75
ClaimRow = dict[str, Any]  # a stored claim with its document's outlet, domain and original
# unit -> (dimension, factor to the dimension's base unit)
UNITS = {
    "km": ("length", 1000.0), "kilometer": ("length", 1000.0), "kilometre": ("length", 1000.0),
    "m": ("length", 1.0), "meter": ("length", 1.0), "metre": ("length", 1.0),
    "mi": ("length", 1609.344), "mile": ("length", 1609.344),
    "thousand": ("count", 1000.0), "million": ("count", 1e6), "billion": ("count", 1e9),
}  # fmt: skip
FILLER = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "between",
        "with",
        "and",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "from",
        "its",
        "their",
        "this",
        "that",
        "which",
        "who",
        "along",
        "across",
    }
)
WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=4)
def _country_names(knowledge: Knowledge) -> dict[tuple[str, ...], str]:
    """Case-folded word sequences naming a country (names, adjectives, nationals) -> ISO-3."""
    out: dict[tuple[str, ...], str] = {}
    for iso3, state in knowledge.states.items():
        for name in [*state.names, *state.adjectives, *state.people]:
            words = tuple(w.casefold() for w in WORD.findall(name))
            if words:
                out.setdefault(words, iso3)
    return out


def subject_key(subject: str, knowledge: Knowledge | None = None) -> frozenset[str]:
    """The set of keys a subject is compared by (see the module docstring), with the country
    names of ``knowledge`` (default: ``Knowledge.at()``)."""
    return _subject_key(subject, knowledge or Knowledge.at())


@lru_cache(maxsize=65536)
def _subject_key(subject: str, knowledge: Knowledge) -> frozenset[str]:
    words = [w.casefold() for w in WORD.findall(subject)]
    names = _country_names(knowledge)
    longest = max((len(k) for k in names), default=1)
    keys: set[str] = set()
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            iso3 = names.get(tuple(words[i : i + n]))
            if iso3:
                keys.add(iso3)
                i += n
                break
        else:
            word = words[i]
            if word not in FILLER:
                keys.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
            i += 1
    return frozenset(keys)


def same_subject(a: str, b: str, knowledge: Knowledge | None = None) -> bool:
    ka, kb = subject_key(a, knowledge), subject_key(b, knowledge)
    if not ka or not kb:
        return False
    return len(ka & kb) / len(ka | kb) >= SUBJECT_MATCH


def in_base_unit(value: float, unit: str | None) -> tuple[str | None, float]:
    """(dimension, value) with the value in the dimension's base unit; unknown units stay as
    they are (their dimension is the unit itself)."""
    if not unit:
        return None, value
    name = unit.strip().casefold().rstrip(".")
    name = name[:-1] if name.endswith("s") and name[:-1] in UNITS else name
    if name in UNITS:
        dimension, factor = UNITS[name]
        return dimension, value * factor
    return name, value


def relative_difference(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


def comparable(claim_a: ClaimRow, claim_b: ClaimRow, knowledge: Knowledge | None = None) -> float | None:
    """The relative difference of two claims' values, or None when they are not about the
    same subject, attribute and kind of unit."""
    if claim_a["attribute"] != claim_b["attribute"] or not same_subject(
        claim_a["subject"], claim_b["subject"], knowledge
    ):
        return None
    dim_a, va = in_base_unit(claim_a["value"], claim_a["unit"])
    dim_b, vb = in_base_unit(claim_b["value"], claim_b["unit"])
    if dim_a and dim_b and dim_a != dim_b:
        return None
    return relative_difference(va, vb)


def _claims(conn: Connection, where: ColumnElement[bool]) -> list[ClaimRow]:
    c, d = schema.claims.c, schema.documents.c
    query = (
        select(
            c.doc_id,
            c.idx,
            c.subject,
            c.attribute,
            c.value,
            c.unit,
            c.approximate,
            c.evidence,
            c.start,
            c.end,
            d.duplicate_of,
            d.outlet,
            d.domain,
        )
        .join(schema.documents, d.id == c.doc_id)
        .where(where)
        .order_by(c.doc_id, c.idx)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def _claims_of(conn: Connection, keys: list[tuple[str, int]]) -> list[ClaimRow]:
    """The claims (document, index) ``keys``, read through their documents: SQLite answers
    a pair of columns ``IN`` a list by reading every claim."""
    wanted = set(keys)
    found = _claims(conn, schema.claims.c.doc_id.in_(sorted({doc for doc, _ in wanted})))
    return [claim for claim in found if (claim["doc_id"], claim["idx"]) in wanted]


def _independent(a: ClaimRow, b: ClaimRow) -> bool:
    root_a, root_b = a["duplicate_of"] or a["doc_id"], b["duplicate_of"] or b["doc_id"]
    return bool(root_a != root_b)


def reconcile_document(conn: Connection, doc_id: str) -> list[str]:
    """Compare a new document's claims with the stored claims of the same attribute whose
    subject shares a key with theirs and whose article reported within ``WINDOW_DAYS``
    (found through ``claim_keys``, never by reading every claim); store what disagrees, one
    row per pair of stories, attribute and subject, and return the ids of the rows written
    or updated. Runs inside the document's write transaction, after its stories."""
    c, k = schema.claims.c, schema.claim_keys
    knowledge = Knowledge.of(conn)
    conn.execute(delete(k).where(k.c.doc_id == doc_id))
    found: list[str] = []
    mine = _claims(conn, c.doc_id == doc_id)
    if not mine or mine[0]["duplicate_of"]:
        return found  # a copy says what its original says
    day = _day(conn, doc_id)
    keyed = [
        {"doc_id": doc_id, "idx": m["idx"], "key": key, "attribute": m["attribute"], "day": day}
        for m in mine
        for key in sorted(subject_key(m["subject"], knowledge))
    ]
    if keyed:
        conn.execute(insert(k), keyed)
    lo, hi = (date.fromisoformat(day) + timedelta(days=n * WINDOW_DAYS) for n in (-1, 1))
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for claim in mine:
        keys = sorted(subject_key(claim["subject"], knowledge))
        pairs = sorted({pair for key in keys for pair in _nearest(conn, doc_id, claim["attribute"], key, day, lo, hi)})
        if not pairs:
            continue
        others = _claims_of(conn, pairs)
        for other in others:
            if other["duplicate_of"] or not _independent(claim, other):
                continue
            diff = comparable(other, claim, knowledge)
            if diff is None or diff <= TOLERANCE:
                continue
            stories = (claim_story(conn, other, spans), claim_story(conn, claim, spans))
            row_id = _disagree(conn, other, claim, stories, round(diff, 4), knowledge)
            if row_id not in found:
                found.append(row_id)
    return found


def claim_story(conn: Connection, claim: ClaimRow, spans: dict[str, list[tuple[int, int, str]]]) -> str:
    """The story a claim belongs to: that of its document's event whose evidence overlaps
    the claim's, else of the event told nearest to it in the text; ``doc:ID`` when the
    document is in no story. ``spans`` caches each document's events."""
    doc_id = claim["doc_id"]
    if doc_id not in spans:
        e = schema.events.c
        rows = conn.execute(
            select(e.start, e.end, e.story_id).where(e.doc_id == doc_id, e.story_id.is_not(None)).order_by(e.id)
        )
        spans[doc_id] = [(r.start or 0, r.end or 0, r.story_id) for r in rows]
    start, end = claim["start"] or 0, claim["end"] or 0
    best = min(
        spans[doc_id],
        key=lambda span: max(0, span[0] - end, start - span[1]),  # 0 when they overlap; first on ties
        default=None,
    )
    return best[2] if best else f"doc:{doc_id}"


def _disagree(
    conn: Connection, a: ClaimRow, b: ClaimRow, stories: tuple[str, str], diff: float, knowledge: Knowledge
) -> str:
    """Record that claims ``a`` (stored before) and ``b`` disagree, in the row of their
    stories' pair: one more pair behind it, and these two values if they are the widest."""
    t = schema.disagreements
    row_id = _row_id(stories, b["attribute"], a["subject"], knowledge)
    kept = conn.execute(select(t.c.pairs, t.c.relative_difference).where(t.c.id == row_id)).first()
    values = {
        "attribute": b["attribute"], "unit": a["unit"] or b["unit"],
        "doc_a": a["doc_id"], "idx_a": a["idx"], "value_a": a["value"], "evidence_a": a["evidence"],
        "start_a": a["start"], "end_a": a["end"], "story_a": stories[0],
        "doc_b": b["doc_id"], "idx_b": b["idx"], "value_b": b["value"], "evidence_b": b["evidence"],
        "start_b": b["start"], "end_b": b["end"], "story_b": stories[1],
        "relative_difference": diff, "found_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }  # fmt: skip
    if kept is None:  # the row keeps the subject it was found with: its id is made of it
        conn.execute(insert(t).values(id=row_id, pairs=1, subject=a["subject"], **values))
    elif diff > (kept.relative_difference or 0.0):
        conn.execute(update(t).where(t.c.id == row_id).values(pairs=kept.pairs + 1, **values))
    else:
        conn.execute(update(t).where(t.c.id == row_id).values(pairs=kept.pairs + 1))
    return row_id


def _row_id(stories: tuple[str, str], attribute: str, subject: str, knowledge: Knowledge) -> str:
    key = " ".join(sorted(subject_key(subject, knowledge)))
    return hashlib.sha1("|".join([*sorted(stories), attribute, key]).encode("utf-8")).hexdigest()[:16]


def story_absorbed(conn: Connection, drop: str, keep: str) -> None:
    """A story folded into another: its disagreements become the surviving story's, and a
    row that meets one the survivor already has is merged into it (pairs added, the wider
    values kept)."""
    t = schema.disagreements
    knowledge = Knowledge.of(conn)
    rows = conn.execute(select(t).where(or_(t.c.story_a == drop, t.c.story_b == drop))).mappings().all()
    for row in rows:
        stories = tuple(keep if s == drop else s for s in (row["story_a"], row["story_b"]))
        new_id = _row_id(stories, row["attribute"], row["subject"], knowledge)  # type: ignore[arg-type]
        conn.execute(delete(t).where(t.c.id == row["id"]))
        there = conn.execute(select(t.c.pairs, t.c.relative_difference).where(t.c.id == new_id)).first()
        if there is None:
            conn.execute(insert(t).values({**row, "id": new_id, "story_a": stories[0], "story_b": stories[1]}))
        elif (row["relative_difference"] or 0.0) > (there.relative_difference or 0.0):
            moved = {k: v for k, v in row.items() if k not in ("id", "subject", "story_a", "story_b", "pairs")}
            moved |= {"story_a": stories[0], "story_b": stories[1], "pairs": there.pairs + row["pairs"]}
            conn.execute(update(t).where(t.c.id == new_id).values(moved))
        else:
            conn.execute(update(t).where(t.c.id == new_id).values(pairs=there.pairs + row["pairs"]))


# -- a stored document re-analysed or deleted ------------------------------------------------
# A row stands for every disagreeing pair of claims between two stories without naming them,
# so the pairs a document stood behind cannot be taken out of it alone. Instead, before the
# document goes, every row of the stories its claims belong to goes, and the pairs of those
# stories' other claims are counted again afterwards (``recount``), as ``reconcile_document``
# would have counted them, while the document's own (new) claims are compared as any new
# document's are.
Held = tuple[dict[tuple[str, int], str], set[str]]  # each claim's story before, the document's stories


def take_out(conn: Connection, doc_id: str) -> Held:
    """Delete the disagreement rows a stored document may stand behind, with the rest of
    the rows of its claims' stories, before its rows go; returns what ``recount`` needs:
    the story of each claim of the stories of those rows, and the document's stories."""
    t, c = schema.disagreements.c, schema.claims.c
    spans: dict[str, list[tuple[int, int, str]]] = {}
    mine = {claim_story(conn, claim, spans) for claim in _claims(conn, c.doc_id == doc_id)}
    rows = conn.execute(
        select(t.id, t.story_a, t.story_b).where(
            or_(t.story_a.in_(mine), t.story_b.in_(mine), t.doc_a == doc_id, t.doc_b == doc_id)
        )
    ).all()
    held: dict[tuple[str, int], str] = {}
    for story in sorted({s for row in rows for s in (row.story_a, row.story_b) if s}):
        for claim in _story_claims(conn, story, spans):
            held[(claim["doc_id"], claim["idx"])] = story
    if rows:
        conn.execute(delete(schema.disagreements).where(t.id.in_([row.id for row in rows])))
    return held, mine


def recount(conn: Connection, held: Held, doc_id: str) -> None:
    """Count again the disagreeing pairs of claims (other than the document's) of which one
    was in a story of the document's claims, from what ``take_out`` held; they go to the
    rows of their claims' stories now. Pairs are found in the order ingest found them (the
    later claim's storing order), inside the window; the ``NEAREST`` bound of a new claim
    does not apply, so a pair ingest skipped for it is counted here."""
    before, mine = held
    keys = [key for key in before if key[0] != doc_id]
    if not keys:
        return
    d = schema.documents.c
    knowledge = Knowledge.of(conn)
    claims = _claims_of(conn, keys)
    docs = {claim["doc_id"] for claim in claims}
    order = dict(conn.execute(select(d.id, d.seq).where(d.id.in_(docs))).all())
    days = {doc: date.fromisoformat(_day(conn, doc)) for doc in docs}
    claims.sort(key=lambda x: (order.get(x["doc_id"]) or 0, x["doc_id"], x["idx"]))
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for n, later in enumerate(claims):
        for earlier in claims[:n]:
            if before[_key(earlier)] not in mine and before[_key(later)] not in mine:
                continue  # a pair of two other stories: its row was not taken out
            if earlier["doc_id"] == later["doc_id"] or earlier["duplicate_of"] or later["duplicate_of"]:
                continue
            if not _independent(earlier, later):
                continue
            if abs((days[later["doc_id"]] - days[earlier["doc_id"]]).days) > WINDOW_DAYS:
                continue
            diff = comparable(earlier, later, knowledge)
            if diff is None or diff <= TOLERANCE:
                continue
            stories = (claim_story(conn, earlier, spans), claim_story(conn, later, spans))
            _disagree(conn, earlier, later, stories, round(diff, 4), knowledge)


def _key(claim: ClaimRow) -> tuple[str, int]:
    return claim["doc_id"], claim["idx"]


def _story_claims(conn: Connection, story: str, spans: dict[str, list[tuple[int, int, str]]]) -> list[ClaimRow]:
    """The stored claims that belong to ``story`` (``doc:ID``: a document in no story)."""
    c, m = schema.claims.c, schema.story_members.c
    if story.startswith("doc:"):
        docs = [story.removeprefix("doc:")]
    else:
        docs = list(conn.execute(select(m.doc_id).where(m.story_id == story).distinct()).scalars())
    return [claim for claim in _claims(conn, c.doc_id.in_(docs)) if claim_story(conn, claim, spans) == story]


def _nearest(
    conn: Connection, doc_id: str, attribute: str, key: str, day: str, lo: date, hi: date
) -> set[tuple[str, int]]:
    """The claims (document, index) of ``attribute`` under ``key`` reported nearest to
    ``day`` inside the window: at most ``NEAREST`` on or before it and as many after, read
    in the order of ``ix_claim_keys_lookup``."""
    k = schema.claim_keys.c
    where = [k.attribute == attribute, k.key == key, k.doc_id != doc_id]
    before = select(k.doc_id, k.idx).where(*where, k.day <= day, k.day >= lo.isoformat())
    after = select(k.doc_id, k.idx).where(*where, k.day > day, k.day <= hi.isoformat())
    found = [
        *conn.execute(before.order_by(k.day.desc()).limit(NEAREST)),
        *conn.execute(after.order_by(k.day).limit(NEAREST)),
    ]
    return {(row.doc_id, row.idx) for row in found}


def _day(conn: Connection, doc_id: str) -> str:
    from tocsin.stories.merge import reported_day

    d = schema.documents.c
    row = conn.execute(select(d.published, d.ingested_at).where(d.id == doc_id)).one()
    return reported_day(row.published, row.ingested_at)


def rebuild(conn: Connection) -> None:
    """The claims' subject keys again, from the stored claims of original articles."""
    c, d, k = schema.claims.c, schema.documents.c, schema.claim_keys
    knowledge = Knowledge.of(conn)
    conn.execute(delete(k))
    days: dict[str, str] = {}
    rows = []
    for claim in conn.execute(
        select(c.doc_id, c.idx, c.subject, c.attribute)
        .join(schema.documents, d.id == c.doc_id)
        .where(d.duplicate_of.is_(None))
    ).all():
        if claim.doc_id not in days:
            days[claim.doc_id] = _day(conn, claim.doc_id)
        rows += [
            {"doc_id": claim.doc_id, "idx": claim.idx, "key": key, "attribute": claim.attribute,
             "day": days[claim.doc_id]}
            for key in sorted(subject_key(claim.subject, knowledge))
        ]  # fmt: skip
    if rows:
        conn.execute(insert(k), rows)


def consensus(store: Store, attribute: str | None = None) -> list[dict[str, Any]]:
    """Every claim with the independent outlets that agree with it (within the tolerance)
    or contradict it, and a confidence that grows with agreement: ``1 - 0.5 ** agreeing``
    (one source 0.5, two 0.75, three 0.875), halved for each contradicting outlet."""
    c = schema.claims.c
    with store.engine.connect() as conn:
        claims = _claims(conn, c.attribute == attribute if attribute else c.attribute.is_not(None))
    originals = [x for x in claims if not x["duplicate_of"]]
    out = []
    for claim in originals:
        agree = {_outlet(claim)}
        disagree: set[str] = set()
        for other in originals:
            if other is claim or not _independent(claim, other):
                continue
            diff = comparable(claim, other, store.knowledge)
            if diff is None:
                continue
            (agree if diff <= TOLERANCE else disagree).add(_outlet(other))
        confidence = (1 - 0.5 ** len(agree)) * 0.5 ** len(disagree - agree)
        out.append(
            {
                "doc_id": claim["doc_id"],
                "claim": claim["idx"],
                "subject": claim["subject"],
                "attribute": claim["attribute"],
                "value": claim["value"],
                "unit": claim["unit"],
                "approximate": bool(claim["approximate"]),
                "evidence": claim["evidence"],
                "agreeing_sources": len(agree),
                "disagreeing_sources": len(disagree - agree),
                "confidence": round(confidence, 3),
            }
        )
    return out


def _outlet(claim: ClaimRow) -> str:
    return str(claim["outlet"] or claim["domain"] or f"doc:{claim['doc_id']}")
