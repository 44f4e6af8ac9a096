from __future__ import annotations

import pickle

import dyads
from dyads.model import ActorRef, Event


def test_api_all_is_explicit_and_importable():
    for name in dyads.__all__:
        assert getattr(dyads, name) is not None


def test_api_code_returns_model_objects(pipeline):
    coded = dyads.code("Turkish troops shelled Kurdish fighters near the Syrian border on Monday.", date="2019-10-16")
    assert isinstance(coded, dyads.Coded)
    assert coded.article.published == "2019-10-16"
    assert all(isinstance(m, dyads.Mention) for m in coded.mentions)


def test_api_records_pickle_and_hash():
    e = Event(
        source=ActorRef(code="IRN"),
        target=ActorRef(code="USA"),
        cameo="111",
        root="11",
        plover="ACCUSE",
        goldstein=-2.0,
        quad_class=3,
    )
    assert pickle.loads(pickle.dumps(e)) == e
    assert len({e, e}) == 1
