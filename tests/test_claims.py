"""The claims stage on invented sentences: each normalisation, and what is not a claim.

Every sentence below is invented for the tests.
"""

from __future__ import annotations

import pytest

from tocsin.article import Article
from tocsin.document import Document
from tocsin.pipeline import new_document
from tocsin.record import Claim

STAGES = ("nlp", "actors", "places", "dates", "claims")


def analyse(pipeline, text: str, published: str | None = "2024-05-17") -> Document:
    doc = new_document(Article(path=None, text=text, published=published))
    doc.record.text, doc.record.published = text, published
    pipeline.run_stages([doc], STAGES)
    for c in doc.record.claims:
        assert doc.text[c.evidence.start : c.evidence.end] == c.evidence.sentence
    return doc


def only(doc: Document) -> Claim:
    assert len(doc.record.claims) == 1, [(c.value, c.unit) for c in doc.record.claims]
    return doc.record.claims[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate", "attribute"),
    [
        ("Kyrgyzstan shares about 1.1 thousand km of border with Tajikistan.", 1100, "km", True, "border_length"),
        ("The frontier with Afghanistan runs for 144 km.", 144, "km", False, "border_length"),
        ("The new road is 250 kilometers long.", 250, "km", False, "length"),
        ("Guards patrol the 620-kilometre stretch of the border with Iran.", 620, "km", False, "border_length"),
        ("The canal is 100 miles long.", 160.934, "km", False, "length"),
        ("The frozen reserves are estimated at about $7.2 billion.", 7.2e9, "USD", True, "frozen_reserves"),
        ("The bank lent 300 million dollars for the dam.", 3e8, "USD", False, "money"),
        ("A car bomb killed over 20 in the market.", 20, "people", True, "killed"),
        ("At least 14 people were wounded in the blast.", 14, "people", True, "injured"),
        ("More than 800 soldiers crossed into the neighbouring province.", 800, "people", True, "troops"),
        ("About 2.5 thousand militants gathered near the river.", 2500, "people", True, "militants_count"),
        ("Some 40,000 refugees arrived in the camps.", 40000, "people", True, "refugees"),
        ("The programme has four stages.", 4, "stages", False, "stages"),
        ("Turkmenistan is one of five observer states in the bloc.", 5, "states", False, "count"),
        ("The shelling killed one shepherd near the pass.", 1, "people", False, "killed"),
        ("Thousands of troops were sent to the valley.", 1000, "people", True, "troops"),
        ("Over a dozen people were detained at the crossing.", 12, "people", True, "detained"),
        ("Hundreds of thousands of people fled the floods.", 100000, "people", True, "people_count"),
        ("Guards held 35 of its citizens at the post.", 35, "people", False, "people_count"),
        ("The drills drew in 2,500 Kazakh, Kyrgyz and Tajik troops.", 2500, "people", False, "troops"),
        ("The death toll from the landslide rose to 21.", 21, "people", False, "killed"),
        ("At least 10 were killed in the raid on the depot.", 10, "people", True, "killed"),
        ("The exercise, lasting three days, ended on Friday.", 3, "days", False, "count"),
        ("The lease runs for a 15-year term.", 15, "years", False, "count"),
        ("The quarrel over the pasture has lasted more than 30 years.", 30, "years", True, "count"),
        ("It was the third wave of refugees to cross this month.", 3, "waves", False, "count"),
        ("A fifth man was arrested on Tuesday.", 5, "people", False, "detained"),
        ("Three hundred families lost their homes in the shelling.", 300, "families", False, "count"),
        ("Nearly half a million refugees have crossed into Iran.", 500000, "people", True, "refugees"),
        ("About a million people fled the valley.", 1e6, "people", True, "people_count"),
        ("At least two dozen shops burned down in the market.", 24, "shops", True, "count"),
        ("The ambush left 9 policemen dead near the pass.", 9, "people", False, "killed"),
    ],
)
def test_each_normalisation(nlp_pipeline, text, value, unit, approximate, attribute):
    claim = only(analyse(nlp_pipeline, text))
    assert claim.value == pytest.approx(value, rel=1e-3)
    assert claim.unit == unit
    assert claim.approximate is approximate
    assert claim.attribute == attribute


def test_dead_and_wounded_in_one_sentence_get_their_own_attributes(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Officials said 35 people were killed and 70 injured in the blast.")
    assert {(c.attribute, c.value) for c in doc.record.claims} == {("killed", 35), ("injured", 70)}


def test_a_figure_goes_on_with_the_unit_of_the_one_before(nlp_pipeline):
    text = "The lease went up to 6.2 million U.S. dollars from 5.9 million, and the fee to $2 million."
    doc = analyse(nlp_pipeline, text)
    assert {(c.value, c.unit) for c in doc.record.claims} == {(6.2e6, "USD"), (5.9e6, "USD"), (2e6, "USD")}
    doc = analyse(nlp_pipeline, "The raid killed 12 people in the market and six more at the station.")
    assert {(c.value, c.unit) for c in doc.record.claims} == {(12, "people"), (6, "people")}


def test_a_seized_weight_names_what_was_seized(nlp_pipeline):
    claim = only(analyse(nlp_pipeline, "The guards seized 42 kilograms of heroin near the river."))
    assert (claim.value, claim.unit, claim.attribute, claim.subject) == (42, "kg", "seized", "heroin")


def test_a_border_claim_names_both_countries(nlp_pipeline):
    claim = only(analyse(nlp_pipeline, "Tajikistan shares over 1,300 kilometers of border with Afghanistan."))
    assert "Tajikistan" in claim.subject and "Afghanistan" in claim.subject and "border" in claim.subject


@pytest.mark.parametrize(
    "text",
    [
        "The summit took place in 2019 in Bishkek.",
        "The plan runs from 2026 to 2028.",
        "The 201st base is near the capital.",
        "He was the first to arrive, on 12 March 2023.",
        "See page 12 of the report.",
        "The three countries signed the accord.",
        "The border has been tense for two weeks.",
        "One of the posts was abandoned.",
        "The patrol was attacked at 2 a.m. near the post.",
        "A few dozen metres of water separate the banks.",
        "The G20 and COVID-19 were not discussed.",
        "One suspect knows how to wire a detonator.",
        "The Second World War reached the valley late.",
        "For the second time, the pass was closed three days ago.",
        "The fighting stopped within two weeks.",
    ],
)
def test_years_dates_ordinals_references_and_durations_are_not_claims(nlp_pipeline, text):
    assert analyse(nlp_pipeline, text).record.claims == []


@pytest.mark.parametrize("text", ["", "$", "5", "1,2,3,4", "about $ billion", "\u00a0\u2009"])
def test_odd_input_does_not_crash(nlp_pipeline, text):
    analyse(nlp_pipeline, text)


def test_a_prison_term_is_a_duration_claim(nlp_pipeline):
    doc = analyse(nlp_pipeline, "A court in Khujand sentenced the blogger to 12 years in prison.")
    assert any(c.value == 12 and c.unit == "years" for c in doc.record.claims)


def test_people_detained_counted_without_a_noun_are_a_claim(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The authorities detained 26 on suspicion of plotting riots.")
    assert any(c.value == 26 and c.unit == "people" for c in doc.record.claims)
