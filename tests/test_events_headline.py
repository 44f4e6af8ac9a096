"""Headline events (dyads/events/headline.py): one act told in the title line and in the body is
one event, with the more precise actors."""

from __future__ import annotations

from dyads.events.headline import merge, same_act
from dyads.model import ActorRef, Event


def _event(source: str, target: str, cameo: str = "111", modality: str = "asserted", start: int = 0) -> Event:
    return Event(
        source=ActorRef(code=source),
        target=ActorRef(code=target),
        cameo=cameo,
        root=cameo[:2],
        plover=None,
        goldstein=-2.0,
        quad_class=3,
        modality=modality,  # type: ignore[arg-type]
        start=start,
    )


def test_headline_country_merges_into_the_body_ministry():
    head = _event("TUR", "GRC", start=0)
    body = _event("TURGOV", "GRC", start=40)
    out = merge([head], [body])
    assert [(e.source.code, e.target.code, e.start) for e in out] == [("TURGOV", "GRC", 40)]


def test_headline_actor_more_precise_than_the_body_sharpens_the_body_event():
    head = _event("FRAGOV", "MLI", cameo="161", start=0)
    body = _event("FRA", "MLI", cameo="161", start=50)
    (out,) = merge([head], [body])
    assert (out.source.code, out.target.code, out.start) == ("FRAGOV", "MLI", 50)


def test_headline_event_the_body_does_not_tell_is_kept_once():
    head = _event("CHN", "JPN", cameo="130")
    body = _event("CHN", "JPN", cameo="111", start=30)
    assert len(merge([head], [body])) == 2
    assert len(merge([head], [])) == 1


def test_a_question_headline_is_not_the_body_statement():
    assert not same_act(_event("RUS", "UKR", "190", "question"), _event("RUS", "UKR", "190"))


def test_two_international_organizations_are_not_one_side():
    assert not same_act(_event("IGOUNO", "SYR"), _event("IGOEUREEC", "SYR"))
    assert same_act(_event("IGOUNO", "SYR"), _event("IGOUNOWHO", "SYR"))


def test_headline_and_body_of_a_story_give_one_event(code_text):
    text = (
        "Egypt condemns Ethiopia over dam\n\n"
        "CAIRO — Egypt's foreign ministry on Tuesday condemned Ethiopia for filling the reservoir "
        "of its new dam without an agreement."
    )
    coded = code_text(text, "2021-07-06", title="Egypt condemns Ethiopia over dam")
    told = [(e.source.code, e.target.code) for e in coded.events if e.root == "11" and e.modality == "asserted"]
    assert told == [("EGYGOV", "ETH")]
