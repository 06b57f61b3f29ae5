"""Whoosh schema: one document per paragraph.

Three kinds of field, each for one job:
- ``words``/``title_words``/``section_words``: jieba words for BM25F *ranking*, with
  the boosts in :data:`FIELD_BOOSTS`. jieba is never used to decide what matches in
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

from collections import Counter

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.system import pack_uint

# BM25F field boosts: the paragraph's own words count most, then its section
# headings, then the notice title (search.rank uses the same numbers).
FIELD_BOOSTS = {"words": 1.0, "section_words": 0.8, "title_words": 0.5}


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


def make_schema() -> Schema:
    pre = PreTokenized()
    words = {name: CountedText(analyzer=pre, phrase=False, field_boost=boost)
             for name, boost in FIELD_BOOSTS.items()}
    return Schema(
        pid=ID(stored=True, unique=True),
        notice_id=ID(stored=True),
        ordinal=STORED(),
        kind=STORED(),
        text=STORED(),
        section_path=STORED(),
        meta=STORED(),
        **words,
    )
