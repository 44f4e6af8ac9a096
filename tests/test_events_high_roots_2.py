"""Roots 11-19 on real reporting's constructions, second set (issue 12): a host state accused
through the militants it harbours, ... Sentences written for these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


@pytest.mark.parametrize(
    "text,accusation",
    [
        ("The Iranian military said Sunday's bombers were in touch with handlers in Pakistan.", ("IRNMIL", "PAK")),
        (
            "Delhi renewed its claim that gunmen with camps inside Pakistan had planned the massacre.",
            ("IND", "PAK"),
        ),
        ("Tehran has blamed several recent bombings on separatists present on Iraqi soil.", ("IRN", "IRQ")),
        ("The Nigerien army said the raiders were insurgents based in Nigeria.", ("NERMIL", "NGA")),
    ],
)
def test_militants_placed_abroad_in_a_claim_accuse_the_host_state(code_text, text, accusation):
    assert (*accusation, "112") in _asserted(code_text(text))


def test_helpers_abroad_need_an_attack_or_militants_in_the_claim(code_text):
    coded = code_text("The Indian army said the attackers had collaborated with partners in Pakistan.")
    assert ("INDMIL", "PAK", "112") in _asserted(coded)
    coded = code_text("The Indian minister said the firms had collaborated with partners in Pakistan.")
    assert not any(e.root == "11" for e in coded.events)


def test_no_host_accused_when_the_place_is_home_or_the_claim_denied(code_text):
    coded = code_text("The Iraqi army said the bombers were hiding in Iraq.")
    assert not any(e.root == "11" for e in coded.events)
    coded = code_text("Tehran said the bombers were not based in Pakistan.")
    assert not any(e.target.code == "PAK" and e.root == "11" for e in coded.events)


@pytest.mark.parametrize(
    "text,targets",
    [
        (
            "Iran fired three cruise missiles into the Gulf on Monday, a show of force aimed at Israel and Saudi Arabia.",
            {("IRN", "ISR"), ("IRN", "SAU")},
        ),
        (
            "Chinese warships sailed near the islands five times last month, angering Japan each time.",
            {("CHNMIL", "JPN")},
        ),
        (
            "Russia has stepped up pressure by conducting eight rounds of naval drills since March in an effort "
            "to pressure Finland to drop its bid.",
            {("RUS", "FIN")},
        ),
        (
            "Iran said it held a major missile test on Sunday to bolster its deterrent against Israeli threats.",
            {("IRN", "ISR")},
        ),
        ("Turkey staged military exercises near the Greek islands.", {("TUR", "GRC")}),
    ],
)
def test_a_military_display_is_a_show_of_force_toward_its_addressee(code_text, text, targets):
    coded = code_text(text)
    got = {(e.source.code, e.target.code) for e in coded.events if e.cameo == "150"}
    assert targets <= got
    assert len({e.modality for e in coded.events if e.cameo == "150"}) == 1  # one display, one modality


def test_a_display_at_home_or_an_attack_is_no_show_of_force(code_text):
    coded = code_text("Turkey staged military exercises near the Turkish coast.")
    assert not any(e.root == "15" for e in coded.events)
    coded = code_text("Iran fired missiles at Iraq, angering Kuwait.")
    assert not any(e.root == "15" for e in coded.events)
    coded = code_text("Iran may hold naval drills near the Saudi coast to warn Riyadh.")
    assert not any(e.root == "15" and e.modality == "asserted" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "Beijing escalated its trade war with Australia on Monday, tripling the duty on its southern partner's wine.",
            ("CHN", "AUS", "163"),
        ),
        (
            "The Argentine president ignited the tariff war last month with Brazil by first imposing and then "
            "suspending a 30% tariff on coffee.",
            ("ARGGOV", "BRA", "163"),
        ),
        ("Brussels hit Beijing last month with a new 20% levy on steel.", ("IGOEUREEC", "CHN", "163")),
        (
            "The EU parliament approved a bill on Friday targeting Belarus and Belarusian officials.",
            ("IGOEUREEC", "BLRGOV", "1312"),
        ),
        (
            "Seoul imposed tariffs on Japanese steel, along with doubling a previous 5% duty on Chinese chips to 10%.",
            ("KOR", "CHN", "163"),
        ),
    ],
)
def test_trade_war_escalation_names_its_party(code_text, text, event):
    assert event in _asserted(code_text(text))


def test_hitting_with_a_penalty_is_no_attack_but_hitting_with_rockets_is(code_text):
    coded = code_text("Brussels hit Beijing last month with a new 20% levy on steel.")
    assert not any(e.root in ("18", "19") for e in coded.events)
    coded = code_text("Russian troops hit Kharkiv with rockets.")
    assert any(e.root == "19" for e in coded.events) and not any(e.root == "16" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "Russia's military intelligence was allegedly behind the poisoning, according to British prosecutors.",
            ("GBRJUD", "RUSSPY", "1121"),
        ),
        ("French prosecutors said the Algerian diplomat had recruited the men.", ("FRAJUD", "DZAGOV", "1121")),
    ],
)
def test_what_national_prosecutors_say_someone_did_accuses_the_doer(code_text, text, event):
    assert event in _asserted(code_text(text))


def test_no_prosecutors_accusation_of_a_victim_or_by_an_international_court(code_text):
    coded = code_text("French prosecutors said the Algerian diplomat was attacked by the men.")
    assert not any(e.cameo == "1121" for e in coded.events)
    coded = code_text("The ICC prosecutor said Israeli forces had used starvation as a weapon.")
    assert not any(e.cameo == "1121" for e in coded.events)


def test_armed_groups_attacking_a_civilian_place_target_its_civilians(code_text):
    coded = code_text(
        "Fighters linked with the banned Islamic State attacked a crowded bus on Sunday near Jalalabad, "
        "taking dozens hostage."
    )
    got = _asserted(coded)
    assert {("AFGREB", "AFGCVL", "180"), ("AFGREB", "AFGCVL", "181")} <= got
    coded = code_text("Boko Haram insurgents raided a village in Borno state overnight.")
    assert ("NGAREB", "NGACVL", "180") in _asserted(coded)


def test_state_forces_and_named_targets_are_left_to_the_patterns(code_text):
    coded = code_text("Russian forces shelled a market in Kharkiv, killing eleven.")
    assert not any(e.target.code.endswith("CVL") and e.cameo == "180" for e in coded.events)
    coded = code_text("Boko Haram insurgents attacked Nigerian soldiers near a village.")
    assert not any(e.cameo == "180" and e.target.code == "NGACVL" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "The UN rights office said Ethiopian troops had committed war crimes in Tigray.",
            ("IGOUNO", "ETHMIL", "1124"),
        ),
        (
            "Human Rights Watch said Myanmar's military carried out atrocities against the Rohingya.",
            ("NGO", "MMRMIL", "1122"),
        ),
    ],
)
def test_saying_a_party_committed_abuses_accuses_it(code_text, text, event):
    assert event in _asserted(code_text(text))


def test_no_abuse_accusation_when_denied_or_not_of_rights(code_text):
    coded = code_text("Amnesty said Eritrean soldiers had not committed abuses.")
    assert not any(e.root == "11" and e.modality == "asserted" for e in coded.events)
    coded = code_text("The ministry said Kenyan drivers committed traffic violations.")
    assert not any(e.root == "11" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        ("Britain has frozen humanitarian assistance to Yemen.", ("GBR", "YEM", "1623")),
        ("Germany suspended development funding for Niger on Friday.", ("DEU", "NER", "1621")),
        ("Canada halted weapons deliveries and training with Colombia last month.", ("CAN", "COL", "1622")),
    ],
)
def test_halting_aid_to_a_party_reduces_aid(code_text, text, event):
    assert event in _asserted(code_text(text))


@pytest.mark.parametrize(
    "text,event",
    [
        ("A Ghanaian court blocked the government's plan to sell the port.", ("GHAJUD", "GHAGOV", "172")),
        ("Kenya's Supreme Court overturned the president's decree on Tuesday.", ("KENJUD", "KENGOV", "172")),
        ("A Nigerian court halted the deportations ordered by the interior ministry.", ("NGAJUD", "NGAGOV", "172")),
        (
            "Zambia's High Court on March 3 ordered all public universities to admit students with disabilities.",
            ("ZMBJUD", "ZMBEDU", "100"),
        ),
    ],
)
def test_a_court_blocking_or_ordering_a_partys_act(code_text, text, event):
    assert event in _asserted(code_text(text))


def test_a_court_order_the_dictionary_reads_keeps_its_code(code_text):
    coded = code_text("The Zambian High Court also ordered the clinic to pay the nurse damages.")
    assert ("ZMBJUD", "ZMBHLH", "116") in _asserted(coded)
    assert not any(e.cameo == "100" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        ("The junta imposed a curfew on four districts in Mandalay.", ("MMRMIL", "MMRCVL", "1723")),
        ("Sudanese authorities declared a state of emergency in three provinces.", ("SDNGOV", "SDNCVL", "1724")),
        ("The Thai army imposed martial law on two provinces.", ("THAMIL", "THACVL", "1724")),
    ],
)
def test_a_curfew_or_martial_law_on_places_restricts_their_civilians(code_text, text, event):
    assert event in _asserted(code_text(text))


def test_a_restriction_on_a_named_actor_is_the_patterns_reading(code_text):
    coded = code_text("Ugandan authorities banned civilians from riding in police trucks.")
    assert [e.cameo for e in coded.events if e.root == "17"] == ["1722"]


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "Kenyan police fired tear gas and water cannon on Tuesday to drive back thousands of protesters.",
            ("KENCOP", "KENCVL", "175"),
        ),
        ("Bolivian troops fired rubber bullets, scattering the students.", ("BOLMIL", "BOLEDU", "175")),
    ],
)
def test_riot_weapons_used_on_a_crowd_named_in_the_purpose_are_repression(code_text, text, event):
    assert event in _asserted(code_text(text))


def test_riot_weapons_with_no_crowd_or_by_civilians_are_no_repression(code_text):
    coded = code_text("Kenyan police fired tear gas on Tuesday to clear the road.")
    assert not any(e.root == "17" for e in coded.events)
