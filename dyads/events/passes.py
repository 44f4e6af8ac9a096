"""Named event passes: the readings the coder tries, in the order it tries them, so that each
can be traced (`dyads eval --errors`) and switched off (`dyads eval --without PASS`).

Clause passes (one clause, one reading; the first that fits wins):

1. ``direct``: a dictionary pattern whose `$target` slot holds an actor ("X accused Y").
2. ``each_other``: a reciprocal object with a compound subject ("X and Y accused each other").
3. ``symmetric``: a joint act of a compound subject ("X and Y signed an accord").
4. ``loose``: the pattern's words are there, the one actor left in the clause is the target.
5. ``addressee``: a demand or appeal targets the subject of its complement clause.
6. ``implied_protest``: a public protest with no target is aimed at its own government.
7. ``accusation``: a party saying the other side used force accuses it (112).
8. ``anaphor``: an event noun as object stands for an earlier event's actors.
9. ``shared_target``: a coordinated verb with no target of its own shares the first's.
10. ``nominal`` (dyads.events.nominal): an event noun the text asserts, with its possessor,
    demonym, by/of/on/between phrases or a participle's ("sanctions imposed by X on Y"), from
    `data/verbs/nouns.yml`; merged with the verbs' matches in text order.

Event passes (applied to each coded event):

11. ``reporting``: an event inside a speech verb's content clause: the speaker's own side's act
    is theirs; another side's violence is the speaker's accusation (112).
12. ``refusal``: a party's own "will not" about a cooperative act is a rejection (12).
13. ``phone_call``: an act "in a phone call" is also a telephone discussion (041); so is telling
    someone something in a phone call (dyads.events.phone).
14. ``hosting``: hosting a foreign guest (043) is also the guest's visit (042).

Argument readings (dyads.events.arguments; they find a verb's subject, for every pass):

15. ``statement_content``: a participle after a statement noun has the issuer as subject
    ("issued a statement condemning X").
16. ``participle``: a participial adverbial clause shares its main clause's subject
    ("police fired tear gas, injuring dozens").
17. ``adjective_complement``: "was ready to help": the subject of the copula.

18. ``obligation`` (dyads.events.obligation): "X said Y must act" is X's demand on Y (10);
    "should", "needs to" an appeal (02); so is "X suggested that Y should act"; "X said talks
    with Y must continue" is X's intent to meet Y (036).
19. ``visiting`` (dyads.events.visiting): "X received the visiting Y" is Y's visit to X (042).
20. ``evaluation`` (dyads.events.evaluation): a condemning label ("called the ruling arbitrary",
    "described X's raid as barbaric") is a criticism (111) of the labelled actor or its owner.

21. ``trade_penalty`` (dyads.events.trade): a tariff, duty or sanction imposed, announced or raised
    on another's goods ("doubled the duty on Chinese cars") is a sanction (163) on that party.
22. ``wrongdoing`` (dyads.events.wrongdoing): "X said Y was defying / undermining / failing to ..."
    is X's accusation (112) of Y.
23. ``headline`` (dyads.events.headline): a Title Case or telegraphic headline is coded again from
    a fuller parse, and a headline event and the body's telling of the same act are one event
    with the more precise actors; off, a headline event is dropped when the body has its
    source, target, root and modality.

24. ``first_person`` (dyads.events.first_person): inside a direct quote, "I" and "we" as subject
    stand for the quote's speaker named outside it ("'We urge Lima to free them,' the ministry
    said").

25. ``ultimatum`` (dyads.events.ultimatum): a threat made on a condition another party must meet
    is aimed at that party; a condition it fails ("if ... did not", "unless") is an ultimatum (139).
26. ``or_else`` (dyads.events.ultimatum): a demand or an appeal that offers "or face sanctions"
    is also a threat (1312; 130 for other consequences).
27. ``claim`` (dyads.events.claim): claiming responsibility for an attack (015) is aimed at its
    victims: a participle's object ("for attacks targeting police"), else the targets of the
    latest earlier attack the article told ("claimed responsibility for the attack").
28. ``along_with`` (dyads.events.arguments): actors joined to a subject by "along with",
    "together with" or "alongside" are sources too ("The U.S., along with Britain, called ...").
29. ``harbouring`` (dyads.events.harbouring): a state party saying militants behind an attack are
    based in, or work with people in, another country ("said the bombers had handlers in X",
    "blamed the raid on militants based in X") accuses that host state (112).
30. ``show_of_force`` (dyads.events.display): a military display (drills, missile tests, warships
    sent near) is a demonstration of force (150) toward the party it is aimed at ("a show of force
    aimed at X", "to pressure X", "angering X", "near X's islands"); one modality for all.
31. ``trade_war`` (dyads.events.trade_war): escalating a trade war with X, or hitting X with a
    tariff or levy, is a sanction (163) on X; passing a bill targeting X threatens it (1312).
32. ``prosecution`` (dyads.events.prosecution): what a country's prosecutors say someone did
    ("prosecutors said X had recruited ...", "..., according to prosecutors") is the judiciary's
    accusation of a crime (1121) against the doer; not an international court's prosecutor.
33. ``defied_call`` (dyads.events.calls): "X defied calls by Y to ..." tells Y's appeal (02), or
    for a demand Y's demand (10), to X.
34. ``proposal_for`` (dyads.events.calls): "X's proposal for Y to ...", "X called for Y to ..."
    is X's appeal (02) to Y.
35. ``trip`` (dyads.events.occasions): "X said during a visit to Y" is X's visit to Y (042);
    "X arrived in Y for talks" a visit to Y's government.
36. ``host_country`` (dyads.events.occasions): "gathered in Z as host country Y ..." is Y's
    hosting (043) of those who gathered, and their visit (042).
37. ``purchase`` (dyads.events.purchase): "X bought Y's goods", "X purchased jets from Y" is X's
    material cooperation with Y (061; 062 for weapons).
38. ``discourse`` (dyads.events.responses): a response whose other party the clause leaves to
    the article: "rejected a Turkish request", "declined its offer" (120; "welcomed their
    proposal" 051) toward the asker; a bare refusal ("..., but Riga refused") toward the party
    that asked; refusing to attend a hearing toward the latest court named.
39. ``implied_civilians`` (dyads.events.civilians): rebels or criminals attacking a civilian
    place (a bus, hotel, market, village) with no actor as target use violence (180) against
    their country's civilians; "..., taking dozens hostage" adds hostage-taking (181).
40. ``abuses`` (dyads.events.abuses): a party saying another committed rights abuses or
    atrocities accuses it of human rights abuses (1122); of war crimes, 1124.
41. ``halted_aid`` (dyads.events.aid): cutting, freezing or ending aid to, for or with a party
    is reducing aid (162; 1622 military, 1623 humanitarian, 1621 economic).
42. ``court_order`` (dyads.events.court): a court ordering a party to act demands it (100) when
    the dictionary has no more precise reading; a court blocking or overturning a party's act
    ("blocked the government's plan") sanctions that party (172).
43. ``restrictions`` (dyads.events.restrictions): a state's curfew (1723), martial law or state
    of emergency (1724) on its own towns or districts, or a ban on its civilians doing something
    (172), with no actor named, restricts that country's civilians.
44. ``joint_operation`` (dyads.events.joint): "joint patrols by X and Y", "X and Y troops began
    joint drills", "X and Y forces jointly patrolled": military cooperation (062) each way.
45. ``aid_plan`` (dyads.events.aid_plan): "X unveiled a plan for supporting Y" is X's intent to
    provide aid (033) to Y.
    that asked; "denied that" toward the latest accuser of the denier; refusing to attend a
    hearing toward the latest court named.
46. ``easing`` (dyads.events.easing): lifting, suspending or relaxing a restriction, ban,
    sanction, embargo or curfew is yielding (08) to the party it weighs on: the one named on it
    (085 economic, else 081), a government's own civilians for its lockdown rules, the
    government for a court's blocking order; granting bail, parole or house arrest is a release
    (0841).
47. ``inquiry_body`` (dyads.events.arguments): "set up a commission to investigate X": the
    purpose clause of a created body has its creator as subject.
48. ``protest_site`` (dyads.events.protest_site): a crowd gathering at a foreign embassy or
    consulate demonstrates (141) against that country; an unnamed crowd is of the mission's city.
49. ``concession`` (dyads.events.concession): a government dropping a policy under protest
    ("shelved the reform, bowing to protests") accedes to the protesters (0832).
50. ``repression`` (dyads.events.repression): security forces using tear gas, rubber bullets or
    water cannon "to drive back" a crowd named only in the purpose or result repress it (175).
51. ``protest_place`` (dyads.events.protest_site): protests that erupt or continue in a place
    are its civilians' (141) against the party they are against, else their own government.
    hearing toward the latest court named, and a request filed about a hearing (020) too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

PASSES: tuple[str, ...] = (
    "direct",
    "each_other",
    "symmetric",
    "loose",
    "addressee",
    "implied_protest",
    "accusation",
    "anaphor",
    "shared_target",
    "nominal",
    "reporting",
    "refusal",
    "phone_call",
    "hosting",
    "statement_content",
    "participle",
    "adjective_complement",
    "obligation",
    "visiting",
    "evaluation",
    "trade_penalty",
    "wrongdoing",
    "headline",
    "first_person",
    "ultimatum",
    "or_else",
    "claim",
    "along_with",
    "harbouring",
    "show_of_force",
    "trade_war",
    "prosecution",
    "defied_call",
    "proposal_for",
    "trip",
    "host_country",
    "purchase",
    "discourse",
    "implied_civilians",
    "abuses",
    "halted_aid",
    "court_order",
    "restrictions",
    "joint_operation",
    "aid_plan",
    "easing",
    "inquiry_body",
    "protest_site",
    "concession",
    "repression",
    "protest_place",
)

_OFF: set[str] = set()
# (sentence start, source code, target code, cameo, modality) -> pass, while tracing
_TRACE: dict[tuple[int, str, str, str, str], str] | None = None


def on(name: str) -> bool:
    """Whether a pass runs (all do unless switched off for an ablation)."""
    return name not in _OFF


@contextmanager
def without(names: Iterable[str]) -> Iterator[None]:
    """Run the coder with these passes switched off (ValueError for an unknown name)."""
    names = set(names)
    unknown = names - set(PASSES)
    if unknown:
        raise ValueError(f"unknown pass {', '.join(sorted(unknown))}; passes: {', '.join(PASSES)}")
    saved = set(_OFF)
    _OFF.update(names)
    try:
        yield
    finally:
        _OFF.clear()
        _OFF.update(saved)


@contextmanager
def tracing() -> Iterator[dict[tuple[int, str, str, str, str], str]]:
    """Record which pass produced each event while the block runs."""
    global _TRACE
    saved = _TRACE
    _TRACE = {}
    try:
        yield _TRACE
    finally:
        _TRACE = saved


def record(start: int, source: str, target: str, cameo: str, modality: str, name: str) -> None:
    if _TRACE is not None:
        _TRACE.setdefault((start, source, target, cameo, modality), name)
