"""Roots 01-09 on real reporting's constructions (issue 12): denials whose accuser is told
earlier, acts that someone is only urged, asked or needed to do. Sentences written for these
tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.root) for e in coded.events if e.modality == "asserted"}


def _all(coded):
    return {(e.source.code, e.target.code, e.root, e.modality) for e in coded.events}


@pytest.mark.parametrize(
    "text,denial",
    [
        (
            "Norway accused Sweden of dumping waste in the fjord. Stockholm called the allegations baseless.",
            ("SWE", "NOR", "01"),
        ),
        (
            "Norway accused Sweden of dumping waste in the fjord. Stockholm rejected the allegation on Monday.",
            ("SWE", "NOR", "01"),
        ),
        (
            "Lima accused Quito of sheltering rebels, an allegation the Ecuadorian government has repeatedly dismissed.",
            ("ECUGOV", "PER", "01"),
        ),
        ("Lima accused Quito of sheltering rebels, a claim that Ecuador denied on Monday.", ("ECU", "PER", "01")),
    ],
)
def test_denial_of_an_earlier_accusation_targets_the_accuser(code_text, text, denial):
    assert denial in _asserted(code_text(text, "2024-03-04"))


def test_a_relative_clause_with_its_own_object_is_no_denial_of_its_noun(code_text):
    coded = code_text("Lima accused Quito of sheltering rebels, a claim that Ecuador denied the rebels any help.")
    assert ("ECU", "PER", "01") not in _asserted(coded)


@pytest.mark.parametrize(
    "text,act",
    [
        ("Peru urged Bolivia to cooperate with the government of Chile.", ("BOL", "CHLGOV", "06")),
        ("Peru asked Bolivia to meet with Chilean officials.", ("BOL", "CHLGOV", "04")),
        ("Peru pressed Bolivia to sign the accord with Chile.", ("BOL", "CHL", "05")),
        (
            "We urge Bolivia to hold the organizers of this attack accountable and cooperate with Chile.",
            ("BOL", "CHL", "06"),
        ),
        ("The report stressed the need for the Danish government to invest in the police.", ("DNKGOV", "DNKCOP", "06")),
        ("Greece is negotiating to import grain from Ukraine.", ("GRC", "UKR", "06")),
    ],
)
def test_an_act_someone_is_urged_or_needed_to_do_is_not_asserted(code_text, text, act):
    assert act not in _asserted(code_text(text, "2024-03-04"))


def test_the_appeal_itself_stays_asserted_and_a_done_act_is_not_touched(code_text):
    assert ("PER", "BOL", "02") in _asserted(code_text("Peru urged Bolivia to cooperate with the government of Chile."))
    assert ("BOL", "CHL", "06") in _asserted(code_text("Bolivia decided to cooperate with Chile."))
    assert ("BOL", "CHL", "05") in _asserted(code_text("Peru helped Bolivia to reach a deal with Chile."))


def test_received_visiting_guest_is_a_visit_and_a_hosting(code_text):
    coded = code_text("In Rome, the Italian foreign minister assured the visiting Greek prime minister of support.")
    got = _asserted(coded)
    assert ("GRCGOV", "ITAGOV", "04") in got and ("ITAGOV", "GRCGOV", "04") in got
    codes = {(e.source.code, e.target.code): e.cameo for e in coded.events if e.root == "04"}
    assert codes[("GRCGOV", "ITAGOV")] == "042" and codes[("ITAGOV", "GRCGOV")] == "043"


def test_a_passive_meet_is_no_meeting(code_text):
    assert not any(
        e.root == "04" for e in code_text("The escaped prisoners were met outside by armed gang members.").events
    )
    assert ("GRCGOV", "TURGOV", "04") in _asserted(code_text("The Greek prime minister met with Turkish officials."))


def test_briefing_reporters_is_no_sharing_of_information(code_text):
    assert not code_text("The Dutch defense minister briefed reporters on the operation in Brussels.").events


@pytest.mark.parametrize(
    "text",
    [
        "Venezuela requested an emergency meeting of the UN Security Council.",
        "Venezuela called an urgent meeting of the UN Security Council on the crisis.",
    ],
)
def test_asking_a_council_to_sit_is_an_appeal_to_it(code_text, text):
    assert ("VEN", "IGOUNO", "02") in _asserted(code_text(text))


@pytest.mark.parametrize(
    "text,event",
    [
        (
            '"We urge Lima to release the detained fishermen without delay," the Chilean foreign ministry said.',
            ("CHLGOV", "PER", "02"),
        ),
        (
            '"I encourage the police to investigate the killings quickly," the Kenyan president told reporters.',
            ("KENGOV", "KENCOP", "02"),
        ),
        ('The Chilean foreign ministry said: "We condemn the attack on our embassy in Lima."', ("CHLGOV", "PER", "11")),
    ],
)
def test_first_person_subject_of_a_quote_is_its_speaker(code_text, text, event):
    assert event in _asserted(code_text(text))


def test_first_person_in_a_clause_inside_the_quote_is_not_read_as_the_speaker(code_text):
    coded = code_text('"As I understand it, they are pouring money into Peru," the Chilean minister said.')
    assert not any(e.source.code == "CHLGOV" for e in coded.events)


def test_first_person_leaves_the_documents_actor_mentions_alone(code_text):
    coded = code_text('"We urge Lima to release the detained fishermen," the Chilean foreign ministry said.')
    assert not any(m.text == "We" for m in coded.mentions)


@pytest.mark.parametrize(
    "text",
    [
        "In a post on his social media platform, the Brazilian president called Argentina a bad neighbor.",
        "In response to questions on the detained Peruvians, a Chilean spokesperson declined comment.",
    ],
)
def test_a_phrase_before_the_subject_fills_no_target_slot(code_text, text):
    assert not _asserted(code_text(text))


def test_a_fronted_date_leaves_the_target_slot_alone(code_text):
    assert ("BRA", "ARG", "02") in _asserted(code_text("On Monday, Brazil called on Argentina to reopen the border."))


@pytest.mark.parametrize(
    "text,act",
    [
        ("Turkey had been looking to repair relations with Israel.", ("TUR", "ISR", "05")),
        ("She said she hopes the United States and Britain can coordinate their efforts.", ("USA", "GBR", "05")),
    ],
)
def test_a_wish_or_an_aim_is_not_an_act(code_text, text, act):
    assert act not in _asserted(code_text(text))


@pytest.mark.parametrize(
    "text,event",
    [
        ("President Trump delayed the tariffs on Mexico for a month.", ("USAGOV", "MEX", "08")),
        ("The U.S. government exempted Canada from the new duties.", ("USAGOV", "CAN", "08")),
        ("Washington lowered the tariff on Brazil.", ("USA", "BRA", "08")),
    ],
)
def test_easing_a_tariff_is_easing_an_economic_sanction(code_text, text, event):
    assert event in _asserted(code_text(text, "2025-03-10"))


def test_announcing_resumed_cooperation_is_an_intent_to_cooperate(code_text):
    coded = code_text("Japan said on Friday that it would resume cooperation with Georgia.")
    assert ("JPN", "GEO", "03") in _asserted(coded)


def test_a_country_and_its_own_government_are_one_side(code_text):
    coded = code_text("The Kenyan government rejected Kenya's request for a delay.")
    assert not any(e.source.code[:3] == e.target.code[:3] == "KEN" for e in coded.events if e.modality == "asserted")
    # a country and its own rebels are two sides
    coded = code_text("Colombia accused the ELN rebels of attacking an oil pipeline.")
    assert any(e.source.code == "COL" and e.target.code.startswith("COL") for e in coded.events)


def test_the_day_after_a_requested_meeting_is_the_meetings_not_the_requests(code_text):
    text = "Peru and Chile called an emergency meeting Friday of the UN Security Council to debate the crisis."
    appeals = [e for e in code_text(text, "2025-03-13").events if e.root == "02"]
    assert appeals and all(e.date is None for e in appeals)
    dated = code_text("Venezuela on Monday requested an emergency meeting of the UN Security Council.", "2025-03-13")
    assert [e.date for e in dated.events if e.root == "02"] == ["2025-03-10"]


@pytest.mark.parametrize(
    "text,appeal",
    [
        # a private person of another country: his own state holds him
        (
            "The Peruvian reporter Luis Salas was jailed in March. Spain called for Salas's immediate release.",
            ("ESP", "PERGOV", "02"),
        ),
        (
            "The Belarusian opposition leader Pavel Kozlov was arrested in May. "
            "Amnesty International called for the release of Kozlov.",
            ("NGO", "BLRGOV", "02"),
        ),
    ],
)
def test_a_call_for_release_is_aimed_at_the_detaining_state(code_text, text, appeal):
    assert appeal in _asserted(code_text(text, "2024-03-04"))


def test_a_state_calling_for_its_own_national_keeps_the_detainee(code_text):
    # held abroad: the holder is not the detainee's own state
    coded = code_text("The French journalist Anne Morel was detained in May. France called for Morel's release.")
    assert ("FRA", "FRAGOV", "02") not in _asserted(coded)


def test_hostages_are_not_held_by_their_own_state(code_text):
    coded = code_text("The United Nations called for the release of the Israeli hostages held by Hamas.")
    assert not any(t == "ISRGOV" for _, t, _ in _asserted(coded))


@pytest.mark.parametrize(
    "text,claim",
    [
        # the act's own phrase names the victims
        (
            "The PKK claimed responsibility for several bombings targeting Turkish soldiers this year.",
            ("TURREB", "TURMIL", "01"),
        ),
        # the latest earlier act of force the article told
        (
            "Gunmen stormed a checkpoint in Mosul, killing four Iraqi police officers. "
            "The Islamic State group claimed responsibility for the attack.",
            ("IRQREB", "IRQCOP", "01"),
        ),
        (
            "Militants attacked a Kenyan army base near the border on Sunday, killing six soldiers. "
            "Al-Shabaab later claimed responsibility.",
            ("SOMREB", "KENMIL", "01"),
        ),
        # a bare claim whose own words name the target ("..., saying"), not a participle act
        (
            "A truck bomb went off near a hotel in Mogadishu. Al-Shabaab claimed responsibility, "
            "saying the Somali army was its target.",
            ("SOMREB", "SOMMIL", "01"),
        ),
    ],
)
def test_a_claim_of_responsibility_is_aimed_at_the_victims(code_text, text, claim):
    assert claim in _asserted(code_text(text, "2024-03-04"))


def test_a_claim_of_responsibility_with_no_earlier_attack_codes_nothing(code_text):
    coded = code_text("The Pakistani Taliban have claimed responsibility for the explosion in the market.")
    assert not [e for e in coded.events if e.root == "01"]


def test_a_modifier_of_the_claimant_is_not_the_claimant(code_text):
    coded = code_text(
        "Gunmen attacked the Somali defense ministry on Monday. "
        "The al-Qaeda-allied Shabaab movement claimed responsibility for the attack."
    )
    sources = {s for s, _, r in _asserted(coded) if r == "01"}
    assert sources == {"SOMREB"}


@pytest.mark.parametrize(
    "text,relief",
    [
        ("Brussels suspended the levy on American whiskey on Monday.", ("IGOEUREEC", "USA", "08")),
        ("Ottawa lifted its surcharge on Chinese steel.", ("CAN", "CHN", "08")),
        ("Tokyo delayed the tariffs on Vietnamese rice until June.", ("JPN", "VNM", "08")),
        # coordinated with the verb that imposed it: the same parties
        (
            "Washington imposed new tariffs on Brazilian exports, then delayed the tariffs on most goods.",
            ("USA", "BRA", "08"),
        ),
    ],
)
def test_easing_a_trade_penalty_is_easing_a_sanction(code_text, text, relief):
    assert relief in _asserted(code_text(text, "2024-03-04"))


def test_imposing_a_tariff_is_no_easing(code_text):
    coded = code_text("Tokyo imposed new tariffs on Vietnamese rice.")
    assert ("JPN", "VNM", "08") not in _asserted(coded)


@pytest.mark.parametrize(
    "text,events",
    [
        (
            "Germany, along with Italy and Spain, asked for urgent talks in the Security Council.",
            {("DEU", "IGOUNO", "02"), ("ITA", "IGOUNO", "02"), ("ESP", "IGOUNO", "02")},
        ),
        ("Turkey, together with Qatar, condemned Israel on Friday.", {("TUR", "ISR", "11"), ("QAT", "ISR", "11")}),
    ],
)
def test_actors_joined_to_the_subject_by_along_with_act_with_it(code_text, text, events):
    assert events <= _asserted(code_text(text, "2024-03-04"))


def test_a_prepositional_with_after_the_verb_is_no_companion(code_text):
    coded = code_text("Iran met with Iraq along with other neighbors.")
    assert not any(s == "IRQ" for s, _, _ in _asserted(coded))


def test_a_denial_of_accusations_made_by_a_named_actor_targets_it(code_text):
    coded = code_text(
        "Thai officials accused Cambodia of shelling border villages. "
        "“We firmly reject the groundless accusations made by Thailand,” a Cambodian foreign ministry "
        "spokesman said."
    )
    assert ("KHMGOV", "THA", "01") in _asserted(coded)


def test_troops_backing_troops_is_military_cooperation(code_text):
    coded = code_text("Malian soldiers backed by Russian troops retook the town on Monday.")
    assert ("RUSMIL", "MLIMIL", "062") in {(e.source.code, e.target.code, e.cameo) for e in coded.events}


def test_a_leader_backing_a_government_is_still_endorsement(code_text):
    coded = code_text("The French president backed the Malian government on Monday.")
    assert ("FRAGOV", "MLIGOV", "051") in {(e.source.code, e.target.code, e.cameo) for e in coded.events}


@pytest.mark.parametrize(
    "text",
    [
        "Peru has sought to mend ties with Chile since the border dispute. Both countries withdrew ambassadors in 2019.",
        "Peru and Chile signed a trade accord in 2010. The two countries recalled their ambassadors in 2019.",
    ],
)
def test_a_pair_withdrawing_their_envoys_acts_on_each_other(code_text, text):
    assert {("PER", "CHL", "16"), ("CHL", "PER", "16")} <= _asserted(code_text(text, "2024-03-04"))


def test_a_pair_reacting_to_a_third_party_is_no_reciprocal_act(code_text):
    coded = code_text("Peru and Chile signed a trade accord in 2010. Both countries condemned the attack.")
    assert ("PER", "CHL", "11") not in _asserted(coded)


def test_accepting_a_proposal_is_yielding_and_being_ready_to_is_intent(code_text):
    assert ("KEN", "TZA", "08") in _asserted(code_text("Kenya accepted a Tanzanian proposal for joint border patrols."))
    ready = code_text("Kenya said it was ready to accept a Tanzanian proposal for joint border patrols.")
    assert ("KEN", "TZA", "03") in _asserted(ready)


def test_a_hyphenated_pair_the_parser_hangs_on_the_verb_still_holds_talks(code_text):
    coded = code_text("The meeting follows U.S.-China talks in Geneva last week.")
    assert {("USA", "CHN", "04"), ("CHN", "USA", "04")} <= _asserted(coded)


@pytest.mark.parametrize(
    "text,aid",
    [
        ("Britain has provided training and equipment to the Kenyan police.", ("GBR", "KENCOP", "07")),
        ("Washington provided the Colombian army with equipment and training.", ("USA", "COLMIL", "07")),
        ("Russia donated medical supplies to the Serbian government.", ("RUS", "SRBGOV", "07")),
    ],
)
def test_training_equipment_and_supplies_given_are_aid(code_text, text, aid):
    assert aid in _asserted(code_text(text, "2024-03-04"))


@pytest.mark.parametrize(
    "text,appeal",
    [
        (
            "Kyiv said it hoped India would lean on Moscow to halt the strikes.",
            ("UKR", "IND", "02"),
        ),
        ("The Kenyan president hopes Tanzania will reopen the border soon.", ("KENGOV", "TZA", "02")),
    ],
)
def test_hoping_another_party_would_act_is_an_appeal_to_it(code_text, text, appeal):
    assert appeal in _asserted(code_text(text, "2024-03-04"))


def test_a_hope_with_no_actor_to_act_is_no_appeal(code_text):
    assert not _asserted(code_text("Brazil hoped the rain would stop.", "2024-03-04"))


def test_a_background_agreement_supports_no_one(code_text):
    coded = code_text(
        "The camp shrank after a 2016 agreement among Chad, Sudan and the UNHCR supporting refugees returning to Sudan."
    )
    assert not [e for e in coded.events if e.root == "05"]


def test_hoping_people_will_come_is_no_appeal(code_text):
    coded = code_text("Thai officials hope foreign tourists will return to the islands this year.")
    assert not [e for e in coded.events if e.root == "02"]


def test_standing_accused_of_conspiring_with_someone_is_no_solidarity(code_text):
    coded = code_text("The Belarusian blogger stands accused of conspiring with Polish intelligence officers.")
    assert not [e for e in coded.events if e.root == "01"]
    assert ("LTU", "UKR", "01") in _asserted(code_text("Lithuania stands with Ukraine."))
