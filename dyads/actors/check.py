"""`dyads actors lookup` and `dyads actors check`: read and validate the knowledge base."""

from __future__ import annotations

import datetime as dt

from dyads.actors.kb import CODE_RE, KB, load_kb, surname


def lookup(name: str, date: str | None = None, kb: KB | None = None) -> list[str]:
    """One line per role or entry the knowledge base holds for `name`."""
    kb = kb or load_kb()
    day = dt.date.fromisoformat(date) if date else None
    wanted = name.strip().lower()
    lines = []
    for p in kb.people:
        names = [p.name, *p.aliases]
        if wanted in (n.lower() for n in names) or wanted == (surname(p.name) or "").lower():
            lines.append(f"{p.name}  (also: {', '.join(p.aliases) or '-'})")
            for r in p.roles:
                lines.append(f"  {r.code:12} {r.title:32} {r.start or '?'} .. {r.end or 'now'}")
            if day:
                lines.append(f"  on {day}: {p.code_on(day)}")
    for entries in (kb.lexicon.get(tuple(wanted.split()), []),):
        for e in entries:
            if e.kind not in ("person", "surname"):
                lines.append(f"{e.kind:12} {e.key:12} {e.name}")
    return lines


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
    for code in kb.igos:
        if not CODE_RE.match(code):
            problems.append(f"organization code {code!r} is malformed")
    return problems
