"""The ``tocsin`` command: each command is a thin shell over one library call.

Listing commands share the query layer's filters and the exporters' column sets: what
``--format csv`` prints here is what the API's ``.csv`` download and ``tocsin export`` give.
Another package adds a command through the ``tocsin.commands`` entry-point group.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from tocsin.registry import Registry

app = typer.Typer(help="Tocsin: early-warning event data from regional security news.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

# A plugin's entry point names a function (added as a command of that name) or a
# ``typer.Typer`` (added as a group of commands of that name).
COMMANDS: Registry = Registry("tocsin.commands")

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or SQLAlchemy URL (default: $TOCSIN_DB, else the user data dir)."),
]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="The English parsing model: any installed spaCy pipeline.")
]
ListFormat = Literal["table", "json", "csv"]
FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="A table for people, or JSON or CSV.")]
Period = Literal["day", "week", "month"]
Since = Annotated[str | None, typer.Option(help="Earliest date, YYYY[-MM[-DD]].")]
Until = Annotated[str | None, typer.Option(help="Latest date, YYYY[-MM[-DD]]; a month or year includes all of it.")]
Country = Annotated[str | None, typer.Option(help="Country on either side: a name or an ISO-3 code (TJK).")]
Actor = Annotated[str | None, typer.Option(help="Actor id or part of its name.")]
Type = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
Outlet = Annotated[str | None, typer.Option(help="Only articles from this outlet (or web domain).")]
Words = Annotated[str | None, typer.Option("--q", help="Words to find (all of them).")]
Limit = Annotated[int, typer.Option(min=1, help="At most this many rows.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _pipeline(model: str | None = None, today: date | None = None, data: Path | None = None):
    from tocsin.pipeline import Config, Pipeline

    config = Config(models={"en": model} if model else {}, today=today or date.today())
    if data is not None:
        if not data.is_dir():
            raise fail(f"no knowledge base folder at {data}")
        config.data = data
    return Pipeline(config)


def _store(db: str | None, create: bool = False, knowledge=None):
    """The store to read; a missing SQLite file is an error with a hint, never a new empty store.
    ``knowledge`` is the one its facts are read from (default: ``Knowledge.at()``)."""
    from tocsin.dataset import NoStore, open_store
    from tocsin.store import StoreError

    try:
        return open_store(db, create, knowledge)
    except NoStore as exc:
        raise fail(str(exc), 1) from None
    except StoreError as exc:  # not a Tocsin store, a newer one, or one that cannot be opened
        raise fail(str(exc), 2) from None


def _filter(**values):
    from tocsin.query import Filter

    try:
        return Filter(**values)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _list(
    table: str, db: str | None, flt, format: str, limit: int, columns: list[str], noun: str,
    blanks: dict[str, str] | None = None, **options,
):  # fmt: skip
    """Print the first ``limit`` rows of a table: chosen ``columns`` for people, or every
    documented column as CSV or JSON."""
    from itertools import islice

    from tocsin.exports.tables import TABLES

    spec = TABLES[table]
    try:
        rows = list(islice(spec.rows(_store(db), flt, **options), limit))
    except ValueError as exc:
        raise fail(str(exc)) from None
    _emit(rows, spec.columns if format != "table" else columns, format, noun, limit, blanks)


def _emit(
    rows: list[dict], columns: list[str] | dict[str, str], format: str, noun: str, limit: int = 0,
    blanks: dict[str, str] | None = None,
) -> None:  # fmt: skip
    """Rows as a table of ``columns`` for people (``blanks`` says what an empty cell means), or
    as CSV or JSON (``columns`` may map each column to its kind, as the tables of
    ``tocsin.exports.tables`` do)."""
    from tocsin.exports import writers

    kinds = columns if isinstance(columns, dict) else dict.fromkeys(columns, "text")
    if format == "csv":
        writers.write_csv(rows, kinds, sys.stdout)
    elif format == "json":
        writers.write_json(rows, kinds, sys.stdout)
    else:
        shown = Table(*[HEADERS.get(c, c.replace("_", " ")) for c in kinds])
        for row in rows:
            shown.add_row(*[_cell(row.get(c)) or (blanks or {}).get(c, "") for c in kinds])
        console.print(shown)
        more = f" (the first {limit}; --limit shows more)" if limit and len(rows) == limit else ""
        console.print(f"{len(rows)} {noun}{more}")


HEADERS = {"event_date": "date", "event_type": "type", "source_actor": "source", "target_actor": "target",
           "place_name": "place", "num_sources": "outlets", "num_articles": "articles", "story_id": "story",
           "doc_id": "document", "num_events": "events", "relative_difference": "difference",
           "threat_date": "date", "source_name": "source", "target_name": "target", "intensity_mean": "intensity",
           "baseline_median": "baseline"}  # fmt: skip


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# -- ingest -------------------------------------------------------------------------------------
@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, - for stdin, or http(s) URLs.")],
    db: DbOption = None,
    model: ModelOption = None,
    data: Annotated[
        Path | None, typer.Option("--data", help="Knowledge base folder (default: $TOCSIN_DATA, else the package's).")
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Largest article accepted, in MiB.")] = 5.0,
    workers: Annotated[int, typer.Option(min=1, help="Analyse in this many processes (one writer stores).")] = 1,
    dask: Annotated[
        str | None, typer.Option(help="Analyse on a Dask cluster: its scheduler (tcp://HOST:8786) or 'local'.")
    ] = None,
) -> None:
    """Read articles (or fetch pages), analyse them and store their records (each in its own transaction)."""
    from tocsin.progress import ingest_with_progress
    from tocsin.scale import runner_for
    from tocsin.store.database import database_url

    pipeline = _pipeline(model, data=data)
    store = _store(db, create=True, knowledge=pipeline.config.knowledge)  # the pipeline's facts, stored
    runner = None
    if workers > 1 or dask:
        try:
            runner = runner_for(pipeline, store, workers=workers, dask=dask, db=database_url(db))
        except Exception as exc:  # noqa: BLE001 - a scheduler that cannot be reached, a missing package
            store.close()
            raise fail(f"cannot start the workers: {type(exc).__name__}: {exc}") from None
    try:
        report = ingest_with_progress(
            paths, store, pipeline, err, console, max_bytes=int(max_mb * 2**20), runner=runner
        )
    finally:
        if runner is not None:
            runner.close()
        store.close()
    if not report.ok:
        raise typer.Exit(1)


# -- export ----------------------------------------------------------------------------------------
def _export_help() -> str:
    from tocsin import export

    return "Output format: " + ", ".join(export.names()) + "."


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help=_export_help())] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    db: DbOption = None,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    actor: Actor = None,
    type: Type = None,
    outlet: Outlet = None,
    q: Words = None,
) -> None:
    """Export the store, or the part the filters keep: document records, a flat table
    (events, stories, documents, alerts, disagreements, threats, network, actors, places,
    quotes, claims) as CSV, JSON or Parquet, GeoJSON or GraphML. See docs/exports.md."""
    from tocsin import export as exporters

    try:
        exporter = exporters.get(format)
    except KeyError:
        raise fail(f"unknown format {format!r}; choose from {', '.join(exporters.names())}") from None
    if exporter.binary and output is None:
        raise fail(f"{format} is binary: give -o FILE")
    flt = _filter(since=since, until=until, country=country, actor=actor, type=type, outlet=outlet, q=q)
    store = _store(db)
    try:
        if output is None:
            n = exporter.write(store, sys.stdout, flt)
        elif exporter.binary:
            with output.open("wb") as fh:
                n = exporter.write(store, fh, flt)
        else:
            with output.open("w", encoding="utf-8") as fh:
                n = exporter.write(store, fh, flt)
    except ValueError as exc:
        raise fail(str(exc)) from None
    err.print(f"exported {n} items as {format}" + (f" to {output}" if output else ""), highlight=False)


# -- search and summary ---------------------------------------------------------------------------
@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in titles and article text.")],
    db: DbOption = None,
    limit: Limit = 20,
    format: FormatOption = "table",
) -> None:
    """Full-text search over stored articles; the words found are highlighted."""
    from tocsin.query import search as find
    from tocsin.query.documents import HIGHLIGHT

    hits = find(_store(db), query, limit)
    if format != "table":
        from tocsin.exports import writers

        columns = {"doc_id": "text", "published": "date", "outlet": "text", "title": "text", "snippet": "text"}
        for hit in hits:  # plain text marks the words found with [ and ]
            hit["snippet"] = (hit["snippet"] or "").replace(HIGHLIGHT[0], "[").replace(HIGHLIGHT[1], "]")
        (writers.write_csv if format == "csv" else writers.write_json)(hits, columns, sys.stdout)
        return
    table = Table("id", "published", "outlet", "title", "snippet")
    for h in hits:
        table.add_row(
            h["doc_id"][:12], h["published"] or "", h["outlet"] or "", h["title"] or "", _marked(h["snippet"])
        )
    console.print(table)
    console.print(f"{len(hits)} documents")


def _marked(snippet: str | None) -> Text:
    """A snippet with its highlighted words in bold reverse (article text is never markup)."""
    from tocsin.query.documents import HIGHLIGHT

    out = Text()
    rest = snippet or ""
    while HIGHLIGHT[0] in rest:
        before, _, tail = rest.partition(HIGHLIGHT[0])
        word, _, rest = tail.partition(HIGHLIGHT[1])
        out.append(before)
        out.append(word, style="bold reverse")
    out.append(rest)
    return out


@app.command()
def summary(db: DbOption = None) -> None:
    """What the store holds: documents, actors, places, events by type, quotes, claims, threats."""
    from tocsin.summary import print_summary

    print_summary(_store(db), console)


# -- check ---------------------------------------------------------------------------------------------
@app.command(name="check")
def check_store(
    db: DbOption = None,
    repair: Annotated[bool, typer.Option(help="Rebuild what can be rebuilt from the stored records.")] = False,
) -> None:
    """Verify a store: records valid, offsets inside texts, rows, stories and links consistent."""
    from tocsin.store.check import check

    store = _store(db)
    problems = check(store, repair=repair)
    for problem in problems:
        colour = "green" if problem.repaired else "red"
        err.print(f"[{colour}]{problem.kind}[/{colour}] {escape(str(problem))}", markup=True, highlight=False)
    left = [p for p in problems if not p.repaired]
    console.print(
        f"checked {store.count()} documents: {len(problems)} problems" + (f", {len(left)} left" if problems else "")
    )
    store.close()
    if left:
        raise typer.Exit(1)


# -- eval ----------------------------------------------------------------------------------------------
@app.command(name="eval")
def evaluate(
    gold: Annotated[Path | None, typer.Option(help="Folder of gold JSON files.")] = None,
    articles: Annotated[Path | None, typer.Option(help="Folder of the articles the gold files describe.")] = None,
    plover_gsr: Annotated[Path | None, typer.Option("--plover-gsr", help="PLOVER_GSR_CAMEO.json peer suite.")] = None,
    today: Annotated[str | None, typer.Option(help="Ingest date (YYYY-MM-DD) for date inference.")] = None,
    model: ModelOption = None,
) -> None:
    """Score the pipeline against gold annotations and/or the PLOVER peer suite."""
    if gold is None and plover_gsr is None:
        raise fail("give --gold DIR --articles DIR, or --plover-gsr FILE")
    if gold is not None and articles is None:
        raise fail("--gold needs --articles")
    pipeline = _pipeline(model, date.fromisoformat(today) if today else None)
    if gold is not None and articles is not None:
        from tocsin.evaluate.gold import evaluate_gold

        evaluate_gold(gold, articles, pipeline, console)
    if plover_gsr is not None:
        from tocsin.evaluate.plover_gsr import score_plover_gsr

        score_plover_gsr(plover_gsr, pipeline).print(console)


# -- bench ---------------------------------------------------------------------------------------
@app.command()
def bench(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Articles to time (default: samples and dev d*/e*).")
    ] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Read the texts this many times, each copy varied.")] = 3,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes for the parallel run.")] = 2,
    events: Annotated[
        int, typer.Option(min=0, help="Events in the generated store the API is timed on (0: skip).")
    ] = 1_000_000,
    requests: Annotated[int, typer.Option(min=1, help="Timed calls of each API endpoint.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Time spaCy alone, the whole pipeline with one and several workers, store writes and
    the API over a generated store, on the same texts in one run (see tocsin/bench.py)."""
    import json

    from tocsin.bench import Options, default_paths, run

    options = Options(paths or default_paths(), repeat=repeat, workers=workers, events=events, requests=requests)
    result = run(options, say=(lambda _m: None) if as_json else err.print)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        console.print(f"{key}: {value}")


# -- lists -------------------------------------------------------------------------------------------
@app.command()
def events(
    db: DbOption = None,
    actor: Actor = None,
    country: Country = None,
    type: Type = None,
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    q: Words = None,
    format: FormatOption = "table",
    limit: Limit = 100,
) -> None:
    """Coded events, newest first, with filters."""
    flt = _filter(actor=actor, country=country, type=type, since=since, until=until, outlet=outlet, q=q)
    cols = ["event_date", "event_type", "source_actor", "target_actor", "status", "place_name", "evidence"]
    _list("events", db, flt, format, limit, cols, "events")


@app.command()
def stories(
    db: DbOption = None,
    actor: Actor = None,
    country: Country = None,
    type: Type = None,
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    limit: Limit = 100,
    format: FormatOption = "table",
) -> None:
    """Stories: one per happening, with how many sources and articles report it."""
    flt = _filter(actor=actor, country=country, type=type, since=since, until=until, outlet=outlet)
    cols = ["story_id", "day", "event_type", "source_actor", "target_actor", "place_name", "num_sources",
            "num_articles", "headline"]  # fmt: skip
    # a story nothing dates counts in no series: say so
    _list("stories", db, flt, format, limit, cols, "stories", blanks={"day": "undated"})


@app.command()
def documents(
    db: DbOption = None,
    actor: Actor = None,
    country: Country = None,
    type: Type = None,
    since: Since = None,
    until: Until = None,
    outlet: Outlet = None,
    q: Words = None,
    limit: Limit = 100,
    format: FormatOption = "table",
) -> None:
    """Stored articles, newest first; --q searches their titles and text."""
    flt = _filter(actor=actor, country=country, type=type, since=since, until=until, outlet=outlet, q=q)
    cols = ["doc_id", "published", "outlet", "title", "num_events"]
    _list("documents", db, flt, format, limit, cols, "documents")


@app.command()
def disagreements(
    db: DbOption = None,
    attribute: Annotated[str | None, typer.Option(help="Only this attribute, e.g. killed.")] = None,
    subject: Annotated[str | None, typer.Option(help="Part of the subject.")] = None,
    country: Annotated[str | None, typer.Option(help="Only where an article on either side concerns it.")] = None,
    since: Annotated[str | None, typer.Option(help="Articles published since, YYYY[-MM[-DD]].")] = None,
    until: Annotated[str | None, typer.Option(help="Articles published until, YYYY[-MM[-DD]].")] = None,
    limit: Limit = 100,
    format: FormatOption = "table",
) -> None:
    """Numeric claims on which sources disagree, citing both."""
    flt = _filter(country=country, since=since, until=until)
    cols = ["subject", "attribute", "value_a", "value_b", "unit", "relative_difference", "outlet_a", "evidence_a",
            "outlet_b", "evidence_b"]  # fmt: skip
    _list("disagreements", db, flt, format, limit, cols, "disagreements", attribute=attribute, subject=subject)


@app.command()
def threats(
    db: DbOption = None,
    actor: Actor = None,
    kind: Annotated[str | None, typer.Option(help="Threat kind, e.g. terrorism.")] = None,
    level: Annotated[str | None, typer.Option(help="concern, warning or alarm.")] = None,
    since: Since = None,
    until: Until = None,
    q: Words = None,
    limit: Limit = 100,
    format: FormatOption = "table",
) -> None:
    """Threat assessments: who holds them, about whom, of what kind and level."""
    flt = _filter(actor=actor, since=since, until=until, q=q)
    cols = ["threat_date", "level", "kinds", "holder", "source", "evidence"]
    _list("threats", db, flt, format, limit, cols, "threat assessments", kind=kind, level=level)


@app.command()
def alerts(
    db: DbOption = None,
    period: Annotated[Period, typer.Option(help="day, week or month.")] = "week",  # alerts.PERIOD
    at: Annotated[str | None, typer.Option(help="Test the period holding this day (default: the latest).")] = None,
    country: Country = None,
    history: Annotated[bool, typer.Option(help="Test every period, not just the latest.")] = False,
    limit: Limit = 100,
    format: FormatOption = "table",
) -> None:
    """Early-warning alerts: series whose latest period departs from their rolling baseline."""
    flt = _filter(country=country)
    cols = ["series", "measure", "label", "value", "baseline_median", "z", "explanation"]
    _list("alerts", db, flt, format, limit, cols, "alerts", period=period, at=at, history=history)


@app.command()
def network(
    db: DbOption = None,
    actor: Actor = None,
    country: Country = None,
    type: Type = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    format: FormatOption = "table",
) -> None:
    """Who acted on whom: directed actor pairs and how many stories join them."""
    flt = _filter(actor=actor, country=country, type=type, since=since, until=until)
    cols = ["source_name", "target_name", "stories", "intensity_mean"]
    _list("network", db, flt, format, limit, cols, "actor pairs")


@app.command()
def timeline(
    db: DbOption = None,
    country: Country = None,
    pair: Annotated[str | None, typer.Option(help="Directed pair SOURCE-TARGET, e.g. TJK-AFG.")] = None,
    type: Type = None,
    kind: Annotated[str | None, typer.Option(help="Threat kind (counts threat statements).")] = None,
    period: Annotated[Period, typer.Option(help="day, week or month.")] = "week",
    since: Since = None,
    until: Until = None,
    format: FormatOption = "table",
) -> None:
    """An indicator series: stories and conflict–cooperation intensity per period."""
    from tocsin.indicators.series import series

    flt = _filter(country=country, type=type, since=since, until=until)
    try:
        rows = series(_store(db), country=flt.country, pair=pair, type=flt.type, kind=kind, period=period,
                      since=flt.since, until=flt.until, items=False)  # fmt: skip
    except ValueError as exc:
        raise fail(str(exc)) from None
    columns = {"label": "text", "period": "date", "count": "int", "intensity": "float", "conflict": "float",
               "cooperation": "float"}  # fmt: skip
    _emit(rows, columns, format, "periods")


# -- serve --------------------------------------------------------------------------------------------
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

    _store(db).close()  # a missing store is said here, not as an empty dashboard
    run(db, host, port, write_token)


@app.command()
def version() -> None:
    """Print Tocsin's version."""
    from tocsin import __version__

    console.print(__version__)


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
    store = _store(db, create=True)  # watching is how a store may start

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


# -- sub-commands and plugins ----------------------------------------------------------------------
def _register_subcommands() -> None:
    from tocsin.knowledge.commands import kb_app

    app.add_typer(kb_app, name="kb", help="Show and extend the actor knowledge base.")
    for name, command in COMMANDS.items():
        if isinstance(command, typer.Typer):
            app.add_typer(command, name=name)
        elif callable(command):
            app.command(name=name)(command)
        else:
            err.print(f"plugin command {escape(name)} is neither a function nor a Typer app; skipped")


_register_subcommands()
