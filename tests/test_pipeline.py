"""The pipeline: stages found by name, their contracts checked, documents routed by language,
and a failing stage that costs only its own output."""

from __future__ import annotations

import pytest

from tocsin.article import Article
from tocsin.document import Document
from tocsin.languages import Language
from tocsin.pipeline import Built as BuiltStage
from tocsin.pipeline import PipelineError, check, new_document, order, run
from tocsin.registry import STAGES, StageSpec

# invented text
TAJIK_REPORT = (
    "DUSHANBE, May 3, 2025 — Tajik border guards detained two Afghan smugglers near the Panj river on Friday, "
    "the State Committee for National Security said."
)


def test_the_english_pipeline_lists_its_stages_in_order(pipeline):
    assert pipeline.names("en") == [
        "clean", "meta", "nlp", "actors", "places", "dates", "attribution", "events", "quotes", "claims", "threats",
    ]  # fmt: skip


def test_every_stage_requirement_is_met_by_an_earlier_stage():
    specs = [STAGES.get(n) for n in ("clean", "meta", "nlp", "actors", "places", "dates", "events")]
    check(specs, {"article"})
    with pytest.raises(PipelineError, match="requires spacy"):
        check([STAGES.get("clean"), STAGES.get("meta"), STAGES.get("events")], {"article"})


def test_an_unknown_stage_name_is_a_clear_error():
    with pytest.raises(KeyError, match="no tocsin.stages component named 'sentiment'"):
        STAGES.get("sentiment")


class Exploding:
    name = "events"

    def __call__(self, doc: Document) -> None:
        doc.record.events = []  # a partial write the pipeline must undo
        raise RecursionError("maximum recursion depth exceeded")


def test_a_failing_stage_degrades_and_the_document_is_kept(pipeline):
    record = pipeline(Article(path="report.txt", text=TAJIK_REPORT))
    assert record.events, "the real stage codes the detention"
    doc = Document(article=Article(path="report.txt", text=TAJIK_REPORT), record=record.model_copy(deep=True))
    spec = STAGES.get("events")
    run(BuiltStage(spec, Exploding()), [doc])
    assert doc.record.events == []
    assert doc.record.analysis is not None
    assert doc.record.analysis.errors[-1].stage == "events"
    assert "RecursionError" in doc.record.analysis.errors[-1].error
    assert doc.record.actors, "what other stages found stands"


def test_a_stage_that_needs_a_failed_stages_output_is_skipped():
    doc = new_document(Article(path=None, text="Kabul is cold."))
    doc.record.text = "Kabul is cold."

    class Broken:
        name = "nlp"

        def __call__(self, doc: Document) -> None:
            raise MemoryError("no room")

    run(BuiltStage(STAGES.get("nlp"), Broken()), [doc])
    ran: list[str] = []

    class Needy:
        name = "actors"

        def __call__(self, doc: Document) -> None:
            ran.append("actors")

    run(BuiltStage(StageSpec("actors", lambda c, lang: Needy(), requires=("spacy",)), Needy()), [doc])
    assert ran == []
    assert doc.record.analysis is not None
    assert any("actors skipped" in n for n in doc.record.analysis.notes)


def test_a_language_without_analysis_is_stored_as_text_not_read_with_english_rules(pipeline):
    # invented Portuguese text: no language is registered for it
    text = (
        "As forças de fronteira do Tajiquistão detiveram dois contrabandistas perto do rio Panj na sexta-feira, "
        "disse o comité estatal de segurança nacional num comunicado divulgado em Duchambé."
    )
    record = pipeline(Article(path="pt.txt", text=text))
    assert record.language == "pt"
    assert record.text
    assert record.analysis is not None and record.analysis.analysed is False
    assert record.actors == [] and record.events == []


def test_a_plugin_stage_can_ask_to_follow_a_built_in_one():
    spec = StageSpec("after-events", lambda c, lang: None, requires=("events",), after="events")  # type: ignore[arg-type,return-value]
    STAGES.register(spec.name, spec)
    try:
        names = [s.name for s in order(("nlp", "actors", "places", "dates", "attribution", "events", "quotes"))]
        assert names.index("after-events") == names.index("events") + 1
    finally:
        STAGES._items.pop(spec.name)


def test_languages_are_registered_with_their_stages():
    from tocsin.languages import LANGUAGES, language

    assert "en" in LANGUAGES
    english = language("en")
    assert isinstance(english, Language) and english.stages[0] == "nlp"
    assert language("xx") is None and language(None) is None


def test_a_first_person_quote_credited_by_an_agency_does_not_loop(pipeline):
    # invented: "we" in the quote points to the speaker, whose own clause says "we can say"
    text = (
        '"We see no sign that the shells crossed into our territory. Today we can say there is no danger to '
        'our villages," Interfax quoted an official in the ministry as saying.'
    )
    record = pipeline(Article(path=None, text=text))
    assert record.analysis is not None and record.analysis.errors == []
    assert record.quotes
