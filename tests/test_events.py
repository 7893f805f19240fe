"""The events stage on invented sentences (real states and officials, made-up happenings).

Every sentence below is invented for the tests; none reports a real event.
"""

from __future__ import annotations

import pytest

from tocsin.article import Article
from tocsin.document import Document
from tocsin.pipeline import new_document
from tocsin.record import Event

from .analysis import analyse, countries


def names(doc: Document, ids: list[str]) -> set[str]:
    return {a.name for i in ids if (a := doc.record.actor(i))}


def event_of(doc: Document, type_: str) -> Event:
    hits = [e for e in doc.record.events if e.type == type_]
    assert hits, f"no {type_} in {[(e.type, e.trigger) for e in doc.record.events]}"
    return hits[0]


def assert_evidence(doc: Document) -> None:
    for item in [*doc.record.events, *doc.record.threats]:
        ev = item.evidence
        assert doc.text[ev.start : ev.end] == ev.sentence


def test_accusation_occurred_with_source_target_and_date(nlp_pipeline):
    doc = analyse(nlp_pipeline, "On Monday, Tajikistan accused Kyrgyzstan of shelling villages near the border.")
    e = event_of(doc, "ACCUSE")
    assert countries(doc, e.source) == {"TJK"} and countries(doc, e.target) == {"KGZ"}
    assert e.status == "occurred"
    assert e.date and e.date.startswith("2024-05")
    assert e.cameo and e.trigger and 0 < e.confidence <= 1
    assert_evidence(doc)


def test_plan_is_intended(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan plans to send humanitarian aid to Afghanistan.")
    e = event_of(doc, "AID")
    assert e.status == "intended"
    assert countries(doc, e.source) == {"KAZ"} and countries(doc, e.target) == {"AFG"}


def test_protection_if_attacked_is_conditional(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Russia vowed that it will protect Tajikistan if militants attack its border.")
    e = event_of(doc, "SUPPORT")
    assert e.status == "conditional"
    assert countries(doc, e.source) == {"RUS"} and countries(doc, e.target) == {"TJK"}
    assert not any(ev.type == "ASSAULT" for ev in doc.record.events), "the condition is not an event"


def test_denied_withdrawal_is_negated(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan did not withdraw its troops from Afghanistan.")
    e = event_of(doc, "RETREAT")
    assert e.status == "negated"
    assert countries(doc, e.source) == {"UZB"}


def test_compound_source_and_joint_drills(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan and Kyrgyzstan held joint military drills near the border.")
    e = event_of(doc, "COOPERATE")
    assert countries(doc, e.source) == {"KAZ", "KGZ"}


def test_one_country_drills_are_mobilize(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tajikistan conducted military drills near the Afghan border.")
    assert countries(doc, event_of(doc, "MOBILIZE").source) == {"TJK"}


def test_visit_goes_from_visitor_to_host(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Emomali Rahmon visited Uzbekistan on Tuesday. Kazakhstan hosted Sadyr Japarov.")
    visit, host = [e for e in doc.record.events if e.type == "CONSULT"][:2]
    assert names(doc, visit.source) == {"Emomali Rahmon"} and countries(doc, visit.target) == {"UZB"}
    assert visit.mode == "visit"
    assert names(doc, host.source) == {"Sadyr Japarov"} and countries(doc, host.target) == {"KAZ"}


def test_meeting_noun_is_consult(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Emomali Rahmon spoke about water during a meeting with Shavkat Mirziyoyev.")
    e = event_of(doc, "CONSULT")
    both = {"Emomali Rahmon", "Shavkat Mirziyoyev"}  # talks involve both parties alike
    assert names(doc, e.source) == both and names(doc, e.target) == both


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Uzbekistan deployed more than 1000 soldiers to the border with Afghanistan.", "size", 1000),
        ("Tajikistan said Afghan militants attacked a post in Tajikistan, killing over 50 people.", "killed", 50),
    ],
)
def test_magnitude(nlp_pipeline, text, field, value):
    doc = analyse(nlp_pipeline, text)
    sized = [e for e in doc.record.events if e.magnitude and getattr(e.magnitude, field)]
    assert sized, [(e.type, e.magnitude) for e in doc.record.events]
    assert getattr(sized[0].magnitude, field) == value


def test_request_by_the_speaker(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan called on Tajikistan to reopen the border crossings.")
    e = event_of(doc, "REQUEST")
    assert countries(doc, e.source) == {"KGZ"} and countries(doc, e.target) == {"TJK"}


def test_speculation_and_states_are_not_events(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Analysts say Uzbekistan may attack Tajikistan. Kyrgyzstan remains under sanctions.")
    assert not doc.record.events


def test_bad_input_does_not_crash(nlp_pipeline):
    for text in ("", "   ", "\u200b\u202e?!", "—"):
        doc = analyse(nlp_pipeline, text)
        assert doc.record.events == []


def test_every_cited_span_is_in_the_seed_articles(pipeline):
    from tocsin.sources import read

    from .shared import shared_or_skip

    seeds = shared_or_skip("seeds")
    docs = list(pipeline.process(a for a in read([str(seeds)]) if isinstance(a, Article)))
    assert docs and sum(len(d.record.events) for d in docs) > 10
    for doc in docs:
        assert_evidence(doc)
        for e in doc.record.events:
            assert set(e.source) | set(e.target) <= {a.id for a in doc.record.actors}
            assert e.place is None or doc.record.place(e.place) is not None


def test_a_document_without_a_parse_is_left_alone():
    import spacy

    from tocsin.pipeline import Config
    from tocsin.stages import events, threats

    text = "Kazakhstan attacked nobody."
    doc = new_document(Article(path=None, text=text))
    doc.record.text, doc.spacy = text, spacy.blank("en")(text)
    events.make(Config())(doc)
    threats.make(Config())(doc)
    assert doc.record.events == [] and doc.record.threats == []


def test_handing_over_equipment_is_aid_and_handing_over_a_building_is_a_concession(nlp_pipeline):
    aid = analyse(
        nlp_pipeline, "Kazakhstan handed over forty armoured vehicles and ten drones to Kyrgyzstan on Monday."
    )
    assert [e.type for e in aid.record.events] == ["AID"]
    concede = analyse(nlp_pipeline, "Uzbekistan handed over the former consulate building to Afghanistan on Monday.")
    assert [e.type for e in concede.record.events] == ["CONCEDE"]


def test_an_act_with_one_side_unknown_is_a_candidate_not_an_event(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Unknown gunmen fired at a passing car late on Friday.")
    assert not doc.record.events
    assert any(e.type == "ASSAULT" for e in doc.event_candidates)


def test_an_attack_on_a_place_targets_its_country(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Taliban shelled several villages in Tajikistan on Monday.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"AFG"} and countries(doc, e.target) == {"TJK"}


def test_the_accused_is_the_source_of_the_act_charged(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan accused Tajik troops of shelling Kyrgyz border guards.")
    assert countries(doc, event_of(doc, "ACCUSE").source) == {"KGZ"}
    shelling = event_of(doc, "ASSAULT")
    assert countries(doc, shelling.source) == {"TJK"} and countries(doc, shelling.target) == {"KGZ"}


def test_joint_drills_of_troops_from_three_countries(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Troops from Kazakhstan, Kyrgyzstan and Uzbekistan held joint drills in June.")
    e = event_of(doc, "COOPERATE")
    assert countries(doc, e.source) == countries(doc, e.target) == {"KAZ", "KGZ", "UZB"}


def test_a_verb_known_only_from_the_cameo_dictionary(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan airlifted tents and blankets to Kyrgyzstan after the earthquake.")
    e = event_of(doc, "AID")
    assert countries(doc, e.source) == {"KAZ"} and countries(doc, e.target) == {"KGZ"}
    assert e.cameo and e.cameo.startswith("07")


def test_a_claim_of_responsibility_makes_the_claimant_the_source(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Taliban claimed that its fighters shelled a Pakistani border post in Pakistan.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"AFG"} and countries(doc, e.target) == {"PAK"}


def test_who_comes_under_an_attack_from_someone_is_its_target(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tajik border guards came under an attack from Afghan militants on Monday.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"AFG"} and countries(doc, e.target) == {"TJK"}


def test_an_undated_deed_takes_the_time_its_paragraph_gave(nlp_pipeline):
    text = "In March 2023, Tajikistan closed its border. Tajik border guards detained two Afghan smugglers."
    doc = analyse(nlp_pipeline, text)
    detained = next(e for e in doc.record.events if e.trigger == "detained")
    assert detained.date == "2023-03"


def test_a_statement_takes_the_day_its_paragraph_gave(nlp_pipeline):
    text = "On Tuesday, Kyrgyz and Tajik border guards clashed near the river. Bishkek accused Dushanbe of shelling."
    doc = analyse(nlp_pipeline, text)
    accused = event_of(doc, "ACCUSE")
    assert accused.date == "2024-05-14"  # the Tuesday before the article's Friday


@pytest.mark.parametrize(
    "text, published, type_, day",
    [
        # a statement in a later paragraph takes the day of the news it follows (a Friday's report)
        (
            "On Tuesday, Kyrgyz troops shelled a Tajik village near the border.\n\n"
            "Two houses were destroyed, local officials said.\n\n"
            "The Tajik Foreign Ministry accused Kyrgyzstan of breaking the truce.",
            "2024-05-17",
            "ACCUSE",
            "2024-05-14",
        ),
        # a deed a statement reports after the news takes its day (a Monday's report)
        (
            "Shots were heard near the Tajik border on Saturday, residents said.\n\n"
            "The Tajik border service said Taliban fighters had fired on a Tajik border post.",
            "2024-05-20",
            "ASSAULT",
            "2024-05-18",
        ),
        # a statement after old history takes the day of the report
        (
            "The two states fought a short war on 12 March 2021.\n\n"
            "The Tajik Foreign Ministry accused Kyrgyzstan of breaking the truce.",
            "2024-05-17",
            "ACCUSE",
            "2024-05-17",
        ),
    ],
)
def test_statements_and_reported_deeds_take_the_day_of_the_news(nlp_pipeline, text, published, type_, day):
    doc = analyse(nlp_pipeline, text, published=published)
    assert event_of(doc, type_).date == day


def test_a_plan_with_no_date_of_its_own_takes_the_occasion_the_article_announced(nlp_pipeline):
    text = (
        "On Monday, the Kazakh president will travel to Uzbekistan for a state visit.\n\n"
        "Kazakhstan and Uzbekistan will sign a border agreement during the visit."
    )
    doc = analyse(nlp_pipeline, text, published="2024-05-17")  # a Friday: the coming Monday is the 20th
    signing = next(e for e in doc.record.events if e.type == "AGREE")
    assert signing.status == "intended" and signing.date == "2024-05-20"


def test_an_attack_by_gunmen_of_no_given_state_keeps_its_attackers(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Two gunmen attacked Tajik border guards on Monday.")
    e = event_of(doc, "ASSAULT")
    assert [doc.record.actor(a).name for a in e.source] == ["Two gunmen"]
    assert countries(doc, e.target) == {"TJK"}


def test_a_fight_between_two_sides_keeps_the_second_when_the_parser_misreads_it(nlp_pipeline):
    # "IS" is read as a verb, and "IS militants" hangs off the sentence, not off "between"
    text = "Mortar rounds hit a village during a firefight between Taliban units and IS militants near the river."
    doc = analyse(nlp_pipeline, text)
    e = event_of(doc, "ASSAULT")
    assert set(e.source) == set(e.target) == {"group:taliban", "group:isis"}


def test_an_allegation_that_someone_did_something_accuses_them(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Uzbek minister repeated his allegation that Kyrgyzstan is diverting the river.")
    e = event_of(doc, "ACCUSE")
    assert countries(doc, e.source) == {"UZB"} and countries(doc, e.target) == {"KGZ"}


def test_every_name_of_a_listed_sentence_is_a_side(nlp_pipeline):
    # "A, B as well as C": the parser reads B as A's apposition and C as coordinated with B
    text = "Rustam Nazarov, Farrukh Saidov as well as Jamshed Karimov were arrested by Tajik police."
    e = event_of(analyse(nlp_pipeline, text), "COERCE")
    assert len(e.target) == 3


def test_a_happening_told_twice_is_one_event_with_the_date(nlp_pipeline):
    text = (
        "Uzbekistan accused Tajikistan of shelling Uzbek villages in Uzbekistan. "
        "Tajikistan shelled the Uzbek villages in Uzbekistan on 4 May, the Uzbek ministry said."
    )
    doc = analyse(nlp_pipeline, text)
    shelling = [e for e in doc.record.events if e.type == "ASSAULT"]
    assert len(shelling) == 1 and shelling[0].date == "2024-05-04"


def test_troops_from_listed_states_are_those_states_whatever_the_dateline(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "ALMATY (AP) — On Monday, troops from Kazakhstan, Kyrgyzstan and Uzbekistan held joint drills."
    )
    e = event_of(doc, "COOPERATE")
    assert countries(doc, e.source) == {"KAZ", "KGZ", "UZB"}


def test_the_act_an_accusation_names_is_coded_with_the_accused_as_its_source(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakh officials accused Uzbek troops of shooting at Kazakh border guards.")
    assert countries(doc, event_of(doc, "ACCUSE").target) == {"UZB"}
    attack = event_of(doc, "ASSAULT")
    assert countries(doc, attack.source) == {"UZB"} and countries(doc, attack.target) == {"KAZ"}


def test_coordinated_adjectives_put_both_states_in_a_joint_exercise(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Russian and Tajik military contingents began a joint training exercise on Monday.")
    e = event_of(doc, "COOPERATE")
    assert countries(doc, e.source) == countries(doc, e.target) == {"RUS", "TJK"}


def test_travelling_somewhere_for_talks_makes_the_place_the_host(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Kazakh foreign minister will travel to Kyrgyzstan next week for a working visit.")
    e = event_of(doc, "CONSULT")
    assert countries(doc, e.source) == {"KAZ"} and countries(doc, e.target) == {"KGZ"}
    assert e.status == "intended"


def test_fighting_told_again_without_its_sides_is_the_same_fighting(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "A deadly conflict erupted on the border between Uzbek and Kyrgyz border guards, officials said. "
        "The clash broke out on Tuesday near a disputed pasture.",
    )
    (clash,) = [e for e in doc.record.events if e.type == "ASSAULT"]
    assert countries(doc, clash.source) == countries(doc, clash.target) == {"UZB", "KGZ"}
    assert clash.date == "2024-05-14"  # the Tuesday before publication, from the second telling


def test_who_reports_fighting_is_not_a_side_of_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Officials in Kazakhstan reported three armed clashes with smugglers on the border.")
    officials = {a.id for a in doc.record.actors if a.sector == "GOV"}
    assert officials, "the officials are an actor"
    assert not any(e.type == "ASSAULT" and officials & {*e.source, *e.target} for e in doc.record.events)


def test_what_goes_on_now_takes_the_date_of_the_report(nlp_pipeline):
    doc = analyse(nlp_pipeline, "India goes on providing humanitarian aid to Afghanistan.", published="2024-05")
    assert event_of(doc, "AID").date == "2024-05"


def test_a_demand_made_by_demonstrating_is_the_demonstration(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "Farmers staged a rally against the Kyrgyz government on Monday to demand lower fuel prices."
    )
    assert [e.type for e in doc.record.events] == ["PROTEST"]


def test_an_accused_act_with_no_target_hit_the_accusers_side(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakh officials accused Uzbek forces of firing mortars at a pumping station.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"UZB"} and countries(doc, e.target) == {"KAZ"}


def test_unnamed_victims_are_the_people_of_where_it_happened(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Border guards shot dead two civilians near Khorog on Friday.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.target) == {"TJK"}
    assert names(doc, e.target) == {"Tajik civilians"}


def test_clashes_between_two_states_hung_on_the_verb(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Heavy clashes broke out on Sunday between Armenia and Azerbaijan.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == countries(doc, e.target) == {"ARM", "AZE"}


def test_a_ceasefire_told_after_fighting_binds_its_sides(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Kyrgyz and Tajik troops clashed on the border on Monday. A fragile ceasefire held on Wednesday.",
    )
    e = event_of(doc, "RETREAT")
    assert countries(doc, e.source) == countries(doc, e.target) == {"KGZ", "TJK"}


def test_they_after_two_states_stands_for_both(nlp_pipeline):
    doc = analyse(
        nlp_pipeline, "The governments of Kazakhstan and Turkmenistan said that they had signed a transit accord."
    )
    e = event_of(doc, "AGREE")
    assert countries(doc, e.source) == {"KAZ", "TKM"}


def test_thanks_voiced_to_a_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Afghan foreign minister voiced thanks to the leadership of Qatar for its help.")
    e = event_of(doc, "SUPPORT")
    assert countries(doc, e.source) == {"AFG"} and countries(doc, e.target) == {"QAT"}


def test_two_parties_beginning_work_together_cooperate_both_ways(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan and Pakistan have begun practical work on a joint railway project.")
    e = event_of(doc, "COOPERATE")
    assert countries(doc, e.source) == countries(doc, e.target) == {"UZB", "PAK"}


def test_fire_on_a_states_positions_hits_that_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Georgian troops opened fire on Russian positions near the border on Monday.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"GEO"} and countries(doc, e.target) == {"RUS"}
    assert e.target == ["gov:RUS:armed-forces"]  # a military post is its armed forces', not the state's


def test_unnamed_fighters_are_coded_by_where_they_are(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Nigerien soldiers ambushed several gunmen near Agadez on Sunday.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.target) == {"NER"}
    assert names(doc, e.target) == {"Nigerien gunmen"}, "named by who they are, not how many"


def test_the_possessive_says_whose_fighters_not_the_place(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The group said its fighters raided a police station in Tajikistan.")
    assert not any(a.name.endswith("fighters") and a.country == "TJK" for a in doc.record.actors)


def test_a_second_act_coordinated_with_a_denial_is_coded(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tashkent denied the report and accused Bishkek of spreading rumours.")
    e = event_of(doc, "ACCUSE")
    assert countries(doc, e.source) == {"UZB"} and countries(doc, e.target) == {"KGZ"}


def test_meeting_a_counterpart_named_in_apposition(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Sergei Lavrov met his Chinese counterpart Wang Yi in Astana on Friday.")
    e = event_of(doc, "CONSULT")
    assert {"Wang Yi"} <= names(doc, e.target)


def test_hosting_counterparts_from_several_states_is_one_meeting_of_all(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Russia's foreign minister hosted his counterparts from Iran, China and Pakistan.")
    e = event_of(doc, "CONSULT")
    assert countries(doc, e.target) >= {"IRN", "CHN", "PAK"}
    assert set(e.source) == set(e.target)


def test_sanctions_imposed_on_a_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The European Union imposed sanctions on Belarus on Thursday.")
    e = event_of(doc, "SANCTION")
    assert countries(doc, e.target) == {"BLR"}


def test_trading_accusations_is_mutual(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Georgian and Russian officials traded accusations over the border incident.")
    e = event_of(doc, "ACCUSE")
    assert countries(doc, e.source) == countries(doc, e.target) == {"GEO", "RUS"}


def test_exchanging_gunfire_puts_both_sides_on_both_sides(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbek border guards and Afghan smugglers exchanged gunfire near Termez on Monday.")
    e = event_of(doc, "ASSAULT")
    assert set(e.source) == set(e.target) and len(e.source) == 2


def test_the_ministers_after_a_meeting_are_the_two_who_met(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Kazakh Foreign Minister Murat Nurtleu met Chinese Foreign Minister Wang Yi in Astana on Monday. "
        "The ministers discussed transit and trade.",
    )
    talks = [e for e in doc.record.events if e.type == "CONSULT" and e.trigger == "discussed"]
    assert talks and names(doc, talks[0].source) == {"Murat Nurtleu", "Wang Yi"}


def test_attackers_are_not_placed_where_they_strike(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Militants fired rockets at a border post in Tajikistan on Sunday.")
    assert not any(a.name.endswith("ilitants") and a.country == "TJK" for a in doc.record.actors)


def test_forces_placed_on_alert_mobilize(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakh border troops were placed on high alert on Monday.")
    e = event_of(doc, "MOBILIZE")
    assert countries(doc, e.source) == {"KAZ"} and not e.target


def test_ordering_a_mobilization_is_the_mobilization(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Kyrgyz president ordered a mobilization of 5,000 reservists on Friday.")
    e = event_of(doc, "MOBILIZE")
    assert countries(doc, e.source) == {"KGZ"}


def test_who_calls_on_both_sides_is_not_one_of_them(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Armenian troops shelled Azerbaijani positions, the Azerbaijani defence ministry said. "
        "The European Union called on both sides to exercise restraint.",
    )
    e = event_of(doc, "REQUEST")
    assert countries(doc, e.target) == {"ARM", "AZE"}


def test_an_act_promised_unless_someone_complies_is_a_threat(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Russia said it will withdraw its troops from Armenia unless Yerevan changes course.")
    e = event_of(doc, "THREATEN")
    assert countries(doc, e.source) == {"RUS"} and e.status == "occurred"


def test_summoning_an_envoy_is_a_complaint(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan summoned the Russian ambassador over the remarks on Tuesday.")
    e = event_of(doc, "ACCUSE")
    assert countries(doc, e.source) == {"KAZ"} and countries(doc, e.target) == {"RUS"}


def test_border_troops_of_no_named_state_are_those_of_where_they_stand(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Border troops were placed on high alert in Osh on Monday.")
    e = event_of(doc, "MOBILIZE")
    assert countries(doc, e.source) == {"KGZ"}


def test_people_detained_with_no_calling_named_are_those_of_where_it_happened(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Police detained four men in Khujand on Tuesday.")
    e = event_of(doc, "COERCE")
    assert countries(doc, e.source) == {"TJK"} and countries(doc, e.target) == {"TJK"}


def test_a_clash_with_forces_of_two_states_is_two_clashes(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Last week Kazakhstan clashed with Kyrgyz and Uzbek forces over the river.")
    fights = [e for e in doc.record.events if e.type == "ASSAULT"]
    assert sorted(sorted(countries(doc, e.source)) for e in fights) == [["KAZ", "KGZ"], ["KAZ", "UZB"]]
    assert all(set(e.source) == set(e.target) for e in fights)


def test_one_states_army_and_police_stay_one_side(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Last week the Taliban clashed with the Pakistani army and police near the frontier.")
    assert len([e for e in doc.record.events if e.type == "ASSAULT"]) == 1


def test_armed_men_of_no_named_state_are_the_attackers(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Armed men ambushed Tajik border guards near Khorog on Monday.")
    e = event_of(doc, "ASSAULT")
    assert names(doc, e.source) == {"Armed men"} and countries(doc, e.target) == {"TJK"}


def test_what_an_attack_hits_is_no_act_of_its_own(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Gunmen opened fire on a Kyrgyz police patrol near Batken on Monday.")
    assert [e.type for e in doc.record.events if e.trigger == "patrol"] == []


def test_a_counterpart_holds_the_same_office_in_the_other_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Kazakh foreign minister met his Kyrgyz counterpart in Astana on Monday.")
    e = event_of(doc, "CONSULT")
    assert countries(doc, e.source) == {"KAZ", "KGZ"}
    assert any(a.country == "KGZ" and a.kind == "person" for a in doc.record.actors)


def test_aid_pledged_to_a_state_is_aid_to_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Japan pledged $20 million in aid to Tajikistan after the earthquake.")
    e = event_of(doc, "AID")
    assert countries(doc, e.source) == {"JPN"} and countries(doc, e.target) == {"TJK"}
    assert e.status == "intended"


def test_a_bomb_that_kills_police_is_an_attack_with_no_named_attacker(nlp_pipeline):
    doc = analyse(nlp_pipeline, "A roadside bomb killed four policemen in Helmand province on Sunday.")
    e = event_of(doc, "ASSAULT")
    assert not e.source and countries(doc, e.target) == {"AFG"}


def test_an_attack_claimed_by_a_group_is_the_groups(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Islamic State claimed responsibility for an attack on a Tajik border post.")
    e = event_of(doc, "ASSAULT")
    assert names(doc, e.source) == {"Islamic State"} and countries(doc, e.target) == {"TJK"}


def test_summoning_a_charge_daffaires_is_a_complaint_to_the_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan summoned the Afghan charge d'affaires on Monday.")
    e = event_of(doc, "ACCUSE")
    assert countries(doc, e.source) == {"KAZ"} and countries(doc, e.target) == {"AFG"}


def test_its_is_not_a_body_named_by_a_plural_noun(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan's border service said Tajik soldiers had fired on its guards near Batken.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"TJK"} and countries(doc, e.target) == {"KGZ"}


def test_a_journalist_detained_in_a_city_is_of_its_country(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Police detained a journalist in Osh on Thursday.")
    e = event_of(doc, "COERCE")
    assert countries(doc, e.target) == {"KGZ"}


def test_relief_goods_sent_to_a_state_are_aid(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan sent 80 tonnes of wheat to Afghanistan last week.")
    e = event_of(doc, "AID")
    assert countries(doc, e.source) == {"KAZ"} and countries(doc, e.target) == {"AFG"}


def test_an_attack_someone_is_blamed_for_is_theirs_against_the_accuser(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan blamed Tajik troops for the attack on a water station.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"TJK"} and countries(doc, e.target) == {"KGZ"}


def test_strikes_someone_is_accused_of_carrying_out_hit_the_accuser(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan accused Tajikistan of carrying out drone strikes in Batken province.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"TJK"} and countries(doc, e.target) == {"KGZ"}


def test_a_minister_visiting_a_capital_meets_its_government(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Kazakh foreign minister visited Tashkent on Tuesday.")
    e = event_of(doc, "CONSULT")
    assert countries(doc, e.source) == {"KAZ"} and countries(doc, e.target) == {"UZB"}


def test_fighters_sent_to_a_border_mobilize(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Iran sent hundreds of border guards to the frontier with Afghanistan.")
    e = event_of(doc, "MOBILIZE")
    assert countries(doc, e.source) == {"IRN"}


def test_a_denial_answers_the_accuser_not_the_deniers_own_troops(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Afghanistan accused Iran of sending troops across the border on Monday. "
        "Iran denied that its troops had crossed into Afghan territory.",
    )
    e = event_of(doc, "REJECT")
    assert countries(doc, e.source) == {"IRN"} and countries(doc, e.target) == {"AFG"}
    assert not event_of(doc, "MOBILIZE").target


def test_an_attack_and_its_toll_in_two_clauses_are_one_event(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Gunmen attacked a police post in Tajikistan on Monday, killing three officers.")
    assert len([e for e in doc.record.events if e.type == "ASSAULT"]) == 1


def test_victims_killed_when_troops_opened_fire_were_hit_by_those_troops(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Two Kazakh border guards were killed and three wounded on Sunday when Uzbek troops opened fire on their post.",
    )
    [e] = [e for e in doc.record.events if e.type == "ASSAULT"]
    assert countries(doc, e.source) == {"UZB"} and countries(doc, e.target) == {"KAZ"}


def test_the_attackers_are_the_gunmen_named_before(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Gunmen stormed a bank in Osh on Friday. Police later killed two of the attackers, Kyrgyzstan said.",
    )
    shooters = {a.id for a in doc.record.actors if a.name == "Gunmen"}
    assert any(set(e.target) & shooters for e in doc.record.events if e.type == "ASSAULT")


def test_fighting_on_a_border_with_no_side_named_is_between_its_two_states(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Heavy clashes broke out on the Kazakh-Uzbek border on Tuesday.")
    e = event_of(doc, "ASSAULT")
    assert set(e.source) == set(e.target) == {"KAZ", "UZB"}
    assert {"KAZ", "UZB"} <= {a.id for a in doc.record.actors}


def test_a_state_named_only_as_a_place_is_a_side_when_an_act_needs_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan reopened its border with Afghanistan to trucks on Monday.")
    e = event_of(doc, "RETREAT")
    assert e.target == ["AFG"] and "AFG" in {a.id for a in doc.record.actors}


def test_a_thwarted_attack_is_no_attack(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan's security service said it had foiled an attack on a mosque in Almaty.")
    assert not [e for e in doc.record.events if e.type == "ASSAULT"]


def test_a_raid_in_which_troops_killed_is_the_killing(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Iran's army said its troops killed four smugglers in a raid near Zahedan.")
    assert [e.type for e in doc.record.events] == ["ASSAULT"]


def test_people_protesting_in_a_city_protest_against_its_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Thousands of people rallied in Almaty on Sunday to demand lower fuel prices.")
    e = event_of(doc, "PROTEST")
    assert countries(doc, e.source) == {"KAZ"}


def test_a_telephone_conversation_is_a_consultation(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tokayev held a telephone conversation with Mirziyoyev on Monday.")
    e = event_of(doc, "CONSULT")
    assert e.trigger == "conversation" and len(e.source) == 2


def test_a_date_in_a_relative_clause_does_not_date_the_main_act(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Turkmenistan, which declared neutrality in 1995, signed a gas deal with China.")
    assert event_of(doc, "AGREE").date != "1995"


def test_a_leader_arriving_in_a_capital_for_a_visit_visits_its_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Turkmen president arrived in Tashkent on Monday for a state visit.")
    e = event_of(doc, "CONSULT")
    assert countries(doc, e.source) == {"TKM"} and e.target == ["UZB"]


def test_troops_sent_in_the_passive_are_the_speakers_own(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Hundreds of troops were sent to the southern border, the Kyrgyz ministry said.")
    e = event_of(doc, "MOBILIZE")
    assert countries(doc, e.source) == {"KGZ"}


def test_leaders_agreeing_to_withdraw_their_troops_are_the_only_parties(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Tokayev spoke with Mirziyoyev on Monday. The two leaders agreed to withdraw Kazakh troops from the frontier.",
    )
    e = event_of(doc, "AGREE")
    assert all(doc.record.actor(i).kind == "person" for i in e.source + e.target)


def test_a_denial_of_a_claim_answers_who_made_it(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Uzbek troops shelled a village in Kyrgyzstan on Monday, the Kyrgyz defence ministry said. "
        "The Uzbek defence ministry denied the claim.",
    )
    e = event_of(doc, "REJECT")
    assert countries(doc, e.source) == {"UZB"} and countries(doc, e.target) == {"KGZ"}


def test_a_second_verb_shares_the_first_ones_subject(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kabul condemned the raid and summoned Iran's ambassador.")
    e = event_of(doc, "ACCUSE")
    assert countries(doc, e.target) == {"IRN"}


def test_nationals_of_a_state_are_its_civilians(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Iranian police arrested four Afghan nationals near the border.")
    e = event_of(doc, "COERCE")
    assert countries(doc, e.target) == {"AFG"}


def test_foreign_nationals_are_not_of_the_place_they_are_held_in(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Police detained seven foreign nationals in Almaty.")
    assert "KAZ" not in {a.country for a in doc.record.actors if a.kind != "state" and a.sector == "CVL"}


def test_a_suicide_bomber_blowing_himself_up_attacks(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Six people were killed when a suicide bomber blew himself up at a market in Kandahar.")
    [e] = doc.record.events
    assert e.type == "ASSAULT" and e.source and countries(doc, e.target) == {"AFG"}


def test_who_a_report_is_according_to_is_not_the_target(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Militants attacked a checkpoint, according to the Tajik interior ministry.")
    assert all("interior" not in i for e in doc.record.events for i in e.target)


def test_a_town_taken_over_is_taken_from_its_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Rebels seized control of the town of Khulm on Sunday.")
    e = event_of(doc, "COERCE")
    assert e.target == ["AFG"]


def test_the_killing_of_soldiers_is_an_attack_on_them_not_by_them(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The killing of two Kyrgyz soldiers by Tajik troops on Monday angered Bishkek.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"TJK"} and countries(doc, e.target) == {"KGZ"}


def test_clashes_with_forces_that_date_a_clause_are_the_subjects_clashes(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Iran closed the Milak crossing after clashes with Afghan forces.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"IRN", "AFG"}


def test_a_threat_to_strike_inside_a_country_threatens_that_country(nlp_pipeline):
    text = "Pakistan threatened to launch military operations inside Afghanistan if attacks continued."
    doc = analyse(nlp_pipeline, text)
    e = event_of(doc, "THREATEN")
    assert e.source == ["PAK"] and e.target == ["AFG"]


def test_aid_counted_in_tonnes_is_given_by_whoever_hands_it_over(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan handed over 3,000 tonnes of humanitarian aid to Afghanistan.")
    e = event_of(doc, "AID")
    assert e.source == ["UZB"] and e.target == ["AFG"]


def test_warplanes_hitting_targets_near_a_city_attack_its_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Israeli warplanes hit targets near Damascus airport, Syrian state media reported.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"ISR"} and e.target == ["SYR"]


def test_strikes_on_dummy_targets_in_a_drill_are_no_attack(nlp_pipeline):
    doc = analyse(nlp_pipeline, "During the exercise, Kazakh attack jets struck mock enemy positions near the border.")
    assert not [e for e in doc.record.events if e.type == "ASSAULT"]


def test_protesters_clashing_with_police_fight_the_police_of_the_state_in_view(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Protesters in Bishkek clashed with police.")
    e = event_of(doc, "ASSAULT")
    assert "gov:KGZ:interior-ministry" in e.source and len(e.source) == 2


def test_the_pullout_of_troops_from_a_country_retreats_from_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The pullout of French troops from Mali was completed in August.")
    e = event_of(doc, "RETREAT")
    assert countries(doc, e.source) == {"FRA"} and e.target == ["MLI"]


def test_a_letter_handed_over_is_no_concession(nlp_pipeline):
    text = "The envoy handed over a letter from the Kyrgyz president to Uzbekistan's foreign minister."
    doc = analyse(nlp_pipeline, text)
    assert not [e for e in doc.record.events if e.type == "CONCEDE"]


def test_armed_men_bursting_into_a_hall_attack_the_state_it_is_in(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Armed men burst into a wedding hall in the city of Herat on Saturday night.")
    e = event_of(doc, "ASSAULT")
    assert e.target == ["AFG"]


def test_a_state_held_responsible_for_shelling_is_accused_of_it_and_shelled(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan held Tajikistan responsible for the shelling of border villages.")
    accuse, assault = event_of(doc, "ACCUSE"), event_of(doc, "ASSAULT")
    assert (accuse.source, accuse.target) == (["KGZ"], ["TJK"])
    assert (assault.source, assault.target) == (["TJK"], ["KGZ"])


def test_a_village_named_by_a_state_adjective_is_that_states(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbek troops shelled a Kazakh village on Monday.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"UZB"} and e.target == ["KAZ"]


def test_condemning_a_killing_by_someone_accuses_them(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Dushanbe denounced the killing of its citizens by Kyrgyz border guards.")
    accuse, assault = event_of(doc, "ACCUSE"), event_of(doc, "ASSAULT")
    assert accuse.source == ["TJK"] and countries(doc, accuse.target) == {"KGZ"}
    assert countries(doc, assault.source) == {"KGZ"} and assault.target == ["TJK"]


def test_a_state_reporting_anothers_fire_was_fired_on(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tajikistan said Kyrgyz troops had opened fire first.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"KGZ"} and e.target == ["TJK"]


def test_who_welcomes_an_agreement_is_no_party_to_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan welcomed the agreement between Kyrgyzstan and Tajikistan.")
    e = event_of(doc, "AGREE")
    assert set(e.source) == {"KGZ", "TJK"}


def test_troops_clashing_with_militants_clash_with_an_unnamed_armed_group(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tajik troops clashed with militants on Monday.")
    e = event_of(doc, "ASSAULT")
    assert "new:militants" in e.source and countries(doc, e.source) >= {"TJK"}


def test_migrants_beaten_by_police_are_attacked(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Afghan migrants were beaten by Iranian police at a detention centre.")
    e = event_of(doc, "ASSAULT")
    assert countries(doc, e.source) == {"IRN"} and countries(doc, e.target) == {"AFG"}


def test_clashes_a_states_officials_report_are_that_states(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Officials in Tajikistan report 12 armed clashes with smugglers on the border.")
    e = event_of(doc, "ASSAULT")
    assert "TJK" in e.source and "new:smugglers" in e.source


def test_days_of_talks_are_talks_between_who_began_them(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan and China began three days of talks in Beijing.")
    e = event_of(doc, "CONSULT")
    assert set(e.source) == {"KAZ", "CHN"}


def test_troops_sent_to_the_border_with_a_state_face_that_state(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan deployed troops to its border with Afghanistan.")
    e = event_of(doc, "MOBILIZE")
    assert e.source == ["UZB"] and e.target == ["AFG"]


def test_a_clause_on_an_attacks_noun_tells_what_that_attack_did(nlp_pipeline):
    text = "The Islamic State claimed responsibility for the bombing that killed 14 worshippers at a mosque in Herat."
    doc = analyse(nlp_pipeline, text)
    events = [e for e in doc.record.events if e.type == "ASSAULT"]
    assert len(events) == 1  # one bombing, not a bombing and a killing
    assert [doc.record.actor(i).country for i in events[0].target] == ["AFG"]  # the worshippers, of where it was


def test_they_after_a_group_named_by_a_plural_noun_is_that_group(nlp_pipeline):
    text = "Police detained six foreign nationals in Almaty, saying they had attacked a border post."
    doc = analyse(nlp_pipeline, text)
    e = event_of(doc, "ASSAULT")
    assert [doc.record.actor(i).name for i in e.source] == ["six foreign nationals"]


def test_a_statements_yesterday_counts_from_the_day_it_was_made(nlp_pipeline):
    text = (
        '"Two days ago Iranian border guards killed two Afghan farmers," Karim Nazari, a district chief, told '
        "reporters on May 12. He said that this morning Iranian troops fired on Afghan border guards."
    )
    doc = analyse(nlp_pipeline, text)  # published on May 17
    dates = sorted(e.date for e in doc.record.events if e.type == "ASSAULT")
    assert dates == ["2024-05-10", "2024-05-12"]  # from May 12, not from the day of publication


def test_a_raid_on_homes_where_people_live_is_a_raid_on_those_people(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Iranian troops raided homes where Afghan refugees lived near Tehran.")
    e = event_of(doc, "COERCE")
    assert [doc.record.actor(i).name for i in e.target] == ["Afghan refugees"]


def test_a_state_that_follows_anothers_example_does_what_the_other_did(nlp_pipeline):
    text = "In March, Kazakhstan recognised the Taliban government. In April, Uzbekistan followed Astana's lead."
    doc = analyse(nlp_pipeline, text)
    recognitions = [(e.source, e.target, e.date) for e in doc.record.events if e.type == "SUPPORT"]
    assert recognitions == [(["KAZ"], ["group:taliban"], "2024-03"), (["UZB"], ["group:taliban"], "2024-04")]


def test_two_acts_joined_by_and_are_two_events_on_the_same_people(nlp_pipeline):
    text = "Kazakh police raided dormitories where Uzbek workers lived, and carried out mass deportations."
    doc = analyse(nlp_pipeline, text)
    acts = [(e.trigger, [doc.record.actor(i).name for i in e.target]) for e in doc.record.events if e.type == "COERCE"]
    assert acts == [("raided", ["Uzbek workers"]), ("deportations", ["Uzbek workers"])]


def test_officials_from_two_parties_speak_for_both(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Officials from Kazakhstan and Uzbekistan agreed to hold more frequent meetings.")
    assert set(event_of(doc, "AGREE").source) == {"KAZ", "UZB"}


def test_two_titled_ministers_who_meet_are_both_parties(nlp_pipeline):
    text = "Kazakh Foreign Minister Murat Nurtleu and Uzbek Foreign Minister Bakhtiyor Saidov met in Astana."
    doc = analyse(nlp_pipeline, text)
    assert {doc.record.actor(i).name for i in event_of(doc, "CONSULT").source} == {"Murat Nurtleu", "Bakhtiyor Saidov"}


def test_a_delegation_a_state_forms_travels_for_talks_on_its_behalf(nlp_pipeline):
    text = (
        "Kazakhstan has formed a government delegation that will fly to Afghanistan "
        "before the end of the month for talks on trade."
    )
    doc = analyse(nlp_pipeline, text)
    talks = event_of(doc, "CONSULT")
    assert {doc.record.actor(i).country for i in talks.source} == {"KAZ", "AFG"} and talks.status == "intended"


def test_a_threat_made_on_a_condition_threatens_whoever_the_condition_names(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Taliban threatened to retaliate if Pakistan carried out further air strikes.")
    threat = event_of(doc, "THREATEN")
    assert (threat.target, threat.status) == (["PAK"], "occurred")
    doc = analyse(nlp_pipeline, "Iran warned the Taliban of serious consequences if water flows were not restored.")
    assert event_of(doc, "THREATEN").status == "occurred"  # the warning was made, whatever it warns of


def test_a_ceasefire_told_with_the_two_sides_is_theirs(nlp_pipeline):
    text = (
        "Kyrgyzstan accused Tajikistan of shelling its villages on Friday. "
        "Both sides published new casualty figures as a shaky ceasefire entered its third day on Sunday."
    )
    truce = event_of(analyse(nlp_pipeline, text), "RETREAT")
    assert set(truce.source) == set(truce.target) == {"KGZ", "TJK"}


def test_troops_sent_to_a_frontier_province_face_the_state_across_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tajikistan sent thousands of troops to Gorno-Badakhshan on Monday.")
    assert event_of(doc, "MOBILIZE").target == ["AFG"]  # the province lies along the Afghan frontier


def test_help_promised_to_one_and_to_others_goes_to_both(nlp_pipeline):
    text = "Moscow pledged to send military aid to Kyrgyzstan and to the Central Asian republics."
    doc = analyse(nlp_pipeline, text)
    aid = event_of(doc, "AID")
    assert [doc.record.actor(i).name for i in aid.target] == ["Kyrgyzstan", "Central Asian republics"]


def test_an_exchange_of_fire_between_two_forces_puts_both_on_both_sides(nlp_pipeline):
    text = "An exchange of fire between Pakistani troops and Taliban forces along the frontier left five soldiers dead."
    e = event_of(analyse(nlp_pipeline, text), "ASSAULT")
    assert set(e.source) == set(e.target) and len(e.source) == 2


def test_troops_sent_toward_the_border_face_the_border_named_before(nlp_pipeline):
    text = (
        "Fighting raged near the Afghan-Tajik border on Sunday. "
        "On Monday, Tajikistan ordered a mobilization of 20,000 reservists toward the border."
    )
    e = event_of(analyse(nlp_pipeline, text), "MOBILIZE")
    assert e.source == ["TJK"] and e.target == ["AFG"]


def test_an_aside_on_who_reported_an_order_makes_it_no_request(nlp_pipeline):
    text = "The president ordered a mobilization of reservists, according to a statement on his website."
    doc = analyse(nlp_pipeline, "Kazakhstan's " + text[4:])
    assert not [e for e in doc.record.events if e.type == "REQUEST"]


def test_both_sides_are_the_parties_of_the_fighting_told_before(nlp_pipeline):
    text = (
        "Kyrgyz and Tajik border guards exchanged fire on Friday. "
        "The European Union called on both sides to exercise restraint. "
        "Both sides accused each other of starting the fighting."
    )
    doc = analyse(nlp_pipeline, text)
    request, accuse = event_of(doc, "REQUEST"), event_of(doc, "ACCUSE")
    assert request.source == ["igo:eu"] and countries(doc, request.target) == {"KGZ", "TJK"}
    assert countries(doc, accuse.source) == countries(doc, accuse.target) == {"KGZ", "TJK"}


def test_a_war_that_broke_out_between_two_states_is_fought_by_both(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Armenia-Azerbaijan war broke out in 2020.")
    e = event_of(doc, "ASSAULT")
    assert set(e.source) == set(e.target) == {"ARM", "AZE"} and e.date == "2020"


def test_an_appeal_for_restraint_after_fighting_is_addressed_to_its_parties(nlp_pipeline):
    text = "Kyrgyz and Tajik border guards exchanged fire on Friday. The United Nations urged restraint."
    request = event_of(analyse(nlp_pipeline, text), "REQUEST")
    assert request.source == ["igo:un"] and len(request.target) == 2


@pytest.mark.parametrize(
    "text, source, target",
    [
        ("The Kazakh army chief warned the Taliban that Astana would strike militant camps.", "KAZ", "AFG"),
        ("Turkmenistan said it would respond with force to any incursion from Afghanistan.", "TKM", "AFG"),
        ("The Taliban said they would retaliate if Iran carried out more strikes.", "AFG", "IRN"),
    ],
)
def test_a_warning_of_ones_own_force_is_a_threat(nlp_pipeline, text, source, target):
    doc = analyse(nlp_pipeline, text)
    threat = event_of(doc, "THREATEN")
    assert countries(doc, threat.source) == {source} and target in countries(doc, threat.target)


def test_a_warning_of_what_others_may_do_is_no_threat_made(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan warned that militants could attack border posts in the spring.")
    assert not [e for e in doc.record.events if e.type == "THREATEN"]


@pytest.mark.parametrize(
    "text",
    [
        "Kazakh officials said Kyrgyz troops were responsible for the shelling of the village.",
        "The Kazakh border service said Kyrgyz troops were behind the attack on its post.",
        "Astana blamed the bombing on Kyrgyz troops.",
    ],
)
def test_naming_the_culprit_of_an_attack_accuses_them_and_they_attacked(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text)
    accused, attack = event_of(doc, "ACCUSE"), event_of(doc, "ASSAULT")
    assert countries(doc, accused.source) == {"KAZ"} and countries(doc, accused.target) == {"KGZ"}
    assert countries(doc, attack.source) == {"KGZ"} and countries(doc, attack.target) == {"KAZ"}


def test_a_denial_with_no_accuser_answers_the_party_the_denied_act_concerns(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Taliban denied that its fighters had crossed into Uzbekistan.")
    denial = event_of(doc, "REJECT")
    assert countries(doc, denial.target) == {"UZB"}


def test_fighting_with_no_side_named_is_between_the_states_of_the_border_named_before(nlp_pipeline):
    text = "Tension has risen on the Kyrgyz-Tajik border this month.\n\nThe ceasefire held on Sunday, officials said."
    doc = analyse(nlp_pipeline, text)
    truce = event_of(doc, "RETREAT")
    assert countries(doc, truce.source) == countries(doc, truce.target) == {"KGZ", "TJK"}


@pytest.mark.parametrize(
    "text, type_",
    [
        ("Kazakhstan expelled hundreds of Uzbek migrants last month.", "COERCE"),  # people deported
        ("Kazakhstan expelled two Uzbek diplomats.", "SANCTION"),  # relations reduced
        ("Kazakhstan suspended gas supplies to Uzbekistan.", "SANCTION"),
        ("The European Union imposed sanctions on three Uzbek banks.", "SANCTION"),
    ],
)
def test_expulsions_suspensions_and_sanctions(nlp_pipeline, text, type_):
    doc = analyse(nlp_pipeline, text)
    event = event_of(doc, type_)
    assert "UZB" in countries(doc, event.target)


def test_a_place_only_a_relative_clause_names_is_not_where_the_act_hit(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakh police arrested two men who had smuggled weapons from Uzbekistan.")
    assert not [e for e in doc.record.events if "UZB" in countries(doc, e.target)]


def test_the_two_after_a_meeting_are_its_parties(nlp_pipeline):
    text = "The Kazakh president met his Uzbek counterpart in Astana and the two signed a water agreement."
    doc = analyse(nlp_pipeline, text)
    assert countries(doc, event_of(doc, "AGREE").source) == {"KAZ", "UZB"}


def test_a_blast_killing_worshippers_targets_the_people_of_its_place(nlp_pipeline):
    doc = analyse(nlp_pipeline, "A bomb exploded near a mosque in Kunduz, killing at least 20 worshippers.")
    attack = event_of(doc, "ASSAULT")
    assert attack.source == [] and countries(doc, attack.target) == {"AFG"}


@pytest.mark.parametrize(
    "text",
    [
        "Shots were fired from the Uzbek side at a Kazakh border post.",
        "Kazakh villages were shelled from Uzbek territory.",
        "A Kazakh soldier was wounded when shots were fired from the Uzbek side.",
    ],
)
def test_fire_from_a_side_is_that_sides_attack(nlp_pipeline, text):
    doc = analyse(nlp_pipeline, text)
    attack = event_of(doc, "ASSAULT")
    assert countries(doc, attack.source) == {"UZB"} and "KAZ" in countries(doc, attack.target)


@pytest.mark.parametrize(
    "text, type_, source, target",
    [
        # a gerund used as a noun takes its parties from its phrases
        (
            "Fighting between Taliban forces and Pakistani troops continued in Kurram.",
            "ASSAULT",
            {"AFG", "PAK"},
            {"AFG", "PAK"},
        ),
        # people killed in a clash with a force were killed by it
        ("Two Taliban fighters were killed in a clash with Uzbek troops.", "ASSAULT", {"UZB"}, {"AFG"}),
        # a statement joined to an accusation is addressed to the accused
        (
            "Kazakhstan accused Uzbekistan of shelling its villages and vowed to retaliate.",
            "THREATEN",
            {"KAZ"},
            {"UZB"},
        ),
        # a past-tense verb the parser joined to a clause inside an object keeps the main subject
        (
            'On Sunday, the Uzbek foreign minister repeated his claim that Kazakhstan is "interfering" '
            "in Uzbekistan's affairs and warned the Kazakh government of consequences.",
            "THREATEN",
            {"UZB"},
            {"KAZ"},
        ),
    ],
)
def test_who_did_what_to_whom(nlp_pipeline, text, type_, source, target):
    doc = analyse(nlp_pipeline, text)
    event = event_of(doc, type_)
    assert countries(doc, event.source) == source and countries(doc, event.target) == target


def test_protests_told_with_no_protesters_are_by_the_people_of_where_they_were_held(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Protests broke out in Almaty after the arrests.")
    protest = event_of(doc, "PROTEST")
    assert [doc.record.actor(a).name for a in protest.source] == ["Kazakh protesters"]
    assert countries(doc, protest.target) == {"KAZ"}


def test_both_sides_are_the_parties_not_the_residents_told_of_between(nlp_pipeline):
    text = (
        "Kazakh and Kyrgyz troops clashed at a crossing on Monday. "
        "Villagers blocked a road nearby, and the two sides then exchanged fire."
    )
    doc = analyse(nlp_pipeline, text, "2024-06-10")
    fire = next(e for e in doc.record.events if e.trigger == "exchanged fire")
    assert set(fire.source) == {"gov:KAZ:armed-forces", "gov:KGZ:armed-forces"}
