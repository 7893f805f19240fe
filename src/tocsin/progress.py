"""``tocsin ingest`` as a person sees it: the input files counted up front, a progress bar
with rate and time left, and an end report naming every file skipped or failed."""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from tocsin.ingest import IngestReport, ingest, ingest_articles
from tocsin.pipeline import Pipeline
from tocsin.sources import format_of
from tocsin.store import Store

CHUNK = 32  # files analysed together: the pipeline parses a chunk in one batch


def input_files(paths: Iterable[str]) -> list[str]:
    """What ``paths`` name, one entry per file, by the readers' rules: a directory is walked in
    sorted order without hidden entries or files whose extension names no article format; a
    pattern is expanded. Anything else (``-``, a missing path, an empty folder) stays as given,
    for the readers to read or report."""
    out: list[str] = []
    for given in paths:
        given = os.fspath(given)
        if given != "-" and not os.path.lexists(given) and any(c in given for c in "*?["):
            out += sorted(glob.glob(given, recursive=True)) or [given]
        elif given != "-" and os.path.isdir(given):
            out += _walk(given) or [given]
        else:
            out.append(given)
    return out


def _walk(folder: str) -> list[str]:
    try:
        entries = sorted((e for e in os.scandir(folder) if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return [folder]
    out: list[str] = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            out += _walk(entry.path)
        elif entry.is_file() and (format_of(entry.name) or "." not in entry.name):
            out.append(entry.path)
    return out


class RateColumn(ProgressColumn):
    """Files per second, and articles per second when files hold several."""

    def __init__(self, report: IngestReport):
        super().__init__()
        self.report = report
        self.started = time.monotonic()

    def render(self, task) -> Text:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        done = task.completed
        if not done:
            return Text("", style="progress.data.speed")
        articles = len(self.report.stored) + len(self.report.duplicates)
        rate = f"{done / elapsed:.1f} files/s"
        if articles > done:
            rate += f", {articles / elapsed:.1f} articles/s"
        return Text(rate, style="progress.data.speed")


def merge(into: IngestReport, part: IngestReport) -> None:
    into.stored += part.stored
    into.duplicates += part.duplicates
    into.failed += part.failed
    into.degraded += part.degraded
    into.warnings += part.warnings
    into.words += part.words


def ingest_with_progress(
    paths: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    console: Console,
    out: Console | None = None,
    max_bytes: int | None = None,
) -> IngestReport:
    """Ingest ``paths`` with a progress bar on ``console``; the files skipped or failed go to
    ``console`` too, the closing totals to ``out`` (standard output, for scripts)."""
    paths = list(paths)
    urls = [p for p in paths if p.lower().startswith(("http://", "https://"))]
    files = input_files(p for p in paths if p not in urls)
    report = IngestReport()
    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        RateColumn(report),
        TextColumn("· elapsed"),
        TimeElapsedColumn(),
        TextColumn("· left"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=len(files) + len(urls))
        for start in range(0, len(files), CHUNK):
            chunk = files[start : start + CHUNK]
            merge(report, ingest(chunk, store, pipeline, max_bytes=max_bytes))
            bar.advance(task, len(chunk))
        if urls:
            merge(report, _fetch(urls, store, pipeline))
            bar.advance(task, len(urls))
    print_report(report, console, out or console)
    return report


def _fetch(urls: list[str], store: Store, pipeline: Pipeline) -> IngestReport:
    """Pages named by URL, fetched the polite way ``tocsin watch`` fetches them."""
    from tocsin.watch.fetch import Fetcher
    from tocsin.watch.pages import fetch_pages

    fetcher = Fetcher()
    try:
        return ingest_articles(fetch_pages(urls, fetcher), store, pipeline)
    finally:
        fetcher.close()


def print_report(report: IngestReport, console: Console, out: Console) -> None:
    """One line per file skipped or failed, then the totals."""
    for name in report.duplicates:
        console.print(f"[dim]skipped[/dim] {escape(str(name))}: already stored (same text)", highlight=False)
    for failure in report.failed:
        console.print(f"[red]failed[/red] {escape(str(failure.item))}: {escape(failure.reason)}", highlight=False)
    for warning in report.warnings:
        console.print(
            f"[yellow]stored with a warning[/yellow] {escape(str(warning.item))}: {escape(warning.reason)}",
            highlight=False,
        )
    for partial in report.degraded:
        console.print(
            f"[yellow]stored without one stage[/yellow] {escape(str(partial.item))}: {escape(partial.reason)}",
            highlight=False,
        )
    out.print(
        f"stored {len(report.stored)}, skipped as duplicate {len(report.duplicates)}, failed {len(report.failed)}"
        + (f", stored with a failed stage {len(report.degraded)}" if report.degraded else "")
        + f" ({report.words:,} words)",
        highlight=False,
    )
