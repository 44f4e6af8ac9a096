"""A generator of hostile inputs: one file (or stream) per class of attack on the readers (issue 17).

`make_hostile(root, bomb_bytes)` writes the files under `root` and returns, per
file, the outcomes its documents must have, in order ("doc" or "stage:reason").
Bombs are made on the fly and small on disk: a gzip stream of `bomb_bytes` is many
copies of one compressed 1 MiB member (gzip readers read concatenated members as
one stream), so a 256 MiB bomb takes about 256 KiB and no time to write.
Every text here was written for these tests.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

STORY = (
    "Harbour talks resume in Valletta\n\n"
    "VALLETTA, Malta — The foreign ministers of Malta and Tunisia met in Valletta on Tuesday to resume talks on "
    "a ferry agreement, officials in both capitals said. They agreed to meet again next month."
)
_MEMBER = gzip.compress(b" " * (1 << 20), compresslevel=9)


def bomb(prefix: bytes, size: int, suffix: bytes = b"") -> bytes:
    """A gzip stream that inflates to prefix + `size` spaces (rounded to MiB) + suffix."""
    return gzip.compress(prefix) + _MEMBER * max(1, size >> 20) + (gzip.compress(suffix) if suffix else b"")


def warc_record(kind: str, block: bytes, url: str = "", length: int | None = None) -> bytes:
    """One WARC record with the block as is; `length` overrides the Content-Length (damage)."""
    head = [b"WARC/1.0", f"WARC-Type: {kind}".encode()]
    if url:
        head.append(f"WARC-Target-URI: {url}".encode())
    head.append(f"Content-Length: {len(block) if length is None else length}".encode())
    return b"\r\n".join(head) + b"\r\n\r\n" + block + b"\r\n\r\n"


def http_page(text: str) -> bytes:
    body = f"<html><body><article><p>{text}</p></article></body></html>".encode()
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body


def warc_pages(n: int) -> list[bytes]:
    return [warc_record("response", http_page(STORY), f"https://h.example/{i}") for i in range(1, n + 1)]


def _line(doc_id: str, **extra: object) -> bytes:
    return json.dumps({"id": doc_id, "text": STORY, **extra}).encode() + b"\n"


def make_hostile(root: Path, bomb_bytes: int = 16 << 20) -> dict[str, list[str]]:
    """Write the hostile files under root; {file name: expected outcomes of its documents, in order}."""
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, tuple[bytes, list[str]]] = {
        # 1. bombs: a size cap on every decompressed read
        "bomb.json.gz": (bomb(b'{"id": "b", "text": "', bomb_bytes), ["ingest:too-large"]),
        "bomb.rss.gz": (bomb(b'<?xml version="1.0"?><rss version="2.0"><channel>', bomb_bytes), ["ingest:too-large"]),
        "bomb.txt.gz": (bomb(b"Words ", bomb_bytes), ["ingest:too-large"]),
        "bomb.jsonl.gz": (
            bomb(b'{"id": "long", "text": "', bomb_bytes, b'"}\n' + _line("after-bomb")),
            ["ingest:too-large", "doc"],
        ),
        "bomb.warc.gz": (
            bomb(b"WARC/1.0\r\nWARC-Type: response\r\nX-Padding: ", bomb_bytes),
            ["ingest:too-large"],
        ),
        # 2. nesting deeper than any parser's recursion limit, between good lines
        "deep.jsonl": (
            _line("before-deep") + b"[" * 40_000 + b"\n" + b'{"a":' * 8_000 + b"\n" + _line("after-deep"),
            ["doc", "ingest:malformed-json", "ingest:malformed-json", "doc"],
        ),
        "deep.json": (b"[" * 100_000, ["ingest:malformed-json"]),
        "deep.rss": (b'<?xml version="1.0"?><rss version="2.0"><channel>' + b"<x>" * 50_000, None),  # type: ignore[dict-item]
        # 3. published values that are not ISO dates
        "dates.jsonl": (
            b"".join(
                _line(f"date-{i}", published=value)
                for i, value in enumerate(
                    ["2019-06-25T10:00:00Z", "June 25, 2019", "25/06/2019", "garbage", "2019-02-30", 1561420800, [1]]
                )
            ),
            ["doc"] * 7,
        ),
        # 4. damaged WARCs
        "truncated.warc": (b"".join(warc_pages(3))[:-300], ["doc", "doc", "ingest:malformed-warc"]),
        "long-length.warc": (
            warc_pages(1)[0]
            + warc_record("response", http_page(STORY), "https://h.example/liar", length=10_000_000)
            + b"".join(warc_pages(7)[2:]),
            ["doc", "ingest:malformed-warc"] + ["doc"] * 5,
        ),
        "short-length.warc": (
            warc_pages(1)[0]
            + warc_record("response", http_page(STORY), "https://h.example/short", length=40)
            + b"".join(warc_pages(3)[1:]),
            ["doc", "ingest:malformed-warc", "doc", "doc"],
        ),
        # 5. lines that make a backtracking regular expression take forever
        "crumbs.txt": (
            (STORY + "\n\nHome > " + "World > " * 600 + "Politics x\n\n" + "cookie " * 5_000 + "\n").encode(),
            ["doc"],
        ),
        "unclosed.rss": (
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title><description>'
            + ("&lt;p " * 20_000).encode()
            + b"</description></item></channel></rss>",
            None,  # type: ignore[list-item]
        ),
        # 6. invisible characters: same story, still a document
        "invisible.txt": (STORY.replace(" ", " \u200b").replace("Malta", "\u202eMalta\u202c").encode(), ["doc"]),
    }
    expected = {}
    for name, (data, outcomes) in files.items():
        (root / name).write_bytes(data)
        if outcomes is not None:
            expected[name] = outcomes
    return expected
