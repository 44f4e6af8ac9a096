"""A seeded generator of test corpora: short news texts varied from samples/, plus bad documents.

`make_corpus(root, n_good, seed)` writes files of every kind dyads reads (text, HTML,
JSON, JSON Lines, gzip, WARC, RSS) under `root` and returns a `Corpus` saying what
each document id should become: "coded", "duplicate", or the "stage:reason" of its
rejection. Fast: no parsing, only string work and file writes.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
MAX_BYTES = 50_000  # the tests' max_bytes setting: small, so too-large documents stay small

# Used only when samples/ is missing: two short texts of our own.
_FALLBACK = [
    "Ministers meet in Oslo on fisheries\n\nThe foreign ministers of Norway and Iceland met in Oslo on Thursday "
    "to revive a fisheries agreement, officials said. They agreed to meet again within 3 weeks.",
    "Talks on border crossings resume\n\nNegotiators from Kenya and Ethiopia resumed talks on Monday in Nairobi "
    "about 4 border crossings closed since March, a spokesman for the Kenyan government said.",
]
_FIRST = ["Lena", "Tomas", "Amara", "Jonas", "Priya", "Kofi", "Mira", "Rafael", "Ines", "Dario", "Yusuf", "Hana"]
_LAST = ["Varga", "Okafor", "Lindqvist", "Moreau", "Castellanos", "Novak", "Haddad", "Brennan", "Sato", "Ferreira"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Our own non-English news-style sentences (German, Spanish, French, Italian, Portuguese).
_FOREIGN = [
    "Die Regierung hat am Dienstag neue Gespräche mit den Nachbarländern angekündigt. Der Minister sagte, man "
    "wolle bis zum Sommer eine gemeinsame Lösung für die Grenzfragen finden und die Handelswege wieder öffnen.",
    "El gobierno anunció el martes nuevas conversaciones con los países vecinos. El ministro dijo que espera "
    "encontrar antes del verano una solución común para las cuestiones fronterizas y reabrir las rutas comerciales.",
    "Le gouvernement a annoncé mardi de nouvelles discussions avec les pays voisins. Le ministre a déclaré "
    "vouloir trouver avant l'été une solution commune aux questions de frontière et rouvrir les routes commerciales.",
    "Il governo ha annunciato martedì nuovi colloqui con i paesi vicini. Il ministro ha detto di voler trovare "
    "entro l'estate una soluzione comune per le questioni di confine e riaprire le rotte commerciali.",
    "O governo anunciou na terça-feira novas conversas com os países vizinhos. O ministro disse que pretende "
    "encontrar até o verão uma solução comum para as questões de fronteira e reabrir as rotas comerciais.",
]


@dataclass
class Corpus:
    root: Path
    expected: dict[str, str] = field(default_factory=dict)  # doc id -> coded | duplicate | stage:reason

    def ids(self, outcome: str) -> list[str]:
        return sorted(i for i, o in self.expected.items() if o == outcome)

    @property
    def good(self) -> list[str]:
        return self.ids("coded")

    @property
    def bad(self) -> dict[str, str]:
        return {i: o for i, o in self.expected.items() if o not in ("coded", "duplicate")}


def base_texts() -> list[str]:
    """Short English articles (a headline and the lead paragraph) cut from the bundled samples."""
    texts = []
    for path in sorted(SAMPLES.glob("*.txt")):
        paras = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        paras = [p for p in paras if not p.lower().startswith(("published", "by "))]
        texts.append("\n\n".join(paras[:2]))
    for path in sorted(SAMPLES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec.get("text"):
                paras = [p for p in rec["text"].split("\n\n") if p.strip()]
                texts.append("\n\n".join([rec.get("title") or paras[0], *paras[:1]]))
    return texts or list(_FALLBACK)


def vary(text: str, rng: random.Random, serial: int) -> str:
    """The text with its numbers, weekdays and months changed, and a closing line naming a new person."""
    text = re.sub(r"\b\d+\b", lambda m: str(rng.randint(2, 90)) if len(m.group()) < 4 else m.group(), text)
    text = re.sub("|".join(_WEEKDAYS), lambda m: rng.choice(_WEEKDAYS), text)
    text = re.sub("|".join(_MONTHS), lambda m: rng.choice(_MONTHS), text)
    who = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    return f"{text}\n\nAnalyst {who} said {serial + 3} observers had followed the talks."


def make_corpus(root: Path, n_good: int = 1000, seed: int = 7, bad: bool = True) -> Corpus:
    """Write a corpus of about n_good good documents (and, with bad, ~7% bad ones) under root."""
    rng = random.Random(seed)
    bases = base_texts()
    corpus = Corpus(root)
    serial = iter(range(10**9))
    new_text = lambda: (lambda i: vary(bases[i % len(bases)], rng, i))(next(serial))  # noqa: E731
    # HTML goes through trafilatura (slow on short pages): few of those
    shares = {"txt": 0.56, "jsonl": 0.28, "html": 0.02, "json": 0.03, "gz": 0.04, "warc": 0.02, "rss": 0.05}
    sizes = {k: max(2, int(n_good * v)) for k, v in shares.items()}
    sizes["txt"] += n_good - sum(sizes.values())
    _write_txt(corpus, sizes["txt"], new_text)
    _write_jsonl(corpus, sizes["jsonl"], new_text, rng)
    _write_html(corpus, sizes["html"], new_text)
    _write_json(corpus, sizes["json"], new_text)
    _write_gz(corpus, sizes["gz"], new_text)
    _write_warc(corpus, sizes["warc"], new_text)
    _write_rss(corpus, sizes["rss"], new_text)
    _write_duplicates(corpus, max(2, n_good // 100))
    if bad:
        _write_bad(corpus, max(6, n_good // 14), rng)
    return corpus


def _write_txt(corpus: Corpus, n: int, new_text) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        path = corpus.root / "text" / f"part{i % 7}" / f"article-{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_text(), encoding="utf-8")
        corpus.expected[str(path)] = "coded"


def _record(doc_id: str, text: str, i: int) -> dict[str, str]:
    return {
        "id": doc_id,
        "text": text,
        "published": f"20{10 + i % 14}-0{1 + i % 9}-1{i % 10}",
        "url": f"https://news{i % 5}.example.org/story/{doc_id}",
    }


def _write_jsonl(corpus: Corpus, n: int, new_text, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    path = corpus.root / "feeds" / "wire.jsonl"
    zipped = corpus.root / "feeds" / "wire2.jsonl.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    plain, packed = [], []
    for i in range(n):
        rec = _record(f"wire-{i:05d}", new_text(), i)
        (plain if i % 3 else packed).append(json.dumps(rec, ensure_ascii=False))
        corpus.expected[rec["id"]] = "coded"
    path.write_text("\n".join(plain) + "\n", encoding="utf-8")
    zipped.write_bytes(gzip.compress(("\n".join(packed) + "\n").encode("utf-8")))


def _html(text: str) -> str:
    head, *paras = text.split("\n\n")
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paras)
    return (
        f"<!doctype html><html><head><title>{escape(head)}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{escape(head)}</h1>\n{body}</article><footer>All rights reserved.</footer></body></html>"
    )


def _write_html(corpus: Corpus, n: int, new_text) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        path = corpus.root / "web" / f"page-{i:04d}.{'htm' if i % 4 == 0 else 'html'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_html(new_text()), encoding="utf-8")
        corpus.expected[str(path)] = "coded"


def _write_json(corpus: Corpus, n: int, new_text) -> None:  # type: ignore[no-untyped-def]
    path = corpus.root / "feeds" / "batch.json"
    records = [_record(f"json-{i:04d}", new_text(), i) for i in range(n)]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    corpus.expected.update({r["id"]: "coded" for r in records})


def _write_gz(corpus: Corpus, n: int, new_text) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        path = corpus.root / "archive" / f"old-{i:04d}.txt.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(new_text().encode("utf-8")))
        corpus.expected[str(path)] = "coded"


def warc_bytes(pages: list[tuple[str, str]], extra_image: bool = True) -> bytes:
    """A gzipped WARC with one HTML response per (url, html), plus a request and an image record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in pages:
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers)
        )
    if extra_image:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://img.example.org/a.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
                http_headers=headers,
            )
        )
    return out.getvalue()


def _write_warc(corpus: Corpus, n: int, new_text) -> None:  # type: ignore[no-untyped-def]
    pages = [(f"https://crawl.example.net/2020/{i:04d}.html", _html(new_text())) for i in range(n)]
    path = corpus.root / "crawl" / "crawl-0001.warc.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(warc_bytes(pages))
    corpus.expected.update({url: "coded" for url, _ in pages})


def rss_bytes(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed with one item per (guid, title, text), the text as HTML paragraphs."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test wire</title>'
        "<link>https://feeds.example.com/</link><description>test</description>"
    ]
    for guid, title, text in items:
        html = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n")[1:])
        out.append(
            f"<item><title>{escape(title)}</title><link>{guid}</link><guid>{guid}</guid>"
            f"<pubDate>Mon, 06 Jan 2020 10:00:00 GMT</pubDate><description>{escape(html)}</description></item>"
        )
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def _write_rss(corpus: Corpus, n: int, new_text) -> None:  # type: ignore[no-untyped-def]
    items = []
    for i in range(n):
        text = new_text()
        items.append((f"https://feeds.example.com/item/{i:04d}", text.split("\n\n")[0], text))
    path = corpus.root / "feeds" / "wire.rss"
    path.write_bytes(rss_bytes(items))
    corpus.expected.update({guid: "coded" for guid, _, _ in items})


def _write_duplicates(corpus: Corpus, n: int) -> None:
    """Copies of earlier text files under another folder: the same document, read twice."""
    originals = sorted(p for p in corpus.expected if p.endswith(".txt"))[:n]
    for i, original in enumerate(originals):
        path = corpus.root / "zz-copies" / f"copy-{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(Path(original).read_bytes())
        corpus.expected[str(path)] = "duplicate"


def _write_bad(corpus: Corpus, n: int, rng: random.Random) -> None:
    """About n bad documents of every kind, each with the reason it must be rejected for."""
    bad = corpus.root / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    k = max(1, n // 7)
    english = base_texts()[0]
    for i in range(k):
        _put(corpus, bad / f"empty-{i}.txt", b" \n\t\n" * (i % 3), "ingest:empty")
        _put(
            corpus,
            bad / f"image-{i}.txt",
            b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(200)),
            "ingest:binary",
        )
        _put(corpus, bad / f"nul-{i}.txt", b"report\x00\x01\x02 data" * 10, "ingest:binary")
        latin = f"Le ministre a parlé {i} fois à Genève, où il a rencontré ses homologues.".encode("latin-1")
        _put(corpus, bad / f"latin1-{i}.txt", b"Talks resumed. " + latin + b" \xff\xfe end", "ingest:encoding")
        foreign = _FOREIGN[i % len(_FOREIGN)].replace("Dienstag", f"Tag {i}") + f" ({i + 10})"
        _put(corpus, bad / f"foreign-{i}.txt", foreign.encode("utf-8"), "extract:not-english")
        _put(
            corpus,
            bad / f"huge-{i}.txt",
            ((english + "\n\n") * (MAX_BYTES // len(english) + 2)).encode("utf-8"),
            "ingest:too-large",
        )
    lines = []
    for i in range(k):
        lines.append(f'{{"id": "broken-{i}", "text": "unterminated')  # not JSON
        corpus.expected[f"{bad / 'wire-bad.jsonl'}:{len(lines)}"] = "ingest:malformed-json"
        lines.append(json.dumps({"id": f"notext-{i}", "body": "no text field"}))
        corpus.expected[f"notext-{i}"] = "ingest:malformed-json"
        lines.append(json.dumps({"id": f"bigline-{i}", "text": "word " * (MAX_BYTES // 4)}))
        corpus.expected[f"{bad / 'wire-bad.jsonl'}:{len(lines)}"] = "ingest:too-large"  # too long to parse
    (bad / "wire-bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _put(
        corpus,
        bad / "broken.warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n",
        "ingest:malformed-warc",
        doc_id=f"{bad / 'broken.warc'}#1",
    )
    _put(corpus, bad / "broken.rss", b"<rss version='2.0'><channel><<<>>>&&&", "ingest:malformed-feed")


def _put(corpus: Corpus, path: Path, data: bytes, outcome: str, doc_id: str | None = None) -> None:
    path.write_bytes(data)
    corpus.expected[doc_id or str(path)] = outcome


def full_texts() -> list[str]:
    """The whole text of each plain-text sample (.txt files and JSON Lines records): ~300 words each."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    for path in sorted(SAMPLES.glob("*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += [r["text"] for r in records if r.get("text")]  # records with "html" instead are passed over
    return texts


def write_benchmark_corpus(folder: Path, n: int, seed: int, bases: list[str]) -> None:
    """n articles varied from `bases` (names, numbers, dates): half text files in 8 folders, half one JSON Lines file."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        text = vary(bases[i % len(bases)], rng, i)
        if i % 2:
            lines.append(json.dumps({"id": f"wire-{seed}-{i}", "text": text, "published": "2021-03-04"}))
        else:
            path = folder / f"part{i % 8}" / f"{i:06d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
