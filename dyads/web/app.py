"""The FastAPI app: a read-only store, the JSON API, the pages, and one error shape (docs/web.md).

The store is opened per request and closed when the server is idle (Reader), so
`dyads ingest` can write it while the server runs.

Security defaults: the store is opened read-only with DuckDB's file access switched
off and its configuration locked, so even a bug cannot read or write other files; no
endpoint takes SQL and every filter is a bound parameter (queries.py); no CORS header
is sent unless origins are named; pages carry a Content-Security-Policy that allows
only this server's own scripts (no CDN: plotly.js comes from the installed plotly package).
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyads import __version__
from dyads.errors import StoreError
from dyads.store.db import Store
from dyads.web.queries import ParamError

HERE = Path(__file__).resolve().parent
log = logging.getLogger("dyads.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def open_store(db_path: str | Path, lock_wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store, with file access off; StoreError when it cannot be opened.

    `lock_wait`: seconds to wait while another process (an ingest writing a batch) holds the lock.
    """
    store = Store(db_path, read_only=True, lock_wait=lock_wait)  # checks that it exists and has this dyads' schema
    con = store.con
    locked = con.execute("SELECT current_setting('lock_configuration')").fetchall()[0][0]
    if not locked:  # else this process opened the file before: the same database, already locked down
        con.execute("SET enable_external_access = false")  # no read_csv('/etc/...'), no ATTACH, no COPY
        con.execute("SET lock_configuration = true")
    if con.execute("SELECT current_setting('enable_external_access')").fetchall()[0][0]:
        con.close()
        raise StoreError(f"store {db_path} is open in this process with file access on; close it first")
    return con


class Reader:
    """The server's access to the store: opened read-only while requests are answered, closed between.

    DuckDB lets no other process write a file while one has it open, even read-only, so
    the server must not keep it open: `dyads ingest` could never write. Each request takes
    a cursor (`cursor()`); the first opens the store (waiting up to `lock_wait` seconds
    while an ingest writes a batch), and `linger` seconds after the last one is closed the
    store is closed too, so a page's burst of requests opens it once. Every request sees
    what was committed when the store was opened (docs/web.md, docs/store.md).
    """

    def __init__(self, path: str | Path, *, lock_wait: float = 10.0, linger: float = 0.1) -> None:
        self.path, self.lock_wait, self.linger = str(path), lock_wait, linger
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._timer: threading.Timer | None = None
        open_store(self.path, lock_wait).close()  # the store exists, has this schema, can be read: now, not later

    @property
    def is_open(self) -> bool:
        return self._con is not None

    def cursor(self) -> Cursor:
        """A cursor of the open store for one request (thread); close it when the request is answered."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._con is None:
                self._con = open_store(self.path, self.lock_wait)
            cur = self._con.cursor()
            self._users += 1
        return Cursor(cur, self)

    def _done(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users or self._con is None:
                return
            if self.linger <= 0:
                self._close()
            else:
                self._timer = threading.Timer(self.linger, self._idle)
                self._timer.daemon = True
                self._timer.start()

    def _idle(self) -> None:
        with self._lock:
            if not self._users:
                self._close()

    def _close(self) -> None:
        con, self._con, self._timer = self._con, None, None
        if con is not None:
            con.close()

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._close()


class Cursor:
    """A DuckDB cursor that gives the store back to its Reader when closed (every other call goes to DuckDB)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, reader: Reader) -> None:
        self._cur = cur
        self._reader: Reader | None = reader

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cur, name)

    def close(self) -> None:
        if self._reader is not None:
            reader, self._reader = self._reader, None
            self._cur.close()
            reader._done()

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_app(
    db_path: str | Path,
    *,
    cors_origins: Sequence[str] = (),
    allowed_hosts: Sequence[str] | None = None,
    lock_wait: float = 10.0,
    linger: float = 0.1,
) -> FastAPI:
    """The dashboard and JSON API over the store at `db_path` (checked now; read per request: Reader).

    `lock_wait`, `linger`: see Reader. A request that finds the store locked for longer
    than `lock_wait` (an ingest writing) gets 503 with a line that names the writer.

    `allowed_hosts`: the Host header names accepted (`dyads serve` passes the bound
    address, localhost and --allow-host names); any other Host gets 400, so a page of
    another site that rebinds its DNS name to this machine cannot read the store. None:
    no check (an app embedded behind a proxy of its own).
    """
    from dyads.web import api, pages

    reader = Reader(db_path, lock_wait=lock_wait, linger=linger)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        reader.close()

    app = FastAPI(
        title="dyads",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        description="Political event data coded from news, with the evidence of every event. "
        "Read-only. Every error has the shape of ErrorOut. See docs/web.md.",
    )
    app.state.db = reader  # .cursor() per request (api.db)
    app.state.db_path = str(db_path)
    _install_errors(app)
    app.include_router(api.router)
    app.add_api_route("/static/vendor/plotly.min.js", plotly_js, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"])
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed=allowed_hosts)
    return app


def host_name(header: str) -> str:
    """The name of a Host header without its port: `[::1]:8000` -> `::1`, `LocalHost:80` -> `localhost`."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostCheck:
    """400 for a request whose Host header is not one of the allowed names (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: Sequence[str]) -> None:
        self.app = app
        self.allowed = {host_name(h) for h in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.allowed:
            response = error_response(400, f"host {host!r} is not served here (dyads serve --allow-host NAME)")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def plotly_path() -> Path | None:
    """plotly.min.js as shipped inside the installed plotly package, or None."""
    spec = importlib.util.find_spec("plotly")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "package_data" / "plotly.min.js"
        if path.is_file():
            return path
    return None


def plotly_js() -> Response:
    """The plotly.js bundle of the installed plotly package (the charts' only library)."""
    path = plotly_path()
    if path is None:
        return error_response(404, "plotly.min.js not found: install the plotly package (pip install plotly)")
    return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


class HeadAsGet:
    """HEAD on any GET route: answered as the GET would be, headers only (FastAPI's routes take GET only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class SecurityHeaders:
    """Adds nosniff, no-referrer and (on HTML) the Content-Security-Policy to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", CSP.encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- errors: one JSON shape for the API; a page for a person's browser -------------------------


def error_body(status: int, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one error shape: {"error": {"status", "title", "message", "details"}}."""
    return {
        "error": {"status": status, "title": HTTPStatus(status).phrase, "message": message, "details": details or []}
    }


def error_response(status: int, message: str, details: list[dict[str, Any]] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, details), status_code=status)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path in ("/api", "/openapi.json"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _respond(request: Request, status: int, message: str, details: list[dict[str, Any]] | None = None) -> Response:
    if _wants_html(request):
        from dyads.web.pages import error_page

        return error_page(request, status, message)
    return error_response(status, message, details)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        where = loc[0] if loc and loc[0] in ("query", "path", "body") else None
        param = loc[1] if where and len(loc) > 1 else (".".join(loc) or None)
        message = err.get("msg", "invalid value")
        if err.get("type") == "literal_error" and err.get("ctx", {}).get("expected"):
            message = f"must be one of {err['ctx']['expected']}"
        if err.get("type") == "string_pattern_mismatch" and param:
            found = _pattern_message(param, where, err.get("input"))
            if found:
                out.append({"param": param, "where": where, "message": found})
                continue
        out.append({"param": param, "where": where, "message": f"{param}: {message}" if param else message})
    return out


def _pattern_message(param: str, where: str | None, value: object) -> str | None:
    """The query layer's own message for a value that fails an OpenAPI pattern (it names the form)."""
    from dyads.store.query import EventFilter, actor_code, parse_dyad
    from dyads.web.queries import check_known

    text = str(value)
    try:
        if param in ("actor", "source", "target") or (param == "code" and where == "path"):
            actor_code(text, param)
        elif param == "dyad":
            parse_dyad(text)
        elif param in ("root", "code", "since", "until"):
            check_known(EventFilter(**{param: text}))  # type: ignore[arg-type]
    except ValueError as exc:
        return str(exc)
    return None


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        return _respond(request, 422, "; ".join(d["message"] for d in details) or "invalid request", details)

    @app.exception_handler(ParamError)
    async def bad_param(request: Request, exc: ParamError) -> Response:
        where = "path" if exc.param in request.path_params else "query"
        return _respond(request, 422, str(exc), [{"param": exc.param, "where": where, "message": str(exc)}])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        response = _respond(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _respond(request, 503, str(exc))

    @app.exception_handler(duckdb.Error)
    async def db_error(request: Request, exc: duckdb.Error) -> Response:
        log.exception("query failed: %s", request.url)
        return _respond(request, 500, f"the store could not answer this query ({type(exc).__name__})")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error: %s", request.url)
        return _respond(request, 500, f"internal error ({type(exc).__name__}); this is a bug in dyads")
