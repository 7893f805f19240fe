"""The quotes stage on invented sentences (real officials, made-up statements).

Every statement below is invented for the tests; none is a real quotation.
"""

from __future__ import annotations

import pytest

from tocsin.article import Article
from tocsin.document import Document
from tocsin.pipeline import new_document
from tocsin.record import Quote

from .shared import shared_or_skip

STAGES = ("nlp", "actors", "places", "dates", "attribution", "quotes")


def analyse(pipeline, text: str, published: str | None = "2024-05-17") -> Document:
    doc = new_document(Article(path=None, text=text, published=published))
    doc.record.text, doc.record.published = text, published
    pipeline.run_stages([doc], STAGES)
    return doc


def quote_with(doc: Document, words: str) -> Quote:
    hits = [q for q in doc.record.quotes if words in q.text]
    assert hits, f"no quote holds {words!r}: {[q.text for q in doc.record.quotes]}"
    return hits[0]


def assert_spans(doc: Document) -> None:
    for q in doc.record.quotes:
        assert doc.text[q.start : q.end] == q.text


def test_curly_quote_after_said_goes_to_the_subject(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Sergey Lavrov said, “The river crossings will stay open all winter.”")
    q = quote_with(doc, "river crossings will stay open")
    assert q.direct and q.speaker_name == "Sergey Lavrov"
    assert not q.text.startswith("“") and not q.text.endswith("”")
    assert_spans(doc)


@pytest.mark.parametrize(
    "text",
    [
        'Emomali Rahmon said: "The new bridge will carry grain to the south by autumn."',
        "Emomali Rahmon said: «The new bridge will carry grain to the south by autumn.»",
        "Emomali Rahmon said: „The new bridge will carry grain to the south by autumn.“",
        "Emomali Rahmon said: ‘The new bridge will carry grain to the south by autumn.’",
    ],
)
def test_every_quotation_mark_style(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, "new bridge will carry grain")
    assert q.direct and q.speaker_name == "Emomali Rahmon"
    assert_spans(doc)


def test_a_quote_split_by_he_said_and_spanning_sentences_keeps_one_speaker(nlp_pipeline):
    text = (
        "“The convoy reached the pass. The drivers are safe,” Shavkat Mirziyoyev told reporters. "
        "“Tomorrow the second convoy leaves Termez.”"
    )
    doc = analyse(nlp_pipeline, text)
    first = quote_with(doc, "The convoy reached the pass. The drivers are safe")
    second = quote_with(doc, "Tomorrow the second convoy leaves")
    assert first.speaker_name == second.speaker_name == "Shavkat Mirziyoyev"
    assert first.direct and second.direct
    assert_spans(doc)


def test_a_quote_running_over_two_paragraphs(nlp_pipeline):
    text = (
        "Emomali Rahmon told parliament: “The southern border needs new posts and roads.\n"
        "“We will build them with our allies within three years.”"
    )
    doc = analyse(nlp_pipeline, text)
    first = quote_with(doc, "The southern border needs new posts")
    second = quote_with(doc, "We will build them with our allies")
    assert first.speaker_name == second.speaker_name == "Emomali Rahmon"
    assert_spans(doc)


def test_a_quote_run_over_paragraphs_is_the_speaker_named_at_its_end(nlp_pipeline):
    text = (
        "The governor described the scene.\n\n“The water came at night. Nobody was ready for it.\n\n"
        "“We lost everything,” said Karim Azizov, a farmer from the village."
    )
    doc = analyse(nlp_pipeline, text)
    assert quote_with(doc, "The water came at night").speaker_name == "Karim Azizov"
    assert_spans(doc)


def test_a_title_is_not_the_last_person_named_when_that_person_had_another_calling(nlp_pipeline):
    text = (
        "“We lost everything,” said Karim Azizov, a farmer from the village. "
        "‘This is a dangerous moment,’ the envoy told reporters."
    )
    doc = analyse(nlp_pipeline, text)
    assert quote_with(doc, "dangerous moment").speaker_name == "envoy"


def test_the_defence_ministry_is_not_the_foreign_ministry_quoted_before(nlp_pipeline):
    text = (
        "The Kyrgyz foreign ministry issued a statement on Monday. "
        "The defence ministry said that its forces had returned fire."
    )
    doc = analyse(nlp_pipeline, text)
    assert quote_with(doc, "returned fire").speaker == "gov:KGZ:defence-ministry"


def test_words_quoted_after_called_are_the_callers(nlp_pipeline):
    doc = analyse(nlp_pipeline, "President Japarov, in a televised address, called the situation “extremely serious.”")
    assert quote_with(doc, "extremely serious").speaker_name == "Japarov"


def test_apostrophes_are_not_quotation_marks(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Taliban’s envoy visited Tashkent’s new market on Monday.")
    assert doc.record.quotes == []


def test_a_scare_quote_with_no_speaker_is_not_a_quote(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The valley was once a “listening post” for the region.")
    assert doc.record.quotes == []


def test_dash_paragraph_closing_with_a_mark_is_a_direct_quote(nlp_pipeline):
    text = (
        "The Collective Security Treaty Organization discussed the border.\n"
        '— The members share worries about the southern frontier. Coordination will grow," '
        "Maria Zakharova, spokeswoman of the Russian Foreign Ministry, told reporters."
    )
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, "The members share worries about the southern frontier")
    assert q.direct and q.speaker_name == "Maria Zakharova"
    assert not q.text.startswith("—")
    assert_spans(doc)


def test_dash_paragraph_ending_with_an_attribution_is_a_direct_quote(nlp_pipeline):
    text = (
        "The situation on the frontier is calm.\n"
        "– Some of the groups have moved north. The risk remains, explains Kamchybek Tashiev, "
        "head of the State Committee for National Security."
    )
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, "Some of the groups have moved north")
    assert q.direct and q.speaker_name == "Kamchybek Tashiev"
    assert "explains" not in q.text
    assert_spans(doc)


def test_a_dash_paragraph_is_not_cut_at_an_apostrophe_or_an_inner_quote(nlp_pipeline):
    text = (
        "The frontier was quiet this spring.\n"
        "— The Taliban’s patrols call it “calm”, but the risk is real. It will grow in summer, "
        "explains Zamir Kabulov, a veteran diplomat."
    )
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, "The Taliban’s patrols call it “calm”, but the risk is real. It will grow in summer")
    assert q.direct and q.speaker_name == "Zamir Kabulov"


def test_a_quote_followed_by_a_short_attribution_without_a_comma(nlp_pipeline):
    doc = analyse(nlp_pipeline, "“The corridor is open again.” Sadyr Japarov said on Monday.")
    assert quote_with(doc, "The corridor is open again").speaker_name == "Sadyr Japarov"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("Sergey Lavrov said that the talks would resume in June.", "the talks would resume in June", "Sergey Lavrov"),
        (
            "Zamir Kabulov told Izvestia that Moscow would send wheat to Kabul.",
            "Moscow would send wheat to Kabul",
            "Zamir Kabulov",
        ),
        (
            "According to Sadyr Japarov, the new customs post will open next year.",
            "the new customs post will open next year",
            "Sadyr Japarov",
        ),
        (
            "Kassym-Jomart Tokayev believes the grain corridor can double its traffic.",
            "the grain corridor can double its traffic",
            "Kassym-Jomart Tokayev",
        ),
        (
            "Emomali Rahmon stressed the importance of guarding the mountain passes.",
            "the importance of guarding the mountain passes",
            "Emomali Rahmon",
        ),
        (
            "The bridge will be rebuilt within a year, Shavkat Mirziyoyev told journalists.",
            "The bridge will be rebuilt within a year",
            "Shavkat Mirziyoyev",
        ),
    ],
)
def test_reported_speech(nlp_pipeline, text, words, speaker):
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, words)
    assert not q.direct and q.speaker_name == speaker
    assert_spans(doc)


def test_pronouns_and_titles_go_to_the_nearest_fitting_person(nlp_pipeline):
    text = (
        "Sergey Lavrov visited Dushanbe on Monday. He said that the base would get new helicopters. "
        "The top diplomat also noted that joint drills are planned for the autumn."
    )
    doc = analyse(nlp_pipeline, text)
    assert quote_with(doc, "the base would get new helicopters").speaker_name == "Sergey Lavrov"
    assert quote_with(doc, "joint drills are planned").speaker_name == "Sergey Lavrov"


def test_the_expert_is_the_last_person_quoted(nlp_pipeline):
    text = (
        "Most of the work will fall on the engineers, Zamir Kabulov told Izvestia. "
        "The road is in poor repair. "
        "There is no question of closing the crossing, the expert believes."
    )
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, "There is no question of closing the crossing")
    assert q.speaker_name == "Zamir Kabulov" and not q.direct


def test_the_organization_is_the_nearest_organisation(nlp_pipeline):
    text = (
        "The Collective Security Treaty Organization met in Minsk. "
        "The flow of fighters is worrying, the organization's secretariat told reporters."
    )
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, "The flow of fighters is worrying")
    assert q.speaker_name == "Collective Security Treaty Organization"
    assert q.speaker is not None and doc.record.actor(q.speaker).kind == "igo"


def test_an_unnamed_speaker_keeps_its_description_and_is_followed_by_the_title(nlp_pipeline):
    text = (
        "A border troops spokesperson told reporters that night crossings rise in spring. "
        '"We have doubled the patrols on the river," the spokesperson said.'
    )
    doc = analyse(nlp_pipeline, text)
    first = quote_with(doc, "night crossings rise in spring")
    second = quote_with(doc, "We have doubled the patrols")
    assert "spokesperson" in (first.speaker_name or "")
    assert (second.speaker, second.speaker_name) == (first.speaker, first.speaker_name)


def test_a_mid_sentence_attribution_and_a_dateline(nlp_pipeline):
    text = "KHOROG, 8 May 2024 — The new outposts will be finished by winter, the ministry said, without giving a cost."
    doc = analyse(nlp_pipeline, text)
    q = quote_with(doc, "The new outposts will be finished by winter")
    assert not q.text.startswith("KHOROG") and "without giving" not in q.text


def test_what_was_not_said_is_not_a_quote(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The ministry did not say how many guards were on duty.")
    assert doc.record.quotes == []


def test_speakers_are_linked_actors_when_the_knowledge_base_knows_them(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Sergey Lavrov said that the talks would resume in June.")
    q = quote_with(doc, "talks would resume")
    actor = doc.record.actor(q.speaker)
    assert actor is not None and actor.name == "Sergey Lavrov"


@pytest.mark.parametrize("text", ["", "“", "— ", '"""', "said that", "«»«", "He said, “"])
def test_odd_input_does_not_crash(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text)
    assert_spans(doc)


def test_every_quote_span_on_the_seeds_is_its_text(nlp_pipeline):
    from tocsin.sources import read

    seeds = shared_or_skip("seeds")
    for article in read([str(seeds)]):
        doc = new_document(article)
        nlp_pipeline.prepare([doc])
        nlp_pipeline.run_stages([doc], (*STAGES, "claims"))
        assert doc.record.quotes, article.path
        assert_spans(doc)
        for c in doc.record.claims:
            assert doc.text[c.evidence.start : c.evidence.end] == c.evidence.sentence


def test_what_a_spokesman_for_a_body_says_is_the_bodys_word(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The pass is open again, according to a spokesman for the Kyrgyz interior ministry.")
    q = quote_with(doc, "The pass is open again")
    assert q.speaker == "gov:KGZ:interior-ministry"


def test_told_a_briefing_that_reports_what_follows_however_the_parser_hangs_it(nlp_pipeline):
    # the parser reads the that-clause as a relative clause of "briefing"
    text = "Foreign Minister Sergey Lavrov told a weekly briefing that Moscow wanted calm on the border."
    q = quote_with(analyse(nlp_pipeline, text), "Moscow wanted calm")
    assert q.speaker_name == "Sergey Lavrov" and not q.direct


def test_a_statement_speaks_for_whoever_issued_it(nlp_pipeline):
    text = 'The Kyrgyz border service issued a statement on Tuesday. "The pass is calm," the statement said.'
    q = quote_with(analyse(nlp_pipeline, text), "The pass is calm")
    assert q.speaker == "gov:KGZ:border-service"


def test_he_after_a_meeting_is_the_subject_who_met_not_the_one_met(nlp_pipeline):
    text = (
        "Tajik Foreign Minister Sirojiddin Muhriddin met his Kyrgyz counterpart in Dushanbe on Monday. "
        '"We have agreed to speed up the demarcation," he told reporters after the talks.'
    )
    q = quote_with(analyse(nlp_pipeline, text), "We have agreed")
    assert q.speaker_name == "Sirojiddin Muhriddin"


def test_said_on_a_platform_that_reports_what_follows(nlp_pipeline):
    text = "The Taliban's deputy spokesman, Hamdullah Fitrat, said on X that Kabul wanted good relations."
    q = quote_with(analyse(nlp_pipeline, text), "Kabul wanted good relations")
    assert q.speaker_name == "Hamdullah Fitrat" and not q.direct


def test_a_source_in_a_body_speaks_for_the_body(nlp_pipeline):
    text = "A source in the Kyrgyz security services told reporters that the detained men were planning an attack."
    q = quote_with(analyse(nlp_pipeline, text), "the detained men were planning")
    assert q.speaker == "gov:KGZ:intelligence"


def test_a_quote_closed_by_the_statement_read_is_the_statements_authors(nlp_pipeline):
    doc = analyse(nlp_pipeline, '"We will respond," a statement from the Kazakh foreign ministry read.')
    assert [(q.speaker, q.text) for q in doc.record.quotes] == [("gov:KAZ:foreign-ministry", "We will respond,")]
