"""`dyads actors lookup` and `dyads actors check`: read and validate the knowledge base."""

from __future__ import annotations

import datetime as dt
import unicodedata

from dyads.actors.kb import CODE_RE, KB, load_kb, surname


def lookup(name: str, date: str | None = None, kb: KB | None = None) -> list[str]:
    """One line per role or entry the knowledge base holds for `name`, found as the coder finds it:
    the name's tokens in the lexicon (so "Erdogan" finds Erdoğan through the alias's surname), else
    the name with accents folded."""
    kb = kb or load_kb()
    day = dt.date.fromisoformat(date) if date else None  # ValueError: the CLI's usage error
    import spacy

    tokens = tuple(t.lower_ for t in spacy.blank("en").tokenizer(name.strip()))
    entries = kb.lexicon.get(tokens, [])
    wanted = fold(name.strip().lower())
    people = {int(e.key) for e in entries if e.kind in ("person", "surname")}
    for index, p in enumerate(kb.people):
        names = [p.name, *p.aliases]
        if wanted in (fold(n.lower()) for n in names) or wanted in (fold((surname(n) or "").lower()) for n in names):
            people.add(index)
    lines = []
    for index in sorted(people):
        p = kb.people[index]
        lines.append(f"{p.name}  (also: {', '.join(p.aliases) or '-'})")
        for r in p.roles:
            lines.append(f"  {r.code:12} {r.title:32} {r.start or '?'} .. {r.end or 'now'}")
        if day:
            lines.append(f"  on {day}: {p.code_on(day)}")
    for e in entries:
        if e.kind not in ("person", "surname") and (day is None or e.valid_on(day)):
            dates = f"  {e.start or '?'} .. {e.end or 'now'}" if e.start or e.end else ""
            lines.append(f"{e.kind:12} {e.key:12} {e.name}{dates}")
    return lines


def fold(text: str) -> str:
    """`text` without accents: "erdoğan" -> "erdogan"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def check(kb: KB | None = None) -> list[str]:
    """Problems in the knowledge base, one line each (empty when valid)."""
    kb = kb or load_kb()
    problems: list[str] = []
    roles = set(kb.roles) | {"IGO", "NGO"}
    for p in kb.people:
        for r in p.roles:
            if not CODE_RE.match(r.code):
                problems.append(f"{p.name}: malformed code {r.code!r}")
            elif not r.code.startswith(("IGO", "NGO")):
                if r.code[:3] not in kb.countries:
                    problems.append(f"{p.name}: unknown country in {r.code}")
                if len(r.code) > 3 and r.code[3:6] not in roles:
                    problems.append(f"{p.name}: unknown role in {r.code}")
            if r.start and r.end and r.end < r.start:
                problems.append(f"{p.name}: {r.code} ends {r.end} before it starts {r.start}")
        ordered = sorted(p.roles, key=lambda r: r.start or dt.date.min)
        for a, b in zip(ordered, ordered[1:]):
            if a.end is None or (b.start and b.start < a.end):
                problems.append(
                    f"{p.name}: {a.code} ({a.start}..{a.end or 'now'}) overlaps {b.code} ({b.start}..{b.end or 'now'})"
                )
        countries = {r.code[:3] for r in p.roles if not r.code.startswith(("IGO", "NGO"))}
        if len(countries) > 1:
            problems.append(f"{p.name}: one name in several countries ({', '.join(sorted(countries))})")
    for term, (role, kind) in kb.sectors.items():
        if role not in roles:
            problems.append(f"sector {term!r}: unknown role {role}")
        if kind not in ("title", "group"):
            problems.append(f"sector {term!r}: kind must be title or group, not {kind!r}")
    seen: set[tuple[str, str]] = set()
    for entries in kb.lexicon.values():
        for e in entries:
            if e.start and e.end and e.end <= e.start:
                problems.append(f"{e.kind} {e.name!r}: {e.key} ends {e.end} before it starts {e.start}")
            if e.kind == "institution" and (e.name, e.key) not in seen:
                seen.add((e.name, e.key))
                problems += [f"institution {e.name!r}: {p}" for p in code_problems(e.key, kb, roles)]
    for code in kb.igos:
        if not CODE_RE.match(code):
            problems.append(f"organization code {code!r} is malformed")
    return problems


def code_problems(code: str, kb: KB, roles: set[str]) -> list[str]:
    """What is wrong with an actor code (empty when its country and role are known)."""
    if not CODE_RE.match(code) and code not in ("IGO", "NGO"):
        return [f"malformed code {code!r}"]
    if code.startswith(("IGO", "NGO")):
        return []
    out = [] if code[:3] in kb.countries else [f"unknown country in {code}"]
    if len(code) > 3 and code[3:6] not in roles:
        out.append(f"unknown role in {code}")
    return out
