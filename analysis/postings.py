"""Compact postings in the derived cache (indexer.cache): one sorted ``uint64`` key array each.

A key packs ``(term code << DOC_BITS) | local id``, so "which rows have this term"
is two binary searches over a memory-mapped array — numpy speed where Whoosh's
pure-Python posting readers would decode block by block.

- **bigrams** (exact matching): the code of two adjacent characters of a
  normalized paragraph. Every bigram of a substring occurs in a paragraph that
  contains it, so intersecting never loses a hit; ``in`` then confirms.
- **words** (ranking): jieba word ids per paragraph, per section path and per notice
  title, with term frequencies, for BM25F computed over all hits at once. Word ids
  number the segment's vocabulary in code-point order, as Whoosh's lexicon does.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np

DOC_BITS = 23  # local ids below 8M per segment; bigram codes need 42 bits, words far fewer
ID_MASK = np.uint64((1 << DOC_BITS) - 1)


def bigram_code(a: str, b: str) -> int:
    return (ord(a) << 21) | ord(b)


CHUNK_ROWS = 20_000  # rows per step: temporaries stay small however large the segment


def _bigram_chunk(norms: list[str], first: int) -> np.ndarray:
    joined = "\x00".join(norms) + "\x00"
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(s) + 1 for s in norms), dtype=np.int64, count=len(norms))
    rows = np.repeat(np.arange(first, first + len(norms), dtype=np.uint64), lengths)
    a, b, r = cps[:-1], cps[1:], rows[:-1]
    # (last character, 0) marks the end of a paragraph, so "all bigrams starting
    # with c" covers every occurrence of c: one-character terms use postings too.
    ok = a != 0
    return np.unique((((a[ok] << np.uint64(21)) | b[ok]) << np.uint64(DOC_BITS)) | r[ok])


def bigram_keys(norms: Sequence[str]) -> np.ndarray:
    """Sorted unique keys of every (bigram, row) pair in ``norms``, built in chunks
    (one pass over 300k paragraphs at once needed ~3 GB of temporaries)."""
    parts = [_bigram_chunk(list(norms[i:i + CHUNK_ROWS]), i)
             for i in range(0, len(norms), CHUNK_ROWS)]
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    keys = np.concatenate(parts)
    keys.sort()  # chunks hold disjoint rows, so the union is already unique
    return keys


def lookup(keys: np.ndarray, code: int, end: int | None = None) -> slice:
    """The slice of ``keys`` whose term code is ``code`` (or in ``[code, end)``)."""
    lo_key = np.uint64(code) << np.uint64(DOC_BITS)
    hi_key = np.uint64(code + 1 if end is None else end) << np.uint64(DOC_BITS)
    return slice(int(np.searchsorted(keys, lo_key)), int(np.searchsorted(keys, hi_key)))


def local_ids(keys: np.ndarray) -> np.ndarray:
    return (np.asarray(keys) & ID_MASK).astype(np.int64)


MAX_TF = 65535  # term frequencies are kept as uint16


def word_keys(word_ids: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Keys of (word id, owner) pairs."""
    return (word_ids.astype(np.uint64) << np.uint64(DOC_BITS)) | owners.astype(np.uint64)


def capped_tf(counts: np.ndarray) -> np.ndarray:
    return np.minimum(counts, MAX_TF).astype(np.uint16)


def sorted_vocabulary(vocab: dict[str, int]) -> tuple[list[str], np.ndarray]:
    """Words in code-point order (Whoosh's lexicon order) and the new id of each old id."""
    words = sorted(vocab)
    new_id = np.empty(len(vocab), dtype=np.uint32)
    new_id[[vocab[w] for w in words]] = np.arange(len(words), dtype=np.uint32)
    return words, new_id


class WordPostings:
    """Builds (word, owner) → frequency postings from space-joined jieba words.

    Owners (rows, section paths, notices) arrive in order 0, 1, 2…, so word ids go
    into one compact ``array`` and each token's owner is implied by the lengths.
    """

    def __init__(self, vocab: dict[str, int]):
        self.vocab = vocab
        self._ids = array("I")
        self.lengths = array("I")

    def add(self, owner: int, joined_words: str) -> None:
        assert owner == len(self.lengths), "owners must be added in order"
        setdefault, vocab = self.vocab.setdefault, self.vocab
        before = len(self._ids)
        self._ids.extend(setdefault(w, len(vocab)) for w in joined_words.split())
        self.lengths.append(len(self._ids) - before)

    def finish(self, new_id: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sorted unique keys, term frequencies, lengths by owner), word ids renumbered
        by ``new_id`` (see :func:`sorted_vocabulary`)."""
        lengths = np.frombuffer(self.lengths, dtype=np.uint32).astype(np.int32)
        if not len(self._ids):
            return np.zeros(0, np.uint64), np.zeros(0, np.uint16), lengths
        ids = new_id[np.frombuffer(self._ids, dtype=np.uint32)]
        keys = word_keys(ids, np.repeat(np.arange(len(lengths)), lengths))
        uniq, counts = np.unique(keys, return_counts=True)
        return uniq, capped_tf(counts), lengths
