"""One query layer: the CLI, the API, the pages' queries and every exporter give the same counts
for the same filter, with one date rule (docs/store.md)."""

from __future__ import annotations

import json

import duckdb
import pytest

from dyads.cli.main import main
from dyads.store.export import Export, export
from dyads.store.query import EventFilter, ParamError, count_events, count_undated, left_out

# (CLI flags, API parameters): dates, dyad, actor, root, code, modality, text, undated
MATRIX = [
    ([], {}),
    (["--since", "2019-06-01", "--until", "2019-06-30"], {"since": "2019-06-01", "until": "2019-06-30"}),
    (["--since", "2019-06-01", "--modality", "all"], {"since": "2019-06-01", "modality": "all"}),
    (["--modality", "all", "--undated", "include"], {"modality": "all", "undated": "include"}),
    (["--modality", "all", "--undated", "exclude"], {"modality": "all", "undated": "exclude"}),
    (["--since", "2015-01-01", "--undated", "include"], {"since": "2015-01-01", "undated": "include"}),
    (["--dyad", "IRN~USA", "--modality", "all"], {"dyad": "IRN~USA", "modality": "all"}),
    (["--dyad", "RUS-"], {"dyad": "RUS-"}),
    (["--dyad", "RUS-", "--undated", "exclude"], {"dyad": "RUS-", "undated": "exclude"}),
    (
        ["--actor", "UKR", "--modality", "all", "--undated", "include"],
        {"actor": "UKR", "modality": "all", "undated": "include"},
    ),
    (["--root", "04"], {"root": "04"}),
    (["--code", "043", "--modality", "all"], {"code": "043", "modality": "all"}),
    (["--modality", "negated", "--undated", "include"], {"modality": "negated", "undated": "include"}),
    (
        ["--text", "talks", "--modality", "all", "--undated", "include"],
        {"q": "talks", "modality": "all", "undated": "include"},
    ),
    (["--until", "2016-12-31", "--text", "Syria"], {"until": "2016-12-31", "q": "Syria"}),
]


@pytest.fixture(scope="module")
def store_copy(web_store, tmp_path_factory):
    """The sample store as a file of its own: the web app holds `web_store` locked down (no file access)."""
    import shutil

    path = tmp_path_factory.mktemp("query") / "copy.duckdb"
    shutil.copy(web_store, path)
    return path


def _filter(api: dict[str, str]) -> EventFilter:
    return EventFilter(**api)  # type: ignore[arg-type]


def _cli_count(runner, db, args, clusters=False) -> tuple[int, str]:
    result = runner.invoke(
        main, ["events", "--db", str(db), "--format", "json", *(["--clusters"] if clusters else []), *args]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return len(lines), result.stderr


@pytest.mark.parametrize(("cli", "api"), MATRIX, ids=[" ".join(c) or "no-filter" for c, _ in MATRIX])
def test_one_count_from_the_cli_the_api_and_every_export(runner, store_copy, client, tmp_path, cli, api):
    flt = _filter(api)
    with duckdb.connect(str(store_copy), read_only=True) as con:
        expected = count_events(con, flt)
        undated = left_out(con, flt)
        no_date = count_undated(con, flt)  # undated events that pass every other filter
        n_clusters = con.execute(
            f"SELECT count(DISTINCT cluster_id) FROM events e WHERE {flt.where()[0]}", flt.where()[1]
        ).fetchall()[0][0]
        jsonl = export(con, "jsonl", tmp_path / "e.jsonl", Export(filter=flt))
        parquet = export(con, "parquet", tmp_path / "e.parquet", Export(filter=flt))
        csv_rows = export(con, "csv", tmp_path / "e.csv", Export(filter=flt))
        clusters_jsonl = export(con, "jsonl", tmp_path / "c.jsonl", Export(table="event_clusters", filter=flt))
        gdelt_spec = Export(filter=flt, header=False)
        gdelt = export(con, "gdelt", tmp_path / "e.gdelt", gdelt_spec)
        mentions = export(con, "gdelt-mentions", tmp_path / "m.tsv", Export(filter=flt, header=False))
    cli_events, stderr = _cli_count(runner, store_copy, cli)
    cli_clusters, _ = _cli_count(runner, store_copy, cli, clusters=True)
    page = client.get("/api/events", params={**api, "limit": 1}).json()
    timeline = client.get("/api/timeline", params={**api, "interval": "year"}).json()

    assert cli_events == page["total"] == jsonl == parquet == csv_rows == expected == mentions
    assert cli_clusters == clusters_jsonl == n_clusters
    assert gdelt + gdelt_spec.skipped["no date at all"] == n_clusters
    assert page["left_out"] == undated
    assert timeline["total"] == expected
    # the command that leaves undated events out says how many, and only then
    if undated:
        assert f"{undated} undated event" in stderr
    else:
        assert "undated" not in stderr
    # undated events sit in no period of a timeline; it counts them in `undated`
    assert timeline["undated"] == no_date
    assert sum(b["events"] for b in timeline["buckets"]) == expected - (no_date if flt.takes_undated else 0)


def test_the_matrix_is_not_empty(web_store):
    """The matrix above means something only if its filters select different, non-empty sets."""
    with duckdb.connect(str(web_store), read_only=True) as con:
        counts = {" ".join(c): count_events(con, _filter(a)) for c, a in MATRIX}
        left = {" ".join(c): left_out(con, _filter(a)) for c, a in MATRIX}
        undated = count_events(con, EventFilter(modality="all")) - count_events(
            con, EventFilter(modality="all", undated="exclude")
        )
    assert len(set(counts.values())) >= 6, counts
    assert undated > 0  # the samples have undated events: the rule is exercised
    assert sum(1 for n in left.values() if n) >= 3, left  # rows are left out (and said) in several cells


def test_undated_events_unless_a_date_range_is_set(web_store):
    """The date rule: no date range takes undated events; since/until leave them out (and count
    them); --undated include|exclude overrides both ways."""
    with duckdb.connect(str(web_store), read_only=True) as con:
        nulls = con.execute("SELECT count(*) FROM events WHERE event_date IS NULL").fetchall()[0][0]
        everything = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        assert nulls > 0
        # no date range: every event, undated ones too, and nothing left out
        assert count_events(con, EventFilter(modality="all")) == everything
        assert left_out(con, EventFilter(modality="all")) == 0
        # exclude without a range: only the dated ones, the rest counted
        assert count_events(con, EventFilter(modality="all", undated="exclude")) == everything - nulls
        assert left_out(con, EventFilter(modality="all", undated="exclude")) == nulls
        # a range that covers every dated event leaves out exactly the undated ones
        low, high = con.execute("SELECT min(event_date), max(event_date) FROM events").fetchall()[0]
        for rng in ({"since": low}, {"until": high}, {"since": low, "until": high}):
            assert count_events(con, EventFilter(modality="all", **rng)) == everything - nulls, rng
            assert left_out(con, EventFilter(modality="all", **rng)) == nulls, rng
            assert count_events(con, EventFilter(modality="all", undated="include", **rng)) == everything, rng
            assert left_out(con, EventFilter(modality="all", undated="include", **rng)) == 0, rng


def test_stats_uses_the_same_filter(runner, store_copy):
    result = runner.invoke(main, ["stats", "--db", str(store_copy), "--json", "--since", "2015-01-01"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.stdout)
    with duckdb.connect(str(store_copy), read_only=True) as con:
        flt = EventFilter(since="2015-01-01")  # type: ignore[arg-type]
        assert numbers["selected"] == count_events(con, flt)
        assert numbers["left_out"] == left_out(con, flt)
        assert sum(numbers["roots"].values()) == numbers["selected"]


@pytest.mark.parametrize(
    "value", ["0", "1561420800", "2019-6-1", "2019-06-01T00:00:00", "2019-02-30", "June 1, 2019", "", " 2019-06-01"]
)
def test_dates_are_strict(runner, store_copy, client, value):
    with pytest.raises(ParamError):
        EventFilter(since=value)  # type: ignore[arg-type]
    result = runner.invoke(main, ["events", "--db", str(store_copy), "--until", value])
    assert result.exit_code == 2
    for path in ("/api/events", "/api/timeline", "/api/dyads", "/api/dyads/IRN/USA/timeline", "/api/actors/IRN"):
        response = client.get(path, params={"until": value})
        assert response.status_code == 422, (path, value, response.text)


def test_values_are_bound_never_inlined(web_store):
    """A quote in a text filter is data: it neither breaks the SQL nor widens the match."""
    with duckdb.connect(str(web_store), read_only=True) as con:
        flt = EventFilter(q="' OR 1=1 --", modality="all", undated="include")
        assert count_events(con, flt) == 0
        where, params = flt.where()
        assert "OR 1=1" not in where and any("OR 1=1" in str(p) for p in params)
