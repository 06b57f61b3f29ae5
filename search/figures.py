"""Rectification figures across notices: the table researchers sort and export.

Each notice's figures are extracted at build time (:mod:`indexer.figures`); this
view lists the notices among the current hits — the same query and filters as
the search page — with one column per figure label.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from analysis.vocab import FIGURE_LABELS
from search.engine import ParamError, SearchParams, match, notice_meta
from search.store import Corpus

# Columns of the table, its JSON rows and its sort parameter; ``kind`` is inspection_kind
# under the name URLs (kind=巡察) and CSV headers use.
META_COLUMNS = ("id", "title", "issuer", "province", "city", "county", "level", "kind", "year")


def figures_rows(corpus: Corpus, params: SearchParams, sort: str = "", desc: bool = True
                 ) -> list[dict[str, Any]]:
    """One row per notice with hits: metadata plus its figure summary."""
    if sort and sort not in FIGURE_LABELS and sort not in META_COLUMNS:
        raise ParamError(f"无法按 {sort} 排序。", f"Cannot sort by {sort}.")
    matched = match(corpus, params)
    notices = np.unique(corpus.notice_row[np.flatnonzero(matched.hits)])
    rows = []
    for n_idx in notices.tolist():
        m = notice_meta(corpus, n_idx)
        rows.append({k: m[k] for k in META_COLUMNS} | {
            "figures": m.get("figure_summary", {}), "permalink": f"/notice/{m['id']}"})
    if sort:
        def value(r: dict[str, Any]) -> Any:
            v = r["figures"].get(sort) if sort in FIGURE_LABELS else r[sort]
            return None if v in (None, "") else v

        present = [r for r in rows if value(r) is not None]
        missing = [r for r in rows if value(r) is None]
        present.sort(key=value, reverse=desc)
        rows = present + missing  # rows without the value go last in either direction
    return rows


def figures_table(corpus: Corpus, params: SearchParams, sort: str = "", desc: bool = True
                  ) -> dict[str, Any]:
    rows = figures_rows(corpus, params, sort, desc)
    used = [k for k in FIGURE_LABELS if any(k in r["figures"] for r in rows)]
    return {"query": params.to_dict(), "sort": sort, "desc": desc,
            "labels": [{"key": k, "label_zh": FIGURE_LABELS[k]} for k in used],
            "rows": rows, "total": {"notices": len(rows),
                                    "with_figures": sum(1 for r in rows if r["figures"])}}
