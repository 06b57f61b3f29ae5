"""Exact search on an OpenSearch cluster: same parameters, same result dict.

- **Matching**: the parsed query (``search.query``) becomes a bool query: AND is
  ``filter``, OR is ``should`` with ``minimum_should_match: 1``, NOT is ``must_not``, a
  term is a ``match_phrase`` over the character field (one character: a ``term``), so a
  hit is exactly a paragraph whose normalized text contains the term (see
  ``opensearch_index``). 分词 mode is the literal phrase OR all of the term's finest
  jieba words as phrases, as ``search.match.words_rows`` defines it. Field filters and
  facet selections resolve values with the same rules as the embedded engine (region
  names through the gazetteer, level synonyms, flags given as a kind).
- **Counts**: ``track_total_hits: true``; the distinct notices of a hit set are the
  buckets of a ``terms`` aggregation on ``notice_id`` (counted by ``stats_bucket``; the
  buckets themselves are cut from the response by ``filter_path``).
- **Facets**: multi-select as in ``search.facets``: the query goes in ``query``, the
  facet selections in ``post_filter``, and each facet's ``terms`` aggregation sits in a
  ``filter`` aggregation of the *other* facets' selections. Every ``terms`` aggregation
  has ``size`` = ``shard_size`` = one more than the field's number of distinct values in
  the index (counted exactly at load time, kept in the mapping's ``_meta``). A shard that
  returns fewer buckets than ``shard_size`` has returned all of its values, so no count
  is an estimate, and the answer proves it: ``doc_count_error_upper_bound`` and
  ``sum_other_doc_count`` are 0, which is checked on every answer.
- **Failures**: ``allow_partial_search_results=false`` and a check of ``_shards`` on
  every answer: a missing shard is a :class:`ClusterError`, never a short count.
- **Ranking** differs from the embedded BM25F in detail: Lucene's BM25 over the same
  jieba words (paragraph, section path ×0.8, title ×0.5); ties break in reading order.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as ClientConnectionError
from opensearchpy.exceptions import NotFoundError, TransportError

from analysis.schema import FIELD_BOOSTS
from analysis.vocab import FLAGS, LEVELS, canonical_level, notice_date
from analysis.words import words
from indexer.regions import expand_region_value
from search.backends.opensearch_index import (
    CHARS,
    DEFAULT_ALIAS,
    FACET_FIELDS,
    LAYOUT_VERSION,
    SECTION_CHARS,
    SECTION_WORDS,
    TITLE_CHARS,
    TITLE_WORDS,
    WORDS,
    ClusterError,
    char_token,
    check_complete,
)
from search.engine import (
    GROUP_HITS_SHOWN,
    ParamError,
    SearchParams,
    highlight_terms,
    notice_json,
)
from search.facets import FACETS
from search.highlight import sanitize_many, snippet, snippet_markup
from search.match import term_words
from search.query import And, Field, MatchAll, Node, Not, Or, QueryError, Term, parse_query

TIEBREAK: list[dict[str, Any]] = [{"source_file": "asc"}, {"notice_id": "asc"},
                                  {"ordinal": "asc"}, {"pid": "asc"}]
SOURCE = ["pid", "notice_id", "ordinal", "kind", "section_path", "text", "notice"]
PAGE = 1000  # hits per request when iterating every hit
# The per-notice buckets are only counted; cut them from what the cluster sends back.
FILTER_PATH = "-aggregations.**.ids.buckets"


# ---------------------------------------------------------------- query translation

def phrase(field: str, text: str) -> dict[str, Any]:
    """Paragraphs whose ``field`` contains normalized ``text`` literally."""
    tokens = [char_token(ch) for ch in text]
    if len(tokens) == 1:
        return {"term": {field: tokens[0]}}
    return {"match_phrase": {field: {"query": " ".join(tokens)}}}


def _any_of(clauses: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _region(name: str, raw: str) -> dict[str, Any]:
    return {"terms": {name: expand_region_value(name, raw.strip()) or [raw.strip()]}}


def _level(value: str) -> dict[str, Any]:
    return {"term": {"level": canonical_level(value)}}


def _kind(value: str) -> dict[str, Any]:
    """An inspection kind, or a flag given as a kind (``kind:回头看``)."""
    value = value.strip()
    return {"term": {"flags": value}} if value in FLAGS else {"term": {"notice_kind": value}}


def field_query(node: Field) -> dict[str, Any]:
    name, value = node.name, node.value
    if name in ("province", "city", "county"):
        return _region(name, node.raw)
    if name == "year":
        lo, _, hi = value.partition("-")
        return {"range": {"year": {"gte": int(lo), "lte": int(hi or lo)}}}
    if name == "kind":
        return _kind(value)
    if name == "level":
        return _level(value)
    if name == "title":
        return phrase(TITLE_CHARS, value)
    if name == "section":
        return phrase(SECTION_CHARS, value)
    if name == "notice":
        return {"term": {"notice_id": node.raw.strip()}}
    raise QueryError("未知字段 %(field)s:", field=name)


def to_query(node: Node, mode: str = "exact") -> dict[str, Any]:
    """The bool query whose hits are exactly the rows ``search.match.evaluate`` sets."""
    if isinstance(node, MatchAll):
        return {"match_all": {}}
    if isinstance(node, Term):
        literal = phrase(CHARS, node.text)
        parts = term_words(node.text) if mode == "words" else []
        if not parts or parts == [node.text]:
            return literal
        # 分词: the literal term, or each of its words literally (search.match.words_rows)
        return _any_of([literal, {"bool": {"filter": [phrase(CHARS, w) for w in parts]}}])
    if isinstance(node, Field):
        return field_query(node)
    if isinstance(node, Not):
        return {"bool": {"must_not": [to_query(node.child, mode)]}}
    if isinstance(node, And):
        return {"bool": {"filter": [to_query(c, mode) for c in node.children]}}
    if isinstance(node, Or):
        return _any_of([to_query(c, mode) for c in node.children])
    raise TypeError(f"unknown query node {node!r}")


def selection_query(name: str, values: list[str]) -> dict[str, Any] | None:
    """One facet's selection: any of its values (None when nothing is selected)."""
    if not values:
        return None
    clauses = []
    for v in values:
        if name in ("province", "city", "county"):
            clauses.append(_region(name, v))
        elif name == "year":
            clauses.append({"term": {"year": int(v)}})
        elif name == "level":
            clauses.append(_level(v))
        else:  # kind, flag
            clauses.append(_kind(v))
    return _any_of(clauses)


def _ranking(terms: list[str]) -> list[dict[str, Any]]:
    """Scoring clauses (``should`` beside the filter): BM25 over the jieba words."""
    fields = {WORDS: FIELD_BOOSTS["words"], SECTION_WORDS: FIELD_BOOSTS["section_words"],
              TITLE_WORDS: FIELD_BOOSTS["title_words"]}
    ws = list(dict.fromkeys(w for t in terms for w in words(t)))
    return [{"term": {f: {"value": w, "boost": boost}}} for w in ws for f, boost in fields.items()]


def base_query(params: SearchParams, terms: list[str], root: Node) -> dict[str, Any]:
    """The query and range filters (not the facet selections), with ranking clauses."""
    if params.reuse:
        raise ParamError("集群检索暂不支持重复表述（reuse）筛选，请去掉 reuse 参数。")
    filters = [to_query(root, params.mode)]
    if params.year_from is not None:
        filters.append({"range": {"year": {"gte": params.year_from}}})
    if params.year_to is not None:
        filters.append({"range": {"year": {"lte": params.year_to}}})
    query: dict[str, Any] = {"filter": filters}
    if params.sort == "relevance" and terms:
        query["should"] = _ranking(terms)
    return {"bool": query}


def sort_for(params: SearchParams, terms: list[str]) -> list[dict[str, Any]]:
    if params.sort == "relevance" and terms:
        return [{"_score": "desc"}, *TIEBREAK]
    order = "asc" if params.sort == "oldest" else "desc"
    return [{"date": {"order": order, "missing": "_last"}}, *TIEBREAK]


# ---------------------------------------------------------------- answers

@dataclass(frozen=True)
class Generation:
    """The concrete index behind the alias when a request starts, and its counts."""

    index: str
    notices: int
    paragraphs: int
    cardinality: dict[str, int]


def _notice_count(gen: Generation) -> dict[str, Any]:
    n = gen.notices + 1  # one spare bucket: see the module docstring
    return {"ids": {"terms": {"field": "notice_id", "size": n, "shard_size": n}},
            "notices": {"stats_bucket": {"buckets_path": "ids>_count"}}}


def _complete_terms(agg: dict[str, Any], what: str) -> dict[str, Any]:
    if agg.get("sum_other_doc_count") or agg.get("doc_count_error_upper_bound"):
        raise ClusterError("%(what)s 的聚合不完整，计数未予显示；请重新载入索引。", what=what)
    return agg


def _notices_of(agg: dict[str, Any]) -> int:
    _complete_terms(agg["ids"], "notice")
    return int(agg["notices"]["count"])


class OpenSearchBackend:
    """Searches the generation an alias points to, the way ``search.engine`` searches a
    Corpus: each request pins one concrete index, so a swap mid-request cannot mix two."""

    def __init__(self, client: OpenSearch, alias: str = DEFAULT_ALIAS):
        self.client = client
        self.alias = alias
        self._generations: dict[str, Generation] = {}

    def generation(self) -> Generation:
        with _answers():
            try:
                index = next(iter(self.client.indices.get_alias(name=self.alias)))
            except NotFoundError:
                raise ClusterError("集群中没有索引 %(alias)s：请先载入通报"
                                   "（python -m indexer.opensearch_load build）。",
                                   alias=self.alias) from None
            gen = self._generations.get(index)
            if gen is None:
                mapping = self.client.indices.get_mapping(index=index)[index]["mappings"]
                meta = mapping["_meta"]
                if meta.get("layout") != LAYOUT_VERSION:
                    raise ClusterError("集群索引 %(index)s 的格式为 %(found)s，本版本读取格式 "
                                       "%(wanted)s：请重新载入通报。", index=index,
                                       found=meta.get("layout"), wanted=LAYOUT_VERSION)
                gen = Generation(index, meta["notices"], meta["paragraphs"],
                                 meta["cardinality"])
                self._generations = {index: gen}
        return gen

    def _search(self, gen: Generation, body: dict[str, Any]) -> dict[str, Any]:
        with _answers():
            resp = self.client.search(index=gen.index, body=body, params={
                "allow_partial_search_results": "false", "filter_path": FILTER_PATH})
        return check_complete(resp)

    def _facet_aggs(self, gen: Generation, selections: dict[str, dict | None]) -> dict:
        aggs: dict[str, Any] = {}
        for name in FACETS:
            others = [q for other, q in selections.items() if other != name and q]
            n = gen.cardinality[name] + 1
            aggs[f"facet_{name}"] = {
                "filter": {"bool": {"filter": others}},
                "aggs": {"values": {"terms": {"field": FACET_FIELDS[name], "size": n,
                                              "shard_size": n},
                                    "aggs": _notice_count(gen)}}}
        return aggs

    def search(self, params: SearchParams) -> dict[str, Any]:
        """One request: exact totals and facets over all hits, one page of hits."""
        t0 = time.perf_counter()
        parsed = parse_query(params.q)
        terms, marks = parsed.terms, highlight_terms(parsed.terms, params.mode)
        gen = self.generation()
        selections = {name: selection_query(name, getattr(params, name)) for name in FACETS}
        chosen = {"bool": {"filter": [q for q in selections.values() if q]}}
        start = (params.page - 1) * params.per_page
        body: dict[str, Any] = {
            "query": base_query(params, terms, parsed.root),
            "post_filter": chosen,
            "track_total_hits": True,
            "sort": sort_for(params, terms),
            "from": start, "size": params.per_page, "_source": SOURCE,
            "aggs": {"total": {"filter": chosen, "aggs": _notice_count(gen)},
                     **self._facet_aggs(gen, selections)},
        }
        if params.group:
            body["collapse"] = {"field": "notice_id", "inner_hits": {
                "name": "group", "size": GROUP_HITS_SHOWN, "sort": body["sort"],
                "_source": SOURCE}}
        resp = self._search(gen, body)
        total = resp["hits"]["total"]
        aggs = resp["aggregations"]
        if total["relation"] != "eq" or total["value"] != aggs["total"]["doc_count"]:
            raise ClusterError("集群返回的总数不一致（%(total)s 与 %(counted)s），结果未予显示。",
                               total=total, counted=aggs["total"]["doc_count"])
        notices = _notices_of(aggs["total"])
        result: dict[str, Any] = {
            "query": params.to_dict() | {"terms": terms},
            "total": {"paragraphs": total["value"], "notices": notices},
            "facets": {name: self._facet(name, aggs[f"facet_{name}"]["values"],
                                         getattr(params, name)) for name in FACETS},
            "hits": [], "groups": [],
        }
        hits = resp["hits"].get("hits", [])  # absent when empty (filter_path)
        if params.group:
            total_items = notices
            for h in hits:
                inner = h["inner_hits"]["group"]["hits"]
                result["groups"].append({
                    "notice": notice_json(dict(h["_source"]["notice"])),
                    "count": inner["total"]["value"],
                    "hits": [_hit(g["_source"], marks) for g in inner["hits"]]})
        else:
            total_items = total["value"]
            snips = sanitize_many([snippet_markup(h["_source"]["text"], marks) for h in hits])
            result["hits"] = [_hit(h["_source"], marks, snip=sn)
                              for h, sn in zip(hits, snips, strict=True)]
        last_page = max(1, -(-total_items // params.per_page))
        result["pages"] = {"page": params.page, "per_page": params.per_page,
                           "last_page": last_page, "items": int(total_items),
                           "has_next": params.page < last_page, "has_prev": params.page > 1}
        result["index"] = {"generation": gen.index, "notices": gen.notices,
                           "paragraphs": gen.paragraphs}
        result["took_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        return result

    @staticmethod
    def _facet(name: str, agg: dict[str, Any], selected: list[str]) -> list[dict[str, Any]]:
        """One facet in ``search.facets``' shape and order."""
        _complete_terms(agg, name)
        values = [(str(b["key"]), int(b["doc_count"]), _notices_of(b))
                  for b in agg.get("buckets", [])]  # filter_path drops an empty list
        if name == "year":
            values.sort(key=lambda t: t[0], reverse=True)
        elif name == "flag":
            values.sort(key=lambda t: FLAGS.index(t[0]) if t[0] in FLAGS else len(FLAGS))
        elif name == "level":
            values.sort(key=lambda t: LEVELS.index(t[0]) if t[0] in LEVELS else 9)
        else:
            values.sort(key=lambda t: (-t[1], t[0]))
        chosen = set(selected)
        listed = {v for v, _, _ in values}
        return ([{"value": v, "count": c, "notices": nc, "selected": v in chosen}
                 for v, c, nc in values]
                + [{"value": v, "count": 0, "notices": 0, "selected": True}
                   for v in selected if v not in listed])

    def iter_hits(self, params: SearchParams, with_text: bool = True) -> Iterator[dict]:
        """Every hit in order (exports, ``--all``): ``search_after`` over one generation,
        which is write-blocked, so the pages are one consistent snapshot."""
        parsed = parse_query(params.q)
        gen = self.generation()
        selections = [q for name in FACETS
                      if (q := selection_query(name, getattr(params, name)))]
        query = base_query(params, parsed.terms, parsed.root)
        marks = highlight_terms(parsed.terms, params.mode)
        query["bool"]["filter"].extend(selections)
        body: dict[str, Any] = {"query": query, "sort": sort_for(params, parsed.terms),
                                "size": PAGE, "_source": SOURCE, "track_total_hits": True}
        seen = 0
        while True:
            resp = self._search(gen, body)
            hits = resp["hits"].get("hits", [])
            for h in hits:
                yield _hit(h["_source"], marks, with_text=with_text)
            seen += len(hits)
            if len(hits) < PAGE:
                break
            body["search_after"] = hits[-1]["sort"]
        if seen != resp["hits"]["total"]["value"]:
            raise ClusterError("逐页读取的命中数（%(seen)s）与总数（%(total)s）不符。",
                               seen=seen, total=resp["hits"]["total"]["value"])


@contextmanager
def _answers() -> Iterator[None]:
    """Turn the client's failures into :class:`ClusterError`, with the cluster's reason."""
    try:
        yield
    except ClientConnectionError as exc:
        raise ClusterError("无法连接集群的任何节点（%(reason)s），请稍后重试。",
                           reason=exc) from exc
    except TransportError as exc:
        cause = _cause(exc)
        if "too_many_buckets" in cause:
            raise ClusterError(
                "命中的通报过多，超出集群的 search.max_buckets 上限，计数未予显示；"
                "请缩小检索范围，或请管理员调高该设置。（%(reason)s）", reason=cause) from exc
        raise ClusterError("集群未能完整作答（%(status)s：%(reason)s），结果未予显示；"
                           "请稍后重试。", status=exc.status_code, reason=cause) from exc


def _cause(exc: TransportError) -> str:
    """The innermost reason the cluster gave for an error, as ``type: reason``."""
    err = exc.info.get("error") if isinstance(exc.info, dict) else None
    while isinstance(err, dict) and isinstance(err.get("caused_by"), dict):
        err = err["caused_by"]
    if isinstance(err, dict):
        return f"{err.get('type')}: {err.get('reason')}"
    return str(exc.error)


def _hit(src: dict[str, Any], marks: list[str], snip: str | None = None,
         with_text: bool = False) -> dict[str, Any]:
    """A hit in ``search.engine.hit_dict``'s shape, from the stored paragraph; ``marks``
    are the strings to highlight (``search.engine.highlight_terms``)."""
    m = src["notice"]
    out = {
        "paragraph_id": src["pid"], "notice_id": src["notice_id"],
        "ordinal": src["ordinal"], "kind": src["kind"], "section_path": src["section_path"],
        "snippet": snippet(src["text"], marks) if snip is None else snip,
        "title": m["title"], "issuer": m["issuer"], "province": m["province"],
        "city": m["city"], "county": m["county"], "level": m["level"],
        "inspection_kind": m["inspection_kind"], "notice_kind": m["inspection_kind"],
        "flags": m["flags"], "year": m["year"],
        "date": notice_date(m), "permalink": f"/p/{src['pid']}",
    }
    if with_text:
        out["text"] = src["text"]
    return out
