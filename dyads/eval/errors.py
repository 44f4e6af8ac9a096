"""Error listing for `dyads eval --errors`: each missed gold event and each false positive, with
its sentence, the pass and pattern that fired (false positives) or what the coder saw in the
sentence (misses: the actor mentions and any event it coded there under another key)."""

from __future__ import annotations

import re
from typing import Any

from dyads.eval.score import KEYS, greedy, norm

Trace = dict[tuple[int, str, str, str, str], str]


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
    return lines


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
