"""An opened index generation (:class:`Corpus`) and the handle that swaps it (:class:`Store`).

A :class:`Corpus` is a generation's Whoosh index and its derived cache, loaded: per
Whoosh segment the memory-mapped bigram and word postings (exact matching, BM25F
ranking), row columns and the notices' records; the deletions Whoosh recorded; a
Whoosh reader for resolving paragraph ids. It refuses a cache made for another state
of the Whoosh index. It is immutable once loaded (its caches aside): a request takes
one Corpus reference and uses it to the end, so a rebuild swapped in mid-request can
never produce a half-old, half-new answer; the :class:`Store` notices the new
``current`` generation and loads it for the next request.
"""

from __future__ import annotations

import json
import os
import pickle
import threading
import time
from bisect import bisect_left
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import IndexReader, TermNotFound

from analysis.columns import Chained
from analysis.layout import (
    CACHE_DIR,
    CURRENT,
    FORMAT_VERSION,
    MANIFEST,
    REUSE,
    ROW_ARRAYS,
    SEGMENT_META,
    STRING_COLUMNS,
    WHOOSH_DIR,
    read_cache_state,
    segment_cache,
)
from analysis.normalize import normalize
from analysis.postings import bigram_code, local_ids, lookup
from analysis.records import NoticeRecord
from analysis.schema import FIELD_BOOSTS, FLAG_SEPARATOR, WORD_OWNERS
from analysis.vocab import FLAGS, PARAGRAPH_KINDS, canonical_level
from analysis.words import words
from indexer.regions import expand_region_value


class IndexMissing(RuntimeError):
    """No index has been built yet at the configured folder."""


class _LRU:
    def __init__(self, size: int = 256):
        self.size = size
        self.data: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


class _Codes:
    """Value → small integer, so facets are ``np.bincount`` over an int array."""

    def __init__(self, values: list[str]):
        self.values = sorted({v for v in values if v})
        self.index = {v: i for i, v in enumerate(self.values)}

    def code(self, value: str) -> int:
        return self.index.get(value, -1)


class Segment:
    """One Whoosh segment's derived cache: memory-mapped postings, its vocabulary, and
    where its rows, section paths and notices start in the corpus' numbering."""

    def __init__(self, folder: Path, first_row: int, notice_base: int, section_base: int):
        self.first_row = first_row
        self.notice_base = notice_base
        self.section_base = section_base

        def arr(name: str) -> np.ndarray:
            return np.load(folder / f"{name}.npy", mmap_mode="r")

        self.strings = {}
        for name in STRING_COLUMNS:
            with open(folder / f"{name}.pkl", "rb") as fh:
                self.strings[name] = pickle.load(fh)
        self.meta = json.loads((folder / SEGMENT_META).read_text(encoding="utf-8"))
        self.rows = {name: np.load(folder / f"{name}.npy") for name in ROW_ARRAYS}
        self.bigrams = arr("bigrams")
        self._words = {f: (arr(f), arr(f"{f}_tf")) for f in FIELD_BOOSTS}
        self.lengths = {f: np.asarray(arr(f"{f}_len")) for f in FIELD_BOOSTS}

    def word_id(self, word: str) -> int | None:
        """The word's id in this segment (its place in the sorted vocabulary)."""
        vocab = self.strings["vocab"]
        i = bisect_left(vocab, word)
        return i if i < len(vocab) and vocab[i] == word else None

    def words(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        return self._words[field]

    def base(self, field: str) -> int:
        return {"row": self.first_row, "section": self.section_base,
                "notice": self.notice_base}[WORD_OWNERS[field]]


class PidLookup:
    """Paragraph id → row, through Whoosh's unique ``pid`` index (permalinks, the
    paragraph view). Rows are Whoosh document numbers, deleted documents never match."""

    def __init__(self, reader: IndexReader):
        self._reader = reader
        self._lock = threading.Lock()  # Whoosh's file readers are not shared safely

    def get(self, pid: str, default: int | None = None) -> int | None:
        with self._lock:
            try:
                return self._reader.first_id("pid", pid)
            except (TermNotFound, UnicodeEncodeError):  # no such id; not even UTF-8
                return default

    def __getitem__(self, pid: str) -> int:
        row = self.get(pid)
        if row is None:
            raise KeyError(pid)
        return row

    def __contains__(self, pid: object) -> bool:
        return isinstance(pid, str) and self.get(pid) is not None


class Corpus:
    """One loaded generation: everything a query needs, in memory."""

    def __init__(self, gen: Path):
        t0 = time.monotonic()
        self.gen = gen
        self.manifest = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
        if self.manifest.get("version") != FORMAT_VERSION:
            raise IndexMissing(
                f"index {gen.name} has format {self.manifest.get('version')}, this version "
                f"reads format {FORMAT_VERSION}: rebuild it with `make build`")
        self.ix = whoosh_index.open_dir(str(gen / WHOOSH_DIR))
        reader = self.ix.reader()
        leaves = [(leaf, base) for leaf, base in reader.leaf_readers()
                  if leaf.segment() is not None]
        state = read_cache_state(gen)
        if state is None or (state.format, state.toc, state.segments) != (
                FORMAT_VERSION, self.ix.latest_generation(),
                [leaf.segment().segment_id() for leaf, _ in leaves]):
            raise IndexMissing(
                f"index {gen.name}: the derived cache is missing or was made for another "
                "state of the Whoosh index; run `python -m indexer cache`")
        self.row_of_pid = PidLookup(reader)
        self.segments: list[Segment] = []
        self.notices: list[NoticeRecord] = []
        self.sections: list[tuple[str, ...]] = []
        notice_columns: dict[str, list] = {}
        rows: dict[str, list[np.ndarray]] = {name: [] for name in ROW_ARRAYS}
        deleted: list[np.ndarray] = []
        for leaf, base in leaves:
            seg = Segment(segment_cache(gen, leaf.segment().segment_id()), base,
                          len(self.notices), len(self.sections))
            self.segments.append(seg)
            self.notices.extend(NoticeRecord.from_json(d) for d in seg.meta["notices"])
            self.sections.extend(tuple(p) for p in seg.meta["sections"])
            for name, values in seg.meta["notice_columns"].items():
                notice_columns.setdefault(name, []).extend(values)
            for name in ROW_ARRAYS:
                offset = {"notice": seg.notice_base, "section": seg.section_base}.get(name, 0)
                rows[name].append(seg.rows[name].astype(np.int64) + offset)
            if leaf.has_deletions():
                deleted.append(np.fromiter(leaf.deleted_docs_set, dtype=np.int64) + base)
        self.pids = Chained([seg.strings["pids"] for seg in self.segments])
        self.texts = Chained([seg.strings["text"] for seg in self.segments])
        self.norms = Chained([seg.strings["norm"] for seg in self.segments])
        joined = {k: np.concatenate(v) if v else np.zeros(0, np.int64) for k, v in rows.items()}
        self.size = len(self.pids)
        self.row_section = joined["section"]
        self.notice_row = joined["notice"]
        self.ordinal_arr = joined["ordinal"]
        self.depths = joined["depth"]
        self.kinds = np.array(PARAGRAPH_KINDS, dtype=object)[joined["kind"]]
        self.alive = np.ones(self.size, dtype=bool)
        if deleted:
            self.alive[np.concatenate(deleted)] = False
        self.notice_by_id: dict[str, int] = {}
        notice_alive = np.zeros(len(self.notices), dtype=bool)
        notice_alive[self.notice_row[self.alive]] = True
        for i, n in enumerate(self.notices):
            if notice_alive[i]:
                self.notice_by_id[n.id] = i
        self.notice_alive = notice_alive
        self._build_columns(notice_columns)
        self._reading_order()
        self._load_reuse(gen)
        self.term_cache = _LRU(512)
        self.mask_cache = _LRU(128)
        self.load_seconds = time.monotonic() - t0

    # ------------------------------------------------------------ columns

    def _reading_order(self) -> None:
        """``canon[row]``: the row's place when notices are read by file name, paragraphs
        in order. Ties in every sort break on it, not on row numbers, which depend on
        whether a notice came in through a build or a later update."""
        n = self.notices
        by_file = sorted(range(len(n)), key=lambda i: (n[i].source_file, n[i].id))
        notice_rank = np.empty(len(n), dtype=np.int64)
        notice_rank[by_file] = np.arange(len(n))
        order = np.lexsort((self.ordinal_arr, notice_rank[self.notice_row]))
        self.canon = np.empty(self.size, dtype=np.int64)
        self.canon[order] = np.arange(self.size)

    def _load_reuse(self, gen: Path) -> None:
        """Cluster per row, and in how many live notices each row's text appears."""
        cluster = np.load(gen / CACHE_DIR / REUSE)
        cluster[~self.alive] = -1
        self.row_cluster = cluster
        self.reuse_count = np.ones(self.size, dtype=np.int64)  # notices with this text
        live = np.flatnonzero(cluster >= 0)
        if len(live):
            pairs = np.unique(np.stack([cluster[live], self.notice_row[live]]), axis=1)
            ids, counts = np.unique(pairs[0], return_counts=True)
            per_cluster = dict(zip(ids.tolist(), counts.tolist(), strict=True))
            self.reuse_count[live] = [per_cluster[c] for c in cluster[live].tolist()]

    def cluster_rows(self, cluster: int) -> np.ndarray:
        return np.flatnonzero(self.row_cluster == cluster)

    def _build_columns(self, notice_columns: dict[str, list]) -> None:
        """Per-row facet codes, years, flags and dates from the notices' column values
        (the Whoosh columns, as the cache keeps them per notice)."""
        self.facet_codes: dict[str, _Codes] = {}
        notice_cols: dict[str, np.ndarray] = {}
        for name, column in (("province", "province"), ("city", "city"), ("county", "county"),
                             ("level", "level"), ("kind", "inspection_kind")):
            values = notice_columns.get(column, [])
            codes = _Codes(values)
            self.facet_codes[name] = codes
            notice_cols[name] = np.array([codes.code(v) for v in values], dtype=np.int32)
        years = np.array([y or -1 for y in notice_columns.get("year", [])], dtype=np.int32)
        flags = np.array([sum(1 << FLAGS.index(f) for f in joined.split(FLAG_SEPARATOR)
                              if f in FLAGS) for joined in notice_columns.get("flags", [])],
                         dtype=np.int32)
        dates = np.array(notice_columns.get("date", []), dtype=np.int64)
        r = self.notice_row
        self.columns = {name: col[r] for name, col in notice_cols.items()}
        self.years = years[r]
        self.flags = flags[r]
        self.dates = dates[r]
        self.notice_years = years
        self.notice_titles = [normalize(m.title) for m in self.notices]

    # ------------------------------------------------------------ matching helpers

    def bigram_rows(self, a: str, b: str) -> np.ndarray:
        code = bigram_code(a, b)
        parts = []
        for seg in self.segments:
            sl = lookup(seg.bigrams, code)
            if sl.stop > sl.start:
                parts.append(local_ids(seg.bigrams[sl]) + seg.first_row)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def char_rows(self, ch: str) -> np.ndarray:
        """Sorted rows containing the character ``ch``: the bigrams (ch, any) incl. the
        end-of-paragraph marker. A common character spans millions of keys, so rows
        are collected in a mask (linear) rather than sorted and de-duplicated."""
        lo = bigram_code(ch, "\x00")
        mask = np.zeros(self.size, dtype=bool)
        for seg in self.segments:
            sl = lookup(seg.bigrams, lo, lo + (1 << 21))
            if sl.stop > sl.start:
                mask[local_ids(seg.bigrams[sl]) + seg.first_row] = True
        return np.flatnonzero(mask)

    def word_owners(self, field: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Global owner ids (rows, sections or notices: analysis.schema.WORD_OWNERS)
        whose ``field`` contains ``word``, with term frequencies."""
        owners, tfs = [], []
        for seg in self.segments:
            wid = seg.word_id(word)
            if wid is None:
                continue
            keys, tf = seg.words(field)
            sl = lookup(keys, wid)
            if sl.stop > sl.start:
                owners.append(local_ids(keys[sl]) + seg.base(field))
                tfs.append(np.asarray(tf[sl], dtype=np.float64))
        if not owners:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        return np.concatenate(owners), np.concatenate(tfs)

    def _notice_mask_to_rows(self, notice_mask: np.ndarray) -> np.ndarray:
        return notice_mask[self.notice_row] & self.alive

    def region_mask(self, name: str, raw: str) -> np.ndarray:
        names = expand_region_value(name, raw.strip()) or [raw.strip()]
        codes = [self.facet_codes[name].code(v) for v in names]
        codes = [c for c in codes if c >= 0]
        return np.isin(self.columns[name], codes) if codes else np.zeros(self.size, dtype=bool)

    def kind_mask(self, value: str) -> np.ndarray:
        value = value.strip()
        if value in FLAGS:
            return (self.flags & (1 << FLAGS.index(value))) != 0
        code = self.facet_codes["kind"].code(value)
        return self.columns["kind"] == code if code >= 0 else np.zeros(self.size, dtype=bool)

    def level_mask(self, value: str) -> np.ndarray:
        code = self.facet_codes["level"].code(canonical_level(value))
        return self.columns["level"] == code if code >= 0 else np.zeros(self.size, dtype=bool)

    def notice_text_mask(self, what: str, value: str) -> np.ndarray:
        key = (what, value)
        cached = self.mask_cache.get(key)
        if cached is None:
            notice_mask = np.array([value in t for t in self.notice_titles], dtype=bool)
            cached = self._notice_mask_to_rows(notice_mask)
            self.mask_cache.put(key, cached)
        return cached

    def section_path(self, row: int) -> list[str]:
        return list(self.sections[self.row_section[row]])

    def section_mask(self, value: str) -> np.ndarray:
        """Rows under a heading containing ``value`` (tested once per distinct path)."""
        key = ("section", value)
        cached = self.mask_cache.get(key)
        if cached is None:
            hit = np.array([any(value in normalize(h) for h in path) for path in self.sections],
                           dtype=bool)
            cached = (hit[self.row_section] if len(hit) else np.zeros(self.size, bool)) \
                & self.alive
            self.mask_cache.put(key, cached)
        return cached

    def notice_id_mask(self, notice_id: str) -> np.ndarray:
        idx = self.notice_by_id.get(notice_id)
        if idx is None:
            return np.zeros(self.size, dtype=bool)
        return (self.notice_row == idx) & self.alive

    # ------------------------------------------------------------ ranking

    def rank(self, hit_rows: np.ndarray, terms: list[str], limit: int) -> np.ndarray:
        """Hit rows by BM25F over jieba words (ties in document order); see search.rank."""
        from search.rank import rank_rows

        return rank_rows(self, hit_rows, terms, limit)


class Store:
    """The live index folder: hands out the current :class:`Corpus`, reloading on swap."""

    def __init__(self, index_dir: Path, check_interval: float = 1.0):
        self.index_dir = Path(index_dir)
        self.check_interval = check_interval
        self._corpus: Corpus | None = None
        self._target: str | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def _link_target(self) -> str | None:
        try:
            return os.readlink(self.index_dir / CURRENT)
        except OSError:
            return None

    def corpus(self) -> Corpus:
        now = time.monotonic()
        corpus = self._corpus
        if corpus is not None and now - self._checked < self.check_interval:
            return corpus
        target = self._link_target()
        self._checked = now
        if corpus is not None and target == self._target:
            return corpus
        if target is None:
            if corpus is not None:
                return corpus
            raise IndexMissing(f"no index at {self.index_dir}: run `python -m indexer build`")
        with self._lock:
            if self._corpus is not None and self._target == target:
                return self._corpus
            fresh = Corpus((self.index_dir / target).resolve())
            if corpus is None:
                _warm_up()
            self._corpus, self._target = fresh, target
            return fresh


def _warm_up() -> None:
    """Load jieba's and the gazetteer's dictionaries before the first answer needs them."""
    words("巡视整改")
    expand_region_value("province", "湖南")
