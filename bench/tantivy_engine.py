"""tantivy (Rust, Lucene-like) through its official Python bindings, as a benchmark anchor.

Two configurations over the same rows:

* ``tantivy-chars``: one token per character (a regex tokenizer matching any
  single character, so spaces and punctuation are tokens too) over text already
  passed through this project's ``normalize()``; a term is a phrase query of its
  normalized characters (a term query for one character). Exact by construction.
* ``tantivy-ngram``: tantivy's ``NgramTokenizer(1, 2)`` + lowercasing over the
  original text, queries as typed through tantivy's query parser, every term a
  quoted phrase. The n-gram tokenizer gives every gram of a token position 0,
  so a phrase only requires its grams to occur somewhere in the paragraph.

Per request: one search for the page (top 20 by BM25 or by date) and one terms
aggregation over the notice per filter set (:func:`bench.response.filter_sets`),
rolled up to the facet values with numpy — exact counts. (A terms aggregation
per facet with a nested one over the notice would give the same numbers inside
the engine, but exceeds tantivy's 65,000-bucket limit at 20,000 notices.)
Snippets come from tantivy's ``SnippetGenerator``. tantivy has no query cache:
its uncached and cached figures are the same measurement.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from bench.engines import Rows
from bench.queries import BenchQuery
from bench.response import Answer, filter_sets

CONFIGS = {"tantivy-chars": {"normalized": True, "tokenizer": "chars"},
           "tantivy-ngram": {"normalized": False, "tokenizer": "ngram12"}}


def _register(index: tantivy.Index) -> None:
    """Custom tokenizers are not stored in the index: register them on every open."""
    index.register_tokenizer("chars", tantivy.TextAnalyzerBuilder(
        tantivy.Tokenizer.regex(r"(?s).")).build())
    index.register_tokenizer("ngram12", tantivy.TextAnalyzerBuilder(
        tantivy.Tokenizer.ngram(1, 2, False)).filter(tantivy.Filter.lowercase()).build())


def _schema(tokenizer: str) -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("pid", stored=True, tokenizer_name="raw")
    sb.add_integer_field("row", fast=True)
    sb.add_text_field("body", stored=True, tokenizer_name=tokenizer, index_option="position")
    sb.add_integer_field("notice", fast=True)
    sb.add_text_field("province", tokenizer_name="raw")
    sb.add_integer_field("year", indexed=True)
    sb.add_integer_field("date", fast=True)  # yyyymmdd, 0 when unknown
    return sb.build()


def build(rows: Rows, index_dir: Path, config: str) -> float:
    """A new index for ``config`` over ``rows``, merged and committed; returns seconds."""
    conf = CONFIGS[config]
    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    t0 = time.perf_counter()
    index = tantivy.Index(_schema(conf["tokenizer"]), path=str(index_dir))
    _register(index)
    writer = index.writer(heap_size=256_000_000)
    body = rows.norms if conf["normalized"] else rows.texts
    for i in range(len(rows)):
        date = rows.date[i].replace("-", "")
        writer.add_document(tantivy.Document(
            pid=rows.pids[i], row=i, body=body[i], notice=rows.notice[i],
            province=rows.province[i], year=rows.year[i],
            date=int(date.ljust(8, "0")) if date.isdigit() else 0))
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - t0


class Tantivy:
    """One configuration, one reused searcher."""

    def __init__(self, config: str, index_dir: Path, rows: Rows) -> None:
        self.name = config
        self.normalized = CONFIGS[config]["normalized"]
        self.index = tantivy.Index.open(str(index_dir))
        _register(self.index)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.rows = rows
        self.table = rows.facet_table()
        self.notice_buckets = max(len(rows.notices), 1)

    def _phrase(self, term: str) -> tantivy.Query:
        chars = list(term)
        if len(chars) == 1:
            return tantivy.Query.term_query(self.schema, "body", chars[0])
        return tantivy.Query.phrase_query(self.schema, "body", chars)

    def _text(self, q: BenchQuery) -> tantivy.Query:
        if not self.normalized:
            return self.index.parse_query(q.tantivy(), ["body"])
        groups, nots = q.normalized()
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for group in groups:
            part = self._phrase(group[0]) if len(group) == 1 else tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, self._phrase(t)) for t in group])
            clauses.append((tantivy.Occur.Must, part))
        clauses += [(tantivy.Occur.MustNot, self._phrase(t)) for t in nots]
        return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def _filtered(self, text: tantivy.Query, selections: dict[str, tuple[str, ...]]
                  ) -> tantivy.Query:
        if not selections:
            return text
        clauses = [(tantivy.Occur.Must, text)]
        for name, values in selections.items():
            alts = [tantivy.Query.term_query(self.schema, name, int(v) if name == "year" else v)
                    for v in values]
            clauses.append((tantivy.Occur.Must, alts[0] if len(alts) == 1 else
                            tantivy.Query.boolean_query([(tantivy.Occur.Should, a)
                                                         for a in alts])))
        return tantivy.Query.boolean_query(clauses)

    def _per_notice(self, query: tantivy.Query) -> tuple[np.ndarray, np.ndarray]:
        agg = self.searcher.aggregate(
            query, {"n": {"terms": {"field": "notice", "size": self.notice_buckets}}})["n"]
        if agg.get("sum_other_doc_count"):
            raise RuntimeError("tantivy terms aggregation was cut short: counts not exact")
        buckets = agg["buckets"]
        return (np.array([b["key"] for b in buckets], dtype=np.int64),
                np.array([b["doc_count"] for b in buckets], dtype=np.int64))

    def run(self, q: BenchQuery) -> Answer:
        text = self._text(q)
        answer = Answer(0, 0, {})
        for k, (selections, names) in enumerate(filter_sets(q)):
            query = self._filtered(text, selections)
            ids, counts = self._per_notice(query)
            answer.facets |= self.table.rollup(ids, counts, names)
            if k == 0:
                answer.total, answer.notices, hits_query = int(counts.sum()), len(ids), query
        kwargs: dict[str, Any] = {"order_by_field": "date"} if q.sort == "newest" else {}
        result = self.searcher.search(hits_query, limit=q.per_page, count=False,
                                      offset=(q.page - 1) * q.per_page, **kwargs)
        snippets = tantivy.SnippetGenerator.create(self.searcher, hits_query, self.schema, "body")
        for _, address in result.hits:
            doc = self.searcher.doc(address)
            answer.page.append(doc["pid"][0])
            answer.snippets.append(snippets.snippet_from_doc(doc).to_html())
        return answer

    def hit_set(self, q: BenchQuery) -> set[str]:
        query = self._filtered(self._text(q), q.selections())
        count = self.searcher.search(query, limit=1, count=True).count
        if not count:
            return set()
        hits = self.searcher.search(query, limit=count).hits
        rows = self.searcher.fast_field_values("row", [address for _, address in hits])
        return {self.rows.pids[r] for r in rows}
