"""The threats stage on invented sentences (real states and officials, made-up assessments).

Every sentence below is invented for the tests; none is a real statement.
"""

from __future__ import annotations

from .analysis import analyse, countries


def test_concern_about_threats_from_a_country(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Kyrgyzstan expressed concern about the threat of terrorist infiltration from Afghanistan into Tajikistan.",
    )
    assert len(doc.record.threats) == 1
    t = doc.record.threats[0]
    assert countries(doc, t.holder) == {"KGZ"}
    assert countries(doc, t.source) == {"AFG"}
    assert countries(doc, t.target) == {"TJK"}
    assert {"terrorism", "border_incursion"} <= set(t.kinds)
    assert t.level == "concern"
    assert t.date == "2024-05-17"
    assert doc.text[t.evidence.start : t.evidence.end] == t.evidence.sentence
    assert not doc.record.events, "a statement of concern is not an event"


def test_warning_names_its_level_and_the_danger_source(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Tajikistan warned that drug trafficking from Afghanistan poses a serious danger to Uzbekistan.",
    )
    t = doc.record.threats[0]
    assert countries(doc, t.holder) == {"TJK"}
    assert "AFG" in countries(doc, t.source)
    assert "drug_trafficking" in t.kinds
    assert t.level == "warning"


def test_holder_is_the_speaker_of_a_ruled_out_escalation(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kazakhstan said on Friday that an escalation on the border cannot be ruled out.")
    t = doc.record.threats[0]
    assert countries(doc, t.holder) == {"KAZ"}
    assert "instability" in t.kinds


def test_no_threat_in_plain_news(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan opened a new railway station in Termez.")
    assert doc.record.threats == []


def test_bad_input_does_not_crash(nlp_pipeline):
    for text in ("", "\u200b", "???"):
        assert analyse(nlp_pipeline, text).record.threats == []


def test_a_quoted_paragraph_is_held_by_the_speaker_named_after_it(nlp_pipeline):
    text = (
        "Kyrgyzstan said the harvest was good.\n\n"
        "— There is a risk of terrorist infiltration across the mountains. "
        "The border is long, explains Kassym-Jomart Tokayev."
    )
    doc = analyse(nlp_pipeline, text)
    t = next(t for t in doc.record.threats if "infiltration" in t.evidence.sentence)
    assert {doc.record.actor(h).name for h in t.holder} == {"Kassym-Jomart Tokayev"}


def test_a_warning_in_the_articles_own_voice_has_no_holder_and_is_not_coded(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Instability in northern Afghanistan poses a growing threat to Tajikistan.")
    assert not doc.record.threats


def test_the_same_warning_voiced_by_a_minister_is_his(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Tajikistan's defence minister said instability in northern Afghanistan poses a growing threat to Tajikistan.",
    )
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"TJK"} and countries(doc, threat.source) == {"AFG"}


def test_a_warned_catastrophe_is_a_humanitarian_threat(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The United Nations warned that the blockade could trigger a humanitarian catastrophe.")
    (threat,) = doc.record.threats
    assert "humanitarian" in threat.kinds and threat.holder


def test_officials_in_a_country_do_not_see_the_threat_coming_from_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Officials in Uzbekistan warned of a growing terrorist threat from Afghanistan.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"UZB"} and countries(doc, threat.source) == {"AFG"}


def test_attacks_planned_in_a_country_strike_it_rather_than_come_from_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "French prosecutors warned that Islamic State cells were preparing attacks in France.")
    (threat,) = doc.record.threats
    assert "FRA" not in countries(doc, threat.source) and "FRA" in countries(doc, threat.target)


def test_a_threat_met_at_a_frontier_comes_from_across_it(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Kyrgyzstan and Tajikistan both claim the valley. Kyrgyz officials warned that the situation "
        "on the border with Tajikistan had become dangerous.",
    )
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"KGZ"} and countries(doc, threat.source) == {"TJK"}


def test_a_dam_that_takes_a_rivers_water_is_an_economic_threat(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Turkmenistan is concerned about a new dam upstream, which could cut its water.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"TKM"} and "economic" in threat.kinds


def test_a_dire_situation_somewhere_is_an_assessment_of_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The UN envoy said the humanitarian situation in Afghanistan remained dire.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.source) == {"AFG"} and "humanitarian" in threat.kinds


def test_a_state_that_views_a_group_as_a_threat_sees_it_coming_from_that_group(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan has long viewed the Islamic State as a threat to its security.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"KGZ"} and "group:isis" in threat.source


def test_analysts_warning_hold_a_threat_the_text_names_no_one_for(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Security analysts warn of a resurgence of militant violence in the Fergana Valley.")
    (threat,) = doc.record.threats
    assert threat.holder == [] and "terrorism" in threat.kinds


def test_a_situation_said_to_deteriorate_is_an_assessment(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tokayev said the situation in Afghanistan was deteriorating.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.source) == {"AFG"} and "instability" in threat.kinds


def test_a_state_that_considers_a_deployment_a_threat_sees_it_coming_from_who_deploys(nlp_pipeline):
    text = "Moscow considers the deployment of NATO infrastructure near its borders a direct threat."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"RUS"} and threat.source == ["igo:nato"]


def test_a_state_worried_that_militants_may_attack_sees_the_threat_in_them(nlp_pipeline):
    text = "China is worried that Uyghur militants may use Afghan territory to attack its western regions."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"CHN"} and threat.source


def test_a_warning_that_militants_could_attack_is_an_assessment_of_them(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Uzbek defence minister warned that militants could attack border posts.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"UZB"} and threat.source and "military" in threat.kinds


def test_a_warning_keeps_the_cue_that_names_the_threat(nlp_pipeline):
    text = "Russia's foreign ministry warned that the deployment of US troops would destabilize the region."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.source) == {"USA"} and "instability" in threat.kinds


def test_a_state_alarmed_by_recruits_holds_the_threat_they_pose(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan is alarmed by the growing number of ISIS recruits from the region.")
    (threat,) = doc.record.threats
    assert threat.holder == ["UZB"] and threat.source == ["group:isis"]


def test_officials_wary_of_a_group_see_a_threat_from_it(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Turkmen officials are wary of the Taliban's intentions along the border.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"TKM"} and threat.source == ["group:taliban"]


def test_a_groups_projects_seen_as_a_threat_make_the_group_its_source(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Iranian officials see the Taliban's dam projects as a threat to water supplies.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"IRN"} and threat.source == ["group:taliban"]


def test_whoever_turns_a_country_into_a_haven_is_the_source(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Rahmon said the Taliban had turned Afghanistan into a haven for terrorists.")
    (threat,) = doc.record.threats
    assert "group:taliban" in threat.source and "terrorism" in threat.kinds


def test_a_wave_of_refugees_is_a_humanitarian_threat(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Tokayev said the crisis in Afghanistan could trigger a wave of refugees.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.source) == {"AFG"} and "humanitarian" in threat.kinds


def test_troops_mobilized_by_the_other_side_are_a_threat_its_neighbour_voices(nlp_pipeline):
    text = '"More Uzbek troops are being mobilized along the whole border," the Kazakh defence ministry said.'
    doc = analyse(nlp_pipeline, text)
    threat = doc.record.threats[0]
    assert countries(doc, threat.holder) == {"KAZ"} and "military" in threat.kinds


def test_attacks_an_armed_group_plots_are_terrorism_as_well(nlp_pipeline):
    text = "The Uzbek interior minister said Jamaat Ansarullah was serious about carrying out its attacks."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert {"military", "terrorism"} <= set(threat.kinds)


def test_people_suspected_of_preparing_attacks_are_the_threats_source(nlp_pipeline):
    text = (
        "Uzbek prosecutors arrested five foreign nationals with links to Jamaat Ansarullah, saying "
        "that they were suspected of preparing attacks in Tashkent."
    )
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert [doc.record.actor(i).name for i in threat.source] == ["five foreign nationals"]


def test_quoted_outlooks_of_hunger_crossings_and_alerts_are_assessments(nlp_pipeline):
    said = {
        '"Thousands of families have no food or shelter," the UN coordinator in Kabul said.': "humanitarian",
        '"We see more attempts by armed groups to cross the border," the Tajik border commander said.': (
            "border_incursion"
        ),
        '"Our troops are on high alert as the other side keeps reinforcing its positions," a Kyrgyz officer said.': (
            "military"
        ),
    }
    for text, kind in said.items():
        (threat,) = analyse(nlp_pipeline, text).record.threats
        assert threat.holder and kind in threat.kinds, text


def test_an_attack_foreseen_by_a_modal_is_an_assessment_of_who_would_make_it(nlp_pipeline):
    text = "A Kazakh general said armed groups in southern Kyrgyzstan could strike border posts this spring."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"KAZ"} and threat.source


def test_fears_named_by_a_noun_are_held_by_someone_unnamed(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Amid fears of a new refugee wave from Afghanistan, Uzbekistan opened three camps.")
    (threat,) = doc.record.threats
    assert threat.holder == [] and countries(doc, threat.source) == {"AFG"} and "humanitarian" in threat.kinds


def test_the_state_accused_of_arming_opponents_is_the_source(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Kyrgyzstan accused Kazakhstan of arming and training its armed opponents.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.source) == {"KAZ"} and "insurgency" in threat.kinds


def test_forces_pulled_up_to_a_frontier_are_a_threat(nlp_pipeline):
    text = '"The other side keeps moving tanks and troops up to the border," a Kyrgyz border official said.'
    (threat,) = analyse(nlp_pipeline, text).record.threats
    assert "military" in threat.kinds


def test_forces_stationed_somewhere_to_guard_a_border_are_no_threat(nlp_pipeline):
    text = "Putin said Russian troops based in Tajikistan would help protect the frontier with Afghanistan."
    assert analyse(nlp_pipeline, text).record.threats == []


def test_a_state_adjective_on_the_threat_word_names_its_source(nlp_pipeline):
    text = (
        "Afghanistan and Tajikistan share a long border. "
        "A Tajik colonel said the flow of Afghan heroin into the mountain villages had not slowed."
    )
    doc = analyse(nlp_pipeline, text)
    threat = doc.record.threats[-1]
    assert countries(doc, threat.source) == {"AFG"} and "drug_trafficking" in threat.kinds


def test_a_harm_foretold_is_an_assessment_of_what_would_cause_it(nlp_pipeline):
    text = "The Taliban's upstream dam could reduce the river's flow to Turkmen farms, the Turkmen minister said."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"TKM"} and threat.source == ["group:taliban"]
    assert "economic" in threat.kinds


def test_an_attempt_to_seize_is_an_assessment_of_who_attempts_it(nlp_pipeline):
    text = "The Kyrgyz border service said Tajik troops were trying to occupy a height near Kok-Tash."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"KGZ"} and countries(doc, threat.source) == {"TJK"}


def test_a_rise_in_harm_that_someone_reports_is_an_assessment(nlp_pipeline):
    doc = analyse(nlp_pipeline, "The Uzbek interior ministry reported a rise in attempts to smuggle drugs into Termez.")
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"UZB"} and "drug_trafficking" in threat.kinds
    text = "According to the Kyrgyz border service, the number of border violations by Tajik troops grew."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.source) == {"TJK"}


def test_clashes_that_intensified_in_the_reports_own_narrative_are_no_assessment(nlp_pipeline):
    text = "Herders argued over a pasture, then the shooting grew heavier and both sides called in reinforcements."
    assert analyse(nlp_pipeline, text).record.threats == []
    assert analyse(nlp_pipeline, "Kazakhstan's trade with China increased by a fifth.").record.threats == []


def test_ministers_at_a_bodys_meeting_voice_the_bodys_concern(nlp_pipeline):
    text = (
        "During the Collective Security Treaty Organization summit in Astana, several defence ministers "
        "expressed alarm at the spread of drug smuggling from Afghanistan."
    )
    (threat,) = analyse(nlp_pipeline, text).record.threats
    assert threat.holder == ["igo:csto"] and threat.source


def test_a_source_named_in_and_around_a_country_in_the_same_statement(nlp_pipeline):
    text = (
        '"We talked at length about the situation in and around Syria. The ministers agreed on steps against '
        'the danger of a new wave of terror attacks," the Turkish president said.'
    )
    doc = analyse(nlp_pipeline, text)
    assert any(countries(doc, t.source) == {"SYR"} for t in doc.record.threats)


def test_armed_men_seen_on_the_other_bank_are_a_threat_from_across_it(nlp_pipeline):
    text = (
        "Afghanistan and Tajikistan share a long border. "
        "Tajik officials said dozens of armed men had been spotted on the Afghan bank of the river."
    )
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"TJK"} and countries(doc, threat.source) == {"AFG"}
    assert not threat.target and not any(a.name.lower().endswith("bank") for a in doc.record.actors)


def test_heavy_weapons_deployed_near_a_border_and_a_spark_of_conflict(nlp_pipeline):
    text = "The Turkmen foreign ministry said the deployment of heavy weapons near its border was unacceptable."
    (threat,) = analyse(nlp_pipeline, text).record.threats
    assert "military" in threat.kinds
    text = "Kyrgyz analysts say the water dispute could spark a conflict between Tajikistan and Uzbekistan."
    (threat,) = analyse(nlp_pipeline, text).record.threats
    assert "military" in threat.kinds


def test_fears_felt_in_a_capital_are_its_states_and_raised_by_who_raises_them(nlp_pipeline):
    text = "Taliban fighters are gathering near the border, raising fears in Dushanbe of a new war."
    doc = analyse(nlp_pipeline, text)
    (threat,) = doc.record.threats
    assert countries(doc, threat.holder) == {"TJK"} and threat.source == ["group:taliban"]


def test_drills_held_against_a_threat_are_their_holders_assessment(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Kazakh and Kyrgyz border units finished joint exercises meant to prepare for possible attacks "
        "by militants crossing from Afghanistan.",
    )
    t = doc.record.threats[0]
    assert countries(doc, t.holder) == {"KAZ", "KGZ"}
    assert countries(doc, t.source) == {"AFG"}


def test_an_answered_threat_without_drills_is_no_assessment(nlp_pipeline):
    doc = analyse(nlp_pipeline, "Uzbekistan opened a school to address the threats facing young people.")
    assert doc.record.threats == []


def test_the_criminal_networks_a_warning_names_are_its_source(nlp_pipeline):
    doc = analyse(
        nlp_pipeline,
        "Aid agencies warned that smuggling networks recruit jobless young men in the mountain villages.",
    )
    t = doc.record.threats[0]
    assert [doc.record.actor(s).name for s in t.source] == ["smuggling networks"]
    assert "drug_trafficking" in t.kinds
