"""Matching: which paragraphs satisfy a parsed query. Exactness lives here.

A term matches a paragraph iff the normalized term is a substring of the
normalized paragraph — the same test the tests' literal scan applies. Bigram
postings only *narrow* the candidates (a substring's bigrams are all in the
paragraph), then ``in`` decides; one-character terms are checked directly.
Boolean structure and filters are numpy boolean masks over rows, so counts and
facets come from the same hit set the result list is cut from.

分词 (``mode="words"``) is *broader* by construction: a term matches where it occurs
literally **or** where each of its jieba words occurs literally, in any order.
Matching words as substrings (not as the paragraph's own jieba tokens) keeps the
mode free of segmentation differences between query and paragraph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from analysis.words import words
from search.query import And, Field, MatchAll, Node, Not, Or, QueryError, Term

if TYPE_CHECKING:
    from search.store import Corpus

# Narrow by at most this many postings lists; beyond it, verifying is cheaper.
MAX_INTERSECT = 3


def term_rows(corpus: Corpus, text: str) -> np.ndarray:
    """Sorted row numbers whose normalized text contains ``text``."""
    cached = corpus.term_cache.get(text)
    if cached is not None:
        return cached
    norms = corpus.norms
    if len(text) == 1:
        rows = corpus.char_rows(text)  # exact: every occurrence starts some bigram
    else:
        lists = sorted((corpus.bigram_rows(text[i], text[i + 1]) for i in range(len(text) - 1)),
                       key=len)
        candidates = lists[0]
        for other in lists[1:MAX_INTERSECT]:
            if len(candidates) == 0:
                break
            candidates = np.intersect1d(candidates, other, assume_unique=True)
        if len(text) == 2:
            rows = candidates  # a single bigram: presence is containment
        else:
            rows = candidates[np.fromiter((norms.contains(i, text) for i in candidates.tolist()),
                                          dtype=bool, count=len(candidates))]
    rows = rows[corpus.alive[rows]] if len(rows) else rows
    corpus.term_cache.put(text, rows)
    return rows


def term_words(text: str) -> list[str]:
    """The words 分词 mode looks for: jieba's search-mode words of ``text``, keeping only
    the finest (a compound such as 八项规定 is dropped when 八项 and 规定 are also
    emitted), so the mode is as broad as the segmentation allows."""
    found = list(dict.fromkeys(words(text)))
    return [w for w in found if not any(o != w and o in w for o in found)]


def words_rows(corpus: Corpus, text: str) -> np.ndarray:
    """Sorted rows matching ``text`` in 分词 mode: the literal term, or all its words."""
    rows = term_rows(corpus, text)
    parts = term_words(text)
    if not parts or parts == [text]:
        return rows
    together = None
    for w in sorted(parts, key=len, reverse=True):  # longest (rarest) first
        found = term_rows(corpus, w)
        together = found if together is None else np.intersect1d(together, found,
                                                                  assume_unique=True)
        if len(together) == 0:
            break
    return np.union1d(rows, together)


def _mask_from_rows(corpus: Corpus, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(corpus.size, dtype=bool)
    mask[rows] = True
    return mask


def field_mask(corpus: Corpus, node: Field) -> np.ndarray:
    """Rows whose notice metadata satisfies a ``field:value`` filter."""
    name, value = node.name, node.value
    if name in ("province", "city", "county"):
        return corpus.region_mask(name, node.raw)
    if name == "year":
        lo, _, hi = value.partition("-")
        years = corpus.years
        return (years >= int(lo)) & (years <= int(hi or lo))
    if name == "kind":
        return corpus.kind_mask(value)
    if name == "level":
        return corpus.level_mask(value)
    if name == "title":
        return corpus.notice_text_mask("title", value)
    if name == "section":
        return corpus.section_mask(value)
    if name == "notice":
        return corpus.notice_id_mask(node.raw.strip())
    raise QueryError("未知字段 %(field)s:", field=name)


def evaluate(corpus: Corpus, node: Node, mode: str = "exact") -> np.ndarray:
    """Boolean mask over rows for ``node`` (dead rows are never set)."""
    if isinstance(node, MatchAll):
        return corpus.alive.copy()
    if isinstance(node, Term):
        if mode == "words":
            return _mask_from_rows(corpus, words_rows(corpus, node.text))
        return _mask_from_rows(corpus, term_rows(corpus, node.text))
    if isinstance(node, Field):
        return field_mask(corpus, node) & corpus.alive
    if isinstance(node, Not):
        return ~evaluate(corpus, node.child, mode) & corpus.alive
    if isinstance(node, And):
        # Evaluate the cheapest-looking children first and stop early when empty.
        mask = None
        for child in node.children:
            part = evaluate(corpus, child, mode)
            mask = part if mask is None else mask & part
            if not mask.any():
                break
        return mask if mask is not None else corpus.alive.copy()
    if isinstance(node, Or):
        mask = np.zeros(corpus.size, dtype=bool)
        for child in node.children:
            mask |= evaluate(corpus, child, mode)
        return mask
    raise TypeError(f"unknown query node {node!r}")
