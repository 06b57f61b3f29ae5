"""The Whoosh schema: the index of record, one document per paragraph.

Every field is read by something the product does (README, "The index on disk"):

- ``pid`` (unique, stored): the paragraph's permanent id — stored for the derived
  cache (hit ids), indexed so ``/p/<pid>`` permalinks resolve through Whoosh;
- ``notice_id`` (indexed, column): ``update`` deletes a notice's paragraphs by this
  term; the cache reads the column to group rows into notices;
- ``text`` and ``section_path`` (stored): what pages, the reader, exports and KWIC
  show, and what exact matching tests (normalized into the cache);
- ``notice`` (stored, on a notice's first paragraph only): the full
  :class:`~analysis.records.NoticeRecord` — metadata and rectification figures —
  kept once rather than once per paragraph;
- ``ordinal``, ``depth``, ``kind`` (columns): reading order and headings;
- ``province`` … ``date`` (columns): the notice metadata facets, filters and date
  sorting use, on every paragraph so Whoosh can sort and group by them too;
- ``words``/``section_words``/``title_words``: jieba words with Whoosh's statistics,
  for BM25F *ranking* with the boosts in :data:`FIELD_BOOSTS` (the cache's word
  postings are read from them). jieba never decides what matches in exact mode:
  its segmentation differs between query and document.

Exact matching runs on character-bigram postings of the normalized text, like
Lucene's CJK bigram filter, in the derived cache (:mod:`indexer.cache`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from whoosh.analysis import Token, Tokenizer
from whoosh.columns import NumericColumn, RefBytesColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.system import pack_uint

from analysis.vocab import date_number

if TYPE_CHECKING:
    from analysis.records import NoticeRecord

# BM25F field boosts: the paragraph's own words count most, then its section
# headings, then the notice title (search.rank uses the same numbers).
FIELD_BOOSTS = {"words": 1.0, "section_words": 0.8, "title_words": 0.5}
# What each word field's postings are counted per in the derived cache: a paragraph's
# words per row, its section path's per distinct path, its notice title's per notice.
WORD_OWNERS = {"words": "row", "section_words": "section", "title_words": "notice"}
# Notice metadata kept as a column on every paragraph (the values facets count).
TEXT_COLUMNS = ("province", "city", "county", "level", "inspection_kind", "flags")
NUMBER_COLUMNS = ("year", "date")  # year; date as YYYYMMDD (analysis.vocab.date_number)
FLAG_SEPARATOR = ";"  # flags column: 回头看;专项


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


class TextColumn(COLUMN):
    """A string per document in a column (values repeat, so stored by reference)."""

    def __init__(self) -> None:
        super().__init__(RefBytesColumn())

    def to_bytes(self, v: str) -> bytes:
        return v.encode("utf-8")

    def from_bytes(self, b: bytes) -> str:
        return b.decode("utf-8")


def make_schema() -> Schema:
    pre = PreTokenized()
    words = {name: CountedText(analyzer=pre, phrase=False, field_boost=boost)
             for name, boost in FIELD_BOOSTS.items()}
    columns = {name: TextColumn() for name in TEXT_COLUMNS}
    return Schema(
        pid=ID(stored=True, unique=True),
        notice_id=ID(sortable=RefBytesColumn()),
        text=STORED(),
        section_path=STORED(),
        notice=STORED(),
        ordinal=COLUMN(NumericColumn("I")),
        depth=COLUMN(NumericColumn("B")),
        kind=TextColumn(),
        year=COLUMN(NumericColumn("H")),
        date=COLUMN(NumericColumn("I")),
        **columns,
        **words,
    )


def notice_columns(record: NoticeRecord) -> dict[str, str | int]:
    """The column values of every paragraph of a notice (what facets and sorting read)."""
    values: dict[str, str | int] = {name: getattr(record, name) for name in TEXT_COLUMNS}
    values["flags"] = FLAG_SEPARATOR.join(record.flags)
    values["year"] = record.year or 0
    values["date"] = date_number(record.date)
    return values
