"""Exceptions for bugs, configuration and the environment; REASONS for bad input.

Bad input is a value (`model.Rejected`), never an exception: each reason slug
below is stable, shown to users, stored in the `failures` table and explained
in docs/errors.md (a test checks that every slug is documented).
"""

from __future__ import annotations

REASONS: dict[str, str] = {
    "empty": "the document has no text at all",
    "binary": "the bytes are not text (NUL bytes or a binary file signature)",
    "encoding": "the bytes are not valid UTF-8 and no declared encoding decodes them",
    "too-large": "the document is larger than the max_bytes setting",
    "too-short": "the extracted body is shorter than the min_chars setting",
    "no-body": "HTML in which no article body could be found",
    "not-english": "the body is not in English",
    "malformed-json": "a JSON or JSON Lines record that does not parse or lacks text/html",
    "malformed-html": "HTML that the parser cannot read",
    "malformed-warc": "a WARC record that cannot be read",
    "malformed-feed": "an RSS/Atom feed that cannot be parsed",
    "unsupported": "a file type dyads does not read",
    "unreadable": "the file cannot be opened or read",
    "robots-disallowed": "the site's robots.txt does not let dyads fetch the URL",
    "fetch-refused": "the host refused the connection (nothing listens on that port)",
    "fetch-unreachable": "the host cannot be reached (no such host name, no route)",
    "fetch-timeout": "the server did not answer, or send the page, within the fetch timeout",
    "http-4xx": "the server answered a client error (404 not found, 403 forbidden...)",
    "http-5xx": "the server answered a server error (500, 503...)",
    "fetch-failed": "a URL could not be fetched for another reason (not http(s), a redirect loop)",
    "internal-error": "a bug in dyads; the traceback is in the detail",
    "timeout": "reading or coding the document took longer than the max_seconds setting",
    "bad-date": "a warning, not a rejection: the source's `published` value is not a date; coded without it",
}


class DyadsError(Exception):
    """Base class: something is wrong with the setup, not with one document."""


class ConfigError(DyadsError):
    """A setting, flag or configuration file is invalid."""


class ModelNotInstalled(DyadsError):
    """The configured spaCy pipeline is not installed."""


class StoreError(DyadsError):
    """The DuckDB store cannot be opened or written."""


class EnvironmentFailure(DyadsError):
    """The machine, not the document: a full disk or TMPDIR, a permission, a model that cannot load.

    It stops the run (exit 3) and is never stored as a document's failure.
    """


class KnowledgeError(DyadsError):
    """A shipped or user-supplied knowledge file is invalid."""
