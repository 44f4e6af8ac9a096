"""Actors real news names that the coder used to miss: a plural title over a list of countries,
ruling bodies ("the junta", "the generals") of the country the article attaches them to, and
branches of transnational groups placed by their own phrase."""

from __future__ import annotations


def _codes(coded, text):
    """Codes of the mentions whose text contains `text`."""
    return [m.code for m in coded.mentions if text in m.text]


def _events(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


# a plural title over a list of countries: the title applies to each


def test_plural_title_of_two_countries_gives_each_its_office(code_text):
    coded = code_text("The interior ministers of Senegal and Gambia signed a border pact in Dakar.", "2023-05-10")
    events = _events(coded)
    assert ("SENGOV", "GMBGOV", "057") in events
    assert ("GMBGOV", "SENGOV", "057") in events


def test_plural_title_of_a_comma_list_gives_each_its_office(code_text):
    coded = code_text("The army chiefs of Benin, Togo and Ghana condemned the attack on Burkina Faso.", "2023-05-10")
    events = _events(coded)
    assert {("BENMIL", "BFA", "111"), ("TGOMIL", "BFA", "111"), ("GHAMIL", "BFA", "111")} <= events


def test_plural_body_of_two_countries_gives_each_that_body(code_text):
    coded = code_text("The navies of Peru and Ecuador clashed near the maritime border.", "2023-05-10")
    assert ("PERMIL", "ECUMIL", "190") in _events(coded)


def test_singular_title_does_not_spread_to_the_next_country(code_text):
    coded = code_text("The trade minister of Uruguay and Paraguay signed a customs deal.", "2023-05-10")
    assert _codes(coded, "Paraguay") == ["PRY"]


def test_plural_title_does_not_spread_to_a_country_outside_the_list(code_text):
    coded = code_text("The finance ministers of Kenya met Uganda on Friday.", "2023-05-10")
    assert _codes(coded, "Uganda") == ["UGA"]


# ruling bodies without their country: the article's, not the nearest nationality word's


def test_the_junta_is_the_one_named_before_not_the_subjects(code_text):
    coded = code_text(
        "Niger's junta shut its border with Benin in August. On Monday, Beninese officials accused the junta "
        "of blocking trade.",
        "2023-10-10",
    )
    assert ("BENGOV", "NERGOV", "112") in _events(coded)


def test_the_junta_in_a_capital_is_that_capitals_country(code_text):
    coded = code_text("Chadian envoys criticized the junta in Bamako on Tuesday.", "2023-10-10")
    assert ("TCDGOV", "MLIGOV", "111") in _events(coded)


def test_the_generals_are_those_named_before(code_text):
    coded = code_text(
        "Guinea's generals dissolved the cabinet on Sunday. Liberian officials condemned the generals on Monday.",
        "2022-01-10",
    )
    assert ("LBRGOV", "GINMIL", "111") in _events(coded)


def test_the_military_rulers_are_the_datelines_country(code_text):
    coded = code_text(
        "OUAGADOUGOU, Burkina Faso — Ivorian officials accused the military rulers of expelling two diplomats.",
        "2023-10-10",
    )
    assert ("CIVGOV", "BFAGOV", "112") in _events(coded)


def test_the_regime_is_the_government_named_before(code_text):
    coded = code_text(
        "Lithuania summoned a diplomat after Belarus's government jailed a blogger. Lithuanian officials "
        "condemned the regime on Friday.",
        "2023-10-10",
    )
    assert ("LTUGOV", "BLRGOV", "111") in _events(coded)


def test_a_junta_named_with_its_own_country_keeps_it(code_text):
    coded = code_text(
        "Niger's junta shut its border with Benin in August. On Monday, Beninese officials accused Mali's junta "
        "of blocking trade.",
        "2023-10-10",
    )
    assert ("BENGOV", "MLIGOV", "112") in _events(coded)
    assert ("BENGOV", "NERGOV", "112") not in _events(coded)


# a transnational group's branch is placed by its own phrase, on its list of countries or not


def test_a_cell_in_a_country_off_the_groups_list_is_that_countrys(code_text):
    coded = code_text("Tajik police arrested three members of an al-Qaida cell in Tajikistan.", "2023-05-10")
    assert ("TJKCOP", "TJKREB", "173") in _events(coded)


def test_militants_in_a_country_off_the_groups_list_are_that_countrys(code_text):
    coded = code_text("Islamic State militants in Tajikistan attacked a police station.", "2023-05-10")
    assert ("TJKREB", "TJKCOP", "190") in _events(coded)


def test_a_place_the_group_fought_in_before_does_not_place_it(code_text):
    coded = code_text("Iraqi forces killed an Islamic State commander who had fought in Spain.", "2023-05-10")
    assert ("IRQMIL", "IRQREB", "190") in _events(coded)


def test_the_coup_leaders_are_the_datelines_junta(code_text):
    coded = code_text(
        "NIAMEY, Niger — Beninese officials accused the coup leaders of closing the border.", "2023-10-10"
    )
    assert ("BENGOV", "NERMIL", "112") in _events(coded)


def test_the_countrys_junta_is_the_articles_not_the_subjects(code_text):
    coded = code_text(
        "CONAKRY, Guinea — Sierra Leonean officials accused the country's junta of closing the border.", "2023-10-10"
    )
    assert ("SLEGOV", "GINGOV", "112") in _events(coded)


# a country and its own demonym's noun: the country is its own actor, not a shared head


def test_a_country_before_its_own_demonym_keeps_its_code(code_text):
    coded = code_text("The EU sanctioned Belarus and Belarusian officials on Monday.", "2023-05-10")
    events = _events(coded)
    assert ("IGOEUREEC", "BLR", "163") in events
    assert ("IGOEUREEC", "BLRGOV", "163") in events


def test_two_demonyms_still_share_the_noun(code_text):
    coded = code_text("Chinese and Hungarian officials met in Budapest.", "2023-05-10")
    assert ("CHNGOV", "HUNGOV", "040") in _events(coded)


# a leader's name compounded onto a state body names that country's body, whatever the date


def test_a_past_leaders_administration_is_that_countrys_government(code_text):
    coded = code_text("Havana said the Obama administration had eased travel rules for Cubans.", "2025-03-10")
    assert _codes(coded, "Obama administration") == ["USAGOV"]


def test_a_leaders_officials_are_that_countrys_government(code_text):
    coded = code_text("Venezuela criticized Biden officials on Monday.", "2025-03-10")
    assert ("VEN", "USAGOV", "111") in _events(coded)


def test_a_leaders_government_in_office_is_that_countrys_government(code_text):
    coded = code_text("The Macron government expelled two Algerian diplomats.", "2025-03-10")
    assert ("FRAGOV", "DZAGOV", "161") in _events(coded)


def test_a_leaders_name_before_a_nonstate_noun_is_no_body(code_text):
    coded = code_text("Obama supporters criticized Cuba on Monday.", "2025-03-10")
    assert not any(m.code == "USAGOV" for m in coded.mentions)
