"""Where and when the current query's hits fall, as counts and as shares.

A year with twice as many published notices will show twice as many hits for
anything; researchers need the *share* of that year's notices that say it. So
each bar carries the hit counts (paragraphs, notices — the same numbers as the
year/province facets) and the number of notices in the whole index for that
year or province, the denominator of the share.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from search.engine import SearchParams, search
from search.store import Corpus


def _totals(corpus: Corpus, key: str) -> dict[str, int]:
    """Live notices per year or province in the whole index (the denominators), computed
    once per loaded generation."""
    cache = corpus.__dict__.setdefault("_notice_totals", {})
    if key not in cache:
        out: dict[str, int] = {}
        for n_idx in np.flatnonzero(corpus.notice_alive).tolist():
            value = getattr(corpus.notices[n_idx], key)
            if value:
                out[str(value)] = out.get(str(value), 0) + 1
        cache[key] = out
    return cache[key]


def distribution(corpus: Corpus, params: SearchParams,
                 result: dict[str, Any] | None = None) -> dict[str, Any]:
    """Hits per year and per province, with shares; the facets' numbers, re-shaped.

    Pass the ``search()`` result when the caller already has it (the search page),
    so the query is not evaluated twice.
    """
    if result is None:
        result = search(corpus, params)
    out: dict[str, Any] = {"query": params.to_dict(), "total": result["total"]}
    for facet, key in (("year", "year"), ("province", "province")):
        totals = _totals(corpus, key)
        bars = []
        for item in result["facets"][facet]:
            all_notices = totals.get(item["value"], 0)
            bars.append({
                "value": item["value"], "paragraphs": item["count"], "notices": item["notices"],
                "notices_in_index": all_notices,
                "share": round(item["notices"] / all_notices, 4) if all_notices else 0.0,
            })
        if facet == "year":
            bars.sort(key=lambda b: b["value"])
        out[facet + "s"] = bars
    return out
