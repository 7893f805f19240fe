"""A command: ``tocsin wordcount --db DB`` prints the total the stage noted."""

import typer

from tocsin.dataset import open_store


def wordcount(db: str = typer.Option(..., "--db", help="The store.")) -> None:
    """Total words across stored articles, as the wordcount stage counted them."""
    store = open_store(db)
    total = sum(
        int(note.split()[1])
        for record in store.records()
        for note in (record.analysis.notes if record.analysis else [])
        if note.startswith("wordcount: ")
    )
    typer.echo(f"{total} words")
