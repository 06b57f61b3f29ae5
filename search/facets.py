"""Facet counts: exact, over *all* hits, in one shape everywhere (API, page, CLI).

For each facet the counts respect every other active filter but not the facet's
own selection (multi-select within a facet is OR, across facets AND), which is
what lets a researcher see "12 in 湖南省" next to a ticked 河北省 box.
Each value: ``{"value", "count" (paragraphs), "notices", "selected"}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from analysis.vocab import FLAGS, LEVELS

if TYPE_CHECKING:
    from search.store import Corpus

FACETS = ("province", "city", "county", "year", "level", "kind", "flag")


def selection_mask(corpus: Corpus, name: str, values: list[str]) -> np.ndarray | None:
    """Rows matching any selected value of one facet (None when nothing is selected)."""
    if not values:
        return None
    mask = np.zeros(corpus.size, dtype=bool)
    for v in values:
        if name in ("province", "city", "county"):
            mask |= corpus.region_mask(name, v)
        elif name == "year":
            mask |= corpus.years == int(v)
        elif name == "level":
            mask |= corpus.level_mask(v)
        elif name in ("kind", "flag"):
            mask |= corpus.kind_mask(v)
    return mask


def _count(corpus: Corpus, name: str, mask: np.ndarray) -> list[tuple[str, int, int]]:
    rows = np.flatnonzero(mask)
    notices = np.unique(corpus.notice_row[rows])
    if name == "year":
        years = corpus.years[rows]
        nyears = corpus.notice_years[notices]
        vals, counts = np.unique(years[years > 0], return_counts=True)
        nvals, ncounts = np.unique(nyears[nyears > 0], return_counts=True)
        nmap = dict(zip(nvals.tolist(), ncounts.tolist(), strict=True))
        out = [(str(v), int(c), int(nmap.get(v, 0))) for v, c in zip(vals.tolist(),
                                                                     counts.tolist(), strict=True)]
        return sorted(out, key=lambda t: t[0], reverse=True)
    if name == "flag":
        flags = corpus.flags[rows]
        first_row = np.zeros(len(corpus.notices), dtype=np.int64)
        first_row[corpus.notice_row[rows[::-1]]] = rows[::-1]
        nflags = corpus.flags[first_row[notices]] if len(notices) else np.zeros(0, np.int32)
        out = []
        for i, f in enumerate(FLAGS):
            c = int(((flags >> i) & 1).sum())
            if c:
                out.append((f, c, int(((nflags >> i) & 1).sum())))
        return out
    col = corpus.columns[name]
    codes = corpus.facet_codes[name]
    n = len(codes.values)
    pcounts = np.bincount(col[rows][col[rows] >= 0], minlength=n)
    # one row per notice is enough to know the notice's value
    first = np.full(len(corpus.notices), -1, dtype=np.int64)
    first[corpus.notice_row[rows[::-1]]] = rows[::-1]
    ncodes = col[first[notices]] if len(notices) else np.zeros(0, dtype=np.int32)
    ncounts = np.bincount(ncodes[ncodes >= 0], minlength=n)
    out = [(codes.values[i], int(pcounts[i]), int(ncounts[i])) for i in np.flatnonzero(pcounts)]
    if name == "level":
        return sorted(out, key=lambda t: LEVELS.index(t[0]) if t[0] in LEVELS else 9)
    return sorted(out, key=lambda t: (-t[1], t[0]))


def facet_counts(corpus: Corpus, base: np.ndarray, selected: dict[str, list[str]],
                 masks: dict[str, np.ndarray | None]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for name in FACETS:
        mask = base.copy()
        for other, m in masks.items():
            if other != name and m is not None:
                mask &= m
        values = _count(corpus, name, mask)
        chosen = set(selected.get(name, []))
        listed = {v for v, _, _ in values}
        items = [{"value": v, "count": c, "notices": nc, "selected": v in chosen}
                 for v, c, nc in values]
        items += [{"value": v, "count": 0, "notices": 0, "selected": True}
                  for v in selected.get(name, []) if v not in listed]
        out[name] = items
    return out
