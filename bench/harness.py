"""The benchmark: one run, one machine, one corpus, every number the targets need.

``bench/run`` calls :func:`main`. Steps, in order (the update step changes the
index, so it comes last):

1. generate N notices (``bench.generate``) in the formats the reader accepts;
2. build them with this project's ``python -m indexer build`` as a subprocess:
   wall time, paragraphs/s, index size, peak RSS (``wait4``: largest process;
   plus the sampled sum over the build's process tree);
3. the floor: jieba alone (``cut_for_search``, user dictionary loaded, one core)
   over the same normalized paragraph texts; the ratio build/floor;
4. build the other engines over the same rows (Groonga and tantivy, the anchors,
   in two configurations each; the naive Whoosh design; FTS5), then run the fixed
   query mix on every engine, interleaved (one warm-up, then R rounds), uncached
   and cached (``bench.searching``): p50/p95/p99, the ratio to this project,
   recall/precision of each engine's complete hit set against the literal truth,
   and whether its totals and facet counts equal the truth's;
5. the edge probes: every engine's hit set against the literal truth;
6. decompose: where this project's uncached time goes (``bench.decompose``);
7. cold start: a fresh process opens the Store and answers one query;
8. HTTP: waitress started exactly like ``make run``, bounded concurrent load;
9. incremental update: one new notice file, ``python -m indexer update``.

Results go to ``bench/out/results-<date>.json`` and ``.md`` and are printed as a
table. Nothing here asserts on time: targets are reported as met or not.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench import costs as research_costs
from bench import groonga_engine, tantivy_engine
from bench.decompose import step_decompose
from bench.engines import (
    Engine,
    Fts5Trigram,
    LiteralScan,
    Rows,
    WhooshNaive,
    Xunshi,
    dir_size,
    free_port,
)
from bench.generate import generate, write_extra_notice
from bench.queries import EDGE_PROBES, BenchQuery, query_mix
from bench.report import render, targets
from bench.searching import ENGINES, log, percentile, step_probes, step_search

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
DEFAULT_NOTICES = 5000
PY = sys.executable


class Scrubber:
    """Keeps machine paths out of everything written for the README."""

    def __init__(self) -> None:
        self.paths: list[tuple[str, str]] = [(str(ROOT), "<repo>")]

    def add(self, path: Path, label: str) -> None:
        self.paths.insert(0, (str(path.resolve()), label))
        self.paths.insert(0, (str(path), label))

    def __call__(self, text: str) -> str:
        for real, label in self.paths:
            text = text.replace(real, label)
        return text


SCRUB = Scrubber()


# ---------------------------------------------------------------- machine


def code_fingerprint() -> dict[str, str]:
    """SHA-1 of every engine source file (indexer/, search/, app.py), by relative path.

    Other people edit the engine while a long run is going; comparing the
    fingerprint at the start and the end says whether one run mixed two versions.
    """
    files = sorted([*ROOT.glob("indexer/**/*.py"), *ROOT.glob("indexer/**/*.txt"),
                    *ROOT.glob("search/**/*.py"), *ROOT.glob("app.py")])
    out: dict[str, str] = {}
    for f in files:
        with contextlib.suppress(OSError):
            out[f.relative_to(ROOT).as_posix()] = hashlib.sha1(f.read_bytes()).hexdigest()
    return out


def _short_fingerprint(files: dict[str, str]) -> str:
    return hashlib.sha1(json.dumps(files, sort_keys=True).encode()).hexdigest()[:12]



def machine_info() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "cpu": cpu,
            "cores": os.cpu_count() or 1, "ram_gib": round(ram / 2**30, 1),
            "python": platform.python_version(), "platform": platform.system(),
            "load": [round(x, 2) for x in os.getloadavg()]}


# ---------------------------------------------------------------- subprocess measurement


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, resident bytes) for every process we can see."""
    page = os.sysconf("SC_PAGE_SIZE")
    table: dict[int, tuple[int, int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                data = fh.read().decode("latin-1")
        except OSError:
            continue
        rest = data[data.rfind(")") + 2:].split()
        with contextlib.suppress(ValueError, IndexError):
            table[int(entry.name)] = (int(rest[1]), int(rest[21]) * page)
    return table


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants right now."""
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += table.get(pid, (0, 0))[1]
        stack.extend(children.get(pid, []))
    return total


@dataclass
class Measured:
    wall: float
    returncode: int
    stdout: str
    stderr: str
    maxrss: int  # bytes: largest single process of the tree (wait4 / RUSAGE_CHILDREN rule)
    tree_peak: int  # bytes: largest sampled sum over the process tree


def run_measured(cmd: list[str], env: dict[str, str] | None = None,
                 interval: float = 0.2) -> Measured:
    """Run ``cmd`` from the repo root; wall time, exit code, output and memory peaks.

    ``os.wait4`` gives the child's ``ru_maxrss``, which on Linux is the largest
    RSS of the child *or any descendant it reaped* (the build's worker pool), i.e.
    the biggest single process. A sampler thread adds up the whole tree, because
    two workers plus the writer are what the machine actually has to hold.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, tree_rss(proc.pid))
                stop.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(wall, proc.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), usage.ru_maxrss * 1024, peak)


def _tail(text: str, width: int = 200) -> str:
    """The last line of a traceback (the exception), on one line, for a table cell."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    last = SCRUB(lines[-1]) if lines else "no output"
    return last if len(last) <= width else last[:width - 1] + "…"


# ---------------------------------------------------------------- steps


def step_build(corpus_dir: Path, index_dir: Path) -> dict[str, Any]:
    if index_dir.exists():
        shutil.rmtree(index_dir)
    cmd = [PY, "-m", "indexer", "build", "--data", str(corpus_dir), "--index", str(index_dir),
           "--quiet", "--json"]
    m = run_measured(cmd)
    if m.returncode != 0:
        raise RuntimeError(f"indexer build failed ({m.returncode}): {_tail(m.stderr)}")
    report = json.loads(m.stdout)
    gen = (index_dir / "current").resolve()
    return {"wall_s": m.wall, "paragraphs": report["paragraphs"], "notices": report["notices"],
            "paragraphs_per_s": report["paragraphs"] / m.wall if m.wall else 0.0,
            "index_bytes": dir_size(gen), "peak_rss_bytes": m.maxrss,
            "tree_peak_rss_bytes": m.tree_peak, "rejected": len(report["errors"]),
            "duplicates": len(report["duplicates"]), "builder_seconds": report["seconds"]}


def step_floor(rows: Rows) -> dict[str, Any]:
    """jieba alone over the normalized paragraph texts: what tokenizing costs on one core."""
    import jieba

    from analysis.words import words

    words("")  # jieba's dictionary and the project's user dictionary, loaded untimed
    norms = rows.norms
    t0 = time.perf_counter()
    count = 0
    for s in norms:
        for _ in jieba.cut_for_search(s):
            count += 1
    seconds = time.perf_counter() - t0
    chars = sum(len(s) for s in norms)
    return {"seconds": seconds, "paragraphs": len(norms), "chars": chars, "words": count,
            "chars_per_s": chars / seconds if seconds else 0.0}


def parse_agreement(corpus: Any, manifest: list[dict]) -> dict[str, Any]:
    """How many generated notices the index holds, and whether it read their metadata back."""
    by_origin = {(m["file"] if m["row"] is None else f"{m['file']}#row-{m['row']}"): m
                 for m in manifest}
    fields = ("province", "city", "county", "level", "kind", "year")
    agree = dict.fromkeys(fields, 0)
    found = 0
    for n in corpus.notices:
        m = by_origin.get(n.source_file)
        if m is None:
            continue
        found += 1
        for f in fields:
            ours = getattr(n, "inspection_kind" if f == "kind" else f)
            agree[f] += int((ours or "") == (m[f] or "") if f != "year" else ours == m[f])
    return {"generated": len(manifest), "indexed": found,
            "agreement": {f: (agree[f] / found if found else 0.0) for f in fields}}


def step_cold(index_dir: Path, runs: int, q: str = "整改") -> dict[str, Any]:
    """Fresh process → Store → one query; timed from spawn to the printed answer."""
    walls: list[float] = []
    parts: list[dict[str, Any]] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([PY, "-m", "bench.cold", "--index", str(index_dir), "--q", q],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        wall = time.perf_counter() - t0
        _, err = proc.communicate()
        if proc.returncode != 0 or not line.strip():
            return {"status": f"failed: {_tail(err)}", "runs": []}
        walls.append(wall)
        parts.append(json.loads(line))
    return {"status": "ok", "query": q, "runs": [round(w, 3) for w in walls],
            "median_s": float(np.median(walls)), "max_s": max(walls),
            "import_s": float(np.median([p["import_s"] for p in parts])),
            "open_s": float(np.median([p["open_s"] for p in parts])),
            "query_s": float(np.median([p["query_s"] for p in parts]))}


def _vm_field(pid: int, key: str) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _get(port: int, url: str, timeout: float = 60.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", url)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def step_http(index_dir: Path, queries: list[BenchQuery], seconds: float, threads: int,
              max_requests: int, start_timeout: float = 180.0) -> dict[str, Any]:
    """Load ``/api/search`` on a server started exactly like ``make run`` does."""
    if seconds <= 0:
        return {"status": "skipped: --http-seconds 0"}
    if not (ROOT / "app.py").exists():
        return {"status": "skipped: app not available"}
    port = free_port()
    env = os.environ | {"XUNSHI_INDEX": str(index_dir.resolve())}
    cmd = [PY, "-m", "waitress", "--host=127.0.0.1", f"--port={port}", "--threads=8",
           "--call", "app:create_app"]
    urls = ["/api/search?" + urllib.parse.urlencode(q.params(), doseq=True) for q in queries]
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            return _load(server, port, urls, t0, seconds, threads, max_requests, start_timeout,
                         err)
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def _load(server: subprocess.Popen, port: int, urls: list[str], t0: float, seconds: float,
          threads: int, max_requests: int, start_timeout: float, err: Any) -> dict[str, Any]:
    ready = None
    last = "no answer"
    while time.perf_counter() - t0 < start_timeout:
        if server.poll() is not None:
            err.seek(0)
            return {"status": "failed: server exited: "
                    + _tail(err.read().decode("utf-8", "replace"))}
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, body = _get(port, urls[0])
            if status == 200:
                ready = time.perf_counter() - t0
                break
            last = f"HTTP {status} {_tail(body.decode('utf-8', 'replace'), 120)}"
            # A 503 is "index missing or unreadable": give a swap in progress a moment only.
            if status != 503 or time.perf_counter() - t0 > 15:
                return {"status": f"failed: first request answered {last}"}
        time.sleep(0.2)
    if ready is None:
        return {"status": f"failed: no answer within {start_timeout:.0f} s ({last})"}
    for url in urls:  # the warm-up round, as in the search step: one request per query
        with contextlib.suppress(OSError, http.client.HTTPException):
            _get(port, url)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    issued = [0]
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = offset
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    break
                issued[0] += 1
            url = urls[i % len(urls)]
            i += 1
            t = time.perf_counter()
            try:
                conn.request("GET", url)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
                reason = f"HTTP {resp.status}"
            except (OSError, http.client.HTTPException) as exc:
                ok, reason = False, type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                if ok:
                    latencies.append((time.perf_counter() - t) * 1000)
                else:
                    errors.append(reason)
        conn.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=client, args=(k * 3,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    hwm, rss = _vm_field(server.pid, "VmHWM"), _vm_field(server.pid, "VmRSS")
    done = len(latencies) + len(errors)
    error_kinds: dict[str, int] = {}
    for e in errors:
        error_kinds[e] = error_kinds.get(e, 0) + 1
    return {"status": "ok", "threads": threads, "seconds": elapsed, "requests": done,
            "max_requests": max_requests, "rps": len(latencies) / elapsed if elapsed else 0.0,
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
            "errors": len(errors), "error_kinds": error_kinds, "start_to_first_answer_s": ready,
            "server_vmhwm_bytes": hwm, "server_vmrss_bytes": rss}


def step_update(corpus_dir: Path, index_dir: Path, work: Path, notices: int,
                seed: int) -> dict[str, Any]:
    """Copy the corpus, add one new notice file, ``python -m indexer update`` the big index."""
    copy = work / "corpus-plus-one"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(corpus_dir, copy)
    path, meta = write_extra_notice(copy, notices, seed)
    cmd = [PY, "-m", "indexer", "update", "--data", str(copy), "--index", str(index_dir),
           "--quiet", "--json"]
    m = run_measured(cmd)
    if m.returncode != 0:
        return {"status": f"failed: {_tail(m.stderr)}"}
    report = json.loads(m.stdout)
    return {"status": "ok", "wall_s": m.wall, "added": report["added"],
            "updated": report["updated"], "removed": report["removed"],
            "notices_after": report["notices"], "paragraphs_added": meta["paragraphs"],
            "builder_seconds": report["seconds"], "peak_rss_bytes": m.maxrss,
            "file": path.name}


# ---------------------------------------------------------------- main


@contextlib.contextmanager
def _stage(name: str, timings: dict[str, float]) -> Iterator[None]:
    log(f"{name} …")
    t0 = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - t0
    log(f"{name} done in {timings[name]:.1f} s")


def _engines(rows: Rows, corpus: Any, work: Path, timings: dict[str, float],
             stack: contextlib.ExitStack) -> tuple[dict[str, Engine], dict[str, dict[str, Any]]]:
    """Build every other engine over the same rows; open all of them (closed by ``stack``)."""
    builds: dict[str, dict[str, Any]] = {}
    with _stage("naive whoosh build", timings):
        wdir = work / "whoosh-naive"
        builds["whoosh-naive"] = {"seconds": WhooshNaive.build(rows, wdir),
                                  "bytes": dir_size(wdir)}
    with _stage("fts5 build", timings):
        db = work / "fts5.sqlite"
        builds["fts5-trigram"] = {"seconds": Fts5Trigram.build(rows, db),
                                  "bytes": db.stat().st_size}
    for config in groonga_engine.CONFIGS:
        with _stage(f"{config} build", timings):
            builds[config] = {"seconds": groonga_engine.build(rows, work / config, config),
                              "bytes": dir_size(work / config)}
    for config in tantivy_engine.CONFIGS:
        with _stage(f"{config} build", timings):
            builds[config] = {"seconds": tantivy_engine.build(rows, work / config, config),
                              "bytes": dir_size(work / config)}
    naive, fts5 = WhooshNaive(wdir, rows), Fts5Trigram(db, rows)
    stack.callback(naive.close)
    stack.callback(fts5.close)
    engines: dict[str, Engine] = {"xunshi": Xunshi(corpus),
                                  "xunshi-nocache": Xunshi(corpus, clear_caches=True),
                                  "whoosh-naive": naive, "fts5-trigram": fts5,
                                  "literal-scan": LiteralScan(rows)}
    for config in groonga_engine.CONFIGS:
        for cached in (False, True):
            engine = groonga_engine.Groonga(config, work / config, cached=cached)
            stack.callback(engine.close)
            engines[engine.name] = engine
    for config in tantivy_engine.CONFIGS:
        engines[config] = tantivy_engine.Tantivy(config, work / config, rows)
    assert set(engines) == set(ENGINES)
    return engines, builds


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every step on one corpus; returns the results dict (also written to ``--out``)."""
    from search.store import Store

    out = Path(args.out)
    work = Path(args.workdir) if args.workdir else out / f"work-n{args.notices}-s{args.seed}"
    SCRUB.add(work, "<work>")
    SCRUB.add(out, "<out>")
    corpus_dir, index_dir = work / "corpus", work / "index"
    work.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    code_before = code_fingerprint()
    res: dict[str, Any] = {"machine": machine_info() | {"code": _short_fingerprint(code_before)},
                           "settings": {"notices": args.notices, "seed": args.seed,
                                        "reps": args.reps, "http_seconds": args.http_seconds,
                                        "http_threads": args.http_threads,
                                        "http_max_requests": args.http_max_requests,
                                        "cold_runs": args.cold_runs},
                           "stage_seconds": timings}
    with _stage("generate", timings):
        manifest = generate(args.notices, corpus_dir, args.seed)
    with _stage("build", timings):
        res["build"] = step_build(corpus_dir, index_dir)
    corpus = Store(index_dir).corpus()
    rows = Rows.from_corpus(corpus)
    formats: dict[str, int] = {}
    for mrow in manifest:
        formats[mrow["fmt"]] = formats.get(mrow["fmt"], 0) + 1
    res["corpus"] = {"notices": args.notices, "seed": args.seed,
                     "files": len({mrow["file"] for mrow in manifest}), "paragraphs": len(rows),
                     "formats": formats, "parse": parse_agreement(corpus, manifest)}
    with _stage("jieba floor", timings):
        res["floor"] = step_floor(rows)
    with _stage("research costs", timings):
        res["research_costs"] = research_costs.measure(corpus_dir)
    with contextlib.ExitStack() as stack:
        engines, builds = _engines(rows, corpus, work, timings, stack)
        queries = query_mix(manifest)
        with _stage("search", timings):
            per_query, summary = step_search(engines, queries, args.reps)
        res["search"] = {"reps": args.reps, "queries": per_query, "summary": summary,
                         "builds": builds}
        with _stage("edge probes", timings):
            probe_rows, probe_summary = step_probes(engines, list(EDGE_PROBES))
        res["probes"] = {"probes": probe_rows, "summary": probe_summary}
    with _stage("decompose", timings):
        res["decompose"] = step_decompose(corpus, queries, args.reps)
    with _stage("cold start", timings):
        res["cold"] = step_cold(index_dir, args.cold_runs)
    with _stage("http", timings):
        res["http"] = step_http(index_dir, queries, args.http_seconds, args.http_threads,
                                args.http_max_requests)
    with _stage("update", timings):
        res["update"] = step_update(corpus_dir, index_dir, work, args.notices, args.seed)
    code_after = code_fingerprint()
    res["machine"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
    res["code_changed_during_run"] = sorted(
        f for f in set(code_before) | set(code_after) if code_before.get(f) != code_after.get(f))
    res["targets"] = targets(res)
    write_outputs(res, out, args.notices)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return res


def write_outputs(res: dict[str, Any], out: Path, notices: int) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    stem = f"results-{dt.date.today().isoformat()}"
    if notices != DEFAULT_NOTICES:
        stem += f"-n{notices}"
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    json_path.write_text(SCRUB(json.dumps(res, ensure_ascii=False, indent=1)) + "\n",
                         encoding="utf-8")
    md_path.write_text(SCRUB(render(res, markdown=True)), encoding="utf-8")
    res["outputs"] = {"json": json_path.name, "markdown": md_path.name}
    return json_path, md_path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--notices", type=int, default=DEFAULT_NOTICES,
                   help=f"corpus size (default {DEFAULT_NOTICES}; 200 for a quick look)")
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--reps", type=int, default=5, help="timed rounds per query (default 5)")
    p.add_argument("--cold-runs", type=int, default=3, help="cold-start processes (default 3)")
    p.add_argument("--http-seconds", type=float, default=30.0,
                   help="HTTP load duration; 0 skips the step (default 30)")
    p.add_argument("--http-threads", type=int, default=8, help="client threads (default 8)")
    p.add_argument("--http-max-requests", type=int, default=20000,
                   help="upper bound on HTTP requests (default 20000)")
    p.add_argument("--out", default=str(OUT), help="results folder (default bench/out)")
    p.add_argument("--workdir", default=None,
                   help="corpus and indexes (default <out>/work-n<N>-s<seed>)")
    p.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    return p.parse_args(argv)


def main(argv: list[str] | None = None, printer: Callable[[str], None] = print) -> int:
    args = parse_args(argv)
    res = run(args)
    printer(SCRUB(render(res)))
    printer(f"written: bench/out/{res['outputs']['json']} and {res['outputs']['markdown']}"
            if Path(args.out).resolve() == OUT.resolve()
            else f"written: {res['outputs']['json']} and {res['outputs']['markdown']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
