"""The API's pydantic models, and the functions that turn the query layer's rows into them (docs/web.md).

pydantic lives here and in api.py, at the web edge, and nowhere else: queries return plain
dicts. The models document every response in the OpenAPI spec; `/api` is read from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from dyads.web import queries as Q

# --- the error shape (documented in the OpenAPI spec) -----------------------------------------


class ErrorDetail(BaseModel):
    param: str | None = Field(None, description="the parameter at fault, when one is")
    where: str | None = Field(None, description="query, path, or null")
    message: str


class ErrorInfo(BaseModel):
    status: int = Field(description="the HTTP status, repeated")
    title: str = Field(description="the status phrase: Not Found, Unprocessable Content...")
    message: str = Field(description="what went wrong, for a person")
    details: list[ErrorDetail] = []


class ErrorOut(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorInfo


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Not found"},
    422: {"model": ErrorOut, "description": "Invalid or unknown parameter"},
}


# --- response models --------------------------------------------------------------------------


class Side(BaseModel):
    code: str = Field(description="actor code, e.g. IRNGOV")
    label: str = Field(description="readable name of the code, e.g. 'Iran: Government'")
    name: str | None = Field(None, description="the person or body named, e.g. Hassan Rouhani")
    text: str | None = Field(None, description="the words of the article that named it")
    start: int | None = None
    end: int | None = None


class PlaceOut(BaseModel):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None


class EventOut(BaseModel):
    id: str = Field(description="DOC_KEY:N, the event's identity in the store")
    doc_key: str
    n: int = Field(description="the event's position in its article")
    doc_id: str | None = None
    title: str | None = None
    url: str | None = None
    source: Side
    target: Side
    cameo: str
    label: str | None = Field(None, description="the CAMEO code's label")
    root: str
    plover: str | None = None
    goldstein: float
    quad_class: int = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"
    )
    modality: str
    date: dt.date | None = Field(
        None, description="the event date: the day the article says it happened, else its publication date"
    )
    reported: dt.date | None = Field(None, description="the article's publication date")
    day: dt.date | None = Field(None, description="the day the event is filtered and counted on: its event date")
    place: PlaceOut | None = None
    sentence: str
    start: int = Field(description="evidence span in the article body (half-open)")
    end: int
    confidence: float
    pattern: str | None = None
    coder: str | None = None
    quote: int | None = Field(None, description="index of the quote the event was stated in")
    is_root: bool | None = Field(None, description="in the lead paragraph (GDELT's IsRootEvent)")
    cluster_id: str = Field(description="events with equal source, target, code, date and modality share it")
    article: str = Field(description="the article page, with this event's evidence highlighted")


class EventsPage(BaseModel):
    total: int
    left_out: int = Field(
        0,
        description="undated events the filter left out (under since/until or undated=exclude; undated=include takes them)",
    )
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="offset of the next page; null on the last")
    events: list[EventOut]


class DyadOut(BaseModel):
    dyad: str = Field(description="SOURCE-TARGET, usable as the `dyad` filter")
    source: str
    target: str
    source_label: str
    target_label: str
    events: int
    goldstein: float | None = Field(None, description="mean Goldstein score")
    q1: int = Field(description="verbal cooperation events")
    q2: int = Field(description="material cooperation events")
    q3: int = Field(description="verbal conflict events")
    q4: int = Field(description="material conflict events")
    first: dt.date | None = None
    last: dt.date | None = None
    timeline: str = Field(description="the dyad's timeline endpoint")
    page: str = Field(description="the dyad's page")


class DyadsOut(BaseModel):
    level: str
    modality: str
    dyads: list[DyadOut]


class Bucket(BaseModel):
    period: dt.date = Field(description="first day of the interval")
    until: dt.date = Field(description="last day of the interval")
    events: int
    q1: int
    q2: int
    q3: int
    q4: int
    goldstein: float | None = Field(None, description="mean Goldstein score")
    dated_by_article: int = Field(description="events dated on their article's publication date")


class TimelineOut(BaseModel):
    dyad: str | None = None
    interval: str
    modality: str
    total: int = Field(description="events that pass the filters")
    undated: int = Field(
        description="events with no event date that pass the other filters: in no interval, "
        "and in `total` unless since/until or undated=exclude leaves them out"
    )
    buckets: list[Bucket]


class Speaker(BaseModel):
    name: str | None = None
    code: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None


class QuoteOut(BaseModel):
    id: str
    doc_key: str
    n: int
    doc_id: str | None = None
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    text: str
    start: int
    end: int
    speaker: Speaker
    verb: str | None = None
    article: str = Field(description="the article page, with this quote highlighted")


class QuotesPage(BaseModel):
    total: int
    limit: int
    offset: int
    next_offset: int | None = None
    quotes: list[QuoteOut]


class RoleOut(BaseModel):
    code: str
    label: str
    mentions: int
    as_source: int
    as_target: int


class PersonOut(BaseModel):
    name: str
    code: str
    kind: str
    mentions: int


class CounterpartOut(BaseModel):
    code: str
    label: str
    as_source: int = Field(description="events in which the actor acted on this counterpart")
    as_target: int = Field(description="events in which this counterpart acted on the actor")
    events: int
    goldstein: float | None = None
    page: str


class ActorOut(BaseModel):
    code: str
    label: str
    roles: list[RoleOut] = Field(description="the codes under this one that occur, with their counts")
    people: list[PersonOut] = Field(description="people and institutions coded under this code")
    counterparts: list[CounterpartOut]
    quote_count: int
    quotes: list[QuoteOut]


class MentionOut(BaseModel):
    n: int
    text: str
    start: int
    end: int
    code: str
    label: str
    country: str | None = None
    role: str | None = None
    name: str | None = None
    kind: str | None = None


class ArticleOut(BaseModel):
    doc_key: str
    doc_id: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    dateline: str | None = None
    language: str | None = None
    source: str | None = None
    body: str = Field(description="the clean text every span indexes")
    actors: list[MentionOut]
    events: list[EventOut] = Field(description="every event, all modalities")
    quotes: list[QuoteOut]


class ActorRow(BaseModel):
    code: str = Field(description="country-level code: IRN (IRNGOV counts for it), or an organization's")
    label: str
    events: int = Field(description="events with the actor on either side (an event counts once)")
    page: str = Field(description="the actor's page")


class ActorsOut(BaseModel):
    modality: str
    actors: list[ActorRow]


class RolesOut(BaseModel):
    code: str
    roles: list[RoleOut]


class CounterpartsOut(BaseModel):
    code: str
    counterparts: list[CounterpartOut]


class MapPoint(BaseModel):
    id: str = Field(description="DOC_KEY:N, the event's identity in the store")
    doc_key: str
    n: int
    lat: float
    lon: float
    place: str = Field(description="the place's name")
    country: str | None = None
    feature: str | None = Field(None, description="city, country, region...")
    quad_class: int
    cameo: str
    label: str | None = None
    source: str
    target: str
    goldstein: float
    modality: str
    day: dt.date | None = None
    sentence: str = Field(description="the evidence sentence")
    article: str = Field(description="the article page, with this event's evidence highlighted")


class MapOut(BaseModel):
    total: int = Field(description="events that pass the filters and have coordinates")
    not_located: int = Field(description="events that pass the filters but have no coordinates")
    left_out: int = Field(
        0,
        description="undated events the filter left out (under since/until or undated=exclude; undated=include takes them)",
    )
    limit: int
    offset: int
    next_offset: int | None = None
    points: list[MapPoint]


class ParamOut(BaseModel):
    name: str
    where: str = Field(description="query or path")
    required: bool
    type: str | None = Field(None, description="string, integer, boolean")
    description: str | None = None
    default: Any = None
    enum: list[Any] | None = Field(None, description="the values it takes, when they are few")
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None


class EndpointOut(BaseModel):
    path: str
    method: str = Field(description="GET (HEAD answers too, with the headers only)")
    summary: str | None = None
    description: str | None = None
    parameters: list[ParamOut]
    formats: list[str] = Field(description="json, and csv for the list endpoints (?format=csv)")


class IndexOut(BaseModel):
    title: str
    version: str
    spec: str = Field(description="the OpenAPI document, with the response schemas")
    endpoints: list[EndpointOut]


# --- row -> model -----------------------------------------------------------------------------


def event_out(row: dict[str, Any]) -> EventOut:
    def side(p: str) -> Side:
        return Side(
            code=row[f"{p}_code"],
            label=Q.actor_label(row[f"{p}_code"]),
            name=row[f"{p}_name"],
            text=row[f"{p}_text"],
            start=row[f"{p}_start"],
            end=row[f"{p}_end"],
        )

    place = None
    if row["place_name"]:
        place = PlaceOut(
            name=row["place_name"],
            country=row["place_country"],
            lat=row["place_lat"],
            lon=row["place_lon"],
            feature=row["place_feature"],
        )
    return EventOut(
        id=f"{row['doc_key']}:{row['n']}",
        doc_key=row["doc_key"],
        n=row["n"],
        doc_id=row["doc_id"],
        title=row["title"],
        url=row["url"],
        source=side("source"),
        target=side("target"),
        cameo=row["cameo"],
        label=Q.cameo_labels().get(row["cameo"]),
        root=row["root"],
        plover=row["plover"],
        goldstein=row["goldstein"],
        quad_class=row["quad_class"],
        modality=row["modality"],
        date=row["event_date"],
        reported=row["reported"],
        day=row["day"],
        place=place,
        sentence=row["sentence"] or "",
        start=row["start_char"],
        end=row["end_char"],
        confidence=row["confidence"],
        pattern=row["pattern"],
        coder=row["coder"],
        quote=row["quote"],
        is_root=row["is_root"],
        cluster_id=str(row["cluster_id"]),
        article=f"/articles/{row['doc_key']}?event={row['n']}#selected",
    )


def quote_out(row: dict[str, Any]) -> QuoteOut:
    speaker = Speaker(
        name=row["speaker_name"],
        code=row["speaker_code"],
        text=row["speaker_text"],
        start=row["speaker_start"],
        end=row["speaker_end"],
    )
    return QuoteOut(
        id=f"{row['doc_key']}:{row['n']}",
        doc_key=row["doc_key"],
        n=row["n"],
        doc_id=row["doc_id"],
        title=row["title"],
        published=row["published"],
        url=row["url"],
        text=row["text"],
        start=row["start_char"],
        end=row["end_char"],
        speaker=speaker,
        verb=row["verb"],
        article=f"/articles/{row['doc_key']}?quote={row['n']}#selected",
    )


def dyad_out(row: dict[str, Any]) -> DyadOut:
    s, t = row["source"], row["target"]
    return DyadOut(
        dyad=f"{s}-{t}",
        source_label=Q.actor_label(s),
        target_label=Q.actor_label(t),
        timeline=f"/api/dyads/{s}/{t}/timeline",
        page=f"/dyads/{s}/{t}",
        **row,
    )


def point_out(row: dict[str, Any]) -> MapPoint:
    return MapPoint(
        id=f"{row['doc_key']}:{row['n']}",
        doc_key=row["doc_key"],
        n=row["n"],
        lat=row["place_lat"],
        lon=row["place_lon"],
        place=row["place_name"] or "",
        country=row["place_country"],
        feature=row["place_feature"],
        quad_class=row["quad_class"],
        cameo=row["cameo"],
        label=Q.cameo_labels().get(row["cameo"]),
        source=row["source_code"],
        target=row["target_code"],
        goldstein=row["goldstein"],
        modality=row["modality"],
        day=row["day"],
        sentence=row["sentence"] or "",
        article=f"/articles/{row['doc_key']}?event={row['n']}#selected",
    )


def _param_out(param: dict[str, Any]) -> ParamOut:
    schema = param.get("schema", {})
    kinds = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    kind = kinds[0] if kinds else {}
    enum = kind.get("enum") or ([kind["const"]] if "const" in kind else None)
    return ParamOut(
        name=param["name"],
        where=param["in"],
        required=bool(param.get("required")),
        type=kind.get("type"),
        description=param.get("description") or schema.get("description"),
        default=schema.get("default"),
        enum=enum,
        pattern=kind.get("pattern"),
        minimum=kind.get("minimum"),
        maximum=kind.get("maximum"),
    )


def api_index(spec: dict[str, Any]) -> IndexOut:
    """The /api index, read from the OpenAPI spec so that the two never disagree."""
    endpoints = []
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            content = op.get("responses", {}).get("200", {}).get("content", {})
            endpoints.append(
                EndpointOut(
                    path=path,
                    method=method.upper(),
                    summary=op.get("summary"),
                    description=op.get("description"),
                    parameters=[_param_out(p) for p in op.get("parameters", [])],
                    formats=["json", "csv"] if "text/csv" in content else ["json"],
                )
            )
    info = spec.get("info", {})
    return IndexOut(
        title=info.get("title", "dyads"), version=info.get("version", ""), spec="/openapi.json", endpoints=endpoints
    )


def next_offset(total: int, limit: int, offset: int) -> int | None:
    return offset + limit if offset + limit < total else None


def article_out(found: dict[str, Any]) -> ArticleOut:
    actors = [
        MentionOut(start=m.pop("start_char"), end=m.pop("end_char"), label=Q.actor_label(m["code"]), **m)
        for m in (dict(m) for m in found["mentions"])
    ]
    return ArticleOut(
        doc_key=found["doc_key"],
        doc_id=found["doc_id"],
        title=found["title"],
        published=found["published"],
        url=found["url"],
        dateline=found["dateline"],
        language=found["language"],
        source=found["source"],
        body=found["body"],
        actors=actors,
        events=[event_out(e) for e in found["events"]],
        quotes=[quote_out(q) for q in found["quotes"]],
    )
