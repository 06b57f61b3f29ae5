"""The one search path: parameters in, one result dict out.

The web page, the JSON API, the exports, the CLI and the benchmark all call
:func:`search` / :func:`iter_hits` with :class:`SearchParams`; nothing else
decides what matches. The result dict is what the JSON API returns and what the
HTML template renders (Datasette's "one data dict, two renderings").
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from analysis.vocab import FLAGS, canonical_level
from indexer.regions import expand_region_value
from search.facets import FACETS, facet_counts, selection_mask
from search.highlight import mark_all, sanitize_many, snippet, snippet_markup
from search.hints import request_hints
from search.match import evaluate, term_words
from search.query import ParsedQuery, QueryError, parse_query
from search.store import Corpus

SORTS = ("relevance", "newest", "oldest")
MODES = ("exact", "words")
REUSE_MODES = ("", "hide", "only")
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
GROUP_HITS_SHOWN = 3


class ParamError(QueryError):
    """A bad request parameter (not the query text): also a 400 with a message."""


def parse_int(value: Any, name: str, lo: int, hi: int, default: int | None = None
              ) -> int | None:
    """A request's integer parameter, or a ParamError that names it and its range."""
    if value in (None, ""):
        return default
    try:
        n = int(str(value).strip())
    except ValueError:
        raise ParamError("参数 %(name)s 应为整数。", name=name) from None
    if not lo <= n <= hi:
        raise ParamError("参数 %(name)s 应在 %(lo)s–%(hi)s 之间。", name=name, lo=lo, hi=hi)
    return n


def _canonical_region(name: str, value: str) -> str:
    names = expand_region_value(name, value)
    return names[0] if len(names) == 1 else value


def _canonical_kinds(kinds: list[str], flags: list[str]) -> tuple[list[str], list[str]]:
    """``kind=回头看`` is a flag; keep each value in the facet that lists it."""
    moved = [k for k in kinds if k in FLAGS]
    return ([k for k in kinds if k not in FLAGS],
            list(dict.fromkeys([*flags, *moved])))


@dataclass
class SearchParams:
    q: str = ""
    province: list[str] = field(default_factory=list)
    city: list[str] = field(default_factory=list)
    county: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    level: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    flag: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    group: bool = False
    mode: str = "exact"
    reuse: str = ""  # "" | "hide" (drop boilerplate) | "only" (only boilerplate)
    reuse_min: int = 3  # boilerplate = text found in at least this many notices

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> SearchParams:
        """Validate request arguments (a Werkzeug MultiDict or a plain dict of lists)."""
        def many(key: str) -> list[str]:
            if hasattr(args, "getlist"):
                vals = args.getlist(key)
            else:
                v = args.get(key, [])
                vals = v if isinstance(v, list) else [v]
            out = []
            for v in vals:
                for part in str(v).split(",") if key in ("year", "level", "kind", "flag") else [v]:
                    part = str(part).strip()
                    if part and part not in out:
                        out.append(part)
            if len(out) > 50:
                raise ParamError("参数 %(name)s 的取值过多。", name=key)
            return out

        def one(key: str) -> Any:
            v = args.get(key)
            if isinstance(v, list):
                v = v[0] if v else None
            return v

        q = one("q") or ""
        if not isinstance(q, str):
            q = str(q)
        years = many("year")
        for y in years:
            parse_int(y, "year", 1949, 2100, None)
        sort = (one("sort") or "relevance").strip()
        if sort not in SORTS:
            raise ParamError("排序方式应为 relevance、newest 或 oldest。")
        mode = (one("mode") or "exact").strip()
        if mode not in MODES:
            raise ParamError("检索模式应为 exact（精确）或 words（分词）。")
        group = str(one("group") or "").strip().lower() in ("1", "true", "yes", "on", "notice")
        kinds, flags = _canonical_kinds(many("kind"), many("flag"))
        reuse = (one("reuse") or "").strip()
        if reuse not in REUSE_MODES:
            raise ParamError("reuse 应为 hide（隐藏重复表述）或 only（只看重复表述）。")
        year_from = parse_int(one("year_from"), "year_from", 1949, 2100, None)
        year_to = parse_int(one("year_to"), "year_to", 1949, 2100, None)
        if year_from is not None and year_to is not None and year_from > year_to:
            raise ParamError("年份范围颠倒：起始年份 %(lo)s 晚于截止年份 %(hi)s。请交换两者。",
                             fix={"year_from": year_to, "year_to": year_from},
                             lo=year_from, hi=year_to)
        params = cls(
            q=q,
            province=[_canonical_region("province", v) for v in many("province")],
            city=[_canonical_region("city", v) for v in many("city")],
            county=[_canonical_region("county", v) for v in many("county")],
            year=years,
            level=[canonical_level(v) for v in many("level")],
            kind=kinds, flag=flags,
            year_from=year_from, year_to=year_to,
            sort=sort,
            page=parse_int(one("page"), "page", 1, MAX_PAGE, 1) or 1,
            per_page=parse_int(one("per_page"), "per_page", 1, MAX_PER_PAGE, 20) or 20,
            group=group, mode=mode, reuse=reuse,
            reuse_min=parse_int(one("reuse_min"), "reuse_min", 2, 10_000, 3) or 3,
        )
        return params

    def selections(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, name)) for name in FACETS}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Matched:
    """The exact hit set of a request, before paging."""

    parsed: ParsedQuery
    base: np.ndarray  # query + range filters
    masks: dict[str, np.ndarray | None]
    hits: np.ndarray  # final boolean mask
    mode: str = "exact"

    @property
    def marks(self) -> list[str]:
        """What to highlight: the terms, and in 分词 mode also each term's words."""
        return highlight_terms(self.parsed.terms, self.mode)


def highlight_terms(terms: list[str], mode: str) -> list[str]:
    """Strings to mark with ``<mark>``: in 分词 mode the words that can make a match."""
    if mode != "words":
        return terms
    return list(dict.fromkeys([*terms, *(w for t in terms for w in term_words(t))]))


def match(corpus: Corpus, params: SearchParams) -> Matched:
    parsed = parse_query(params.q)
    base = evaluate(corpus, parsed.root, params.mode)
    if params.year_from is not None:
        base &= corpus.years >= params.year_from
    if params.year_to is not None:
        base &= (corpus.years <= params.year_to) & (corpus.years > 0)
    if params.reuse:
        boilerplate = corpus.reuse_count >= params.reuse_min
        base &= boilerplate if params.reuse == "only" else ~boilerplate
    masks = {name: selection_mask(corpus, name, getattr(params, name)) for name in FACETS}
    hits = base.copy()
    for m in masks.values():
        if m is not None:
            hits &= m
    return Matched(parsed, base, masks, hits, params.mode)


def order(corpus: Corpus, rows: np.ndarray, params: SearchParams, terms: list[str],
          needed: int) -> np.ndarray:
    """Hit rows in the requested order (ranking only as deep as ``needed``)."""
    if params.sort == "relevance" and terms:
        return corpus.rank(rows, terms, needed)
    if params.sort == "oldest":
        key = np.where(corpus.dates[rows] > 0, corpus.dates[rows], np.iinfo(np.int64).max)
    else:  # newest, and relevance without terms
        key = np.where(corpus.dates[rows] > 0, -corpus.dates[rows], np.iinfo(np.int64).max)
    return rows[np.lexsort((corpus.canon[rows], key))]


def notice_meta(corpus: Corpus, n_idx: int) -> dict[str, Any]:
    """A notice's record as the API shows it (:func:`notice_json`)."""
    return notice_json(corpus.notices[n_idx].to_json())


def notice_json(record: dict[str, Any]) -> dict[str, Any]:
    """A notice record's JSON as the API shows it, whichever backend stored it: ``kind``
    repeats ``inspection_kind`` (its name before 2026-11; deprecated, kept so existing
    clients keep working)."""
    return record | {"kind": record["inspection_kind"]}


def hit_dict(corpus: Corpus, row: int, terms: list[str], with_text: bool = False,
             snip: str | None = None) -> dict:
    m = corpus.notices[corpus.notice_row[row]]
    out = {
        "paragraph_id": corpus.pids[row],
        "notice_id": m.id,
        "ordinal": int(corpus.ordinal_arr[row]),
        "kind": corpus.kinds[row],
        "section_path": corpus.section_path(row),
        "snippet": snippet(corpus.texts[row], terms) if snip is None else snip,
        "title": m.title,
        "issuer": m.issuer,
        "province": m.province,
        "city": m.city,
        "county": m.county,
        "level": m.level,
        "inspection_kind": m.inspection_kind,
        "notice_kind": m.inspection_kind,  # deprecated name of inspection_kind
        "flags": m.flags,
        "year": m.year,
        "date": m.date,
        "permalink": f"/p/{corpus.pids[row]}",
        "reuse": int(corpus.reuse_count[row]) - 1,  # also in this many other notices
    }
    if with_text:
        out["text"] = corpus.texts[row]
    return out


def search(corpus: Corpus, params: SearchParams) -> dict[str, Any]:
    """Run one request: exact totals, facets over all hits, one page of highlighted hits."""
    t0 = time.perf_counter()
    matched = match(corpus, params)
    rows = np.flatnonzero(matched.hits)
    terms, marks = matched.parsed.terms, matched.marks
    notice_rows = np.unique(corpus.notice_row[rows])
    facets = facet_counts(corpus, matched.base, params.selections(), matched.masks)
    start = (params.page - 1) * params.per_page
    result: dict[str, Any] = {
        "query": params.to_dict() | {"terms": terms},
        "total": {"paragraphs": len(rows), "notices": len(notice_rows)},
        "hints": request_hints(corpus, params, matched.parsed, facets,
                               lambda p: int(match(corpus, p).hits.sum())),
        "facets": facets,
        "hits": [],
        "groups": [],
    }
    if params.group:
        ranked = order(corpus, rows, params, terms, len(rows))
        _, first_pos = np.unique(corpus.notice_row[ranked], return_index=True)
        notice_order = corpus.notice_row[ranked][np.sort(first_pos)]
        total_items = len(notice_order)
        for n_idx in notice_order[start:start + params.per_page].tolist():
            group_rows = ranked[corpus.notice_row[ranked] == n_idx]
            result["groups"].append({
                "notice": notice_meta(corpus, n_idx),
                "count": len(group_rows),
                "hits": [hit_dict(corpus, r, marks) for r in group_rows[:GROUP_HITS_SHOWN]],
            })
    else:
        ranked = order(corpus, rows, params, terms, start + params.per_page)
        total_items = len(rows)
        page = ranked[start:start + params.per_page].tolist()
        snips = sanitize_many([snippet_markup(corpus.texts[r], marks) for r in page])
        result["hits"] = [hit_dict(corpus, r, marks, snip=sn)
                          for r, sn in zip(page, snips, strict=True)]
    last_page = max(1, -(-total_items // params.per_page))
    result["pages"] = {"page": params.page, "per_page": params.per_page, "last_page": last_page,
                       "items": int(total_items), "has_next": params.page < last_page,
                       "has_prev": params.page > 1}
    result["index"] = {"generation": corpus.gen.name,
                       "notices": int(corpus.notice_alive.sum()),
                       "paragraphs": int(corpus.alive.sum())}
    result["took_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    return result


def iter_hits(corpus: Corpus, params: SearchParams, with_text: bool = True) -> Iterator[dict]:
    """Every hit in order, for exports and ``--all``: no cap, no paging."""
    matched = match(corpus, params)
    rows = np.flatnonzero(matched.hits)
    terms = matched.parsed.terms
    for r in order(corpus, rows, params, terms, len(rows)).tolist():
        yield hit_dict(corpus, r, matched.marks, with_text=with_text)


def notice_view(corpus: Corpus, notice_id: str, q: str = "", mode: str = "exact"
                ) -> dict[str, Any] | None:
    """A whole notice, its table of contents, and (with ``q``) marked terms."""
    n_idx = corpus.notice_by_id.get(notice_id)
    if n_idx is None:
        return None
    terms = highlight_terms(parse_query(q).terms, mode) if q else []
    rows = np.flatnonzero((corpus.notice_row == n_idx) & corpus.alive)
    rows = rows[np.argsort(corpus.ordinal_arr[rows], kind="stable")]
    paragraphs = []
    for r in rows.tolist():
        text = corpus.texts[r]
        paragraphs.append({
            "id": corpus.pids[r], "ordinal": int(corpus.ordinal_arr[r]), "kind": corpus.kinds[r],
            "depth": int(corpus.depths[r]), "level": int(corpus.depths[r]),  # level: deprecated
            "section_path": corpus.section_path(r), "text": text,
            "html": (marked := mark_all(text, terms)), "hits": "<mark>" in marked,
            "reuse": int(corpus.reuse_count[r]) - 1,
            "reuse_links": reuse_links(corpus, r),
        })
    toc = [{"id": p["id"], "depth": p["depth"], "level": p["depth"], "text": p["text"]}
           for p in paragraphs if p["kind"] == "heading"]
    return {"notice": notice_meta(corpus, n_idx), "paragraphs": paragraphs, "toc": toc,
            "terms": terms}


def paragraph_view(corpus: Corpus, pid: str) -> dict[str, Any] | None:
    row = corpus.row_of_pid.get(pid)
    if row is None:
        return None
    hit = hit_dict(corpus, row, [], with_text=True)
    hit.pop("snippet")
    hit["notice"] = notice_meta(corpus, corpus.notice_row[row])
    return hit


def reuse_links(corpus: Corpus, row: int, limit: int = 20) -> list[dict[str, Any]]:
    """One near-copy per other notice, for "also in N other notices"."""
    cluster = int(corpus.row_cluster[row])
    if cluster < 0:
        return []
    own = corpus.notice_row[row]
    out, seen = [], {own}
    for r in corpus.cluster_rows(cluster).tolist():
        n_idx = int(corpus.notice_row[r])
        if n_idx in seen or not corpus.alive[r]:
            continue
        seen.add(n_idx)
        m = corpus.notices[n_idx]
        out.append({"paragraph_id": corpus.pids[r], "notice_id": m.id, "title": m.title,
                    "issuer": m.issuer, "province": m.province, "year": m.year,
                    "permalink": f"/p/{corpus.pids[r]}"})
        if len(out) >= limit:
            break
    return out


def reuse_view(corpus: Corpus, params: SearchParams, limit: int = 50) -> dict[str, Any]:
    """The most reused texts among the current hits (found in at least ``reuse_min``
    notices), with their spread over places and years."""
    matched = match(corpus, params)
    reused = (corpus.row_cluster >= 0) & (corpus.reuse_count >= params.reuse_min)
    rows = np.flatnonzero(matched.hits & reused)
    clusters: list[dict[str, Any]] = []
    if len(rows):
        ids, first = np.unique(corpus.row_cluster[rows], return_index=True)
        counts = corpus.reuse_count[rows[first]]
        for i in np.lexsort((corpus.canon[rows[first]], -counts))[:limit].tolist():
            members = corpus.cluster_rows(int(ids[i]))
            members = members[corpus.alive[members]]
            notices = np.unique(corpus.notice_row[members])
            provinces: dict[str, int] = {}
            years: dict[str, int] = {}
            for n_idx in notices.tolist():
                m = corpus.notices[n_idx]
                provinces[m.province or "—"] = provinces.get(m.province or "—", 0) + 1
                y = str(m.year or "—")
                years[y] = years.get(y, 0) + 1
            rep = int(rows[first[i]])
            clusters.append({
                "cluster": int(ids[i]), "notices": len(notices),
                "paragraphs": len(members), "text": corpus.texts[rep],
                "paragraph_id": corpus.pids[rep], "permalink": f"/p/{corpus.pids[rep]}",
                "provinces": dict(sorted(provinces.items(), key=lambda kv: -kv[1])),
                "years": dict(sorted(years.items())),
            })
    return {"query": params.to_dict(), "clusters": clusters,
            "total": {"clusters": len(np.unique(corpus.row_cluster[rows])) if len(rows) else 0,
                      "paragraphs": len(rows)}}
