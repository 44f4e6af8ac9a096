from __future__ import annotations

import pytest

from dyads.events.verbs import compile_pattern, load_cameo, load_verbs


def _events(coded, modality=None):
    return {
        (e.source.code, e.target.code, e.root, e.modality)
        for e in coded.events
        if modality is None or e.modality == modality
    }


def _asserted(coded):
    return {(s, t, r) for s, t, r, m in _events(coded) if m == "asserted"}


@pytest.mark.parametrize(
    "text,date,expected",
    [
        ("Iraq was attacked by Iran on Monday.", "2019-06-14", ("IRN", "IRQ", "19")),
        ("Russia condemned the United States on Monday.", "2019-06-14", ("RUS", "USA", "11")),
        ("Washington imposed fresh sanctions on Iran over its drone exports.", "2019-06-14", ("USA", "IRN", "16")),
        ("Iran accused Israel of sabotage at its nuclear site.", "2021-04-12", ("IRN", "ISR", "11")),
        (
            "Chinese President Xi Jinping hosted Brazilian President Luiz Inacio Lula da Silva in Beijing on Friday.",
            "2023-04-14",
            ("CHNGOV", "BRAGOV", "04"),
        ),
    ],
)
def test_events_subject_verb_object_and_passive(code_text, text, date, expected):
    assert expected in _asserted(code_text(text, date))


def test_events_coordinated_subjects_and_objects_give_one_event_each(code_text):
    coded = code_text("Germany and France condemned Russia and Belarus on Tuesday.", "2022-03-01")
    assert {("DEU", "RUS", "11"), ("DEU", "BLR", "11"), ("FRA", "RUS", "11"), ("FRA", "BLR", "11")} <= _asserted(coded)


def test_events_symmetric_verbs_code_both_directions(code_text):
    coded = code_text("Iran and Iraq signed a security agreement in Baghdad on Monday.", "2023-03-20")
    got = _asserted(coded)
    assert ("IRN", "IRQ", "05") in got and ("IRQ", "IRN", "05") in got


@pytest.mark.parametrize(
    "text,date,event,modality",
    [
        ("Iran did not attack Iraq.", "2019-06-14", ("IRN", "IRQ", "19"), "negated"),
        ("Will Russia invade Ukraine?", "2022-01-20", ("RUS", "UKR", "19"), "question"),
        (
            "Chinese President Xi Jinping will travel to Moscow on Thursday.",
            "2023-03-13",
            ("CHNGOV", "RUS", "04"),
            "intended",
        ),
        (
            "There were no plans for Iranian officials to meet American officials.",
            "2022-09-21",
            ("IRNGOV", "USAGOV", "04"),
            "negated",
        ),
        (
            "Asked whether Britain would allow Ukraine to strike Russia, officials declined to comment.",
            "2024-07-09",
            ("UKR", "RUS", "19"),
            "question",
        ),
    ],
)
def test_events_modality(code_text, text, date, event, modality):
    assert (*event, modality) in _events(code_text(text, date))
    assert event not in _asserted(code_text(text, date))


def test_events_conditional_threat_is_asserted_and_the_act_hypothetical(code_text):
    coded = code_text("If Hamas fires more rockets, Israel will strike Gaza again, the army said.", "2021-05-12")
    # the army speaks for its own side: the threat is the Israeli military's
    assert ("ISRMIL", "PSE", "13") in _asserted(coded)
    assert ("ISRMIL", "PSE", "19", "hypothetical") in _events(coded)


def test_events_promise_of_aid_is_an_expression_of_intent(code_text):
    coded = code_text("German Chancellor Olaf Scholz said Germany would send tanks to Ukraine.", "2023-01-25")
    assert ("DEUGOV", "UKR", "03") in _asserted(coded)


def test_events_accusation_is_not_the_act(code_text):
    coded = code_text("Iran accused Israel of attacking its embassy in Damascus.", "2024-04-02")
    got = _asserted(coded)
    assert ("IRN", "ISR", "11") in got
    assert not any(r in ("18", "19") for _, _, r in got)


def test_events_refusal_is_a_rejection_and_the_meeting_did_not_happen(code_text):
    coded = code_text("Iranian officials refused to meet American officials in Vienna on Monday.", "2021-06-14")
    assert ("IRNGOV", "USAGOV", "12") in _asserted(coded)
    assert ("IRNGOV", "USAGOV", "04") not in _asserted(coded)


@pytest.mark.parametrize(
    "text",
    [
        "France beat Argentina in the final on Sunday as Kylian Mbappe scored a hat-trick and the striker shot past the keeper.",
        "The senator attacked the proposal as wasteful during a committee hearing.",
        "Iranian officials praised the Iranian government.",
        "Iranian officials met senior Iranian officials in Tehran.",
    ],
)
def test_events_precision_guards(code_text, text):
    assert not _asserted(code_text(text, "2022-12-19"))


def test_events_carry_table_values_and_evidence(code_text):
    coded = code_text("Russian forces shelled Kharkiv on Tuesday, Ukrainian officials said.", "2022-03-01")
    cameo = load_cameo()
    assert coded.events
    for e in coded.events:
        row = cameo[e.cameo]
        assert (e.root, e.goldstein, e.quad_class, e.plover) == (row.root, row.goldstein, row.quad_class, row.plover)
        assert e.sentence in coded.article.body and coded.article.body[e.start : e.end].strip()
        assert 0.0 < e.confidence < 1.0 and e.coder == "dyads.rules.v2" and e.pattern


def test_events_dictionary_covers_every_root_with_enough_patterns():
    verbs = load_verbs()
    roots = {p.code[:2] for ps in verbs.by_head.values() for p in ps}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert len(verbs) >= 1500


@pytest.mark.parametrize(
    "line,words,xcomp,governor",
    [
        ("impose sanction on $target", {"sanction", "on"}, (), "on"),
        ("agree to meet with $target", {"with"}, ("meet",), "with"),
        ("accuse $target of", {"of"}, (), "accuse"),
        ("travel to $target", {"to"}, (), "to"),
    ],
)
def test_events_pattern_language(line, words, xcomp, governor):
    p = compile_pattern("040", line)
    assert (set(p.words), p.xcomp, p.governor) == (words, xcomp, governor)


@pytest.mark.parametrize("line", ["meet", "meet $target $target", "$target meet"])
def test_events_pattern_language_rejects_malformed(line):
    from dyads.errors import KnowledgeError

    with pytest.raises(KnowledgeError):
        compile_pattern("040", line)


def test_events_mutual_objects_make_any_verb_symmetric(code_text):
    coded = code_text("India and China held talks in Moscow on Thursday.", "2020-09-11")
    got = _asserted(coded)
    assert ("IND", "CHN", "04") in got and ("CHN", "IND", "04") in got


def test_events_threatened_act_is_not_asserted(code_text):
    coded = code_text("Washington threatened to impose sanctions on Turkey.", "2019-10-10")
    got = _asserted(coded)
    assert ("USA", "TUR", "13") in got and ("USA", "TUR", "16") not in got


def test_events_past_tense_the_lemmatizer_misses(code_text):
    coded = code_text("Hong Kong protesters staged a protest against the government on Sunday.", "2019-06-16")
    assert any(e.pattern == "stage protest against $target" for e in coded.events)


def test_events_a_party_saying_the_other_side_used_force_accuses_it(code_text):
    coded = code_text(
        "Armenia's defense ministry said Azerbaijani troops had shelled border villages overnight.", "2020-10-12"
    )
    assert ("ARMGOV", "AZEMIL", "11") in _asserted(coded)


def test_events_relative_pronoun_subject(code_text):
    coded = code_text(
        "The talks were arranged by Russian President Vladimir Putin, who hosted Chinese President "
        "Xi Jinping at the Kremlin.",
        "2023-03-21",
    )
    assert ("RUSGOV", "CHNGOV", "04") in _asserted(coded)


def test_events_protest_without_a_target_is_against_the_own_government(code_text):
    coded = code_text("Thousands of Israelis marched through the streets on Sunday night.", "2023-03-27")
    events = [e for e in coded.events if e.root == "14"]
    assert events and (events[0].source.code, events[0].target.code) == ("ISRCVL", "ISRGOV")
    assert events[0].target.text is None  # implied: no span in the text


def test_events_an_occasion_told_twice_is_one_event(code_text):
    coded = code_text(
        "Donald Trump and Kim Jong Un held a summit in Hanoi that collapsed. "
        "Trump and Kim met for about two hours on Thursday.",
        "2019-02-28",
    )
    pairs = [(e.source.code, e.target.code) for e in coded.events if e.root == "04" and e.modality == "asserted"]
    assert sorted(pairs) == [("PRKGOV", "USAGOV"), ("USAGOV", "PRKGOV")]
    assert all(e.date == "2019-02-28" for e in coded.events if e.root == "04")


def test_events_a_protest_called_for_a_day_is_intended(code_text):
    coded = code_text(
        "Poland's opposition Law and Justice party has called a protest against the government in Warsaw for Thursday.",
        "2024-01-10",
    )
    assert any(e.root == "14" and e.modality == "intended" for e in coded.events)


def test_events_an_event_noun_points_at_every_actor_of_the_event(code_text):
    coded = code_text(
        "Israeli and Jordanian jets struck militant camps in southern Syria on Monday. "
        "Egypt condemned the strikes on Tuesday.",
        "2023-05-09",
    )
    got = _asserted(coded)
    assert ("EGY", "ISR", "11") in got and ("EGY", "JOR", "11") in got  # abroad: the states behind the jets


def test_events_a_pronoun_for_force_points_back_to_the_attack(code_text):
    coded = code_text(
        "Russian warplanes bombed rebel positions in Idlib on Friday. Turkey condemned them as a breach of the truce.",
        "2021-03-06",
    )
    assert any(s == "TUR" and t[:3] == "RUS" and r == "11" for s, t, r in _asserted(coded))


def test_events_a_second_verb_shares_the_first_ones_target(code_text):
    coded = code_text("The European Union summoned Russia's ambassador and threatened further sanctions.", "2022-02-22")
    assert ("IGOEUREEC", "RUSGOV", "13") in _asserted(coded)
    # not across a contrast, and not from a refusal
    coded = code_text(
        "Austria said it would not send troops to Moldova but could impose sanctions if Russia moved in.", "2022-03-01"
    )
    assert not [e for e in coded.events if e.target.code == "MDA" and e.root in ("13", "16")]


@pytest.mark.parametrize(
    "text,date,expected",
    [
        # the relative pronoun is the object: the person it stands for is the target
        (
            "CONAKRY, Guinea — The junta moved former President Alpha Conde, whom soldiers detained in September, "
            "to a house in the capital.",
            "2021-12-01",
            ("GINMIL", "GINELI", "17"),
        ),
        # the receiver of a grant made the passive subject
        (
            "Former Bolivian President Evo Morales, who had been given asylum by Mexico, landed in Mexico City.",
            "2019-11-13",
            ("MEX", "BOLELI", "07"),
        ),
    ],
)
def test_events_relative_and_passive_objects(code_text, text, date, expected):
    assert expected in _asserted(code_text(text, date))


@pytest.mark.parametrize(
    "text,date,code",
    [
        (
            "MOGADISHU, Somalia — A U.S. drone strike killed a senior al-Shabaab commander on Tuesday.",
            "2023-02-21",
            "195",
        ),
        (
            "Nigerian troops killed 12 Boko Haram fighters near the town of Bama on Sunday, the army said.",
            "2021-05-03",
            "190",
        ),
    ],
)
def test_events_killing_by_air_and_by_armed_forces_is_military_force(code_text, text, date, code):
    assert code in {e.cameo for e in code_text(text, date).events if e.root == "19"}


@pytest.mark.parametrize(
    "text,expected,absent",
    [
        ("Tehran said on Monday it would not cooperate with the U.N. inspectors.", ("IRN", "IGOUNO", "12"), None),
        (
            "India said it will not resume talks with Pakistan until Islamabad acts against militant groups.",
            ("IND", "PAK", "12"),
            ("IND", "PAK", "04"),
        ),
        # a third party's forecast and a condition are no rejection
        ("Analysts said Iran would not negotiate with Washington.", None, ("IRN", "USA", "12")),
        (
            "Erdogan said Turkey would not ratify the deal with Sweden if Stockholm failed to act.",
            None,
            ("TUR", "SWE", "12"),
        ),
    ],
)
def test_events_a_party_saying_it_will_not_cooperate_rejects(code_text, text, expected, absent):
    got = _asserted(code_text(text, "2023-01-01"))
    assert expected is None or expected in got
    assert absent is None or absent not in got


def test_events_a_purpose_clause_shares_its_acts_subject_and_mood(code_text):
    coded = code_text("Police fired tear gas to disperse protesters in Tehran on Monday.", "2023-03-22")
    assert ("IRNCOP", "IRNCVL", "17") in _asserted(coded)
    coded = code_text(
        "Ukraine's foreign ministry said it wished Beijing would use its sway to push Moscow to pull out its troops.",
        "2023-03-22",
    )
    assert not [e for e in coded.events if e.source.code[:3] == "CHN" and e.modality == "asserted"]


def test_events_a_present_tense_after_until_is_a_condition(code_text):
    coded = code_text(
        "India has said it will not restart talks until Pakistan cracks down on militant groups.", "2019-03-01"
    )
    assert not [e for e in coded.events if e.source.code == "PAK" and e.modality == "asserted"]
    coded = code_text(
        "Fighting continued for weeks until the rebels withdrew from Goma under a deal with Kinshasa.", "2012-12-01"
    )
    assert all(e.modality != "hypothetical" for e in coded.events)


def test_events_an_event_noun_as_a_relative_object_points_back(code_text):
    coded = code_text(
        "Turkish jets bombed Kurdish positions in northern Iraq on Monday. Baghdad summoned the Turkish "
        "envoy over the strikes, which it denounced as a violation of its sovereignty.",
        "2023-01-10",
    )
    assert any(s == "IRQ" and t[:3] == "TUR" and r == "11" for s, t, r in _asserted(coded))


def test_events_deterrence_is_a_show_of_force(code_text):
    coded = code_text(
        "BERLIN — NATO is moving 3,000 soldiers into Poland and Lithuania this year to deter Russia.", "2017-02-08"
    )
    assert ("IGOWSTNAT", "RUS", "15") in _asserted(coded)


@pytest.mark.parametrize(
    "text,date,expected",
    [
        pytest.param(
            "NAIROBI, Kenya — Police arrested ten students on Monday. President William Ruto criticized the "
            "arrests on Tuesday.",
            "2024-02-14",
            {("KENGOV", "KENCOP", "11")},
            id="at home a reaction targets the agency itself",
        ),
        pytest.param(
            "Japan and Australia agreed on Monday to keep their coast guards in close contact.",
            "2023-10-02",
            {("JPN", "AUS", "03"), ("AUS", "JPN", "03")},
            id="an agreement to act together is intent (03)",
        ),
        pytest.param(
            "Turkish Foreign Minister Hakan Fidan received his Iraqi and Jordanian counterparts in Ankara on Sunday.",
            "2024-03-17",
            {("TURGOV", "IRQGOV", "04"), ("TURGOV", "JORGOV", "04")},
            id="coordinated demonyms on one target noun",
        ),
        pytest.param(
            "NAIROBI, Kenya — Police made dozens of arrests after protesters stormed parliament on Tuesday.",
            "2024-06-26",
            {("KENCVL", "KENLEG", "14")},
            id="a subject the parser hung off 'after'",
        ),
        pytest.param(
            "Indian Prime Minister Narendra Modi thanked Japanese Prime Minister Fumio Kishida in a phone call "
            "on Friday.",
            "2023-06-10",
            {("INDGOV", "JPNGOV", "05"), ("INDGOV", "JPNGOV", "04")},
            id="a phone call is also a telephone discussion",
        ),
        pytest.param(
            "Indian and French navies began five days of drills in the Arabian Sea on Monday.",
            "2023-03-07",
            {("INDMIL", "FRAMIL", "06"), ("FRAMIL", "INDMIL", "06")},
            id="drills begun together",
        ),
        pytest.param(
            "China said it was ready to work with all countries, including India and Brazil.",
            "2023-06-10",
            {("CHN", "IND", "03"), ("CHN", "BRA", "03")},
            id="a target named as included",
        ),
    ],
)
def test_events_readings_beyond_one_pattern(code_text, text, date, expected):
    assert expected <= _asserted(code_text(text, date))
