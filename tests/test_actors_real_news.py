"""Actor mentions of real-news constructions: groups with a modifier, unknown people and their roles."""

from __future__ import annotations

import pytest


def _code_of(coded, text):
    """Codes of the mentions that contain `text`."""
    return [m.code for m in coded.mentions if text in m.text]


@pytest.mark.parametrize(
    "text,mention,code",
    [
        # a people, faith or province inside the story's state names a group of that state
        ("Turkey's army shelled villages near Cizre. Kurdish fighters returned fire.", "fighters", "TURREB"),
        ("Iraq's parliament met in Baghdad. Yazidi families fled the camp.", "families", "IRQCVL"),
        ("Nigeria's president flew to Abuja. State officials said roads were shut.", "officials", "NGAGOV"),
        # a plain noun before a state's functionaries
        ("Egypt's president met Sisi's aides in Cairo. Border officials closed the crossing.", "officials", "EGYGOV"),
        # what a business trades says nothing of whose it is
        ("Rice traders in Ghana closed their stalls on Monday.", "traders", "GHABUS"),
        ("Steel exporters in Brazil lost orders after the new duty.", "exporters", "BRABUS"),
    ],
)
def test_actors_a_group_noun_under_a_modifier_keeps_its_country(code_text, text, mention, code):
    assert _code_of(code_text(text, "2023-04-10"), mention) == [code]


@pytest.mark.parametrize(
    "text,mention",
    [
        ("Egypt's president spoke in Cairo. Western diplomats left the capital.", "diplomats"),
        ("Mali's junta met in Bamako. Islamist militants attacked a convoy.", "militants"),
        ("Kenya's cabinet met in Nairobi. Rescue workers searched the rubble.", "workers"),
        # a people's officials or commanders are not the state's
        ("Turkey's army shelled villages near Cizre. Kurdish officials counted the dead.", "officials"),
        # a plain adjective opening a sentence
        ("Kenya's cabinet met in Nairobi. Local officials closed the road.", "officials"),
    ],
)
def test_actors_a_bloc_creed_or_trade_modifier_still_names_no_country(code_text, text, mention):
    assert not _code_of(code_text(text, "2023-04-10"), mention)


def test_actors_party_members_are_american_legislators(code_text):
    coded = code_text("Biden signed the bill in Washington. Democratic senators cheered the vote.", "2022-08-16")
    assert _code_of(coded, "senators") == ["USALEG"]


def test_actors_our_soldiers_are_still_coded(code_text):
    coded = code_text('Turkey sent troops to Libya. "Our soldiers are there at the invitation of Tripoli," Akar said.')
    assert _code_of(coded, "soldiers")


def test_actors_his_or_her_group_belongs_to_the_person_named_in_the_sentence(code_text):
    coded = code_text(
        "Ukrainian officials met in Kyiv. Senators praised Emmanuel Macron and his cabinet on Friday.", "2023-04-14"
    )
    assert _code_of(coded, "cabinet") == ["FRAGOV"]


def test_actors_a_name_after_a_title_the_parser_did_not_label_is_the_holder(code_text):
    coded = code_text(
        "Kenya's army moved into the forest. The roads are shut, says Tana River County Commissioner Irungu "
        "Mwangi. Mwangi said more troops would come.",
        "2024-03-05",
    )
    assert _code_of(coded, "Commissioner Irungu Mwangi") == ["KENGOV"]
    assert [m.name for m in coded.mentions if m.text == "Mwangi"] == ["Irungu Mwangi"]


def test_actors_a_title_case_headline_gives_no_holder_name(code_text):
    coded = code_text("Ghana Cocoa Farmers Urge Europe to Lift Limits\n\nGhana's farmers met on Monday.", "2024-03-05")
    assert not [m for m in coded.mentions if "Urge" in m.text]


def test_actors_an_age_is_no_role_a_quoted_person_is_a_civilian(code_text):
    coded = code_text(
        "Kenya's army moved into the forest near Lamu. Twenty-two-year-old Halima Warsame said she fled with her "
        "sons. Warsame says soldiers came at night.",
        "2024-03-05",
    )
    assert _code_of(coded, "Warsame") == ["KENCVL", "KENCVL"]


@pytest.mark.parametrize(
    "text,mention,code",
    [
        # a city before a body gives the city's country
        ("A gunman told a Chicago court that he was paid by a gang.", "court", "USAJUD"),
        ("Lagos police arrested two men on Sunday.", "police", "NGACOP"),
        # a hyphenated count says how big the body is, not whose
        ("Kenya's High Court ruled on Monday. The five-judge bench said the law was void.", "bench", "KENJUD"),
        # bodies named by their function
        ("Peru's president criticized the Public Ministry on Monday.", "Public Ministry", "PERJUD"),
        ("Ghana's president spoke. The prison administration will investigate the escape.", "prison", "GHACOP"),
        ("Ghana's president spoke. National Statistics Office data show growth.", "Statistics Office", "GHAGOV"),
    ],
)
def test_actors_bodies_named_by_city_size_or_function(code_text, text, mention, code):
    assert _code_of(code_text(text, "2024-03-05"), mention) == [code]


def test_actors_fighting_sides_are_the_two_belligerents_named_together(code_text):
    coded = code_text(
        "Sudan's army has battled the Rapid Support Forces for a year; aid groups accuse both sides of "
        "killing civilians. The envoy urged the warring parties to talk.",
        "2024-03-05",
    )
    assert sorted(_code_of(coded, "both sides")) == ["SDNMIL", "SDNREB"]
    assert sorted(_code_of(coded, "warring parties")) == ["SDNMIL", "SDNREB"]


def test_actors_the_regional_neighbours_are_the_two_latest_states(code_text):
    coded = code_text(
        "Kenya recalled its envoy. Somalia's president spoke in Mogadishu. Ties between the East African "
        "neighbors are tense.",
        "2024-03-05",
    )
    assert sorted(_code_of(coded, "neighbors")) == ["KEN", "SOM"]


def test_actors_a_pair_is_not_its_own_verbs_subject(code_text):
    coded = code_text("Chile and Peru traded threats, and Brazil pressed both countries to talk.", "2024-03-05")
    assert sorted(_code_of(coded, "both countries")) == ["CHL", "PER"]


def test_actors_an_honorific_before_a_surname_is_no_longer_name(code_text):
    coded = code_text("It all turns on Mr. Putin now, the senator said.", "2025-03-12")
    assert _code_of(coded, "Putin") == ["RUSGOV"]


def test_actors_the_full_chamber_is_still_the_chamber(code_text):
    coded = code_text("Congress passed the bill in Washington. It now goes to the full Senate.", "2025-03-12")
    assert _code_of(coded, "Senate") == ["USALEG"]
