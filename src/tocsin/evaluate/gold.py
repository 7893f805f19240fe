"""Scoring document records against gold annotation files.

The gold format is the one of ``shared/gold/README.md``: per article, its metadata, body
fragments that must (not) appear, and the actors, places, events, quotes, claims and
threats a careful analyst extracts. Matching follows that README's conventions: names
match loosely (a surname names the person, most of the words name an organisation),
countries must not contradict, events match at the dyad level (type or an accepted
alternative, both sides, compatible dates), everything one-to-one, best first.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tocsin.pipeline import Pipeline
from tocsin.record import DocumentRecord

UNIT_ALIASES = {
    "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "dollar": "usd", "dollars": "usd", "$": "usd",
    "persons": "people", "person": "people", "militants": "people", "soldiers": "people",
    "troops": "people", "fighters": "people",
}  # fmt: skip


def fold(s: str | None) -> str:
    """Lower case, no accents, no quotes, words separated by single spaces."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[‘’“”'\"`]", "", s)
    return re.sub(r"[^\w]+", " ", s).strip()


def flat(s: str | None) -> str:
    """Typographic quotes made plain and white space folded: for fragment containment."""
    s = (s or "").translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", s).strip().lower()


def names_match(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    if not a or not b:
        return False
    if a == b:
        return True
    wa = [w for w in a.split() if w != "the"]
    wb = [w for w in b.split() if w != "the"]
    short, long_ = sorted((wa, wb), key=len)
    if short and set(short) <= set(long_):
        if len(short) >= 0.6 * len(long_):
            return True
        if len(short) == 1 and len(long_) <= 3 and short[0] == long_[-1] and len(short[0]) > 3:
            return True  # a surname names the person
    return len(a) > 4 and SequenceMatcher(None, a, b).ratio() >= 0.9


def dates_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.startswith(b) or b.startswith(a)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def one_to_one(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    taken_p, taken_g, out = set(), set(), []
    for _, i, j in sorted(pairs, key=lambda t: -t[0]):
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
            out.append((i, j))
    return out


def f1(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else float(ngold == 0)
    r = tp / ngold if ngold else float(npred == 0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


class Pair:
    """One article's record and its gold, with the lookups matching needs."""

    def __init__(self, record: dict, gold: dict):
        self.rec, self.gold = record, gold
        self.actors = {a["id"]: a for a in record.get("actors", [])}
        self.places = {p["id"]: p for p in record.get("places", [])}
        self.gold_refs = {x["name"]: x for x in gold.get("actors", []) + gold.get("places", [])}
        self.gold_refs.update({a["name"]: a for a in gold.get("actors", [])})

    @staticmethod
    def same(pred: dict, gold: dict, with_aliases: bool = True) -> bool:
        gnames = [gold["name"], *gold.get("aliases", [])]
        pnames = [pred.get("name", ""), *(pred.get("aliases", []) if with_aliases else [])]
        if not any(names_match(p, g) for p in pnames for g in gnames):
            return False
        c1, c2 = pred.get("country"), gold.get("country")
        return c1 is None or c2 is None or c1 == c2

    def pred_side(self, ids: list[str]) -> list[dict]:
        return [
            self.actors[i] if i in self.actors else self.places[i] for i in ids if i in self.actors or i in self.places
        ]

    def gold_side(self, names: list[str]) -> list[dict]:
        return [self.gold_refs.get(n, {"name": n, "country": None}) for n in names]

    def sides_agree(self, ids: list[str], names: list[str], by_country: bool) -> bool:
        ps, gs = self.pred_side(ids), self.gold_side(names)
        if not ps or not gs:
            return not ps and not gs
        if any(self.same(p, g) for p in ps for g in gs):
            return True
        if by_country:
            return bool({p.get("country") for p in ps} & {g.get("country") for g in gs} - {None})
        return False


@dataclass
class Tally:
    n: Counter = field(default_factory=Counter)
    authors: list[float] = field(default_factory=list)
    geo_km: list[float] = field(default_factory=list)

    def add_meta(self, rec: dict, meta: dict) -> None:
        n = self.n
        n["docs"] += 1
        n["title"] += fold(rec.get("title")) == fold(meta.get("title"))
        n["published"] += rec.get("published") in [meta.get("published"), *meta.get("published_alternatives", [])]
        outlets = [meta.get("outlet"), *meta.get("outlet_aliases", [])]
        src = rec.get("source") or {}
        mine = [src.get("outlet"), src.get("domain")]
        n["outlet"] += (meta.get("outlet") is None and not any(mine)) or any(
            c and o and (fold(c) == fold(o) or names_match(c, o)) for c in mine for o in outlets
        )
        n["language"] += (rec.get("language") or None) == meta.get("language")
        n["translated_from"] += (rec.get("translated_from") or None) == meta.get("translated_from")
        ga, pa = {fold(x) for x in meta.get("authors", [])}, {fold(x) for x in rec.get("authors", [])}
        self.authors.append(f1(len(ga & pa), len(pa), len(ga))[2])

    def add_body(self, rec: dict, body: dict) -> None:
        text = flat(rec.get("text"))
        self.n["inc"] += sum(flat(f) in text for f in body.get("must_include", []))
        self.n["inc_n"] += len(body.get("must_include", []))
        self.n["exc"] += sum(flat(f) not in text for f in body.get("must_exclude", []))
        self.n["exc_n"] += len(body.get("must_exclude", []))

    def add_entities(self, pair: Pair) -> None:
        for kind, preds, golds in (
            ("a", list(pair.actors.values()), pair.gold.get("actors", [])),
            ("p", list(pair.places.values()), pair.gold.get("places", [])),
        ):
            matched = one_to_one(
                [
                    (1.0, i, j)
                    for i, p in enumerate(preds)
                    for j, g in enumerate(golds)
                    if pair.same(p, g, with_aliases=kind == "a")
                ]
            )
            self.n[f"{kind}_tp"] += len(matched)
            self.n[f"{kind}_p"] += len(preds)
            self.n[f"{kind}_g"] += len(golds)
            for i, j in matched:
                p, g = preds[i], golds[j]
                if kind == "a":
                    self.n["a_country"] += p.get("country") == g.get("country")
                elif g.get("feature") == "city" and None not in (
                    p.get("lat"),
                    p.get("lon"),
                    g.get("lat"),
                    g.get("lon"),
                ):
                    self.geo_km.append(km_between(p["lat"], p["lon"], g["lat"], g["lon"]))

    def add_events(self, pair: Pair) -> None:
        preds, golds = pair.rec.get("events", []), pair.gold.get("events", [])

        def matches(strict: bool, any_type: bool = False) -> list[tuple[int, int]]:
            pairs = []
            for i, p in enumerate(preds):
                for j, g in enumerate(golds):
                    if not any_type and p["type"] not in {g["type"], *g.get("alt_types", [])}:
                        continue
                    if strict and (p.get("date") != g.get("date") or p.get("status") != g.get("status")):
                        continue
                    if not strict and not dates_compatible(p.get("date"), g.get("date")):
                        continue
                    if pair.sides_agree(p.get("source", []), g.get("source", []), not strict) and pair.sides_agree(
                        p.get("target", []), g.get("target", []), not strict
                    ):
                        pairs.append((1.0 + (p["type"] == g["type"]), i, j))
            return one_to_one(pairs)

        dyads = matches(strict=False)
        self.n["e_tp"] += len(dyads)
        self.n["e_p"] += len(preds)
        self.n["e_g"] += len(golds)
        self.n["e_strict"] += len(matches(strict=True))
        self.n["core_g"] += sum(bool(g.get("core")) for g in golds)
        self.n["core_tp"] += sum(bool(golds[j].get("core")) for _, j in dyads)

    def add_quotes(self, pair: Pair) -> None:
        preds = pair.rec.get("quotes", [])
        for g in pair.gold.get("quotes", []):
            frag = flat(g.get("fragment"))
            hits = [q for q in preds if frag and frag in flat(q.get("text"))]
            speaker = pair.gold_side([g.get("speaker")])[0]
            names = [speaker["name"], *speaker.get("aliases", [])]
            self.n["q_g"] += 1
            self.n["q_text"] += bool(hits)
            self.n["q_tp"] += any(
                (q.get("speaker_name") and any(names_match(q["speaker_name"], n) for n in names if n))
                or any(pair.same(a, speaker) for a in pair.pred_side([q.get("speaker")] if q.get("speaker") else []))
                for q in hits
            )

    def add_claims(self, pair: Pair) -> None:
        preds = pair.rec.get("claims", [])
        used: set[int] = set()
        for g in pair.gold.get("claims", []):
            self.n["c_g"] += 1
            for i, c in enumerate(preds):
                if i not in used and _claim_matches(c, g):
                    used.add(i)
                    self.n["c_tp"] += 1
                    break

    def add_threats(self, pair: Pair) -> None:
        preds, golds = pair.rec.get("threats", []), pair.gold.get("threats", [])
        pairs = [
            (1.0, i, j)
            for i, p in enumerate(preds)
            for j, g in enumerate(golds)
            if pair.sides_agree(p.get("holder", []), g.get("holder", []), True)
            and pair.sides_agree(p.get("source", []), g.get("source", []), True)
            and set(p.get("kinds", [])) & set(g.get("kinds", []))
        ]
        self.n["t_tp"] += len(one_to_one(pairs))
        self.n["t_g"] += len(golds)

    def results(self) -> dict[str, float]:
        n, docs = self.n, self.n["docs"] or 1
        res = {k: n[k] / docs for k in ("title", "published", "outlet", "language", "translated_from")}
        res["authors_f1"] = statistics.mean(self.authors) if self.authors else 0.0
        res["body"] = n["inc"] / n["inc_n"] if n["inc_n"] else 1.0
        res["furniture"] = n["exc"] / n["exc_n"] if n["exc_n"] else 1.0
        res["actorsP"], res["actorsR"], res["actorsF1"] = f1(n["a_tp"], n["a_p"], n["a_g"])
        res["actors_country"] = n["a_country"] / n["a_tp"] if n["a_tp"] else 0.0
        res["placesP"], res["placesR"], res["placesF1"] = f1(n["p_tp"], n["p_p"], n["p_g"])
        res["geo_median_km"] = statistics.median(self.geo_km) if self.geo_km else float("nan")
        res["eventsP"], res["eventsR"], res["eventsF1"] = f1(n["e_tp"], n["e_p"], n["e_g"])
        res["strictF1"] = f1(n["e_strict"], n["e_p"], n["e_g"])[2]
        res["coreR"] = n["core_tp"] / n["core_g"] if n["core_g"] else 0.0
        res["quotesR"] = n["q_tp"] / n["q_g"] if n["q_g"] else 1.0
        res["quotesR_text"] = n["q_text"] / n["q_g"] if n["q_g"] else 1.0
        res["claimsR"] = n["c_tp"] / n["c_g"] if n["c_g"] else 1.0
        res["threatsR"] = n["t_tp"] / n["t_g"] if n["t_g"] else 1.0
        return res


def _unit(u: str | None) -> str:
    u = fold(u)
    return UNIT_ALIASES.get(u, u)


def _claim_matches(c: dict, g: dict) -> bool:
    try:
        close = abs(float(c["value"]) - float(g["value"])) <= 0.01 * abs(float(g["value"])) + 1e-9
    except (KeyError, TypeError, ValueError):
        return False
    where = flat(g.get("fragment")) in flat((c.get("evidence") or {}).get("sentence")) or bool(
        set(fold(c.get("subject")).split()) & set(fold(g.get("subject")).split())
    )
    return close and _unit(c.get("unit")) == _unit(g.get("unit")) and where


def score_records(records: dict[str, dict], gold_dir: Path) -> dict[str, float]:
    """Score records (keyed by the article file's stem) against every gold file in ``gold_dir``."""
    tally = Tally()
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        rec = records.get(Path(gold.get("doc", path.name)).stem, {})
        pair = Pair(rec, gold)
        tally.add_meta(rec, gold.get("meta", {}))
        tally.add_body(rec, gold.get("body", {}))
        tally.add_entities(pair)
        tally.add_events(pair)
        tally.add_quotes(pair)
        tally.add_claims(pair)
        tally.add_threats(pair)
    res = tally.results()
    res["docs"] = tally.n["docs"]
    res["missing"] = sum(1 for p in gold_dir.glob("*.json") if p.stem not in records)
    return res


def run_articles(articles: Path, pipeline: Pipeline) -> dict[str, dict]:
    """Ingest the articles into a temporary store and read their records back."""
    from tocsin.ingest import ingest
    from tocsin.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "eval.db"))
        ingest([str(articles)], store, pipeline)
        out = {}
        for record in store.records():
            out[Path((record.source.path or record.id).split("#")[0]).stem] = _as_dict(record)
        store.close()
    return out


def _as_dict(record: DocumentRecord) -> dict:
    return record.model_dump(mode="json")


SUMMARY_KEYS = (
    "body",
    "furniture",
    "title",
    "published",
    "outlet",
    "language",
    "translated_from",
    "actorsF1",
    "actors_country",
    "placesF1",
    "geo_median_km",
    "eventsF1",
    "strictF1",
    "coreR",
    "quotesR",
    "claimsR",
    "threatsR",
)


def evaluate_gold(gold: Path, articles: Path, pipeline: Pipeline, console: Console) -> dict[str, float]:
    res = score_records(run_articles(articles, pipeline), gold)
    table = Table("measure", "value", title=f"Gold evaluation: {res['docs']} articles", title_justify="left")
    for key, value in res.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
    line = "SCORE " + " ".join(f"{k}={res[k]:.3f}" for k in SUMMARY_KEYS) + f" missing={res['missing']}"
    console.print(line, soft_wrap=True, markup=False, highlight=False)
    return res
