"""Whoosh schema: one document per paragraph.

Three kinds of field, each for one job:
- ``words``/``title_words``/``section_words``: jieba words for BM25F *ranking* (and the
  clearly labelled 分词 word mode). jieba is never used to decide what matches in
  the default exact mode: its segmentation differs between query and document.
- ``pid`` (unique) and ``notice_id`` as indexed ids, so an update can delete a
  notice's paragraphs by term;
- stored display text, section path and the notice metadata (region, dates,
  kind…), so each stored document is a complete, citable paragraph.

Metadata is stored, not indexed: filters, facets and date sorting run on numpy
columns built from the same rows (search.store), and indexing eleven metadata
fields per paragraph cost a quarter of the serial Whoosh writer's time.

Exact matching uses the normalized text kept beside the Whoosh files (see
``indexer.build``), indexed by character bigrams like Lucene's CJK bigram filter.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from pathlib import Path

import jieba
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.system import pack_uint

from indexer.normalize import normalize

USER_DICT = Path(__file__).with_name("userdict.txt")
_jieba_lock = threading.Lock()
_jieba_ready = False


def _ensure_jieba() -> None:
    """Load jieba's dictionary and ours once per process (jieba itself is lazy)."""
    global _jieba_ready
    if _jieba_ready:
        return
    with _jieba_lock:
        if not _jieba_ready:
            jieba.setLogLevel(60)
            jieba.initialize()
            jieba.load_userdict(str(USER_DICT))
            _jieba_ready = True


_WORDLIKE = re.compile(r"\w")


def words(text: str) -> list[str]:
    """jieba words of the *normalized* text (search mode), punctuation and spaces dropped."""
    _ensure_jieba()
    return [w for w in (t.strip() for t in jieba.cut_for_search(normalize(text)))
            if w and _WORDLIKE.search(w)]


class CountedText(TEXT):
    """A TEXT field fed space-joined words, counted in C instead of token by token.

    Whoosh's generic path builds a Token object per word; for pre-segmented text a
    ``Counter`` over ``str.split`` yields the same (word, freq, weight, value) postings
    at a fraction of the cost, which matters because the single Whoosh writer is the
    serial part of a build.
    """

    def index(self, value, **kwargs):
        boost = self.format.field_boost
        for w, freq in Counter(value.split()).items():
            yield w.encode("utf-8"), freq, freq * boost, pack_uint(freq)


class PreTokenized(Tokenizer):
    """Splits on single spaces: the build workers have already run jieba.

    Doing jieba in worker processes and handing Whoosh space-joined words keeps
    the (single) Whoosh writer from re-segmenting every paragraph.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for w in value.split(" "):
            if not w:
                continue
            t.text = w
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = pos
                pos += 1
            yield t


class JiebaTokenizer(Tokenizer):
    """For query-side analysis of the word fields: same words() as the build."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, w in enumerate(words(value), start=start_pos):
            t.text = w
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = pos
            yield t


def make_schema() -> Schema:
    pre = PreTokenized()
    return Schema(
        pid=ID(stored=True, unique=True),
        notice_id=ID(stored=True),
        ordinal=STORED(),
        kind=STORED(),
        words=CountedText(analyzer=pre, phrase=False, field_boost=1.0),
        title_words=CountedText(analyzer=pre, phrase=False, field_boost=0.5),
        section_words=CountedText(analyzer=pre, phrase=False, field_boost=0.8),
        text=STORED(),
        section_path=STORED(),
        meta=STORED(),
    )
