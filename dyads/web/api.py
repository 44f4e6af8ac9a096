"""The JSON API under /api: routes, and the pydantic models that document them (docs/web.md).

pydantic lives here, at the web edge, and nowhere else: queries return plain dicts and
the functions below turn them into response models. A bad parameter is a 422 in the
one error shape of `app.error_body`; an unknown parameter is one too (a typo such as
`dyda=` would otherwise return every event).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Literal

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from dyads.web import queries as Q

Modality = Literal["asserted", "negated", "hypothetical", "question", "intended", "reported", "all"]
Undated = Literal["exclude", "include"] | None
DateParam = str | None  # strict YYYY-MM-DD, checked by the pattern and by EventFilter

_DATE = {"pattern": Q.DATE_PATTERN, "json_schema_extra": {"format": "date"}}
Since = Query(None, description="first event date, inclusive (YYYY-MM-DD)", **_DATE)  # type: ignore[arg-type]
Until = Query(None, description="last event date, inclusive (YYYY-MM-DD)", **_DATE)  # type: ignore[arg-type]
_UNDATED = "include or exclude the events without an event date (default: included unless since or until is given)"
UndatedParam = Query(None, description=_UNDATED)


Interval = Literal["day", "week", "month", "year"]


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


def _next(total: int, limit: int, offset: int) -> int | None:
    return offset + limit if offset + limit < total else None


# --- dependencies -----------------------------------------------------------------------------


def db(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the app's read-only connection, one per request (cursors are not shared by threads)."""
    cur = request.app.state.db.cursor()
    try:
        yield cur
    finally:
        cur.close()


def known_params(request: Request) -> None:
    """422 for a query parameter the endpoint does not take."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    allowed = set()
    stack = [dependant]
    while stack:
        dep = stack.pop()
        allowed |= {p.alias for p in dep.query_params}
        stack += dep.dependencies
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise Q.ParamError(
            unknown[0],
            f"unknown parameter {unknown[0]!r}; this endpoint takes: {', '.join(sorted(allowed)) or 'no parameters'}",
        )


router = APIRouter(prefix="/api", responses=ERRORS, dependencies=[Depends(known_params)])
DB = Depends(db)
Limit = Query(50, ge=1, le=Q.MAX_LIMIT, description=f"page size, at most {Q.MAX_LIMIT}")
Offset = Query(0, ge=0, le=10_000_000, description="rows to skip")


def event_filter(
    actor: str | None = Query(
        None,
        max_length=24,
        pattern=Q.CODE_PATTERN,
        description="actor code on either side; matches by prefix (IRN takes IRNGOV)",
        examples=["IRN"],
    ),
    dyad: str | None = Query(
        None,
        max_length=50,
        pattern=Q.DYAD_PATTERN,
        description="IRN-USA (IRN acting on USA), IRN~USA (either direction), IRN- or -USA; codes match by prefix",
        examples=["IRN-USA"],
    ),
    root: str | None = Query(None, pattern=r"^\d{2}$", description="CAMEO root, two digits", examples=["12"]),
    code: str | None = Query(None, pattern=r"^\d{2,4}$", description="CAMEO code, exact", examples=["125"]),
    modality: Modality = Query("asserted", description="asserted (the default), another modality, or all"),
    since: DateParam = Since,
    until: DateParam = Until,
    q: str | None = Query(None, max_length=Q.MAX_Q, description="text in the evidence sentence or an actor's name"),
    undated: Undated = UndatedParam,
) -> Q.EventFilter:
    return Q.EventFilter(
        actor=actor,
        dyad=dyad,
        root=root,
        code=code,
        modality=modality,
        since=since,  # EventFilter parses the string
        until=until,
        q=q,
        undated=undated,
    )


# --- routes -----------------------------------------------------------------------------------


@router.get("/events", response_model=EventsPage, summary="Events, filtered and paged")
def get_events(
    flt: Q.EventFilter = Depends(event_filter),
    limit: int = Limit,
    offset: int = Offset,
    order: Literal["asc", "desc"] = Query("asc", description="asc: oldest first; desc: newest first"),
    con: duckdb.DuckDBPyConnection = DB,
) -> EventsPage:
    """Events that pass every filter, ordered by day, then document key and position (stable across pages).

    Only asserted events unless `modality` says otherwise.
    """
    total = Q.count_events(con, flt)
    rows = Q.list_events(con, flt, limit=limit, offset=offset, newest_first=order == "desc")
    return EventsPage(
        total=total,
        left_out=Q.left_out(con, flt),
        limit=limit,
        offset=offset,
        next_offset=_next(total, limit, offset),
        events=[event_out(r) for r in rows],
    )


@router.get("/dyads", response_model=DyadsOut, summary="Top dyads by event count")
def get_dyads(
    flt: Q.EventFilter = Depends(event_filter),
    level: Literal["country", "actor"] = Query(
        "country", description="country: IRNGOV counts for IRN; actor: full codes"
    ),
    limit: int = Query(20, ge=1, le=Q.MAX_LIMIT, description=f"how many pairs, at most {Q.MAX_LIMIT}"),
    con: duckdb.DuckDBPyConnection = DB,
) -> DyadsOut:
    """(source, target) pairs with the most events, with their mean Goldstein score and quad-class counts."""
    rows = Q.top_dyads(con, flt, level=level, limit=limit)
    return DyadsOut(level=level, modality=flt.modality, dyads=[dyad_out(r) for r in rows])


@router.get("/dyads/{source}/{target}/timeline", response_model=TimelineOut, summary="A dyad's timeline")
def get_dyad_timeline(
    source: str = Path(description="source actor code (prefix)", examples=["IRN"], pattern=Q.CODE_PATTERN),
    target: str = Path(description="target actor code (prefix)", examples=["USA"], pattern=Q.CODE_PATTERN),
    interval: Interval = Query("month", description="day, week (from Monday), month or year"),
    both: bool = Query(False, description="count both directions (source on target and target on source)"),
    modality: Modality = Query("asserted"),
    since: DateParam = Since,
    until: DateParam = Until,
    undated: Undated = UndatedParam,
    con: duckdb.DuckDBPyConnection = DB,
) -> TimelineOut:
    """Counts by quad class and mean Goldstein score per interval for SOURCE acting on TARGET.

    Codes match by prefix, so IRN/USA counts IRNGOV acting on USAMIL. Intervals without
    events are left out.
    """
    dyad = f"{Q.actor_code(source, 'source')}{'~' if both else '-'}{Q.actor_code(target, 'target')}"
    flt = Q.EventFilter(dyad=dyad, modality=modality, since=since, until=until, undated=undated)
    return TimelineOut(dyad=dyad, modality=modality, **Q.timeline(con, flt, interval))


@router.get("/timeline", response_model=TimelineOut, summary="A timeline of any event filter")
def get_timeline(
    flt: Q.EventFilter = Depends(event_filter), interval: Interval = Query("month"), con: duckdb.DuckDBPyConnection = DB
) -> TimelineOut:
    """Counts by quad class and mean Goldstein score per interval for the events that pass the filters."""
    return TimelineOut(dyad=flt.dyad, modality=flt.modality, **Q.timeline(con, flt, interval))


@router.get("/actors/{code}", response_model=ActorOut, summary="An actor: roles, counterparts, quotes")
def get_actor(
    code: str = Path(description="actor code (prefix): IRN, IRNGOV, IGOUNO", pattern=Q.CODE_PATTERN),
    modality: Modality = Query("asserted", description="which events count for roles and counterparts"),
    since: DateParam = Since,
    until: DateParam = Until,
    undated: Undated = UndatedParam,
    quotes: int = Query(20, ge=0, le=Q.MAX_LIMIT, description="how many of the newest quotes"),
    con: duckdb.DuckDBPyConnection = DB,
) -> ActorOut:
    """The codes under CODE with their mentions and events, the people coded under it, its
    counterparts (country level) and its newest quotes. 404 when the store never saw it."""
    code = Q.actor_code(code, "code")
    flt = Q.EventFilter(modality=modality, since=since, until=until, undated=undated)
    found = Q.actor_profile(con, code, flt, quotes=quotes)
    if found is None:
        raise HTTPException(404, f"no actor code starting with {code} in this store")
    return ActorOut(
        code=code,
        label=Q.actor_label(code),
        quote_count=found["quote_count"],
        roles=[RoleOut(label=Q.actor_label(r["code"]), **r) for r in found["roles"]],
        people=[PersonOut(**p) for p in found["people"]],
        counterparts=[
            CounterpartOut(label=Q.actor_label(c["code"]), page=f"/dyads/{code}/{c['code']}?both=true", **c)
            for c in found["counterparts"]
        ],
        quotes=[quote_out(r) for r in found["quotes"]],
    )


@router.get("/quotes", response_model=QuotesPage, summary="Quotes by speaker and text")
def get_quotes(
    speaker: str | None = Query(
        None,
        max_length=Q.MAX_Q,
        description="a code prefix in capitals (IRNGOV) or part of the speaker's name (rouhani)",
    ),
    q: str | None = Query(None, max_length=Q.MAX_Q, description="text in the quote, any case"),
    limit: int = Limit,
    offset: int = Offset,
    con: duckdb.DuckDBPyConnection = DB,
) -> QuotesPage:
    """Direct quotes, newest article first (then document key and position)."""
    total, rows = Q.search_quotes(con, speaker=speaker, q=q, limit=limit, offset=offset)
    return QuotesPage(
        total=total,
        limit=limit,
        offset=offset,
        next_offset=_next(total, limit, offset),
        quotes=[quote_out(r) for r in rows],
    )


@router.get("/articles/{ident:path}", response_model=ArticleOut, summary="An article with every span")
def get_article(
    ident: str = Path(description="document key (sha256), or the document id"), con: duckdb.DuckDBPyConnection = DB
) -> ArticleOut:
    """The article's body with every actor mention, event (all modalities) and quote, each with its span."""
    found = Q.find_article(con, ident)
    if found is None:
        raise HTTPException(404, f"no article with key or id {ident!r}")
    return article_out(found)


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
