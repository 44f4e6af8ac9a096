from __future__ import annotations

import pytest

from dyads.model import Article, Document, Rejected
from dyads.read.extract import clean_text, extract_article, find_dateline
from dyads.read.sources import decode_bytes, document_from_bytes, looks_like_html
from dyads.settings import Settings

S = Settings()
PAGE = """<!doctype html><html><head><title>Ministers meet | The Daily Ledger</title>
<meta property="article:published_time" content="2019-06-14T08:10:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="cookie">We use cookies. Accept all cookies</div>
<article><h1>Ministers meet in Oslo to revive fisheries pact</h1>
<p>OSLO, Norway — The foreign ministers of Norway and Iceland met on Thursday to revive a lapsed fisheries
agreement, officials in both capitals said, after two years of disputes over quotas in the North Atlantic.</p>
<p>"We have found common ground on the hardest questions," the Norwegian minister told reporters after the
talks, adding that a final text could be signed within weeks.</p></article>
<aside><h3>Related stories</h3><ul><li>Quota row deepens</li></ul></aside>
<footer>Subscribe for $1 a week. All rights reserved.</footer></body></html>"""


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Subscribe now for unlimited access",
        "Share this article",
        "Related stories",
        "Advertisement",
        "Sign up for our newsletter",
        "Subscribe for $9.99 a month",
        "Home | World | Politics | Business",
    ],
)
def test_extract_drops_boilerplate_lines(line):
    cleaned = clean_text(f"Talks resume\n\n{line}\n\nThe two governments resumed talks on Monday in Geneva.")
    assert line not in cleaned.body
    assert "resumed talks on Monday" in cleaned.body


@pytest.mark.parametrize(
    "line,date",
    [
        ("Published Oct. 7, 2015", "2015-10-07"),
        ("March 3, 2022 5:42 PM", "2022-03-03"),
        ("Updated: 2019-06-14 08:10 GMT", "2019-06-14"),
        ("By Jane Doe | 14 June 2019", "2019-06-14"),
    ],
)
def test_extract_reads_date_line(line, date):
    cleaned = clean_text(f"Envoys meet in Doha\n{line}\n\nDOHA, Qatar — Envoys met on Sunday to discuss a truce.")
    assert cleaned.published == date
    assert line not in cleaned.body


def test_extract_headline_stays_first_line_and_is_measured():
    cleaned = clean_text("Will Moscow join the coalition?\n\nThe two presidents met on Monday for talks.")
    assert cleaned.title == "Will Moscow join the coalition?"
    assert cleaned.body[: cleaned.headline_end] == "Will Moscow join the coalition?"


@pytest.mark.parametrize(
    "text,place",
    [
        ("TEHRAN, Iran — Iranian officials said on Monday", "TEHRAN, Iran"),
        ("UNITED NATIONS — The council voted", "UNITED NATIONS"),
        ("BEIRUT (Wire) — Lebanon's cabinet met", "BEIRUT"),
        ("Iran said on Monday - that talks would resume", None),
    ],
)
def test_extract_finds_dateline(text, place):
    found, start, end = find_dateline(text)
    assert found == place
    if place:
        assert start == 0 and text[end : end + 1].isalpha()


def test_extract_finds_dateline_after_a_standfirst():
    text = (
        "Embassies attacked\n\nCrowds stormed several missions.\n\nKINSHASA, Congo — Protesters set fires on Tuesday."
    )
    found, start, end = find_dateline(text, len("Embassies attacked"))
    assert found == "KINSHASA, Congo" and text[start:end].startswith("KINSHASA")


def test_extract_html_keeps_article_and_drops_page_furniture():
    doc = Document(id="page.html", html=PAGE)
    article = extract_article(doc, S)
    assert isinstance(article, Article)
    assert article.published == "2019-06-14"
    assert "Ministers meet" in (article.title or "")
    for wanted in ("foreign ministers of Norway and Iceland met on Thursday", "common ground"):
        assert wanted in article.body
    for unwanted in ("Accept all cookies", "Subscribe for $1", "Quota row deepens", "All rights reserved"):
        assert unwanted not in article.body
    assert article.dateline == "OSLO, Norway"


def test_extract_offsets_index_the_body():
    doc = Document(id="t", text="Truce holds\n\nGAZA CITY — Gunfire stopped on Sunday as a truce held.")
    article = extract_article(doc, S)
    assert isinstance(article, Article)
    assert article.body[article.dateline_end :].startswith("Gunfire")


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"%PDF-1.7 binary", "binary"),
        (b"abc\x00\x01def", "binary"),
        (b"The minister said \xff\xfe it was \xc3\x28 over.", "encoding"),
    ],
)
def test_ingest_rejects_bad_bytes(data, reason):
    result = decode_bytes("x", data, S)
    assert isinstance(result, Rejected) and result.reason == reason


def test_ingest_rejects_too_large():
    result = decode_bytes("x", b"word " * 100, Settings(max_bytes=100))
    assert isinstance(result, Rejected) and result.reason == "too-large"


def test_ingest_sniffs_html_by_content_not_extension():
    assert looks_like_html(PAGE)
    assert not looks_like_html("The minister said <b> was not a tag here.")
    doc = document_from_bytes("saved.txt", PAGE.encode(), S)
    assert isinstance(doc, Document) and doc.html is not None


@pytest.mark.parametrize(
    "doc,reason",
    [
        (Document(id="x", html="<html><body><nav>Home</nav></body></html>"), "no-body"),
        (Document(id="x", text="Too short."), "too-short"),
        (
            Document(
                id="x",
                text="Le ministre des affaires étrangères a rencontré son homologue allemand lundi à Paris "
                "pour discuter de la crise et des sanctions contre le régime.",
            ),
            "not-english",
        ),
    ],
)
def test_extract_rejects_with_reason(doc, reason):
    result = extract_article(doc, S)
    assert isinstance(result, Rejected) and result.reason == reason and result.stage == "extract"
