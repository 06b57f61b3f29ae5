"""Relevance regression: the numpy BM25F ranks hits as Whoosh's own BM25F does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from analysis.words import words
from indexer.build import build
from search.engine import SearchParams, match, search
from search.rank import rank_rows, scores
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"
QUERIES = ["整改", "八项规定", "巡视整改", "民主生活会", "问题线索 整改", "党风廉政建设",
           "形式主义 官僚主义", "领导干部"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    index = tmp_path_factory.mktemp("rank-index")
    build(SEEDS, index, procs=1, quiet=True)
    return Store(index).corpus()


@pytest.mark.parametrize("q", QUERIES)
def test_order_and_scores_match_whoosh_bm25f(corpus, q):
    m = match(corpus, SearchParams.from_args({"q": q}))
    rows = np.flatnonzero(m.hits)
    ours = rank_rows(corpus, rows, m.parsed.terms, len(rows)).tolist()
    ws = list(dict.fromkeys(w for t in m.parsed.terms for w in words(t)))
    query = wq.Or([wq.Term(f, w) for w in ws for f in ("words", "title_words", "section_words")])
    with corpus.ix.searcher() as searcher:
        results = searcher.search(query, filter=set(rows.tolist()), limit=None)
        theirs = [(h.docnum, h.score) for h in results]
    assert theirs, q
    k = min(10, len(rows))
    assert ours[0] == theirs[0][0]
    assert len(set(ours[:k]) & {d for d, _ in theirs[:k]}) >= k - 1
    ours_scores = dict(zip(rows.tolist(), scores(corpus, rows, m.parsed.terms), strict=True))
    # Whoosh stores field lengths in one lossy byte; scores agree within a few per cent.
    for docnum, score in theirs:
        assert ours_scores[docnum] == pytest.approx(score, rel=0.05)


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_every_sort_pages_through_exactly_the_hit_set(corpus, sort):
    params = {"q": "整改", "sort": sort, "per_page": 50}
    first = search(corpus, SearchParams.from_args(params))
    seen = []
    for page in range(1, first["pages"]["last_page"] + 1):
        seen += [h["paragraph_id"] for h in search(
            corpus, SearchParams.from_args(params | {"page": page}))["hits"]]
    truth = {corpus.pids[r] for r in np.flatnonzero(
        match(corpus, SearchParams.from_args(params)).hits)}
    assert len(seen) == len(set(seen)) == first["total"]["paragraphs"]
    assert set(seen) == truth


def test_deep_pages_are_ranked_too(corpus):
    m = match(corpus, SearchParams.from_args({"q": "整改"}))
    rows = np.flatnonzero(m.hits)
    everything = rank_rows(corpus, rows, m.parsed.terms, len(rows))
    for limit in (1, 20, 40):
        head = rank_rows(corpus, rows, m.parsed.terms, limit)
        assert head[:limit].tolist() == everything[:limit].tolist()
        assert sorted(head.tolist()) == sorted(rows.tolist())
