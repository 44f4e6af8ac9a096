"""Serve and ingest together: the server reads per request, the ingest locks per batch (docs/store.md)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from dyads.cli.main import main
from dyads.errors import StoreError
from dyads.store.db import Store
from dyads.store.lock import holder

from .corpusgen import ROOT, SAMPLES

ALL = {"modality": "all", "undated": "include", "limit": 1}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def _total(base: str) -> int:
    response = httpx.get(f"{base}/api/events", params=ALL, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["total"]


def _stored_events(db: Path) -> int:
    with Store(db, read_only=True) as store:
        return store.counts()["events"]


def _hold(db: Path, *argv: str, read_only: bool = False) -> subprocess.Popen[str]:
    """A process that opens the store and keeps it open; `argv` is what `ps` (and dyads) see it as."""
    code = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro'); "
        "print('ready', flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), "ro" if read_only else "rw", *argv], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_store_serve_and_ingest_together_api_count_grows(tmp_path, pipeline):
    """`dyads serve` and `dyads ingest` as two real processes on one store: the ingest succeeds, the
    server answers throughout, and the API shows the new rows once the ingest has committed."""
    from dyads.ingest import ingest

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    samples = sorted(SAMPLES.glob("*.txt"))
    assert len(samples) >= 6
    for i, path in enumerate(samples[:6]):
        (first if i < 3 else second).joinpath(path.name).write_bytes(path.read_bytes())
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        ingest([str(first)], store, pipeline)
    before = _stored_events(db)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "dyads", "serve", str(db), "--port", str(port)],
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    answered: list[int] = []
    stop = threading.Event()

    def poll() -> None:  # a person reloading the dashboard while the ingest runs
        while not stop.is_set():
            answered.append(httpx.get(f"{base}/api/events", params=ALL, timeout=30).status_code)
            stop.wait(0.3)

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert _total(base) == before
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "dyads serve did not start"
                time.sleep(0.2)
        watcher = threading.Thread(target=poll)
        watcher.start()
        try:
            run = subprocess.run(
                [sys.executable, "-m", "dyads", "ingest", str(second), "--db", str(db), "--batch", "1"],
                env=_env(DYADS_MAX_SECONDS="0"),
                capture_output=True,
                text=True,
                timeout=300,
            )
        finally:
            stop.set()
            watcher.join()
        assert run.returncode == 0, run.stderr
        assert "3 coded" in run.stdout
        assert answered and set(answered) == {200}, answered  # the server answered all along
        after = _total(base)  # the same server, not restarted
        assert after > before
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert after == _stored_events(db)


def test_store_reader_releases_the_file_between_requests(tmp_path, pipeline):
    """The web app holds the store only while it answers: a writer opens it between requests."""
    from fastapi.testclient import TestClient

    from dyads.web import create_app

    db = tmp_path / "s.duckdb"
    Store(db).close()
    app = create_app(db, linger=0)
    client = TestClient(app)
    assert client.get("/api/events", params=ALL).json()["total"] == 0
    assert not app.state.db.is_open
    with Store(db, lock_wait=0) as writer:  # would fail if the app kept the file open
        assert writer.counts()["events"] == 0
    assert client.get("/api/events", params=ALL).status_code == 200


def test_store_not_held_opens_per_operation(tmp_path):
    db = tmp_path / "s.duckdb"
    store = Store(db, hold=False)
    assert store.counts()["documents"] == 0
    with pytest.raises(StoreError, match="not open"):
        store.con  # noqa: B018
    other = Store(db, read_only=True, lock_wait=0)  # another opener: the file is free between operations
    other.close()
    with store.session() as con:
        assert con.execute("SELECT count(*) FROM runs").fetchall() == [(0,)]
    store.close()


def test_store_lock_message_names_a_server(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    old_server = _hold(db, "dyads", "serve", read_only=True)  # a server that keeps the store open
    try:
        pid, who = holder(f"Conflicting lock is held in /usr/bin/python3 (PID {old_server.pid})")
        assert pid == old_server.pid and who == f"dyads serve (PID {old_server.pid})"
        started = time.monotonic()
        with pytest.raises(StoreError) as err:
            Store(db, lock_wait=0.3)
        assert time.monotonic() - started >= 0.3  # it waited before giving up
        message = str(err.value)
        assert f"locked by dyads serve (PID {old_server.pid}) for 0.3 s" in message
        assert "restart it" in message and "wait for it" not in message and "\n" not in message
    finally:
        old_server.kill()
        old_server.wait()


def test_store_lock_message_names_an_ingest_for_readers(runner, tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    writer = _hold(db, "dyads", "ingest")
    try:
        result = runner.invoke(main, ["stats", "--db", str(db)], env={"DYADS_LOCK_WAIT": "0.2"})
        assert result.exit_code == 3
        assert f"locked by dyads ingest (PID {writer.pid})" in result.stderr
        assert "no other process open a store while one writes" in result.stderr
    finally:
        writer.kill()
        writer.wait()


def test_store_waits_for_a_lock_that_is_released(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    other = _hold(db, "dyads", "ingest")
    threading.Timer(0.5, other.kill).start()
    try:
        with Store(db, lock_wait=30) as store:  # opens once the other process is gone
            assert store.counts()["documents"] == 0
    finally:
        other.wait()
