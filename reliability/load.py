"""Bounded load test of the ``make run`` server on loopback: throughput, p50/p99, errors.

    .venv/bin/python -m reliability.load [--seconds 60] [--concurrency 8] [--rate 0]
                                         [--index DIR] [--threads 8]

Why: researchers share one server; a page must stay fast while others search and
export. This starts the server exactly as ``make run`` does (``python -m waitress
--host=127.0.0.1 --port=<free> --threads=8 --call app:create_app`` with
``XUNSHI_INDEX=<index>``), drives it with a realistic mix — API and HTML searches
(single words, phrases, boolean queries, traditional script, filters, facets only,
later pages, grouping, 分词 mode), notice pages, permalinks, JSON notices and
paragraphs, small exports, and a few malformed queries that must be 400s — and
prints requests/s, latency percentiles and errors.

Two modes: closed loop (``--rate 0``, default: ``--concurrency`` clients send as
fast as answers come back — the server's capacity) or open loop (``--rate R``
requests/s on a fixed schedule, latency measured from the scheduled start so a
stalled server cannot hide queueing). Loopback only; it stops by itself after
``--seconds`` (≤ 110) plus a short warm-up, and stops the server.

Goal with the seed corpus: ≥ 50 requests/s for 60 s, p99 < 500 ms, 0 errors.
``--index`` points it at a bigger benchmark index.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from reliability.harness import served_index

MAX_SECONDS = 110  # hard cap on the measured period (plus ≤ 10 s warm-up): under 2 minutes

TERMS = ["整改", "巡视", "巡察", "八项规定", "形式主义", "官僚主义", "选人用人", "主体责任",
         "党风廉政建设", "意识形态", "“两个维护”", "问题线索", "整改落实", "民主生活会",
         "全面从严治党", "违规", "干部", "纪委", "巡視整改", "黨風廉政", "（一）", "2019年",
         "基层党组织", "专项整治", "四风", "扶贫", "问责", "不忘初心、牢记使命"]
QUERIES = [*TERMS, "形式主义 官僚主义", "八项规定 整改", "巡视 OR 巡察", "整改 NOT 回头看",
           "(党建 OR 党风) 整改", '"中央 八项规定"', "province:湖南 整改", "year:2019-2021 问题",
           "title:通报 整改", "section:八项规定", "kind:巡察 整改", "level:county 干部"]
BAD = ['"整改', "整改 OR", "( 整改", "year:abc"]
FILTERS = [{"province": "湖南"}, {"province": "黑龙江"}, {"province": "浙江", "year": "2021"},
           {"kind": "巡察"}, {"level": "county"}, {"flag": "回头看"}, {"year_from": "2019"},
           {"province": "广东", "city": "深圳"}]


@dataclass
class Sample:
    route: str
    status: int
    secs: float
    ok: bool


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, s: Sample, error: str = "") -> None:
        with self.lock:
            self.samples.append(s)
            if error:
                self.errors[error] += 1


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


class Mix:
    """Draws realistic requests; expected status per request (200, 302 or 400)."""

    def __init__(self, notice_ids: list[str], pids: list[str], seed: int):
        self.rng = random.Random(seed)
        self.notices = notice_ids
        self.pids = pids

    def next(self) -> tuple[str, str, int]:
        r, rng = self.rng.random(), self.rng
        q = rng.choice(QUERIES)
        if r < 0.40:
            params: dict[str, Any] = {"q": q}
            if rng.random() < 0.25:
                params["page"] = rng.randint(2, 3)
            if rng.random() < 0.2:
                params["sort"] = rng.choice(["newest", "oldest"])
            if rng.random() < 0.15:
                params.update(rng.choice(FILTERS))
            if rng.random() < 0.1:
                params["per_page"] = 50
            if rng.random() < 0.05:
                params["mode"] = "words"
            return "api_search", "/api/search?" + urlencode(params), 200
        if r < 0.60:
            params = {"q": q} | (rng.choice(FILTERS) if rng.random() < 0.3 else {})
            if rng.random() < 0.1:
                params["group"] = "1"
            return "page_search", "/?" + urlencode(params), 200
        if r < 0.67:
            return "facets_only", "/api/search?" + urlencode(rng.choice(FILTERS)), 200
        if r < 0.77:
            return "notice_page", f"/notice/{rng.choice(self.notices)}?" + urlencode(
                {"q": rng.choice(TERMS)}), 200
        if r < 0.83:
            return "api_notice", f"/api/notice/{rng.choice(self.notices)}", 200
        if r < 0.88:
            return "permalink", f"/p/{rng.choice(self.pids)}", 302
        if r < 0.93:
            return "api_paragraph", f"/api/paragraph/{rng.choice(self.pids)}", 200
        if r < 0.95:
            return "export", "/export.jsonl?" + urlencode(
                {"q": rng.choice(["八项规定", "问题线索", "民主生活会"])}), 200
        if r < 0.97:
            return "help", "/help", 200
        return "bad_query", "/api/search?" + urlencode({"q": rng.choice(BAD)}), 400


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def _one(conn: http.client.HTTPConnection, url: str) -> tuple[int, str]:
    conn.request("GET", url)
    resp = conn.getresponse()
    resp.read()
    return resp.status, ""


def _worker(port: int, mix: Mix, res: Results, stop: float, measure_from: float,
            schedule: list[float] | None, lock: threading.Lock) -> None:
    conn = _connect(port)
    while True:
        if schedule is not None:
            with lock:
                if not schedule:
                    break
                at = schedule.pop()
            delay = at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            start = at
        else:
            start = time.monotonic()
            if start >= stop:
                break
        with lock:
            route, url, want = mix.next()
        error = ""
        try:
            status, _ = _one(conn, url)
        except (OSError, http.client.HTTPException) as exc:
            status, error = 0, type(exc).__name__
            conn.close()
            conn = _connect(port)
        end = time.monotonic()
        if status != want and not error:
            error = f"{route}: status {status} (expected {want})"
        if start >= measure_from:
            res.add(Sample(route, status, end - start, not error), error)
    conn.close()


def run_load(base: str, seconds: float, concurrency: int, rate: float, warmup: float,
             seed: int = 0) -> Results:
    port = int(base.rsplit(":", 1)[1])
    conn = _connect(port)
    conn.request("GET", "/api/search?" + urlencode({"q": "", "per_page": 100}))
    first = json.loads(conn.getresponse().read())
    conn.close()
    notices = sorted({h["notice_id"] for h in first["hits"]})
    pids = [h["paragraph_id"] for h in first["hits"]]
    mix, res, lock = Mix(notices, pids, seed), Results(), threading.Lock()
    seconds = min(seconds, MAX_SECONDS)
    t0 = time.monotonic()
    measure_from = t0 + warmup
    stop = measure_from + seconds
    schedule = None
    if rate > 0:
        n = int(rate * (warmup + seconds))
        schedule = [t0 + i / rate for i in range(n)][::-1]  # pop() takes the earliest
        concurrency = max(concurrency, 32)  # enough clients that the schedule is kept
    threads = [threading.Thread(target=_worker, args=(port, mix, res, stop, measure_from,
                                                      schedule, lock), daemon=True)
               for _ in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=max(1.0, stop - time.monotonic() + 60))
    res.seconds = seconds
    return res


def summarize(res: Results) -> dict[str, Any]:
    lat = [s.secs for s in res.samples]
    by_route: dict[str, list[float]] = defaultdict(list)
    for s in res.samples:
        by_route[s.route].append(s.secs)
    return {
        "requests": len(res.samples),
        "requests_per_s": round(len(res.samples) / res.seconds, 1) if res.seconds else 0,
        "p50_ms": round(_pct(lat, 50) * 1000, 1),
        "p90_ms": round(_pct(lat, 90) * 1000, 1),
        "p99_ms": round(_pct(lat, 99) * 1000, 1),
        "max_ms": round(max(lat, default=0) * 1000, 1),
        "errors": sum(res.errors.values()),
        "error_kinds": dict(res.errors.most_common(10)),
        "statuses": dict(sorted(Counter(s.status for s in res.samples).items())),
        "routes": {r: {"n": len(v), "p50_ms": round(_pct(v, 50) * 1000, 1),
                       "p99_ms": round(_pct(v, 99) * 1000, 1)}
                   for r, v in sorted(by_route.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reliability.load", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60, help=f"measured period (≤ {MAX_SECONDS})")
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--concurrency", type=int, default=8, help="client connections")
    ap.add_argument("--rate", type=float, default=0,
                    help="open loop at this many requests/s (0: closed loop, as fast as possible)")
    ap.add_argument("--index", help="index folder (default: the seeds built into a temp folder)")
    ap.add_argument("--threads", type=int, default=8, help="waitress threads (make run: 8)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--goal-rps", type=float, default=50)
    ap.add_argument("--goal-p99-ms", type=float, default=500)
    args = ap.parse_args(argv)
    with served_index(args.index, args.threads, prefix="xunshi-load-") as base:
        res = run_load(base, args.seconds, args.concurrency, args.rate,
                       min(args.warmup, 10), args.seed)
    summary = summarize(res)
    summary["mode"] = f"open loop {args.rate:g}/s" if args.rate else (
        f"closed loop, {args.concurrency} clients")
    summary["seconds"] = res.seconds
    met = (summary["requests_per_s"] >= args.goal_rps and summary["p99_ms"] < args.goal_p99_ms
           and summary["errors"] == 0)
    summary["goal_met"] = met
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        for k, v in summary.items():
            if k == "routes":
                print("routes:")
                for r, s in v.items():
                    print(f"  {r:14s} n={s['n']:6d}  p50 {s['p50_ms']:7.1f} ms  "
                          f"p99 {s['p99_ms']:7.1f} ms")
            else:
                print(f"{k}: {v}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
