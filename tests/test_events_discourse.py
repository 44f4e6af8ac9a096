"""Events whose other party the clause leaves to the discourse (issue 12): responses to an earlier
request, offer or accusation, refusals, labels on things an actor owns, blame pinned on someone.
Sentences written for these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.root) for e in coded.events if e.modality == "asserted"}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Vietnam asked Japan for a loan to rebuild the port. Japan denied the request.", ("JPN", "VNM", "12")),
        ("Uganda's highest court rejected Kenya's request to delay the trial.", ("UGAJUD", "KEN", "12")),
        ("Ethiopia turned down Sudan's proposal for a joint border force.", ("ETH", "SDN", "12")),
    ],
)
def test_a_rejected_request_targets_the_one_who_asked(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Peru blamed last week's bombing in Lima on Bolivian rebels.", ("PER", "BOLREB", "11")),
        ("Nigeria blamed the attack on Boko Haram.", ("NGA", "NGAREB", "11")),
    ],
)
def test_blaming_an_act_on_someone_accuses_them(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The Kenyan judge rejected a Chinese request for more time.", ("KENJUD", "CHN", "12")),
        (
            "Norway pressed Sudan on Monday to end the fighting, while Khartoum spurned its proposal for a "
            "ceasefire meeting.",
            ("SDN", "NOR", "12"),
        ),
    ],
)
def test_an_asker_named_by_a_demonym_or_a_possessive_pronoun(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The Chinese delegation proposed a minimum price, but the French government refused.",
            ("FRAGOV", "CHNGOV", "12"),
        ),
        ("Colombia asked Venezuela to hand over the suspects. Venezuela refused.", ("VEN", "COL", "12")),
    ],
)
def test_a_bare_refusal_is_aimed_at_the_party_that_asked(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


def test_a_bare_refusal_with_no_asker_in_sight_is_not_coded(code_text):
    coded = code_text("Venezuela refused.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[2] == "12"}


def test_refusing_to_attend_a_hearing_rejects_the_court_named_before(code_text):
    coded = code_text(
        "Ghana took the boundary dispute to the International Tribunal for the Law of the Sea. "
        "Togo refused to attend the hearing.",
        "2024-06-15",
    )
    assert ("TGO", "IGOUNO", "12") in _asserted(coded)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "A Peruvian court sentenced the journalist to five years in prison on Monday. "
            'The Peruvian opposition called the ruling "arbitrary."',
            ("PEROPP", "PERJUD", "11"),
        ),
        (
            "Armed members of a Honduran gang escaped from the prison in Tela on Tuesday. "
            "The Honduran security minister described the jailbreak as shameful.",
            ("HNDGOV", "HNDCRM", "11"),
        ),
    ],
)
def test_a_condemning_label_on_a_thing_an_actor_owns_targets_the_owner(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Peru accused Bolivia of arming the rebels. Bolivian officials described the allegations as fabricated.",
            ("BOLGOV", "PER", "01"),
        ),
        ("Bolivian officials described the Peruvian allegations as lies.", ("BOLGOV", "PER", "01")),
    ],
)
def test_calling_an_accusation_baseless_denies_it(code_text, text, expected):
    events = _asserted(code_text(text, "2024-06-15"))
    assert expected in events
    assert not {e for e in events if e[0] == "BOLGOV" and e[2] == "11"}


def test_a_bare_refusal_by_the_people_asked_in_the_sentence_before(code_text):
    coded = code_text("Syrian officials offered money to Syrian civilians who had fled. The civilians refused.")
    assert ("SYRCVL", "SYRGOV", "12") in _asserted(coded)


def _count(coded, root):
    return sum(1 for e in coded.events if e.modality == "asserted" and e.root == root)


def test_a_criticism_told_again_in_the_same_words_is_one_event(code_text):
    coded = code_text(
        "Chile criticized Argentina over the new border fees. The fees took effect in March. "
        "In a statement, Chile criticized Argentina over the fees.",
        None,
    )
    assert _count(coded, "11") == 1


def test_a_criticism_made_again_is_a_new_event(code_text):
    coded = code_text(
        "Chile criticized Argentina over the new border fees. The fees took effect in March. "
        "In a statement, Chile again criticized Argentina over the fees.",
        None,
    )
    assert _count(coded, "11") == 2


def test_denying_that_answers_the_latest_accusation_against_the_denier(code_text):
    coded = code_text("Peru's army said Bolivian troops had shelled border posts overnight. La Paz denied that.")
    assert ("BOL", "PERMIL", "01") in _asserted(coded)


def test_denying_that_with_no_accusation_before_is_not_coded(code_text):
    coded = code_text("Peru and Bolivia held talks on Monday. La Paz denied that.")
    assert not {e for e in _asserted(coded) if e[2] == "01"}


def test_refusing_to_comply_with_an_order_rejects_whoever_gave_it(code_text):
    coded = code_text("Kenyan police ordered the protesters to leave the square. The protesters refused to comply.")
    assert ("KENCVL", "KENCOP", "12") in _asserted(coded)


def test_a_participle_refusing_to_attend_a_hearing(code_text):
    coded = code_text(
        "The International Court of Justice opened the case on Monday. Togo stayed away, refusing to attend the hearing."
    )
    assert ("TGO", "IGOUNO", "12") in _asserted(coded)


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "A Peruvian court sentenced the journalist Luis Rojas to five years in prison on Monday. "
            "Amnesty International condemned the ruling.",
            ("NGO", "PERJUD", "11"),
        ),
        (
            "Gang members escaped from the Honduran prison in Tela on Tuesday. "
            "The Honduran president condemned the jailbreak.",
            ("HNDGOV", "HNDCRM", "11"),
        ),
    ],
)
def test_a_reaction_to_a_thing_an_actor_owns_targets_the_owner(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


def test_a_request_filed_about_a_hearing_appeals_to_the_court_named_before(code_text):
    coded = code_text(
        "The International Court of Justice opened the case on Monday. "
        "Togo had filed several requests for the hearing to be delayed."
    )
    assert ("TGO", "IGOUNO", "02") in _asserted(coded)


def test_a_request_filed_for_something_else_is_no_appeal_to_the_court(code_text):
    coded = code_text("The court opened the case on Monday. Togo filed a request for asylum for the dissidents.")
    assert not {e for e in _asserted(coded) if e[2] == "02"}
