"""The full response every engine gives, and the facet work it takes.

``/api/search`` answers with exact totals (paragraphs and notices), seven facets
and one page of snippets. The facets are multi-select, as the UI needs them: a
facet's counts apply every *other* facet's selection but not its own (so a
ticked 湖南省 still shows what 河北省 would add), and each value carries both a
paragraph count and a notice count. An engine that only runs one filtered query
per request does less work than that; :func:`filter_sets` says which filtered
hit sets a request needs, so every peer computes the same counts.

Every facet is an attribute of the notice, so a facet's counts follow from the
per-notice hit counts of its filter set: :class:`FacetTable` rolls those up
(paragraphs = sum of the notices' hits, notices = how many of them have hits).
Groonga does the same roll-up inside the engine (a drilldown over the notice,
then drilldowns over that result); the other peers get per-notice counts from
their engine and roll up here, with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.vocab import FLAGS
from search.facets import FACETS

if TYPE_CHECKING:
    from bench.queries import BenchQuery

# value -> (paragraphs, notices), per facet
Facets = dict[str, dict[str, tuple[int, int]]]


@dataclass
class Answer:
    """One engine's response to one request, in a shape every engine can produce."""

    total: int
    notices: int
    facets: Facets
    page: list[str] = field(default_factory=list)  # paragraph ids, in the engine's order
    snippets: list[Any] = field(default_factory=list)

    def counts(self) -> tuple[int, int, Facets]:
        """What must agree between exact engines: totals and every facet count."""
        return self.total, self.notices, self.facets


def notice_values(meta: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """A notice's value(s) for each facet, as the project's facets list them (no empties)."""
    out: dict[str, tuple[str, ...]] = {}
    for name in FACETS:
        if name == "year":
            out[name] = (str(meta["year"]),) if (meta["year"] or 0) > 0 else ()
        elif name == "flag":
            out[name] = tuple(f for f in FLAGS if f in (meta["flags"] or ()))
        else:
            out[name] = (meta[name],) if meta[name] else ()
    return out


def filter_sets(q: BenchQuery) -> list[tuple[dict[str, tuple[str, ...]], tuple[str, ...]]]:
    """The filtered hit sets a request needs: ``[(selections applied, facets counted)]``.

    The first is the hit set itself (totals, page, and every facet without a
    selection); then one per selected facet, with every selection but its own.
    """
    selected = q.selections()
    if not selected:
        return [({}, FACETS)]
    sets = [(selected, tuple(f for f in FACETS if f not in selected))]
    for name in selected:
        sets.append(({k: v for k, v in selected.items() if k != name}, (name,)))
    return sets


class FacetTable:
    """Per-notice facet values as (notice, value code) pairs, for numpy roll-ups."""

    def __init__(self, notices: list[dict[str, tuple[str, ...]]]) -> None:
        self.size = len(notices)
        self.values: dict[str, list[str]] = {}
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in FACETS:
            values = sorted({v for n in notices for v in n[name]})
            code = {v: i for i, v in enumerate(values)}
            owners = [i for i, n in enumerate(notices) for _ in n[name]]
            codes = [code[v] for n in notices for v in n[name]]
            self.values[name] = values
            self.pairs[name] = (np.array(owners, dtype=np.int64), np.array(codes, dtype=np.int64))

    def rollup(self, notice_ids: np.ndarray, paragraphs: np.ndarray,
               names: tuple[str, ...] = FACETS) -> Facets:
        """Facet counts from the hit paragraphs per notice (``notice_ids`` ↔ ``paragraphs``)."""
        per_notice = np.zeros(self.size, dtype=np.int64)
        per_notice[notice_ids] = paragraphs
        out: Facets = {}
        for name in names:
            owners, codes = self.pairs[name]
            weight = per_notice[owners]
            n = len(self.values[name])
            paras = np.bincount(codes, weights=weight, minlength=n)
            notices = np.bincount(codes, weights=weight > 0, minlength=n)
            out[name] = {self.values[name][i]: (int(paras[i]), int(notices[i]))
                         for i in np.flatnonzero(paras).tolist()}
        return out

    def rollup_rows(self, notice_of_row: np.ndarray, names: tuple[str, ...] = FACETS
                    ) -> tuple[int, Facets]:
        """(distinct notices, facet counts) for hit rows given as their notices."""
        ids, counts = np.unique(notice_of_row, return_counts=True)
        return len(ids), self.rollup(ids, counts, names)
