"""An opened index generation (:class:`Corpus`) and the handle that swaps it (:class:`Store`).

A :class:`Corpus` is immutable once loaded (its caches aside): per-row arrays for
facets and sorting, the memory-mapped bigram and word postings for matching and
BM25F ranking, and the Whoosh index they were built beside (opened to check that
it holds exactly one document per row). A request
takes one Corpus reference and uses it to the end, so a rebuild swapped in
mid-request can never produce a half-old, half-new answer; the :class:`Store`
notices the new ``current`` generation and loads it for the next request.
"""

from __future__ import annotations

import json
import os
import pickle
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index

from analysis.columns import Chained
from analysis.layout import CURRENT, FORMAT_VERSION, MANIFEST, WHOOSH_DIR
from analysis.normalize import normalize
from analysis.postings import bigram_code, local_ids, lookup
from analysis.records import NoticeRecord
from analysis.vocab import FLAGS, canonical_level, date_number
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
    """The postings of one build/update segment (memory-mapped) and its vocabulary."""

    def __init__(self, gen: Path, k: int, first_row: int, notice_base: int,
                 section_base: int, vocab: dict[str, int], sections: list[tuple[str, ...]]):
        self.first_row = first_row
        self.notice_base = notice_base
        self.section_base = section_base
        self.vocab = vocab
        self.sections = sections

        def arr(name: str) -> np.ndarray:
            return np.load(gen / f"seg-{k}-{name}.npy", mmap_mode="r")

        self.bigrams = arr("bigrams")
        self._words = {f: (arr(f"w{f}"), arr(f"w{f}_tf")) for f in ("rows", "sections", "titles")}
        self.lengths = {f: np.asarray(arr(f"w{f}_len")) for f in ("rows", "sections", "titles")}

    def words(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        return self._words[field]

    def base(self, field: str) -> int:
        return {"rows": self.first_row, "sections": self.section_base,
                "titles": self.notice_base}[field]


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
        self.notices: list[NoticeRecord] = []
        self.segments: list[Segment] = []
        self.pids: list[str] = []
        self.kinds: list[str] = []
        cols: dict[str, list[np.ndarray]] = {"notice": [], "ordinal": [], "depth": [],
                                             "section": []}
        texts, norms = [], []
        self.sections: list[tuple[str, ...]] = []
        for seg in self.manifest["segments"]:
            with open(gen / f"seg-{seg['k']}.pkl", "rb") as fh:
                data = pickle.load(fh)
            notice_base, section_base = len(self.notices), len(self.sections)
            self.segments.append(Segment(gen, seg["k"], seg["first_row"], notice_base,
                                         section_base, data["vocab"], data["sections"]))
            self.notices.extend(NoticeRecord.from_json(d) for d in data["notices"])
            self.sections.extend(data["sections"])
            rows = data["rows"]
            cols["notice"].append(rows["notice"].astype(np.int64) + notice_base)
            cols["section"].append(rows["section"].astype(np.int64) + section_base)
            cols["ordinal"].append(rows["ordinal"].astype(np.int64))
            cols["depth"].append(rows["depth"].astype(np.int64))
            self.pids.extend(rows["pid"])
            self.kinds.extend(rows["kind"])
            texts.append(rows["text"])
            norms.append(rows["norm"])
        self.texts = Chained(texts)
        self.norms = Chained(norms)
        joined = {k: np.concatenate(v) if v else np.zeros(0, np.int64) for k, v in cols.items()}
        self.size = len(self.pids)
        self.row_section = joined["section"]
        self.notice_row = joined["notice"]
        self.ordinal_arr = joined["ordinal"]
        self.depths = joined["depth"]
        self.alive = np.ones(self.size, dtype=bool)
        if self.manifest["deleted_rows"]:
            self.alive[np.array(self.manifest["deleted_rows"], dtype=np.int64)] = False
        self.row_of_pid = {pid: i for i, pid in enumerate(self.pids) if self.alive[i]}
        self.notice_by_id: dict[str, int] = {}
        notice_alive = np.zeros(len(self.notices), dtype=bool)
        notice_alive[self.notice_row[self.alive]] = True
        for i, n in enumerate(self.notices):
            if notice_alive[i]:
                self.notice_by_id[n.id] = i
        self.notice_alive = notice_alive
        self._build_columns()
        self._reading_order()
        self._load_reuse(gen)
        self.ix = whoosh_index.open_dir(str(gen / WHOOSH_DIR))
        if self.ix.doc_count_all() != self.size:
            raise RuntimeError(f"index {gen.name} is inconsistent: Whoosh has "
                               f"{self.ix.doc_count_all()} documents, rows {self.size}")
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
        cluster = np.load(gen / "reuse.npy")
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

    def _build_columns(self) -> None:
        n = self.notices
        self.facet_codes: dict[str, _Codes] = {}
        notice_cols: dict[str, np.ndarray] = {}
        for name, key in (("province", "province"), ("city", "city"), ("county", "county"),
                          ("level", "level"), ("kind", "inspection_kind")):
            codes = _Codes([getattr(m, key) for m in n])
            self.facet_codes[name] = codes
            notice_cols[name] = np.array([codes.code(getattr(m, key)) for m in n],
                                         dtype=np.int32)
        years = np.array([m.year or -1 for m in n], dtype=np.int32)
        flags = np.array([sum(1 << i for i, f in enumerate(FLAGS) if f in m.flags) for m in n],
                         dtype=np.int32)
        dates = np.array([date_number(m.date) for m in n], dtype=np.int64)
        r = self.notice_row
        self.columns = {name: col[r] for name, col in notice_cols.items()}
        self.years = years[r]
        self.flags = flags[r]
        self.dates = dates[r]
        self.notice_years = years
        self.notice_titles = [normalize(m.title) for m in n]

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
        """Global owner ids (rows, sections or notices) containing ``word``, with tf."""
        owners, tfs = [], []
        for seg in self.segments:
            wid = seg.vocab.get(word)
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
