"""The cluster's index layout: mapping, document form, connection and answer checks.

Shared by the loader (``indexer.opensearch_load``) and the searcher
(``search.backends.opensearch``), so both agree on what a field holds.

Exactness by construction: a paragraph's normalized text is sent as one token per
character (whitespace characters as a multi-character escape such as ``U+0020``, so
the encoding is injective: a single-character token never equals an escape) into a
``whitespace``-analyzed field with positions. A query term, encoded the same way, is
a ``match_phrase`` of consecutive positions (one character: a ``term``), which holds
iff the normalized term is a substring of the normalized paragraph — the literal scan
the tests apply. The analyzer never decides what matches; jieba words live in separate
fields and only rank.
"""

from __future__ import annotations

import os
from typing import Any

from opensearchpy import OpenSearch

from analysis.normalize import normalize
from analysis.records import AnalysedNotice, Row
from analysis.vocab import date_number

LAYOUT_VERSION = 1  # bump when a field changes meaning; the searcher refuses other versions
DEFAULT_URL = "http://127.0.0.1:9200"
DEFAULT_ALIAS = "xunshi"

# Character fields: every match (exact and 分词). Word fields: BM25 ranking only.
CHARS, TITLE_CHARS, SECTION_CHARS = "chars", "title_chars", "section_chars"
WORDS, TITLE_WORDS, SECTION_WORDS = "words", "title_words", "section_words"
# Notice metadata as keywords: filters and facets (terms aggregations).
FACET_FIELDS = {"province": "province", "city": "city", "county": "county", "year": "year",
                "level": "level", "kind": "notice_kind", "flag": "flags"}


class ClusterError(RuntimeError):
    """The cluster could not give a complete answer: never shown as a (short) count.

    Like :class:`search.query.QueryError`: ``message`` is a message id (the Chinese
    text, translated by the web catalogs) with ``%(name)s`` placeholders from ``params``.
    """

    def __init__(self, message: str, **params: object):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def char_token(ch: str) -> str:
    """One character's token; whitespace (which the tokenizer would drop) is escaped."""
    return f"U+{ord(ch):04X}" if ch.isspace() else ch


def char_tokens(norm: str) -> str:
    """The character field's value: one token per character of normalized text."""
    return " ".join(char_token(ch) for ch in norm)


def _exact() -> dict[str, Any]:
    # Positions but no frequencies' weight: these fields decide matching, never score.
    return {"type": "text", "analyzer": "whitespace", "norms": False,
            "index_options": "positions"}


def _stored() -> dict[str, Any]:
    return {"type": "keyword", "index": False, "doc_values": False}


MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "pid": {"type": "keyword"},
        "notice_id": {"type": "keyword"},
        "notice_hash": {"type": "keyword"},  # update compares it with the re-parsed notice
        "source_file": {"type": "keyword"},  # ties in every sort: reading order
        "ordinal": {"type": "integer"},
        "kind": {"type": "keyword"},  # heading | body | closing
        "depth": {"type": "integer", "index": False},  # heading level (1 = 一、)
        CHARS: _exact(), TITLE_CHARS: _exact(), SECTION_CHARS: _exact(),
        WORDS: {"type": "text", "analyzer": "whitespace"},
        TITLE_WORDS: {"type": "text", "analyzer": "whitespace"},
        SECTION_WORDS: {"type": "text", "analyzer": "whitespace"},
        "province": {"type": "keyword"}, "city": {"type": "keyword"},
        "county": {"type": "keyword"}, "level": {"type": "keyword"},
        "notice_kind": {"type": "keyword"}, "flags": {"type": "keyword"},
        "year": {"type": "integer"},
        "date": {"type": "integer"},  # yyyymmdd of the notice's date, for sorting
        "text": _stored(), "section_path": _stored(),
        "notice": {"type": "object", "enabled": False},  # the notice's metadata, as parsed
    },
}


NOT_STORED_META = ("figures", "figure_summary")  # figures views are not served from the cluster


def paragraph_doc(analysed: AnalysedNotice, row: Row) -> dict[str, Any]:
    """One paragraph's document, from the embedded build's analysis of its notice."""
    m = analysed.record
    return {
        "pid": row.pid, "notice_id": m.id, "notice_hash": analysed.content_hash,
        "source_file": m.source_file, "ordinal": row.ordinal, "kind": row.kind,
        "depth": row.depth,
        CHARS: char_tokens(row.norm),
        TITLE_CHARS: char_tokens(normalize(m.title)),
        SECTION_CHARS: [char_tokens(normalize(h)) for h in row.section_path],
        WORDS: row.words, TITLE_WORDS: analysed.title_words,
        SECTION_WORDS: row.section_words,
        # Empty metadata stays absent (not ""): it is no facet value and matches no filter.
        "province": m.province or None, "city": m.city or None,
        "county": m.county or None, "level": m.level or None,
        "notice_kind": m.inspection_kind or None, "flags": m.flags, "year": m.year or None,
        "date": date_number(m.date) or None,
        "text": row.text, "section_path": list(row.section_path),
        "notice": {k: v for k, v in m.to_json().items() if k not in NOT_STORED_META},
    }


def index_body(shards: int, replicas: int) -> dict[str, Any]:
    """A new generation: loaded with refresh off, then refreshed once and write-blocked."""
    return {"settings": {"index": {"number_of_shards": shards, "number_of_replicas": replicas,
                                   "refresh_interval": "-1"}},
            "mappings": MAPPING}


def connect(url: str | None = None, timeout: float = 60) -> OpenSearch:
    """A client over every node listed (comma-separated), retrying another node when
    one is down: a dead node is a connection error, which the client fails over."""
    url = url or os.environ.get("XUNSHI_OPENSEARCH_URL") or DEFAULT_URL
    hosts = [u.strip() for u in url.split(",") if u.strip()]
    return OpenSearch(hosts=hosts, timeout=timeout, max_retries=3, retry_on_timeout=True,
                      retry_on_status=(502, 503, 504))


def check_complete(resp: dict[str, Any]) -> dict[str, Any]:
    """Raise unless every shard answered in time: a partial answer is a wrong count."""
    shards = resp.get("_shards") or {}
    failed = shards.get("failed", 0)
    if resp.get("timed_out") or failed or shards.get("successful", 0) < shards.get("total", 0):
        reasons = "; ".join(str(f.get("reason", f)) for f in shards.get("failures", [])[:3])
        if resp.get("timed_out"):
            raise ClusterError("集群查询超时（%(successful)s/%(total)s 个分片作答），结果不完整，"
                               "未予显示；请稍后重试。%(reasons)s",
                               successful=shards.get("successful"), total=shards.get("total"),
                               reasons=reasons)
        raise ClusterError(
            "集群只有部分分片作答（%(successful)s/%(total)s），结果不完整，未予显示；"
            "请稍后重试。%(reasons)s", successful=shards.get("successful"),
            total=shards.get("total"), reasons=reasons)
    return resp
