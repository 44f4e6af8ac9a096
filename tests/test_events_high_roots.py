"""Roots 10-20 on real reporting's constructions (issue 12): ultimatums, "or face" threats,
charges that stand, acts someone is hired to do, what a warning is about. Sentences written for
these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


def _all(coded):
    return {(e.source.code, e.target.code, e.cameo, e.modality) for e in coded.events}


def test_a_threat_on_a_condition_another_party_must_meet_is_an_ultimatum_to_it(code_text):
    coded = code_text(
        "The rebels warned that they would execute the hostages if the government did not free their commanders."
    )
    got = _asserted(coded)
    assert ("REB", "GOV", "139") in got
    assert not any(t == "CVL" and c.startswith("13") for _, t, c in got)  # not a threat to the hostages
    assert ("REB", "CVL", "180", "hypothetical") in _all(coded)  # the act itself stays a hypothesis


def test_a_threat_told_to_its_addressee_keeps_it_whatever_the_condition(code_text):
    coded = code_text(
        "The French president said he had warned the Iranian foreign minister of grave consequences "
        "if Hezbollah attacked Israel."
    )
    threats = {(e.source.code, e.target.code) for e in coded.events if e.root == "13"}
    assert ("FRAGOV", "IRNGOV") in threats and not any(t[:3] == "LBN" for _, t in threats)


@pytest.mark.parametrize(
    "text,threat",
    [
        ("Madrid urged Rabat to withdraw its troops or face new sanctions.", ("ESP", "MAR", "1312")),
        ("Washington demanded that Caracas hold fair elections or face consequences.", ("USA", "VEN", "130")),
    ],
)
def test_or_face_after_a_demand_or_appeal_is_a_threat(code_text, text, threat):
    assert threat in _asserted(code_text(text, "2024-03-04"))


def test_an_alternative_that_is_no_penalty_is_no_threat(code_text):
    coded = code_text("Madrid urged Rabat to withdraw its troops or at least reduce them.")
    assert not any(e.root == "13" for e in coded.events)


def test_standing_accused_is_no_act_of_the_accused(code_text):
    coded = code_text("The Kenyan opposition leader stands accused of treason by a court in Nairobi.")
    assert not any(e.source.code == "KENOPP" for e in coded.events)
    coded = code_text("Mwangi, a Kenyan activist, stands accused of conspiring with Somali rebels.")
    assert not [e for e in coded.events if e.modality == "asserted"]


def test_the_act_someone_is_hired_to_do_is_not_done(code_text):
    coded = code_text("Prosecutors say two men hired a gunman to kill the Kenyan journalist.")
    assert not any(e.root == "18" and e.modality == "asserted" for e in coded.events)
    # a done killing stays asserted
    coded = code_text("Two gunmen killed the Kenyan journalist.")
    assert any(e.root == "18" and e.modality == "asserted" for e in coded.events)


def test_what_a_warning_is_about_is_not_its_addressee(code_text):
    coded = code_text("Kenyan officials warned of a possible al-Shabab resurgence in the north.")
    assert not any(e.root == "13" for e in coded.events)
    coded = code_text("Kenyan officials warned al-Shabab of a tough response.")
    assert ("KENGOV", "SOMREB") in {(e.source.code, e.target.code) for e in coded.events if e.root == "13"}


def test_an_absolute_with_phrase_is_not_the_clause_target(code_text):
    coded = code_text(
        "Canada voiced concern over the violence, with the Canadian foreign minister speaking by phone "
        "with his Haitian counterpart."
    )
    assert not any(e.root == "11" and e.target.code == "HTIGOV" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "The International Court of Justice regrets the decision of Chile not to take part in the hearings.",
            ("IGOUNO", "CHL", "110"),
        ),
        ("The Peruvian government regretted Chile's decision to boycott the hearings.", ("PERGOV", "CHL", "110")),
        ("The Peruvian government seized the Chilean company's assets.", ("PERGOV", "CHLBUS", "1711")),
    ],
)
def test_regretting_a_decision_and_seizing_assets(code_text, text, event):
    assert event in _asserted(code_text(text, "2020-03-04"))


def test_a_lesson_the_speaker_draws_is_no_demand(code_text):
    coded = code_text("The Kenyan president said Ugandan officials must understand that threats get them nowhere.")
    assert not any(e.root == "10" for e in coded.events)
    coded = code_text("The Kenyan president said Ugandan officials must reopen the border.")
    assert ("KENGOV", "UGAGOV", "100") in _asserted(coded)


def test_a_threat_someone_may_make_is_a_guess_not_a_threat(code_text):
    coded = code_text("Analysts said Washington may threaten Chinese firms with sanctions.")
    assert not any(e.root == "13" and e.modality == "asserted" for e in coded.events)
    coded = code_text("Washington threatened Chinese firms with sanctions.")
    assert any(e.root == "13" and e.modality == "asserted" for e in coded.events)


def test_a_claim_of_responsibility_points_back_to_the_victims_of_the_attack(code_text):
    coded = code_text(
        "Suicide bombers killed twelve Afghan soldiers at a base in Kandahar on Monday. "
        "The Taliban claimed responsibility for the bombing.",
        "2020-03-04",
    )
    assert ("AFGREB", "AFGMIL", "015") in _asserted(coded)


def test_a_claim_for_attacks_targeting_someone_is_aimed_at_them_and_the_attacks_are_not_retold(code_text):
    coded = code_text(
        "The Baloch Liberation Army has claimed responsibility for several attacks, mostly targeting "
        "Pakistani soldiers.",
        "2020-03-04",
    )
    got = _asserted(coded)
    assert ("PAKREB", "PAKMIL", "015") in got
    assert not any(c.startswith("19") for _, _, c in got)


def test_a_claim_that_names_its_target_is_read_by_the_dictionary(code_text):
    coded = code_text("Al-Shabab claimed responsibility for the attack on Kenyan troops.", "2020-03-04")
    assert ("SOMREB", "KENMIL", "015") in _asserted(coded)


def test_a_condemning_label_on_a_foreign_thing_criticizes_its_country(code_text):
    coded = code_text('On Monday, the Brazilian president called Argentine subsidies "unfair."', "2020-03-04")
    assert ("BRAGOV", "ARG", "111") in _asserted(coded)
    coded = code_text('On Monday, the Brazilian president called the subsidies "generous."', "2020-03-04")
    assert not any(e.root == "11" for e in coded.events)


def test_a_guessed_threat_is_no_threat_made(code_text):
    coded = code_text("Analysts said the Iranian leader might overreach and start threatening Israel.", "2020-03-04")
    assert not any(e.root == "13" and e.modality == "asserted" for e in coded.events)
    coded = code_text("The Iranian leader overreached and started threatening Israel.", "2020-03-04")
    assert any(e.root == "13" and e.modality == "asserted" for e in coded.events)


def test_the_means_of_a_guessed_act_is_a_guess_too(code_text):
    coded = code_text(
        "Analysts said the Turkish president may tease Washington by trying to buy Russian jets and "
        "defying the United States in Syria.",
        "2020-03-04",
    )
    assert not any(e.root == "12" and e.modality == "asserted" for e in coded.events)
    coded = code_text(
        "The Turkish president teased Washington by trying to buy Russian jets and defying the United States in Syria.",
        "2020-03-04",
    )
    assert ("TURGOV", "USA", "128") in _asserted(coded)


def test_a_pronoun_after_an_actor_named_in_its_sentence_does_not_point_back_to_an_attack(code_text):
    coded = code_text(
        "Gunmen killed ten Kenyan police officers on Monday. Kenyan officials blamed Somalia, "
        "accusing it of providing support to the militants.",
        "2020-03-04",
    )
    got = _asserted(coded)
    assert ("KENGOV", "SOM", "112") in got
    assert not any(s == "KENGOV" and t.endswith("REB") and c == "112" for s, t, c in got)


def test_some_of_whom_is_a_part_of_the_noun_before_it(code_text):
    coded = code_text(
        "Indian police fired tear gas at Kashmiri protesters, some of whom threw stones at police.",
        "2021-05-10",
    )
    assert ("INDCVL", "INDCOP", "145") in _asserted(coded)


@pytest.mark.parametrize(
    "text",
    [
        "A Peruvian judge ordered the opposition leader Keiko Fujimori back to prison this week.",
        "A Peruvian court revoked Keiko Fujimori's house arrest in November.",
    ],
)
def test_sending_someone_back_to_prison_is_a_detention(code_text, text):
    assert ("PERJUD", "PEROPP", "173") in _asserted(code_text(text, "2020-03-04"))


def test_fighting_on_with_no_one_fought_accuses_no_one(code_text):
    coded = code_text("The Ukrainian foreign minister said Alexei Navalny was still fighting.", "2020-03-04")
    assert not any(e.cameo == "112" for e in coded.events)
    coded = code_text("The Ugandan army said Kenyan police had raided border posts.")
    assert ("UGAMIL", "KENCOP", "112") in _asserted(coded)


def test_a_series_of_statements_demanding_is_the_issuers_demand(code_text):
    coded = code_text("Hanoi issued a series of statements demanding that Beijing withdraw its ships.", "2020-03-04")
    assert ("VNM", "CHN", "10") in {(s, t, c[:2]) for s, t, c in _asserted(coded)}


def test_refusing_to_succumb_to_pressure_is_a_rejection(code_text):
    coded = code_text(
        "The Colombian president said his government would never succumb to threats from the cartel.",
        "2020-03-04",
    )
    assert ("COLGOV", "COLCRM", "124") in _asserted(coded)


@pytest.mark.parametrize(
    "text,event",
    [
        ("The talks collapsed before the deadline Tehran had imposed on Washington.", ("IRN", "USA", "139")),
        ("Kyiv ignored the deadline that Moscow had set for the Ukrainian government.", ("RUS", "UKRGOV", "139")),
    ],
)
def test_a_relative_clause_reads_the_noun_it_modifies_as_its_object(code_text, text, event):
    assert event in _asserted(code_text(text, "2020-03-04"))


def test_hinting_at_retaliation_with_tariffs_is_a_threat_of_sanctions_on_each_demonym(code_text):
    coded = code_text("Ottawa signalled it might retaliate with duties on Brazilian and Chilean wine.", "2024-06-12")
    got = _asserted(coded)
    assert ("CAN", "BRA", "1312") in got and ("CAN", "CHL", "1312") in got
    assert not any(c == "163" for _, _, c in got)  # the tariffs themselves are not yet imposed


def test_retaliating_with_tariffs_is_a_sanction(code_text):
    assert ("JPN", "CHN", "163") in _asserted(
        code_text("Tokyo retaliated with tariffs on Chinese steel.", "2024-06-12")
    )


def test_storming_a_thing_named_before_is_no_protest_at_large(code_text):
    coded = code_text("Dozens of Peruvian villagers blocked the train and then stormed it.", "2020-03-04")
    assert not any(e.root == "14" for e in coded.events)
    coded = code_text("Thousands of Chileans marched through the capital on Sunday.", "2020-03-04")
    assert ("CHLCVL", "CHLGOV", "141") in _asserted(coded)


def test_traders_protesting_a_levy_protest_against_their_own_government(code_text):
    coded = code_text(
        "Scores of tomato sellers in Accra held a sit-in on Monday to protest the new levy.", "2023-05-09"
    )
    assert any(
        (e.source.code, e.target.code, e.root, e.modality) == ("GHABUS", "GHAGOV", "14", "asserted")
        for e in coded.events
    )
