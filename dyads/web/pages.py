"""The dashboard's HTML pages and fragments: server-rendered Jinja2, charts drawn from the JSON API.

Pages: overview, events, a dyad, an actor, an article, quote search. Fragments (event
rows, an event's evidence) are HTML that dashboard.js swaps into a page, so that every
piece of article text is escaped in one place: `highlight` here, and Jinja2's autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from dyads.web import queries as Q
from dyads.web.api import DB, Interval, Modality
from dyads.web.models import article_out, event_out, quote_out

PAGE = 50  # events per list page
TOP = 15  # rows of the overview's top dyads and actors
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals.update(label=Q.actor_label, quads=QUADS, cameo=lambda c: Q.cameo_labels().get(c, ""))


def link(url: object) -> str | None:
    """A stored URL fit for an href: only http(s) URLs become links (never javascript:, data:, file:...)."""
    if not isinstance(url, str):
        return None
    value = url.strip()
    return value if value.lower().startswith(("http://", "https://")) and " " not in value else None


templates.env.filters["link"] = link


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    """An HTML page for an error met while browsing (the API answers JSON instead)."""
    return render(
        request, "error.html", status=status, status_code=status, title=HTTPStatus(status).phrase, message=message
    )


def _query(**params: Any) -> str:
    """A query string of the parameters that are set (False and None left out)."""
    kept = {k: ("true" if v is True else v) for k, v in params.items() if v not in (None, False, "")}
    return urlencode(kept)


def _filter_params(flt: Q.EventFilter) -> dict[str, Any]:
    return {
        "actor": flt.actor,
        "dyad": flt.dyad,
        "root": flt.root,
        "code": flt.code,
        "quad": flt.quad,
        "modality": None if flt.modality == "asserted" else flt.modality,
        "since": flt.since,
        "until": flt.until,
        "q": flt.q,
        "undated": flt.undated,
    }


def page_filter(
    actor: str = "",
    dyad: str = "",
    root: str = "",
    code: str = "",
    quad: str = "",
    modality: str = "asserted",
    since: str = "",
    until: str = "",
    q: str = "",
    undated: str = "",
    con: duckdb.DuckDBPyConnection = DB,
) -> Q.EventFilter:
    """The event filter of a page's form: a field left empty is no filter (EventFilter and
    check_known check the rest: a bad or unknown value is a 422 page that names it)."""
    flt = Q.EventFilter(
        actor=actor or None,
        dyad=dyad or None,
        root=root or None,
        code=code or None,
        quad=quad or None,
        modality=modality or "asserted",
        since=since or None,
        until=until or None,
        q=q or None,
        undated=undated or None,  # type: ignore[arg-type]  # EventFilter checks it
    )
    return Q.check_known(flt, con)


def csv_url(endpoint: str, **params: Any) -> str:
    """The CSV download of an API list endpoint with these parameters."""
    return f"{endpoint}?" + _query(**params, format="csv")


def events_csv(flt: Q.EventFilter) -> str:
    """The CSV of an event table: its filter, every row up to the API's page cap, in the table's order."""
    return csv_url("/api/events", **_filter_params(flt), limit=Q.MAX_LIMIT)


def _event_list(con: duckdb.DuckDBPyConnection, flt: Q.EventFilter, offset: int = 0) -> dict[str, Any]:
    """What the event-rows fragment shows: a page of events and the URL of the next one."""
    total = Q.count_events(con, flt)
    events = [event_out(r) for r in Q.list_events(con, flt, limit=PAGE, offset=offset)]
    more = None
    if offset + PAGE < total:
        more = "/fragments/events?" + _query(**_filter_params(flt), offset=offset + PAGE)
    return {"events": events, "total": total, "more": more, "offset": offset, "left_out": Q.left_out(con, flt)}


# --- pages ------------------------------------------------------------------------------------


@router.get("/")
def overview_page(request: Request, con: duckdb.DuckDBPyConnection = DB) -> Response:
    """The store at a glance: volume over time, top dyads and actors."""
    everything = Q.EventFilter()
    return render(
        request,
        "overview.html",
        stats=Q.overview(con),
        dyads=Q.top_dyads(con, everything, limit=TOP),
        actors=Q.top_actors(con, everything, limit=TOP),
        timeline="/api/timeline?interval=month",
        dyads_csv=csv_url("/api/dyads", limit=TOP),
        actors_csv=csv_url("/api/actors", limit=TOP),
    )


@router.get("/events")
def events_page(
    request: Request,
    flt: Q.EventFilter = Depends(page_filter),
    interval: Interval = "month",
    con: duckdb.DuckDBPyConnection = DB,
) -> Response:
    """Any event filter: its timeline and its events."""
    params = _filter_params(flt)
    return render(
        request,
        "events.html",
        flt=flt,
        summary=Q.summary(con, flt),
        interval=interval,
        timeline="/api/timeline?" + _query(**params, interval=interval),
        rows_url="/fragments/events?" + _query(**params),
        csv=events_csv(flt),
        **_event_list(con, flt),
    )


@router.get("/map")
def map_page(
    request: Request, flt: Q.EventFilter = Depends(page_filter), con: duckdb.DuckDBPyConnection = DB
) -> Response:
    """Geolocated events on a world map, by quad class; a click shows the event's evidence sentence."""
    params = _filter_params(flt)
    located, not_located, _ = Q.map_events(con, flt, limit=1)
    return render(
        request,
        "map.html",
        flt=flt,
        located=located,
        not_located=not_located,
        left_out=Q.left_out(con, flt),
        limit=Q.MAP_LIMIT,
        data="/api/map?" + _query(**params),
        csv=csv_url("/api/map", **params),
        events="/events?" + _query(**params),
    )


@router.get("/dyads/{source}/{target}")
def dyad_page(
    request: Request,
    source: str,
    target: str,
    interval: Interval = "month",
    both: bool = False,
    modality: Modality = "asserted",
    since: str | None = None,
    until: str | None = None,
    con: duckdb.DuckDBPyConnection = DB,
) -> Response:
    """One dyad: its interactive timeline, its events, and the evidence of the event clicked."""
    s, t = Q.actor_code(source, "source"), Q.actor_code(target, "target")
    flt = Q.EventFilter(
        dyad=f"{s}{'~' if both else '-'}{t}", modality=modality, since=since or None, until=until or None
    )
    timeline = f"/api/dyads/{s}/{t}/timeline?" + _query(
        interval=interval, both=both, modality=modality, since=flt.since, until=flt.until
    )
    reverse = f"/dyads/{t}/{s}?" + _query(interval=interval, both=both)
    return render(
        request,
        "dyad.html",
        source=s,
        target=t,
        both=both,
        flt=flt,
        interval=interval,
        modality=modality,
        summary=Q.summary(con, flt),
        timeline=timeline,
        reverse=reverse,
        rows_url="/fragments/events?" + _query(**_filter_params(flt)),
        csv=events_csv(flt),
        **_event_list(con, flt),
    )


@router.get("/actors")
def actor_lookup(code: str = Query(..., max_length=24)) -> Response:
    """The actor form's target: redirects to /actors/CODE."""
    return RedirectResponse(f"/actors/{Q.actor_code(code, 'code')}", status_code=303)


@router.get("/actors/{code}")
def actor_page(
    request: Request, code: str, modality: Modality = "asserted", con: duckdb.DuckDBPyConnection = DB
) -> Response:
    """One actor (a code prefix): roles, people, counterparts, quotes, timeline and events."""
    code = Q.actor_code(code, "code")
    flt = Q.EventFilter(actor=code, modality=modality)
    found = Q.actor_profile(con, code, Q.EventFilter(modality=modality), quotes=10)
    if found is None:
        raise HTTPException(404, f"no actor code starting with {code} in this store")
    params = _filter_params(flt)
    return render(
        request,
        "actor.html",
        code=code,
        actor=found,
        flt=flt,
        summary=Q.summary(con, flt),
        quotes=[quote_out(r) for r in found["quotes"]],
        interval="month",
        timeline="/api/timeline?" + _query(**params),
        rows_url="/fragments/events?" + _query(**params),
        csv=events_csv(flt),
        roles_csv=csv_url(f"/api/actors/{code}/roles", modality=params["modality"]),
        counterparts_csv=csv_url(f"/api/actors/{code}/counterparts", modality=params["modality"]),
        **_event_list(con, flt),
    )


@router.get("/quotes")
def quotes_page(
    request: Request,
    speaker: str | None = Query(None, max_length=Q.MAX_Q),
    q: str | None = Query(None, max_length=Q.MAX_Q),
    offset: int = Query(0, ge=0, le=10_000_000),
    con: duckdb.DuckDBPyConnection = DB,
) -> Response:
    """Quote search by speaker (code prefix or name) and text."""
    total, rows = Q.search_quotes(con, speaker=speaker, q=q, limit=PAGE, offset=offset)
    nxt = "/quotes?" + _query(speaker=speaker, q=q, offset=offset + PAGE) if offset + PAGE < total else None
    prev = "/quotes?" + _query(speaker=speaker, q=q, offset=max(0, offset - PAGE)) if offset else None
    return render(
        request,
        "quotes.html",
        speaker=speaker or "",
        q=q or "",
        total=total,
        offset=offset,
        quotes=[quote_out(r) for r in rows],
        next=nxt,
        prev=prev,
        csv=csv_url("/api/quotes", speaker=speaker, q=q, limit=PAGE, offset=offset or None),
    )


@router.get("/articles/{ident:path}")
def article_page(
    request: Request,
    ident: str,
    event: int | None = Query(None, ge=0),
    quote: int | None = Query(None, ge=0),
    con: duckdb.DuckDBPyConnection = DB,
) -> Response:
    """An article with its actors, quotes and event evidence highlighted; ?event=N or ?quote=N selects one."""
    found = Q.find_article(con, ident)
    if found is None:
        raise HTTPException(404, f"no article with key or id {ident!r}")
    article = article_out(found)
    body = highlight(article.body, marks(article, event=event, quote=quote))
    return render(request, "article.html", article=article, body=body, event=event, quote=quote)


# --- fragments --------------------------------------------------------------------------------


@router.get("/fragments/events")
def event_rows(
    request: Request,
    flt: Q.EventFilter = Depends(page_filter),
    offset: int = Query(0, ge=0, le=10_000_000),
    con: duckdb.DuckDBPyConnection = DB,
) -> Response:
    """Table rows of events for dashboard.js: a period clicked on a chart, or the next page."""
    return render(request, "_event_rows.html", **_event_list(con, flt, offset))


@router.get("/fragments/evidence/{doc_key}/{n}")
def evidence(request: Request, doc_key: str, n: int, con: duckdb.DuckDBPyConnection = DB) -> Response:
    """An event's details and its article, with the evidence span highlighted and scrolled to."""
    found = Q.find_article(con, doc_key)
    if found is None or found["doc_key"] != doc_key or not 0 <= n < len(found["events"]):
        raise HTTPException(404, f"no event {n} in the article with key {doc_key!r}")
    article = article_out(found)
    ev = article.events[n]
    body = highlight(article.body, marks(article, event=n))
    return render(request, "_evidence.html", article=article, ev=ev, body=body)


# --- highlighting -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the body to highlight: kind is actor, quote or evidence."""

    start: int
    end: int
    kind: str
    note: str
    selected: bool = False
    ref: str = ""  # "ev3", "q1": lets dashboard.js find the segments of one event


def marks(article: Any, *, event: int | None = None, quote: int | None = None) -> list[Mark]:
    """Every actor, quote and event span of an article; `event`/`quote` is the one selected."""
    out = [
        Mark(a.start, a.end, "actor", f"{a.code} ({a.label}){': ' + a.name if a.name else ''}") for a in article.actors
    ]
    out += [
        Mark(
            q.start,
            q.end,
            "quote",
            f"quote of {q.speaker.name or q.speaker.code or 'an unknown speaker'}",
            selected=q.n == quote,
            ref=f"q{q.n}",
        )
        for q in article.quotes
    ]
    out += [
        Mark(
            e.start,
            e.end,
            "evidence",
            f"event {e.n}: {e.source.code} {e.cameo} {e.target.code} ({e.modality})",
            selected=e.n == event,
            ref=f"ev{e.n}",
        )
        for e in article.events
    ]
    return out


def highlight(body: str, spans: list[Mark]) -> Markup:
    """The body as escaped HTML, each stretch covered by marks wrapped in one <span> with their classes.

    Overlapping spans are flattened: the body is cut at every span boundary, and each
    piece carries the classes and notes of all the spans that cover it, so nesting
    never breaks. The first piece of a selected span gets id="selected".
    """
    valid = [m for m in spans if 0 <= m.start < m.end <= len(body)]
    cuts = sorted({0, len(body), *(m.start for m in valid), *(m.end for m in valid)})
    out: list[str] = []
    anchored = False
    for a, b in zip(cuts, cuts[1:]):
        text = escape(body[a:b])
        cover = [m for m in valid if m.start <= a and b <= m.end]
        if not cover:
            out.append(str(text))
            continue
        classes = sorted({m.kind for m in cover} | ({"selected"} if any(m.selected for m in cover) else set()))
        attrs = f' class="hl {" ".join(classes)}" title="{escape("; ".join(m.note for m in cover))}"'
        refs = " ".join(m.ref for m in cover if m.ref)
        if refs:
            attrs += f' data-refs="{escape(refs)}"'
        if "selected" in classes and not anchored:
            attrs += ' id="selected"'
            anchored = True
        out.append(f"<span{attrs}>{text}</span>")
    return Markup("".join(out))
