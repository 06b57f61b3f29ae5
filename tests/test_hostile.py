"""Hostile queries, quick version: property tests over every API parameter and the
engine's exactness, plus fixed pathological cases that must be 400s with a message.

The 10,000-example run against a real waitress server is
``python -m reliability.fuzz_api`` (see reliability/README.md).
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.normalize import normalize
from indexer.model import SourceDoc
from indexer.parse import parse_notice
from reliability import hostile
from reliability.harness import raw_http, waitress_in_process
from search.engine import SearchParams, iter_hits, match, search
from search.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "notices"
QUICK = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def warm_client(app: Any) -> Any:
    client = app.test_client()
    assert client.get("/api/search?q=整改").status_code == 200  # load the corpus and jieba
    return client


# ---------------------------------------------------------------- API properties


@QUICK
@given(path=st.sampled_from(hostile.SEARCH_PATHS), params=hostile.request_params)
def test_search_routes_never_fail_on_any_parameters(warm_client: Any, path: str,
                                                    params: list[tuple[str, str]]) -> None:
    """Any mix of known and unknown parameters with any values: 200 or 400, never a
    500 or a trace; a JSON 400 always carries the message in both languages."""
    resp = warm_client.get(hostile.search_url(path, params))
    assert resp.status_code in (200, 302, 400), (resp.status_code, params)
    assert hostile.problems(resp.status_code, resp.data, resp.content_type, path) == []


@QUICK
@given(q=hostile.query_strings)
def test_query_strings_are_answered_or_rejected_with_a_message(warm_client: Any,
                                                               q: str) -> None:
    """Any query text: the API answers, or says in Chinese and English what is wrong;
    over 1,000 characters is always a 400. (How fast that 400 comes is measured by
    ``python -m reliability.fuzz_api``, not here: a test never decides by the clock.)"""
    url = hostile.search_url("/api/search", [("q", q)])
    resp = warm_client.get(url)
    assert hostile.problems(resp.status_code, resp.data, resp.content_type, "/api/search") == []
    assert resp.status_code in (200, 400)
    if len(q) > 1000:
        assert resp.status_code == 400


@QUICK
@given(route=st.sampled_from(hostile.ID_ROUTES), value=hostile.ids)
def test_id_routes_never_fail(warm_client: Any, route: str, value: str) -> None:
    resp = warm_client.get(hostile.id_url(route, value))
    assert resp.status_code in (200, 302, 400, 404), (resp.status_code, route, value)
    assert hostile.problems(resp.status_code, resp.data, resp.content_type, route) == []


@pytest.mark.parametrize(("what", "url", "status"), hostile.PATHOLOGICAL,
                         ids=[p[0] for p in hostile.PATHOLOGICAL])
def test_pathological_requests_are_400s(warm_client: Any, what: str, url: str,
                                             status: int) -> None:
    """Oversized, deeply nested, over-long and undecodable requests: a 400 with a message
    (their speed is measured by ``python -m reliability.fuzz_api``, not decided here)."""
    resp = warm_client.get(url)
    assert resp.status_code == status, (what, resp.status_code, resp.data[:300])
    assert hostile.problems(resp.status_code, resp.data, resp.content_type,
                            url.split("?")[0]) == []


def test_invalid_bytes_on_the_wire(app: Any) -> None:
    """Raw bytes a browser would never send (non-UTF-8, NUL, overlong) reach waitress:
    400/404, never a 500 or a trace."""
    lines = [
        b"GET /api/search?q=\xff\xfe HTTP/1.1", b"GET /api/search?q=\xe6\x95 HTTP/1.1",
        b"GET /notice/\xff HTTP/1.1", b"GET /p/\xc0\xaf\xc0\xaf HTTP/1.1",
        b"GET /?q=%FF HTTP/1.1", b"GET /api/search?q=\x00 HTTP/1.1",
        b"GET /notice/%00 HTTP/1.1", b"GET /p/../../etc/passwd HTTP/1.1",
        b"GET /api/search?q=" + b"%E6%95%B4" * 1500 + b" HTTP/1.1",
    ]
    with waitress_in_process(app, threads=2) as base:
        port = int(base.rsplit(":", 1)[1])
        for line in lines:
            status, body = raw_http(port, line)
            assert status in (400, 404), (line[:60], status, body[:200])
            assert hostile.problems(status, body) == [], line[:60]


def test_methods_other_than_get_are_405_not_500(warm_client: Any) -> None:
    for method in ("post", "put", "delete", "patch"):
        resp = getattr(warm_client, method)("/api/search?q=整改", data=b"x" * 100)
        assert resp.status_code == 405, (method, resp.status_code)
        assert hostile.problems(resp.status_code, resp.data) == []


# ---------------------------------------------------------------- engine exactness


def _paragraphs() -> dict[str, str]:
    """Seed paragraphs parsed independently of the index (the truth's universe)."""
    out: dict[str, str] = {}
    for f in sorted(SEEDS.glob("*.txt")):
        notice = parse_notice(SourceDoc(origin=f.name, text=f.read_text(encoding="utf-8")))
        out.update((p.id, p.text) for p in notice.paragraphs)
    return out


PARAGRAPHS = _paragraphs()
PARA_TEXTS = sorted(set(PARAGRAPHS.values()))
NORMS = {pid: normalize(text) for pid, text in PARAGRAPHS.items()}
_S2T = opencc.OpenCC("s2t")


@pytest.fixture(scope="module")
def corpus(index_dir: Path) -> Any:
    return Store(index_dir).corpus()


def _full_width(s: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" and rng.random() < 0.7
                   else "\u3000" if c == " " else c for c in s)


def _traditional(s: str, rng: random.Random) -> str:
    return "".join(_S2T.convert(c) if rng.random() < 0.7 else c for c in s)


@st.composite
def literal_queries(draw: st.DrawFn) -> tuple[str, str]:
    """(source substring, what the researcher types): a slice of a seed paragraph,
    sometimes in full-width and/or traditional characters."""
    text = draw(st.sampled_from(PARA_TEXTS))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    length = draw(st.integers(1, 16))
    sub = text[start:start + length]
    rng = random.Random(draw(st.integers(0, 2**32)))
    typed = sub
    if draw(st.booleans()):
        typed = _full_width(typed, rng)
    if draw(st.booleans()):
        typed = _traditional(typed, rng)
    return sub, typed


def _quotable(typed: str) -> bool:
    syntax = unicodedata.normalize("NFKC", typed)
    return bool(typed.strip()) and '"' not in syntax and not any(
        unicodedata.category(c) == "Cc" for c in typed)


def _engine_ids(corpus: Any, q: str) -> set[str]:
    """The engine's hit set: the mask ``search``/``iter_hits`` page through (snippets
    and ranking are skipped; they do not decide membership)."""
    hits = match(corpus, SearchParams.from_args({"q": q})).hits
    return {corpus.pids[r] for r in np.flatnonzero(hits).tolist()}


def _scan(typed: str) -> set[str]:
    needle = normalize(typed)
    return {pid for pid, norm in NORMS.items() if needle in norm}


@QUICK
@given(pair=literal_queries())
def test_exact_search_equals_a_literal_scan(corpus: Any, pair: tuple[str, str]) -> None:
    """For any slice of a seed paragraph, typed as-is, full-width or traditional, the
    engine's hit set (and its total) equals a literal scan of the normalized text,
    and always includes the paragraph the slice came from."""
    sub, typed = pair
    assume(_quotable(typed))
    q = f'"{typed}"'
    truth = _scan(typed)
    got = _engine_ids(corpus, q)
    assert got == truth, (typed, sorted(got ^ truth)[:5])
    hits = {h["paragraph_id"] for h in iter_hits(corpus, SearchParams.from_args({"q": q}),
                                                   with_text=False)} if len(truth) < 20 else got
    assert hits == truth
    params = SearchParams.from_args({"q": q, "sort": "newest", "per_page": "1"})
    total = search(corpus, params)["total"]["paragraphs"]
    assert total == len(truth)
    if normalize(typed) == normalize(sub):
        assert any(sub in PARAGRAPHS[pid] for pid in got)


@QUICK
@given(a=literal_queries(), b=literal_queries())
def test_boolean_queries_equal_set_algebra(corpus: Any, a: tuple[str, str],
                                           b: tuple[str, str]) -> None:
    """AND, OR and NOT over two literal terms equal intersection, union and difference
    of the two literal scans."""
    ta, tb = a[1], b[1]
    assume(_quotable(ta) and _quotable(tb))
    sa, sb = _scan(ta), _scan(tb)
    qa, qb = f'"{ta}"', f'"{tb}"'
    assert _engine_ids(corpus, f"{qa} {qb}") == sa & sb
    assert _engine_ids(corpus, f"{qa} OR {qb}") == sa | sb
    assert _engine_ids(corpus, f"{qa} NOT {qb}") == sa - sb
