"""The search step: every engine on the query mix (timed) and on the edge probes (exactness).

Two latency lines come from one interleaved run. The primary line is
*uncached*: this project with its term and mask caches emptied before every
call (``xunshi-nocache``), Groonga with its query cache off, and the engines
that have no query cache. The second line is *cached*: this project with warm
caches, Groonga with its default response cache; the engines without a cache
appear with the same samples in both lines. Each uncached engine runs right
before its cached twin, so the twin always finds its cache warm and the
uncached one never does.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from bench.engines import Engine
from bench.queries import BenchQuery

UNCACHED = ("xunshi-nocache", "groonga-norm", "groonga-auto", "tantivy-chars",
            "tantivy-ngram", "whoosh-naive", "fts5-trigram", "literal-scan")
CACHED_TWIN = {"xunshi-nocache": "xunshi", "groonga-norm": "groonga-norm-cached",
               "groonga-auto": "groonga-auto-cached"}
ENGINES = (*UNCACHED, *CACHED_TWIN.values())
BASE, BASE_CACHED, TRUTH = "xunshi-nocache", "xunshi", "literal-scan"
SHORT = {"xunshi": "xunshi", "xunshi-nocache": "nocache", "groonga-norm": "gr-norm",
         "groonga-auto": "gr-auto", "groonga-norm-cached": "gr-norm$",
         "groonga-auto-cached": "gr-auto$", "tantivy-chars": "tv-chars",
         "tantivy-ngram": "tv-ngram", "whoosh-naive": "whoosh", "fts5-trigram": "fts5",
         "literal-scan": "scan"}


def log(msg: str) -> None:
    """Progress on stderr, so stdout carries only the final table."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else 0.0


def recall_precision(found: set[str], truth: set[str]) -> tuple[float, float, int]:
    """Recall and precision (1.0 for an empty truth / an empty answer), and the overlap."""
    tp = len(found & truth)
    recall = tp / len(truth) if truth else 1.0
    precision = tp / len(found) if found else 1.0
    return recall, precision, tp


def _scored(engine: Engine, q: BenchQuery, truth: set[str]) -> dict[str, Any]:
    """One engine's complete hit set against the truth (an engine error is a result)."""
    try:
        found, error = engine.hit_set(q), ""
    except Exception as exc:
        found, error = set(), f"{type(exc).__name__}: {exc}"
    recall, precision, tp = recall_precision(found, truth)
    return {"hits": len(found), "overlap": tp, "recall": recall, "precision": precision,
            "exact": found == truth and not error, "error": error}


def step_search(engines: dict[str, Engine], queries: list[BenchQuery], reps: int
                ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Time every query on every engine, interleaved; then score hit sets and counts.

    Interleaving (engine A, B, C … for one query, R rounds) spreads the shared
    machine's noise over all engines instead of penalizing whichever ran during a
    burst. Counts are checked too: an engine's totals and facet counts (last
    round's answer) must equal the literal scan's.
    """
    order = [n for name in UNCACHED if name in engines
             for n in (name, CACHED_TWIN.get(name)) if n in engines]
    per_query: list[dict[str, Any]] = []
    for qi, q in enumerate(queries, 1):
        samples: dict[str, list[float]] = {e: [] for e in order}
        errors: dict[str, str] = {}
        answers: dict[str, Any] = {}
        for rnd in range(reps + 1):  # round 0 is the warm-up
            for name in order:
                if name in errors:
                    continue
                t0 = time.perf_counter()
                try:
                    answers[name] = engines[name].run(q)
                except Exception as exc:  # an engine that cannot run a query is a result
                    errors[name] = f"{type(exc).__name__}: {exc}"
                    continue
                if rnd:
                    samples[name].append((time.perf_counter() - t0) * 1000)
        truth = engines[TRUTH].hit_set(q)
        expected = answers[TRUTH].counts() if TRUTH in answers else None
        row: dict[str, Any] = {"n": qi, "name": q.name, "q": q.q(), "filters": q.filters_label(),
                               "whoosh_q": q.whoosh(), "fts5_match": q.fts5(),
                               "short_terms": q.short_terms(), "truth_hits": len(truth),
                               "engines": {}}
        for name in order:
            cell = _scored(engines[name], q, truth)
            cell["error"] = errors.get(name) or cell["error"]
            s = samples[name]
            answer = answers.get(name)
            cell |= {"p50_ms": percentile(s, 50), "p95_ms": percentile(s, 95),
                     "min_ms": min(s) if s else 0.0, "samples_ms": [round(x, 3) for x in s],
                     "total": answer.total if answer else None,
                     "counts_exact": bool(answer and answer.counts() == expected)}
            row["engines"][name] = cell
        per_query.append(row)
        log(f"query {qi:2d}/{len(queries)} {q.name}: truth {len(truth)}, "
            + ", ".join(f"{SHORT[n]} {row['engines'][n]['p50_ms']:.1f} ms" for n in order))
    return per_query, summarize(per_query, order)


def summarize(per_query: list[dict[str, Any]], order: list[str]) -> dict[str, dict[str, Any]]:
    """Per engine: percentiles over all queries × rounds, quality, and ratios to this project.

    ``ratio_*`` compares an engine with this project in the same line (uncached
    engines with ``xunshi-nocache``, cached twins with ``xunshi``); an engine
    without a cache also gets ``cached_ratio_*`` against ``xunshi``.
    """
    summary: dict[str, dict[str, Any]] = {}
    truth_total = sum(r["truth_hits"] for r in per_query)
    for name in order:
        all_samples = [x for r in per_query for x in r["engines"][name]["samples_ms"]]
        cells = [r["engines"][name] for r in per_query]
        s: dict[str, Any] = {
            "p50_ms": percentile(all_samples, 50), "p95_ms": percentile(all_samples, 95),
            "p99_ms": percentile(all_samples, 99), "max_ms": max(all_samples, default=0.0),
            "errors": sum(1 for c in cells if c["error"]),
            "counts_exact": sum(1 for c in cells if c["counts_exact"]), "queries": len(cells)}
        tp = sum(c["overlap"] for c in cells)
        found_total = sum(c["hits"] for c in cells)
        s |= {"recall": sum(c["recall"] for c in cells) / len(cells) if cells else 1.0,
              "precision": sum(c["precision"] for c in cells) / len(cells) if cells else 1.0,
              "recall_micro": tp / truth_total if truth_total else 1.0,
              "precision_micro": tp / found_total if found_total else 1.0,
              "exact": sum(1 for c in cells if c["exact"])}
        summary[name] = s
    for name, s in summary.items():
        base = summary.get(BASE if name in UNCACHED else BASE_CACHED, {})
        for p in ("p50", "p95"):
            s[f"ratio_{p}"] = s[f"{p}_ms"] / base[f"{p}_ms"] if base.get(f"{p}_ms") else 0.0
            cached = summary.get(BASE_CACHED, {})
            if name in UNCACHED and name not in CACHED_TWIN and cached.get(f"{p}_ms"):
                s[f"cached_ratio_{p}"] = s[f"{p}_ms"] / cached[f"{p}_ms"]
    return summary


def step_probes(engines: dict[str, Engine], probes: list[BenchQuery]
                ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Every uncached engine's hit set on every edge probe, against the literal truth."""
    names = [n for n in UNCACHED if n in engines]
    rows: list[dict[str, Any]] = []
    for q in probes:
        truth = engines[TRUTH].hit_set(q)
        rows.append({"name": q.name, "q": q.q(), "category": q.tags[-1],
                     "truth_hits": len(truth),
                     "engines": {n: _scored(engines[n], q, truth) for n in names}})
    summary = {n: {"exact": sum(1 for r in rows if r["engines"][n]["exact"]),
                   "probes": len(rows),
                   "recall": sum(r["engines"][n]["recall"] for r in rows) / len(rows)
                   if rows else 1.0,
                   "precision": sum(r["engines"][n]["precision"] for r in rows) / len(rows)
                   if rows else 1.0} for n in names}
    log("edge probes: " + ", ".join(f"{SHORT[n]} {s['exact']}/{s['probes']}"
                                    for n, s in summary.items()))
    return rows, summary
