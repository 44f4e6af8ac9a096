"""Roots 08, 09 and 14 on real reporting's constructions (issue 12): penalties eased, releases
granted, bodies set up to investigate. Sentences written for these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.root) for e in coded.events if e.modality == "asserted"}


def _codes(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "On Tuesday, the European Union suspended a wide range of trade restrictions imposed on Belarus.",
            ("IGOEUREEC", "BLR", "085"),
        ),
        ("Britain waived the visa ban on Ukrainian refugees.", ("GBR", "UKRREF", "081")),
        ("Australia's government has started easing some of its lockdown restrictions.", ("AUSGOV", "AUSCVL", "081")),
        ("The Chilean government lifted its curfew on Thursday.", ("CHLGOV", "CHLCVL", "0813")),
        (
            "A Brazilian court lifted orders that had blocked the appointment of the finance minister.",
            ("BRAJUD", "BRAGOV", "081"),
        ),
        (
            "A Nigerian judge suspended an injunction blocking the government's fuel price increase.",
            ("NGAJUD", "NGAGOV", "081"),
        ),
    ],
)
def test_an_eased_penalty_yields_to_the_party_it_weighs_on(code_text, text, event):
    assert event in _codes(code_text(text, "2024-03-04"))


def test_a_penalty_that_could_be_lifted_is_not_asserted(code_text):
    coded = code_text("Seoul could relax its lockdown restrictions next month.", "2024-03-04")
    assert not any(e.root == "08" for e in coded.events if e.modality == "asserted")


def test_restrictions_eased_by_a_non_government_are_no_yield_to_civilians(code_text):
    coded = code_text("Colombian airlines relaxed their pandemic restrictions in May.", "2024-03-04")
    assert not any(e.root == "08" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "The Peruvian editor had been held for a year until judges in Lima granted him house arrest pending a retrial.",
            ("PERJUD", "PERMED", "0841"),
        ),
        (
            "The Venezuelan opposition leader was jailed in 2019. A judge in Caracas granted him parole on Monday.",
            ("VENJUD", "VENOPP", "0841"),
        ),
        ("The Ugandan court granted the opposition leader bail.", ("UGAJUD", "UGAOPP", "0841")),
    ],
)
def test_a_release_granted_releases_the_person(code_text, text, event):
    assert event in _codes(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "The Peruvian Congress voted on Monday to create a special commission to investigate Bolivia's border incursion.",
            ("PERLEG", "BOL", "09"),
        ),
        (
            "The U.N. Human Rights Council set up a mission to investigate abuses by Myanmar's army.",
            ("IGOUNO", "MMRMIL", "09"),
        ),
        (
            "The Chilean president named a panel to probe the army's conduct during the protests.",
            ("CHLGOV", "CHLMIL", "09"),
        ),
    ],
)
def test_a_body_set_up_to_investigate_investigates_for_its_creator(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


def test_a_body_with_no_named_creator_investigates_for_no_one(code_text):
    coded = code_text("A commission was created to investigate the Bolivian police.", "2024-03-04")
    assert not any(e.root == "09" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "Hundreds of students gathered in front of the French embassy in Dakar in protest against France's policy.",
            ("SENEDU", "FRA", "14"),
        ),
        ("Crowds massed in front of the Chinese embassy in Manila on Friday.", ("PHLCVL", "CHN", "14")),
        ("Dozens of Bolivian students protested outside the Chilean embassy in Lima.", ("BOLEDU", "CHL", "14")),
        ("Dozens of Iranians rallied near the British embassy in Tehran.", ("IRNCVL", "GBR", "14")),
        ("In Bamako on Friday, hundreds of protesters gathered outside the Danish embassy.", ("MLICVL", "DNK", "14")),
        (
            "On Sunday, thousands of people, many carrying Ukrainian flags, massed outside Russia's consulate in Krakow.",
            ("POLCVL", "RUS", "14"),
        ),
    ],
)
def test_a_crowd_at_a_foreign_mission_demonstrates_against_its_country(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


def test_a_rally_at_a_mission_to_protest_is_one_act_of_the_local_crowd(code_text):
    coded = code_text(
        "Thousands of people rallied outside Russia's consulate in Warsaw to protest against Russia's invasion.",
        "2024-03-04",
    )
    assert _asserted(coded) == {("POLCVL", "RUS", "14")}


def test_a_crowd_at_a_mission_is_not_protesting_its_own_government(code_text):
    coded = code_text("Hundreds of students gathered outside the French embassy on Sunday.", "2024-03-04")
    assert not any(e.target.code == "FRAGOV" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "Prime Minister Pedro Sanchez on Tuesday shelved his government's disputed pension reform, bowing to weeks of mass protests.",
            ("ESPGOV", "ESPCVL", "0832"),
        ),
        (
            "Peruvian President Dina Boluarte withdrew the fuel tax on Friday, two days after protesters blocked the main highways.",
            ("PERGOV", "PERCVL", "0832"),
        ),
        (
            "The Chilean government scrapped the water law in the face of strikes by Chilean teachers.",
            ("CHLGOV", "CHLEDU", "0832"),
        ),
    ],
)
def test_a_policy_dropped_under_protest_accedes_to_the_protesters(code_text, text, event):
    assert event in _codes(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text",
    [
        "The Chilean government scrapped the water law after talks with Argentina.",
        "The Chilean government may scrap the water law after the protests.",
    ],
)
def test_no_concession_without_protest_or_when_only_possible(code_text, text):
    coded = code_text(text, "2024-03-04")
    assert not any(e.root == "08" for e in coded.events if e.modality == "asserted")


@pytest.mark.parametrize(
    "text,event",
    [
        ("Washington removed Cuba from its list of state sponsors of terrorism.", ("USA", "CUB", "085")),
        ("The European Union unfroze 10 billion euros in funds for Hungary.", ("IGOEUREEC", "HUN", "085")),
        ("Brussels released frozen funds to Poland.", ("IGOEUREEC", "POL", "085")),
        ("Pakistan reopened its border with Afghanistan.", ("PAK", "AFG", "081")),
        ("Hundreds of farmers protested outside the Polish parliament on Monday.", ("POLCVL", "POLLEG", "141")),
        ("Students demonstrated outside the Education Ministry in Santiago.", ("CHLEDU", "CHLGOV", "141")),
    ],
)
def test_dictionary_patterns_for_delisting_unfreezing_reopening_and_rallies_at_a_seat(code_text, text, event):
    assert event in _codes(code_text(text, "2024-03-04"))


def test_a_penalty_demanded_lifted_is_not_lifted(code_text):
    coded = code_text("Caracas demanded that Ottawa lift the sanctions on Venezuela.", "2024-03-04")
    assert ("CAN", "VEN", "08") not in _asserted(coded)
    assert ("VEN", "CAN", "10") in _asserted(coded)


@pytest.mark.parametrize(
    "text,event",
    [
        ("Protests against Iran's crackdown continued in Berlin.", ("DEUCVL", "IRN", "141")),
        ("Protests erupted in Nairobi on Tuesday.", ("KENCVL", "KENGOV", "141")),
        ("Riots broke out in several towns in Senegal.", ("SENCVL", "SENGOV", "145")),
        ("A strike by Chilean teachers continued in Santiago.", ("CHLEDU", "CHLGOV", "143")),
        ("Protests swept Iran after the death of the young woman.", ("IRNCVL", "IRNGOV", "141")),
    ],
)
def test_protests_held_in_a_place_are_its_civilians(code_text, text, event):
    assert event in _codes(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text",
    ["Protests could erupt in Lagos if the fuel subsidy is removed.", "The match continued in Madrid."],
)
def test_no_protest_held_when_only_guessed_or_not_a_protest(code_text, text):
    assert not any(e.root == "14" or e.root == "13" for e in code_text(text, "2024-03-04").events)


@pytest.mark.parametrize(
    "text",
    [
        "Supporters of the Russian president rallied outside the Russian embassy in Belgrade.",
        "Hundreds gathered outside the French embassy in Kyiv to mourn the victims.",
        "Israeli strikes continued in Gaza on Monday.",
        "Pro-government rallies took place in Caracas.",
        "Campaign rallies continued in Lagos.",
    ],
)
def test_support_rallies_and_air_strikes_are_no_protest(code_text, text):
    assert not any(e.root == "14" for e in code_text(text, "2024-03-04").events)
