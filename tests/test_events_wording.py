"""Event passes read their construction, not one wording (issue 12): responses to an offer or
invitation, visits told as an occasion, purchases, hosting, defied calls. Sentences written for
these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.root) for e in coded.events if e.modality == "asserted"}


def _codes(coded):
    return {(e.source.code, e.target.code, e.cameo) for e in coded.events if e.modality == "asserted"}


# -- discourse: accepting, welcoming, declining what a party named by a demonym asked or offered


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Officials in Lusaka welcomed a Tanzanian offer to host the next round.", ("ZMBGOV", "TZA", "051")),
        ("The Malian junta accepted the Algerian invitation to the border talks.", ("MLIGOV", "DZA", "036")),
        ("Honduras accepted a Guatemalan proposal to reopen the crossing.", ("HND", "GTM", "080")),
        ("The Serbian government welcomed the Hungarian offer to mediate.", ("SRBGOV", "HUN", "038")),
        ("Paraguay turned down a Uruguayan request for the fugitive's papers.", ("PRY", "URY", "120")),
    ],
)
def test_a_response_to_what_a_demonym_asked(code_text, text, expected):
    assert expected in _codes(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Portugal invited Morocco to a summit in Porto. Rabat declined the invitation.", ("MAR", "PRT", "12")),
        ("Portugal invited Morocco to a summit in Porto, but Rabat turned down the invitation.", ("MAR", "PRT", "12")),
        ("Portugal invited Morocco to a summit in Porto. Rabat accepted the invitation.", ("MAR", "PRT", "03")),
    ],
)
def test_an_answer_to_the_invitation_targets_the_inviter(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


def test_accepting_ones_own_sides_proposal_is_no_response(code_text):
    coded = code_text("Honduras accepted the Honduran proposal to reopen the crossing.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[0][:3] == "HND" and e[1][:3] == "HND"}


def test_accepting_an_invitation_nobody_made_is_no_event(code_text):
    coded = code_text("Rabat accepted the invitation on Tuesday.", "2024-06-15")
    assert not _asserted(coded)
