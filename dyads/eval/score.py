"""Evaluation against a gold file (schema of shared/gold/dev.jsonl).

Events match one-to-one, greedily in prediction order, on (source, target, root);
also at country level (first three letters of each code) and on the exact
3-digit code. Only asserted events are scored; the other modalities are traps,
reported separately with modality accuracy on the gold's non-asserted events.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyads.errors import ConfigError

Key = Callable[[dict[str, Any]], tuple[str, ...]]
KEYS: dict[str, Key] = {
    "root": lambda e: (e["source"], e["target"], e["root"]),
    "country": lambda e: (e["source"][:3], e["target"][:3], e["root"]),
    "code3": lambda e: (e["source"], e["target"], e["cameo"][:3]),
}
QUOTE_JACCARD = 0.8


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold documents; ConfigError naming the line when one is not JSON."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    docs.append(json.loads(line))
                except ValueError as exc:
                    raise ConfigError(f"{path}:{n}: not JSON ({exc})") from exc
    return docs


def norm(e: dict[str, Any]) -> dict[str, Any]:
    """An event reduced to the scored fields."""
    code = str(e.get("cameo") or e.get("root") or "")
    return {
        "source": str(e.get("source") or "").upper(),
        "target": str(e.get("target") or "").upper(),
        "cameo": code,
        "root": code[:2],
        "modality": e.get("modality") or "asserted",
        "date": (e.get("date") or None) and str(e["date"])[:10],
    }


def greedy(gold: list[dict[str, Any]], pred: list[dict[str, Any]], key: Key) -> list[tuple[dict, dict]]:
    """One-to-one matches in prediction order; a same-date gold event is preferred."""
    used: set[int] = set()
    pairs = []
    for p in pred:
        cands = [i for i, g in enumerate(gold) if i not in used and key(g) == key(p)]
        if not cands:
            continue
        same = [i for i in cands if gold[i]["date"] and gold[i]["date"] == p["date"]]
        i = (same or cands)[0]
        used.add(i)
        pairs.append((gold[i], p))
    return pairs


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text or "")
    return re.findall(r"\w+", "".join(c for c in text if not unicodedata.combining(c)).lower())


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def speaker_ok(gold: str, pred: str | None) -> bool:
    g, p = tokens(gold), tokens(pred or "")
    return bool(p) and (g == p or (set(p) <= set(g) and g[-1] in p))


@dataclass
class Score:
    counts: Counter[str] = field(default_factory=Counter)
    per_root: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    traps: Counter[str] = field(default_factory=Counter)

    def prf(self, tp: str, pred: str, gold: str) -> tuple[float, float, float]:
        t, p, g = self.counts[tp], self.counts[pred], self.counts[gold]
        precision = t / p if p else (1.0 if not g else 0.0)
        recall = t / g if g else (1.0 if not p else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def score_document(score: Score, gold: dict[str, Any], coded: dict[str, Any]) -> None:
    """Add one document's comparisons to `score`."""
    c = score.counts
    g_all = [norm(e) for e in gold.get("events", [])]
    g_ev = [e for e in g_all if e["modality"] == "asserted"]
    p_all = [norm({**e, "source": e["source"]["code"], "target": e["target"]["code"]}) for e in coded["events"]]
    p_ev = [e for e in p_all if e["modality"] == "asserted"]
    c["gold"] += len(g_ev)
    c["pred"] += len(p_ev)
    for e in g_ev:
        score.per_root[e["root"]][2] += 1
    for e in p_ev:
        score.per_root[e["root"]][1] += 1
    matched: set[int] = set()
    for level, key in KEYS.items():
        pairs = greedy(g_ev, p_ev, key)
        c[f"tp_{level}"] += len(pairs)
        if level == "root":
            _dates_and_roots(score, pairs)
            _confusions(score, g_ev, p_ev, pairs)
            _traps(score, g_all, p_ev, pairs)
            matched = {id(p) for _, p in pairs}
    _modality(score, g_all, [p for p in p_all if id(p) not in matched])
    if not g_all:
        c["noevent_docs"] += 1
        c["noevent_fp"] += len(p_ev)
    _quotes(score, gold.get("quotes", []), coded["quotes"])
    _actors(score, gold, coded)


def _dates_and_roots(score: Score, pairs: list[tuple[dict, dict]]) -> None:
    c = score.counts
    for g, p in pairs:
        score.per_root[g["root"]][0] += 1
        if g["date"]:
            c["date_gold"] += 1
            c["date_pred"] += bool(p["date"])
            c["date_ok"] += p["date"] == g["date"]
        else:
            c["nulldate_gold"] += 1
            c["nulldate_ok"] += not p["date"]


def _confusions(score: Score, g_ev: list[dict], p_ev: list[dict], pairs: list[tuple[dict, dict]]) -> None:
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    left_g = [g for g in g_ev if id(g) not in matched_g]
    for p in (p for p in p_ev if id(p) not in matched_p):
        same_pair = next((g for g in left_g if (g["source"], g["target"]) == (p["source"], p["target"])), None)
        if same_pair is not None:
            score.confusions[(f"gold {same_pair['root']}", f"pred {p['root']}")] += 1
        else:
            score.confusions[("no gold", f"pred {p['source']}->{p['target']} {p['root']}")] += 1
    for g in left_g:
        if not any((g["source"], g["target"]) == (p["source"], p["target"]) for p in p_ev):
            score.confusions[(f"missed {g['source']}->{g['target']} {g['root']}", "")] += 1


def _traps(score: Score, g_all: list[dict], p_ev: list[dict], pairs: list[tuple[dict, dict]]) -> None:
    matched = {id(p) for _, p in pairs}
    traps = [e for e in g_all if e["modality"] != "asserted"]
    for p in p_ev:
        if id(p) not in matched:
            hit = next((t for t in traps if KEYS["root"](t) == KEYS["root"](p)), None)
            if hit is not None:
                score.traps[hit["modality"]] += 1


def _modality(score: Score, g_all: list[dict], p_all: list[dict]) -> None:
    """Of the gold's non-asserted events that we found, how many got the right modality.

    Predictions already matched to an asserted gold event are not candidates: a headline
    question and the body's report of the same meeting share (source, target, root)."""
    used: set[int] = set()
    for g in (e for e in g_all if e["modality"] != "asserted"):
        for i, p in enumerate(p_all):
            if i not in used and KEYS["root"](p) == KEYS["root"](g):
                used.add(i)
                score.counts["modality_found"] += 1
                score.counts["modality_ok"] += p["modality"] == g["modality"]
                break
        score.counts["modality_gold"] += 1


def _quotes(score: Score, gold: list[dict], pred: list[dict]) -> None:
    c = score.counts
    gq = [(tokens(q["text"]), q.get("speaker", "")) for q in gold]
    pq = [(tokens(q["text"]), (q.get("speaker") or {}).get("name")) for q in pred]
    c["q_gold"] += len(gq)
    c["q_pred"] += len(pq)
    cands = sorted(((jaccard(p[0], g[0]), i, j) for i, p in enumerate(pq) for j, g in enumerate(gq)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for s, i, j in cands:
        if s < QUOTE_JACCARD:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        c["q_tp"] += 1
        c["spk_ok"] += speaker_ok(gq[j][1], pq[i][1])


def _actors(score: Score, gold: dict[str, Any], coded: dict[str, Any]) -> None:
    """A gold mention is right when a predicted mention overlapping one of its occurrences has its code."""
    text, body = gold["text"], coded["body"]
    for a in gold.get("actors", []):
        score.counts["actors_gold"] += 1
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(a["mention"]), body)]
        if not spans and a["mention"] in text:
            spans = []
        hits = [m for m in coded["actors"] for s, e in spans if m["start"] < e and s < m["end"]]
        score.counts["actors_found"] += bool(hits)
        score.counts["actors_ok"] += any(m["code"] == a["code"] for m in hits)


def report(score: Score, n_docs: int, worst: int = 12) -> list[str]:
    """The lines `dyads eval` prints, ending with events_f1=."""
    c = score.counts
    lines = [f"documents: {n_docs}", "-- events (asserted only) --"]
    for level, label in (
        ("root", "events (source,target,root)"),
        ("country", "events country-level"),
        ("code3", "events exact 3-digit code"),
    ):
        lines.append(_line(label, score.prf(f"tp_{level}", "pred", "gold"), c[f"tp_{level}"], c["pred"], c["gold"]))
    lines.append(
        _line(
            "event dates (matched)",
            score.prf("date_ok", "date_pred", "date_gold"),
            c["date_ok"],
            c["date_pred"],
            c["date_gold"],
        )
    )
    lines.append(f"{'null dates kept null':30} {_ratio(c['nulldate_ok'], c['nulldate_gold'])}")
    lines.append("-- modality --")
    lines.append(
        f"{'modality accuracy':30} {_ratio(c['modality_ok'], c['modality_found'])}  "
        f"(found {c['modality_found']} of {c['modality_gold']} non-asserted gold events)"
    )
    lines.append(
        "asserted predictions matching a non-asserted gold event: "
        + (", ".join(f"{k}={v}" for k, v in sorted(score.traps.items())) or "none")
    )
    lines.append(f"no-event documents: {c['noevent_docs']}, asserted events predicted there: {c['noevent_fp']}")
    lines.append("-- quotes --")
    lines.append(
        _line("quotes (Jaccard>=0.8)", score.prf("q_tp", "q_pred", "q_gold"), c["q_tp"], c["q_pred"], c["q_gold"])
    )
    lines.append(f"{'speaker accuracy (matched)':30} {_ratio(c['spk_ok'], c['q_tp'])}")
    lines.append("-- actors --")
    lines.append(
        f"{'actor-mention accuracy':30} {_ratio(c['actors_ok'], c['actors_gold'])}  (found {c['actors_found']})"
    )
    lines.append("-- per root (source,target,root) --")
    for root in sorted(score.per_root):
        t, p, g = score.per_root[root]
        pr = t / p if p else 0.0
        rc = t / g if g else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        lines.append(f"  {root}  P={pr:.3f} R={rc:.3f} F1={f:.3f}  (tp={t} pred={p} gold={g})")
    lines.append(f"-- worst confusions (top {worst}) --")
    for (a, b), n in score.confusions.most_common(worst):
        lines.append(f"  {n:3d}  {a}  {b}".rstrip())
    lines.append(f"events_f1={score.prf('tp_root', 'pred', 'gold')[2]:.3f}")
    return lines


def _line(label: str, prf: tuple[float, float, float], tp: int, pred: int, gold: int) -> str:
    p, r, f = prf
    return f"{label:30} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp} pred={pred} gold={gold})"


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0/0)"


def prediction_row(gold_id: str, coded: dict[str, Any]) -> dict[str, Any]:
    """A row in the scorer's PRED format (shared/gold/score.py)."""
    return {
        "id": gold_id,
        "events": [
            {
                "source": e["source"]["code"],
                "target": e["target"]["code"],
                "cameo": e["cameo"],
                "modality": e["modality"],
                "date": e["date"],
            }
            for e in coded["events"]
        ],
        "quotes": [{"text": q["text"], "speaker": (q.get("speaker") or {}).get("name") or ""} for q in coded["quotes"]],
    }
