"""Where a token pass can start: a test on the token alone, read before the pass is called.

A token pass (dyads.events.passes) runs its own tests first: "a verb", "its lemma in
lexicon.yml's `easing_verbs`", "a content clause". Its gate states those same necessary
conditions as data, so that `match._matches` calls the pass only at tokens the gate admits and
answers once per (part of speech, dependency, lemma, word) in a document rather than once per
token (a `Router` remembers the answer per kind of token). The pass keeps its own tests: a gate
only spares calls. A gate must never hide a match;
tests/test_gates.py calls every pass at every token its gate turns away and expects None.

    @gated(pos=VERBAL, lists=("easing_verbs", "granting_verbs"))
    def easing(verb, by_token, kb): ...
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Any, TypeVar

from dyads.events.lexicon import words

VERBAL = frozenset({"VERB", "AUX"})

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Gate:
    """Necessary conditions on one token; an empty field admits anything."""

    pos: frozenset[str] = frozenset()  # the token's part of speech is one of these
    deps: frozenset[str] = frozenset()  # its dependency label is one of these
    lists: tuple[str, ...] = ()  # its lemma is in one of these lexicon.yml lists ...
    lemmas: frozenset[str] = field(default_factory=frozenset)  # ... or one of these
    forms: bool = False  # ... or so is the word itself, or its stem less -s, -d or -ed ("staged")

    @cached_property
    def vocabulary(self) -> frozenset[str] | None:
        """Every word the gate admits (None: any), read from lexicon.yml on first use."""
        if not self.lists and not self.lemmas:
            return None
        listed = frozenset().union(*(words(name) for name in self.lists))
        return frozenset(self.lemmas) | listed | {w.split()[0] for w in listed if " " in w}  # "turn down": "turn"

    def admits(self, pos: str, dep: str, lemma: str, word: str) -> bool:
        """Whether a token with this part of speech, label, lower-case lemma and word may start the pass."""
        if self.pos and pos not in self.pos or self.deps and dep not in self.deps:
            return False
        vocabulary = self.vocabulary
        if vocabulary is None or lemma in vocabulary:
            return True
        return self.forms and any(form in vocabulary for form in _forms(word))


def _forms(word: str) -> tuple[str, ...]:
    """The word and the bases spaCy's lemmatizer can miss ("staged" -> "stag", "halts")."""
    if word.endswith("ed"):
        return (word, word[:-1], word[:-2])
    if word.endswith("s"):
        return (word, word[:-1])
    return (word,)


_KINDS = 200_000  # kinds of token a router remembers before it starts again (memory stays bounded)


class Router:
    """Which passes of ordered lists may start at a kind of token (part of speech, label, lemma,
    word), decided once per kind for as long as the process codes with the same passes."""

    def __init__(self, *lists: tuple[Gate | None, ...]) -> None:
        self.lists = lists
        self._seen: dict[tuple[str, str, str, str], tuple[tuple[int, ...], ...]] = {}

    def route(self, pos: str, dep: str, lemma: str, word: str) -> tuple[tuple[int, ...], ...]:
        """Per list, the positions of the passes whose gates admit this kind of token, in order."""
        kind = (pos, dep, lemma, word)
        found = self._seen.get(kind)
        if found is None:
            if len(self._seen) >= _KINDS:
                self._seen.clear()
            found = self._seen[kind] = tuple(
                tuple(i for i, gate in enumerate(gates) if gate is None or gate.admits(*kind)) for gates in self.lists
            )
        return found


@lru_cache(maxsize=8)
def router(*lists: tuple[Gate | None, ...]) -> Router:
    """One Router per set of pass lists (a run's passes, less those switched off), kept per process."""
    return Router(*lists)


def gated(
    pos: Collection[str] = (),
    deps: Collection[str] = (),
    lists: tuple[str, ...] = (),
    lemmas: Collection[str] = (),
    forms: bool = False,
) -> Callable[[F], F]:
    """Attach a Gate to a token pass (read by `gate_of`); the pass itself is unchanged."""
    gate = Gate(frozenset(pos), frozenset(deps), lists, frozenset(lemmas), forms)

    def attach(f: F) -> F:
        f.gate = gate  # type: ignore[attr-defined]
        return f

    return attach


def gate_of(f: Callable[..., Any]) -> Gate | None:
    """The pass's gate, through functools.partial (passes bound to the knowledge base); None: ungated."""
    while isinstance(f, partial):
        f = f.func
    return getattr(f, "gate", None)
