"""The engines the benchmark compares, behind one small interface.

Every engine answers the same request the web API answers — exact totals, facet
counts, one page of 20 highlighted snippets — through :meth:`Engine.run` (the
timed call), and reports its complete hit set as paragraph ids through
:meth:`Engine.hit_set` (untimed, for recall and precision against the truth).

* ``xunshi``: this project, ``search.engine.search`` on an opened ``Store`` —
  the exact function ``/api/search`` calls.
* ``xunshi-nocache``: the same, with the engine's term and mask caches emptied
  before every call: a query nobody has asked since the server started.
* ``whoosh-naive``: the obvious design — a Whoosh index with jieba's
  ``ChineseAnalyzer`` on the text, QueryParser syntax, ``groupedby`` facets,
  ``hit.highlights``.
* ``fts5-trigram``: SQLite FTS5 with the trigram tokenizer over the normalized
  text, metadata in a joined table, facets by ``GROUP BY``, ``highlight()``.
* ``literal-scan``: Python ``in`` over every normalized paragraph; also the truth.

All engines index the *same* paragraphs: the rows of this project's index, so a
difference in hits is a difference in matching, never in parsing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from analysis.normalize import normalize
from analysis.words import words
from bench.queries import BenchQuery
from search.engine import SearchParams, match, search
from search.highlight import snippet
from search.store import Corpus

FACETS = ("province", "year", "level", "kind")


@dataclass
class Rows:
    """The paragraphs every engine indexes, with the metadata facets and filters use."""

    pids: list[str]
    texts: list[str]
    norms: list[str]  # normalize(text), computed here rather than read from the index
    notice: list[int]
    province: list[str]
    year: list[int]
    level: list[str]
    kind: list[str]
    date: list[str]

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Rows:
        alive = corpus.alive
        keep = [i for i in range(corpus.size) if alive[i]]
        metas = corpus.notices
        nrow = corpus.notice_row
        rows = cls([], [], [], [], [], [], [], [], [])
        for i in keep:
            m = metas[nrow[i]]
            rows.pids.append(corpus.pids[i])
            rows.texts.append(corpus.texts[i])
            rows.norms.append(normalize(corpus.texts[i]))
            rows.notice.append(int(nrow[i]))
            rows.province.append(m.province)
            rows.year.append(int(m.year or -1))
            rows.level.append(m.level)
            rows.kind.append(m.inspection_kind)
            rows.date.append(m.date)
        return rows

    def __len__(self) -> int:
        return len(self.pids)


class Engine(Protocol):
    name: str

    def run(self, q: BenchQuery) -> dict[str, Any]: ...

    def hit_set(self, q: BenchQuery) -> set[str]: ...


def dir_size(path: Path) -> int:
    """Bytes on disk under ``path``, each hard-linked file counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            st = os.lstat(os.path.join(root, f))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


# ---------------------------------------------------------------- this project


class Xunshi:
    """This project through the API's own path: ``SearchParams.from_args`` → ``search``."""

    def __init__(self, corpus: Corpus, clear_caches: bool = False) -> None:
        self.corpus = corpus
        self.clear_caches = clear_caches
        self.name = "xunshi-nocache" if clear_caches else "xunshi"

    def _clear(self) -> None:
        for cache in (getattr(self.corpus, "term_cache", None),
                      getattr(self.corpus, "mask_cache", None)):
            if cache is not None and hasattr(cache, "data"):
                with cache.lock:
                    cache.data.clear()

    def run(self, q: BenchQuery) -> dict[str, Any]:
        if self.clear_caches:
            self._clear()
        result = search(self.corpus, SearchParams.from_args(q.params()))
        return {"total": result["total"]["paragraphs"], "notices": result["total"]["notices"],
                "hits": len(result["hits"])}

    def hit_set(self, q: BenchQuery) -> set[str]:
        matched = match(self.corpus, SearchParams.from_args(q.params()))
        return {self.corpus.pids[r] for r in np.flatnonzero(matched.hits).tolist()}


# ---------------------------------------------------------------- literal scan (the truth)


class LiteralScan:
    """``in`` over every normalized paragraph, ``Counter`` facets, the project's highlighter.

    This is also the ground truth: a hit is a paragraph whose normalized text
    contains the normalized term, which is what "exact search" promises.
    """

    name = "literal-scan"

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def _rows(self, q: BenchQuery) -> list[int]:
        """Row numbers of every hit: ``BenchQuery.predicate`` evaluated one term at a time.

        Same semantics as the predicate (AND of OR-groups, minus NOT terms), but each
        term is one tight ``in`` comprehension over the surviving rows, which is how
        anyone would write a fast literal scan in Python.
        """
        r = self.rows
        norms = r.norms
        groups, nots = q.normalized()
        if q.province or q.year is not None:
            rows = [i for i in range(len(r))
                    if (not q.province or r.province[i] == q.province)
                    and (q.year is None or r.year[i] == q.year)]
        else:
            rows = list(range(len(r)))
        for group in groups:
            if len(group) == 1:
                t = group[0]
                rows = [i for i in rows if t in norms[i]]
            else:
                rows = [i for i in rows if any(t in norms[i] for t in group)]
        for t in nots:
            rows = [i for i in rows if t not in norms[i]]
        return rows

    def run(self, q: BenchQuery) -> dict[str, Any]:
        r = self.rows
        found = self._rows(q)
        facets = {name: Counter(getattr(r, name)[i] for i in found) for name in FACETS}
        notices = len({r.notice[i] for i in found})
        if q.sort == "newest":
            found = sorted(found, key=lambda i: r.date[i], reverse=True)
        start = (q.page - 1) * q.per_page
        terms = q.positive_terms()
        page = [snippet(r.texts[i], terms) for i in found[start:start + q.per_page]]
        return {"total": len(found), "notices": notices, "hits": len(page),
                "facets": {k: len(v) for k, v in facets.items()}}

    def hit_set(self, q: BenchQuery) -> set[str]:
        return {self.rows.pids[i] for i in self._rows(q)}


# ---------------------------------------------------------------- naive: Whoosh + jieba


class WhooshNaive:
    """The design this project replaced: jieba words in Whoosh, phrases in quotes."""

    name = "whoosh-naive"

    def __init__(self, index_dir: Path) -> None:
        from whoosh import index as whoosh_index
        from whoosh.qparser import QueryParser

        self.ix = whoosh_index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("text", self.ix.schema)
        self.pid_of = {docnum: fields["pid"] for docnum, fields in
                       self.searcher.reader().iter_docs()}

    @staticmethod
    def build(rows: Rows, index_dir: Path) -> float:
        """Index every row; returns seconds. Single writer, as the naive design would."""
        from jieba.analyse import ChineseAnalyzer
        from whoosh import index as whoosh_index
        from whoosh.fields import ID, NUMERIC, TEXT, Schema

        words("")  # same jieba state (and user dictionary) at index and query time
        if index_dir.exists():
            shutil.rmtree(index_dir)
        index_dir.mkdir(parents=True)
        schema = Schema(pid=ID(stored=True, unique=True), notice=ID(sortable=True),
                        text=TEXT(analyzer=ChineseAnalyzer(), stored=True),
                        province=ID(sortable=True), year=NUMERIC(sortable=True),
                        level=ID(sortable=True), kind=ID(sortable=True), date=ID(sortable=True))
        t0 = time.perf_counter()
        ix = whoosh_index.create_in(str(index_dir), schema)
        writer = ix.writer(limitmb=256)
        for i in range(len(rows)):
            writer.add_document(pid=rows.pids[i], notice=str(rows.notice[i]), text=rows.texts[i],
                                province=rows.province[i], year=rows.year[i],
                                level=rows.level[i], kind=rows.kind[i], date=rows.date[i])
        writer.commit(optimize=True)
        return time.perf_counter() - t0

    def _query(self, q: BenchQuery) -> tuple[Any, Any]:
        from whoosh import query as wq

        parsed = self.parser.parse(q.whoosh())
        filters = []
        if q.province:
            filters.append(wq.Term("province", q.province))
        if q.year is not None:
            filters.append(wq.NumericRange("year", q.year, q.year))
        filt = None if not filters else filters[0] if len(filters) == 1 else wq.And(filters)
        return parsed, filt

    def run(self, q: BenchQuery) -> dict[str, Any]:
        from whoosh import sorting

        parsed, filt = self._query(q)
        facets = {name: sorting.FieldFacet(name, maptype=sorting.Count)
                  for name in (*FACETS, "notice")}
        kwargs: dict[str, Any] = {"filter": filt, "groupedby": facets}
        if q.sort == "newest":
            kwargs |= {"sortedby": "date", "reverse": True}
        start = (q.page - 1) * q.per_page
        results = self.searcher.search(parsed, limit=start + q.per_page, **kwargs)
        total = len(results)
        counts = {name: results.groups(name) for name in FACETS}
        notices = len(results.groups("notice"))
        page = [hit.highlights("text") for hit in results[start:start + q.per_page]]
        return {"total": total, "notices": notices, "hits": len(page),
                "facets": {k: len(v) for k, v in counts.items()}}

    def hit_set(self, q: BenchQuery) -> set[str]:
        parsed, filt = self._query(q)
        results = self.searcher.search(parsed, limit=None, filter=filt)
        return {self.pid_of[d] for d in results.docs()}

    def close(self) -> None:
        self.searcher.close()


# ---------------------------------------------------------------- SQLite FTS5 trigram


class Fts5Trigram:
    """SQLite FTS5 (trigram tokenizer) over normalized text; metadata in a joined table.

    Matches are materialized once per request into a temporary table, so the four
    facet ``GROUP BY``s and the count do not re-run the full-text match; the page
    query runs ``MATCH`` again because ``highlight()`` and ``rank`` need it.
    """

    name = "fts5-trigram"

    def __init__(self, db: Path) -> None:
        self.con = sqlite3.connect(str(db))
        self.con.execute("PRAGMA temp_store = MEMORY")

    @staticmethod
    def build(rows: Rows, db: Path) -> float:
        """Create the database; returns seconds."""
        if db.exists():
            db.unlink()
        t0 = time.perf_counter()
        con = sqlite3.connect(str(db))
        con.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE VIRTUAL TABLE fts USING fts5(norm, tokenize = 'trigram');
            CREATE TABLE meta(rowid INTEGER PRIMARY KEY, pid TEXT, notice INTEGER,
                              province TEXT, year INTEGER, level TEXT, kind TEXT, date TEXT);
        """)
        con.executemany("INSERT INTO fts(rowid, norm) VALUES (?, ?)",
                        ((i + 1, rows.norms[i]) for i in range(len(rows))))
        con.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        ((i + 1, rows.pids[i], rows.notice[i], rows.province[i], rows.year[i],
                          rows.level[i], rows.kind[i], rows.date[i]) for i in range(len(rows))))
        con.executescript("""
            CREATE INDEX meta_province_year ON meta(province, year);
            CREATE INDEX meta_year ON meta(year);
            INSERT INTO fts(fts) VALUES ('optimize');
        """)
        con.commit()
        con.close()
        return time.perf_counter() - t0

    @staticmethod
    def _where(q: BenchQuery) -> tuple[str, list[Any]]:
        where = "fts MATCH ?"
        args: list[Any] = [q.fts5()]
        if q.province:
            where += " AND m.province = ?"
            args.append(q.province)
        if q.year is not None:
            where += " AND m.year = ?"
            args.append(q.year)
        return where, args

    def run(self, q: BenchQuery) -> dict[str, Any]:
        con = self.con
        where, args = self._where(q)
        base = f"FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE {where}"
        con.execute("DROP TABLE IF EXISTS temp.hits")
        con.execute(f"CREATE TEMP TABLE hits AS SELECT m.notice, m.province, m.year, m.level, "
                    f"m.kind {base}", args)
        total, notices = con.execute("SELECT count(*), count(DISTINCT notice) FROM hits").fetchone()
        facets = {name: con.execute(f"SELECT {name}, count(*) FROM hits GROUP BY {name}").fetchall()
                  for name in FACETS}
        order = "m.date DESC" if q.sort == "newest" else "fts.rank"
        start = (q.page - 1) * q.per_page
        page = con.execute(
            f"SELECT m.pid, highlight(fts, 0, '<mark>', '</mark>') {base} "
            f"ORDER BY {order} LIMIT ? OFFSET ?", [*args, q.per_page, start]).fetchall()
        return {"total": total, "notices": notices, "hits": len(page),
                "facets": {k: len(v) for k, v in facets.items()}}

    def hit_set(self, q: BenchQuery) -> set[str]:
        where, args = self._where(q)
        cur = self.con.execute(
            f"SELECT m.pid FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE {where}", args)
        return {pid for (pid,) in cur}

    def close(self) -> None:
        self.con.close()
