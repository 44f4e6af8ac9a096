"""The actor knowledge base: countries, organizations, institutions, sector words, people.

Loaded from the TSV files in `dyads/data/actors/` (documented in docs/actors.md)
into a lexicon keyed by lower-cased token tuples, so that the actors stage can
find the longest known phrase at each token with dictionary look-ups.
A person's code depends on the date: `Person.code_on(date)`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from dyads.errors import KnowledgeError
from dyads.paths import data_dir

_PLAIN = re.compile(r"^[^\W\d_]+( [^\W\d_]+)*$")  # letters and single spaces: "Islamic Republic of Iran"
CODE_RE = re.compile(r"^[A-Z]{3}([A-Z]{2,})*$")
GRACE_DAYS = 30
ROLE_ORDER = ("GOV", "MIL", "JUD", "LEG", "SPY", "COP", "OPP", "REB")  # seniority when roles overlap


@dataclass(frozen=True, slots=True)
class Role:
    code: str
    title: str
    start: dt.date | None
    end: dt.date | None  # exclusive: the successor's first day

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]

    @property
    def country(self) -> str | None:
        countries = [r.code[:3] for r in self.roles if not r.code.startswith(("IGO", "NGO"))]
        return Counter(countries).most_common(1)[0][0] if countries else None

    def before_first_role(self, day: dt.date | None) -> bool:
        """True when the day precedes every office the knowledge base knows for this person."""
        return day is not None and all(r.start is not None and day < r.start for r in self.roles)

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role held on `day` (the latest role when day is None), else None."""
        if day is None:
            return max(self.roles, key=lambda r: r.start or dt.date.min, default=None)
        active = [r for r in self.roles if r.holds_on(day)]
        if not active:
            return None
        return min(active, key=lambda r: ROLE_ORDER.index(r.code[3:6]) if r.code[3:6] in ROLE_ORDER else 99)

    def code_on(self, day: dt.date | None, grace: bool = True) -> str:
        """The actor code on `day`: the office held, else ELI of the home country.

        A role that ended less than GRACE_DAYS before the day still counts: news keeps calling
        a leader deposed or killed last week by the office (Bazoum, Soleimani)."""
        role = self.role_on(day)
        if role is None and day is not None and grace:
            recent = [r for r in self.roles if r.end and r.end <= day < r.end + dt.timedelta(days=GRACE_DAYS)]
            later = [r for r in self.roles if r.start and r.start > max((r.end for r in recent if r.end), default=day)]
            role = recent[-1] if recent and not later else None
        if role is not None:
            return role.code
        country = self.country or (self.roles[0].code[:3] if self.roles else "")
        if country in ("IGO", "NGO"):
            return "ELI"
        return f"{country}ELI"


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    cities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One analysis of a lexicon phrase."""

    kind: str  # country demonym capital city igo institution person surname sector
    key: str  # iso3, actor code, person index, or role
    name: str  # canonical name
    exact: str | None = None  # required surface form (short all-caps abbreviations)
    extra: str = ""  # sector kind: title or group
    start: dt.date | None = None  # an institution's validity ("Taliban" governs from 2021-08-15)
    end: dt.date | None = None  # exclusive

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class KB:
    countries: dict[str, Country] = field(default_factory=dict)
    igos: dict[str, str] = field(default_factory=dict)  # code -> name
    people: list[Person] = field(default_factory=list)
    sectors: dict[str, tuple[str, str]] = field(default_factory=dict)  # term -> (role, kind)
    roles: dict[str, str] = field(default_factory=dict)  # role -> name
    lexicon: dict[tuple[str, ...], list[Entry]] = field(default_factory=lambda: defaultdict(list))
    max_len: int = 1
    first: dict[str, int] = field(default_factory=dict)  # first token -> longest phrase starting with it
    version: str = "0"
    user_files: list[str] = field(default_factory=list)  # "file: kind, n phrases" per user file read
    overrides: list[str] = field(default_factory=list)  # shipped entries a user file replaced
    offices: dict[str, str] = field(default_factory=dict)  # a title as written -> its office (offices.tsv)
    transnational: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> where it acts
    branches: dict[str, dict[str, str]] = field(default_factory=dict)  # group -> region of a branch -> country
    juntas: dict[str, tuple[dt.date, dt.date | None]] = field(default_factory=dict)  # country -> coup, end
    office_holders: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, tokens: tuple[str, ...], entry: Entry) -> None:
        if not tokens:
            return
        if entry not in self.lexicon[tokens]:
            self.lexicon[tokens].append(entry)
        self.max_len = max(self.max_len, len(tokens))
        self.first[tokens[0]] = max(self.first.get(tokens[0], 0), len(tokens))

    def lookup_person(self, name: str) -> list[Person]:
        """People whose name or alias equals `name` (case-insensitive)."""
        wanted = name.strip().lower()
        return [p for p in self.people if wanted in (a.lower() for a in (p.name, *p.aliases))]

    def office(self, title: str) -> str:
        """The office a title names: "top diplomat" and "secretary of state" are the foreign minister's."""
        title = title.lower()
        return self.offices.get(title, title)

    def holder(self, country: str, title: str, day: dt.date | None) -> int | None:
        """The one person who holds `title` for `country` on `day` ("Iran's supreme leader" in 2025),
        else None (nobody known, several, or no date)."""
        if day is None:
            return None
        office = self.office(title)
        found = {
            i
            for i in self.office_holders.get((country, office), [])
            if any(
                r.code[:3] == country and self.office(r.title) == office and r.holds_on(day)
                for r in self.people[i].roles
            )
        }
        return found.pop() if len(found) == 1 else None

    def country_name(self, iso3: str) -> str | None:
        c = self.countries.get(iso3)
        return c.name if c else None

    def code_name(self, code: str) -> str | None:
        """A readable name for an actor code: its IGO, country or None."""
        if code in self.igos:
            return self.igos[code]
        return self.country_name(code[:3])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = []
        for n, row in enumerate(reader, 2):
            if None in row or any(v is None for v in row.values()):
                raise KnowledgeError(f"{path.name}:{n}: wrong number of columns")
            rows.append({k: (v or "").strip() for k, v in row.items()})
        return rows


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _date(value: str, where: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise KnowledgeError(f"{where}: bad date {value!r} (use YYYY-MM-DD)") from exc


@lru_cache(maxsize=4)
def load_kb(directory: str | None = None, user: tuple[tuple[str, str], ...] = ()) -> KB:
    """The knowledge base from `directory` (default: the shipped data), cached per process.

    `user`: (path, content hash) of user files (store.fingerprint.user_files), read after the
    shipped data in order, each in one of the shipped formats (told apart by its header row).
    A user file adds entries, and overrides what it names: a phrase it lists loses the shipped
    meanings it had, a person it lists keeps the aliases but takes the user's roles, a country,
    organization, sector term or role it lists is replaced.
    """
    import spacy
    from spacy.tokenizer import Tokenizer

    root = Path(directory) if directory else data_dir("actors")
    tokenizer = spacy.blank("en").tokenizer
    if not isinstance(tokenizer, Tokenizer):  # Language types it as any Callable[[str], Doc]
        raise TypeError(f"spaCy's blank English pipeline has no Tokenizer: {type(tokenizer).__name__}")
    kb = KB()
    version_file = root / "VERSION"
    kb.version = version_file.read_text(encoding="utf-8").strip() if version_file.exists() else "0"
    phrases: list[tuple[str, Entry]] = []
    _load_countries(root, kb, phrases)
    _load_igos(root, kb, phrases)
    _load_institutions(root, kb, phrases)
    _load_sectors(root, kb, phrases)
    _load_offices(root, kb)
    _load_people(root, kb, phrases)
    for tokens, entry in _tokenized(phrases, tokenizer):
        kb.add(tokens, entry)
    if user:
        phrases = []
        for path, _ in user:
            _load_user_file(Path(path), kb, phrases)
        mine = _tokenized(phrases, tokenizer)
        named: dict[tuple[str, ...], list[Entry]] = {}
        for tokens, entry in mine:
            if entry.kind != "surname":
                named.setdefault(tokens, []).append(entry)
        for tokens, entries in named.items():  # what the user names is theirs: its shipped meanings go
            shipped = kb.lexicon.get(tokens, [])
            kb.lexicon[tokens] = [e for e in shipped if e.kind in ("sector", "surname")]
            gone = [e for e in shipped if e not in kb.lexicon[tokens] and e not in entries]
            kb.overrides += [f"{' '.join(tokens)!r} was {e.kind} {e.key} ({e.name})" for e in gone]
        for tokens, entry in mine:
            kb.add(tokens, entry)
    for i, person in enumerate(kb.people):
        for r in person.roles:
            if i not in kb.office_holders[(r.code[:3], kb.office(r.title))]:
                kb.office_holders[(r.code[:3], kb.office(r.title))].append(i)
    return kb


def _load_offices(root: Path, kb: KB) -> None:
    """offices.tsv: one office per row, the titles that name it separated by "|" (the first is its
    name); transnational.tsv: armed groups coded by the country where they act, those countries,
    and the country of each branch named by a region ("west africa=NGA");
    juntas.tsv: military governments, from the coup to the handover."""
    if (root / "offices.tsv").exists():
        for row in _rows(root / "offices.tsv"):
            titles = [t.strip().lower() for t in row["titles"].split("|") if t.strip()]
            for t in titles:
                kb.offices[t] = titles[0]
    if (root / "transnational.tsv").exists():
        for row in _rows(root / "transnational.tsv"):
            kb.transnational[row["name"]] = _split(row["countries"])
            pairs = [b.split("=", 1) for b in _split(row.get("branches", ""))]
            kb.branches[row["name"]] = {region.strip().lower(): iso.strip() for region, iso in pairs}
    if (root / "juntas.tsv").exists():
        for n, row in enumerate(_rows(root / "juntas.tsv"), 2):
            coup = _date(row["coup"], f"juntas.tsv:{n}")
            if coup is not None:
                kb.juntas[row["country"]] = (coup, _date(row["end"], f"juntas.tsv:{n}"))


def _tokenized(phrases: list[tuple[str, Entry]], tokenizer: Any) -> list[tuple[tuple[str, ...], Entry]]:
    """Each phrase as the lexicon keys it: lower-cased tokens, as spaCy splits them."""
    out = []
    hard = [(p, e) for p, e in phrases if not _PLAIN.match(p)]
    for p, e in phrases:
        if _PLAIN.match(p):  # plain words: spaCy would split them on spaces alone
            out.append((tuple(p.lower().split()), e))
    for doc, (_, entry) in zip(tokenizer.pipe(p for p, _ in hard), hard):
        out.append((tuple(t.lower_ for t in doc), entry))
    return out


# the shipped formats, by their header row: a user file in any of them is read as that kind
FORMATS: dict[str, tuple[str, ...]] = {
    "people": ("name", "aliases", "code", "title", "start", "end"),
    "institutions": ("text", "code", "name", "start", "end"),
    "countries": ("iso3", "name", "aliases", "demonyms", "capitals", "cities"),
    "igos": ("code", "name", "aliases"),
    "sectors": ("term", "role", "kind", "plural"),
    "roles": ("role", "name", "description"),
}


def file_format(path: Path) -> str:
    """Which shipped format a TSV file is in (people, institutions...), read from its header row."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            header = fh.readline().rstrip("\r\n").split("\t")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    columns = {h.strip() for h in header}
    kind = next((k for k, cols in FORMATS.items() if set(cols) == columns), None)
    if kind is None:
        known = "; ".join(f"{k}: {' '.join(cols)}" for k, cols in FORMATS.items())
        raise KnowledgeError(
            f"{path.name}: header {' '.join(header)!r} is not a knowledge-base format (tab-separated columns; {known})"
        )
    return kind


def _load_user_file(path: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    kind = file_format(path)
    before = len(phrases)
    if kind == "people":
        _people_rows(kb, phrases, [path], override=True)
    elif kind == "institutions":
        _institution_rows(path, phrases)
    elif kind == "countries":
        _country_rows(path, kb, phrases)
    elif kind == "igos":
        _igo_rows(path, kb, phrases, override=True)
    elif kind == "sectors":
        _sector_rows(path, kb, phrases)
    else:
        kb.roles.update({r["role"]: r["name"] for r in _rows(path)})
    kb.user_files.append(f"{path.name}: {kind}, {len(phrases) - before} phrases")


def _proper_entry(
    kind: str, key: str, name: str, text: str, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[str, Entry]:
    letters = text.replace(".", "")
    exact = text if letters.isupper() and len(letters) <= 5 else None
    return text, Entry(kind=kind, key=key, name=name, exact=exact, start=start, end=end)


# bodies of the UN system whose codes do not say so; the guideline codes them all IGOUNO
_UN_SYSTEM = {"IGOWBK", "IGOIMF", "IGOICJ"}


def house_code(code: str) -> str:
    """The code the guideline writes: any UN body is IGOUNO ("IGOUNOWHO", the World Bank); an
    international NGO is bare NGO (the organization's name stays in the mention)."""
    if code.startswith("IGOUNO") or code in _UN_SYSTEM:
        return "IGOUNO"
    if code.startswith("NGO"):
        return "NGO"
    return code


def _load_countries(root: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    path = root / "countries.tsv"
    if path.exists():
        _country_rows(path, kb, phrases)


def _country_rows(path: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    for row in _rows(path):
        c = Country(
            iso3=row["iso3"],
            name=row["name"],
            aliases=_split(row["aliases"]),
            demonyms=_split(row["demonyms"]),
            capitals=_split(row["capitals"]),
            cities=_split(row["cities"]),
        )
        kb.countries[c.iso3] = c
        for text in (c.name, *c.aliases):
            phrases.append(_proper_entry("country", c.iso3, c.name, text))
        for text in c.demonyms:
            phrases.append(_proper_entry("demonym", c.iso3, c.name, text))
        for text in c.capitals:
            phrases.append(_proper_entry("capital", c.iso3, c.name, text))
        for text in c.cities:
            phrases.append(_proper_entry("city", c.iso3, c.name, text))


def _load_igos(root: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    path = root / "igos.tsv"
    if path.exists():
        _igo_rows(path, kb, phrases)


def _igo_rows(path: Path, kb: KB, phrases: list[tuple[str, Entry]], override: bool = False) -> None:
    for row in _rows(path):
        code = house_code(row["code"])
        if override:
            kb.igos[code] = row["name"]
        else:
            kb.igos.setdefault(code, row["name"])
        for text in (row["name"], *_split(row["aliases"])):
            phrases.append(_proper_entry("igo", code, row["name"], text))


def _load_institutions(root: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    """institutions.tsv, then every institutions/*.tsv (topic files: courts, armed groups...)."""
    paths = [root / "institutions.tsv", *sorted((root / "institutions").glob("*.tsv"))]
    for path in (p for p in paths if p.exists()):
        _institution_rows(path, phrases)


def _institution_rows(path: Path, phrases: list[tuple[str, Entry]]) -> None:
    for n, row in enumerate(_rows(path), 2):
        where = f"{path.name}:{n}"
        start, end = _date(row.get("start", ""), where), _date(row.get("end", ""), where)
        for text in _split(row["text"]):
            phrases.append(_proper_entry("institution", house_code(row["code"]), row["name"] or text, text, start, end))


def _load_sectors(root: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    for path in (root / "roles.tsv",):
        if path.exists():
            kb.roles.update({r["role"]: r["name"] for r in _rows(path)})
    path = root / "sectors.tsv"
    if path.exists():
        _sector_rows(path, kb, phrases)


def _sector_rows(path: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    for row in _rows(path):
        for text in (row["term"], *_split(row.get("plural", ""))):
            kb.sectors[text.lower()] = (row["role"], row["kind"])
            phrases.append((text.lower(), Entry(kind="sector", key=row["role"], name=row["term"], extra=row["kind"])))


def _load_people(root: Path, kb: KB, phrases: list[tuple[str, Entry]]) -> None:
    _people_rows(kb, phrases, sorted((root / "people").glob("*.tsv")))


def _people_rows(kb: KB, phrases: list[tuple[str, Entry]], paths: list[Path], override: bool = False) -> None:
    """People of `paths`, one per name; `override`: a name already known keeps its index and
    aliases but takes these roles (a user file correcting or extending the shipped offices)."""
    grouped: dict[str, tuple[set[str], list[Role]]] = {}
    for path in paths:
        for n, row in enumerate(_rows(path), 2):
            where = f"{path.name}:{n}"
            aliases, roles = grouped.setdefault(row["name"], (set(), []))
            aliases.update(_split(row["aliases"]))
            roles.append(
                Role(
                    code=house_code(row["code"]),
                    title=row["title"],
                    start=_date(row["start"], where),
                    end=_date(row["end"], where),
                )
            )
    surnames: dict[str, set[int]] = defaultdict(set)
    known = {p.name.lower(): i for i, p in enumerate(kb.people)} if override else {}
    for name, (aliases, roles) in grouped.items():
        index = known.get(name.lower(), len(kb.people))
        if index < len(kb.people):
            old = kb.people[index]
            kb.overrides.append(f"{name!r}: roles {', '.join(r.code for r in old.roles)} replaced")
            aliases |= set(old.aliases)
        person = Person(name=name, aliases=tuple(sorted(aliases)), roles=merge_roles(roles))
        if index < len(kb.people):
            kb.people[index] = person
        else:
            kb.people.append(person)
        for text in (name, *person.aliases):
            phrases.append(_proper_entry("person", str(index), name, text))
        for text in (name, *person.aliases):
            last = surname(text)
            if last:
                surnames[last].add(index)
                bare = re.sub(r"^(al|el|ad|as|ash|at|az)-", "", last, flags=re.I)
                if bare != last and len(bare) > 2:
                    surnames[bare].add(index)  # "al-Assad" is "Assad" on second mention
    for last, indexes in surnames.items():
        for index in indexes:
            phrases.append(_proper_entry("surname", str(index), kb.people[index].name, last))


def merge_roles(roles: list[Role]) -> tuple[Role, ...]:
    """Roles in date order; the same code written twice with overlapping dates (one person in
    two regional files) becomes one role spanning both. Offices that only touch keep their own
    titles (foreign minister until the day the prime ministership begins)."""
    out: list[Role] = []
    for r in sorted(set(roles), key=lambda r: (r.start or dt.date.min, r.code)):
        prev = next((p for p in reversed(out) if p.code == r.code), None)
        begins = r.start or dt.date.min
        if prev is not None and (
            prev.end is None or begins < prev.end or (begins == prev.end and r.title == prev.title)
        ):
            end = None if prev.end is None or r.end is None else max(prev.end, r.end)
            out[out.index(prev)] = Role(code=prev.code, title=prev.title, start=prev.start, end=end)
            continue
        out.append(r)
    return tuple(out)


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_PARTICLES = {
    "le",
    "la",
    "de",
    "van",
    "von",
    "der",
    "den",
    "ter",
    "al",
    "el",
    "da",
    "di",
    "du",
    "del",
    "della",
    "bin",
    "ibn",
    "abu",
    "ben",
    "dos",
    "das",
    "do",
    "mac",
    "st.",
    "san",
}
_ROMAN = re.compile(r"^[IVXL]+$")


def surname(name: str) -> str | None:
    """The form news uses on second mention: the last word, with its particle ("Le Pen",
    "von der Leyen"); None for one-word names and regnal numbers ("Leo XIV")."""
    words = [w for w in name.replace(",", " ").split() if w.lower() not in _SUFFIXES]
    if len(words) < 2 or len(words[-1]) < 3 or _ROMAN.match(words[-1]):
        return None
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    return " ".join(words[i:])
