"""Token-pass gates (dyads/events/gate.py) spare calls and never hide a match.

Each sentence below makes at least one token pass fire. Every pass is called at every token of
every sentence, gated or not: it may fire only where its gate admits the token."""

from __future__ import annotations

import pytest

from dyads.actors.mentions import find_mentions
from dyads.events.code import token_passes
from dyads.events.gate import Gate, gate_of

SENTENCES = (
    "The Brazilian president on Tuesday met visiting Portuguese Prime Minister Luis Montenegro in Brasilia.",
    "Al-Shabab claimed responsibility for the attack on Sunday.",
    "Beijing escalated its trade war with Washington on Friday.",
    "The Turkish president arrived in Baghdad for talks on Sunday.",
    "Tehran rejected a British request to release the tanker.",
    "Angola turned down a Namibian plea to share the dam's water.",
    "Fiji accepted a Samoan proposal to share the patrol boats.",
    "Latvia took delivery of four rocket launchers from Sweden.",
    "Chile received a second batch of frigates from Britain.",
    "The forum, hosted by Malaysia, brought together Cambodian and Vietnamese envoys.",
    "The Dutch king, who is in Jakarta for talks, opened a trade fair.",
    "Kuwait placed an order for 28 fighter jets from Italy.",
    "Hundreds of protesters gathered outside the Russian embassy in Warsaw to denounce the war.",
    "The Indian prime minister spoke by phone with the Japanese prime minister on Tuesday.",
    "Spain's foreign minister said Morocco must withdraw its troops from the border.",
    "Defence ministers of the Arab League gathered Sunday in Cairo as host country Egypt opened the session.",
    "The European Union unveiled a package for rebuilding Ukraine.",
    "Moscow called the Ukrainian allegations baseless.",
    "Pakistan said India had violated the ceasefire.",
    "Canada imposed tariffs on Chinese steel.",
    "Washington lifted sanctions on Venezuela.",
    "The Peruvian government withdrew the pension reform after weeks of protests.",
    "Demonstrations against the new mining law took place in Lusaka on Saturday.",
    "The Malian army said the gunmen were jihadists based in Burkina Faso.",
    "North Korea staged artillery drills aimed at South Korea.",
    "Turkish prosecutors alleged that the Swedish journalist spied for Greece.",
    "Israel ignored calls from France to halt the offensive.",
    "Spain called for Morocco to reopen the border crossings.",
    "Poland bought 250 tanks from the United States.",
    "Boko Haram fighters attacked a market in northern Nigeria.",
    "Amnesty International said Myanmar soldiers committed war crimes.",
    "The United States suspended aid to Niger after the coup.",
    "A Kenyan court ordered the government to halt the deployment.",
    "The Ecuadorian government imposed a curfew on three provinces.",
    "Kenyan and Somali troops launched a joint offensive against al-Shabab.",
    "Sri Lankan police fired tear gas to disperse thousands of students in Colombo.",
)


@pytest.fixture(scope="module")
def fired(pipeline):
    """Per pass: (gated, admitted) for every token where it returned a match."""
    first, extra = token_passes(pipeline.verbs, pipeline.kb)
    out: dict[str, list[tuple[bool, bool]]] = {name: [] for name, _ in (*first, *extra)}
    for doc in pipeline.nlp.pipe(SENTENCES):
        found = find_mentions(doc, pipeline.kb, "2024-05-10")
        by_token = {i: f for f in found for i in range(f.start, f.end)}
        for name, f in (*first, *extra):
            gate = gate_of(f)
            for tok in doc:
                if f(tok, by_token) is not None:
                    admitted = gate is None or gate.admits(tok.pos_, tok.dep_, tok.lemma_.lower(), tok.lower_)
                    out[name].append((gate is not None, admitted))
    return out


def test_every_token_pass_has_a_gate_and_fires_on_the_sentences(fired):
    silent = [name for name, hits in fired.items() if not hits]
    ungated = [name for name, hits in fired.items() if any(not gated for gated, _ in hits)]
    assert silent == []
    assert ungated == []


def test_a_gate_never_turns_away_a_token_its_pass_matches(fired):
    hidden = [name for name, hits in fired.items() if any(not admitted for _, admitted in hits)]
    assert hidden == []


def test_a_gate_reads_part_of_speech_label_and_word_forms():
    gate = Gate(pos=frozenset({"VERB"}), lemmas=frozenset({"stage"}), forms=True)
    assert gate.admits("VERB", "ROOT", "stage", "stages")
    assert gate.admits("VERB", "ROOT", "stag", "staged")  # the lemmatizer's miss, read off the word
    assert not gate.admits("NOUN", "dobj", "stage", "stage")
    assert not gate.admits("VERB", "ROOT", "hold", "held")
    clause = Gate(deps=frozenset({"ccomp"}))
    assert clause.admits("VERB", "ccomp", "go", "went")
    assert not clause.admits("VERB", "ROOT", "go", "went")
