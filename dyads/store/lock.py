"""Opening the store while other processes use it: wait for DuckDB's lock, say who holds it.

DuckDB lets one process open a file for writing, or any number open it read-only, never
both. `connect_waiting` retries while the lock is held, for up to the `lock_wait` setting,
and then raises StoreError with one line that names the process holding the lock
(docs/store.md, "Serve while ingesting").
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import duckdb

from dyads.errors import StoreError

LOCK_WAIT = 30.0  # seconds a command waits for another process's lock on the store (setting lock_wait)


def _open_hint(path: str, exc: Exception, read_only: bool, waited: float = 0.0) -> str:
    """The DuckDB error and what it means: a lock held (by whom), a read-only file, a read-only folder."""
    text = " ".join(str(exc).split())
    p = Path(path)
    if is_lock_error(exc):
        return lock_message(text, read_only, waited)
    if not read_only and p.exists() and not os.access(p, os.W_OK):
        return f"{text} (the store file is read-only: make it writable, or query it with read-only commands)"
    if not read_only and not os.access(p.parent, os.W_OK):
        return f"{text} (the folder {p.parent} is read-only: DuckDB needs to write the store and its .wal there)"
    return text


def is_lock_error(exc: BaseException) -> bool:
    """True for DuckDB's "Could not set lock on file": another process holds the store."""
    return "could not set lock" in str(exc).lower()


def holder(text: str) -> tuple[int | None, str]:
    """The PID DuckDB names in a lock error and what that process is ('dyads serve', 'dyads ingest'...)."""
    found = re.search(r"PID (\d+)", text)
    if not found:
        return None, "another process"
    pid = int(found.group(1))
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:  # not Linux, or the process is gone
        return pid, f"process {pid}"
    words = [Path(a).name for a in argv if a]
    for command in ("serve", "ingest", "stats", "events", "export"):
        if command in words and any(w in ("dyads", "dyads.__main__") or w.startswith("dyads") for w in words):
            return pid, f"dyads {command} (PID {pid})"
    return pid, f"{_program(words)} (PID {pid})"


def _program(words: list[str]) -> str:
    """A short name for a command line: `duckdb`, `python -c`, `python -m module`, `python script.py`."""
    if not words:
        return "a process"
    if words[0].startswith("python") and len(words) > 1:
        return "python " + (" ".join(words[1:3]) if words[1] == "-m" else words[1] if len(words[1]) < 40 else "")
    return words[0][:40]


def lock_message(text: str, read_only: bool, waited: float) -> str:
    """One honest line for a store another process holds, saying what that process is."""
    _, who = holder(text)
    after = f" for {waited:g} s" if waited else ""
    if who.startswith("dyads serve"):
        advice = (
            "a dyads server opens the store only while it answers a request, so this one answered "
            "requests without a pause, or it is an older dyads that keeps the store open: restart it"
        )
    elif read_only:
        advice = "it has the store open for writing, and DuckDB lets no other process open a store while one writes"
    else:
        advice = "DuckDB lets no process write a store while another has it open"
    return f"the store is locked by {who}{after}: {advice} (setting lock_wait: how long to wait)"


def connect_waiting(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retried while another process holds the store's lock, for up to `wait` seconds.

    Raises StoreError with one line naming the process that holds the lock (dyads serve,
    dyads ingest, or what else) when it is not released in time.
    """
    deadline = time.monotonic() + max(0.0, wait)
    pause = 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            left = deadline - time.monotonic()
            if not is_lock_error(exc) or left <= 0:
                hint = _open_hint(path, exc, read_only, wait if is_lock_error(exc) else 0.0)
                raise StoreError(f"cannot open store {path}: {hint}") from exc
        time.sleep(min(pause, left))
        pause = min(pause * 2, 0.1)
