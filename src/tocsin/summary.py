"""The demo's closing summary: what the store holds, in a few tables. The counts are the
query layer's, the same the dashboard's header shows."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import func, select

from tocsin.query.summary import counts, top_outlets
from tocsin.store import Store, schema


def _top(store: Store, column, table, n: int = 8, distinct_docs: bool = False) -> list[tuple[str, int]]:
    """The commonest values; with ``distinct_docs``, counted once per article."""
    count = func.count(func.distinct(table.c.doc_id)) if distinct_docs else func.count()
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(column, count.label("n"))
            .select_from(table)
            .where(column.is_not(None))
            .group_by(column)
            .order_by(count.desc(), column)
            .limit(n)
        ).all()
    return [(str(a), int(b)) for a, b in rows]


def print_summary(store: Store, console: Console) -> None:
    found = counts(store)
    shown = ("documents", "stories", "events", "actors", "places", "quotes", "claims", "threats")
    console.print(" · ".join(f"[bold]{found[k]}[/bold] {k}" for k in shown))
    if found["first_date"]:
        console.print(f"events dated {found['first_date']} – {found['last_date']}", highlight=False)
    for title, header, rows in (
        ("Event types", "events", _top(store, schema.events.c.type, schema.events)),
        ("Most-reported actors", "articles", _top(store, schema.actors.c.name, schema.actors, distinct_docs=True)),
        ("Places", "articles", _top(store, schema.places.c.name, schema.places, distinct_docs=True)),
        ("Outlets", "articles", top_outlets(store)),
    ):
        t = Table(title, header, title_justify="left")
        for name, n in rows:
            t.add_row(name, str(n))
        console.print(t)
    _print_joins(store, console)


def _print_joins(store: Store, console: Console) -> None:
    """Across sources: stories, disagreements and the alerts of the latest period."""
    from tocsin.indicators.alerts import PERIOD, list_alerts
    from tocsin.query import count_stories, list_disagreements
    from tocsin.query.filters import Filter
    from tocsin.query.stories import story_clauses

    with store.engine.connect() as conn:
        s = schema.stories.c
        multi = conn.execute(select(func.count()).where(s.n_sources > 1, *story_clauses(Filter()))).scalar_one()
    total = count_stories(store, Filter())
    dupes = store.count_duplicates()
    console.print(
        f"[bold]{total}[/bold] stories ({multi} told by several outlets) · "
        f"[bold]{dupes}[/bold] near-duplicate articles counted once"
    )
    for d in list_disagreements(store, limit=5):
        console.print(
            f"[yellow]disagreement[/yellow] {escape(d['subject'])} {escape(d['attribute'])}: "
            f"{d['a']['value']:g} ({escape(str(d['a']['outlet']))}) vs {d['b']['value']:g} "
            f"({escape(str(d['b']['outlet']))}) {escape(d['unit'] or '')}",
            highlight=False,
        )
    found = list_alerts(store, limit=5)  # the same defaults as `tocsin alerts`
    for a in found:
        console.print(f"[red]alert[/red] {escape(a['explanation'])}", highlight=False)
    if not found:
        console.print(f"no alert in the latest {PERIOD} (`tocsin alerts --period month` for slower build-ups)")
