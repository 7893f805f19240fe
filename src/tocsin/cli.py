"""The ``tocsin`` command: each command is a thin shell over one library call."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

app = typer.Typer(help="Tocsin: early-warning event data from regional security news.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _register_subcommands() -> None:
    from tocsin.knowledge.commands import kb_app

    app.add_typer(kb_app, name="kb", help="Show and extend the actor knowledge base.")


_register_subcommands()

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or SQLAlchemy URL (default: $TOCSIN_DB, else the user data dir)."),
]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="The English parsing model: any installed spaCy pipeline.")
]


def _pipeline(model: str | None = None, today: date | None = None):
    from tocsin.pipeline import Config, Pipeline

    return Pipeline(Config(models={"en": model} if model else {}, today=today or date.today()))


def _store(db: str | None):
    from tocsin.store import Store

    return Store.open(db)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, - for stdin, or http(s) URLs.")],
    db: DbOption = None,
    model: ModelOption = None,
    max_mb: Annotated[float, typer.Option(help="Largest article accepted, in MiB.")] = 5.0,
) -> None:
    """Read articles (or fetch pages), analyse them and store their records (each in its own transaction)."""
    from itertools import chain

    from tocsin.ingest import ingest_articles
    from tocsin.sources import read
    from tocsin.watch.fetch import Fetcher
    from tocsin.watch.pages import fetch_pages

    urls = [p for p in paths if p.lower().startswith(("http://", "https://"))]
    files = [p for p in paths if p not in urls]
    fetcher = Fetcher()
    items = chain(read(files, max_bytes=int(max_mb * 2**20)), fetch_pages(urls, fetcher))
    store, pipeline = _store(db), _pipeline(model)
    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None)
        report = ingest_articles(items, store, pipeline, progress=lambda n: bar.advance(task, n))
    fetcher.close()
    for failure in report.failed:
        err.print(f"[red]failed[/red] {escape(str(failure))}", markup=True, highlight=False)
    for partial in report.degraded:
        err.print(f"[yellow]stored without one stage[/yellow] {escape(str(partial))}", markup=True, highlight=False)
    for warning in report.warnings:
        err.print(f"[yellow]stored with a warning[/yellow] {escape(str(warning))}", markup=True, highlight=False)
    console.print(
        f"stored {len(report.stored)}, skipped as duplicate {len(report.duplicates)}, failed {len(report.failed)}"
        + (f", stored with a failed stage {len(report.degraded)}" if report.degraded else "")
    )
    store.close()
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="Output format.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Export the store: document records as JSON Lines, or another format."""
    from tocsin.export import BINARY, FORMATS

    if format not in FORMATS:
        err.print(f"unknown format {format!r}; choose from {', '.join(sorted(FORMATS))}")
        raise typer.Exit(2)
    store = _store(db)
    if format in BINARY:
        if output is None:
            err.print(f"{format} is binary: give -o FILE")
            raise typer.Exit(2)
        with output.open("wb") as fh:
            n = FORMATS[format](store, fh)
    elif output is None:
        n = FORMATS[format](store, sys.stdout)
    else:
        with output.open("w", encoding="utf-8") as fh:
            n = FORMATS[format](store, fh)
    err.print(f"exported {n} items as {format}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in titles and article text.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
) -> None:
    """Full-text search over stored articles."""
    hits = _store(db).search(query, limit)
    table = Table("id", "published", "outlet", "title", "snippet")
    for h in hits:
        table.add_row(h["doc_id"][:12], h["published"] or "", h["outlet"] or "", h["title"] or "", h["snippet"] or "")
    console.print(table)
    console.print(f"{len(hits)} documents")


@app.command()
def summary(db: DbOption = None) -> None:
    """What the store holds: documents, actors, places, events by type, quotes, claims, threats."""
    from tocsin.summary import print_summary

    print_summary(_store(db), console)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path | None, typer.Option(help="Folder of gold JSON files.")] = None,
    articles: Annotated[Path | None, typer.Option(help="Folder of the articles the gold files describe.")] = None,
    plover_gsr: Annotated[Path | None, typer.Option("--plover-gsr", help="PLOVER_GSR_CAMEO.json peer suite.")] = None,
    today: Annotated[str | None, typer.Option(help="Ingest date (YYYY-MM-DD) for date inference.")] = None,
    model: ModelOption = None,
) -> None:
    """Score the pipeline against gold annotations and/or the PLOVER peer suite."""
    pipeline = _pipeline(model, date.fromisoformat(today) if today else None)
    if gold is None and plover_gsr is None:
        err.print("give --gold DIR --articles DIR, or --plover-gsr FILE")
        raise typer.Exit(2)
    if gold is not None:
        from tocsin.evaluate.gold import evaluate_gold

        if articles is None:
            err.print("--gold needs --articles")
            raise typer.Exit(2)
        evaluate_gold(gold, articles, pipeline, console)
    if plover_gsr is not None:
        from tocsin.evaluate.plover_gsr import score_plover_gsr

        score_plover_gsr(plover_gsr, pipeline).print(console)


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Actor id or name (part of it).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country of source or target.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]].")] = None,
    format: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
    limit: Annotated[int, typer.Option(help="At most this many events.")] = 100,
) -> None:
    """List coded events with filters, as a table or CSV."""
    from tocsin.store.queries import EventFilter, select_events

    try:
        flt = EventFilter(actor=actor, country=country, type=type, since=since, until=until)
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2) from None
    rows = select_events(_store(db), flt, limit=limit)
    cols = ["date", "type", "source_names", "target_names", "status", "place_name", "evidence"]
    if format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=["id", "doc_id", *cols, "confidence"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(*cols)
    for r in rows:
        table.add_row(*[str(r[c] or "") for c in cols])
    console.print(table)
    console.print(f"{len(rows)} events")


FormatOption = Annotated[str, typer.Option("--format", help="table, json or csv.")]


def _emit(rows: list[dict], columns: list[str], format: str, noun: str) -> None:
    from tocsin.exports.listing import FORMATS, emit

    if format not in FORMATS:
        err.print(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
        raise typer.Exit(2)
    emit(rows, columns, format, console, noun)


@app.command()
def stories(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country on either side.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest day, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Latest day, YYYY[-MM[-DD]].")] = None,
    limit: Annotated[int, typer.Option(help="At most this many stories.")] = 100,
    format: FormatOption = "table",
) -> None:
    """Stories: one per happening, with how many sources and articles report it."""
    from tocsin.stories.queries import list_stories

    try:
        rows = list_stories(_store(db), since=since, until=until, country=country, type=type, limit=limit)
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2) from None
    cols = ["id", "day", "type", "source_names", "target_names", "place_name", "n_sources", "n_articles", "headline"]
    if format == "table":  # a story nothing dates counts in no series: say so
        rows = [r | {"day": r["day"] or "undated"} for r in rows]
    _emit(rows, cols, format, "stories")


@app.command()
def disagreements(
    db: DbOption = None,
    attribute: Annotated[str | None, typer.Option(help="Only this attribute, e.g. border_length.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    format: FormatOption = "table",
) -> None:
    """Numeric claims on which sources disagree, citing both."""
    from tocsin.stories.queries import flat_disagreement, list_disagreements

    rows = [flat_disagreement(d) for d in list_disagreements(_store(db), attribute=attribute, limit=limit)]
    cols = [
        "subject",
        "attribute",
        "value_a",
        "value_b",
        "unit",
        "relative_difference",
        "doc_id_a",
        "evidence_a",
        "doc_id_b",
        "evidence_b",
    ]
    _emit(rows, cols, format, "disagreements")


@app.command()
def alerts(
    db: DbOption = None,
    period: Annotated[str, typer.Option(help="day, week or month.")] = "week",  # alerts.PERIOD
    at: Annotated[str | None, typer.Option(help="Test the period holding this day (default: the latest).")] = None,
    country: Annotated[str | None, typer.Option(help="Only series touching this ISO-3 country.")] = None,
    history: Annotated[bool, typer.Option(help="Test every period, not just the latest.")] = False,
    format: FormatOption = "table",
) -> None:
    """Early-warning alerts: series whose latest period departs from their rolling baseline."""
    from tocsin.indicators.alerts import list_alerts

    try:
        rows = list_alerts(_store(db), period=period, at=at, country=country, history=history)
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2) from None
    for r in rows:
        r["story_ids"] = [s.get("id") or s.get("doc_id") for s in r["stories"]]
    cols = ["series", "measure", "label", "value", "baseline_median", "z", "explanation", "story_ids"]
    _emit(rows, cols, format, "alerts")


@app.command()
def timeline(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country on either side.")] = None,
    pair: Annotated[str | None, typer.Option(help="Directed pair SOURCE-TARGET, e.g. TJK-AFG.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type.")] = None,
    kind: Annotated[str | None, typer.Option(help="Threat kind (counts threat statements).")] = None,
    period: Annotated[str, typer.Option(help="day, week or month.")] = "week",
    since: Annotated[str | None, typer.Option(help="First day, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY[-MM[-DD]].")] = None,
    format: FormatOption = "table",
) -> None:
    """An indicator series: stories and conflict–cooperation intensity per period."""
    from tocsin.indicators.series import series

    try:
        rows = series(
            _store(db), country=country, pair=pair, type=type, kind=kind, period=period, since=since, until=until
        )
    except ValueError as exc:
        err.print(str(exc))
        raise typer.Exit(2) from None
    _emit(rows, ["label", "period", "count", "intensity", "conflict", "cooperation"], format, "periods")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind; keep the loopback default unless you mean to share.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    write_token: Annotated[
        str | None,
        typer.Option(envvar="TOCSIN_WRITE_TOKEN", help="Enables POST /api/documents for requests bearing this token."),
    ] = None,
) -> None:
    """Serve the API and the dashboard (read-only unless a write token is set)."""
    from tocsin.web.command import serve as run

    run(db, host, port, write_token)


@app.command()
def watch(
    config: Annotated[Path, typer.Option("--config", help="SOURCES.yaml: the sources to follow, where to notify.")],
    db: DbOption = None,
    once: Annotated[bool, typer.Option(help="Poll every source once, deliver, and exit.")] = False,
    model: ModelOption = None,
) -> None:
    """Follow feeds, news sitemaps and pages; ingest what is new; send new alerts."""
    import threading

    from tocsin.watch.config import ConfigError, load
    from tocsin.watch.runner import stop_on_signals
    from tocsin.watch.runner import watch as run

    try:
        settings = load(config)
    except ConfigError as exc:
        err.print(escape(str(exc)), highlight=False)
        raise typer.Exit(2) from None
    stop = threading.Event()
    stop_on_signals(stop)
    store = _store(db)

    def said(p) -> None:
        line = f"{escape(p.source)}: {p.new} new, stored {len(p.stored)}, duplicates {p.duplicates}"
        if p.failed:
            line += f", [red]failed {len(p.failed)}[/red]"
        if p.error:
            line += f" — [red]{escape(p.error)}[/red]"
        err.print(line, highlight=False)

    report = run(settings, store, _pipeline(model), once=once, stop=stop, on_poll=said)
    console.print(
        f"stored {report.stored} from {len(report.polls)} polls; raised {len(report.raised)}"
        + (f"; {report.undelivered} deliveries still to retry" if report.undelivered else "")
    )
    store.close()


@app.command(name="sources")
def list_sources(db: DbOption = None, format: FormatOption = "table") -> None:
    """Followed sources: status, last success and error, next poll, articles stored."""
    from tocsin.watch.state import counts, sources

    store = _store(db)
    by_status = counts(store)
    rows = []
    for s in sources(store):
        seen = by_status.get(s["name"], {})
        failing = s["failures"] and (s["last_error_at"] or "") >= (s["last_success"] or "")
        rows.append(
            s
            | {
                "status": f"failing ({s['failures']})" if failing else "ok" if s["last_success"] else "new",
                "waiting": seen.get("pending", 0) + seen.get("fetched", 0),
                "failed": seen.get("failed", 0),
                "disallowed": seen.get("disallowed", 0),
            }
        )
    cols = ["name", "kind", "status", "articles", "waiting", "failed", "disallowed", "last_success", "next_poll"]
    cols += ["last_error", "url"]
    _emit(rows, cols, format, "sources")
