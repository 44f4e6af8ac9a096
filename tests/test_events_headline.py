"""Headline events (dyads/events/headline.py): one act told in the title line and in the body is
one event, with the more precise actors."""

from __future__ import annotations

import pytest

from dyads.events.headline import is_title_case, merge, same_act, sentence_case, telegraphic
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


def test_title_case_detection_and_sentence_case_keep_length_and_names():
    names = frozenset({"ghana", "kenya", "shabab"})
    title = "Ghana Police Arrest Three Opposition Lawmakers After Protest"
    assert is_title_case(title) and not is_title_case("Ghana police arrest three opposition lawmakers")
    cased = sentence_case(title, names)
    assert cased == "Ghana police arrest three opposition lawmakers after protest"
    assert len(sentence_case("Kenya’s Offensive Against Al-Shabab Continues", names)) == len(
        "Kenya’s Offensive Against Al-Shabab Continues"
    )
    assert sentence_case("Kenya’s Offensive Against Al-Shabab Continues", names).startswith("Kenya’s offensive")
    assert "NATO" in sentence_case("Turkey Warns NATO Over Drills", names)


def test_a_title_case_headline_is_coded_from_its_sentence_cased_parse(code_text):
    title = "Ghana Police Arrest Three Opposition Lawmakers After Protest"
    coded = code_text(title + "\n\nThe statement gave no further details.", "2024-03-04", title=title)
    (event,) = [e for e in coded.events if e.modality == "asserted"]
    assert (event.source.code, event.target.code, event.root) == ("GHACOP", "GHAOPP", "17")
    body = coded.article.body
    assert event.sentence == title and body[event.source.start : event.source.end] == event.source.text
    assert event.source.text == "Ghana Police"  # the body's own letters, not the recased parse's


def test_telegraphic_headline_gets_articles_and_offsets_map_back():
    heads = frozenset({"expel", "recall", "urge"})
    names = frozenset({"chad", "german", "russia"})
    text, points = telegraphic("Chad expels German ambassador", heads, names, frozenset({"german"}))
    assert text == "Chad expels the German ambassador" and points == [12]
    # a name after the verb, or an article already there: unchanged
    assert telegraphic("Chad urges Russia to talk", heads, names)[0] == "Chad urges Russia to talk"
    assert telegraphic("Chad expels the envoy", heads, names)[0] == "Chad expels the envoy"


@pytest.mark.parametrize("title", ["Chad expels German ambassador", "Chad Expels German Ambassador"])
def test_a_telegraphic_headline_is_coded_once_with_body_offsets(code_text, title):
    coded = code_text(title + "\n\nThe statement gave no further details.", "2024-03-04", title=title)
    (event,) = [e for e in coded.events if e.modality == "asserted"]
    assert (event.source.code, event.target.code, event.cameo) == ("TCD", "DEUGOV", "161")
    body = coded.article.body
    assert event.sentence == title
    assert body[event.target.start : event.target.end] == event.target.text == title[12:]


def test_headlines_parsed_in_a_batch_code_as_when_parsed_one_by_one(sentence_pipeline):
    from dyads.events.headline import rewrite
    from dyads.model import Article, Document
    from dyads.nlp.parse import parse

    texts = [
        "Vietnam Condemns Chinese Coast Guard\n\nHANOI — Vietnam's foreign ministry on Monday condemned the "
        "Chinese coast guard for ramming a fishing boat.",
        "Ghana recalls envoy from Lome\n\nACCRA — Ghana recalled its ambassador to Togo on Friday.",
        "Talks resume in Geneva\n\nGENEVA — Negotiators met again on Thursday.",
    ]
    docs = [Document(id=str(i), text=t, published="2024-04-02") for i, t in enumerate(texts)]
    batched = list(sentence_pipeline.code_documents(docs))
    articles = [sentence_pipeline._extract(d) for d in docs]
    assert all(isinstance(a, Article) for a in articles)
    assert sum(rewrite(a, sentence_pipeline.kb, sentence_pipeline.verbs) is not None for a in articles) >= 2
    alone = [sentence_pipeline.code_parsed(a, d) for a, d in zip(articles, parse(sentence_pipeline.nlp, articles))]

    def told(coded):
        return [(e.source.code, e.target.code, e.cameo, e.start) for e in coded.events]

    assert [told(c) for c in batched] == [told(c) for c in alone]
    assert all(told(c) for c in batched[:2])  # the headlines' acts are coded
