"""Where this project's search time goes: matching, filter masks, facets, ranking, snippets.

Runs the real ``search.engine.search`` on the query mix, uncached (term and
mask caches emptied before every call), with timers wrapped around the
functions it calls by name — so it measures the one search path, not a copy
of it. The timers read the thread's CPU time, not the wall clock: on a shared
machine a request waits for a core for tens of milliseconds at random, and
wall-clock steps would only say which step happened to be running then (the
request's wall time is reported beside it). Each step is the median over the
rounds; ``other`` is what the request
spends outside the timed functions (hit row ids, distinct notices, the result
dict). Nested steps are reported inside their parent: ``lookup`` (postings
and verification of each term) is part of ``matching``, ``count`` (the
per-facet ``bincount``/``unique`` work) is part of ``facets``, ``bm25`` part of
``ranking``.

    python -m bench.decompose --index DIR --corpus DIR [--reps 5]

(``DIR`` of ``--corpus`` is a folder written by ``bench.generate``: its
manifest picks the filter values and the rare term, as in ``bench/run``.)
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench.engines import Xunshi
from bench.generate import MANIFEST_NAME
from bench.queries import BenchQuery, query_mix

# timer name -> (module, function): the functions search() reaches by module-level name
PROBES: dict[str, tuple[str, str]] = {
    "match": ("search.engine", "match"),
    "parse": ("search.engine", "parse_query"),
    "evaluate": ("search.engine", "evaluate"),
    "lookup": ("search.match", "term_rows"),
    "facets": ("search.engine", "facet_counts"),
    "count": ("search.facets", "_count"),
    "ranking": ("search.engine", "order"),
    "bm25": ("search.rank", "scores"),
    "markup": ("search.engine", "snippet_markup"),
    "sanitize": ("search.engine", "sanitize_many"),
    "hit_dict": ("search.engine", "hit_dict"),
}
# reported steps, from the timers: (name, how)
STEPS = ("matching", "lookup", "masks", "facets", "count", "ranking", "bm25", "snippets",
         "other")


@contextlib.contextmanager
def timers() -> Iterator[dict[str, float]]:
    """Wrap every probe; yields the accumulating seconds per timer (reset it per call)."""
    spent: dict[str, float] = dict.fromkeys(PROBES, 0.0)
    saved: list[tuple[Any, str, Callable[..., Any]]] = []

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.thread_time() - t0
        return timed

    try:
        for name, (module_name, attr) in PROBES.items():
            module = importlib.import_module(module_name)
            fn = getattr(module, attr, None)
            if fn is None:
                raise RuntimeError(f"decompose: {module_name}.{attr} no longer exists; "
                                   "update bench/decompose.py PROBES to the search path")
            saved.append((module, attr, fn))
            setattr(module, attr, wrap(name, fn))
        yield spent
    finally:
        for module, attr, fn in saved:
            setattr(module, attr, fn)


def steps(total: float, t: dict[str, float]) -> dict[str, float]:
    """Step times (CPU seconds) of one request from its timers and its CPU ``total``."""
    matching = t["parse"] + t["evaluate"]
    snippets = t["markup"] + t["sanitize"] + t["hit_dict"]
    return {"total": total, "matching": matching, "lookup": t["lookup"],
            "masks": t["match"] - matching, "facets": t["facets"], "count": t["count"],
            "ranking": t["ranking"], "bm25": t["bm25"], "snippets": snippets,
            "other": total - t["match"] - t["facets"] - t["ranking"] - snippets}


def step_decompose(corpus: Any, queries: list[BenchQuery], reps: int) -> dict[str, Any]:
    """Median step CPU times per query (ms), uncached, and the sums over the mix."""
    engine = Xunshi(corpus, clear_caches=True)
    rows = []
    with timers() as spent:
        for q in queries:
            samples: list[dict[str, float]] = []
            for rnd in range(reps + 1):  # round 0 warms the page cache and the code paths
                for k in spent:
                    spent[k] = 0.0
                t0, c0 = time.perf_counter(), time.thread_time()
                engine.run(q)
                cpu, wall = time.thread_time() - c0, time.perf_counter() - t0
                if rnd:
                    samples.append(steps(cpu, spent) | {"wall": wall})
            med = {k: float(np.median([s[k] for s in samples])) * 1000
                   for k in ("wall", "total", *STEPS)}
            rows.append({"name": q.name, "q": q.q(), "filters": q.filters_label()} | med)
    sums = {k: sum(r[k] for r in rows) for k in ("wall", "total", *STEPS)}
    return {"reps": reps, "queries": rows, "sum_ms": sums,
            "share": {k: sums[k] / sums["total"] if sums["total"] else 0.0 for k in STEPS}}


def main(argv: list[str] | None = None) -> int:
    from search.store import Store

    ap = argparse.ArgumentParser(prog="python -m bench.decompose", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True, help="an index built from --corpus")
    ap.add_argument("--corpus", required=True, help="the generated corpus folder")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args(argv)
    manifest_path = Path(args.corpus) / MANIFEST_NAME
    manifest = [json.loads(line) for line in manifest_path.read_text(encoding="utf-8")
                .splitlines() if line.strip()]
    result = step_decompose(Store(Path(args.index)).corpus(), query_mix(manifest), args.reps)
    from bench.report import decompose_table

    print("\n".join(decompose_table(result, markdown=False)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
