"""Exports (Parquet, CSV, JSON Lines, GDELT 2.0, PLOVER) and the stats/events/export commands."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from dyads.cli.main import main
from dyads.errors import ConfigError
from dyads.registry import exporters
from dyads.store.db import Store
from dyads.store.export import GDELT_COLUMNS, TABLES, Export, _gdelt_actor, export, exporter_for
from dyads.store.query import EventFilter

from .conftest import SAMPLES
from .test_store import _clustered_store

ALL = EventFilter(modality="all", undated="include")


@pytest.fixture()
def db(tmp_path) -> Path:
    """A store file with 4 documents, 9 events (one negated, two undated) in 6 clusters."""
    path = tmp_path / "filled.duckdb"
    with Store(path) as store:
        _clustered_store(store)
    return path


@pytest.fixture()
def con(db):
    with Store(db, read_only=True) as store:
        yield store.con


def test_export_registry_names_are_pinned():
    assert sorted(exporters.get_all()) == [
        "dyads.csv.v1",
        "dyads.gdelt-mentions.v1",
        "dyads.gdelt.v1",
        "dyads.jsonl.v1",
        "dyads.parquet.v1",
        "dyads.plover.v1",
    ]
    assert exporter_for("gdelt") is exporter_for("dyads.gdelt.v1")
    with pytest.raises(ConfigError, match="known formats: csv, gdelt, gdelt-mentions, jsonl, parquet, plover"):
        exporter_for("xlsx")


def _read(fmt: str, path: Path) -> list[dict]:
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
@pytest.mark.parametrize(
    "flt,n",
    [
        (ALL, 9),
        (EventFilter(undated="include"), 8),
        (EventFilter(), 8),
        (EventFilter(undated="exclude"), 6),
        (EventFilter(dyad="USA-IRN"), 0),
        (EventFilter(since="2020-01-05"), 1),
    ],
)
def test_export_tabular_events_roundtrip(con, tmp_path, fmt, flt, n):
    out = tmp_path / f"events.{fmt}"
    assert export(con, fmt, out, Export(filter=flt)) == n
    rows = _read(fmt, out)
    assert len(rows) == n
    if rows:
        assert {"doc_id", "url", "outlet", "cameo", "source_code", "target_code", "event_date", "sentence"} <= set(
            rows[0]
        )


def test_export_parquet_all_tables_read_back_with_the_same_counts(con, tmp_path):
    export(con, "parquet", tmp_path / "snap", Export(table="all", filter=ALL))
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    read_back = {t: pq.read_table(tmp_path / "snap" / f"{t}.parquet").num_rows for t in TABLES}
    assert read_back == counts
    assert counts["events"] == 9 and counts["event_clusters"] == 6


def test_export_unknown_table(con, tmp_path):
    with pytest.raises(ConfigError, match="unknown table"):
        export(con, "csv", tmp_path / "x.csv", Export(table="people"))


def _gdelt(path: Path) -> list[dict[str, str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    assert all(len(r) == 61 for r in rows)
    return [dict(zip(GDELT_COLUMNS, r)) for r in rows]


def test_export_gdelt_has_the_61_documented_columns(con, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    assert export(con, "gdelt", out, Export(filter=ALL, header=False)) == 6
    rows = _gdelt(out)
    top = max(rows, key=lambda r: int(r["NumMentions"]))
    assert {
        k: top[k]
        for k in (
            "SQLDATE",
            "MonthYear",
            "Year",
            "Actor1Code",
            "Actor1Name",
            "Actor1CountryCode",
            "Actor1Type1Code",
            "Actor2Code",
            "Actor2CountryCode",
            "Actor2Type1Code",
            "IsRootEvent",
            "EventCode",
            "EventBaseCode",
            "EventRootCode",
            "QuadClass",
            "GoldsteinScale",
            "NumMentions",
            "NumSources",
            "NumArticles",
            "AvgTone",
            "ActionGeo_Type",
            "ActionGeo_FullName",
            "ActionGeo_CountryCode",
            "ActionGeo_Lat",
            "ActionGeo_Long",
            "Actor1Geo_Type",
        )
    } == {
        "SQLDATE": "20200103",
        "MonthYear": "202001",
        "Year": "2020",
        "Actor1Code": "IRNGOV",
        "Actor1Name": "IRNGOV NAME",
        "Actor1CountryCode": "IRN",
        "Actor1Type1Code": "GOV",
        "Actor2Code": "USA",
        "Actor2CountryCode": "USA",
        "Actor2Type1Code": "",
        "IsRootEvent": "1",
        "EventCode": "112",
        "EventBaseCode": "112",
        "EventRootCode": "11",
        "QuadClass": "3",
        "GoldsteinScale": "-2.0",
        "NumMentions": "4",
        "NumSources": "2",
        "NumArticles": "3",
        "AvgTone": "",
        "ActionGeo_Type": "4",
        "ActionGeo_FullName": "Tehran, Iran",
        "ActionGeo_CountryCode": "IR",
        "ActionGeo_Lat": "35.7",
        "ActionGeo_Long": "51.4",
        "Actor1Geo_Type": "0",
    }
    assert int(top["GLOBALEVENTID"]) > 0 and len(top["DATEADDED"]) == 14
    assert top["SOURCEURL"].startswith("https://")
    undated = [r for r in rows if r["SQLDATE"] == "20200104"]  # no event date: the first report's date
    assert len(undated) == 2
    assert float(rows[0]["FractionDate"]) == pytest.approx(2020 + (30 + 3) / 365, abs=1e-4)


def test_export_gdelt_reads_as_a_gdelt_table(con, tmp_path):
    out = tmp_path / "g.csv"
    export(con, "gdelt", out, Export(filter=ALL, header=False))
    names = ", ".join(f"'{c}': 'VARCHAR'" for c in GDELT_COLUMNS)
    n, ids = duckdb.execute(
        f"SELECT count(*), count(DISTINCT GLOBALEVENTID) FROM read_csv('{out}', delim='\\t', "
        f"header=false, columns={{{names}}})"
    ).fetchone()
    assert n == ids == 6
    export(con, "gdelt", out, Export(filter=ALL, header=True))
    assert out.read_text(encoding="utf-8").splitlines()[0].split("\t") == list(GDELT_COLUMNS)


@pytest.mark.parametrize(
    "code,fields",
    [
        ("IRNGOV", ["IRNGOV", "X", "IRN", None, None, None, None, "GOV", None, None]),
        ("USAMILREB", ["USAMILREB", "X", "USA", None, None, None, None, "MIL", "REB", None]),
        ("IGOWSTNAT", ["IGOWSTNAT", "X", None, "NAT", None, None, None, "IGO", None, None]),
        ("IGOUNO", ["IGOUNO", "X", None, "UNO", None, None, None, "IGO", None, None]),
        ("RUS", ["RUS", "X", "RUS", None, None, None, None, None, None, None]),
    ],
)
def test_export_gdelt_actor_fields(code, fields):
    assert _gdelt_actor(code, "x") == fields


def test_export_plover_json_lines(con, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    assert export(con, "plover", out, Export(filter=EventFilter(undated="include"))) == 5  # asserted clusters
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    top = max(records, key=lambda r: r["dyads"]["n_mentions"])
    assert {k: top[k] for k in ("date", "event", "source", "recipient", "quad_code", "event_scale", "mode")} == {
        "date": "2020-01-03",
        "event": "ACCUSE",
        "source": ["IRNGOV"],
        "recipient": ["USA"],
        "quad_code": 3,
        "event_scale": -2.0,
        "mode": None,
    }
    assert top["context"] == [] and top["coder"] == "dyads" and len(top["coded_date"]) == 10
    assert top["event_loc"]["name"] == "Tehran" and top["event_text"]
    assert {k: top["dyads"][k] for k in ("cameo", "modality", "n_mentions", "n_articles", "n_sources")} == {
        "cameo": "112",
        "modality": "asserted",
        "n_mentions": 4,
        "n_articles": 3,
        "n_sources": 2,
    }
    assert len(top["dyads"]["evidence"]) == 4


def test_export_plover_validates_against_the_shipped_schema(con, tmp_path):
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # installed with the dev extras (schemathesis)
    from dyads.store.export import plover_schema

    schema = plover_schema()
    assert schema["required"] == [
        *("id", "date", "source", "event", "recipient", "event_loc", "event_text"),
        *("quad_code", "event_scale", "mode", "context", "coder", "coded_date"),
    ]
    validator = jsonschema_rs.validator_for(schema)
    out = tmp_path / "all.plover.jsonl"
    n = export(con, "plover", out, Export(filter=ALL))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == n > 0
    for rec in records:
        validator.validate(rec)
    assert any(r["context"] == ["negated"] for r in records)  # negated events carry PLOVER's context
    assert not validator.is_valid({**records[0], "event_type": "ACCUSE"})  # the old field names are gone


@pytest.mark.parametrize(
    ("cameo", "mode"),
    [("041", "phone"), ("042", "visit"), ("043", "visit"), ("141", "demo"), ("145", "riot"), ("112", None)],
)
def test_export_plover_mode_from_the_cameo_code(cameo, mode):
    from dyads.store.export import PLOVER_MODES

    assert PLOVER_MODES.get(cameo) == mode


def test_export_plover_every_coded_cameo_code_has_a_plover_type():
    """016 and 019 are no longer dropped; only plain statements lack a type (and are counted)."""
    from dyads.events.verbs import load_cameo

    missing = sorted(c for c, row in load_cameo().items() if not row.plover)
    assert missing == ["01", "010", "011", "012", "013", "014", "017"]
    assert load_cameo()["044"].label == 'Meet at a "third" location'


def test_export_plover_reciprocal_events_are_one_record():
    from dyads.store.export import merge_reciprocal

    def rec(src: str, tgt: str) -> dict:
        return {
            "date": "2020-01-03",
            "context": [],
            "source": [src],
            "recipient": [tgt],
            "dyads": {"cameo": "046", "n_mentions": 1, "evidence": [{}], "reciprocal": False},
        }

    merged = merge_reciprocal([rec("FRA", "DEU"), rec("DEU", "FRA"), rec("FRA", "ITA")])
    assert len(merged) == 2
    assert merged[0]["source"] == ["DEU", "FRA"] and merged[0]["dyads"]["reciprocal"] is True
    assert merged[0]["dyads"]["n_mentions"] == 2


def test_export_cli_formats_and_errors(runner, db, tmp_path):
    out = tmp_path / "e.parquet"
    result = runner.invoke(
        main,
        [
            "export",
            "--db",
            str(db),
            "--format",
            "parquet",
            "--out",
            str(out),
            "--modality",
            "all",
            "--since",
            "2000-01-01",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "exported 7 rows" in result.output and pq.read_table(out).num_rows == 7
    assert "2 undated events left out" in result.stderr  # a date range leaves them out, and says so
    result = runner.invoke(
        main, ["export", "--db", str(db), "--format", "parquet", "--out", str(out), "--modality", "all"]
    )
    assert "exported 9 rows" in result.output and pq.read_table(out).num_rows == 9
    assert "undated" not in result.stderr
    result = runner.invoke(
        main,
        [
            "export",
            "--db",
            str(db),
            "--format",
            "gdelt",
            "--out",
            str(tmp_path / "g.tsv"),
            "--dyad",
            "IRN~USA",
            "--since",
            "2020-01-01",
        ],
    )
    assert result.exit_code == 0 and "exported 3 rows" in result.output
    assert len((tmp_path / "g.tsv").read_text().splitlines()) == 3  # no header line by default
    bad = runner.invoke(main, ["export", "--db", str(db), "--format", "xlsx", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "known formats" in bad.output
    bad = runner.invoke(main, ["export", "--db", str(db), "--format", "csv", "--out", "x.csv", "--since", "May 1"])
    assert bad.exit_code == 2 and "since must be a date" in bad.output
    missing = runner.invoke(main, ["export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv", "--out", "x"])
    assert missing.exit_code == 3 and "does not exist" in missing.output


def test_export_cli_stats(runner, db):
    result = runner.invoke(main, ["stats", "--db", str(db), "--undated", "include"])
    assert result.exit_code == 0, result.output
    assert "documents: 4 (coded 4)" in result.output
    assert "IRNGOV -> USA" in result.output and "8 events in 5 clusters" in result.output
    numbers = json.loads(runner.invoke(main, ["stats", "--db", str(db), "--json"]).stdout)
    assert (numbers["events"], numbers["selected"], numbers["left_out"], numbers["failures"]) == (9, 8, 0, 0)
    result = runner.invoke(main, ["stats", "--db", str(db), "--json", "--undated", "exclude"])
    numbers = json.loads(result.stdout)
    assert (numbers["events"], numbers["selected"], numbers["left_out"], numbers["failures"]) == (9, 6, 2, 0)
    assert "2 undated events left out" in result.stderr


def test_export_cli_stats_json_gives_objects(runner, db):
    result = runner.invoke(main, ["stats", "--db", str(db), "--json", "--undated", "include"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.stdout)
    assert numbers["dyads"][0] == {"source": "IRNGOV", "target": "USA", "events": 8, "clusters": 5}
    assert all(isinstance(d, dict) for d in numbers["dyads"])
    assert numbers["failures_by_reason"] == []
    assert numbers["last_run"] is None or isinstance(numbers["last_run"], dict)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "gdelt", "plover", "parquet"])
def test_export_cli_out_dash_writes_to_stdout(runner, db, tmp_path, fmt):
    """`--out -` writes the same bytes as a file export, to stdout; the count line goes to stderr."""
    as_file = tmp_path / f"e.{fmt}"
    args = ["export", "--db", str(db), "--format", fmt, "--modality", "all"]
    assert runner.invoke(main, [*args, "--out", str(as_file)]).exit_code == 0
    result = runner.invoke(main, [*args, "--out", "-"])
    assert result.exit_code == 0, result.output
    assert "exported" in result.stderr and "exported" not in result.stdout
    if fmt == "parquet":  # binary: the same table
        (tmp_path / "o.parquet").write_bytes(result.stdout_bytes)
        assert pq.read_table(tmp_path / "o.parquet").to_pylist() == pq.read_table(as_file).to_pylist()
    else:
        assert result.stdout == as_file.read_text(encoding="utf-8") and result.stdout
    assert not Path("-").exists()


@pytest.mark.parametrize(
    "args,option",
    [
        (["--format", "gdelt", "--table", "quotes"], "--table"),
        (["--format", "plover", "--table", "events"], "--table"),
        (["--format", "gdelt-mentions", "--table", "all"], "--table"),
        (["--format", "parquet", "--no-header"], "--header"),
        (["--format", "plover", "--header"], "--header"),
        (["--format", "csv", "--table", "quotes", "--actor", "IRN"], "--actor"),
        (["--format", "jsonl", "--table", "documents", "--code", "112"], "--code"),
        (["--format", "csv", "--table", "all", "--out", "-"], "--out -"),
    ],
)
def test_export_cli_options_that_do_not_apply_are_usage_errors(runner, db, tmp_path, args, option):
    out = [] if "--out" in args else ["--out", str(tmp_path / "x")]
    result = runner.invoke(main, ["export", "--db", str(db), *args, *out])
    assert result.exit_code == 2, result.output
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and option in error[0], result.output
    assert not (tmp_path / "x").exists()


def test_export_cli_options_that_apply_are_taken(runner, db, tmp_path):
    for args in (
        ["--format", "gdelt", "--header"],
        ["--format", "csv", "--table", "quotes", "--no-header"],
        ["--format", "csv", "--table", "event_clusters", "--actor", "IRN"],
        ["--format", "dyads.parquet.v1", "--table", "runs"],
    ):
        result = runner.invoke(main, ["export", "--db", str(db), *args, "--out", str(tmp_path / "x")])
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize(
    "args,n",
    [
        ([], 8),
        (["--undated", "exclude"], 6),
        (["--modality", "all"], 9),
        (["--dyad", "IRN-USA", "--since", "2015-01-01", "--root", "11"], 6),
        (["--dyad", "USA-IRN"], 0),
        (["--clusters"], 5),
        (["--limit", "2"], 2),
    ],
)
def test_export_cli_events_formats(runner, db, args, n):
    as_json = runner.invoke(main, ["events", "--db", str(db), "--format", "json", *args])
    assert as_json.exit_code == 0, as_json.output
    rows = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert len(rows) == n
    as_csv = runner.invoke(main, ["events", "--db", str(db), "--format", "csv", *args])
    assert len(list(csv.DictReader(as_csv.stdout.splitlines()))) == n
    table = runner.invoke(main, ["events", "--db", str(db), *args])
    assert table.stdout.splitlines()[0].startswith("event_date") and f"({n} rows)" in table.stdout


def test_export_cli_events_bad_dyad_is_a_usage_error(runner, db):
    result = runner.invoke(main, ["events", "--db", str(db), "--dyad", "IRN/USA"])
    assert result.exit_code == 2 and "dyad must look like" in result.output


def test_export_roundtrip_after_a_real_ingest(runner, tmp_path, pipeline):
    store_path = tmp_path / "samples.duckdb"
    result = runner.invoke(main, ["ingest", str(SAMPLES), "--db", str(store_path)])
    assert result.exit_code in (0, 1), result.output
    with Store(store_path, read_only=True) as store:
        counts = store.counts()
        n_clusters = store.con.execute(
            "SELECT count(*) FROM event_clusters WHERE coalesce(event_date, first_reported) IS NOT NULL"
        ).fetchone()[0]
    assert counts["articles"] > 0
    out = tmp_path / "events.parquet"
    assert (
        runner.invoke(
            main,
            [
                *("export", "--db", str(store_path), "--format", "parquet", "--out", str(out)),
                *("--modality", "all", "--undated", "include"),
            ],
        ).exit_code
        == 0
    )
    assert pq.read_table(out).num_rows == counts["events"]
    gdelt = tmp_path / "events.tsv"
    assert (
        runner.invoke(
            main,
            [
                *("export", "--db", str(store_path), "--format", "gdelt", "--out", str(gdelt)),
                *("--modality", "all", "--undated", "include"),
            ],
        ).exit_code
        == 0
    )
    assert len(_gdelt(gdelt)) == n_clusters


def test_gdelt_mentions_round_trip_to_the_events_and_their_documents(web_store, tmp_path):
    """Every mention row names an exported event; its offsets fall inside its document and point
    at the event's own evidence and actors."""
    with duckdb.connect(str(web_store), read_only=True) as con:
        n_events = export(con, "gdelt", tmp_path / "e.tsv", Export(filter=ALL, header=False))
        n_mentions = export(con, "gdelt-mentions", tmp_path / "m.tsv", Export(filter=ALL, header=False))
        event_ids = {line.split("\t")[0] for line in (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()}
        rows = [line.split("\t") for line in (tmp_path / "m.tsv").read_text(encoding="utf-8").splitlines()]
        assert n_events == len(event_ids) > 0 and n_mentions == len(rows) >= n_events
        for row in rows:
            record = dict(zip(("id", "a1", "a2", "action", "length", "extras"), (row[0], *row[7:10], row[12], row[15])))
            assert record["id"] in event_ids
            extras = json.loads(record["extras"])
            body, start, end, src, tgt = con.execute(
                "SELECT a.body, e.start_char, e.end_char, e.source_start, e.target_start "
                "FROM events e JOIN articles a USING (doc_key) WHERE e.doc_key = ? AND e.n = ?",
                [extras["doc_key"], extras["n"]],
            ).fetchone()
            assert int(record["length"]) == len(body)
            assert int(record["action"]) == start and extras["end"] == end <= len(body)
            for offset, expected in ((record["a1"], src), (record["a2"], tgt)):
                if offset:  # an implied actor (a protest's own government) has no span
                    assert int(offset) == expected and 0 <= expected < len(body)
