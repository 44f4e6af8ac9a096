"""Every record dyads produces: frozen, hashable, picklable dataclasses.

The data flow is Document -> Article -> (Mention, Quote, Event) -> Coded. Offsets
(`start`, `end`) are half-open character positions into `Article.body`.
`Coded.to_json()` defines the output contract of `dyads code` (docs/cli.md).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeGuard, get_args

Modality = Literal["asserted", "negated", "hypothetical", "question", "intended", "reported"]
MODALITIES: tuple[Modality, ...] = get_args(Modality)

# The role segment of an actor code (data/actors/roles.tsv describes each; a test keeps the two equal).
Role = Literal[
    "GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "CVL", "MED", "BUS", "LAB",
    "EDU", "REL", "ELI", "HLH", "REF", "SPY", "NGO", "IGO", "CRM",
]  # fmt: skip
ROLES: tuple[Role, ...] = get_args(Role)


def is_role(value: str) -> TypeGuard[Role]:
    """Whether `value` is one of ROLES (for the type checker: a str narrowed to Role)."""
    return value in ROLES


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One input document as read from a source, before any cleaning."""

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD when the source knows it
    title: str | None = None
    source: str | None = None  # where it came from: a path, a feed, a WARC

    def __post_init__(self) -> None:
        if self.text is None and self.html is None:
            raise ValueError(f"document {self.id!r} has neither text nor html")


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """Clean article text with its metadata; every later offset indexes `body`."""

    doc_id: str
    body: str
    title: str | None = None
    published: str | None = None
    language: str = "en"
    url: str | None = None
    dateline: str | None = None  # "TEHRAN, Iran" when the body opened with one
    dateline_start: int = 0  # body[dateline_start:dateline_end] is the dateline and its dash
    dateline_end: int = 0
    headline_end: int = 0  # body[:headline_end] is a headline repeated in the body
    source: str | None = None


# how a mention names its actor: a country or its capital, a KB person, an organization, a named
# institution, a sector word with its country, a title resolved to its holder, a group of actors
# ("both countries"), a pronoun, a place (a city, target only), or an actor the text implies
MentionKind = Literal[
    "country", "person", "igo", "institution", "sector", "title", "group", "pronoun", "place", "implied"
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """An actor mention: a span of the body resolved to an actor code."""

    text: str
    start: int
    end: int
    code: str  # "IRNGOV", "USA", "IGOUNO"
    country: str | None = None  # "IRN"; None for IGOs and NGOs without a country
    role: Role | None = None  # "GOV"; None for a bare country
    name: str | None = None  # canonical name: "Hassan Rouhani", "Iran"
    kind: MentionKind = "country"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "code": self.code,
            "country": self.country,
            "role": self.role,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorRef:
    """The side of an event: an actor code, its name and the text that named it."""

    code: str
    name: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "text": self.text}

    @classmethod
    def of(cls, mention: Mention) -> ActorRef:
        return cls(code=mention.code, name=mention.name, text=mention.text, start=mention.start, end=mention.end)


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where an event happened, resolved against the gazetteer."""

    name: str
    country: str | None = None  # ISO3
    lat: float | None = None
    lon: float | None = None
    feature: str = "city"  # city, country, region
    text: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "feature": self.feature,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A direct quote, its span in the body, and who said it."""

    text: str
    start: int
    end: int
    speaker: ActorRef | None = None
    speaker_name: str | None = None  # the person or organization as named
    verb: str | None = None  # the speech verb's lemma: "say", "tell", "according to"

    def to_dict(self) -> dict[str, Any]:
        speaker = None
        if self.speaker is not None or self.speaker_name:
            speaker = {
                "name": self.speaker_name or (self.speaker.name if self.speaker else None),
                "code": self.speaker.code if self.speaker else None,
                "text": self.speaker.text if self.speaker else None,
                "start": self.speaker.start if self.speaker else None,
                "end": self.speaker.end if self.speaker else None,
            }
        return {"text": self.text, "start": self.start, "end": self.end, "speaker": speaker, "verb": self.verb}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A coded event: who did what to whom, with its evidence span in the body."""

    source: ActorRef
    target: ActorRef
    cameo: str  # "125"; leading zeros matter
    root: str  # "12"
    plover: str | None
    goldstein: float
    quad_class: int
    modality: Modality = "asserted"
    date: str | None = None  # the day the action happened, never a silent default
    reported: str | None = None  # the publication date
    place: Place | None = None
    sentence: str = ""
    start: int = 0  # evidence span: the clause or sentence that carries the event
    end: int = 0
    confidence: float = 0.5
    pattern: str | None = None  # the dictionary pattern that fired
    coder: str = "dyads.rules.v2"
    quote: int | None = None  # index into Coded.quotes when stated inside a quote

    def __post_init__(self) -> None:
        if self.modality not in MODALITIES:
            raise ValueError(f"unknown modality {self.modality!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "cameo": self.cameo,
            "root": self.root,
            "plover": self.plover,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "modality": self.modality,
            "date": self.date,
            "reported": self.reported,
            "place": self.place.to_dict() if self.place else None,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "pattern": self.pattern,
            "coder": self.coder,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """A document a stage could not handle: the reason is a slug from errors.REASONS."""

    doc_id: str
    stage: str
    reason: str
    detail: str = ""

    def line(self) -> str:
        """One human line: `skip  doc  stage:reason  detail`."""
        return f"skip  {self.doc_id}  {self.stage}:{self.reason}  {self.detail}".rstrip()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class Coded:
    """Everything dyads found in one article: the unit `dyads code` prints."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Place, ...] = ()
    dateline_place: Place | None = None
    versions: tuple[tuple[str, str], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "doc": a.doc_id,
            "title": a.title,
            "published": a.published,
            "language": a.language,
            "url": a.url,
            "dateline": a.dateline,
            "body": a.body,
            "actors": [m.to_dict() for m in self.mentions],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "places": [p.to_dict() for p in self.places],
            "dateline_place": self.dateline_place.to_dict() if self.dateline_place else None,
            "versions": dict(self.versions),
        }

    def to_json(self, **kwargs: Any) -> str:
        """The output contract: one JSON object per document (DESIGN.md)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)
