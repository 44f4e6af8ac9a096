from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyads.dates import resolve as dates


@pytest.mark.parametrize(
    "phrase,published,future,expected",
    [
        ("on Monday", "2016-01-18", False, "2016-01-18"),  # publication day is a Monday
        ("on Sunday", "2016-01-18", False, "2016-01-17"),
        ("Tuesday", "2016-01-18", False, "2016-01-12"),
        ("on Thursday", "2016-01-18", True, "2016-01-21"),
        ("next Monday", "2016-01-18", False, "2016-01-25"),
        ("last Monday", "2016-01-18", False, "2016-01-11"),
        ("yesterday", "2016-03-01", False, "2016-02-29"),
        ("two days ago", "2016-01-18", False, "2016-01-16"),
        ("a day after", "2016-01-18", False, "2016-01-19"),
        ("Oct. 7", "2015-10-20", False, "2015-10-07"),
        ("October 7, 2015", "2019-01-01", False, "2015-10-07"),
        ("7 October", "2015-10-20", False, "2015-10-07"),
        ("Dec. 30", "2016-01-02", False, "2015-12-30"),
        ("last week", "2016-01-18", False, None),
        ("earlier this month", "2016-01-18", False, None),
        ("in 2015", "2016-01-18", False, None),
        ("on Monday", None, False, None),
    ],
)
def test_dates_resolve(phrase, published, future, expected):
    assert dates.resolve(phrase, published, future=future) == expected


@given(st.text(max_size=60), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_dates_resolve_never_raises(text, day):
    result = dates.resolve(text, day.isoformat())
    assert result is None or dates.iso_date(result) == result


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2019-06-14T08:10:00Z", "2019-06-14"),
        ("2019-02-30", None),
        (None, None),
        ("no date", None),
        (dt.date(2020, 1, 2), "2020-01-02"),
    ],
)
def test_dates_iso_date(value, expected):
    assert dates.iso_date(value) == expected


def _dated(coded, root):
    return {e.date for e in coded.events if e.root == root}


@pytest.mark.parametrize(
    "text,published,root,expected",
    [
        # the clause's own date phrase
        ("Russia condemned the United States on Monday.", "2019-06-14", "11", {"2019-06-10"}),
        # a day after the main clause's day
        (
            "President Hassan Rouhani on Sunday praised the accord, a day after Washington imposed sanctions on Iran.",
            "2016-01-18",
            "16",
            {"2016-01-16"},
        ),
        # "comes two days after": a present-tense main clause is the article's own day
        (
            "The minister's trip comes two days after Norway criticized Russia over the arrests.",
            "2022-03-10",
            "11",
            {"2022-03-08"},
        ),
        # a past-tense main clause with no date of its own gives the act no day
        (
            "The talks ended two days after Norway criticized Russia over the arrests.",
            "2022-03-10",
            "11",
            {None},
        ),
        # the reporting clause dates the announced act
        (
            "Chancellor Olaf Scholz of Germany announced on Wednesday that Berlin would send tanks to Ukraine.",
            "2023-01-26",
            "03",
            {"2023-01-25"},
        ),
        # a deadline is not the day of the act
        (
            "European leaders gave Italian Prime Minister Matteo Renzi until Sunday to come up with a plan.",
            "2015-07-08",
            "13",
            {None},
        ),
        # "Tuesday's attack" dates the attack, not the blaming
        ("Paris blamed Malian troops for Tuesday's raid against the village.", "2017-04-07", "11", {None}),
        # vague spans give no day
        ("Russia criticized NATO last week.", "2019-06-14", "11", {None}),
    ],
)
def test_dates_of_events(code_text, text, published, root, expected):
    assert _dated(code_text(text, published), root) == expected


def test_dates_same_occasion_inherits_the_day(code_text):
    coded = code_text(
        "Chinese President Xi Jinping arrived in Moscow on Monday. That evening, Russian President "
        "Vladimir Putin praised China's peace plan.",
        "2023-03-22",
    )
    assert _dated(coded, "05") == {"2023-03-20"}
