"""Roots 01-10 on real reporting's constructions, second set (issue 12): suggestions, talks that
must go on, visits and hosts, calls defied, proposals, purchases, joint operations and aid plans.
Sentences written for these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.root) for e in coded.events if e.modality == "asserted"}


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "Danish Foreign Minister Lars Rasmussen suggested that the Swedish government should impose tariffs on Norway.",
            ("DNKGOV", "SWEGOV", "02"),
        ),
        (
            "The Norwegian prime minister also suggested Finland could close its consulates in Peru.",
            ("NORGOV", "FIN", "02"),
        ),
        ("The Chilean foreign ministry recommended that Argentina expel the envoy.", ("CHLGOV", "ARG", "02")),
    ],
)
def test_a_suggestion_that_another_party_act_is_an_appeal_to_it(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


def test_a_suggested_inference_is_no_appeal(code_text):
    coded = code_text("The Chilean foreign ministry suggested that Argentina was behind the attack.", "2024-03-04")
    assert not any(e.root == "02" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        ("Chilean President Gabriel Boric said talks with Brazil must continue.", ("CHLGOV", "BRA", "03")),
        ("The Indonesian foreign minister said negotiations with India must resume.", ("IDNGOV", "IND", "03")),
    ],
)
def test_talks_that_must_go_on_are_an_intent_to_meet(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text,event",
    [
        ("The junta keeps defying calls by the African Union to hold elections.", ("IGOAFRAFU", "MIL", "02")),
        (
            "The Malian junta has ignored calls, including from the African Union, to hold elections.",
            ("IGOAFRAFU", "MLIGOV", "02"),
        ),
        ("Venezuela has rejected repeated demands by Brazil to publish the vote tallies.", ("BRA", "VEN", "10")),
    ],
)
def test_defying_calls_tells_the_callers_appeal(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text,events",
    [
        (
            "A Brazilian and Argentine proposal for the Security Council to extend the mission failed.",
            {("BRA", "IGOUNO", "02"), ("ARG", "IGOUNO", "02")},
        ),
        ("Mexico's proposal for Guatemala to reopen the border crossing drew a cool response.", {("MEX", "GTM", "02")}),
        ("Colombia called for Ecuador to return the seized embassy staff.", {("COL", "ECU", "02")}),
    ],
)
def test_a_proposal_or_call_for_another_party_to_act_is_an_appeal(code_text, text, events):
    assert events <= _asserted(code_text(text, "2024-03-04"))


def test_a_proposal_only_backed_names_no_proposer(code_text):
    coded = code_text("The Kenyan government would back a proposal for Uganda to lower its tariffs.", "2024-03-04")
    assert ("KENGOV", "UGA", "02") not in _asserted(coded)


@pytest.mark.parametrize(
    "text,event",
    [
        (
            "Indonesian President Joko Widodo said during a visit to Tokyo that he would raise trade with Korea.",
            ("IDNGOV", "JPN", "04"),
        ),
        (
            "The Brazilian foreign minister, on a trip to Luanda, signed a trade accord with Angola.",
            ("BRAGOV", "AGO", "04"),
        ),
        (
            "Vietnamese Prime Minister Pham Minh Chinh arrived in Manila on Tuesday for talks on the South China Sea.",
            ("VNMGOV", "PHLGOV", "04"),
        ),
        (
            "Kenyan President William Ruto arrived in Addis Ababa for a state visit on Sunday.",
            ("KENGOV", "ETHGOV", "04"),
        ),
    ],
)
def test_a_visit_told_as_an_occasion_or_an_arrival_for_talks(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text",
    [
        "The Pakistani prime minister told reporters during a visit to Lahore that the attack was foiled.",
        "Thousands of Sudanese refugees arrived in Chad last month.",
    ],
)
def test_a_domestic_trip_or_refugees_arrival_is_no_visit(code_text, text):
    assert not any(e.root == "04" for e in code_text(text, "2024-03-04").events)


def test_a_host_country_hosts_those_who_gathered(code_text):
    coded = code_text(
        "Foreign ministers of the African Union gathered Monday in Kigali as host country Rwanda set out its agenda.",
        "2024-03-04",
    )
    assert {("RWA", "IGOAFRAFU", "04"), ("IGOAFRAFU", "RWA", "04")} <= _asserted(coded)


@pytest.mark.parametrize(
    "text,event",
    [
        ("India has bought large quantities of Russian crude since the war began.", ("IND", "RUS", "06")),
        ("Turkey purchased fighter jets from Britain last year.", ("TUR", "GBR", "06")),
        ("Poland bought South Korean tanks and howitzers.", ("POL", "KOR", "06")),
    ],
)
def test_buying_anothers_goods_is_material_cooperation(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text",
    [
        "Egypt plans to buy wheat from Kazakhstan.",
        "Greece is negotiating to import grain from Ukraine.",
        "Retirees in Spain bought houses before the pandemic.",
    ],
)
def test_a_planned_or_private_purchase_is_no_asserted_cooperation(code_text, text):
    assert not any(r == "06" for _, _, r in _asserted(code_text(text, "2024-03-04")))


@pytest.mark.parametrize(
    "text,events",
    [
        (
            "Thai and Malaysian troops began joint patrols along the border on Monday.",
            {("THAMIL", "MYSMIL", "06"), ("MYSMIL", "THAMIL", "06")},
        ),
        (
            "Joint patrols by Russian and Turkish troops resumed in the north on Sunday.",
            {("RUSMIL", "TURMIL", "06"), ("TURMIL", "RUSMIL", "06")},
        ),
        (
            "The bomb maker died in a raid that Nigerian and Chadian commanders called a joint operation.",
            {("NGA", "TCD", "06"), ("TCD", "NGA", "06")},
        ),
        (
            "Kenyan and Somali forces jointly patrolled the border town on Tuesday.",
            {("KENMIL", "SOMMIL", "06"), ("SOMMIL", "KENMIL", "06")},
        ),
        ("The Egyptian-Sudanese joint exercise began on Saturday.", {("EGY", "SDN", "06"), ("SDN", "EGY", "06")}),
    ],
)
def test_a_joint_operation_is_military_cooperation_both_ways(code_text, text, events):
    assert events <= _asserted(code_text(text, "2024-03-04"))


def test_a_joint_base_is_no_operation(code_text):
    coded = code_text("Gunmen shelled a joint Ugandan-Congolese army camp near the border.", "2024-03-04")
    assert not any(e.root == "06" for e in coded.events)


@pytest.mark.parametrize(
    "text,event",
    [
        ("The European Commission proposed a 5 billion euro plan for supporting Moldova.", ("IGOEUREEC", "MDA", "03")),
        ("Tokyo unveiled a relief package for rebuilding Tonga on Monday.", ("JPN", "TON", "03")),
    ],
)
def test_a_presented_aid_plan_is_an_intent_to_provide_aid(code_text, text, event):
    assert event in _asserted(code_text(text, "2024-03-04"))


def test_an_aid_plan_only_discussed_is_no_pledge(code_text):
    coded = code_text("Tokyo discussed a relief package for rebuilding Tonga on Monday.", "2024-03-04")
    assert ("JPN", "TON", "03") not in _asserted(coded)


@pytest.mark.parametrize(
    "text,events",
    [
        (
            "A ceasefire between Armenia and Azerbaijan took effect at midnight.",
            {("ARM", "AZE", "08"), ("AZE", "ARM", "08")},
        ),
        (
            "The minister welcomed the agreement between Ghana and Togo signed on Friday.",
            {("GHA", "TGO", "05"), ("TGO", "GHA", "05")},
        ),
    ],
)
def test_an_asserted_agreement_or_truce_between_parties_is_coded_both_ways(code_text, text, events):
    assert events <= _asserted(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text",
    [
        "The Chilean president said he would back a free trade agreement between Peru and Bolivia.",
        "Norway hopes a truce between Colombia and Venezuela could hold.",
    ],
)
def test_an_agreement_only_backed_or_hoped_for_is_not_asserted(code_text, text):
    assert not any(r in ("05", "08") for _, _, r in _asserted(code_text(text, "2024-03-04")))


def test_the_act_a_defied_call_asks_for_is_not_asserted(code_text):
    coded = code_text("Mali ignored demands from ECOWAS to release the former president.", "2024-03-04")
    assert ("IGOWAFWAS", "MLI", "10") in _asserted(coded)
    assert not any(e.root == "08" and e.modality == "asserted" for e in coded.events)


@pytest.mark.parametrize(
    "text,events",
    [
        (
            "The Indian president, on a state visit to the United Arab Emirates, signed an energy deal.",
            {("INDGOV", "ARE", "04")},
        ),
        (
            "Japanese Prime Minister Fumio Kishida said during a visit to the Philippines that Tokyo would supply radars.",
            {("JPNGOV", "PHL", "04")},
        ),
        (
            "Defense chiefs of NATO gathered in The Hague as host country the Netherlands unveiled new pledges.",
            {("NLD", "IGOWSTNAT", "04"), ("IGOWSTNAT", "NLD", "04")},
        ),
    ],
)
def test_visits_and_hosts_named_with_an_article(code_text, text, events):
    assert events <= _asserted(code_text(text, "2024-03-04"))
