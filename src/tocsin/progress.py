"""``tocsin ingest`` as a person sees it: the input files (and URLs) counted up front, a
progress bar with rate and time left, and an end report naming every file skipped or failed."""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

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
from tocsin.scale.work import InProcess, Runner
from tocsin.sources import MAX_BYTES, format_of, read
from tocsin.store import Store

if TYPE_CHECKING:
    from tocsin.watch.fetch import Fetcher

CHUNK = 8  # articles analysed together in this process: one parsing batch, small enough for a bar that moves


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
        elif format_of(entry.name) or "." not in entry.name:
            try:
                wanted = entry.is_file() or entry.is_symlink()
            except OSError:  # a link looping back on itself: the reader reports it by name
                wanted = True
            if wanted:
                out.append(entry.path)
    return out


class RateColumn(ProgressColumn):
    """Articles per second (every article read, stored or skipped), and files per second."""

    def __init__(self, report: IngestReport):
        super().__init__()
        self.report = report
        self.started = time.monotonic()

    def render(self, task) -> Text:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        articles = len(self.report.stored) + len(self.report.duplicates) + len(self.report.failed)
        if not articles and not task.completed:
            return Text("", style="progress.data.speed")
        return Text(f"{articles / elapsed:.1f} articles/s", style="progress.data.speed")


class _Reading:
    """The input, item by item in the order given, counting the files read to the end so the
    bar can say how many files are wholly stored once a batch is (batches are stored in order)."""

    def __init__(self, files: list[str], max_bytes: int):
        self.files = files
        self.max_bytes = max_bytes
        self.done = 0
        self.fetcher: Fetcher | None = None

    def __iter__(self):
        for item in self.files:
            if is_url(item):
                from tocsin.watch.fetch import Fetcher
                from tocsin.watch.pages import fetch_pages

                self.fetcher = self.fetcher or Fetcher()
                yield from fetch_pages([item], self.fetcher)
            else:
                yield from read([item], max_bytes=self.max_bytes)
            self.done += 1

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()


def ingest_with_progress(
    paths: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    console: Console,
    out: Console | None = None,
    max_bytes: int | None = None,
    runner: Runner | None = None,
) -> IngestReport:
    """Ingest ``paths`` with a progress bar on ``console``; the files skipped or failed go to
    ``console`` too, the closing totals to ``out`` (standard output, for scripts). ``runner``
    analyses (default: in this process; see ``tocsin.scale``)."""
    files = input_files(paths)
    report = IngestReport()
    reading = _Reading(files, max_bytes or MAX_BYTES)
    runner = runner or InProcess(pipeline, store, batch_size=CHUNK)
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

        def stored(files_done: int) -> None:
            bar.update(task, completed=files_done)

        try:
            ingest_articles(reading, store, pipeline, stored, runner, report, tag=lambda _n: reading.done)
            bar.update(task, completed=len(files))
        finally:
            reading.close()
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
