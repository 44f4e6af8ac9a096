"""Clean pages without losing text (issue 13, item 4), normalization as a property, and linear-time cleaning.

The pages are written for these tests: their real paragraphs use the words that page
furniture uses (subscription, newsletter, per week, copyright, cookie, share, home),
and every one of them must survive; every line of furniture must go.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyads.model import Document
from dyads.read import base, boilerplate, extract, feeds, normalize, warc
from dyads.read.extract import clean_text, extract_article
from dyads.settings import Settings

REAL = [
    "Copyright disputes between the two countries' film studios escalated on Tuesday, when Lindoria's trade "
    "ministry filed a complaint against Varessa at the regional trade court.",
    "PORT ALDEN, Lindoria — The government said on Monday it would cut the subscription fee for public "
    "broadcasting by half, a move the opposition called a bribe before the election.",
    "Farmers in the north now earn about $40 per week less than a year ago, the agriculture minister told "
    "parliament, blaming the drought and the closed border with Varessa.",
    "The ministry's weekly newsletter had claimed that the army withdrew from the border town, a claim that "
    "the defence minister denied in a statement on Wednesday.",
    "Regulators said the company's cookie consent banners broke the privacy law and fined it 2 million euros.",
    "Share prices in Port Alden fell sharply after the central bank raised its main rate, traders said.",
    "Home to 40,000 refugees, the camp near the border has run short of water since March, aid workers said.",
    "Subscribers to the state telecom company lost service for six hours on Friday after a cyberattack that the "
    "interior minister blamed on a group based in Varessa.",
    "Read more about the ceasefire terms was not an option for the reporters, who were barred from the talks "
    "and waited outside the palace until midnight.",
]
FURNITURE = [
    "Skip to main content",
    "Home | World | Politics | Business | Opinion",
    "Home > World > Europe",
    "Home World Politics Business Sport",
    "Share this article",
    "Share on Facebook",
    "Advertisement",
    "Subscribe to our newsletter for the latest headlines in your inbox every morning.",
    "Only $1 a week for unlimited digital access. Cancel anytime.",
    "Sign up for our free daily briefing newsletter",
    "Already a subscriber? Log in to your account",
    "We use cookies to improve your experience. By continuing to browse, you accept our cookie policy.",
    "Copyright 2024 The Lindoria Ledger. All rights reserved.",
    "© 2024 Port Alden Media Group",
    "Most read",
    "Follow us on Twitter",
]


def _page(lines: list[str]) -> str:
    return "\n\n".join(lines)


def test_boilerplate_real_paragraphs_survive_and_furniture_goes():
    page = _page(["Talks on the border resume in Port Alden", FURNITURE[0], FURNITURE[1], *REAL[:4]])
    page += "\n\n" + _page(FURNITURE[2:9] + REAL[4:] + FURNITURE[9:])
    body = clean_text(page).body
    lost = [p for p in REAL if p not in body]
    kept = [f for f in FURNITURE if f in body]
    assert lost == []
    assert kept == []


def test_boilerplate_html_page_keeps_every_paragraph():
    paras = "".join(f"<p>{p}</p>" for p in REAL)
    html = (
        "<html><head><title>Border talks</title></head><body>"
        '<a href="#main">Skip to main content</a><nav><a href="/">Home</a> | <a href="/w">World</a></nav>'
        f"<article><h1>Talks on the border resume in Port Alden</h1>{paras}"
        "<p>Subscribe to our newsletter for the latest headlines in your inbox every morning.</p></article>"
        "<footer><p>Copyright 2024 The Lindoria Ledger. All rights reserved.</p></footer></body></html>"
    )
    article = extract_article(Document(id="p", html=html), Settings(check_language=False))
    assert not isinstance(article, type(None))
    body = article.body  # type: ignore[union-attr]
    assert [p for p in REAL if p not in body] == []
    assert "Skip to main content" not in body and "newsletter for the latest" not in body
    assert "All rights reserved" not in body


def test_boilerplate_related_list_goes_until_the_next_paragraph():
    page = _page([REAL[0], "Related stories\nQuota row deepens\nMinister resigns over fishing deal", REAL[1]])
    body = clean_text(page).body
    assert "Quota row" not in body and "Minister resigns" not in body
    assert REAL[0] in body and REAL[1] in body


def test_boilerplate_a_short_line_repeated_three_times_goes():
    page = _page([REAL[0], "Lindoria Ledger", REAL[1], "Lindoria Ledger", REAL[2], "Lindoria Ledger"])
    body = clean_text(page).body
    assert "Lindoria Ledger" not in body and all(p in body for p in REAL[:3])


# --- normalization: the same story with invisible characters codes the same events ----------------

STORY = (
    "Ministers agree on river pact\n\n"
    "The foreign minister of Peru met the foreign minister of Bolivia in La Paz on Tuesday. "
    "Peru accused Bolivia of delaying the river agreement. Bolivia rejected the proposal from Peru."
)
_INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202c", "\u2066", "\u2069"]
_SPACES = ["\u00a0", "\u2009", "\u202f", "\u2007", "\u3000"]


def _events(pipeline, text: str):  # type: ignore[no-untyped-def]
    coded = next(iter(pipeline.code_documents([Document(id="s", text=text, published="2021-03-02")])))
    return [(e.source.code, e.target.code, e.cameo, e.modality) for e in coded.events]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_boilerplate_invisible_characters_code_the_same_events(pipeline, data):
    base_events = _events(pipeline, STORY)
    assert base_events, "the story must code events for the property to mean something"
    chars = list(STORY)
    positions = data.draw(st.lists(st.integers(0, len(chars)), max_size=25, unique=True))
    for pos in sorted(positions, reverse=True):
        chars.insert(pos, data.draw(st.sampled_from(_INVISIBLE)))
    text = "".join(chars)
    if data.draw(st.booleans()):  # spaces folded too: every space becomes another kind of space
        text = "".join(data.draw(st.sampled_from(_SPACES)) if c == " " else c for c in text)
    assert _events(pipeline, text) == base_events


# --- linear time ------------------------------------------------------------------------------------


def _patterns() -> list[re.Pattern]:
    found = []
    for module in (base, boilerplate, extract, feeds, normalize, warc):
        found += [v for v in vars(module).values() if isinstance(v, re.Pattern)]
    return found


_ADVERSARIAL = [
    "Home > ",
    "cookie ",
    "AAAA ",
    "A",
    "<",
    "<meta ",
    " ",
    "a-",
    "TEHRAN, ",
    "1/",
    "\n",
    "&lt;p ",
]


def _seconds(func, arg) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        func(arg)
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.parametrize("unit", _ADVERSARIAL)
def test_boilerplate_cleaning_is_near_linear(unit):
    """A complexity check, not a speed test: 16 times the input may cost at most 128 times the time,
    a growth exponent under 1.75 (quadratic would cost 256 times, cubic 4,096). Every regex of the read
    stage is tried with search(), and clean_text; times under 50 ms at the larger size are too small
    to judge on a busy machine."""
    small, large = unit * 4_000, unit * 64_000
    checks = [(p.search, p) for p in _patterns()] + [(clean_text, None)]
    for func, pattern in checks:
        if pattern is not None and isinstance(pattern.pattern, bytes):
            a, b = small.encode(), large.encode()
        else:
            a, b = small, large
        t_large = _seconds(func, b)
        if t_large < 0.05:
            continue
        t_small = _seconds(func, a)
        assert t_large <= 128 * max(t_small, 1e-3), (
            pattern.pattern if pattern else "clean_text",
            unit,
            t_small,
            t_large,
        )
