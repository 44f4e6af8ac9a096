from __future__ import annotations

import pytest


def _quotes(coded):
    return [(q.text, q.speaker_name, q.speaker.code if q.speaker else None) for q in coded.quotes]


@pytest.mark.parametrize(
    "text,quote,speaker,code",
    [
        (
            '"We will not bow to pressure from anyone," Iranian President Hassan Rouhani said on Sunday.',
            "We will not bow to pressure from anyone",
            "Hassan Rouhani",
            "IRNGOV",
        ),
        (
            "German Chancellor Olaf Scholz said: “Germany will stand by Ukraine for as long as it takes.”",
            "Germany will stand by Ukraine for as long as it takes.",
            "Olaf Scholz",
            "DEUGOV",
        ),
        (
            "“The talks were frank and useful,” said Russian Foreign Minister Sergei Lavrov.",
            "The talks were frank and useful",
            "Sergei Lavrov",
            "RUSGOV",
        ),
        (
            '"They came at night and burned the market," said Amina Garba, a trader in the town.',
            "They came at night and burned the market",
            "Amina Garba",
            None,
        ),
    ],
)
def test_quotes_quote_first_and_quote_last(code_text, text, quote, speaker, code):
    got = _quotes(code_text(text, "2019-06-14"))
    assert got and got[0][0] == quote and got[0][1] == speaker
    if code:
        assert got[0][2] == code


def test_quotes_split_around_the_attribution_gives_two_quotes_one_speaker(code_text):
    text = (
        '"Canada is not trying to pick a fight with anyone," Canadian Prime Minister Justin Trudeau told '
        'reporters on Tuesday, "but a killing on our soil cannot be brushed aside."'
    )
    got = _quotes(code_text(text, "2023-09-19"))
    assert len(got) == 2 and {q[1] for q in got} == {"Justin Trudeau"}


def test_quotes_multi_sentence_quote_is_one_quote(code_text):
    text = (
        'President Hassan Rouhani spoke on state television. "The sanctions are behind us. Now our factories can '
        'hire again and our ports can trade," he said.'
    )
    got = _quotes(code_text(text, "2016-01-18"))
    assert len(got) == 1 and got[0][0].startswith("The sanctions") and got[0][1] == "Hassan Rouhani"


def test_quotes_pronoun_speaker_resolves_to_the_named_actor(code_text):
    text = (
        "Turkish Foreign Minister Mevlut Cavusoglu met his Greek counterpart on Monday. "
        '"We will never forget this gesture," he told reporters.'
    )
    got = _quotes(code_text(text, "2023-02-07"))
    assert got[0][1] in ("Mevlut Cavusoglu", "Mevlüt Çavuşoğlu") and got[0][2] == "TURGOV"


def test_quotes_according_to(code_text):
    text = '"The ceasefire is holding in most districts," according to the United Nations.'
    got = _quotes(code_text(text, "2021-05-22"))
    assert got and got[0][2] == "IGOUNO"


@pytest.mark.parametrize(
    "text",
    [
        'Officials called the deal a "turning point" for the region.',
        'He described the protesters as "terrorists" in a speech.',
    ],
)
def test_quotes_scare_quotes_are_not_quotes(code_text, text):
    assert _quotes(code_text(text, "2019-06-14")) == []


def test_quotes_spans_index_the_body(code_text):
    text = (
        '‘We will follow the facts,’ a Canadian official said. "Our investigators will go wherever the evidence '
        'leads them," Foreign Minister Melanie Joly said.'
    )
    coded = code_text(text, "2023-09-19")
    assert len(coded.quotes) == 2
    for q in coded.quotes:
        assert coded.article.body[q.start : q.end] == q.text


def test_quotes_events_inside_a_quote_link_to_it(code_text):
    text = '"Russia attacked Ukraine without any provocation," U.S. President Joe Biden said on Thursday.'
    coded = code_text(text, "2022-02-24")
    linked = [e for e in coded.events if e.quote is not None]
    assert linked
    for e in linked:
        q = coded.quotes[e.quote]
        assert q.start <= e.source.start and e.target.end <= q.end


@pytest.mark.parametrize(
    "text",
    [
        # a predicate whose subject is outside the marks
        'The mayor said Sunday the city "will reopen every school by the end of the month."',
        "The minister vowed to “rebuild the bridges before the rains arrive.”",
        # a noun phrase carried by the reporter's sentence
        "The envoy called the vote “a serious setback for everyone who wants a settlement.”",
        # titles of books, reports and laws
        'The court banned the novel "Rivers Of The Northern Plain" last year.',
        'Lawmakers amended the "Law on the Safety of Small Harbors" in March.',
        'The figures come from the "2023 Regional Fisheries Outlook Report" published in May.',
    ],
)
def test_quotes_fragments_and_titles_in_marks_are_not_quotes(code_text, text):
    assert _quotes(code_text(text, "2022-05-10")) == []


@pytest.mark.parametrize(
    "text,quote",
    [
        (
            'The governor told reporters that "there is no money left for the new hospital."',
            "there is no money left for the new hospital.",
        ),
        (
            'The mayor added that "our buses will run on time from Monday."',
            "our buses will run on time from Monday.",
        ),
    ],
)
def test_quotes_lowercase_quote_opening_with_a_clause_is_a_quote(code_text, text, quote):
    assert [q[0] for q in _quotes(code_text(text, "2022-05-10"))] == [quote]


def test_quotes_pronoun_chain_keeps_the_speaker_over_a_person_named_in_passing(code_text):
    text = (
        "Tomas Brenner, an adviser on trade, spoke on a radio program on Sunday. "
        "He said President Joe Biden's new duties on steel would cut imports. "
        '"We are ready for a long fight," he said.'
    )
    got = _quotes(code_text(text, "2022-05-10"))
    assert [q[1] for q in got] == ["Tomas Brenner"]


def test_quotes_a_pronoun_inside_a_quote_does_not_carry_the_chain(code_text):
    text = (
        "Archaeologist Maria Lopez spoke to reporters on Friday. "
        '"The chief knew he would lose, so the fort burned," she said. '
        '"The layers show it clearly," she said.'
    )
    got = _quotes(code_text(text, "2022-05-10"))
    assert [q[1] for q in got] == ["Maria Lopez", "Maria Lopez"]


@pytest.mark.parametrize(
    "text,speaker",
    [
        ('"Nobody has paid us since March," a ferry pilot told reporters.', "unnamed ferry pilot"),
        (
            'A nurse in Goma described the night of the attack. "We ran out of bandages by midnight," the nurse said.',
            "unnamed nurse in Goma",
        ),
        ('"We have nothing left to sell," lamented Amina Garba, a trader in the town.', "Amina Garba"),
        (
            'Canadian Foreign Minister Melanie Joly welcomed the deal, saying "this is a good day for the region."',
            "Melanie Joly",
        ),
        ('Ali Haidari said his novel was banned, saying "it broke no law at all."', "Ali Haidari"),
    ],
)
def test_quotes_unnamed_people_participles_and_more_speech_verbs(code_text, text, speaker):
    got = _quotes(code_text(text, "2023-09-19"))
    assert [q[1] for q in got] == [speaker]


def test_quotes_an_institution_spokesperson_without_a_name_is_unnamed(code_text):
    got = _quotes(
        code_text('"The visas were never revoked," a State Department spokesperson told reporters.', "2024-03-05")
    )
    assert [q[1] for q in got] == ["unnamed State Department spokesperson"]


def test_quotes_a_definite_title_takes_the_person_named_with_it_before(code_text):
    text = (
        "Jordanian foreign ministry spokesman Omar Haddad spoke to reporters in Amman on Monday. "
        "Talks on the border crossing resumed last week. "
        '"We reject any plan that closes the crossing," the Jordanian foreign ministry spokesman said.'
    )
    got = _quotes(code_text(text, "2024-03-05"))
    assert [q[1] for q in got] == ["Omar Haddad"]
