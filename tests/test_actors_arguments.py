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
