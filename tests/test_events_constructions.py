"""Constructions of real reporting, one test each, on sentences written for these tests."""

from __future__ import annotations

from .test_events import _asserted, _events


def test_a_participle_after_a_noun_makes_the_noun_its_patient(code_text):
    coded = code_text("Mourners gathered for Armenians wounded in clashes with Azerbaijani troops.", "2022-09-14")
    assert not any(s.startswith("ARM") for s, _, r in _asserted(coded) if r >= "18")


def test_a_participle_after_a_noun_takes_its_agent_from_by(code_text):
    coded = code_text("Rwanda freed the journalists detained by Congo on Monday.", "2022-09-14")
    assert not any(s == "RWA" and t == "COD" for s, t, _ in _asserted(coded))


def test_designating_a_terrorist_group_is_an_administrative_sanction(code_text):
    coded = code_text("Canada designated the Houthis a terrorist organization on Monday.", "2024-01-15")
    assert {r for s, _, r in _asserted(coded) if s == "CAN"} == {"17"}


def test_welcoming_a_partys_decision_is_praise_not_hosting(code_text):
    coded = code_text("Japan welcomed Seoul's decision on Tuesday.", "2023-03-07")
    got = _asserted(coded)
    assert ("JPN", "KOR", "05") in got
    assert not any(r == "04" for _, _, r in got)


def test_a_deadly_air_strike_is_an_aerial_attack_however_many_it_killed(code_text):
    coded = code_text("Israeli warplanes killed at least 40 Hamas fighters in Gaza on Sunday.", "2024-05-26")
    assert any(s.startswith("ISR") and r == "19" for s, _, r in _asserted(coded))
    assert not any(e.cameo == "202" for e in coded.events)


def test_a_participle_clause_shares_the_main_clauses_subject(code_text):
    coded = code_text("Ghana recalled its ambassador on Friday, accusing Togo of harboring rebels.", "2023-02-10")
    assert ("GHA", "TGO", "11") in _asserted(coded)


def test_ready_to_act_takes_the_subject_of_the_copula(code_text):
    coded = code_text("Norway said it was ready to mediate between Colombia and the ELN.", "2023-02-10")
    assert any(s == "NOR" and r == "03" for s, _, r in _asserted(coded))


def test_talking_to_the_press_is_not_an_event(code_text):
    coded = code_text("Speaking to reporters in Madrid, the Spanish foreign minister criticized Morocco.", "2023-02-10")
    got = _asserted(coded)
    assert any(s.startswith("ESP") and t == "MAR" and r == "11" for s, t, r in got)
    assert not any(r in ("01", "04") for _, _, r in got)


def test_an_act_read_through_its_governing_adjective_is_one_event(code_text):
    coded = code_text("Lula told the summit that Brazil was prepared to work with Chile.", "2023-05-02")
    assert len([e for e in coded.events if e.target.code == "CHL" and e.root == "03"]) == 1


def test_said_another_party_must_act_is_a_demand_on_it(code_text):
    coded = code_text("Kenya said on Monday that Ethiopia must withdraw its troops.", "2023-02-10")
    got = _asserted(coded)
    assert ("KEN", "ETH", "10") in got
    assert not any(s == "ETH" for s, _, _ in got)


def test_said_another_party_should_act_is_an_appeal(code_text):
    coded = code_text("Ireland said Israel should open more crossings into Gaza.", "2024-03-01")
    assert ("IRL", "ISR", "02") in _asserted(coded)


def test_an_obligation_on_a_thing_obliges_no_actor(code_text):
    coded = code_text("Kenya said talks with Ethiopia must continue.", "2023-02-10")
    assert not any(r == "10" for _, _, r in _asserted(coded))


def test_a_threat_is_made_when_uttered_even_with_its_condition(code_text):
    coded = code_text("Ankara is threatening retaliation against Athens if it is sanctioned.", "2020-08-26")
    assert ("TUR", "GRC", "13") in _asserted(coded)


def test_warning_of_continued_pressure_is_a_threat(code_text):
    coded = code_text("Washington warned on Monday that it will keep up pressure on Caracas.", "2019-05-06")
    assert any(s == "USA" and t == "VEN" and r == "13" for s, t, r in _asserted(coded))


def test_killing_named_with_air_strikes_is_aerial_and_fighters_are_no_mass_killing(code_text):
    coded = code_text(
        "Nigerian troops killed 45 Boko Haram fighters in airstrikes near the northern border on Sunday.", "2021-06-13"
    )
    assert any(e.cameo == "195" for e in coded.events)
    coded = code_text(
        "Nigerian troops killed 45 Boko Haram fighters during heavy fighting near the northern border on Sunday.",
        "2021-06-13",
    )
    assert not any(e.cameo == "202" for e in coded.events)


def test_tourists_arriving_are_not_a_visit(code_text):
    coded = code_text("Thousands of German tourists visited Turkey in July.", "2022-08-20")
    assert not any(r == "04" for _, _, r in _asserted(coded))


def test_will_continue_to_act_is_not_yet_asserted(code_text):
    coded = code_text("Oslo said it will continue to send aid to Kyiv.", "2023-02-10")
    assert not any(r == "07" for _, _, r in _asserted(coded))


def test_a_visiting_guest_visits_the_host(code_text):
    coded = code_text(
        "Antony Blinken on Friday met visiting Japanese Foreign Minister Yoko Kamikawa in Washington.",
        "2024-01-12",
    )
    got = _asserted(coded)
    assert ("JPNGOV", "USAGOV", "04") in got
    assert not any(e.cameo == "042" and e.source.code == "USAGOV" for e in coded.events)


def test_telling_someone_in_a_phone_call_is_a_telephone_discussion(code_text):
    coded = code_text("Canadian Prime Minister Justin Trudeau told Biden in a phone call on Monday.", "2022-03-07")
    assert any(
        s == "CANGOV" and t == "USAGOV" and e == "041"
        for s, t, e in {(x.source.code, x.target.code, x.cameo) for x in coded.events}
    )


def test_tariffs_targeting_a_country_are_an_embargo_not_force(code_text):
    coded = code_text("The new U.S. tariffs targeting Brazil took effect on Monday.", "2025-07-14")
    got = {e.cameo for e in coded.events if e.target.code == "BRA"}
    assert "163" in got
    assert not any(c.startswith("19") for c in got)


def test_receiving_support_somewhere_hosts_no_one(code_text):
    coded = code_text("Chile's proposal received broad support in Madrid on Monday.", "2023-02-10")
    assert not any(r == "04" for _, _, r in _asserted(coded))


def test_an_undated_act_told_again_in_a_later_sentence_is_a_second_event(code_text):
    text = (
        "Chile condemned Bolivia over the border closure. Trade between the neighbors fell sharply. "
        "Later, Chile condemned Bolivia again after a second crossing was shut."
    )
    coded = code_text(text, "2023-06-14")
    assert [(e.source.code, e.target.code, e.root) for e in coded.events].count(("CHL", "BOL", "11")) == 2


def test_an_act_told_dated_and_undated_is_one_event_with_its_day(code_text):
    text = "Chile condemned Bolivia on Monday over the border closure. Chile condemned Bolivia, officials said."
    coded = code_text(text, "2023-06-14")
    told = [e for e in coded.events if (e.source.code, e.target.code, e.root) == ("CHL", "BOL", "11")]
    assert len(told) == 1
    assert told[0].date == "2023-06-12"


def test_militants_a_party_reports_striking_abroad_accuse_no_host(code_text):
    coded = code_text("Chad's army said it had bombed rebel fighters in southern Libya on Sunday.", "2024-02-12")
    assert not any(r == "11" for _, _, r in _asserted(coded))
    coded = code_text("Nigeria's army said it killed dozens of insurgents based in Cameroon.", "2024-02-12")
    assert not any(r == "11" for _, _, r in _asserted(coded))


def test_militants_acting_from_abroad_accuse_their_host(code_text):
    coded = code_text("Egypt's government said gunmen from Libya attacked a border post on Sunday.", "2024-02-12")
    assert ("EGYGOV", "LBY", "11") in _asserted(coded)


def test_onlookers_forecast_of_a_partys_act_is_no_threat_by_it(code_text):
    coded = code_text("Economists said Vietnam might raise duties on Thai rice.", "2024-02-12")
    assert not any(r == "13" for _, _, r, _ in _events(coded))
    coded = code_text("Vietnam said it might raise duties on Thai rice.", "2024-02-12")
    assert ("VNM", "THA", "13") in _asserted(coded)


def test_leaders_who_are_to_meet_have_not_met_yet(code_text):
    coded = code_text("The Chilean and Peruvian presidents were to hold talks in Lima on Thursday.", "2024-02-12")
    assert not any(r == "04" for _, _, r in _asserted(coded))
    assert ("CHLGOV", "PERGOV", "04", "intended") in _events(coded)


def test_a_surtax_on_anothers_goods_is_a_trade_penalty(code_text):
    coded = code_text("Mexico imposed a surtax on Brazilian shoes on Monday.", "2024-02-12")
    assert ("MEX", "BRA", "16") in _asserted(coded)
