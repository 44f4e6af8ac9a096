"""The JSON API under /api: its parameters and routes (docs/web.md); the response models are in models.py.

pydantic lives at the web edge (here and models.py) and nowhere else: queries return plain
dicts and models.py turns them into response models. A bad parameter is a 422 in the
one error shape of `app.error_body`; an unknown parameter is one too (a typo such as
`dyda=` would otherwise return every event).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response

from dyads.web import queries as Q
from dyads.web.models import (
    ERRORS,
    ActorOut,
    ActorRow,
    ActorsOut,
    ArticleOut,
    Bucket,
    CounterpartOut,
    CounterpartsOut,
    DyadOut,
    DyadsOut,
    EventOut,
    EventsPage,
    IndexOut,
    MapOut,
    MapPoint,
    PersonOut,
    QuoteOut,
    QuotesPage,
    RoleOut,
    RolesOut,
    TimelineOut,
    api_index,
    article_out,
    dyad_out,
    event_out,
    next_offset,
    point_out,
    quote_out,
)
from dyads.web.tables import CSV_RESPONSE, csv_response

Modality = Literal["asserted", "negated", "hypothetical", "question", "intended", "reported", "all"]
Undated = Literal["exclude", "include"] | None
DateParam = str | None  # strict YYYY-MM-DD, checked by the pattern and by EventFilter

_DATE = {"pattern": Q.DATE_PATTERN, "json_schema_extra": {"format": "date"}}
Since = Query(None, description="first event date, inclusive (YYYY-MM-DD)", **_DATE)  # type: ignore[arg-type]
Until = Query(None, description="last event date, inclusive (YYYY-MM-DD)", **_DATE)  # type: ignore[arg-type]
_UNDATED = "include or exclude the events without an event date (default: included unless since or until is given)"
UndatedParam = Query(None, description=_UNDATED)


Interval = Literal["day", "week", "month", "year"]
Format = Literal["json", "csv"]


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
    root: str | None = Query(
        None, pattern=r"^\d{2}$", description="CAMEO root, two digits from 01 to 20", examples=["12"]
    ),
    code: str | None = Query(
        None, pattern=r"^\d{3,4}$", description="CAMEO event code of 3 or 4 digits, exact", examples=["125"]
    ),
    quad: int | None = Query(
        None,
        ge=1,
        le=4,
        description="quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
    ),
    modality: Modality = Query("asserted", description="asserted (the default), another modality, or all"),
    since: DateParam = Since,
    until: DateParam = Until,
    q: str | None = Query(None, max_length=Q.MAX_Q, description="text in the evidence sentence or an actor's name"),
    undated: Undated = UndatedParam,
    con: duckdb.DuckDBPyConnection = DB,
) -> Q.EventFilter:
    flt = Q.EventFilter(
        actor=actor,
        dyad=dyad,
        root=root,
        code=code,
        quad=quad,
        modality=modality,
        since=since,  # EventFilter parses the string
        until=until,
        q=q,
        undated=undated,
    )
    return Q.check_known(flt, con)


def out_format(
    fmt: Format = Query(
        "json",
        alias="format",
        description="json (the default), or csv: the same rows and columns, nested fields flattened (source.code)",
    ),
) -> str:
    return fmt


FMT = Depends(out_format)


# --- routes -----------------------------------------------------------------------------------


@router.get("", response_model=IndexOut, summary="This list of the API's endpoints")
def get_index(request: Request) -> IndexOut:
    """Every endpoint of the API with its method, summary, parameters and output formats."""
    return api_index(request.app.openapi())


@router.get("/events", response_model=EventsPage, summary="Events, filtered and paged", responses=CSV_RESPONSE)
def get_events(
    flt: Q.EventFilter = Depends(event_filter),
    limit: int = Limit,
    offset: int = Offset,
    order: Literal["asc", "desc"] = Query("asc", description="asc: oldest first; desc: newest first"),
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> EventsPage | Response:
    """Events that pass every filter, ordered by day, then document key and position (stable across pages).

    Only asserted events unless `modality` says otherwise.
    """
    total = Q.count_events(con, flt)
    rows = Q.list_events(con, flt, limit=limit, offset=offset, newest_first=order == "desc")
    page = EventsPage(
        total=total,
        left_out=Q.left_out(con, flt),
        limit=limit,
        offset=offset,
        next_offset=next_offset(total, limit, offset),
        events=[event_out(r) for r in rows],
    )
    if fmt == "csv":
        return csv_response(EventOut, page.events, "events", total=total, next_offset=page.next_offset)
    return page


@router.get("/map", response_model=MapOut, summary="Geolocated events for the map", responses=CSV_RESPONSE)
def get_map(
    flt: Q.EventFilter = Depends(event_filter),
    limit: int = Query(
        Q.MAP_LIMIT, ge=1, le=Q.MAP_MAX, description=f"points per page, at most {Q.MAP_MAX} (default {Q.MAP_LIMIT})"
    ),
    offset: int = Offset,
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> MapOut | Response:
    """The events that pass every filter and have a place with coordinates, one point each, in the
    order of /api/events; `not_located` counts the others."""
    located, not_located, rows = Q.map_events(con, flt, limit=limit, offset=offset)
    points = [point_out(r) for r in rows]
    nxt = next_offset(located, limit, offset)
    if fmt == "csv":
        return csv_response(MapPoint, points, "map", total=located, next_offset=nxt)
    return MapOut(
        total=located,
        not_located=not_located,
        left_out=Q.left_out(con, flt),
        limit=limit,
        offset=offset,
        next_offset=nxt,
        points=points,
    )


@router.get("/dyads", response_model=DyadsOut, summary="Top dyads by event count", responses=CSV_RESPONSE)
def get_dyads(
    flt: Q.EventFilter = Depends(event_filter),
    level: Literal["country", "actor"] = Query(
        "country", description="country: IRNGOV counts for IRN; actor: full codes"
    ),
    limit: int = Query(20, ge=1, le=Q.MAX_LIMIT, description=f"how many pairs, at most {Q.MAX_LIMIT}"),
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> DyadsOut | Response:
    """(source, target) pairs with the most events, with their mean Goldstein score and quad-class counts."""
    rows = [dyad_out(r) for r in Q.top_dyads(con, flt, level=level, limit=limit)]
    if fmt == "csv":
        return csv_response(DyadOut, rows, "dyads")
    return DyadsOut(level=level, modality=flt.modality, dyads=rows)


@router.get("/actors", response_model=ActorsOut, summary="Top actors by event count", responses=CSV_RESPONSE)
def get_actors(
    flt: Q.EventFilter = Depends(event_filter),
    limit: int = Query(20, ge=1, le=Q.MAX_LIMIT, description=f"how many actors, at most {Q.MAX_LIMIT}"),
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> ActorsOut | Response:
    """The country-level actors in the most events that pass the filters (either side; an event counts once)."""
    rows = [
        ActorRow(code=r["code"], label=Q.actor_label(r["code"]), events=r["events"], page=f"/actors/{r['code']}")
        for r in Q.top_actors(con, flt, limit=limit)
    ]
    if fmt == "csv":
        return csv_response(ActorRow, rows, "actors")
    return ActorsOut(modality=flt.modality, actors=rows)


@router.get(
    "/dyads/{source}/{target}/timeline", response_model=TimelineOut, summary="A dyad's timeline", responses=CSV_RESPONSE
)
def get_dyad_timeline(
    source: str = Path(description="source actor code (prefix)", examples=["IRN"], pattern=Q.CODE_PATTERN),
    target: str = Path(description="target actor code (prefix)", examples=["USA"], pattern=Q.CODE_PATTERN),
    interval: Interval = Query("month", description="day, week (from Monday), month or year"),
    both: bool = Query(False, description="count both directions (source on target and target on source)"),
    modality: Modality = Query("asserted"),
    since: DateParam = Since,
    until: DateParam = Until,
    undated: Undated = UndatedParam,
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> TimelineOut | Response:
    """Counts by quad class and mean Goldstein score per interval for SOURCE acting on TARGET.

    Codes match by prefix, so IRN/USA counts IRNGOV acting on USAMIL. Intervals without
    events are left out.
    """
    dyad = f"{Q.actor_code(source, 'source')}{'~' if both else '-'}{Q.actor_code(target, 'target')}"
    flt = Q.EventFilter(dyad=dyad, modality=modality, since=since, until=until, undated=undated)
    return timeline_out(TimelineOut(dyad=dyad, modality=modality, **Q.timeline(con, flt, interval)), fmt)


@router.get("/timeline", response_model=TimelineOut, summary="A timeline of any event filter", responses=CSV_RESPONSE)
def get_timeline(
    flt: Q.EventFilter = Depends(event_filter),
    interval: Interval = Query("month", description="day, week (from Monday), month or year"),
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> TimelineOut | Response:
    """Counts by quad class and mean Goldstein score per interval for the events that pass the filters."""
    return timeline_out(TimelineOut(dyad=flt.dyad, modality=flt.modality, **Q.timeline(con, flt, interval)), fmt)


def timeline_out(found: TimelineOut, fmt: str) -> TimelineOut | Response:
    if fmt == "csv":
        return csv_response(Bucket, found.buckets, "timeline", total=found.total)
    return found


def actor_filter(
    modality: Modality = Query("asserted", description="which events count for roles and counterparts"),
    since: DateParam = Since,
    until: DateParam = Until,
    undated: Undated = UndatedParam,
) -> Q.EventFilter:
    """The filter of the actor endpoints: which events count, and when."""
    return Q.EventFilter(modality=modality, since=since, until=until, undated=undated)


@router.get("/actors/{code}", response_model=ActorOut, summary="An actor: roles, counterparts, quotes")
def get_actor(
    code: str = Path(description="actor code (prefix): IRN, IRNGOV, IGOUNO", pattern=Q.CODE_PATTERN),
    flt: Q.EventFilter = Depends(actor_filter),
    quotes: int = Query(20, ge=0, le=Q.MAX_LIMIT, description="how many of the newest quotes"),
    con: duckdb.DuckDBPyConnection = DB,
) -> ActorOut:
    """The codes under CODE with their mentions and events, the people coded under it, its
    counterparts (country level) and its newest quotes. 404 when the store never saw it."""
    code = Q.actor_code(code, "code")
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


def _profile(con: duckdb.DuckDBPyConnection, code: str, flt: Q.EventFilter) -> dict[str, Any]:
    found = Q.actor_profile(con, code, flt, quotes=0)
    if found is None:
        raise HTTPException(404, f"no actor code starting with {code} in this store")
    return found


@router.get(
    "/actors/{code}/roles", response_model=RolesOut, summary="An actor's codes and their counts", responses=CSV_RESPONSE
)
def get_actor_roles(
    code: str = Path(description="actor code (prefix): IRN, IRNGOV, IGOUNO", pattern=Q.CODE_PATTERN),
    flt: Q.EventFilter = Depends(actor_filter),
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> RolesOut | Response:
    """The codes under CODE that occur, with their mentions and events each way (the actor page's Roles table)."""
    code = Q.actor_code(code, "code")
    found = _profile(con, code, flt)
    rows = [RoleOut(label=Q.actor_label(r["code"]), **r) for r in found["roles"]]
    if fmt == "csv":
        return csv_response(RoleOut, rows, f"{code}-roles")
    return RolesOut(code=code, roles=rows)


@router.get(
    "/actors/{code}/counterparts",
    response_model=CounterpartsOut,
    summary="An actor's counterparts",
    responses=CSV_RESPONSE,
)
def get_actor_counterparts(
    code: str = Path(description="actor code (prefix): IRN, IRNGOV, IGOUNO", pattern=Q.CODE_PATTERN),
    flt: Q.EventFilter = Depends(actor_filter),
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> CounterpartsOut | Response:
    """The country-level actors on the other side of CODE's events, with counts each way (the actor
    page's Counterparts table)."""
    code = Q.actor_code(code, "code")
    found = _profile(con, code, flt)
    rows = [
        CounterpartOut(label=Q.actor_label(c["code"]), page=f"/dyads/{code}/{c['code']}?both=true", **c)
        for c in found["counterparts"]
    ]
    if fmt == "csv":
        return csv_response(CounterpartOut, rows, f"{code}-counterparts")
    return CounterpartsOut(code=code, counterparts=rows)


@router.get("/quotes", response_model=QuotesPage, summary="Quotes by speaker and text", responses=CSV_RESPONSE)
def get_quotes(
    speaker: str | None = Query(
        None,
        max_length=Q.MAX_Q,
        description="a code prefix in capitals (IRNGOV) or part of the speaker's name (rouhani)",
    ),
    q: str | None = Query(None, max_length=Q.MAX_Q, description="text in the quote, any case"),
    limit: int = Limit,
    offset: int = Offset,
    fmt: str = FMT,
    con: duckdb.DuckDBPyConnection = DB,
) -> QuotesPage | Response:
    """Direct quotes, newest article first (then document key and position)."""
    total, rows = Q.search_quotes(con, speaker=speaker, q=q, limit=limit, offset=offset)
    page = QuotesPage(
        total=total,
        limit=limit,
        offset=offset,
        next_offset=next_offset(total, limit, offset),
        quotes=[quote_out(r) for r in rows],
    )
    if fmt == "csv":
        return csv_response(QuoteOut, page.quotes, "quotes", total=total, next_offset=page.next_offset)
    return page


@router.get("/articles/{ident:path}", response_model=ArticleOut, summary="An article with every span")
def get_article(
    ident: str = Path(description="document key (sha256), or the document id"), con: duckdb.DuckDBPyConnection = DB
) -> ArticleOut:
    """The article's body with every actor mention, event (all modalities) and quote, each with its span."""
    found = Q.find_article(con, ident)
    if found is None:
        raise HTTPException(404, f"no article with key or id {ident!r}")
    return article_out(found)
