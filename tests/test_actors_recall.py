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


def test_singular_title_does_not_spread_to_the_next_country(code_text):
    coded = code_text("The trade minister of Uruguay and Paraguay signed a customs deal.", "2023-05-10")
    assert _codes(coded, "Paraguay") == ["PRY"]


def test_plural_title_does_not_spread_to_a_country_outside_the_list(code_text):
    coded = code_text("The finance ministers of Kenya met Uganda on Friday.", "2023-05-10")
    assert _codes(coded, "Uganda") == ["UGA"]
