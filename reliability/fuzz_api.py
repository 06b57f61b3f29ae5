"""Fuzz the HTTP API of a real ``make run`` server with ≥ 10,000 hostile requests.

    .venv/bin/python -m reliability.fuzz_api [--examples 10000] [--seed 0] [--index DIR]

Why: the quick property tests (tests/test_hostile.py) use Flask's test client and
~300 examples; this drives waitress itself on 127.0.0.1 — its request parsing, its
threads — with hypothesis-generated query strings, every API parameter (known and
unknown keys, repeated keys, numbers out of range, markup, control characters) and
notice/paragraph ids, then the fixed pathological and path-traversal cases and raw
non-UTF-8 bytes on the wire. Every response must be < 500, carry no trace, leak no
file, and a 400 for a > 1,000-character query must come back in < 100 ms.

Prints examples run, statuses, problems (with the URL to reproduce), and latency of
the 400s. Exit status 0 only without problems.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import time
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hyp_seed
from hypothesis import strategies as st

from reliability import hostile
from reliability.harness import raw_http, served_index

requests = st.one_of(
    st.tuples(st.sampled_from(hostile.SEARCH_PATHS), hostile.request_params).map(
        lambda t: hostile.search_url(*t)),
    hostile.query_strings.map(lambda q: hostile.search_url("/api/search", [("q", q)])),
    st.tuples(st.sampled_from(hostile.ID_ROUTES), hostile.ids).map(
        lambda t: hostile.id_url(*t)),
)

RAW_LINES = [
    b"GET /api/search?q=\xff\xfe HTTP/1.1", b"GET /api/search?q=\xe6\x95 HTTP/1.1",
    b"GET /notice/\xff HTTP/1.1", b"GET /p/\xc0\xaf\xc0\xaf HTTP/1.1",
    b"GET /api/search?q=\x00 HTTP/1.1", b"GET /p/../../etc/passwd HTTP/1.1",
    b"GET /static/../../etc/passwd HTTP/1.1", b"GET /notice/..\\..\\app.py HTTP/1.1",
]


class Client:
    """A keep-alive HTTP client that reconnects after errors."""

    def __init__(self, base: str):
        self.host, port = base.removeprefix("http://").split(":")
        self.port = int(port)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def get(self, url: str) -> tuple[int, bytes, str, float]:
        t0 = time.perf_counter()
        try:
            self.conn.request("GET", url)
            resp = self.conn.getresponse()
            body = resp.read()
            return (resp.status, body, resp.getheader("Content-Type") or "",
                    time.perf_counter() - t0)
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            return 0, repr(exc).encode(), "", time.perf_counter() - t0


class Tally:
    def __init__(self) -> None:
        self.count = 0
        self.statuses: Counter[int] = Counter()
        self.problems: list[str] = []
        self.slow_400: list[tuple[float, str]] = []
        self.max_400 = 0.0
        self.max_long = 0.0
        self.max_any = 0.0
        self.long_queries = 0
        self.retimed = 0

    def record(self, url: str, status: int, body: bytes, ctype: str, secs: float,
               long_query: bool = False, want: int | None = None) -> None:
        self.count += 1
        self.statuses[status] += 1
        self.max_any = max(self.max_any, secs)
        path = url.split("?")[0]
        found = hostile.problems(status, body, ctype, path) if status else ["transport error"]
        if want is not None and status != want:
            found.append(f"status {status}, expected {want}")
        if long_query:
            self.long_queries += 1
            self.max_long = max(self.max_long, secs)
            if status != 400:
                found.append(f"> 1,000-character query answered {status}")
            elif secs >= 0.1:
                found.append(f"> 1,000-character query took {secs * 1000:.0f} ms")
        if status == 400:
            self.max_400 = max(self.max_400, secs)
            if secs >= 0.1:
                self.slow_400.append((secs, url[:120]))
        for p in found:
            if len(self.problems) < 200:
                self.problems.append(f"{p}: GET {url[:300]}")


def _is_long(url: str) -> bool:
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    if parts.path not in hostile.SEARCH_PATHS:
        return False
    try:
        qs = parse_qs(parts.query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        return False
    return any(len(q) > 1000 for q in qs.get("q", [])[:1])


def run(base: str, examples: int, seed: int) -> Tally:
    tally = Tally()
    client = Client(base)
    client.get("/api/search?q=%E6%95%B4%E6%94%B9")  # warm up

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @hyp_seed(seed)
    @given(url=requests)
    def fuzz(url: str) -> None:
        status, body, ctype, secs = client.get(url)
        long_query = _is_long(url)
        if long_query and secs >= 0.1:
            # A shared machine stalls now and then: a slow rejection counts only if
            # it is slow again (best of three), i.e. slow by construction.
            tally.retimed += 1
            for _ in range(2):
                secs = min(secs, client.get(url)[3])
        tally.record(url, status, body, ctype, secs, long_query=long_query)

    fuzz()
    for _what, url, want in hostile.PATHOLOGICAL:
        status, body, ctype, secs = client.get(url)
        tally.record(url, status, body, ctype, secs, want=want)
    for url in hostile.TRAVERSAL:
        status, body, ctype, secs = client.get(url)
        tally.record(url, status, body, ctype, secs)
        if status not in (400, 404):
            tally.problems.append(f"traversal answered {status}: GET {url}")
    port = int(base.rsplit(":", 1)[1])
    for line in RAW_LINES:
        t0 = time.perf_counter()
        status, body = raw_http(port, line)
        tally.record(line.decode("latin-1"), status, body, "", time.perf_counter() - t0)
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reliability.fuzz_api", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--index", help="an existing index (default: build the seeds into a "
                    "temporary one)")
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    with served_index(args.index, args.threads, prefix="xunshi-fuzz-") as base:
        tally = run(base, args.examples, args.seed)
    secs = time.monotonic() - t0
    summary: dict[str, Any] = {
        "requests": tally.count,
        "hypothesis_examples": args.examples,
        "statuses": dict(sorted(tally.statuses.items())),
        "errors_5xx": sum(c for s, c in tally.statuses.items() if s >= 500 or s == 0),
        "long_queries": tally.long_queries,
        "long_queries_retimed": tally.retimed,
        "max_ms_400": round(tally.max_400 * 1000, 1),
        "max_ms_long_query": round(tally.max_long * 1000, 1),
        "max_ms_any": round(tally.max_any * 1000, 1),
        "seconds": round(secs, 1),
        "problems": len(tally.problems),
    }
    for k, v in summary.items():
        print(f"{k}: {v}")
    for p in tally.problems[:50]:
        print(f"  - {p}")
    if tally.slow_400:
        print("slowest 400s:", sorted(tally.slow_400, reverse=True)[:5])
    return 0 if not tally.problems else 1


if __name__ == "__main__":
    sys.exit(main())
