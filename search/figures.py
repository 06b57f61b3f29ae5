"""Rectification figures across notices: the table researchers sort, check and export.

Each notice's figures are extracted at build time (:mod:`indexer.figures`): every
mention, each marked ``chosen`` (part of the value the table shows) with its
``reason``. This view lists the notices among the current hits — the same query and
filters as the search page — with one column per figure label, and makes every number
checkable:

- a *cell* carries the chosen mention's sentence and permalink, its parts (several
  only for coordinate money amounts of one sentence), the reason for the choice and how
  many other mentions the notice has;
- the *totals* add each column over the notices shown and say how many notices report
  the label, per unit (人 and 人次 are never added together), so a sum over 12 notices
  is never mistaken for one over 40;
- ``cols`` picks and orders the label columns (a phone shows three, not eighteen);
- the *tidy* table has one row per mention, chosen or not (:func:`iter_mentions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from analysis.numerals import add_values
from analysis.vocab import FIGURE_LABELS, FIGURE_REASONS
from search.engine import ParamError, SearchParams, match, notice_meta
from search.store import Corpus

# Columns of the table, its JSON rows and its sort parameter; ``kind`` is inspection_kind
# under the name URLs (kind=巡察) and CSV headers use.
META_COLUMNS = ("id", "title", "issuer", "province", "city", "county", "level", "kind", "year")
# The tidy export: one row per mention (``start``: offset of ``written`` in the paragraph).
MENTION_COLUMNS = ("notice_id", "title", "province", "year", "label", "label_zh", "value",
                   "unit", "written", "sentence", "paragraph_id", "start", "permalink",
                   "chosen", "reason", "reason_zh")


def parse_cols(raw: str) -> list[str]:
    """The ``cols`` parameter: label keys separated by commas, in the order to show them."""
    cols = list(dict.fromkeys(c.strip() for c in raw.split(",") if c.strip()))
    unknown = [c for c in cols if c not in FIGURE_LABELS]
    if unknown:
        bad = ", ".join(unknown[:3])
        raise ParamError("没有名为 %(name)s 的数据列。", name=bad)
    return cols


def paragraph_link(paragraph_id: str) -> str:
    return f"/p/{paragraph_id}"


def notice_mentions(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure mention of one notice, in document order, with its permalink.

    What the reader lists and the tidy export writes: the stored mention (label,
    value, unit, written, sentence, paragraph id, start offset, chosen, reason)."""
    return [f | {"permalink": paragraph_link(f["paragraph_id"]),
                 "reason_zh": FIGURE_REASONS.get(f["reason"], "")}
            for f in meta.get("figures", [])]


def notice_cells(meta: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The table's cells of one notice: per label, the value with where it was read.

    ``value`` is the build's summary (the sum of the chosen parts); ``parts`` the chosen
    mentions (one, or the coordinate money amounts of one sentence); ``others`` the
    notice's other mentions of the label, which the reader lists."""
    cells: dict[str, dict[str, Any]] = {}
    others: dict[str, int] = {}
    for f in notice_mentions(meta):
        label = f["label"]
        if not f["chosen"]:
            others[label] = others.get(label, 0) + 1
            continue
        cell = cells.setdefault(label, {
            "value": meta["figure_summary"][label], "unit": f["unit"], "reason": f["reason"],
            "reason_zh": f["reason_zh"], "sentence": f["sentence"],
            "paragraph_id": f["paragraph_id"], "permalink": f["permalink"], "parts": []})
        cell["parts"].append({"value": f["value"], "written": f["written"], "start": f["start"]})
    for label, cell in cells.items():
        cell["others"] = others.get(label, 0)
    return cells


def _notices(corpus: Corpus, params: SearchParams, sort: str, desc: bool
             ) -> list[dict[str, Any]]:
    """The metadata of the notices with hits, in the table's order."""
    if sort and sort not in FIGURE_LABELS and sort not in META_COLUMNS:
        raise ParamError("无法按 %(sort)s 排序。", sort=sort)
    matched = match(corpus, params)
    notices = np.unique(corpus.notice_row[np.flatnonzero(matched.hits)])
    metas = [notice_meta(corpus, n) for n in notices.tolist()]
    if not sort:
        return metas

    def value(m: dict[str, Any]) -> Any:
        v = m.get("figure_summary", {}).get(sort) if sort in FIGURE_LABELS else m[sort]
        return None if v in (None, "") else v

    present = [m for m in metas if value(m) is not None]
    present.sort(key=value, reverse=desc)
    return present + [m for m in metas if value(m) is None]  # missing last either way


def _pick(cells: dict[str, dict[str, Any]], cols: list[str]) -> dict[str, dict[str, Any]]:
    """The cells of the picked columns, in the picked order (all of them when none is)."""
    return {k: cells[k] for k in cols if k in cells} if cols else cells


def figures_rows(corpus: Corpus, params: SearchParams, sort: str = "", desc: bool = True,
                 cols: Iterable[str] = ()) -> list[dict[str, Any]]:
    """One row per notice with hits: metadata, its values (``figures``) and their
    ``cells``, only the picked ``cols`` when given."""
    picked = list(cols)
    rows = []
    for m in _notices(corpus, params, sort, desc):
        cells = _pick(notice_cells(m), picked)
        rows.append({k: m[k] for k in META_COLUMNS} | {
            "figures": {k: c["value"] for k, c in cells.items()}, "cells": cells,
            "permalink": f"/notice/{m['id']}"})
    return rows


def column_totals(rows: list[dict[str, Any]], labels: Iterable[str]
                  ) -> dict[str, dict[str, Any]]:
    """Per label: how many of ``rows`` report it, and the sum per unit, largest first."""
    totals: dict[str, dict[str, Any]] = {}
    for label in labels:
        by_unit: dict[str, list[float]] = {}
        for r in rows:
            cell = r["cells"].get(label)
            if cell is not None:
                by_unit.setdefault(cell["unit"], []).append(cell["value"])
        sums = [{"unit": u, "value": add_values(vs), "notices": len(vs)}
                for u, vs in by_unit.items()]
        sums.sort(key=lambda s: -s["notices"])
        totals[label] = {"notices": sum(s["notices"] for s in sums), "sums": sums}
    return totals


def figures_table(corpus: Corpus, params: SearchParams, sort: str = "", desc: bool = True,
                  cols: Iterable[str] = ()) -> dict[str, Any]:
    """The /figures view: rows, the label columns shown, the totals over the filter.

    ``columns`` lists every label some notice among the hits reports (with how many),
    for the column picker; ``labels`` the columns shown: the picked ones in the picked
    order, or else every reported label."""
    picked = list(cols)
    rows = figures_rows(corpus, params, sort, desc)
    reported = {k: sum(1 for r in rows if k in r["cells"]) for k in FIGURE_LABELS}
    shown = picked or [k for k in FIGURE_LABELS if reported[k]]
    for r in rows:
        r["cells"] = _pick(r["cells"], picked)
        r["figures"] = {k: c["value"] for k, c in r["cells"].items()}
    return {"query": params.to_dict(), "sort": sort, "desc": desc, "cols": picked,
            "labels": [{"key": k, "label_zh": FIGURE_LABELS[k]} for k in shown],
            "columns": [{"key": k, "label_zh": FIGURE_LABELS[k], "notices": reported[k],
                         "shown": k in shown} for k in FIGURE_LABELS if reported[k] or k in shown],
            "rows": rows, "totals": column_totals(rows, shown),
            "total": {"notices": len(rows), "with_figures": sum(1 for r in rows if r["cells"])}}


def iter_mentions(corpus: Corpus, params: SearchParams, sort: str = "", desc: bool = True,
                  cols: Iterable[str] = ()) -> Iterator[dict[str, Any]]:
    """The tidy table, streamed: one row (:data:`MENTION_COLUMNS`) per mention of the
    notices with hits, chosen or not, notices in the table's order, mentions in
    document order; only the picked labels when ``cols`` is given."""
    picked = set(cols)
    for m in _notices(corpus, params, sort, desc):
        head = {"notice_id": m["id"], "title": m["title"], "province": m["province"],
                "year": m["year"]}
        for f in notice_mentions(m):
            if not picked or f["label"] in picked:
                yield head | {k: f[k] for k in MENTION_COLUMNS if k not in head}
