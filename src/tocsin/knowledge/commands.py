"""``tocsin kb``: list, show and extend the actor knowledge base.

``tocsin kb add`` appends one record to ``data/actors/custom.yaml`` (the user's own file,
read after the shipped ones, so it can also replace a shipped record by its id).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, get_args

import typer
import yaml

from tocsin.knowledge import data_dir, load_yaml
from tocsin.knowledge.actors import KB_FILES, load, slug
from tocsin.record import ActorKind

kb_app = typer.Typer(help="The actor knowledge base: list, show and add actors.", no_args_is_help=True)
PREFIX = {
    "person": "person",
    "igo": "igo",
    "armed_group": "group",
    "government": "gov",
    "organization": "org",
    "other": "org",
    "state": "state",
}
DataOption = Annotated[Path | None, typer.Option("--data", help="Knowledge base folder (default: data/).")]


def _data(data: Path | None) -> Path:
    return data or data_dir()


@kb_app.command("list")
def list_actors(
    kind: Annotated[str | None, typer.Option(help="Only this kind (person, state, igo, ...).")] = None,
    country: Annotated[str | None, typer.Option(help="Only this ISO-3 country.")] = None,
    data: DataOption = None,
) -> None:
    """One line per actor: id, kind, country, name."""
    kb = load(_data(data))
    rows = [(s.iso3, "state", s.iso3, s.name) for s in kb.states.values() if s.sovereign]
    rows += [(e.id, e.kind, e.country or "-", e.name) for e in kb.entries.values()]
    for row in rows:
        if (kind is None or row[1] == kind) and (country is None or row[2] == country.upper()):
            typer.echo("\t".join(row))


@kb_app.command("show")
def show(
    actor_id: Annotated[str, typer.Argument(help="An actor id, e.g. person:vladimir-putin, igo:csto, RUS.")],
    on: Annotated[str | None, typer.Option("--on", help="Also resolve the actor on this ISO date.")] = None,
    data: DataOption = None,
) -> None:
    """Everything the base holds about one actor."""
    kb = load(_data(data))
    state = kb.states.get(actor_id.upper())
    if state:
        typer.echo(
            yaml.safe_dump(
                {
                    "id": state.iso3,
                    "name": state.name,
                    "kind": "state",
                    "names": state.names,
                    "adjectives": state.adjectives,
                    "capitals": state.capitals,
                },
                allow_unicode=True,
                sort_keys=False,
            )
        )
        return
    entry = kb.entries.get(actor_id)
    if entry is None:
        typer.echo(f"no actor with id {actor_id!r}", err=True)
        raise typer.Exit(1)
    out: dict[str, object] = {
        "id": entry.id,
        "name": entry.name,
        "kind": entry.kind,
        "country": entry.country,
        "sector": entry.sector,
        "wikidata": entry.wikidata,
        "aliases": entry.aliases,
    }
    if entry.kind == "person":
        out["surnames"] = entry.surnames
        out["roles"] = [{k: v for k, v in vars(r).items() if v} for r in entry.roles]
    if on:
        r = kb.resolve(entry.id, on)
        assert r is not None  # the entry exists, so it resolves on any date
        out["on " + on] = {"kind": r.kind, "country": r.country, "sector": r.sector, "role": r.role}
    typer.echo(yaml.safe_dump(out, allow_unicode=True, sort_keys=False))


@kb_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Canonical English name.")],
    kind: Annotated[str, typer.Option(help="person, igo, armed_group, government, organization, other.")],
    alias: Annotated[list[str] | None, typer.Option(help="Another name or spelling (repeatable).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country.")] = None,
    sector: Annotated[str | None, typer.Option(help="Sector code: GOV, MIL, REB, COP, SPY, MED, EDU ...")] = None,
    office: Annotated[str | None, typer.Option(help="For a person: office code from offices.yaml.")] = None,
    title: Annotated[str | None, typer.Option(help="For a person: the office's title.")] = None,
    org: Annotated[str | None, typer.Option(help="For a person: the organisation id the office is in.")] = None,
    start: Annotated[str | None, typer.Option(help="Role start (ISO date).")] = None,
    end: Annotated[str | None, typer.Option(help="Role end, exclusive (ISO date).")] = None,
    actor_id: Annotated[str | None, typer.Option("--id", help="Id; default <prefix>:<slug of name>.")] = None,
    replace: Annotated[bool, typer.Option(help="Replace a record with the same id.")] = False,
    data: DataOption = None,
) -> None:
    """Add an actor to data/actors/custom.yaml."""
    if kind not in get_args(ActorKind) or kind == "state":
        raise typer.BadParameter(f"kind must be one of {', '.join(k for k in get_args(ActorKind) if k != 'state')}")
    folder = _data(data) / "actors"
    record: dict[str, Any] = {"id": actor_id or f"{PREFIX[kind]}:{slug(name)}", "name": name, "kind": kind}
    if alias:
        record["aliases"] = list(alias)
    if country:
        record["country"] = country.upper()
    if sector:
        record["sector"] = sector.upper()
    if office:
        role = {
            "office": office,
            "title": title or office,
            "country": record.get("country"),
            "org": org,
            "start": start,
            "end": end,
        }
        record["roles"] = [{k: v for k, v in role.items() if v}]
    known = {e["id"] for name_ in KB_FILES for e in _read(folder / name_)}
    custom = _read(folder / "custom.yaml")
    if record["id"] in known and not replace:
        typer.echo(f"{record['id']} already exists; use --replace to override it", err=True)
        raise typer.Exit(1)
    custom = [e for e in custom if e["id"] != record["id"]] + [record]
    folder.mkdir(parents=True, exist_ok=True)
    header = "# The user's own actors, written by `tocsin kb add` (same format as the other files).\n"
    (folder / "custom.yaml").write_text(
        header + yaml.safe_dump(custom, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    typer.echo(f"added {record['id']}")


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    items: list[dict[str, Any]] = load_yaml(path.read_text(encoding="utf-8")) or []
    return items
