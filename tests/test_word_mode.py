"""分词 mode is broader than exact mode, by construction and by test.

A term matches in 分词 mode where it occurs literally **or** where each of its
jieba words occurs literally. The truth is computed here by scanning normalized
paragraph texts (``in``), independent of the engine's postings; the only thing
shared with the engine is the definition of a term's words (``term_words``).
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.normalize import normalize
from bench.generate import generate
from indexer.build import build
from search.engine import SearchParams, match, search
from search.match import term_words
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"


def _open(data: Path, index: Path):
    build(data, index, procs=1, quiet=True)
    corpus = Store(index).corpus()
    texts = {corpus.pids[r]: normalize(corpus.texts[r]) for r in range(corpus.size)
             if corpus.alive[r]}
    return corpus, texts


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return _open(SEEDS, tmp_path_factory.mktemp("words-seed-index"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    data = tmp_path_factory.mktemp("words-gen-data")
    generate(40, data, seed=11)
    return _open(data, tmp_path_factory.mktemp("words-gen-index"))


def _ids(corpus, q: str, mode: str) -> set[str]:
    """The engine's hit set (``match`` is what search() and iter_hits() page from)."""
    rows = np.flatnonzero(match(corpus, SearchParams.from_args({"q": q, "mode": mode})).hits)
    return {corpus.pids[r] for r in rows.tolist()}


def _truth_words(texts: dict[str, str], term: str) -> set[str]:
    term = normalize(term)
    parts = term_words(term)
    return {pid for pid, t in texts.items()
            if term in t or (parts and all(w in t for w in parts))}


def _substrings(texts: dict[str, str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pool = [t for t in texts.values() if len(t) >= 8]
    out = []
    while len(out) < n:
        t = rng.choice(pool)
        k = rng.randint(1, 8)
        i = rng.randrange(0, len(t) - k + 1)
        s = t[i:i + k].strip()
        if s and '"' not in s:
            out.append(s)
    return out


def _quoted(s: str) -> str:
    """A random substring as one literal term, whatever punctuation it holds."""
    return f'"{s}"'


@pytest.mark.parametrize(("q", "phrase"), [
    ("八项规定精神", "中央八项规定精神"),
    ("整改落实", "巡视整改落实情况"),
])
def test_issue_examples_are_broader_not_narrower(seeds, q, phrase):
    corpus, texts = seeds
    exact, words = _ids(corpus, q, "exact"), _ids(corpus, q, "words")
    assert exact, q
    assert exact <= words
    # the paragraphs jieba segments differently (巡视整改/落实) are kept
    assert {pid for pid, t in texts.items() if phrase in t} <= words


def test_words_found_apart_match(seeds):
    """Each word present but not the term: a 分词 hit, not an exact one."""
    corpus, texts = seeds
    q = "规定八项"  # both words occur in the seeds; this order never does
    assert not any(q in t for t in texts.values())
    words = _ids(corpus, q, "words")
    assert words == _truth_words(texts, q)
    assert words and not _ids(corpus, q, "exact")


@pytest.mark.parametrize("which", ["seeds", "generated"])
def test_word_mode_equals_its_definition_and_contains_exact(which, request):
    """≥ 500 random substrings (1–8 characters) per corpus: 分词 hits equal the
    literal-or-all-words truth and contain every exact hit."""
    corpus, texts = request.getfixturevalue(which)
    queries = _substrings(texts, 520, seed=2026)
    assert len(set(queries)) > 300
    for q in queries:
        exact, words = _ids(corpus, _quoted(q), "exact"), _ids(corpus, _quoted(q), "words")
        assert exact == {pid for pid, t in texts.items() if normalize(q) in t}, q
        assert exact <= words, q
        assert words == _truth_words(texts, q), q


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_words_superset_of_exact(seeds, data):
    """Hypothesis picks the substrings (and pairs of them, ANDed): never narrower."""
    corpus, texts = seeds
    pool = sorted(texts.values())
    t = data.draw(st.sampled_from([x for x in pool if len(x) >= 8]))
    k = data.draw(st.integers(1, 8))
    i = data.draw(st.integers(0, len(t) - k))
    q = t[i:i + k].strip()
    if not q or '"' in q:
        return
    q = _quoted(q)
    assert _ids(corpus, q, "exact") <= _ids(corpus, q, "words")


def test_word_mode_marks_the_words_that_matched(seeds):
    corpus, _ = seeds
    result = search(corpus, SearchParams.from_args({"q": "规定八项", "mode": "words"}))
    assert result["hits"]
    for hit in result["hits"]:
        assert "<mark>八项</mark>" in hit["snippet"] or "<mark>规定</mark>" in hit["snippet"]
