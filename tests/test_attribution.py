"""The attribution stage: every statement and its speaker, on invented sentences.

Real states, bodies and officials, made-up statements: none is a real quotation.
"""

from __future__ import annotations

import pytest

from tocsin.document import Document, Statement
from tocsin.stages.arguments import Actors, speaker
from tocsin.stages.evidence import sentences

from .analysis import analyse, countries

STAGES = ("nlp", "actors", "places", "dates", "attribution")


def said(pipeline, text: str) -> Document:
    return analyse(pipeline, text, stages=STAGES)


def statement_with(doc: Document, words: str) -> Statement:
    hits = [s for s in doc.statements if words in doc.text[s.content[0] : s.content[1]]]
    assert hits, f"no statement holds {words!r}: {[doc.text[s.content[0] : s.content[1]] for s in doc.statements]}"
    return min(hits, key=lambda s: s.content[1] - s.content[0])


def test_a_statement_is_typed_and_points_into_the_text(nlp_pipeline):
    doc = said(nlp_pipeline, "Sergey Lavrov said on Monday that the river crossings would stay open all winter.")
    s = statement_with(doc, "the river crossings would stay open all winter")
    assert not s.direct and s.verb == "say"
    assert s.cue is not None and doc.text[s.cue[0] : s.cue[1]] == "said"
    assert s.speaker_text == "Sergey Lavrov" and s.speaker_name == "Sergey Lavrov"
    assert doc.record.actor(s.speaker).name == "Sergey Lavrov"
    assert doc.text[s.start : s.end].startswith("said on Monday that the river crossings")


def test_a_body_the_base_lacks_speaks_for_its_country(nlp_pipeline):
    doc = said(
        nlp_pipeline,
        "Kyrgyzstan's national water inspectorate said the new canal had lowered the river by a metre.",
    )
    s = statement_with(doc, "the new canal had lowered the river")
    assert countries(doc, s.speakers) == {"KGZ"}
    assert "inspectorate" in (s.speaker_name or "")


@pytest.mark.parametrize(
    ("text", "words", "name", "verb"),
    [
        (
            "The grain convoy will cross at Termez on Friday, said Shavkat Mirziyoyev.",
            "The grain convoy will cross at Termez on Friday",
            "Shavkat Mirziyoyev",
            "say",
        ),
        (
            "The talks, according to Sadyr Japarov, will continue until the harvest is in.",
            "will continue until the harvest is in",
            "Sadyr Japarov",
            "according to",
        ),
        (
            "The agency quoted Emomali Rahmon as saying the southern roads would be rebuilt by spring.",
            "the southern roads would be rebuilt by spring",
            "Emomali Rahmon",
            "say",
        ),
        (
            "Emomali Rahmon accused the smugglers of burning two customs posts near the river.",
            "the smugglers of burning two customs posts",
            "Emomali Rahmon",
            "accuse",
        ),
        (
            "Sadyr Japarov went on to say that the pasture dispute had been settled.",
            "the pasture dispute had been settled",
            "Sadyr Japarov",
            "say",
        ),
    ],
)
def test_reported_speech_in_its_many_forms(nlp_pipeline, text, words, name, verb):
    doc = said(nlp_pipeline, text)
    s = statement_with(doc, words)
    assert s.speaker_name == name and s.verb == verb and not s.direct


def test_the_verb_of_an_accusation_is_part_of_the_quote(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Emomali Rahmon accused the smugglers of burning two customs posts near the river.")
    (q,) = doc.record.quotes
    assert q.text.startswith("accused the smugglers of burning")
    assert doc.text[q.start : q.end] == q.text


def test_this_was_announced_points_at_the_sentence_before(nlp_pipeline):
    doc = said(
        nlp_pipeline,
        "The two countries have finished marking their shared border. This was announced by Sadyr Japarov in Osh.",
    )
    s = statement_with(doc, "The two countries have finished marking their shared border")
    assert s.speaker_name == "Sadyr Japarov"


def test_the_statement_and_they_go_back_to_the_body_that_spoke(nlp_pipeline):
    text = (
        "In a written statement, the Tajik Foreign Ministry said the border post had been rebuilt. "
        "The work took three months, the statement said. "
        "They added that a second post would open in the autumn."
    )
    doc = said(nlp_pipeline, text)
    first = statement_with(doc, "the border post had been rebuilt")
    assert countries(doc, first.speakers) == {"TJK"}
    for words in ("The work took three months", "a second post would open in the autumn"):
        s = statement_with(doc, words)
        assert (s.speakers, s.speaker_name) == (first.speakers, first.speaker_name)


def test_the_innermost_speaker_of_a_relayed_statement(nlp_pipeline):
    text = "Kazakhstan said the pipeline would be repaired within a week, Interfax reported."
    doc = said(nlp_pipeline, text)
    sent = sentences(doc.spacy)[0]
    assert countries(doc, speaker(sent, Actors(doc))) == {"KAZ"}


def test_a_quote_inside_a_reported_statement_is_that_speakers(nlp_pipeline):
    doc = said(
        nlp_pipeline,
        "Sadyr Japarov said the new road was “a gift to the valley” and would open in May.",
    )
    direct = [s for s in doc.statements if s.direct]
    assert [doc.text[s.content[0] : s.content[1]] for s in direct] == ["a gift to the valley"]
    assert direct[0].speaker_name == "Sadyr Japarov"


def test_an_unattributed_quote_goes_on_with_the_last_speaker(nlp_pipeline):
    text = (
        "“The bridge is finished,” Emomali Rahmon told reporters on the river bank.\n"
        "“Trucks will use it from Monday, and buses a week later.”"
    )
    doc = said(nlp_pipeline, text)
    assert statement_with(doc, "Trucks will use it from Monday").speaker_name == "Emomali Rahmon"


def test_straight_single_quotes_are_quotes_and_apostrophes_are_not(nlp_pipeline):
    doc = said(
        nlp_pipeline,
        "Sadyr Japarov said the herders' road 'will be open to every village by June' and thanked the engineers.",
    )
    direct = [doc.text[s.content[0] : s.content[1]] for s in doc.statements if s.direct]
    assert direct == ["will be open to every village by June"]


def test_a_spokesperson_of_a_body_is_not_the_last_person_named(nlp_pipeline):
    text = (
        "Shavkat Mirziyoyev opened the new bridge on Monday. "
        "The customs office spokesperson said trucks would cross it from June."
    )
    s = statement_with(said(nlp_pipeline, text), "trucks would cross it from June")
    assert s.speaker_name != "Shavkat Mirziyoyev" and "spokesperson" in (s.speaker_name or "")


@pytest.mark.parametrize(
    "text",
    [
        "The ministry did not say how many guards were on duty.",
        "The farmers left without saying where they would go next.",
        "In general, the level of trade between the two capitals shows that the border is open.",
        "The flood claimed the lives of four shepherds in the valley.",
        "The valley was once a “listening post” for the whole region.",
    ],
)
def test_no_statement(nlp_pipeline, text):
    assert said(nlp_pipeline, text).statements == []


def test_speaker_reads_the_statements(nlp_pipeline):
    doc = said(nlp_pipeline, "Uzbekistan warned that the new dam would cut the water flowing to its farms.")
    sent = sentences(doc.spacy)[0]
    assert countries(doc, speaker(sent, Actors(doc))) == {"UZB"}
