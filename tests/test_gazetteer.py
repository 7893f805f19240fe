"""The offline gazetteer: spellings, ambiguous names, provinces, borders and parts of states."""

from __future__ import annotations

import math

import pytest

from tocsin.knowledge import data_dir
from tocsin.knowledge.gazetteer import fold, gazetteer


@pytest.fixture(scope="module")
def gaz():
    return gazetteer(data_dir())


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_names_are_folded_for_comparison():
    assert fold("Kŭhistoni Badakhshon") == "kuhistoni badakhshon"
    assert fold("Mazār-e Sharīf") == fold("Mazar e Sharif")
    assert fold("the Fergana Valley") == "fergana valley"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Jawzjan", "AF-JOW"),
        ("Jowzjan", "AF-JOW"),
        ("Gorno-Badakhshan", "TJ-GB"),
        ("Kŭhistoni Badakhshon", "TJ-GB"),
        ("Sughd", "TJ-SU"),
        ("Viloyati Sughd", "TJ-SU"),
        ("Khatlon", "TJ-KT"),
    ],
)
def test_province_spellings_lead_to_one_province(gaz, written, code):
    entry = gaz.resolve(written, province_word=True)
    assert entry is not None and entry.id == f"admin1:{code}" and entry.feature == "admin1"
    assert entry.lat is not None and entry.lon is not None


def test_a_province_lies_inside_its_state(gaz):
    jowzjan = gaz.resolve("Jowzjan")
    assert jowzjan.country == "AFG"
    assert 35.5 < jowzjan.lat < 37.5 and 64.5 < jowzjan.lon < 67.0


def test_cities_carry_geonames_ids_and_true_coordinates(gaz):
    dushanbe = gaz.resolve("Dushanbe")
    assert dushanbe.feature == "city" and dushanbe.country == "TJK" and dushanbe.capital
    assert dushanbe.id == f"geo:{dushanbe.geonames_id}"
    assert km((dushanbe.lat, dushanbe.lon), (38.54, 68.78)) < 5
    mazar = gaz.resolve("Mazar-i-Sharif")
    assert mazar.country == "AFG" and mazar.admin1 == "AF-BAL"


def test_context_decides_which_georgia(gaz):
    assert gaz.resolve("Georgia", {"ARM"}).id == "country:GEO"
    assert gaz.resolve("Georgia", {"USA"}).id == "admin1:US-GA"
    assert gaz.resolve("Georgia").id == "country:GEO"


def test_the_capital_beats_small_namesakes_even_abroad(gaz):
    moscow = gaz.resolve("Moscow", {"USA"})
    assert moscow.country == "RUS"
    assert gaz.resolve("Hyderabad", {"PAK"}).country == "PAK"
    assert gaz.resolve("Hyderabad", {"IND"}).country == "IND"


def test_a_border_is_a_feature_between_two_states_with_a_midpoint_on_it(gaz):
    border = gaz.border("TJK", "AFG")
    assert border.id == "border:TJK-AFG" and border.feature == "border" and border.country == "TJK"
    assert border.name == "Tajikistan\u2013Afghanistan border"
    assert km((border.lat, border.lon), (37.3, 69.5)) < 100  # the middle of the Panj river stretch
    assert gaz.border("UZB", "AFG").country == "UZB"
    assert "AFG" in gaz.neighbours["TJK"] and "RUS" not in gaz.neighbours["AFG"]


def test_border_midpoints_of_neighbours_are_read_from_the_generated_file(gaz):
    # every pair of neighbours is in data/places/border_midpoints.tsv, so no process computes one
    path = data_dir() / "places" / "border_midpoints.tsv"
    listed = {line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"}
    assert listed == {f"{a}-{b}" for a, b in gaz.neighbour_pairs()}
    # and each is what the towns give, whichever side is named first
    for a, b in [("AFG", "TJK"), ("KGZ", "TJK"), ("KGZ", "UZB"), ("AFG", "IRN")]:
        assert gaz.border_midpoint(b, a) == gaz.border_midpoint(a, b) == gaz.computed_midpoint(b, a)


def test_a_border_the_file_lacks_is_computed_from_the_towns(gaz):
    assert "TJK" not in gaz.neighbours["KAZ"]  # a border Russian text can name across a third state
    lat, lon = gaz.border_midpoint("KAZ", "TJK")
    assert (lat, lon) == gaz.computed_midpoint("TJK", "KAZ")
    assert 38 < lat < 44 and 66 < lon < 76


def test_a_part_of_a_state_lies_towards_its_direction(gaz):
    north = gaz.part("AFG", "north")
    assert north.name == "Northern Afghanistan" and north.country == "AFG" and north.feature == "region"
    assert north.lat > gaz.country("AFG").lat


def test_regions_come_from_the_data_file(gaz):
    central = gaz.resolve("Central Asia")
    assert central.id == "region:central-asia" and central.country is None
    assert gaz.region_adjectives[fold("Central Asian")] == "region:central-asia"
    assert gaz.resolve("Donbass").country == "UKR"


def test_unknown_and_empty_names_resolve_to_nothing(gaz):
    assert gaz.resolve("") is None
    assert gaz.resolve("Qwxzplk") is None


def test_the_gazetteer_is_built_once_per_process():
    assert gazetteer(data_dir()) is gazetteer(data_dir())


def test_within_the_article_state_the_reading_decides():
    gaz = gazetteer(data_dir())
    assert gaz.resolve("Herat", {"AFG"}).feature == "city"
    assert gaz.resolve("Herat", {"AFG"}, province_word=True).feature == "admin1"
    assert gaz.resolve("Amu Darya").feature == "other"


def test_a_province_lies_along_the_neighbours_whose_towns_are_near_its_own(gaz):
    assert gaz.bordering("admin1:TJ-GB") == {"AFG"}  # Gorno-Badakhshan
    assert gaz.bordering("admin1:UZ-SU") == {"AFG", "TJK"}  # Surkhandarya
    assert gaz.bordering("admin1:AF-KAB") == set()  # Kabul province is inland
