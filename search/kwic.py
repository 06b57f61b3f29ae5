"""KWIC concordance: every occurrence of the query's first term, aligned on it.

Occurrences are every start position of the normalized term in the normalized
paragraph (overlapping ones included, as :func:`analysis.normalize.find_all`
counts them), over exactly the paragraphs the search matches — so the number of
lines equals the number of literal occurrences in the hit set. Contexts are
cut from the *display* text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from analysis.normalize import find_all, normalize_with_map, same_offsets
from search.engine import ParamError, SearchParams, match, order
from search.query import QueryError, parse_query
from search.store import Corpus

SORTS = ("position", "left", "right")
MAX_WIDTH = 200


def _offsets(text: str, norm: str) -> tuple[list[int], list[int]] | None:
    """Display offsets for normalized ones; None when they are the identity."""
    if same_offsets(text, norm):
        return None
    _, starts, ends = normalize_with_map(text)
    return starts, ends


def lines(corpus: Corpus, params: SearchParams, width: int = 30) -> Iterator[dict[str, Any]]:
    """Every occurrence, in the search's order of paragraphs, then by position."""
    if not 1 <= width <= MAX_WIDTH:
        raise ParamError("上下文宽度应在 1–%(limit)s 之间。", limit=MAX_WIDTH)
    matched = match(corpus, params)
    if not matched.parsed.terms:
        raise QueryError("KWIC 需要一个检索词，例如：八项规定。")
    term = matched.parsed.terms[0]
    rows = np.flatnonzero(matched.hits)
    for row in order(corpus, rows, params, matched.parsed.terms, len(rows)).tolist():
        text, norm = corpus.texts[row], corpus.norms[row]
        positions = find_all(norm, term)
        if not positions:
            continue  # a hit through OR on another term
        offsets = _offsets(text, norm)
        m = corpus.notices[corpus.notice_row[row]]
        for i in positions:
            if offsets is None:
                s, e = i, i + len(term)
            else:
                s, e = offsets[0][i], offsets[1][i + len(term) - 1]
            yield {
                "left": text[max(0, s - width):s], "keyword": text[s:e],
                "right": text[e:e + width], "position": s,
                "paragraph_id": corpus.pids[row], "notice_id": m.id,
                "title": m.title, "issuer": m.issuer, "province": m.province,
                "city": m.city, "county": m.county, "year": m.year,
                "permalink": f"/p/{corpus.pids[row]}",
            }


def _sort_key(sort: str):
    if sort == "left":
        return lambda line: line["left"][::-1]
    if sort == "right":
        return lambda line: line["right"]
    return None


def kwic(corpus: Corpus, params: SearchParams, width: int = 30, sort: str = "position",
         page: int = 1, per_page: int = 100) -> dict[str, Any]:
    """One page of concordance lines plus the exact total."""
    if sort not in SORTS:
        raise ParamError("排序应为 position、left 或 right。")
    if page < 1 or per_page < 1:
        raise ParamError("页码和每页行数应 ≥ 1。")
    terms = parse_query(params.q).terms
    all_lines = list(lines(corpus, params, width))
    key = _sort_key(sort)
    if key is not None:
        all_lines.sort(key=key)
    start = (page - 1) * per_page
    last_page = max(1, -(-len(all_lines) // per_page))
    return {"query": params.to_dict(), "term": terms[0] if terms else "",
            "width": width, "sort": sort, "total": {"lines": len(all_lines)},
            "lines": all_lines[start:start + per_page],
            "pages": {"page": page, "per_page": per_page, "last_page": last_page,
                      "has_next": page < last_page, "has_prev": page > 1}}
