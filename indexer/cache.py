"""The derived cache: what makes exact matching, facets and BM25F fast, made from Whoosh.

A generation's truth is its Whoosh index (:mod:`analysis.schema`). What the engine
needs to answer over *all* hits at numpy speed is derived from it, per Whoosh segment
(``cache/<segment id>/``, rows in Whoosh document order): character-bigram postings
of the normalized text (exact matching), word postings with term frequencies read
from Whoosh's own postings of the jieba fields (BM25F), row columns (notice, section,
ordinal, depth, kind), the notices' records and facet values, display and
normalized text, and MinHash signatures; for the whole generation, the near-copy
clusters (``cache/reuse.npy``) and the Whoosh generation it was made for.

Segments are immutable, so a segment's cache never changes: ``update`` keeps the
caches of the segments Whoosh kept (hard links) and derives those its commit created
or merged. Deletions live in Whoosh's table of contents and are applied when the
cache is loaded.

Two producers, one format: a build assembles its segment's cache from the rows it
has just handed to the writer (:class:`SegmentBuilder`, no read-back), and
:func:`derive` reads any segment back from Whoosh alone (``python -m indexer
cache``, ``update``). tests/test_cache.py checks that both give byte-identical files.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.index import Index
from whoosh.reading import IndexReader

from analysis.columns import StringColumn
from analysis.layout import (
    CACHE_DIR,
    CACHE_STATE,
    FORMAT_VERSION,
    REUSE,
    ROW_ARRAYS,
    SEGMENT_META,
    CacheState,
    segment_cache,
)
from analysis.normalize import normalize
from analysis.postings import (
    WordPostings,
    bigram_keys,
    capped_tf,
    sorted_vocabulary,
    word_keys,
)
from analysis.records import AnalysedNotice
from analysis.schema import (
    FIELD_BOOSTS,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
    WORD_OWNERS,
    notice_columns,
)
from analysis.vocab import PARAGRAPH_KINDS
from indexer import reuse

NOTICE_COLUMNS = (*TEXT_COLUMNS, *NUMBER_COLUMNS)


@dataclass
class SegmentData:
    """One Whoosh segment's derived data, rows in Whoosh document order."""

    pids: list[str]
    texts: list[str]
    norms: list[str]
    rows: dict[str, np.ndarray]  # ROW_ARRAYS: notice and section index, ordinal, depth, kind
    sections: list[tuple[str, ...]]
    notices: list[dict[str, Any]]  # NoticeRecord.to_json()
    notice_columns: dict[str, list]  # per notice: the Whoosh column values
    vocab: list[str]  # code-point order; a word's id is its position
    words: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # field: keys, tf, lengths
    signatures: np.ndarray  # (rows, reuse.PERMUTATIONS) uint32


class _Rows:
    """Row and notice data accumulated in document order, shared by both producers."""

    def __init__(self) -> None:
        self.pids: list[str] = []
        self.texts: list[str] = []
        self.norms: list[str] = []
        self.cols: dict[str, list[int]] = {name: [] for name in ROW_ARRAYS}
        self.sections: dict[tuple[str, ...], int] = {}
        self.notices: list[dict[str, Any]] = []
        self.notice_columns: dict[str, list] = {name: [] for name in NOTICE_COLUMNS}
        self.signatures: list[np.ndarray] = []

    def add_notice(self, record: dict[str, Any], columns: dict[str, Any]) -> None:
        self.notices.append(record)
        for name in NOTICE_COLUMNS:
            self.notice_columns[name].append(columns[name])

    def add_row(self, pid: str, ordinal: int, depth: int, kind: str,
                path: tuple[str, ...], text: str, norm: str, signature: np.ndarray) -> int:
        """Add a row of the last notice added; returns its section's index."""
        section = self.sections.setdefault(path, len(self.sections))
        self.pids.append(pid)
        self.texts.append(text)
        self.norms.append(norm)
        for name, value in (("notice", len(self.notices) - 1), ("ordinal", ordinal),
                            ("depth", depth), ("kind", PARAGRAPH_KINDS.index(kind)),
                            ("section", section)):
            self.cols[name].append(value)
        self.signatures.append(signature)
        return section

    def finish(self, vocab: list[str], words: dict[str, tuple[np.ndarray, np.ndarray,
                                                              np.ndarray]]) -> SegmentData:
        dtypes = {"notice": np.int32, "ordinal": np.int32, "depth": np.int16,
                  "kind": np.int8, "section": np.int32}
        return SegmentData(
            pids=self.pids, texts=self.texts, norms=self.norms,
            rows={name: np.array(values, dtype=dtypes[name]) for name, values in
                  self.cols.items()},
            sections=list(self.sections), notices=self.notices,
            notice_columns=self.notice_columns, vocab=vocab, words=words,
            signatures=np.array(self.signatures, dtype=np.uint32).reshape(
                -1, reuse.PERMUTATIONS))


class SegmentBuilder:
    """The build's producer: a segment's cache from the notices handed to the writer,
    in the same order (so rows are Whoosh document numbers)."""

    def __init__(self) -> None:
        self._rows = _Rows()
        self._vocab: dict[str, int] = {}
        self._words = {name: WordPostings(self._vocab) for name in FIELD_BOOSTS}

    def add(self, a: AnalysedNotice) -> None:
        rows = self._rows
        rows.add_notice(a.record.to_json(), notice_columns(a.record))
        self._words["title_words"].add(len(rows.notices) - 1, a.title_words)
        for row in a.rows:
            known = len(rows.sections)
            section = rows.add_row(row.pid, row.ordinal, row.depth, row.kind, row.section_path,
                                   row.text, row.norm, row.signature)
            if section == known:  # a section path seen for the first time
                self._words["section_words"].add(section, row.section_words)
            self._words["words"].add(len(rows.pids) - 1, row.words)

    def __len__(self) -> int:
        return len(self._rows.pids)

    @property
    def pids(self) -> list[str]:
        return self._rows.pids

    def finish(self) -> SegmentData:
        vocab, new_id = sorted_vocabulary(self._vocab)
        return self._rows.finish(vocab, {name: wp.finish(new_id)
                                         for name, wp in self._words.items()})


# ---------------------------------------------------------------- reading Whoosh back

def _postings(reader: IndexReader, fieldname: str, term: bytes
              ) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of one term, deleted documents included: a
    segment's cache depends on the segment alone (deletions apply at load time).

    Reads Whoosh's posting blocks whole (inlined lists from the term info): the
    per-posting Matcher calls cost about three times as much over a whole index.
    """
    info = reader.term_info(fieldname, term)
    if info.is_inlined():
        ids, weights, _ = info.inlined_postings()
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)
    m = reader._terms.matcher(fieldname, term, reader.schema[fieldname].format)
    ids_parts, weight_parts = [], []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids_parts.append(np.asarray(m._ids, dtype=np.int64))
        weight_parts.append(np.asarray(m._weights, dtype=np.float64))
        m._next_block()
    return np.concatenate(ids_parts), np.concatenate(weight_parts)


def _word_postings(reader: IndexReader, owner_of: dict[str, np.ndarray],
                   owners: dict[str, int]) -> tuple[list[str], dict[str, tuple]]:
    """The word fields' postings per owner (row, section path, notice), word ids in
    code-point order — what :class:`SegmentBuilder` computes from the words it wrote."""
    lexicons = {name: list(reader.lexicon(name)) for name in FIELD_BOOSTS}
    vocab = sorted({t.decode("utf-8") for terms in lexicons.values() for t in terms})
    word_id = {w: i for i, w in enumerate(vocab)}
    words = {}
    for name, boost in FIELD_BOOSTS.items():
        owner = WORD_OWNERS[name]
        keys, tfs, owned = [], [], []
        for term in lexicons[name]:
            ids, weights = _postings(reader, name, term)
            tf = np.rint(weights / boost).astype(np.int64)  # weight = frequency × boost
            if owner != "row":  # every row of a section or notice repeats its words
                ids, first = np.unique(owner_of[owner][ids], return_index=True)
                tf = tf[first]
            keys.append(word_keys(np.full(len(ids), word_id[term.decode("utf-8")]), ids))
            tfs.append(tf)
            owned.append(ids)
        all_owned = np.concatenate(owned) if owned else np.zeros(0, np.int64)
        all_tf = np.concatenate(tfs) if tfs else np.zeros(0, np.int64)
        lengths = np.bincount(all_owned, weights=all_tf, minlength=owners[owner])
        all_keys = np.concatenate(keys) if keys else np.zeros(0, np.uint64)
        order = np.argsort(all_keys, kind="stable")
        words[name] = (all_keys[order], capped_tf(all_tf[order]), lengths.astype(np.int32))
    return vocab, words


def derive(reader: IndexReader) -> SegmentData:
    """A segment's cache from its Whoosh files alone (``reader``: one segment)."""
    columns = {name: list(reader.column_reader(name)) for name in
               ("notice_id", "ordinal", "depth", "kind", *NOTICE_COLUMNS)}
    rows = _Rows()
    notice_ids: list[str] = []
    for doc in range(reader.doc_count_all()):
        stored = reader.stored_fields(doc)
        nid = columns["notice_id"][doc]
        if not notice_ids or notice_ids[-1] != nid:
            if "notice" not in stored:
                raise ValueError(f"paragraph {stored['pid']} starts notice {nid} without "
                                 "its record: the Whoosh index was not written by this build")
            notice_ids.append(nid)
            rows.add_notice(stored["notice"], {name: columns[name][doc]
                                               for name in NOTICE_COLUMNS})
        kind, norm = columns["kind"][doc], normalize(stored["text"])
        rows.add_row(stored["pid"], columns["ordinal"][doc], columns["depth"][doc], kind,
                     tuple(stored["section_path"]), stored["text"], norm,
                     reuse.row_signature(kind, norm))
    owner_of = {"section": np.array(rows.cols["section"], dtype=np.int64),
                "notice": np.array(rows.cols["notice"], dtype=np.int64)}
    owners = {"row": len(rows.pids), "section": len(rows.sections), "notice": len(notice_ids)}
    return rows.finish(*_word_postings(reader, owner_of, owners))


# ---------------------------------------------------------------- files

def write_segment(directory: Path, data: SegmentData) -> None:
    """Write one segment's cache into a new folder (never over an existing file: an
    update's generation shares files with the live one through hard links)."""
    directory.mkdir(parents=True)
    strings = {"pids": data.pids, "text": data.texts, "norm": data.norms,
               "vocab": data.vocab}
    for name, values in strings.items():
        with open(directory / f"{name}.pkl", "wb") as fh:
            pickle.dump(StringColumn.from_strings(values), fh, protocol=pickle.HIGHEST_PROTOCOL)
    meta = {"sections": data.sections, "notices": data.notices,
            "notice_columns": data.notice_columns}
    (directory / SEGMENT_META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    arrays = dict(data.rows) | {"bigrams": bigram_keys(data.norms),
                                "signatures": data.signatures}
    for name, (keys, tf, lengths) in data.words.items():
        arrays[name], arrays[f"{name}_tf"], arrays[f"{name}_len"] = keys, tf, lengths
    for name, arr in arrays.items():
        np.save(directory / f"{name}.npy", arr)


def segments_of(reader: IndexReader) -> list[tuple[str, IndexReader]]:
    """(segment id, one-segment reader) of an index reader, in Whoosh document order."""
    return [(leaf.segment().segment_id(), leaf) for leaf, _ in reader.leaf_readers()
            if leaf.segment() is not None]


def complete(gen: Path, ix: Index, built: dict[str, SegmentData] | None = None) -> CacheState:
    """Make ``gen/cache`` match the Whoosh index: write what the build assembled
    (``built``, by segment id), derive every other segment without a cache, drop the
    caches of segments Whoosh merged away, then cluster reuse and record the state."""
    with ix.reader() as reader:
        return _complete(gen, ix.latest_generation(), segments_of(reader), built or {})


def _complete(gen: Path, toc: int, segments: list[tuple[str, IndexReader]],
              built: dict[str, SegmentData]) -> CacheState:
    ids = [sid for sid, _ in segments]
    root = gen / CACHE_DIR
    root.mkdir(exist_ok=True)
    for sid, reader in segments:
        if not segment_cache(gen, sid).is_dir():
            write_segment(segment_cache(gen, sid), built[sid] if sid in built
                          else derive(reader))
    for stale in root.iterdir():
        if stale.is_dir() and stale.name not in ids:
            shutil.rmtree(stale)
    _write_reuse(gen, segments)
    state = CacheState(FORMAT_VERSION, toc, ids)
    _save_new(root / CACHE_STATE, json.dumps(state.__dict__).encode("utf-8"))
    return state


def _write_reuse(gen: Path, segments: Iterable[tuple[str, IndexReader]]) -> None:
    """Near-copy clusters over every live row of the generation (deleted rows take no
    part), so an update sees reuse between new and old notices."""
    sigs, owners = [], []
    notice_base = 0
    for sid, reader in segments:
        folder = segment_cache(gen, sid)
        notice_of_row = np.load(folder / "notice.npy").astype(np.int64)
        seg_sigs = np.load(folder / "signatures.npy")
        deleted = sorted(reader.deleted_docs_set) if reader.has_deletions() else []
        if deleted:
            seg_sigs = seg_sigs.copy()
            seg_sigs[deleted] = 0xFFFFFFFF  # the empty signature: never clustered
        sigs.append(seg_sigs)
        owners.append(notice_of_row + notice_base)
        notice_base += int(notice_of_row.max()) + 1 if len(notice_of_row) else 0
    all_sigs = np.concatenate(sigs) if sigs else np.zeros((0, reuse.PERMUTATIONS), np.uint32)
    cluster = reuse.clusters(all_sigs, np.concatenate(owners) if owners else np.zeros(0, int))
    tmp = gen / CACHE_DIR / (REUSE + ".tmp.npy")
    np.save(tmp, cluster)
    os.replace(tmp, gen / CACHE_DIR / REUSE)


def _save_new(path: Path, data: bytes) -> None:
    """Write ``path`` as a new file (a hard-linked file must never be written through)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
