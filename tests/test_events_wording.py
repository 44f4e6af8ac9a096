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
        ("Nepal's army said it welcomed the Bhutanese initiative to clear the passes.", ("NPLMIL", "BTN", "051")),
        ("Cambodia rejected the Thai plan to close the border market.", ("KHM", "THA", "120")),
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


# -- trip: a visit told as the occasion of what the visitor said or did


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "The Thai foreign minister said rice exports would rise, speaking during a trip to Manila.",
            ("THAGOV", "PHL"),
        ),
        ("While on a visit to Accra, the Belgian king praised the new port.", ("BELGOV", "GHA")),
        ("On the sidelines of a visit to Bogota, the Swedish premier signed a forestry pact.", ("SWEGOV", "COL")),
        ("The Thai minister, speaking in Manila during a three-day visit, said exports would rise.", ("THAGOV", "PHL")),
    ],
)
def test_a_visit_told_as_an_occasion(code_text, text, expected):
    assert (*expected, "04") in _asserted(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The Canadian premier, who is in Seoul for talks, praised the shipyards.", ("CANGOV", "KORGOV")),
        ("The Canadian premier, in Seoul for a state visit, praised the shipyards.", ("CANGOV", "KOR")),
        ("During a stop in Seoul, the Canadian premier praised the shipyards.", ("CANGOV", "KOR")),
    ],
)
def test_a_stay_for_talks_or_a_visit(code_text, text, expected):
    codes = _asserted(code_text(text, "2024-06-15"))
    assert (*expected, "04") in codes
    assert len({c for c in codes if c[0] == expected[0] and c[2] == "04"}) == 1  # one visit, one host code


def test_pressing_for_a_visit_is_no_visit(code_text):
    codes = _codes(code_text("The Canadian premier pressed for a visit to Seoul.", "2024-06-15"))
    assert not {c for c in codes if c[2] == "042"}


def test_the_eve_of_a_visit_is_no_visit_yet(code_text):
    coded = code_text("On the eve of a visit to Bogota, the Swedish premier signed a forestry pact.", "2024-06-15")
    assert ("SWEGOV", "COL", "04") not in _asserted(coded)


def test_a_trip_retold_is_one_visit(code_text):
    coded = code_text(
        "The Thai foreign minister said during a visit to Manila on Monday that exports would rise. "
        "Speaking during his trip to Manila on Tuesday, the minister also praised the Philippine navy.",
        "2024-06-15",
    )
    visits = [e for e in coded.events if e.cameo == "042" and e.modality == "asserted"]
    assert [(e.source.code, e.target.code) for e in visits] == [("THAGOV", "PHL")]


def test_a_visit_made_again_is_a_second_visit(code_text):
    coded = code_text(
        "The Thai minister visited Manila in March and talked about trade. He visited Manila again in May for the summit.",
        "2024-06-15",
    )
    assert len([e for e in coded.events if e.cameo == "042" and e.modality == "asserted"]) == 2


# -- purchase: goods bought, told by their arrival or by the deal to buy them


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Lithuania took delivery of six howitzers from France on Monday.", ("LTU", "FRA", "062")),
        ("Bulgaria received its second batch of F-35s from the United States.", ("BGR", "USA", "062")),
        ("Morocco took delivery of 30,000 tonnes of Argentine wheat.", ("MAR", "ARG", "061")),
        ("Algeria signed a contract to acquire submarines from Germany.", ("DZA", "DEU", "0312")),
        ("Peru placed an order for 12 patrol helicopters from Italy.", ("PER", "ITA", "062")),
        ("Peru ordered 40 buses from Sweden.", ("PER", "SWE", "061")),
    ],
)
def test_a_purchase_told_by_delivery_or_deal(code_text, text, expected):
    assert expected in _codes(code_text(text, "2024-06-15"))


def test_ordering_a_release_is_no_purchase(code_text):
    coded = code_text("Peru ordered the release of detainees from Bolivia.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[2] == "06"}


def test_a_received_gift_is_no_purchase(code_text):
    coded = code_text("Malawi received a shipment of maize seed from Zambia.", "2024-06-15")
    assert not {e for e in _asserted(coded) if e[2] == "06"}


# -- host_country: talks or a summit hosted by a country


@pytest.mark.parametrize(
    "text,host,guests",
    [
        (
            "The summit, hosted by Rwanda, brought together Burundian and Congolese officials.",
            "RWA",
            ("BDIGOV", "CODGOV"),
        ),
        ("Serbian and Kosovar negotiators met in Brussels for talks hosted by Belgium.", "BEL", ("SRBGOV", "XKXGOV")),
        ("Talks between Armenia and Azerbaijan, hosted by Kazakhstan, ended on Friday.", "KAZ", ("ARM", "AZE")),
        (
            "The conference, which Indonesia hosted, was attended by Thai and Lao ministers.",
            "IDN",
            ("THAGOV", "LAOGOV"),
        ),
    ],
)
def test_a_gathering_hosted_by_a_country(code_text, text, host, guests):
    codes = _codes(code_text(text, "2024-06-15"))
    for guest in guests:
        assert (host, guest, "043") in codes
        assert (guest, host, "042") in codes


def test_a_dinner_hosted_is_no_gathering_of_parties(code_text):
    coded = code_text("The dinner, hosted by Rwanda, was attended by Burundian and Congolese officials.", "2024-06-15")
    assert not {e for e in _codes(coded) if e[2] in ("042", "043")}


# -- defied_call: a rejected request is the rejecter's answer, not the asker's told appeal


def test_a_rejected_request_codes_the_rejection_only(code_text):
    codes = _asserted(code_text("Tunisia rejected the Italian request for a joint patrol.", "2024-06-15"))
    assert ("TUN", "ITA", "12") in codes
    assert ("ITA", "TUN", "02") not in codes


@pytest.mark.parametrize(
    "text",
    [
        "Tunisia rejected a request that Italy made on Monday for a joint patrol.",
        "Tunisia rejected renewed calls by Italy to take back the migrants.",
    ],
)
def test_a_rejected_request_told_as_made_is_also_the_askers_appeal(code_text, text):
    codes = _asserted(code_text(text, "2024-06-15"))
    assert ("TUN", "ITA", "12") in codes
    assert ("ITA", "TUN", "02") in codes


def test_a_defied_call_is_still_the_callers_appeal(code_text):
    codes = _asserted(code_text("Tunisia ignored Italian calls to take back the migrants.", "2024-06-15"))
    assert ("ITA", "TUN", "02") in codes


def test_what_was_asked_may_name_an_actor_but_not_the_asker(code_text):
    codes = _asserted(code_text("Tunisia rejected an Italian request to extradite the banker.", "2024-06-15"))
    assert ("TUN", "ITA", "12") in codes


def test_hosting_the_talks_the_sentence_before_told(code_text):
    coded = code_text(
        "Sudanese and South Sudanese delegations arrived in Kampala on Sunday. Uganda is hosting the talks.",
        "2024-06-15",
    )
    codes = _codes(coded)
    assert ("UGA", "SDNGOV", "043") in codes
    assert ("UGA", "SSDGOV", "043") in codes


def test_hosting_the_talks_with_no_one_arriving_before_is_no_event(code_text):
    coded = code_text("Officials said the weather was mild on Sunday. Uganda is hosting the talks.", "2024-06-15")
    assert not {e for e in _codes(coded) if e[2] == "043"}
