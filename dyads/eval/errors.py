"""Error listing for `dyads eval --errors`: each missed gold event and each false positive, with
its sentence, the pass and pattern that fired (false positives) or what the coder saw in the
sentence (misses: the actor mentions and any event it coded there under another key); then the
quote errors and the actor-mention errors."""

from __future__ import annotations

import re
from typing import Any

from dyads.eval.score import KEYS, QUOTE_JACCARD, greedy, jaccard, norm, speaker_ok, tokens

Trace = dict[tuple[int, str, str, str, str], str]
QUOTE_CONTEXT = 160  # characters of body shown before and after a quote


def document_errors(gold: dict[str, Any], coded: dict[str, Any], trace: Trace) -> list[str]:
    """The lines for one document: misses (MISS) and false positives (FP), asserted events only."""
    body: str = coded.get("body") or ""
    g_ev = [
        (norm(e), e.get("evidence") or "")
        for e in gold.get("events", [])
        if (e.get("modality") or "asserted") == "asserted"
    ]
    preds = [e for e in coded["events"] if e["modality"] == "asserted"]
    p_ev = [norm({**e, "source": e["source"]["code"], "target": e["target"]["code"]}) for e in preds]
    pairs = greedy([g for g, _ in g_ev], p_ev, KEYS["root"])
    hit_g = {id(g) for g, _ in pairs}
    hit_p = {id(p) for _, p in pairs}
    lines: list[str] = []
    for p, raw in zip(p_ev, preds):
        if id(p) in hit_p:
            continue
        via = trace.get(
            (raw["start"], raw["source"]["code"], raw["target"]["code"], raw["cameo"], raw["modality"]), "?"
        )
        lines.append(f"FP   {p['source']}->{p['target']} {p['cameo']} [{via}] {raw.get('pattern')!r}")
        lines.append(f"       | {_short(raw.get('sentence') or '')}")
    for g, evidence in g_ev:
        if id(g) in hit_g:
            continue
        lines.append(f"MISS {g['source']}->{g['target']} {g['cameo']}")
        lines.append(f"       | {_short(evidence)}")
        span = _span(body, evidence)
        if span is None:
            continue
        start, end = span
        seen = [f"{m['text']}={m['code']}" for m in coded["actors"] if m["start"] < end and start < m["end"]]
        lines.append(f"       saw: {', '.join(seen) or '(no actor mention)'}")
        near = [
            f"{e['source']['code']}->{e['target']['code']} {e['cameo']} {e['modality']}"
            for e in coded["events"]
            if e["start"] < end and start < e["end"]
        ]
        if near:
            lines.append(f"       coded there: {'; '.join(near)}")
    return lines + quote_errors(gold, coded) + actor_errors(gold, coded)


def quote_errors(gold: dict[str, Any], coded: dict[str, Any]) -> list[str]:
    """Quote lines: a matched quote with the wrong speaker (SPK, gold vs predicted), a predicted quote
    matching no gold one (QFP) and a gold quote never found (QMISS), each with its context."""
    body: str = coded.get("body") or ""
    gold_q = gold.get("quotes", [])
    pred_q = coded.get("quotes", [])
    cands = sorted(
        (
            (jaccard(tokens(p["text"]), tokens(g["text"])), i, j)
            for i, p in enumerate(pred_q)
            for j, g in enumerate(gold_q)
        ),
        reverse=True,
    )
    match: dict[int, int] = {}
    for s, i, j in cands:
        if s < QUOTE_JACCARD:
            break
        if i not in match and j not in match.values():
            match[i] = j
    lines: list[str] = []
    for i, p in enumerate(pred_q):
        said = (p.get("speaker") or {}).get("name")
        if i in match:
            wanted = gold_q[match[i]].get("speaker", "")
            if speaker_ok(wanted, said):
                continue
            lines.append(f"SPK  gold={wanted!r} pred={said!r} verb={p.get('verb')!r}")
        else:
            lines.append(f"QFP  {p['text'][:80]!r} speaker={said!r}")
        lines.append(f"       | {_context(body, p['start'], p['end'])}")
    for j, g in enumerate(gold_q):
        if j not in match.values():
            lines.append(f"QMISS {g['text'][:100]!r} speaker={g.get('speaker')!r}")
    return lines


def actor_errors(gold: dict[str, Any], coded: dict[str, Any]) -> list[str]:
    """Actor-mention lines, scored as `dyads eval` scores them: a gold mention no predicted mention
    overlaps (AMISS) or whose overlapping mentions all carry another code (ACODE), with context."""
    body: str = coded.get("body") or ""
    lines: list[str] = []
    for a in gold.get("actors", []):
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(a["mention"]), body)]
        hits = [m for m in coded["actors"] for s, e in spans if m["start"] < e and s < m["end"]]
        if any(m["code"] == a["code"] for m in hits):
            continue
        got = sorted({f"{m['text']}={m['code']}" for m in hits})
        tag = "ACODE" if hits else "AMISS"
        lines.append(f"{tag} {a['mention']!r} gold={a['code']} got: {', '.join(got) or '-'}")
        if spans:
            lines.append(f"       | {_context(body, *spans[0], width=90)}")
    return lines


def _context(body: str, start: int, end: int, width: int = QUOTE_CONTEXT) -> str:
    """A span in its surroundings, marked [[...]]."""
    a, b = max(0, start - width), min(len(body), end + width)
    return " ".join(f"{body[a:start]}[[{body[start:end]}]]{body[end:b]}".split())


def _span(body: str, evidence: str) -> tuple[int, int] | None:
    """Where the evidence stands in the body (whitespace-insensitive); None when it is not there."""
    words = evidence.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), body)
    return (m.start(), m.end()) if m else None


def _short(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
