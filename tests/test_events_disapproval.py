"""Constructions of roots 10-20 in real reporting (issue 12): condemning labels, arguments behind
a determiner. Sentences written for these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


@pytest.mark.parametrize(
    "text,expected",
    [
        ('Chile\'s foreign minister described the decision by Peru as "deplorable."', ("CHLGOV", "PER", "111")),
        (
            "Canada's prime minister called Washington's tariffs \"insulting and unjustified.\"",
            ("CANGOV", "USA", "111"),
        ),
        (
            "Turkey's foreign minister described Israel's raid on the ship as \"an act of piracy and a crime.\"",
            ("TURGOV", "ISR", "111"),
        ),
    ],
)
def test_a_condemning_label_criticizes_the_labelled_actor(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


def test_a_label_on_an_event_noun_criticizes_the_actor_of_that_event(code_text):
    coded = code_text(
        'Haitian police arrested a gang leader on Monday. The Haitian opposition called the arrest "arbitrary."',
        "2024-06-15",
    )
    assert ("HTIOPP", "HTICOP", "111") in _asserted(coded)


@pytest.mark.parametrize(
    "text",
    ["The Kenyan minister called the court ruling fair.", "Iran called the talks with France productive."],
)
def test_a_label_that_does_not_condemn_is_no_criticism(code_text, text):
    assert not {e for e in _asserted(code_text(text, "2024-06-15")) if e[2].startswith("11")}


def test_an_actor_named_as_a_modifier_after_a_determiner_is_the_target(code_text):
    # "a police patrol": the mention "a police" modifies the noun in the pattern's slot
    coded = code_text("Haitian gang leader Jean Pierre opened fire on a police patrol.", "2024-06-15")
    assert ("HTICRM", "HTICOP", "193") in _asserted(coded)


def test_touring_a_refugee_camp_is_no_visit(code_text):
    coded = code_text("Bangladesh's prime minister toured a refugee camp near the border on Tuesday.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[2] in ("042", "043")}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Canada retaliated by announcing higher tariffs on U.S. goods.", ("CAN", "USA", "163")),
        ("Mexico imposed a 30% duty on Chinese cars.", ("MEX", "CHN", "163")),
        ("Peru raised the levy on Bolivian imports.", ("PER", "BOL", "163")),
    ],
)
def test_a_penalty_on_another_country_s_goods_is_a_sanction_on_it(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


def test_a_penalty_not_imposed_is_not_asserted(code_text):
    coded = code_text("The minister said Brazil would not raise tariffs on Argentine beef.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[2] == "163"}


def _events(coded):
    return {(e.source.code, e.target.code, e.cameo, e.modality) for e in coded.events}


def test_a_coordinated_infinitive_shares_the_threat_of_the_first(code_text):
    coded = code_text("Russia threatened to expel or arrest British diplomats.", "2024-06-15")
    assert ("RUS", "GBRGOV", "173", "asserted") not in _events(coded)


def test_nearly_killing_is_no_killing(code_text):
    coded = code_text("The gunmen nearly killed the Mexican mayor.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[2].startswith("18")}
    assert any(e[3] == "negated" for e in _events(coded))


def test_a_toll_over_many_attacks_is_no_mass_killing(code_text):
    one = code_text("Boko Haram fighters killed more than 300 villagers in the town of Gwoza on Friday.", "2024-06-15")
    many = code_text("In 2023, Boko Haram fighters killed more than 300 villagers in dozens of attacks.", "2024-06-15")
    assert ("NGAREB", "CVL", "202") in _asserted(one)
    assert ("NGAREB", "CVL", "180") in _asserted(many)


def test_security_forces_killing_militants_is_fighting(code_text):
    coded = code_text("Somali security forces killed six al-Shabab militants who stormed a hotel.", "2024-06-15")
    assert ("SOMCOP", "SOMREB", "190") in _asserted(coded)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ethiopia said Egypt was interfering in its internal affairs.", ("ETH", "EGY", "112")),
        ("The EU said Hungary was undermining the rule of law.", ("IGOEUREEC", "HUN", "112")),
        ("Seoul said on Friday that Pyongyang's latest launch breached U.N. resolutions.", ("KOR", "PRK", "112")),
        ("India said Pakistan was failing to stop militants from crossing the border.", ("IND", "PAK", "112")),
    ],
)
def test_saying_another_party_did_wrong_accuses_it(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text",
    [
        "Japan said China had not violated its airspace.",
        "Experts said Iran might violate the deal.",
        "Brazil said the agreement would benefit Argentina.",
    ],
)
def test_no_accusation_without_a_wrong_told_as_done(code_text, text):
    assert not {e for e in _asserted(code_text(text, "2024-06-15")) if e[2] == "112"}


def test_refusing_to_attend_a_hearing_by_a_court_rejects_the_court(code_text):
    coded = code_text("Ghana refused to attend a hearing by the International Court of Justice.", "2024-06-15")
    assert ("GHA", "IGOUNO", "120") in _asserted(coded)


def test_rejecting_an_offer_told_earlier_rejects_the_offerer(code_text):
    coded = code_text("Iran offered to hold talks with Saudi Arabia. Riyadh rejected the offer.", "2024-06-15")
    assert ("SAU", "IRN", "120") in _asserted(coded)


def test_a_coordinated_passive_with_no_agent_names_no_source(code_text):
    coded = code_text("Myanmar security forces occupied 36 hospitals, and patients have been evicted.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[2] == "174"}
