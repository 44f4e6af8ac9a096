from __future__ import annotations

import datetime as dt

import pytest

from dyads.actors import check as kbtools
from dyads.cli.main import main


def _code_of(coded, text):
    """Codes of the mentions that contain `text`."""
    return [m.code for m in coded.mentions if text in m.text]


@pytest.mark.parametrize(
    "name,day,code",
    [
        ("Ebrahim Raisi", "2019-06-01", "IRNJUD"),  # head of the judiciary
        ("Ebrahim Raisi", "2022-06-01", "IRNGOV"),  # president
        ("Barack Obama", "2015-06-01", "USAGOV"),
        ("Barack Obama", "2018-06-01", "USAELI"),  # a former president with no office
        ("Ursula von der Leyen", "2017-02-08", "DEUGOV"),
        ("Ursula von der Leyen", "2023-03-21", "IGOEUREEC"),
        ("Keir Starmer", "2022-10-14", "GBROPP"),
        ("Keir Starmer", "2024-07-09", "GBRGOV"),
    ],
)
def test_actors_person_code_depends_on_the_date(kb, name, day, code):
    people = kb.lookup_person(name)
    assert people, f"{name} missing from the knowledge base"
    assert people[0].code_on(dt.date.fromisoformat(day)) == code


@pytest.mark.parametrize(
    "text,date,mention,code",
    [
        ("Iran's foreign minister condemned the decision.", "2019-06-14", "Iran's foreign minister", "IRNGOV"),
        ("Turkish troops crossed the border on Monday.", "2019-10-14", "Turkish troops", "TURMIL"),
        ("Iranian officials met European diplomats in Vienna.", "2019-06-14", "Iranian officials", "IRNGOV"),
        ("Washington imposed new sanctions on Iran.", "2019-06-14", "Washington", "USA"),
        ("The Kremlin rejected the offer on Monday.", "2019-06-14", "The Kremlin", "RUSGOV"),
        ("Brussels welcomed the vote in Athens.", "2019-06-14", "Brussels", "IGOEUREEC"),
        ("Former President Barack Obama criticized the move.", "2018-05-09", "Former President Barack Obama", "USAELI"),
        ("Former President Alvaro Uribe denounced the deal.", "2016-09-27", "Former President Alvaro Uribe", "COLOPP"),
        ("The government of Iran denied the report.", "2019-06-14", "The government of Iran", "IRNGOV"),
        (
            "Iranian Foreign Ministry spokesman Kamran Dastjerdi said talks would resume.",
            "2019-06-14",
            "Iranian Foreign Ministry spokesman Kamran Dastjerdi",
            "IRNGOV",
        ),
        ("Taliban fighters attacked a police post in Kunduz.", "2019-06-14", "Taliban", "AFGREB"),
        ("Taliban officials met Chinese envoys in Kabul.", "2022-06-14", "Taliban", "AFGGOV"),
    ],
)
def test_actors_titles_demonyms_metonyms(code_text, text, date, mention, code):
    assert code in _code_of(code_text(text, date), mention)


def test_actors_coordinated_demonyms_share_the_noun(code_text):
    coded = code_text("Chadian and Nigerien troops launched an offensive against Boko Haram.", "2015-03-11")
    codes = {m.text: m.code for m in coded.mentions}
    assert codes.get("Chadian") == "TCDMIL" and codes.get("Nigerien troops") == "NERMIL"


def test_actors_title_only_and_pronoun_resolve_to_the_person(code_text):
    coded = code_text(
        "German Chancellor Olaf Scholz met Polish leaders on Monday. The chancellor said "
        "Berlin would send more tanks. He also praised Warsaw.",
        "2023-01-25",
    )
    assert _code_of(coded, "The chancellor") == ["DEUGOV"]
    he = [m for m in coded.mentions if m.text == "He"]
    assert he and he[0].code == "DEUGOV" and he[0].name == "Olaf Scholz"


def test_actors_surname_after_full_name(code_text):
    coded = code_text("President Hassan Rouhani spoke on Sunday. Later, Rouhani met the cabinet.", "2016-01-18")
    assert [m.name for m in coded.mentions if m.text == "Rouhani"] == ["Hassan Rouhani"]


def test_actors_a_name_with_no_clue_is_no_actor(code_text):
    coded = code_text("Jonathan Pelleworth said the harvest was late this year because of the rain.", "2019-06-14")
    assert not [m for m in coded.mentions if "Pelleworth" in m.text]


def test_actors_same_person_two_dates_in_articles(pipeline):
    from dyads.read.sources import read_sources

    from .conftest import ARTICLES

    docs = [
        d
        for name in ("role_change_2019.txt", "role_change_2023.txt")
        for d in read_sources((str(ARTICLES / name),), pipeline.settings)
    ]
    coded = list(pipeline.code_documents(docs))
    raisi = [{m.code for m in c.mentions if m.name == "Ebrahim Raisi" and m.kind == "person"} for c in coded]
    assert raisi == [{"IRNJUD"}, {"IRNGOV"}]


def test_actors_check_finds_no_problems(runner):
    result = runner.invoke(main, ["actors", "check"])
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output


def test_actors_check_reports_bad_rows(kb):
    from dyads.actors.kb import KB, Person, Role

    broken = KB(
        countries=kb.countries,
        roles=kb.roles,
        people=[
            Person(
                name="Test Person",
                aliases=(),
                roles=(
                    Role(code="IRNGOV", title="President", start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1)),
                    Role(code="XXXGOV", title="Minister", start=dt.date(2021, 1, 1), end=None),
                    Role(code="IRNZZZ", title="Minister", start=dt.date(2021, 6, 1), end=None),
                ),
            )
        ],
    )
    problems = "\n".join(kbtools.check(broken))
    assert "ends 2019-01-01 before it starts" in problems
    assert "unknown country in XXXGOV" in problems
    assert "unknown role in IRNZZZ" in problems
    assert "overlaps" in problems


def test_actors_lookup_shows_roles_and_the_code_on_a_date(runner):
    result = runner.invoke(main, ["actors", "lookup", "Ebrahim Raisi", "--date", "2019-06-01"])
    assert result.exit_code == 0
    assert "IRNJUD" in result.output and "IRNGOV" in result.output and "on 2019-06-01: IRNJUD" in result.output


def test_actors_lookup_unknown_name_fails(runner):
    result = runner.invoke(main, ["actors", "lookup", "Nobody Atall"])
    assert result.exit_code == 1 and "no actor named" in result.output


@pytest.mark.parametrize(
    "text,mention,code",
    [
        ("Protesters attacked the French Embassy in Niamey.", "the French Embassy", "FRA"),
        ("The Houthis vowed to strike American interests.", "American interests", "USA"),
        (
            "The Russian minister hosted his Armenian and Azerbaijani counterparts.",
            "Azerbaijani counterparts",
            "AZEGOV",
        ),
    ],
)
def test_actors_words_for_the_country_itself(code_text, text, mention, code):
    assert code in _code_of(code_text(text, "2023-07-31"), mention)


def test_actors_country_fused_to_a_participle(code_text):
    coded = code_text("Russia vetoed a U.S.-drafted resolution on Tuesday.", "2018-04-11")
    us = [m for m in coded.mentions if m.code == "USA"]
    assert us and us[0].text == "U.S." and coded.article.body[us[0].start : us[0].end] == "U.S."
    assert any((e.source.code, e.target.code, e.root) == ("RUS", "USA", "12") for e in coded.events)


def test_actors_the_two_leaders_are_the_two_named_together(code_text):
    coded = code_text(
        "Kenyan President William Ruto and Tanzanian President Samia Suluhu Hassan met in Arusha on "
        "Monday. Rwandan President Paul Kagame sent an envoy. The two leaders agreed to reopen two "
        "border posts.",
        "2023-10-02",
    )
    group = next(m for m in coded.mentions if m.text == "The two leaders")
    assert group.code in ("KENGOV", "TZAGOV")
    got = {(e.source.code, e.target.code) for e in coded.events if e.sentence.startswith("The two leaders")}
    assert got and got <= {("KENGOV", "TZAGOV"), ("TZAGOV", "KENGOV")}


@pytest.mark.parametrize(
    "text,date,mention,code",
    [
        (
            "Burkina Faso's military-led government expelled two French diplomats on Thursday.",
            "2023-12-01",
            "government",
            "BFAGOV",
        ),
        ("Israel struck a Syrian air base near Homs overnight.", "2023-04-02", "air base", "SYRMIL"),
        (
            "TBILISI, Georgia — Riot police detained dozens of young protesters on Sunday.",
            "2024-05-12",
            "protesters",
            "GEOCVL",
        ),
    ],
)
def test_actors_modifiers_and_military_sites(code_text, text, date, mention, code):
    assert _code_of(code_text(text, date), mention) == [code]


def test_actors_no_actor_for_an_adjective_on_an_event_noun(code_text):
    coded = code_text("The president pledged to widen the military campaign against the insurgents.", "2022-10-30")
    assert not _code_of(coded, "military")
    assert not [e for e in coded.events if e.root == "19" and e.modality == "asserted"]


def test_actors_once_called_former_a_surname_gets_no_grace(code_text):
    coded = code_text(
        "Supporters of former President Jair Bolsonaro rallied on Sunday. Bolsonaro thanked them.", "2023-01-09"
    )
    assert set(_code_of(coded, "Bolsonaro")) == {"BRAELI"}


def test_actors_a_named_persons_title_is_not_shared_with_a_country_before_it(code_text):
    coded = code_text(
        "U.S. President Joe Biden offered sympathy to Japan, and Australian Prime Minister Anthony Albanese "
        "ordered flags flown at half-staff.",
        "2022-07-09",
    )
    assert _code_of(coded, "Japan") == ["JPN"]


def test_actors_a_leaders_army_is_his_own_country_s(code_text):
    coded = code_text(
        "Chadian troops launched an offensive against the militants on Sunday. Nigerian President "
        "Muhammadu Buhari vowed on Tuesday that the army would recapture each village.",
        "2021-03-09",
    )
    assert _code_of(coded, "the army") == ["NGAMIL"]


def test_actors_no_actor_inside_a_compound_adjective(code_text):
    coded = code_text(
        "The Iranian president used his first in-person speech at the forum to accuse the "
        "United States of going back on its word.",
        "2022-09-22",
    )
    assert not _code_of(coded, "person")


@pytest.mark.parametrize(
    "text,mention,code",
    [
        # an unnamed group is of the place it is in, not of the subject's country
        ("Russian warplanes bombed rebel positions in Idlib on Friday.", "rebel", "SYRREB"),
        ("A Russian missile attack on Kyiv killed three people on Monday.", "three people", "UKRCVL"),
        ("Police in Lahore arrested dozens of protesters on Sunday.", "Police", "PAKCOP"),
        # troops are sent abroad, and a country's border is not inside it
        ("The Turkish defense minister visited troops in Libya on Saturday.", "troops", "TURMIL"),
        ("Russia has massed more than 100,000 troops near Ukraine's borders.", "troops", "RUSMIL"),
    ],
)
def test_actors_unnamed_groups_take_the_country_they_are_in(code_text, text, mention, code):
    assert _code_of(code_text(text, "2023-01-20"), mention) == [code]


def test_actors_a_demonym_names_the_attacker_of_an_attack_noun(code_text):
    coded = code_text("Israeli strikes killed 12 civilians in Gaza on Tuesday.", "2023-05-10")
    assert _code_of(coded, "Israeli") == ["ISR"]
    assert {(e.source.code, e.target.code, e.cameo) for e in coded.events} == {("ISR", "PSECVL", "195")}
    assert not _code_of(
        code_text("Iranian oil exports rose sharply in March, the ministry said.", "2023-05-10"), "Iranian"
    )


def test_actors_offices_that_only_touch_keep_their_titles():
    from dyads.actors.kb import Role, merge_roles

    day = dt.date.fromisoformat
    roles = merge_roles(
        [
            Role("XXXGOV", "Foreign Minister", day("2010-01-01"), day("2014-05-01")),
            Role("XXXGOV", "Prime Minister", day("2014-05-01"), None),
            Role("XXXGOV", "Prime Minister", day("2016-01-01"), day("2018-01-01")),
        ]
    )  # a second file
    assert [(r.title, r.start, r.end) for r in roles] == [
        ("Foreign Minister", day("2010-01-01"), day("2014-05-01")),
        ("Prime Minister", day("2014-05-01"), None),
    ]


def test_actors_names_listed_after_a_plural_title_are_not_its_holder(code_text):
    coded = code_text(
        "Sergei Lavrov, the Russian foreign minister, who hosted the Armenian and Azerbaijani "
        "counterparts of his, Zohrab Mnatsakanyan and Jeyhun Bayramov, appealed for calm.",
        "2020-10-10",
    )
    assert _code_of(coded, "Mnatsakanyan") == ["ARMGOV"] and _code_of(coded, "Bayramov") == ["AZEGOV"]
    hosted = {(e.source.code, e.target.code) for e in coded.events if e.cameo == "043"}
    assert hosted == {("RUSGOV", "ARMGOV"), ("RUSGOV", "AZEGOV")}


def test_actors_institutions_folder_is_read_with_the_main_file(tmp_path):
    import shutil

    from dyads.actors.kb import load_kb
    from dyads.paths import data_dir

    for name in ("countries.tsv", "roles.tsv"):
        shutil.copy(data_dir("actors", name), tmp_path / name)
    header = "text\tcode\tname\tstart\tend\n"
    (tmp_path / "institutions.tsv").write_text(header + "Ministry of Tides\tNORGOV\tMinistry of Tides\t\t\n")
    (tmp_path / "institutions").mkdir()
    (tmp_path / "institutions" / "groups.tsv").write_text(
        header + "Harbour Wolves|HW Gang\tHTICRM\tHarbour Wolves\t2019-03-01\t\n"
    )
    kb = load_kb(str(tmp_path))
    tides = kb.lexicon[("ministry", "of", "tides")]
    wolves = kb.lexicon[("harbour", "wolves")]
    assert [e.key for e in tides] == ["NORGOV"]
    assert [(e.key, e.start, e.end) for e in wolves] == [("HTICRM", dt.date(2019, 3, 1), None)]
    assert [e.key for e in kb.lexicon[("hw", "gang")]] == ["HTICRM"]


@pytest.mark.parametrize(
    "text,name,code",
    [
        # the organization in the apposition decides, with its country
        ("Mary Wanjiku, a senior fellow at the Heritage Foundation, said the plan was late.", "Mary Wanjiku", "USANGO"),
        (
            "Tomas Varga, an economist at Keystone Capital Partners in Warsaw, said prices would rise.",
            "Tomas Varga",
            "POLBUS",
        ),
        (
            "Priya Raman, a professor of politics at the University of Nairobi, said the vote was fair.",
            "Priya Raman",
            "KENEDU",
        ),
        # the occupation before the name, with a demonym
        ("American energy consultant Dale Hutton said the bill was high.", "Dale Hutton", "USABUS"),
        # a former office and nothing current: an elite
        (
            "Sudan's army took the town. Omar Bakri, a former army commander, said it was a trap.",
            "Omar Bakri",
            "SDNELI",
        ),
    ],
)
def test_actors_people_the_kb_does_not_know_take_their_affiliation(code_text, text, name, code):
    assert _code_of(code_text(text, "2021-06-15"), name) == [code]


def test_actors_a_quoted_unknown_person_in_a_country_story_is_a_civilian(code_text):
    coded = code_text(
        "Sudan's army retook the town of Tawila on Monday. Amina Yusuf, a mother of four, said she fled on foot. "
        "Yusuf said the shelling lasted two days.",
        "2024-06-15",
    )
    assert _code_of(coded, "Yusuf") == ["SDNCVL", "SDNCVL"]


def test_actors_an_unknown_name_that_only_acts_gets_no_default_role(code_text):
    coded = code_text(
        "Sudan's army retook the town of Tawila. Later, Hassan Idris was arrested by police.", "2024-06-15"
    )
    assert not _code_of(coded, "Hassan Idris")


def test_actors_a_persons_relative_is_a_civilian_of_their_country(code_text):
    coded = code_text("Jimmy Lai's son met lawmakers in Washington on Tuesday.", "2023-05-01")
    assert _code_of(coded, "son") == ["HKGCVL"]
    assert [(e.source.code, e.target.code) for e in coded.events] == [("HKGCVL", "USALEG")]


def test_actors_a_pronoun_in_a_quote_is_not_its_own_speaker(code_text):
    coded = code_text(
        'Okan Demir, an analyst at Bosphorus Partners, said markets were calm. "The president may defy '
        'Washington again, and he will pay for it," Demir said.',
        "2021-06-15",
    )
    assert not [m for m in coded.mentions if m.text == "he" and m.name == "Okan Demir"]


def test_actors_a_list_of_demonyms_shares_the_last_noun(code_text):
    coded = code_text("The envoy was criticized by British, French, Chinese and Mexican representatives.", "2021-06-15")
    assert [m.code for m in coded.mentions][1:] == ["GBRGOV", "FRAGOV", "CHNGOV", "MEXGOV"]
    coded = code_text("In Syria, Turkish and Russian jets struck targets.", "2021-06-15")
    assert _code_of(coded, "Syria") == ["SYR"]  # a place before the list is not a member


def test_actors_a_demonym_on_a_proposal_names_the_state(code_text):
    coded = code_text("Moscow welcomed a Chinese and Russian proposal to ease sanctions.", "2021-06-15")
    assert _code_of(coded, "Chinese") == ["CHN"] and _code_of(coded, "Russian") == ["RUS"]


def test_actors_congress_and_the_senate_in_a_story_abroad_are_american(code_text):
    coded = code_text(
        "Turkey bought Russian missiles. Washington warned Ankara. Turkish officials said Congress and the "
        "administration would decide. The Senate may vote.",
        "2019-12-11",
    )
    assert _code_of(coded, "Congress") == ["USALEG"]
    assert _code_of(coded, "the administration") == ["USAGOV"]
    assert _code_of(coded, "Senate") == ["USALEG"]
    coded = code_text("Colombia's president met lawmakers. Congress will vote on the budget.", "2019-12-11")
    assert _code_of(coded, "Congress") == ["COLLEG"]  # its own congress


def test_actors_a_former_official_of_a_named_agency_is_an_elite(code_text):
    coded = code_text("Ana Ruiz, a former State Department official, said the talks would fail.", "2021-06-15")
    assert _code_of(coded, "State Department") == ["USAELI"]


def test_actors_the_islamist_militants_and_the_terror_group_are_the_group_named_before(code_text):
    coded = code_text(
        "Al-Shabab fighters attacked a base in Lamu. Police are still hunting the Islamist militants. "
        "The terror group often targets buses.",
        "2020-02-17",
    )
    assert _code_of(coded, "Islamist militants") == ["SOMREB"]
    assert _code_of(coded, "terror group") == ["SOMREB"]
    coded = code_text("Paris keeps soldiers in Mali who battle Islamist militants.", "2020-02-17")
    assert _code_of(coded, "Islamist militants") != ["FRAREB"]  # a bare plural names no group
