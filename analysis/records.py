"""Typed records past the parser: what a notice and a paragraph are once analysed.

The parser (indexer.parse) produces a :class:`indexer.model.Notice`, which is a
:class:`NoticeMeta` plus its paragraphs. A build worker turns it into an
:class:`AnalysedNotice`: the :class:`NoticeRecord` the index keeps (metadata plus
rectification figures) and one :class:`Row` per paragraph with everything the
writer and the derived arrays need, each paragraph normalized and segmented once.
The engine reads the same :class:`NoticeRecord` back from the index.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from analysis.vocab import date_basis


@dataclass
class NoticeMeta:
    """Everything a notice says about itself; a field the text does not give stays empty."""

    id: str
    source_file: str
    title: str = ""
    issuer: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    region_code: str = ""  # most specific GB/T 2260 code known for the region
    former_region: str = ""  # e.g. 江干区 when the text says 原江干区
    # Which evidence decided the region: issuer | title | inspected (the unit the opening
    # says was inspected) | source (the page's 来源/发布机构 line) | document (the notice's
    # own rules, 《中共某某市委巡察工作实施办法》) | inspector | mentions (consistent
    # places in the opening paragraphs) | override; "" when nothing resolved.
    region_source: str = ""
    level: str = ""  # administrative level of the inspected body (analysis.vocab.LEVELS)
    level_source: str = ""  # the same vocabulary as region_source
    inspection_kind: str = ""  # 巡视 | 巡察 (analysis.vocab.INSPECTION_KINDS)
    flags: list[str] = field(default_factory=list)  # 回头看, 专项, 机动, 提级
    inspector: str = ""
    round: str = ""
    inspection_start: str = ""
    inspection_end: str = ""
    feedback_date: str = ""
    published_date: str = ""
    # crawler | signature | written (成文日期) | page (posting date of the page) | url (a date
    # in the page's URL path, when nothing else gives one) | override
    published_source: str = ""
    posted_date: str = ""  # the web page's own posting date, when different
    year: int | None = None
    year_basis: str = ""  # published | feedback | inspection
    source: str = ""  # 来源 line of the page
    url: str = ""
    overridden: dict[str, str] = field(default_factory=dict)  # field -> note (data/overrides.csv)

    @property
    def date(self) -> str:
        """The date the notice is known by (:func:`analysis.vocab.date_basis`)."""
        return date_basis(self.published_date, self.feedback_date, self.inspection_start)[0]


@dataclass(frozen=True)
class Figure:
    """One reported count, traceable to the exact characters it was read from."""

    label: str  # a key of analysis.vocab.FIGURE_LABELS
    label_zh: str  # FIGURE_LABELS[label]
    value: float  # converted: 90.05万元 -> 900500.0 (元); 十二件 -> 12.0
    unit: str  # 件 | 人 | 人次 | 个 | 项 | 条 | 元 (名 -> 人, 起/宗/例 -> 件, money -> 元)
    written: str  # the matched text as displayed, e.g. "清退款项90.05万元"
    sentence: str  # the clause (up to 。；!?) it comes from, as displayed
    paragraph_id: str
    start: int  # offset of `written` in the paragraph's display text
    chosen: bool = False  # part of the value the table shows for the notice
    reason: str = ""  # why (not) chosen: a key of FIGURE_REASONS; "" before the notice is read


@dataclass
class NoticeRecord(NoticeMeta):
    """A notice as the index keeps it: its metadata and its rectification figures."""

    figures: list[Figure] = field(default_factory=list)
    figure_summary: dict[str, float] = field(default_factory=dict)  # label -> value

    @classmethod
    def of(cls, meta: NoticeMeta, figures: list[Figure],
           summary: dict[str, float]) -> NoticeRecord:
        return cls(**{f.name: getattr(meta, f.name) for f in fields(NoticeMeta)},
                   figures=figures, figure_summary=summary)

    def to_json(self) -> dict[str, Any]:
        """Plain data (what the index stores and the API shows)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NoticeRecord:
        return cls(**(data | {"figures": [Figure(**f) for f in data["figures"]]}))


@dataclass
class Row:
    """One paragraph as the index holds it, analysed once in a build worker."""

    pid: str
    ordinal: int
    kind: str  # heading | body | closing (analysis.vocab.PARAGRAPH_KINDS)
    depth: int  # heading depth, 0 for body and closing text
    section_path: tuple[str, ...]
    text: str  # as displayed
    norm: str  # analysis.normalize.normalize(text)
    words: str  # jieba words of the text, space-joined (BM25F, Whoosh "words")
    section_words: str  # jieba words of the section path (Whoosh "section_words")
    signature: np.ndarray  # MinHash of the normalized text (indexer.reuse)


@dataclass
class AnalysedNotice:
    """A parsed notice ready for the index: its record, its rows and its identity."""

    record: NoticeRecord
    title_words: str  # jieba words of the title (Whoosh "title_words")
    rows: list[Row]
    content_hash: str  # what a reader would call the same notice (duplicates, update)
