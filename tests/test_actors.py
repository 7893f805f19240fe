"""The actors stage on invented sentences: metonymy, dated roles, spellings, new actors."""

from __future__ import annotations

import pytest

from tocsin.article import Article
from tocsin.document import Document
from tocsin.pipeline import new_document

from .shared import shared_or_skip


def analyse(pipeline, text: str, published: str | None = None) -> Document:
    doc = new_document(Article(path=None, text=text, published=published))
    doc.record.text = text
    doc.record.published = published
    pipeline.run_stages([doc], ("nlp", "actors"))
    return doc


def actor_of(doc: Document, surface: str, nth: int = 0) -> str | None:
    """The actor id linked at the nth occurrence of ``surface`` in the text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(surface, start + 1)
    return doc.actor_at(start, start + len(surface))


def test_a_capital_that_acts_is_its_state_but_a_capital_one_meets_in_is_a_place(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "Moscow handed over the embassy on Friday. The ministers later met in Moscow.", "2022-04-29"
    )
    assert actor_of(doc, "Moscow", 0) == "RUS"
    assert actor_of(doc, "Moscow", 1) is None
    russia = doc.record.actor("RUS")
    assert russia.kind == "state" and russia.country == "RUS"


def test_capitals_as_subjects_possessors_and_partners(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Tashkent and Astana agreed to cooperate. Bishkek's envoy later held talks with "
        "Dushanbe, and a delegation flew to Dushanbe.",
        "2024-03-01",
    )
    assert actor_of(doc, "Tashkent") == "UZB"
    assert actor_of(doc, "Astana") == "KAZ"
    assert actor_of(doc, "Bishkek") == "KGZ"
    assert actor_of(doc, "Dushanbe", 0) == "TJK"
    assert actor_of(doc, "Dushanbe", 1) is None
    doc = analyse(nlp_pipeline, "Moscow delivered aid to Tashkent, and a convoy drove to Tashkent.", "2024-03-01")
    assert actor_of(doc, "Tashkent", 0) == "UZB"  # given to its government
    assert actor_of(doc, "Tashkent", 1) is None  # a place one goes to


def test_a_dateline_capital_is_not_an_actor(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Moscow [Russia], May 3: The weather was mild.", "2023-05-03")
    assert actor_of(doc, "Moscow") is None


@pytest.mark.parametrize(
    ("published", "expected"), [("2021-06-10", "person:sergei-shoigu"), ("2025-06-10", "person:andrei-belousov")]
)
def test_the_same_title_names_whoever_held_the_office_on_the_article_date(nlp_pipeline, published, expected):
    doc = analyse(nlp_pipeline, "The Russian defence minister inspected the troops near the border.", published)
    assert actor_of(doc, "Russian defence minister") == expected
    actor = doc.record.actor(expected)
    assert actor.country == "RUS" and actor.sector == "MIL"
    assert actor.role == "Minister of Defence of Russia"


def test_leaders_by_description(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "The Russian leader spoke by phone with the President of Tajikistan. "
        "The Kremlin chief then called the U.S. president.",
        "2023-02-01",
    )
    assert actor_of(doc, "Russian leader") == "person:vladimir-putin"
    assert actor_of(doc, "President of Tajikistan") == "person:emomali-rahmon"
    assert actor_of(doc, "Kremlin chief") == "person:vladimir-putin"
    assert actor_of(doc, "U.S. president") == "person:joe-biden"


def test_the_taliban_are_rebels_before_august_2021_and_afghanistans_government_after(nlp_pipeline):
    before = analyse(nlp_pipeline, "The Taliban attacked a checkpoint.", "2020-05-01").record.actor("group:taliban")
    after = analyse(nlp_pipeline, "The Taliban opened a consulate.", "2023-05-01").record.actor("group:taliban")
    assert (before.kind, before.sector, before.country) == ("armed_group", "REB", "AFG")
    assert (after.kind, after.sector, after.country) == ("government", "GOV", "AFG")


def test_kabul_as_an_actor_after_2021_is_the_taliban(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "Kabul rejected the accusations. Talks with the government in Kabul resumed.", "2024-01-10"
    )
    assert actor_of(doc, "Kabul", 0) == "group:taliban"
    assert actor_of(doc, "government in Kabul") == "group:taliban"


def test_spellings_and_transliterations_are_one_person(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Emomali Rakhmon met Kassym-Jomart Toqaev. Rahmonov later thanked Tokayev, "
        "and Sergei Lavrov praised President Rahmon.",
        "2023-09-01",
    )
    rahmon = doc.record.actor("person:emomali-rahmon")
    assert {"Emomali Rakhmon", "Rahmonov"} <= set(rahmon.aliases)
    for surface in ("Emomali Rakhmon", "Rahmonov", "President Rahmon"):
        assert actor_of(doc, surface) == rahmon.id
    assert actor_of(doc, "Toqaev") == actor_of(doc, "Tokayev") == "person:kassym-jomart-tokayev"
    assert doc.record.actor("person:sergey-lavrov").name == "Sergey Lavrov"


def test_a_known_person_spelt_another_way_is_still_that_person(nlp_pipeline):
    text = "Uzbek President Shavkat Mirzioyev opened the forum. Mirzioyev said trade had doubled."
    doc = analyse(nlp_pipeline, text, "2023-01-01")
    assert actor_of(doc, "Shavkat Mirzioyev") == actor_of(doc, "Mirzioyev", 1) == "person:shavkat-mirziyoyev"
    doc = analyse(nlp_pipeline, "Uzbek official Shavkat Rakhimov opened the forum.", "2023-01-01")
    assert actor_of(doc, "Shavkat Rakhimov") != "person:shavkat-mirziyoyev"
    doc = analyse(nlp_pipeline, "Khan Muttaqi said the talks went well.", "2023-01-01")
    assert actor_of(doc, "Khan Muttaqi") == "person:amir-khan-muttaqi"  # the last words of the full name


def test_titles_with_names_and_acronyms(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Uzbek President Shavkat Mirziyoev received the CSTO Secretary General. "
        "ISKP and the Islamic Movement of Uzbekistan were discussed.",
        "2024-04-01",
    )
    assert actor_of(doc, "Shavkat Mirziyoev") == "person:shavkat-mirziyoyev"
    sg = doc.record.actor(actor_of(doc, "CSTO Secretary General"))
    assert sg.id == "person:imangali-tasmagambetov" and sg.country is None and sg.sector == "IGO"
    assert doc.record.actor("igo:csto").kind == "igo"
    assert doc.record.actor("group:iskp").kind == "armed_group"
    assert doc.record.actor("group:imu").country is None


def test_the_organization_is_the_last_organisation_named(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "The SCO Regional Anti-Terrorist Structure met in Tashkent. The organization "
        "said the CSTO would join. The alliance's secretariat confirmed it.",
        "2024-04-01",
    )
    assert actor_of(doc, "The organization") == "igo:sco"
    assert actor_of(doc, "The alliance") == "igo:csto"


def test_institutions_of_any_state(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "The Kyrgyz Foreign Ministry summoned the envoy. Tajikistan's Security Council "
        "met, and the Tajik side said the Prosecutor General's Office of Uzbekistan would help.",
        "2024-04-01",
    )
    ministry = doc.record.actor(actor_of(doc, "Kyrgyz Foreign Ministry"))
    assert (ministry.kind, ministry.country, ministry.sector) == ("government", "KGZ", "GOV")
    assert doc.record.actor(actor_of(doc, "Security Council")).country == "TJK"
    assert actor_of(doc, "Tajik side") == "TJK"
    prosecutor = doc.record.actor(actor_of(doc, "Prosecutor General"))
    assert (prosecutor.country, prosecutor.sector) == ("UZB", "JUD")


def test_unknown_people_take_country_and_sector_from_their_title(nlp_pipeline):
    # invented people and sentences
    doc = analyse(
        nlp_pipeline,
        "Aziza Karimova, a researcher at the Institute of Strategic Studies of the "
        "Kyrgyz Academy of Sciences, told reporters that the risk was growing. Karimova added that "
        "talks must go on. Farrukh Nazarov, press secretary of the CSTO secretariat, agreed.",
        "2024-05-05",
    )
    karimova = doc.record.actor(actor_of(doc, "Aziza Karimova"))
    assert karimova.id.startswith("new:")
    assert (karimova.kind, karimova.country, karimova.sector) == ("person", "KGZ", "EDU")
    assert actor_of(doc, "Karimova", 1) == karimova.id  # the surname repeat
    institute = doc.record.actor(actor_of(doc, "Institute of Strategic Studies"))
    assert (institute.kind, institute.country, institute.sector) == ("organization", "KGZ", "EDU")
    nazarov = doc.record.actor(actor_of(doc, "Farrukh Nazarov"))
    assert (nazarov.country, nazarov.sector) == (None, "IGO")


def test_a_titled_unknown_official_and_an_unnamed_office_holder(nlp_pipeline):
    # invented people and sentences
    doc = analyse(
        nlp_pipeline,
        "Kazakh Deputy Foreign Minister Nurbek Saparov met the Minister of Defense of Turkmenistan.",
        "2024-05-05",
    )
    saparov = doc.record.actor(actor_of(doc, "Nurbek Saparov"))
    assert (saparov.country, saparov.sector) == ("KAZ", "GOV")
    minister = doc.record.actor(actor_of(doc, "Minister of Defense of Turkmenistan"))
    assert (minister.kind, minister.country, minister.sector) == ("person", "TKM", "MIL")


def test_unnamed_specific_actors(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "A Pakistani security contractor said militants from Afghanistan crossed the line.", "2023-01-01"
    )
    contractor = doc.record.actor(actor_of(doc, "Pakistani security contractor"))
    assert (contractor.country, contractor.sector) == ("PAK", "BUS")
    militants = doc.record.actor(actor_of(doc, "militants from Afghanistan"))
    assert (militants.country, militants.sector) == ("AFG", "REB")


def test_armed_men_with_no_state_given_are_still_actors_but_a_bare_the_militants_is_not(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Two gunmen attacked Tajik border guards on Monday.", "2023-01-01")
    gunmen = doc.record.actor(actor_of(doc, "Two gunmen"))
    assert (gunmen.country, gunmen.sector) == (None, "REB")
    doc = analyse(nlp_pipeline, "The militants attacked Tajik border guards on Monday.", "2023-01-01")
    assert all(a.sector != "REB" for a in doc.record.actors)  # refers back to a group named before
    doc = analyse(nlp_pipeline, "Armed groups such as the Taliban operate in the border area.", "2023-01-01")
    assert [a.id for a in doc.record.actors] == ["group:taliban"]  # the class is named by its member


def test_a_regions_adjective_names_a_group_of_its_states_or_people(nlp_pipeline):
    text = "Central Asian countries tightened their borders after police raided hostels of Central Asian migrants."
    doc = analyse(nlp_pipeline, text, "2023-01-01")
    countries = doc.record.actor(actor_of(doc, "Central Asian countries"))
    migrants = doc.record.actor(actor_of(doc, "Central Asian migrants"))
    assert (countries.country, countries.kind) == (None, "other")
    assert (migrants.country, migrants.sector) == (None, "CVL")


def test_people_counted_as_an_acts_parties_are_a_group_of_their_own(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Police detained six foreign nationals after the raid.", "2023-01-01")
    group = doc.record.actor(actor_of(doc, "six foreign nationals"))
    assert (group.name, group.country, group.kind) == ("six foreign nationals", None, "other")
    doc = analyse(nlp_pipeline, "Hundreds of people were detained after the rally.", "2023-01-01")
    assert doc.record.actor(actor_of(doc, "Hundreds of people")).name == "Hundreds of people"
    doc = analyse(nlp_pipeline, "Police in Osh detained 26 people.", "2023-01-01")
    victims = doc.record.actor(actor_of(doc, "people"))
    assert (victims.name, victims.country) == ("Kyrgyz people", "KGZ")  # those of where it happened
    assert "26 people" in victims.aliases  # as the report counts them


def test_coordinated_adjectives_share_the_words_after_them(nlp_pipeline):
    text = "Uzbek and Kazakh farm workers clashed with Iranian and Turkmen forces."
    doc = analyse(nlp_pipeline, text, "2023-01-01")
    names = {a.name for a in doc.record.actors}
    assert {"Uzbek farm workers", "Kazakh farm workers"} <= names
    assert "Iranian forces" in doc.record.actor("gov:IRN:armed-forces").aliases


def test_a_faith_is_no_actor(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The men planned to kill a blogger critical of Islam.", "2023-01-01")
    assert all(a.name != "Islam" for a in doc.record.actors)


def test_outlets_and_unknown_organisations(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Pamir Policy Institute told Interfax that the border was calm.", "2023-01-01")
    assert doc.record.actor("org:interfax").sector == "MED"
    assert doc.record.actor(actor_of(doc, "Pamir Policy Institute")).kind == "organization"


def test_known_outlets_and_platforms_a_report_cites_are_organisations(nlp_pipeline):
    text = "A local mayor told The Washington Post that roads were closed, and the ministry posted on Twitter."
    actors = {a.name: (a.kind, a.sector) for a in analyse(nlp_pipeline, text, "2023-01-01").record.actors}
    assert actors["The Washington Post"] == actors["Twitter"] == ("organization", "MED")


def test_an_outlet_that_only_signs_the_report_is_no_actor_of_it(nlp_pipeline):
    text = "MOSCOW (Interfax) — Russian troops held drills near the Afghan border, Interfax said."
    assert "org:interfax" in {a.id for a in analyse(nlp_pipeline, text, "2023-01-01").record.actors}
    text = "MOSCOW (Interfax) — Russian troops held drills near the Afghan border on Tuesday."
    assert "org:interfax" not in {a.id for a in analyse(nlp_pipeline, text, "2023-01-01").record.actors}


def test_states_named_only_as_nationalities_are_no_actors(nlp_pipeline):
    text = "Citizens of Uzbekistan, Kazakhstan and Kyrgyzstan, the three men had lived in Poland since 2021."
    ids = {a.id for a in analyse(nlp_pipeline, text, "2023-01-01").record.actors}
    assert not ids & {"UZB", "KAZ", "KGZ"}


def test_every_mention_span_is_the_text_it_names(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Russian Foreign Minister Sergey Lavrov met Amir Khan Muttaqi in Moscow; Lavrov said Moscow would help.",
        "2022-03-30",
    )
    assert doc.record.actor("person:sergey-lavrov").mentions[-1] == (
        doc.text.rindex("Lavrov"),
        doc.text.rindex("Lavrov") + 6,
    )
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
    ids = [a.id for a in doc.record.actors]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "—", "Said. Said. Said."])
def test_bad_text_gives_no_actors_and_no_error(nlp_pipeline, text):
    assert analyse(nlp_pipeline, text, None).record.actors == []


def test_actor_scores_on_the_seeds(nlp_pipeline):
    from tocsin.evaluate.gold import score_records
    from tocsin.sources import read

    seeds, gold = shared_or_skip("seeds"), shared_or_skip("gold", "seeds")
    docs = [new_document(a) for a in read([str(seeds)])]
    nlp_pipeline.run_stages(docs, ("clean", "meta", "nlp", "actors"))
    records = {d.article.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]: d.record.model_dump() for d in docs}
    scores = score_records(records, gold)
    assert scores["actorsF1"] >= 0.85
    assert scores["actors_country"] >= 0.95


def test_places_the_model_reads_as_organisations_are_not_actors(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "KHOROG, 2 June 2025 (Invented Wire) - Smugglers crossed the Panj river at night, "
        "and guards of the Badakhshan detachment fired warning shots.",
        "2025-06-02",
    )
    names = {a.name.lower() for a in doc.record.actors}
    assert "khorog" not in names and "panj" not in names


def _kcs(doc: Document, surface: str) -> tuple[str, str | None, str | None]:
    actor = doc.record.actor(actor_of(doc, surface))
    assert actor is not None, surface
    return actor.kind, actor.country, actor.sector


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("A Norwegian official said talks would resume next week.", "A Norwegian official", ("person", "NOR", "GOV")),
        ("Chilean warships began joint exercises off the coast.", "Chilean warships", ("government", "CHL", "MIL")),
        ("Swiss doctors treated the wounded at a field hospital.", "Swiss doctors", ("other", "CHE", "HLH")),
        ("Kenyan judges ruled against the budget.", "Kenyan judges", ("other", "KEN", "JUD")),
        ("Afghan rebel leaders refused to meet the mediator.", "Afghan rebel leaders", ("armed_group", "AFG", "REB")),
        ("Two Peruvian diplomats were expelled on Monday.", "Two Peruvian diplomats", ("other", "PER", "GOV")),
    ],
)
def test_a_demonym_and_an_actor_noun_are_an_unnamed_actor_of_that_state(nlp_pipeline, text, surface, expected):
    assert _kcs(analyse(nlp_pipeline, text, "2024-05-01"), surface) == expected


def test_a_modifier_cue_decides_the_sector_unless_the_head_noun_is_stronger(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Ecuadorian police officers detained a Bolivian defense contractor.", "2024-05-01")
    assert _kcs(doc, "Ecuadorian police officers")[1:] == ("ECU", "COP")
    assert _kcs(doc, "Bolivian defense contractor")[1:] == ("BOL", "BUS")


def test_a_title_before_a_name_is_that_person_not_an_unnamed_actor(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Malian Prime Minister Ali Traore visited Dakar. Ousmane Kone, a Senegalese diplomat, welcomed him.",
        "2024-05-01",
    )
    assert _kcs(doc, "Ali Traore") == ("person", "MLI", "GOV")
    assert not any(a.name.endswith("diplomat") for a in doc.record.actors)


def test_nationals_and_peoples_act_as_civilians(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Thousands of Nigerians rallied in the capital. Iraqi Kurds fled to the "
        "mountains, and Tamils protested outside parliament.",
        "2024-05-01",
    )
    assert _kcs(doc, "Nigerians") == ("other", "NGA", "CVL")
    assert _kcs(doc, "Iraqi Kurds") == ("other", "IRQ", "CVL")
    assert _kcs(doc, "Tamils") == ("other", "LKA", "CVL")


def test_ethnic_kin_are_not_their_kin_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Up to 300 ethnic Uzbeks fled across the border on Monday.", "2024-05-01")
    assert _kcs(doc, "Uzbeks")[1] is None
    assert doc.record.actor("UZB") is None


def test_a_state_plural_of_the_kind_the_afghans_is_still_the_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Afghans said the talks had failed.", "2024-05-01")
    assert actor_of(doc, "The Afghans") == "AFG"


def test_an_adjective_on_an_act_names_the_state_acting(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "Nepal rejected an Indian proposal, and Jordan condemned two Israeli air raids.", "2024-05-01"
    )
    assert actor_of(doc, "Indian") == "IND"
    assert actor_of(doc, "Israeli") == "ISR"


def test_intergovernmental_bodies_and_a_bare_security_council(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "The Security Council extended the mission. APEC agreed to set up a new fund. "
        "The European Community gave Chad aid.",
        "1990-05-01",
    )
    for surface, expected in (
        ("APEC", "igo:apec"),
        ("European Community", "igo:european-community"),
        ("Security Council", "igo:unsc"),
    ):
        assert actor_of(doc, surface) == expected
        assert doc.record.actor(expected).kind == "igo"


def test_a_security_council_after_a_state_is_that_states(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "Kyrgyzstan tightened its border rules. The Security Council met on Monday.", "2024-05-01"
    )
    assert actor_of(doc, "Security Council") == "gov:KGZ:security-council"


def test_a_capital_before_government_is_that_states_government(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Khartoum government rejected the plan.", "2024-05-01")
    assert actor_of(doc, "Khartoum government") == "SDN"


def test_a_peoples_name_before_an_actor_noun_gives_its_usual_state(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "Hazara elders demanded better protection. Iraqi Kurdish leaders met in Erbil.", "2024-05-01"
    )
    assert _kcs(doc, "Hazara elders")[1:] == ("AFG", "CVL")
    assert _kcs(doc, "Iraqi Kurdish leaders")[1] == "IRQ"


def test_officials_from_a_list_of_states_are_those_states(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Officials from Chile, Peru and Bolivia attended the talks.", "2024-05-01")
    assert not any(a.id.startswith("new:") for a in doc.record.actors)
    assert {"CHL", "PER", "BOL"} <= {a.id for a in doc.record.actors}


def test_the_pages_own_outlet_is_a_news_organisation(nlp_pipeline):
    from tocsin.article import Article as Page

    text = (
        "BISHKEK, 4 March 2025 (Tien Shan Courier) — Kyrgyz border guards detained two men who crossed "
        "the frontier at night, officials told Tien Shan Courier."
    )
    doc = new_document(Page(path=None, text=text, outlet="Tien Shan Courier"))
    nlp_pipeline.prepare([doc])
    nlp_pipeline.analyse([doc])
    outlet = [a for a in doc.record.actors if a.name == "Tien Shan Courier"]
    assert outlet and outlet[0].kind == "organization"
    # named only where it signs the report (the dateline is metadata), it is no actor of it
    doc = new_document(Page(path=None, text=text.replace("told Tien Shan Courier", "said"), outlet="Tien Shan Courier"))
    nlp_pipeline.prepare([doc])
    nlp_pipeline.analyse([doc])
    assert not [a for a in doc.record.actors if a.name == "Tien Shan Courier"]


def test_a_capital_addressed_or_dealt_with_is_its_government_but_a_destination_is_not(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "The spokesman urged Islamabad to act against the camps. Beijing kept up pressure "
        "on Tehran. The envoy flew to Kabul and held talks with Kabul on trade. We will keep working "
        "with our partners in Kabul.",
        "2024-05-01",
    )
    assert actor_of(doc, "Islamabad") == "PAK"
    assert actor_of(doc, "Tehran") == "IRN"
    assert actor_of(doc, "Kabul", 0) is None
    assert actor_of(doc, "Kabul", 1) == "group:taliban"  # Afghanistan's de facto government since 2021-08-15
    assert actor_of(doc, "Kabul", 2) == "group:taliban"


def test_a_known_persons_last_name_refers_back_once_they_are_named_in_full(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Pakistani Prime Minister Shehbaz Sharif arrived on Monday. Sharif praised the "
        "railway plan. Prime Minister Sharif then left for Mazar-i-Sharif.",
        "2024-05-01",
    )
    assert actor_of(doc, "Sharif", 1) == "person:shehbaz-sharif"
    assert actor_of(doc, "Prime Minister Sharif") == "person:shehbaz-sharif"
    assert len([a for a in doc.record.actors if a.kind == "person"]) == 1


def test_a_new_persons_title_and_surname_is_the_same_person(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "Chilean President Gabriel Boric visited Lima. Later President Boric left.", "2024-05-01"
    )
    assert actor_of(doc, "President Boric") == actor_of(doc, "Gabriel Boric") == "new:gabriel-boric"


def test_coordinated_demonyms_each_give_their_own_actor(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Afghan and Pakistani border forces exchanged fire on Sunday. Kyrgyz and Tajik villagers fought over water.",
        "2024-05-01",
    )
    afghan, pakistani = actor_of(doc, "Afghan"), actor_of(doc, "Pakistani border forces")
    assert afghan and pakistani and afghan != pakistani
    assert doc.record.actor(afghan).country == "AFG" and doc.record.actor(pakistani).country == "PAK"
    kyrgyz, tajik = actor_of(doc, "Kyrgyz"), actor_of(doc, "Tajik villagers")
    assert kyrgyz and tajik and kyrgyz != tajik
    assert (doc.record.actor(kyrgyz).country, doc.record.actor(kyrgyz).sector) == ("KGZ", "CVL")


def test_forces_named_without_their_state_take_the_datelines_or_sentences_state(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "QUETTA, June 3, 2025 - Security forces killed five militants on Tuesday.", "2025-06-03"
    )
    forces = doc.record.actor(actor_of(doc, "Security forces"))
    assert (forces.country, forces.sector) == ("PAK", "COP")
    doc = analyse(nlp_pipeline, "Border guards detained two men on the Tajik side. Regional leaders met.", "2024-05-01")
    assert doc.record.actor(actor_of(doc, "Border guards")).country == "TJK"
    assert actor_of(doc, "Regional leaders") is None  # no state is meant


def test_a_crossing_the_gazetteer_lacks_is_no_organisation(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Pakistan closed the Zarbolak border crossing for nine days. Hundreds of trucks were stranded at Zarbolak.",
        "2024-05-01",
    )
    assert not any("Zarbolak" in a.name for a in doc.record.actors)


def test_a_state_the_article_only_locates_things_in_is_no_actor(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Kazakhstan sent aid to Afghanistan on Monday. The convoy waited near Turkmenistan's border with Iran, "
        "and its drivers, citizens of Uzbekistan, were paid in U.S. dollars. Talks later took place in Mongolia.",
        "2024-03-01",
    )
    ids = {a.id for a in doc.record.actors}
    assert {"KAZ", "AFG"} <= ids
    assert not ids & {"TKM", "IRN", "UZB", "USA", "MNG"}


def test_people_named_with_an_initial_for_a_surname_are_people(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "The suspects, identified as Rustam A., Dilshod K. and Farrukh M., were detained in Lyon.",
        "2024-03-01",
    )
    people = {a.name for a in doc.record.actors if a.kind == "person"}
    assert {"Rustam A.", "Dilshod K.", "Farrukh M."} <= people


def test_a_name_before_group_or_network_names_a_body(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "In May, the Sadykov group's role in the bombing was uncovered. Police said the Karimov network had "
        "smuggled weapons.",
        "2024-06-01",
    )
    names = {a.name: a.kind for a in doc.record.actors}
    assert names.get("Sadykov group") == "organization" and names.get("Karimov network") == "organization"


def test_civilians_gathered_in_a_city_are_of_its_country(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Protesters in Almaty demanded cheaper fuel on Saturday.")
    assert any(a.name == "Kazakh protesters" and a.country == "KAZ" for a in doc.record.actors)


def test_a_states_body_is_known_by_both_forms_of_its_name(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakh troops and Uzbek border guards held joint drills.", "2024-06-01")
    forms = {a.id: {a.name, *a.aliases} for a in doc.record.actors}
    assert {"Armed Forces of Kazakhstan", "Kazakh Armed Forces"} <= forms["gov:KAZ:armed-forces"]
    assert {"Uzbek Border Troops", "Border Troops of Uzbekistan"} <= forms["gov:UZB:border-service"]


def test_a_title_case_border_in_a_heading_is_no_person(nlp_pipeline):
    text = "Russia said it would help.\n\nRussia Ready To Help Tajikistan Defend Afghan Tajik Border\n\nThe CSTO met."
    doc = analyse(nlp_pipeline, text, "2024-06-01")
    assert not [a for a in doc.record.actors if a.kind == "person" and a.name.endswith("Border")]


def test_a_word_of_the_verb_before_a_count_is_not_part_of_the_actor(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakh border guards shot dead three Uzbek smugglers near the border.")
    assert "three Uzbek smugglers" in {a.name for a in doc.record.actors}


def test_police_units_acting_in_a_named_place_are_its_states(nlp_pipeline):
    text = "In the western state of Bavaria, specialist police units detained four men who had come from Uzbekistan."
    doc = analyse(nlp_pipeline, text)
    police = next(a for a in doc.record.actors if "police" in a.name)
    assert police.country == "DEU"


def test_an_office_or_body_named_by_its_province_or_town_is_that_states_own(nlp_pipeline):
    text = (
        "The governor of Khatlon met farmers on Monday. "
        "Local officials in Mazar-i-Sharif said the road was closed. "
        "Courts in Novosibirsk ordered the deportation of 40 migrants."
    )
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    by_name = {a.name: a for a in doc.record.actors}
    assert by_name["The governor of Khatlon"].country == "TJK"
    assert by_name["The governor of Khatlon"].kind == "person"
    assert by_name["Local officials in Mazar-i-Sharif"].country == "AFG"
    assert by_name["Local officials in Mazar-i-Sharif"].kind == "government"
    assert by_name["Courts in Novosibirsk"].country == "RUS"


def test_a_governor_in_apposition_to_a_name_describes_that_person(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Rustam Nazarov, governor of Sughd region, opened the bridge.", "2024-05-10")
    assert not any(a.name.lower().startswith("governor") for a in doc.record.actors)


def test_a_states_adjective_read_as_an_organisation_is_no_actor_of_its_own(nlp_pipeline):
    doc = analyse(nlp_pipeline, "A Tajik official said the road was closed.", "2024-05-10")
    assert [(a.name, a.country) for a in doc.record.actors] == [("A Tajik official", "TJK")]


def test_a_title_in_apposition_to_a_name_is_that_persons_whatever_the_date(nlp_pipeline):
    text = "Daniyar Saparov, the Secretary General of the Collective Security Treaty Organization, opened the forum."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    people = [a for a in doc.record.actors if a.kind == "person"]
    assert [p.name for p in people] == ["Daniyar Saparov"]


def test_armed_groups_placed_in_a_region_are_that_countrys(nlp_pipeline):
    doc = analyse(nlp_pipeline, "He said militant groups in northern Syria were regrouping.", "2024-05-10")
    group = next(a for a in doc.record.actors if a.name.lower().startswith("militant groups"))
    assert group.kind == "armed_group" and group.country == "SYR"


def test_a_known_outlets_name_said_in_full_is_no_new_organisation(nlp_pipeline):
    text = "The exercise ends on Friday, the state TASS News Agency said."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert [a.id for a in doc.record.actors if a.kind == "organization"] == ["org:tass"]


def test_a_thing_named_in_capitals_is_no_person(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The ministers praised the new Transit Corridor in Almaty.", "2024-05-10")
    assert not any(a.kind == "person" for a in doc.record.actors)


def test_a_provincial_council_is_a_body_of_the_provinces_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The provincial council in Kunduz asked for more teachers.", "2024-05-10")
    council = next(a for a in doc.record.actors if "council" in a.name.lower())
    assert council.kind == "government" and council.country == "AFG"


def test_governments_agencies_and_powers_gathered_by_an_adjective_are_one_actor(nlp_pipeline):
    text = (
        "International donors and regional governments pledged more flood aid. "
        "The international community must act, and Western powers agreed."
    )
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    groups = {a.name: a.country for a in doc.record.actors}
    assert {"International donors", "regional governments", "international community", "Western powers"} <= set(groups)
    assert not any(groups[name] for name in ("regional governments", "international community"))


def test_armed_gangs_that_act_are_an_actor_even_unnamed_but_these_groups_point_back(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Armed gangs crossed the border at night. These gangs are well armed.", "2024-05-10")
    gangs = [a for a in doc.record.actors if "gangs" in a.name.lower()]
    assert [(a.name, a.kind) for a in gangs] == [("Armed gangs", "armed_group")]


def test_unnamed_armed_men_of_one_form_are_one_actor_in_a_report(nlp_pipeline):
    text = (
        "Militants crossed the border at night. Officials said the militants from Afghanistan fled. "
        "Armed gangs attacked a post. Masked armed gangs also burned a school. "
        "He was charged with membership in a terrorist organization."
    )
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    armed = [(a.name, a.country) for a in doc.record.actors if a.kind == "armed_group"]
    assert armed == [("Militants", "AFG"), ("Armed gangs", None)]


def test_a_hyphen_inside_a_word_is_no_dash_before_a_noun(nlp_pipeline):
    text = "Calm returned after the arrival of UK-led peacekeeping troops in the capital."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    troops = next(a for a in doc.record.actors if "UK-led peacekeeping troops" in a.aliases)
    assert troops.country == "GBR" and troops.kind == "government"


def test_reporters_a_statement_is_made_to_are_no_actor_but_reporters_acted_on_are(nlp_pipeline):
    text = (
        "The aide informed Kyrgyz reporters on Wednesday that a protocol will be signed. "
        "Tajik journalists were detained in Osh."
    )
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert [a.name for a in doc.record.actors if a.sector == "MED"] == ["Tajik journalists"]


def test_war_machines_stand_for_their_states_armed_forces(nlp_pipeline):
    text = "Russian attack jets struck targets near the border. Turkish drones hit a convoy."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    forces = {a.id: a.kind for a in doc.record.actors}
    assert forces == {"gov:RUS:armed-forces": "government", "gov:TUR:armed-forces": "government"}
    doc = analyse(nlp_pipeline, "Kazakh and Uzbek helicopters flew over the border.", "2024-05-10")
    assert {a.id for a in doc.record.actors} >= {"gov:KAZ:armed-forces", "gov:UZB:armed-forces"}


def test_a_state_body_the_base_lacks_is_found_by_the_last_word_of_its_name(nlp_pipeline):
    text = (
        "The drills were run by Russia's Southern Military District. "
        "The Third Eastern District Military Court sentenced four men."
    )
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    bodies = {a.name: (a.kind, a.country) for a in doc.record.actors if a.kind != "state"}
    assert bodies["Southern Military District"] == ("government", "RUS")
    assert "Third Eastern District Military Court" in bodies
    assert not any(name.startswith("Armed Forces") for name in bodies)


def test_a_state_body_named_with_coordinated_words_or_the_province_it_serves(nlp_pipeline):
    text = (
        "Uzbekistan's Water, Energy, and Transport Ministry said the canal would open. "
        "The Roads and Bridges Department of Samangan province said the pass was closed."
    )
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    bodies = {a.name: (a.kind, a.country) for a in doc.record.actors if a.kind != "state"}
    assert bodies == {
        "Water, Energy, and Transport Ministry": ("government", "UZB"),
        "Roads and Bridges Department of Samangan province": ("government", "AFG"),
    }


def test_a_lone_adjective_names_no_body(nlp_pipeline):
    """ "Russian" of "Russian and Tajik contingents" is a mention of Russia's forces, not a name
    they go by; the singular contingent is the same forces."""
    text = "Russian and Tajik military contingents trained together. The Russian contingent left on Monday."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    russian = doc.record.actor("gov:RUS:armed-forces")
    assert "Russian" not in russian.aliases
    assert actor_of(doc, "The Russian contingent") == "gov:RUS:armed-forces"


@pytest.mark.parametrize(
    "text",
    [
        "Commander Karim Sadiq Nurzai said the post held. Later Karim Nurzai said two guards were hurt.",
        "Karim Nurzai said the post held. Later commander Karim Sadiq Nurzai said two guards were hurt.",
        "Commander Karim Sadiq Nurzai said the post held. Sadiq Nurzai said two guards were hurt.",
        "Commander Karim Sadiq Nurzai said the post held. Karim Sadik Nurzay said two guards were hurt.",
    ],
    ids=["middle name dropped", "full name later", "first name dropped", "another transliteration"],
)
def test_a_person_the_base_lacks_is_one_actor_under_a_shorter_form_of_the_name(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    people = [a for a in doc.record.actors if a.kind == "person"]
    assert [p.name for p in people] == ["Karim Sadiq Nurzai"]


def test_different_people_who_share_a_surname_stay_apart(nlp_pipeline):
    text = "Commander Karim Sadiq Nurzai said the post held. His cousin Rahim Nurzai said two guards were hurt."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert sorted(a.name for a in doc.record.actors if a.kind == "person") == ["Karim Sadiq Nurzai", "Rahim Nurzai"]


@pytest.mark.parametrize(
    "text",
    ["Officials said that trafficking networks moved the heroin at night.", "Poverty keeps trafficking networks busy."],
    ids=["acting", "acted upon"],
)
def test_criminal_networks_keep_their_nouns_own_words_in_the_name(nlp_pipeline, text):
    """A body named by its noun's own words ("trafficking networks") is an actor wherever it
    stands in the sentence; a bare "networks" would name nobody in particular."""
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert [a.name for a in doc.record.actors] == ["trafficking networks"]


@pytest.mark.parametrize(
    "text",
    [
        "Tajik Foreign Minister Rustam Khudoyorov met officials in Osh. The Tajik foreign minister left.",
        "The Tajik foreign minister arrived in Osh. Tajik Foreign Minister Rustam Khudoyorov said the talks went well.",
    ],
    ids=["title after the name", "title before the name"],
)
def test_a_title_alone_is_the_person_the_report_names_with_it_not_the_bases_holder(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    people = [a for a in doc.record.actors if a.kind == "person"]
    assert [(p.name, p.country) for p in people] == [("Rustam Khudoyorov", "TJK")]
    assert "The Tajik foreign minister" in people[0].aliases


@pytest.mark.parametrize(
    "text",
    [
        "The Kyrgyz state news agency Kabar reported the clash on Monday.",
        "Kabar, the Kyrgyz state news agency, reported the clash on Monday.",
    ],
    ids=["description before the name", "description after the name"],
)
def test_an_outlet_described_beside_its_name_is_one_actor(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    outlets = [a for a in doc.record.actors if a.kind == "organization"]
    assert [(a.name, a.country) for a in outlets] == [("Kabar", "KGZ")]
    assert "Kyrgyz state news agency" in " ".join(outlets[0].aliases)


def test_the_news_agency_in_capitals_is_the_outlet_named_before(nlp_pipeline):
    text = "The Kazakh agency Kazinform reported the talks. The News Agency said a diplomat had arrived."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert actor_of(doc, "The News Agency") == actor_of(doc, "Kazinform")


@pytest.mark.parametrize(
    "text",
    [
        "OSH, Kyrgyzstan — Three men were detained on Monday.",
        "Three men who later fled to Kyrgyzstan were detained on Monday.",
        "The planned railway traverses Kyrgyzstan before it reaches the mountains.",
    ],
    ids=["dateline", "where someone went", "ground a route crosses"],
)
def test_a_state_named_only_as_where_something_is_or_goes_is_no_actor(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert "KGZ" not in {a.id for a in doc.record.actors}


def test_a_state_sent_something_is_a_side(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan sent aid to Kyrgyzstan.", "2024-05-10")
    assert {"KAZ", "KGZ"} <= {a.id for a in doc.record.actors}


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        (
            "Two men were deported on Friday, a human rights lawyer told the newspaper.",
            "a human rights lawyer",
            "person",
        ),
        ("A witness said the soldiers fired at the crowd.", "A witness", "person"),
        ("Local residents said the water had been cut off for three days.", "Local residents", "other"),
        ("Local residents blocked the road to the market.", "Local residents", "other"),
    ],
)
def test_people_with_no_state_who_speak_or_act_are_actors(nlp_pipeline, text, speaker, kind):
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert [(a.name, a.kind, a.country) for a in doc.record.actors] == [(speaker, kind, None)]


def test_officials_with_no_state_in_view_are_no_actor(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Officials said the road would reopen.", "2024-05-10")
    assert doc.record.actors == []


@pytest.mark.parametrize(
    "text",
    [
        "Farmers in Bokhtar said Jaloliddini Rumi district had no water.",
        "Residents of Khamyab fled as fighting spread.",
    ],
    ids=["a district the model takes for a person", "residents of a village"],
)
def test_a_place_the_gazetteer_lacks_is_no_actor(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    assert not [a for a in doc.record.actors if a.kind in ("person", "organization")]


def test_a_state_named_only_inside_its_bodys_name_is_no_actor_of_its_own(nlp_pipeline):
    doc = analyse(nlp_pipeline, "US-led forces left the airfield in May.", "2024-05-10")
    assert [a.id for a in doc.record.actors] == ["gov:USA:armed-forces"]
    doc = analyse(nlp_pipeline, "The US-led troops left, and the United States closed its embassy.", "2024-05-10")
    assert "USA" in {a.id for a in doc.record.actors}


def test_a_court_of_a_court_is_one_body_of_the_capitals_state(nlp_pipeline):
    text = "The Criminal Division of the Minsk City Court sentenced four men on Friday."
    doc = analyse(nlp_pipeline, text, "2024-05-10")
    bodies = [(a.name, a.kind, a.country) for a in doc.record.actors]
    assert bodies == [("Criminal Division of the Minsk City Court", "government", "BLR")]


def test_a_name_the_model_calls_an_organisation_in_a_list_of_people_is_a_person(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Khusein Rakhmonov and Khusrav Gafurzoda were also charged.", "2024-05-10")
    assert sorted(a.name for a in doc.record.actors if a.kind == "person") == ["Khusein Rakhmonov", "Khusrav Gafurzoda"]
    assert not [a for a in doc.record.actors if a.kind == "organization"]
