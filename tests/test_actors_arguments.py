"""Who the source and target actors of real-news events are: transnational branches, pronouns of
bodies, titles in apposition, "the Chinese side", media anaphora and the families of victims."""

from __future__ import annotations


def _codes(coded, text):
    """Codes of the mentions whose text contains `text`."""
    return [m.code for m in coded.mentions if text in m.text]


def _events(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


# transnational armed groups: a branch is placed by its own name


def test_branch_named_by_a_place_inside_the_mention(code_text):
    coded = code_text(
        "Iraqi troops killed an Islamic State commander in Anbar. Baghdad said the Iraqi army "
        "would keep up its raids. Later, the Libyan army shelled IS in Libya near Sirte.",
        "2023-05-10",
    )
    assert _codes(coded, "IS in Libya") == ["LBYREB"]


def test_branch_named_by_a_demonym_before_branch(code_text):
    coded = code_text(
        "Iraqi troops killed an Islamic State commander in Anbar. Baghdad said the Iraqi army "
        "would keep up its raids. Islamic State's Somali branch claimed an attack on a Kenyan army base.",
        "2023-05-10",
    )
    assert ("SOMREB", "KENMIL", "190") in _events(coded)


def test_branch_named_by_a_region_of_the_data_file(code_text):
    coded = code_text(
        "Iraqi troops killed an Islamic State commander in Anbar. Baghdad said the Iraqi army "
        "would keep up its raids. Islamic State's West Africa branch claimed an attack on a Chadian army base.",
        "2023-05-10",
    )
    assert ("NGAREB", "TCDMIL", "190") in _events(coded)


# "it" and "they" of bodies


def test_it_in_what_an_unnamed_body_says_is_that_body(code_text):
    coded = code_text("The Norwegian army said it killed 12 rebels near the border on Sunday.", "2023-05-10")
    assert ("NORMIL", "NORREB", "190") in _events(coded)


def test_acting_it_prefers_the_subject_body_to_a_body_in_passing(code_text):
    coded = code_text(
        "Envoys in Oslo met officials of the harbor authority. The Norwegian government later said "
        "the port was hit by rebels that it accuses of smuggling arms.",
        "2023-05-10",
    )
    assert ("NORGOV", "NORREB", "1121") in _events(coded)


def test_acting_they_continues_the_plural_subject(code_text):
    coded = code_text("Police in Lima clashed with protesters on Monday. They fired tear gas near the square.")
    assert [m.code for m in coded.mentions if m.text == "They"] == ["PERCOP"]


def test_acting_they_continues_a_compound_subject(code_text):
    coded = code_text(
        "Chile and Peru signed a trade pact on Monday. They also condemned Bolivia over the border closure.",
        "2023-05-10",
    )
    assert {("CHL", "BOL", "111"), ("PER", "BOL", "111")} <= _events(coded)


# "the Chinese side": a party of talks


def test_a_country_side_in_talks_is_its_government(code_text):
    coded = code_text("Officials said the U.S. side urged the Vietnamese side to cut tariffs.", "2023-05-10")
    assert ("USAGOV", "VNMGOV", "0211") in _events(coded)


def test_a_side_accused_of_an_act_is_still_a_party(code_text):
    coded = code_text(
        "Talks resumed on Monday. The Indian side accused the Nepali side of blocking trucks.", "2023-05-10"
    )
    assert _codes(coded, "Indian side") == ["INDGOV"] and _codes(coded, "Nepali side") == ["NPLGOV"]


def test_the_side_of_a_border_is_a_place(code_text):
    coded = code_text("Refugees crossed to the Afghan side of the border. Troops on the Iranian side fired shots.")
    assert not _codes(coded, "side")


# "the newspaper": the outlet talked about, not the one spoken to


def test_the_newspaper_is_not_the_outlet_a_source_spoke_to(code_text):
    coded = code_text(
        "Bolivian prosecutors charged the editor of La Voz on Monday, a colleague told the BBC. "
        "Last year, police raided the newspaper's offices in La Paz.",
        "2023-05-10",
    )
    assert _codes(coded, "the newspaper") == ["BOLMED"]
    assert ("BOLCOP", "BOLMED", "170") in _events(coded)


# relatives of victims and detainees are civilians of their country


def test_relatives_with_no_possessor_follow_the_relatives_named_before(code_text):
    coded = code_text(
        "Syrian agents offered money to the dissident's relatives in Damascus. The relatives refused.", "2023-05-10"
    )
    assert _codes(coded, "The relatives") == ["SYRCVL"]


def test_relatives_of_people_are_of_those_peoples_country(code_text):
    coded = code_text("Relatives of Honduran migrants marched to the consulate in Houston.", "2023-05-10")
    assert _codes(coded, "Relatives") == ["HNDCVL"]


def test_families_of_detained_foreigners_are_of_their_country(code_text):
    coded = code_text(
        "Russian courts jailed two Britons in Moscow. The families of the jailed Britons urged Russia to free them.",
        "2023-05-10",
    )
    assert ("GBRCVL", "RUS", "0253") in _events(coded)


def test_a_relative_adjective_is_no_actor(code_text):
    coded = code_text("The relative calm ended when Sudanese jets struck Nyala.", "2023-05-10")
    assert not _codes(coded, "relative")


# a title, then the name in apposition


def test_a_name_in_apposition_after_a_title_takes_the_titles_actor(code_text):
    coded = code_text(
        "Peru recalled its ambassador from Bolivia. The foreign minister, Ana Maria Quispe, accused Chile "
        "of meddling. Quispe said Lima would respond.",
        "2023-05-10",
    )
    assert _codes(coded, "Ana Maria Quispe") == ["PERGOV"]
    assert _codes(coded, "Quispe")[-1] == "PERGOV"


def test_a_prison_official_in_apposition_is_police(code_text):
    coded = code_text(
        "Six inmates died in a riot in Port Louis. The prison inspector general, Marc Duval Pierre, "
        "was also killed in the clashes.",
        "2023-05-10",
    )
    assert _codes(coded, "The prison inspector general") == ["MUSCOP"]


# an unknown place is placed by the region after its comma


def test_a_place_unknown_to_the_kb_is_placed_by_the_region_after_its_comma(code_text):
    coded = code_text(
        "Afghanistan denied any role. Gunmen attacked a passenger bus on Monday near Turbat, Balochistan.",
        "2023-05-10",
    )
    assert _codes(coded, "passenger") == ["PAKCVL"]


# more readings of who acts


def test_a_counted_plural_is_new_people_not_a_pair(code_text):
    coded = code_text(
        "Kenyan and Somali officials met in Mogadishu. Somali police said they arrested "
        "seven Hezbollah members, including two women, near Kismayo.",
        "2023-05-10",
    )
    assert _codes(coded, "two women") == ["SOMCVL"]


def test_an_outlet_as_subject_gives_the_army_no_country(code_text):
    coded = code_text(
        "Nigerian villagers told the BBC on Tuesday that the army had killed 20 bandits near Zamfara.",
        "2023-05-10",
    )
    assert _codes(coded, "the army") == ["NGAMIL"]


def test_a_description_beside_a_named_group_is_that_group(code_text):
    coded = code_text("Ecuador and the United States have designated Hezbollah a terrorist group.", "2023-05-10")
    assert _codes(coded, "a terrorist group") == ["LBNREB"]


def test_a_subject_they_goes_on_standing_for_the_same_group(code_text):
    coded = code_text(
        'The gunmen stopped the bus near Quetta. "Then they took out the soldiers and shot them. '
        'Later, they took out six more men and shot them," a survivor said.',
        "2023-05-10",
    )
    theys = [m.code for m in coded.mentions if m.text == "they"]
    assert theys and all(code.endswith("REB") for code in theys)


def test_a_stated_nationality_codes_every_mention_of_the_name(code_text):
    coded = code_text(
        "Iranian agents were accused of plotting the attack. Tomas Ruiz Vidal told jurors he was paid "
        "to do it. Vidal, who is Chilean, said he was cooperating with prosecutors.",
        "2023-05-10",
    )
    assert set(_codes(coded, "Vidal")) == {"CHLCVL"}
    assert any(e.source.code == "CHLCVL" and e.cameo.startswith("06") for e in coded.events)


def test_an_expletive_it_stands_for_nothing(code_text):
    coded = code_text(
        'Britain backed the plan. "It is now for Moscow to accept it," the minister said. '
        "Kenya closed the camp. It is clear that the decision was rushed.",
        "2023-05-10",
    )
    assert not [m for m in coded.mentions if m.text == "It"]


def test_a_former_post_in_apposition_is_not_a_second_person(code_text):
    coded = code_text(
        "Chile's outspoken education minister, Jorge Elias Tapia, former chief executive of a mining "
        "firm, told a Santiago newspaper that the results were poor. He announced a review of "
        "the exams on Monday.",
        "2023-05-10",
    )
    assert [m.code for m in coded.mentions if m.text == "He"] == ["CHLGOV"]
