"""Russian analysis: natasha's parse, actors and places linked by lemma to the shared base.

Every text here is invented for the tests.
"""

from __future__ import annotations

import pytest

from tocsin.article import Article
from tocsin.document import Document
from tocsin.languages.ru import RUSSIAN
from tocsin.pipeline import new_document
from tocsin.stages.russian.nlp import parse


def analyse_ru(pipeline, text: str, published: str | None = "2024-05-17") -> Document:
    doc = new_document(Article(path=None, text=text, published=published))
    doc.record.text, doc.record.published, doc.record.language = text, published, "ru"
    pipeline.run_stages([doc], RUSSIAN.stages, code="ru")
    return doc


def actor(doc: Document, name: str):
    return next((a for a in doc.record.actors if a.name == name), None)


def test_parse_keeps_offsets_sentences_and_names():
    text = "В четверг в Душанбе прошла встреча.\n\nПосол   Китая прибыл в Хорог."
    doc = parse(text)
    assert doc.text == text
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        "В четверг в Душанбе прошла встреча.",
        "Посол   Китая прибыл в Хорог.",
    ]
    assert ("Душанбе", "LOC") in [(e.text, e.label_) for e in doc.ents]
    assert doc[1].lemma_ == "четверг"


def test_inflected_names_link_to_canonical_english_actors(pipeline):
    doc = analyse_ru(
        pipeline,
        "Министр иностранных дел России провел переговоры с ОДКБ. "
        "Позже Таджикистан поблагодарил Организацию Договора о коллективной безопасности.",
    )
    csto = actor(doc, "Collective Security Treaty Organization")
    assert csto is not None and csto.kind == "igo"
    assert {"ОДКБ", "Организацию Договора о коллективной безопасности"} <= set(csto.aliases)
    tajikistan = actor(doc, "Tajikistan")
    assert tajikistan is not None and tajikistan.id == "TJK" and tajikistan.kind == "state"


def test_institutions_take_the_state_in_the_genitive_or_the_adjective(pipeline):
    doc = analyse_ru(
        pipeline,
        "Министерство обороны Узбекистана сообщило об учениях. Киргизская погранслужба усилила охрану границы.",
    )
    ids = {a.id for a in doc.record.actors}
    assert "gov:UZB:defence-ministry" in ids
    assert "gov:KGZ:border-service" in ids


def test_unnamed_actors_take_their_state_from_the_adjective(pipeline):
    doc = analyse_ru(pipeline, "Вчера афганские контрабандисты пытались пересечь реку, сообщили источники.")
    smugglers = next(a for a in doc.record.actors if a.sector == "CRM")
    assert smugglers.country == "AFG"
    assert smugglers.name == "Afghan smugglers"


def test_a_state_that_only_locates_is_not_an_actor(pipeline):
    doc = analyse_ru(pipeline, "Учения прошли в Казахстане. Казахстан предложил продолжить их.")
    kaz = actor(doc, "Kazakhstan")
    assert kaz is not None
    assert kaz.aliases == ["Казахстан"]


def test_known_people_are_found_through_transliteration(pipeline):
    doc = analyse_ru(pipeline, "Ллойд Остин принял гостей в Вашингтоне. Остин заявил, что доволен встречей.")
    austin = actor(doc, "Lloyd Austin")
    assert austin is not None and austin.country == "USA"
    assert len(austin.mentions) == 2


@pytest.mark.parametrize("name", ["Рустам Назаров", "Фаррух Валиев"])
def test_people_the_base_lacks_are_transliterated(pipeline, name):
    doc = analyse_ru(pipeline, f"Глава пресс-службы {name} рассказал журналистам о планах.")
    person = next(a for a in doc.record.actors if a.kind == "person")
    assert person.name.split()[-1].startswith(("Nazarov", "Valiyev", "Valiev"))


def place(doc: Document, name: str):
    return next((p for p in doc.record.places if p.name == name), None)


def test_places_get_english_names_and_generic_words(pipeline):
    doc = analyse_ru(
        pipeline,
        "Взрыв произошел в Согдийской области Таджикистана, недалеко от Худжанда. "
        "Ранее учения прошли на юге Узбекистана.",
    )
    assert place(doc, "Sughd Region") is not None
    khujand = place(doc, "Khujand")
    assert khujand is not None and khujand.country == "TJK" and khujand.feature == "city"
    assert place(doc, "Southern Uzbekistan") is not None


def test_borders_from_compound_adjectives_and_with_phrases(pipeline):
    doc = analyse_ru(
        pipeline,
        "На узбекско-таджикской границе задержали двоих. Казахстан усилил охрану границы с Китаем.",
    )
    borders = {p.id for p in doc.record.places if p.feature == "border"}
    assert borders & {"border:UZB-TJK", "border:TJK-UZB"}
    assert borders & {"border:KAZ-CHN", "border:CHN-KAZ"}


def test_a_country_is_a_place_only_where_something_is_located_in_it(pipeline):
    doc = analyse_ru(pipeline, "Туркменистан закрыл рынок. Торговцы остались в Иране.")
    assert place(doc, "Iran") is not None
    assert place(doc, "Turkmenistan") is None


def test_dates_resolve_against_the_publication_date(pipeline):
    doc = analyse_ru(
        pipeline,
        "Соглашение подписали 3 марта 2023 года. В понедельник делегация вернулась. "
        "В ноябре прошлого года переговоры сорвались.",
        published="2024-05-17",
    )
    values = {t.text.strip(". "): t.value for t in doc.timexes}
    assert values["3 марта 2023 года"] == "2023-03-03"
    assert values["В понедельник"] == "2024-05-13"
    assert values["ноябре прошлого года"] == "2023-11"


def test_a_day_without_a_year_and_no_publication_date_gives_no_date(pipeline):
    doc = analyse_ru(pipeline, "Стрельба началась 12 июня.", published=None)
    assert [t.value for t in doc.timexes] == [None]


def test_events_from_russian_verbs_and_nouns(pipeline):
    doc = analyse_ru(
        pipeline,
        "Узбекские пограничники задержали двоих контрабандистов из Афганистана. "
        "Министр иностранных дел Казахстана встретился с послом Китая.",
    )
    types = {e.type for e in doc.record.events}
    assert {"COERCE", "CONSULT"} <= types
    coerce = next(e for e in doc.record.events if e.type == "COERCE")
    assert coerce.source == ["gov:UZB:border-service"]
    assert any(doc.record.actor(t).country == "AFG" for t in coerce.target)


def test_a_clash_between_two_sides_puts_both_in_both_roles(pipeline):
    doc = analyse_ru(pipeline, "Между киргизскими и таджикскими пограничниками произошла перестрелка.")
    clash = next(e for e in doc.record.events if e.type == "ASSAULT")
    assert set(clash.source) == set(clash.target) and len(clash.source) == 2


def test_negation_and_future_set_the_status(pipeline):
    doc = analyse_ru(pipeline, "Россия не будет вводить санкции. Армения проведет учения с Ираном в июле.")
    statuses = {e.type: e.status for e in doc.record.events}
    assert statuses.get("COOPERATE") == "intended"


def test_quotes_in_guillemets_dash_paragraphs_and_reported_speech(pipeline):
    doc = analyse_ru(
        pipeline,
        "«Мы не допустим провокаций на границе», — сказал Садыр Жапаров.\n"
        "По словам министра обороны Узбекистана, учения продлятся неделю.\n"
        "— Переговоры с соседями идут каждый день, — говорится в сообщении МИД Таджикистана.",
    )
    by_text = {q.text: q for q in doc.record.quotes}
    first = by_text["Мы не допустим провокаций на границе"]
    assert first.direct and first.speaker == "person:sadyr-japarov"
    reported = next(q for q in doc.record.quotes if q.text.startswith("учения продлятся"))
    assert not reported.direct
    dash = next(q for q in doc.record.quotes if q.text.startswith("Переговоры с соседями"))
    assert dash.direct and dash.speaker == "gov:TJK:foreign-ministry"


def test_a_statement_credited_in_the_next_sentence(pipeline):
    doc = analyse_ru(
        pipeline,
        "Пограничники Казахстана задержали трех нарушителей границы. Об этом сообщила пресс-служба КНБ РК.",
    )
    quote = next(q for q in doc.record.quotes if "задержали трех" in q.text)
    assert doc.record.actor(quote.speaker).country == "KAZ"


def test_an_agency_relaying_a_report_is_not_quoted(pipeline):
    doc = analyse_ru(pipeline, "На границе погибли два человека, сообщает ТАСС.")
    assert doc.record.quotes == []


def test_claims_count_people_things_and_distances(pipeline):
    doc = analyse_ru(
        pipeline,
        "В ходе обыска изъяты 12 гранат и около 300 патронов. Погибли как минимум пятеро военнослужащих. "
        "Село находится в 40 км от границы. Среди мирных жителей пострадавших нет.",
    )
    found = {(c.value, c.unit, c.approximate) for c in doc.record.claims}
    assert (12, "grenades", False) in found
    assert (300, "cartridges", True) in found
    assert (5, "people", True) in found
    assert (40, "km", False) in found
    assert (0, "people", False) in found


def test_a_russian_and_an_english_report_of_one_clash_make_one_story(pipeline, tmp_path):
    from tocsin.query import list_stories
    from tocsin.store import Store
    from tocsin.stories.incremental import save

    english = pipeline(
        Article(
            path="wire.txt",
            text="Border guards of Kyrgyzstan and Tajikistan exchanged fire near the Kyrgyz village of Kok-Tash "
            "on Tuesday, the Kyrgyz border service said. One guard was wounded.",
            published="2025-06-11",
            outlet="Invented Wire",
        )
    )
    russian = pipeline(
        Article(
            path="vestnik.txt",
            text="Во вторник между пограничниками Киргизии и Таджикистана произошла перестрелка у села Кок-Таш, "
            "сообщила пограничная служба Киргизии. Один пограничник получил ранение.",
            published="2025-06-11",
            outlet="Invented Vestnik",
        )
    )
    assert (english.language, russian.language) == ("en", "ru")
    store = Store.open(str(tmp_path / "stories.db"))
    assert save(store, english) and save(store, russian)
    stories = list_stories(store)
    assert len(stories) == 1
    story = stories[0]
    assert story["type"] == "ASSAULT" and story["date"] == "2025-06-10"
    assert story["n_sources"] == 2 and set(story["outlets"]) == {"Invented Wire", "Invented Vestnik"}


def test_ukrainian_is_stored_with_actors_and_places_from_the_knowledge_base(pipeline):
    record = pipeline(
        Article(
            path="uk.txt",
            text="Представники ОДКБ прибули до Душанбе, де зустрілися з президентом Емомалі Рахмоном. "
            "Раніше Таджикистан посилив охорону кордону з Афганістаном.",
        )
    )
    assert record.language == "uk"
    assert record.analysis is not None and record.analysis.language == "uk"
    assert "events" not in record.analysis.stages  # no English rules on Ukrainian text
    ids = {a.id for a in record.actors}
    assert {"igo:csto", "person:emomali-rahmon", "TJK"} <= ids
    places = {p.name for p in record.places}
    assert "Dushanbe" in places
    assert "Tajikistan–Afghanistan border" in places


def test_a_threat_assessment_has_a_holder_a_source_and_kinds(pipeline):
    doc = analyse_ru(
        pipeline,
        "По словам министра обороны Таджикистана, боевики пытаются проникнуть на территорию страны "
        "и создают угрозу безопасности.",
    )
    threat = doc.record.threats[0]
    assert doc.record.actor(threat.holder[0]).country == "TJK"
    assert doc.record.actor(threat.source[0]).sector == "REB"
    assert "border_incursion" in threat.kinds and threat.level == "warning"


def test_a_warning_in_the_article_s_own_voice_is_not_an_assessment(pipeline):
    doc = analyse_ru(pipeline, "Угроза проникновения боевиков сохраняется.")
    assert doc.record.threats == []
