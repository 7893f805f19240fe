"""The actor knowledge base: generated states, consistent data files, dated offices, `tocsin kb`."""

from __future__ import annotations

import shutil
from itertools import combinations
from typing import get_args

import pycountry
import pytest
import typer
from typer.testing import CliRunner

from tocsin.knowledge import data_dir
from tocsin.knowledge.actors import cached, load, ruler_patterns
from tocsin.knowledge.commands import kb_app
from tocsin.record import ActorKind

SECTORS = {
    "GOV",
    "MIL",
    "REB",
    "OPP",
    "IGO",
    "COP",
    "JUD",
    "LEG",
    "MED",
    "EDU",
    "BUS",
    "CVL",
    "REF",
    "NGO",
    "SPY",
    "REL",
}


@pytest.fixture(scope="module")
def kb():
    return cached(data_dir())


def test_every_iso_country_is_a_state_with_its_names(kb):
    assert {c.alpha_3 for c in pycountry.countries} <= set(kb.states)
    tjk = kb.states["TJK"]
    assert tjk.name == "Tajikistan" and "Tajik" in tjk.adjectives and "Dushanbe" in tjk.capitals
    assert {"Turkey", "Türkiye"} <= set(kb.states["TUR"].names)
    assert {"U.S.", "United States", "America"} <= set(kb.states["USA"].names)
    assert "Washington" in kb.states["USA"].capitals
    assert "Americans" in kb.states["USA"].people
    # most sovereign states have a demonym from the hand table
    sovereign = [s for s in kb.states.values() if s.sovereign]
    assert len(sovereign) > 180
    assert sum(bool(s.adjectives) for s in sovereign) / len(sovereign) > 0.9


def test_records_are_well_formed(kb):
    for entry in kb.entries.values():
        assert entry.kind in get_args(ActorKind), entry.id
        assert entry.sector is None or entry.sector in SECTORS, entry.id
        assert entry.country is None or entry.country in kb.states, entry.id
        assert entry.part_of is None or entry.part_of in kb.entries, entry.id
        for role in entry.roles:
            assert (role.country in kb.states) != (role.org in kb.entries), (entry.id, role)
            assert role.start is not None, (entry.id, role)
            assert role.end is None or role.start < role.end, (entry.id, role)


def test_no_office_has_two_holders_at_once(kb):
    roles = [(e.id, r) for e in kb.entries.values() for r in e.roles]
    for (a, ra), (b, rb) in combinations(roles, 2):
        if a != b and ra.office == rb.office and (ra.country, ra.org) == (rb.country, rb.org):
            overlap = (rb.end is None or ra.start < rb.end) and (ra.end is None or rb.start < ra.end)
            assert not overlap, (a, b, ra.office)


@pytest.mark.parametrize(("office", "where", "when", "holder"), [
    ("head_of_state", "RUS", "2010-01-01", "person:dmitry-medvedev"),
    ("head_of_state", "RUS", "2021-01-01", "person:vladimir-putin"),
    ("head_of_state", "USA", "2022-05-01", "person:joe-biden"),
    ("head_of_state", "USA", "2025-06-01", "person:donald-trump"),
    ("head_of_state", "AFG", "2020-01-01", "person:ashraf-ghani"),
    ("supreme_leader", "AFG", "2023-01-01", "person:hibatullah-akhundzada"),
    ("foreign_minister", "CHN", "2023-05-01", "person:qin-gang"),
    ("security_council_secretary", "RUS", "2025-01-01", "person:sergei-shoigu"),
])  # fmt: skip
def test_office_holders_on_a_date(kb, office, where, when, holder):
    assert kb.holder(office, when, country=where).id == holder


def test_organisation_heads_keep_no_country_while_in_office(kb):
    assert kb.holder("secretary_general", "2024-01-01", org="igo:csto").id == "person:imangali-tasmagambetov"
    resolved = kb.resolve("person:imangali-tasmagambetov", "2024-01-01")
    assert (resolved.country, resolved.sector) == (None, "IGO")


def test_ruler_patterns_label_states_organisations_and_people(kb):
    patterns = {(p["pattern"], p["label"]) for p in ruler_patterns(data_dir())}
    assert {("Tajikistan", "GPE"), ("Dushanbe", "GPE"), ("CSTO", "ORG"), ("Vladimir Putin", "PERSON")} <= patterns


@pytest.fixture()
def data_copy(tmp_path):
    shutil.copytree(data_dir() / "actors", tmp_path / "actors")
    return tmp_path


def cli():
    app = typer.Typer()
    app.add_typer(kb_app, name="kb")
    return app


def test_kb_add_writes_a_dated_person_that_the_base_then_knows(data_copy):
    result = CliRunner().invoke(cli(), [
        "kb", "add", "Sergei Ryabkov", "--kind", "person", "--country", "RUS", "--office",
        "deputy_foreign_minister", "--title", "Deputy Minister of Foreign Affairs of Russia", "--start", "2008-08",
        "--alias", "Sergey Ryabkov", "--data", str(data_copy)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "person:sergei-ryabkov" in result.output
    kb = load(data_copy)
    entry = kb.entries["person:sergei-ryabkov"]
    assert entry.aliases == ["Sergey Ryabkov"] and entry.surnames == ["Ryabkov"]
    assert kb.holder("deputy_foreign_minister", "2020-01-01", country="RUS").id == entry.id
    assert kb.resolve(entry.id, "2020-01-01").role == "Deputy Minister of Foreign Affairs of Russia"


def test_kb_add_refuses_a_duplicate_id_unless_told_to_replace(data_copy):
    args = ["kb", "add", "CSTO", "--kind", "igo", "--id", "igo:csto", "--data", str(data_copy)]
    assert CliRunner().invoke(cli(), args).exit_code == 1
    assert CliRunner().invoke(cli(), [*args, "--replace", "--alias", "ODKB"]).exit_code == 0
    assert load(data_copy).entries["igo:csto"].aliases == ["ODKB"]


def test_kb_add_rejects_an_unknown_kind(data_copy):
    result = CliRunner().invoke(cli(), ["kb", "add", "X", "--kind", "alien", "--data", str(data_copy)])
    assert result.exit_code == 2


def test_kb_list_and_show(data_copy):
    listed = CliRunner().invoke(cli(), ["kb", "list", "--kind", "igo", "--data", str(data_copy)])
    assert listed.exit_code == 0 and "igo:csto\tigo\t-\tCollective Security Treaty Organization" in listed.output
    shown = CliRunner().invoke(
        cli(), ["kb", "show", "person:vladimir-putin", "--on", "2010-01-01", "--data", str(data_copy)]
    )
    assert shown.exit_code == 0 and "Prime Minister of Russia" in shown.output
    state = CliRunner().invoke(cli(), ["kb", "show", "TJK", "--data", str(data_copy)])
    assert "Dushanbe" in state.output
    missing = CliRunner().invoke(cli(), ["kb", "show", "igo:nothing", "--data", str(data_copy)])
    assert missing.exit_code == 1
