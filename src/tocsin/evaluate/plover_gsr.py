"""Score sentence-level event coding on the PLOVER gold-standard records (a peer's test suite).

Each record's sentence goes through the pipeline with no publication date; the
sentence's best event (highest confidence, linked events before unlinked candidates)
is compared with the record's PLOVER type and its source and target countries.

Conventions, following the suite's README and the PLOVER manual:
- the records' older names map to today's types: DEMAND → REQUEST, DISAPPROVE and
  INVESTIGATE → ACCUSE, FIGHT → ASSAULT; the DOCUMENT record is skipped;
- PLOVER codes a stated intention as its own event: a cooperative act that is only
  intended or conditional ("is willing to withdraw", "will provide aid") counts as
  AGREE, a conflictual one ("will boycott unless ...") as THREATEN, and a cooperative act
  refused or not done ("failed to reach agreement") as REJECT. The record keeps the
  act's own type and ``status``; only this comparison applies the PLOVER reading;
- an actor's code is ``IGO`` for intergovernmental bodies, ``NGO`` for NGOs, else its
  ISO country. A side is right when one predicted code is among the record's codes. As
  PLOVER codes unnamed domestic actors by their country ("students demonstrated in
  Jakarta"), an event with no linked source is scored with the country of its place.

usage: python -m tocsin.evaluate.plover_gsr PLOVER_GSR_CAMEO.json
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tocsin.article import Article
from tocsin.document import Document
from tocsin.pipeline import Pipeline
from tocsin.record import EVENT_TYPES, Event

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
NONE = "(none)"
SHORT = {"CONCEDE": "CNC", "CONSULT": "CNS", "COOPERATE": "COO", "COERCE": "COE"}


@dataclass
class Side:
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class GsrResult:
    records: int = 0
    type_right: int = 0
    source: Side = field(default_factory=Side)
    target: Side = field(default_factory=Side)
    per_type: dict[str, Side] = field(default_factory=dict)
    confusion: Counter = field(default_factory=Counter)  # (gold type, predicted type) -> count

    @property
    def type_accuracy(self) -> float:
        return self.type_right / self.records if self.records else 0.0

    def summary(self) -> dict[str, float | int]:
        return {
            "records": self.records, "type_accuracy": round(self.type_accuracy, 3),
            "source_country_accuracy": round(self.source.accuracy, 3),
            "target_country_accuracy": round(self.target.accuracy, 3),
        }  # fmt: skip

    def type_table(self) -> Table:
        table = Table(title="PLOVER peer suite: accuracy per type")
        for col in ("type", "records", "right", "accuracy"):
            table.add_column(col, justify="left" if col == "type" else "right")
        for name in sorted(self.per_type):
            s = self.per_type[name]
            table.add_row(name, str(s.total), str(s.right), f"{s.accuracy:.2f}")
        table.add_row("all", str(self.records), str(self.type_right), f"{self.type_accuracy:.2f}", style="bold")
        return table

    def confusion_table(self) -> Table:
        predicted = sorted({p for _, p in self.confusion}, key=lambda t: (t == NONE, t))
        # three-letter heads and no borders keep all sixteen types readable in 80 columns
        table = Table(title="Confusion (rows: gold, columns: predicted)", box=None, padding=(0, 0),
                      pad_edge=False)  # fmt: skip
        table.add_column("gold", no_wrap=True)
        for p in predicted:
            table.add_column(SHORT.get(p, p[:3]) if p != NONE else "-", justify="right", no_wrap=True, min_width=4)
        for g in sorted(self.per_type):
            table.add_row(g, *[str(self.confusion.get((g, p), "")) for p in predicted])
        return table

    def print(self, console: Console | None = None) -> None:
        console = console or Console()
        console.print(self.type_table())
        console.print(self.confusion_table())
        s = self.summary()
        console.print(
            f"type accuracy {s['type_accuracy']:.3f} · source country {s['source_country_accuracy']:.3f} "
            f"({self.source.total} records) · target country {s['target_country_accuracy']:.3f} "
            f"({self.target.total} records)"
        )


def load_records(path: Path) -> list[dict]:
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return [r for r in records if r.get("text") and (r.get("event") in EVENT_TYPES or r.get("event") in RENAMED)]


def gold_type(record: dict) -> str:
    return RENAMED.get(record["event"], record["event"])


def gold_codes(side) -> set[str]:
    if not isinstance(side, list):
        return set()
    return {str(a.get("code")).upper() for a in side if isinstance(a, dict) and a.get("code")}


def plover_reading(event: Event) -> str:
    """The type PLOVER gives the event: intended or conditional acts are AGREE or THREATEN."""
    if event.status in {"intended", "conditional"} and event.type not in {"AGREE", "THREATEN", "REQUEST"}:
        return "AGREE" if event.type in COOPERATIVE else "THREATEN"
    if event.status == "negated" and (event.type in COOPERATIVE or event.type == "MOBILIZE"):
        return "REJECT"  # "failed to reach agreement", "would not meet the demands", "refused to deploy troops"
    return event.type


def best_event(doc: Document) -> Event | None:
    events = doc.record.events or list(doc.event_candidates)
    return max(events, key=lambda e: e.confidence, default=None)


def actor_codes(doc: Document, ids: Iterable[str]) -> set[str]:
    out = set()
    for i in ids:
        actor = doc.record.actor(i)
        if actor is None:
            place = doc.record.place(i)
            if place is not None and place.country:
                out.add(place.country)
            continue
        if actor.kind == "igo" or actor.sector == "IGO":
            out.add("IGO")
        elif actor.sector == "NGO" and not actor.country:
            out.add("NGO")
        elif actor.country:
            out.add(actor.country)
    return out


def score_plover_gsr(path: str | Path, pipeline: Pipeline | None = None, limit: int | None = None) -> GsrResult:
    pipeline = pipeline or Pipeline()
    records = load_records(Path(path))[:limit]
    articles = [Article(path=f"{path}#{r['id']}", text=r["text"]) for r in records]
    result = GsrResult()
    for record, doc in zip(records, pipeline.process(articles), strict=True):
        gold = gold_type(record)
        event = best_event(doc)
        predicted = plover_reading(event) if event else NONE
        result.records += 1
        side = result.per_type.setdefault(gold, Side())
        side.total += 1
        if predicted == gold:
            result.type_right += 1
            side.right += 1
        result.confusion[(gold, predicted)] += 1
        for name, score in (("source", result.source), ("target", result.target)):
            wanted = gold_codes(record.get(name))
            if not wanted:
                continue
            score.total += 1
            got = actor_codes(doc, getattr(event, name)) if event else set()
            if not got and name == "source" and event and event.place:
                got = actor_codes(doc, [event.place])  # unnamed actors go by where they act
            score.right += bool(got & wanted)
    return result


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    result = score_plover_gsr(argv[0])
    result.print(Console(width=max(Console().width, 140)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
