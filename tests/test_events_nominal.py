"""Events named by nouns (dyads/events/nominal.py): arguments from the noun's possessor,
modifiers and phrases; coded only when the text asserts the act."""

from __future__ import annotations

import pytest

from dyads.events.nominal import load_lists
from dyads.events.verbs import load_verbs


def _asserted(coded):
    return {(e.source.code, e.target.code, e.root) for e in coded.events if e.modality == "asserted"}


def _cameos(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


@pytest.mark.parametrize(
    "text,expected",
    [
        # possessor + of-phrase, with a role noun after the target
        ("Brazil's expulsion of the Venezuelan envoy drew sharp criticism on Monday.", ("BRA", "VENGOV", "161")),
        # a participle's by- and on-phrases ("imposed by X on Y")
        ("New sanctions imposed by the European Union on Russia took effect on Monday.", ("IGOEUREEC", "RUS", "163")),
        # possessor + on-phrase, the noun the subject of a told clause
        ("Israel's airstrikes on Gaza killed 12 people.", ("ISR", "PSE", "195")),
        # by-phrase + of-phrase
        (
            "The arrest of two Turkish journalists by Egyptian police on Monday drew protests.",
            ("EGYCOP", "TURMED", "173"),
        ),
        # the subject of a performing verb is the source
        (
            "Turkish troops carried out an offensive against Kurdish militants in Syria on Sunday.",
            ("TURMIL", "SYRREB", "190"),  # a people's militants are coded, of the place they are in
        ),
        # a participle's agent ("launched by X") and a demonym
        (
            "An offensive launched by Ethiopian troops against the rebels continued on Sunday.",
            ("ETHMIL", "ETHREB", "190"),
        ),
        # the subject claims the act it performed (by a state's army: 190)
        ("The Nigerian army claimed the killing of 20 Boko Haram fighters.", ("NGAMIL", "NGAREB", "190")),
        # the act reported as seen, with a demonym source
        ("The weekend saw heavy Russian shelling of Kharkiv.", ("RUS", "UKR", "194")),
    ],
)
def test_event_noun_arguments(code_text, text, expected):
    assert expected in _cameos(code_text(text, "2024-03-04"))


def test_between_gives_one_event_per_ordered_pair(code_text):
    coded = code_text("Talks between Vietnam and the Philippines ended without a deal on Friday.", "2024-03-04")
    assert {("VNM", "PHL", "04"), ("PHL", "VNM", "04")} <= _asserted(coded)


def test_phone_call_between_two_leaders(code_text):
    coded = code_text("A phone call between Putin and Erdogan took place on Tuesday.", "2024-03-06")
    assert {("RUSGOV", "TURGOV", "041"), ("TURGOV", "RUSGOV", "041")} <= _cameos(coded)


@pytest.mark.parametrize(
    "text", ["Russia-Ukraine talks in Istanbul ended on Friday.", "The U.S.-China talks in Geneva ended on Friday."]
)
def test_hyphenated_parties_of_a_between_noun(code_text, text):
    got = _asserted(code_text(text, "2025-03-10"))
    pairs = {(s, t) for s, t, r in got if r == "04"}
    assert len(pairs) == 2 and {(b, a) for a, b in pairs} == pairs


def test_a_phone_call_that_sets_a_told_clause_joins_its_subject_and_object(code_text):
    coded = code_text(
        "Mexican President Claudia Sheinbaum told Donald Trump in a phone call on Monday that Mexico would act.",
        "2025-03-10",
    )
    assert ("MEXGOV", "USAGOV", "041") in _cameos(coded)
    # a call for something is no phone call
    assert not any(
        r == "04" for *_, r in _asserted(code_text("Germany issued a call for calm in Serbia.", "2025-03-10"))
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The rebel commander died in a gun battle with Colombian soldiers on Friday.",
            ("COLMIL", "COLREB", "19"),
        ),
        # police on civilians at home: repression, by convention
        ("Two Kenyan protesters died in clashes with police in Nairobi.", ("KENCOP", "KENCVL", "17")),
    ],
)
def test_a_subject_that_suffered_in_a_fight_is_its_target(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-03-04"))


def test_talks_that_set_a_told_clause_are_asserted(code_text):
    coded = code_text(
        "The accord was signed after three days of talks between Sudan and South Sudan in Juba.", "2024-03-06"
    )
    assert {("SDN", "SSD", "04"), ("SSD", "SDN", "04")} <= _asserted(coded)


@pytest.mark.parametrize(
    "text",
    [
        "The Qatari-brokered truce between Israel and Hamas collapsed on Sunday.",
        "Talks between Israel and Hamas mediated by Qatar resumed on Monday.",
    ],
)
def test_a_mediator_mediates_toward_both_parties(code_text, text):
    got = _cameos(code_text(text, "2024-03-04"))
    assert {("QAT", "ISR", "045"), ("QAT", "PSEREB", "045")} <= got


def test_one_token_mediator_participle(code_text):
    coded = code_text("The U.S.-brokered ceasefire between Armenia and Azerbaijan held on Sunday.", "2024-03-04")
    assert {("USA", "ARM", "045"), ("USA", "AZE", "045")} <= _cameos(coded)


def test_came_under_attack_from(code_text):
    coded = code_text("Sudanese troops came under attack from Houthi rebels.", "2024-03-04")
    assert ("YEMREB", "SDNMIL", "19") in _asserted(coded)


@pytest.mark.parametrize(
    "text,root",
    [
        # background: a year, an earlier round
        ("A 2013 attack on Kenya by Somali militants is still remembered.", "19"),
        ("The previous round of talks between Iran and Iraq produced little.", "04"),
        # asked for, not done: the appeal is the event
        ("Nigeria called for talks between Niger and Benin.", "04"),
        # negated
        ("Talks between Serbia and Kosovo did not take place.", "04"),
        # only mentioned
        ("Analysts discussed the Russian offensive against Ukraine at length.", "19"),
        # seen by people, not by a time or place; a state of having
        ("Analysts see talks between Iran and Iraq as unlikely.", "04"),
        ("The United States has sanctions on Iran.", "16"),
        # a state, not an occurrence
        ("The minister said sanctions imposed on Cuba by Washington were pointless.", "16"),
        # a forecast
        ("Britain's ambassador said talks between Peru and Chile would resume next week.", "04"),
    ],
)
def test_acts_the_text_does_not_assert_are_not_coded(code_text, text, root):
    got = _asserted(code_text(text, "2024-03-04"))
    assert not any(r == root for *_, r in got), got


def test_word_lists_load_and_every_noun_pattern_is_nominal():
    lists = load_lists()
    assert "launch" in lists.performed_by_subject and "broker" in lists.mediating
    assert not lists.performed_by_subject & lists.not_done
    verbs = load_verbs()
    assert all(p.nominal for ps in verbs.nominal.values() for p in ps)
    assert "expulsion" in verbs.nominal and "call" in verbs.nominal
