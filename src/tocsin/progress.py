"""``tocsin ingest`` as a person sees it: the input files (and URLs) counted up front, a
progress bar with rate and time left, and an end report naming every file skipped or failed."""

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

from tocsin.ingest import IngestReport, ingest_articles
from tocsin.pipeline import Pipeline
from tocsin.sources import MAX_BYTES, format_of, read
from tocsin.store import Store

CHUNK = 8  # files analysed together (one parsing batch); small enough for a bar that moves


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def input_files(paths: Iterable[str]) -> list[str]:
    """What ``paths`` name, one entry per file, by the readers' rules: a directory is walked in
    sorted order without hidden entries or files whose extension names no article format; a
    pattern is expanded. Anything else (``-``, a URL, a missing path, an empty folder) stays as
    given, for the readers (or the fetcher) to read or report."""
    out: list[str] = []
    for given in paths:
        given = os.fspath(given)
        if is_url(given):
            out.append(given)
        elif given != "-" and not os.path.lexists(given) and any(c in given for c in "*?["):
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
    files = input_files(paths)
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
        task = bar.add_task("ingest", total=len(files))
        fetcher = None
        try:
            for start in range(0, len(files), CHUNK):
                chunk = files[start : start + CHUNK]
                urls = [item for item in chunk if is_url(item)]
                items = read([item for item in chunk if not is_url(item)], max_bytes=max_bytes or MAX_BYTES)
                if urls:
                    from itertools import chain

                    from tocsin.watch.fetch import Fetcher
                    from tocsin.watch.pages import fetch_pages

                    fetcher = fetcher or Fetcher()
                    items = chain(items, fetch_pages(urls, fetcher))
                merge(report, ingest_articles(items, store, pipeline))
                bar.advance(task, len(chunk))
        finally:
            if fetcher is not None:
                fetcher.close()
    print_report(report, console, out or console)
    return report


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
