"""The one dateline reader, the reader of written dates and the one sentence splitter, on invented text."""

from __future__ import annotations

import pytest

from tocsin.knowledge import data_dir
from tocsin.stages.dateline import reader
from tocsin.stages.sentences import sentence_around, spans, split


@pytest.fixture(scope="module")
def datelines():
    return reader(data_dir())


@pytest.mark.parametrize(
    ("opening", "place", "region", "date_text", "agency"),
    [
        ("TERMEZ, May 12 (Reuters) - Uzbek guards closed the bridge.", "TERMEZ", None, "May 12", "Reuters"),
        ("Osh [Kyrgyzstan], May 12 (ANI): Officials met.", "Osh", "Kyrgyzstan", "May 12", "ANI"),
        ("KHOROG, 12 May 2025 — Officials met.", "KHOROG", None, "12 May 2025", None),
        ("NUKUS (AP) — Officials met.", "NUKUS", None, None, "AP"),
        ("ASTANA, May 12. /KAZTAG/. Officials met.", "ASTANA", None, "May 12", "KAZTAG"),
        ("ОШ, 12 мая/ Радио Бишкек. Чиновники встретились.", "ОШ", None, "12 мая", "Радио Бишкек"),
        ("БАТКЕН, 12 мая — Агентство Юг. Пограничники встретились.", "БАТКЕН", None, "12 мая", "Агентство Юг"),
        ("KHUJAND, Tajikistan — Officials met.", "KHUJAND", "Tajikistan", None, None),
        ("TERMEZ/MAZAR, 3 May 2025 — Officials met.", "TERMEZ/MAZAR", None, "3 May 2025", None),
    ],
)
def test_wire_datelines(datelines, opening, place, region, date_text, agency):
    found = datelines.read(opening)
    assert found is not None and found.certain
    assert (found.place, found.region, found.date_text, found.agency) == (place, region, date_text, agency)
    assert opening[found.end :].startswith(("Uzbek", "Officials", "Чиновники", "Пограничники"))


def test_offsets_point_into_the_text(datelines):
    text = "  Termez [Uzbekistan], June 2 (ANI): Guards met."
    found = datelines.read(text)
    assert text[found.place_start : found.place_start + len(found.place)] == "Termez"
    assert text[found.region_start : found.region_start + len(found.region)] == "Uzbekistan"
    assert text[found.end :] == "Guards met."


def test_a_site_or_a_carrier_in_place_of_the_city(datelines):
    assert datelines.read("STEPPENEWS.KZ - Officials met on Monday.").agency == "STEPPENEWS.KZ"
    carried = datelines.read("(Wire Service- Valley Herald) Officials met on Monday.")
    assert (carried.agency, carried.original) == ("Wire Service", "Valley Herald")


def test_a_bare_place_before_a_colon_is_only_a_guess(datelines):
    found = datelines.read("Termez: Officials met on Monday.")
    assert found.place == "Termez" and not found.certain


@pytest.mark.parametrize(
    "opening",
    [
        "The Regional Anti-Terrorist Structure (RATS): members met in Tashkent.",
        "The deputy minister said: “We are ready.”",
        "Mr. Karimov arrived in Termez on Monday.",
        "U.S. officials said on Monday — after the talks — that nothing changed.",
        "Uzbekistan, Tajikistan sign a water deal",
        "Newsflash:",
    ],
)
def test_sentences_that_are_no_datelines(datelines, opening):
    found = datelines.read(opening)
    assert found is None or not found.certain


def test_sentences_split_at_stops_and_line_breaks_not_at_abbreviations():
    text = "U.S. officials met in Termez. They left at 5 p.m. on Monday!\nA new paragraph starts here"
    assert split(text) == [
        "U.S. officials met in Termez.",
        "They left at 5 p.m. on Monday!",
        "A new paragraph starts here",
    ]
    assert all(text[s:e] == part for (s, e), part in zip(spans(text), split(text), strict=True))


def test_the_sentence_around_a_span():
    text = "First one here. The talks begin in June. Last."
    start = text.index("June")
    s, e = sentence_around(text, start, start + 4)
    assert text[s:e] == "The talks begin in June."


def test_a_date_in_an_address_is_no_written_date():
    from tocsin.stages.written_dates import written_dates

    dates = written_dates(data_dir())
    assert dates.full("https://news.example.org/2025/03/13/border-story") == []
    assert [w.as_date().isoformat() for w in dates.full("Posted 2023-10-14T08:00:00Z")] == ["2023-10-14"]
