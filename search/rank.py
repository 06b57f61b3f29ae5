"""Relevance: BM25F over jieba words, computed for every hit at once with numpy.

The formula is Whoosh's own ``BM25F`` (per-field BM25 with field boosts, summed,
``idf = ln(N / (df + 1)) + 1``, B = 0.75, K1 = 1.2) over the same words the Whoosh
fields hold — paragraph words, section path and notice title. Whoosh scores one
posting at a time in Python, which costs seconds for a common word in a large
corpus; here a word's postings are one slice of a memory-mapped array.
tests/test_rank.py checks the order against Whoosh's searcher on the seeds.

Ranking only orders the hit set; it never decides what matches.
"""

from __future__ import annotations

from functools import cached_property
from math import log
from typing import TYPE_CHECKING

import numpy as np

from analysis.schema import FIELD_BOOSTS, WORD_OWNERS
from analysis.words import words

if TYPE_CHECKING:
    from search.store import Corpus

B = 0.75
K1 = 1.2


class RankStats:
    """Per-corpus lengths and averages, computed once per loaded generation."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus

    @cached_property
    def owner_lengths(self) -> dict[str, np.ndarray]:
        segs = self.corpus.segments
        return {f: np.concatenate([s.lengths[f] for s in segs]).astype(np.float64)
                for f in FIELD_BOOSTS}

    @cached_property
    def row_lengths(self) -> dict[str, np.ndarray]:
        """Field length of every row (a row's section/title length is its owner's)."""
        c = self.corpus
        return {f: lengths[_owner_of(c, f, np.arange(c.size))]
                for f, lengths in self.owner_lengths.items()}

    @cached_property
    def n_docs(self) -> int:
        """Live paragraphs: statistics ignore rows an update deleted, so an updated
        index ranks exactly like a fresh build of the same files."""
        return int(self.corpus.alive.sum())

    @cached_property
    def averages(self) -> dict[str, float]:
        alive = self.corpus.alive
        n = max(self.n_docs, 1)
        return {f: float(v[alive].sum()) / n or 1.0 for f, v in self.row_lengths.items()}

    @cached_property
    def rows_per_owner(self) -> dict[str, np.ndarray]:
        c = self.corpus
        alive = np.flatnonzero(c.alive)
        return {f: np.bincount(_owner_of(c, f, alive), minlength=len(lengths))
                for f, lengths in self.owner_lengths.items()}


def _owner_of(corpus: Corpus, field: str, rows: np.ndarray) -> np.ndarray:
    """The owners (analysis.schema.WORD_OWNERS) of ``field`` for ``rows``."""
    owner = WORD_OWNERS[field]
    if owner == "row":
        return rows
    return corpus.row_section[rows] if owner == "section" else corpus.notice_row[rows]


def _stats(corpus: Corpus) -> RankStats:
    stats = getattr(corpus, "_rank_stats", None)
    if stats is None:
        stats = RankStats(corpus)
        corpus._rank_stats = stats
    return stats


def scores(corpus: Corpus, hit_rows: np.ndarray, terms: list[str]) -> np.ndarray:
    """BM25F score of each hit row for the query words of ``terms``."""
    stats = _stats(corpus)
    n_docs = stats.n_docs
    out = np.zeros(len(hit_rows), dtype=np.float64)
    owner_of_hit = {f: _owner_of(corpus, f, hit_rows) for f in FIELD_BOOSTS}
    query_words = list(dict.fromkeys(w for t in terms for w in words(t)))
    for w in query_words:
        for field, boost in FIELD_BOOSTS.items():
            owners, tf = corpus.word_owners(field, w)
            if len(owners) == 0:
                continue
            df = int(stats.rows_per_owner[field][owners].sum())  # live rows with the word
            idf = log(n_docs / (df + 1)) + 1
            dense = np.zeros(len(stats.owner_lengths[field]), dtype=np.float64)
            dense[owners] = tf * boost
            weight = dense[owner_of_hit[field]]
            nz = np.flatnonzero(weight)
            if len(nz) == 0:
                continue
            wt = weight[nz]
            fl = stats.row_lengths[field][hit_rows[nz]]
            avg = stats.averages[field]
            out[nz] += idf * (wt * (K1 + 1)) / (wt + K1 * ((1 - B) + B * fl / avg))
    return out


def rank_rows(corpus: Corpus, hit_rows: np.ndarray, terms: list[str], limit: int) -> np.ndarray:
    """Hit rows, best first; equal scores in reading order (``Corpus.canon``).

    Only the first ``limit`` need to be in score order, so a page of 20 out of
    100,000 hits sorts 20 scores, not 100,000.
    """
    if len(hit_rows) == 0 or not terms:
        return hit_rows
    s = scores(corpus, hit_rows, terms)
    if 0 < limit < len(hit_rows):
        top = np.argpartition(-s, limit - 1)[:limit]
        # include everything tied with the limit-th score so ties stay in document order
        cut = s[top].min()
        top = np.flatnonzero(s >= cut)
        top = top[np.lexsort((corpus.canon[hit_rows[top]], -s[top]))]
        rest = np.setdiff1d(np.arange(len(hit_rows)), top, assume_unique=True)
        return hit_rows[np.concatenate([top, rest])]  # the rest: document order, unranked
    return hit_rows[np.lexsort((corpus.canon[hit_rows], -s))]
