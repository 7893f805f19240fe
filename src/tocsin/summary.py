"""The demo's closing summary: what the store holds, in a few tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from tocsin.store import Store, schema


def _top(store: Store, column, table, n: int = 8) -> list[tuple[str, int]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(column, func.count().label("n"))
            .select_from(table)
            .where(column.is_not(None))
            .group_by(column)
            .order_by(func.count().desc(), column)
            .limit(n)
        ).all()
    return [(str(a), int(b)) for a, b in rows]


def print_summary(store: Store, console: Console) -> None:
    counts = {
        name: store.count(name) for name in ("documents", "events", "actors", "places", "quotes", "claims", "threats")
    }
    console.print(" · ".join(f"[bold]{v}[/bold] {k}" for k, v in counts.items()))
    for title, column, table in (
        ("Event types", schema.events.c.type, schema.events),
        ("Most-mentioned actors", schema.actors.c.name, schema.actors),
        ("Places", schema.places.c.name, schema.places),
        ("Outlets", schema.documents.c.outlet, schema.documents),
    ):
        t = Table(title, "n", title_justify="left")
        for name, n in _top(store, column, table):
            t.add_row(name, str(n))
        console.print(t)
    _print_joins(store, console)


def _print_joins(store: Store, console: Console) -> None:
    """Across sources: stories, disagreements and the alerts of the latest period."""
    from tocsin.indicators.alerts import PERIOD, list_alerts
    from tocsin.stories.queries import list_disagreements, list_stories

    stories = list_stories(store, limit=10_000)
    multi = [s for s in stories if (s.get("n_sources") or 0) > 1]
    dupes = store.count_duplicates()
    console.print(
        f"[bold]{len(stories)}[/bold] stories ({len(multi)} told by several outlets) · "
        f"[bold]{dupes}[/bold] near-duplicate articles counted once"
    )
    for d in list_disagreements(store, limit=5):
        console.print(
            f"[yellow]disagreement[/yellow] {d['subject']} {d['attribute']}: "
            f"{d['a']['value']:g} ({d['a']['outlet']}) vs {d['b']['value']:g} ({d['b']['outlet']}) {d['unit'] or ''}",
            highlight=False,
        )
    found = list_alerts(store, limit=5)  # the same defaults as `tocsin alerts`
    for a in found:
        console.print(f"[red]alert[/red] {a['explanation']}", highlight=False)
    if not found:
        console.print(f"no alert in the latest {PERIOD} (`tocsin alerts --period month` for slower build-ups)")
