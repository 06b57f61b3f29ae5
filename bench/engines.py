"""The engines the benchmark compares, behind one small interface.

Every engine answers the request the web API answers — exact totals, the seven
multi-select facets with paragraph and notice counts, one page of 20
highlighted snippets (see :mod:`bench.response`) — through :meth:`Engine.run`
(the timed call), and reports its complete hit set as paragraph ids through
:meth:`Engine.hit_set` (untimed, for recall and precision against the truth).

* ``xunshi``: this project, ``search.engine.search`` on an opened ``Store`` —
  the exact function ``/api/search`` calls.
* ``xunshi-nocache``: the same, with the engine's term and mask caches emptied
  before every call: a query nobody has asked since the server started.
* ``whoosh-naive``: the obvious design — a Whoosh index with jieba's
  ``ChineseAnalyzer`` on the text, QueryParser syntax, ``groupedby`` counts,
  ``hit.highlights``.
* ``fts5-trigram``: SQLite FTS5 with the trigram tokenizer over the normalized
  text, metadata in a joined table, counts by ``GROUP BY``, ``highlight()``.
* ``literal-scan``: Python ``in`` over every normalized paragraph; also the truth.
* the anchors, Groonga and tantivy, in :mod:`bench.groonga_engine` and
  :mod:`bench.tantivy_engine`.

All engines index the *same* paragraphs: the rows of this project's index, so a
difference in hits is a difference in matching, never in parsing.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from analysis.normalize import normalize
from analysis.vocab import notice_date
from analysis.words import words
from bench.queries import BenchQuery
from bench.response import Answer, FacetTable, filter_sets, notice_values
from search.engine import SearchParams, match, notice_json, search
from search.highlight import snippet
from search.store import Corpus


@dataclass
class Rows:
    """The paragraphs every engine indexes, with the metadata filters, facets and sorting use."""

    pids: list[str]
    texts: list[str]
    norms: list[str]  # normalize(text), computed here rather than read from the index
    notice: list[int]  # the row's notice, an index into ``notices``
    province: list[str]
    year: list[int]
    date: list[str]
    notices: list[dict[str, tuple[str, ...]]]  # each notice's facet values

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Rows:
        alive = corpus.alive
        metas = [notice_json(n.to_json()) for n in corpus.notices]  # the API's shape
        nrow = corpus.notice_row
        rows = cls([], [], [], [], [], [], [], [notice_values(m) for m in metas])
        for i in range(corpus.size):
            if not alive[i]:
                continue
            m = metas[nrow[i]]
            rows.pids.append(corpus.pids[i])
            rows.texts.append(corpus.texts[i])
            rows.norms.append(normalize(corpus.texts[i]))
            rows.notice.append(int(nrow[i]))
            rows.province.append(m["province"] or "")
            rows.year.append(int(m["year"] or -1))
            rows.date.append(notice_date(m))
        return rows

    def __len__(self) -> int:
        return len(self.pids)

    def facet_table(self) -> FacetTable:
        return FacetTable(self.notices)


class Engine(Protocol):
    name: str

    def run(self, q: BenchQuery) -> Answer: ...

    def hit_set(self, q: BenchQuery) -> set[str]: ...


def dir_size(path: Path) -> int:
    """Bytes allocated on disk under ``path``, each hard-linked file counted once.

    Allocated blocks, not file lengths: Groonga reserves large sparse files whose
    length says nothing about the disk they use.
    """
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            st = os.lstat(os.path.join(root, f))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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

    def run(self, q: BenchQuery) -> Answer:
        if self.clear_caches:
            self._clear()
        result = search(self.corpus, SearchParams.from_args(q.params()))
        facets = {name: {it["value"]: (it["count"], it["notices"]) for it in items if it["count"]}
                  for name, items in result["facets"].items()}
        return Answer(result["total"]["paragraphs"], result["total"]["notices"], facets,
                      [h["paragraph_id"] for h in result["hits"]],
                      [h["snippet"] for h in result["hits"]])

    def hit_set(self, q: BenchQuery) -> set[str]:
        matched = match(self.corpus, SearchParams.from_args(q.params()))
        return {self.corpus.pids[r] for r in np.flatnonzero(matched.hits).tolist()}


# ---------------------------------------------------------------- literal scan (the truth)


class LiteralScan:
    """``in`` over every normalized paragraph, numpy facets, the project's highlighter.

    This is also the ground truth: a hit is a paragraph whose normalized text
    contains the normalized term, which is what "exact search" promises.
    """

    name = "literal-scan"

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self.table = rows.facet_table()
        self.notice = np.array(rows.notice, dtype=np.int64)

    def _text_rows(self, q: BenchQuery) -> list[int]:
        """Rows matching the text: ``BenchQuery.predicate`` evaluated one term at a time.

        Same semantics as the predicate (AND of OR-groups, minus NOT terms), but each
        term is one tight ``in`` comprehension over the surviving rows, which is how
        anyone would write a fast literal scan in Python.
        """
        norms = self.rows.norms
        groups, nots = q.normalized()
        rows = list(range(len(self.rows)))
        for group in groups:
            if len(group) == 1:
                t = group[0]
                rows = [i for i in rows if t in norms[i]]
            else:
                rows = [i for i in rows if any(t in norms[i] for t in group)]
        for t in nots:
            rows = [i for i in rows if t not in norms[i]]
        return rows

    def _select(self, rows: list[int], selections: dict[str, tuple[str, ...]]) -> list[int]:
        """The rows whose notice has one of the selected values of every selected facet."""
        notices, notice = self.rows.notices, self.rows.notice
        for name, values in selections.items():
            chosen = set(values)
            rows = [i for i in rows if not chosen.isdisjoint(notices[notice[i]][name])]
        return rows

    def run(self, q: BenchQuery) -> Answer:
        r = self.rows
        text = self._text_rows(q)
        answer = Answer(0, 0, {})
        for k, (selections, names) in enumerate(filter_sets(q)):
            found = self._select(text, selections)
            notices, facets = self.table.rollup_rows(self.notice[found], names)
            answer.facets |= facets
            if k == 0:
                answer.total, answer.notices, hits = len(found), notices, found
        if q.sort == "newest":
            hits = sorted(hits, key=lambda i: r.date[i], reverse=True)
        start = (q.page - 1) * q.per_page
        terms = q.positive_terms()
        answer.page = [r.pids[i] for i in hits[start:start + q.per_page]]
        answer.snippets = [snippet(r.texts[i], terms) for i in hits[start:start + q.per_page]]
        return answer

    def hit_set(self, q: BenchQuery) -> set[str]:
        return {self.rows.pids[i] for i in self._select(self._text_rows(q), q.selections())}


# ---------------------------------------------------------------- naive: Whoosh + jieba


class WhooshNaive:
    """The design this project replaced: jieba words in Whoosh, phrases in quotes.

    Facets: one search per filter set (:func:`bench.response.filter_sets`) with
    ``groupedby`` the notice, rolled up to the facet values.
    """

    name = "whoosh-naive"

    def __init__(self, index_dir: Path, rows: Rows) -> None:
        from whoosh import index as whoosh_index
        from whoosh.qparser import QueryParser

        self.ix = whoosh_index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("text", self.ix.schema)
        self.pid_of = {docnum: fields["pid"] for docnum, fields in
                       self.searcher.reader().iter_docs()}
        self.table = rows.facet_table()

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
                        date=ID(sortable=True))
        t0 = time.perf_counter()
        ix = whoosh_index.create_in(str(index_dir), schema)
        writer = ix.writer(limitmb=256)
        for i in range(len(rows)):
            writer.add_document(pid=rows.pids[i], notice=str(rows.notice[i]), text=rows.texts[i],
                                province=rows.province[i], year=rows.year[i], date=rows.date[i])
        writer.commit(optimize=True)
        return time.perf_counter() - t0

    @staticmethod
    def _filter(selections: dict[str, tuple[str, ...]]) -> Any:
        from whoosh import query as wq

        def one(name: str, v: str) -> Any:
            return wq.Term(name, v) if name == "province" else wq.NumericRange(name, int(v), int(v))

        parts = [wq.Or([one(name, v) for v in values]) for name, values in selections.items()]
        return None if not parts else parts[0] if len(parts) == 1 else wq.And(parts)

    def run(self, q: BenchQuery) -> Answer:
        from whoosh import sorting

        parsed = self.parser.parse(q.whoosh())
        by_notice = {"notice": sorting.FieldFacet("notice", maptype=sorting.Count)}
        start = (q.page - 1) * q.per_page
        answer = Answer(0, 0, {})
        for k, (selections, names) in enumerate(filter_sets(q)):
            kwargs: dict[str, Any] = {"filter": self._filter(selections), "groupedby": by_notice}
            if k == 0 and q.sort == "newest":
                kwargs |= {"sortedby": "date", "reverse": True}
            results = self.searcher.search(parsed, limit=start + q.per_page if k == 0 else 1,
                                           **kwargs)
            groups = results.groups("notice")
            ids = np.array([int(n) for n in groups], dtype=np.int64)
            counts = np.array(list(groups.values()), dtype=np.int64)
            answer.facets |= self.table.rollup(ids, counts, names)
            if k == 0:
                answer.total, answer.notices = len(results), len(groups)
                page = results[start:start + q.per_page]
                answer.page = [hit["pid"] for hit in page]
                answer.snippets = [hit.highlights("text") for hit in page]
        return answer

    def hit_set(self, q: BenchQuery) -> set[str]:
        results = self.searcher.search(self.parser.parse(q.whoosh()), limit=None,
                                       filter=self._filter(q.selections()))
        return {self.pid_of[d] for d in results.docs()}

    def close(self) -> None:
        self.searcher.close()


# ---------------------------------------------------------------- SQLite FTS5 trigram


class Fts5Trigram:
    """SQLite FTS5 (trigram tokenizer) over normalized text; metadata in a joined table.

    Text matches are materialized once per request into a temporary table, so the
    count and the per-notice ``GROUP BY`` of each filter set do not re-run the
    full-text match; the page query runs ``MATCH`` again because ``highlight()``
    and ``rank`` need it.
    """

    name = "fts5-trigram"

    def __init__(self, db: Path, rows: Rows) -> None:
        self.con = sqlite3.connect(str(db))
        self.con.execute("PRAGMA temp_store = MEMORY")
        self.table = rows.facet_table()

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
                              province TEXT, year INTEGER, date TEXT);
        """)
        con.executemany("INSERT INTO fts(rowid, norm) VALUES (?, ?)",
                        ((i + 1, rows.norms[i]) for i in range(len(rows))))
        con.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?)",
                        ((i + 1, rows.pids[i], rows.notice[i], rows.province[i], rows.year[i],
                          rows.date[i]) for i in range(len(rows))))
        con.executescript("""
            CREATE INDEX meta_province_year ON meta(province, year);
            CREATE INDEX meta_year ON meta(year);
            INSERT INTO fts(fts) VALUES ('optimize');
        """)
        con.commit()
        con.close()
        return time.perf_counter() - t0

    @staticmethod
    def _where(selections: dict[str, tuple[str, ...]], prefix: str) -> tuple[str, list[Any]]:
        """SQL conditions for the selections (``province``/``year`` columns) and their args."""
        where, args = "", []
        for name, values in selections.items():
            where += f" AND {prefix}{name} IN ({', '.join('?' * len(values))})"
            args += [int(v) if name == "year" else v for v in values]
        return where, args

    def run(self, q: BenchQuery) -> Answer:
        con = self.con
        base = "FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE fts MATCH ?"
        con.execute("DROP TABLE IF EXISTS temp.hits")
        con.execute(f"CREATE TEMP TABLE hits AS SELECT m.notice, m.province, m.year {base}",
                    [q.fts5()])
        answer = Answer(0, 0, {})
        for k, (selections, names) in enumerate(filter_sets(q)):
            where, args = self._where(selections, "")
            groups = con.execute(f"SELECT notice, count(*) FROM hits WHERE 1{where} "
                                 "GROUP BY notice", args).fetchall()
            ids = np.array([g[0] for g in groups], dtype=np.int64)
            counts = np.array([g[1] for g in groups], dtype=np.int64)
            answer.facets |= self.table.rollup(ids, counts, names)
            if k == 0:
                answer.total, answer.notices = int(counts.sum()), len(groups)
        where, args = self._where(q.selections(), "m.")
        order = "m.date DESC" if q.sort == "newest" else "fts.rank"
        page = con.execute(
            f"SELECT m.pid, highlight(fts, 0, '<mark>', '</mark>') {base}{where} "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [q.fts5(), *args, q.per_page, (q.page - 1) * q.per_page]).fetchall()
        answer.page = [pid for pid, _ in page]
        answer.snippets = [snip for _, snip in page]
        return answer

    def hit_set(self, q: BenchQuery) -> set[str]:
        where, args = self._where(q.selections(), "m.")
        cur = self.con.execute(
            "SELECT m.pid FROM fts JOIN meta m ON m.rowid = fts.rowid WHERE fts MATCH ?" + where,
            [q.fts5(), *args])
        return {pid for (pid,) in cur}

    def close(self) -> None:
        self.con.close()
