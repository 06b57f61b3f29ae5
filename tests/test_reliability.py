"""Reliability, quick versions: bad inputs, killed builds, concurrent builds, hot swaps.

The full-size runs are scripts in ``reliability/`` (see reliability/README.md):
``run_badinput`` (≥ 1,000 inputs, a real 50 MB file), ``kill_builds`` (20 trials).
Here: ~100 bad inputs of every kind, 3 kill trials, two builds at once, and a
rebuild swapped under a waitress server hammered by concurrent requests.

Tests run as root, so ``chmod 000`` cannot make a file unreadable; "unreadable"
inputs are a FIFO, a dangling symlink, a symlink loop and a folder named like a
file. Inputs that hang or crash a build today (known bugs, ``HAZARDS``) have
their own tests below, each run in a subprocess with a timeout and a memory cap.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

import indexer.read as reader
from indexer.build import build
from reliability import badinput
from reliability.harness import (
    BuildRun,
    leftovers,
    run_build,
    signature,
    start_build,
    waitress_in_process,
)
from reliability.kill_builds import make_data, run_trials

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "notices"
GOOD_SEED = SEEDS / "001_600e6c513e5b2d0c.txt"


# ---------------------------------------------------------------- bad input corpus


def test_bad_input_corpus_quick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """~100 inputs of every non-hazard kind: the build finishes, names every bad file
    with a reason, indexes every good notice once (found again by its marker), reports
    duplicates instead of indexing them, and never indexes script/attribute text or
    files reached through symlinks that leave the data folder.

    The 50 MB file of the full script is replaced by a 1.1 MB file with
    ``indexer.read.MAX_NOTICE_BYTES`` lowered to 1 MB (the fork-based workers inherit it)."""
    monkeypatch.setattr(reader, "MAX_NOTICE_BYTES", 1_000_000)
    inputs = badinput.generate(tmp_path / "corpus", n=100, seed=7, big_bytes=1_100_000,
                               hazards=False, max_lines=24)
    kinds = set(inputs.kinds())
    expected_kinds = set(badinput.all_kinds()) - set(badinput.HAZARDS)
    assert kinds == expected_kinds, f"missing kinds: {expected_kinds - kinds}"
    assert len(inputs.inputs) >= 100
    report = build(inputs.data, tmp_path / "index", procs=2, quiet=True)
    verdict = badinput.verify(inputs, asdict(report), tmp_path / "index")
    assert verdict.problems == []
    assert verdict.indexed_notices == inputs.expected_notices == report.notices
    assert sum(verdict.rejected.values()) == len(report.errors) > 40
    assert verdict.duplicates == sum(1 for i in inputs.inputs if i.expect == "duplicate") - len(
        {i.group for i in inputs.inputs if i.expect == "duplicate"})


def _fifo(data: Path, out: Path) -> None:
    os.mkfifo(data / "pipe.txt")


def _outside_fifo(data: Path, out: Path) -> None:
    os.mkfifo(out / "fifo")
    (data / "link.txt").symlink_to(out / "fifo")


def _dev_zero(data: Path, out: Path) -> None:
    (data / "zero.txt").symlink_to("/dev/zero")


def _gbk_name(data: Path, out: Path) -> None:
    name = os.path.join(os.fsencode(data), "公告".encode("gbk") + b".txt")
    with open(name, "wb") as fh:
        fh.write((SEEDS / "004_84e8a1ac491c1977.txt").read_bytes())


HANG_CAP = 300  # seconds; a hang detector, never a speed requirement
HAZARD_SETUPS = {"fifo": _fifo, "outside_fifo": _outside_fifo, "dev_zero": _dev_zero,
                 "gbk_name": _gbk_name}


@pytest.fixture(scope="module")
def hazard_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildRun]:
    """One good notice plus one hazardous entry per data folder, each built in a
    subprocess capped at 2 GiB. The time cap is only a hang detector (a FIFO or
    ``/dev/zero`` once blocked a build forever): it is minutes, so a slow, loaded
    machine never fails these tests; the four builds run in parallel so a real hang
    costs the cap once, not four times."""
    runs: dict[str, BuildRun] = {}

    def one(name: str) -> None:
        root = tmp_path_factory.mktemp(f"hazard-{name}")
        data, out = root / "data", root / "outside"
        data.mkdir()
        out.mkdir()
        shutil.copy(GOOD_SEED, data / "good.txt")
        HAZARD_SETUPS[name](data, out)
        runs[name] = run_build(data, root / "index", procs=1, timeout=HANG_CAP,
                               mem_bytes=2 * 2**30)

    threads = [threading.Thread(target=one, args=(name,)) for name in HAZARD_SETUPS]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return runs


def _survived(run: BuildRun, what: str, notices: int = 1) -> list[dict[str, str]]:
    assert not run.timed_out, f"BUG: build hung on {what} (killed after {HANG_CAP} s)"
    assert run.returncode == 0, f"BUG: build crashed on {what}: " + (
        run.stderr.strip().splitlines() or [""])[-1]
    assert run.report is not None
    assert run.report["notices"] >= notices
    return run.report["errors"]


def test_fifo_in_data_folder_is_rejected_not_hung(hazard_runs: dict[str, BuildRun]) -> None:
    """BUG (indexer/build.py ``_work_file``): it reads the whole file for the SHA-1
    *before* ``read_file`` checks that it is a regular file, so a FIFO blocks the
    build forever (``update`` does the same read). Expected: "pipe.txt: not a
    regular file" reported and the good notice indexed."""
    errors = _survived(hazard_runs["fifo"], "a FIFO")
    assert any(e["origin"] == "pipe.txt" for e in errors)


def test_symlink_to_outside_fifo_is_rejected_not_hung(hazard_runs: dict[str, BuildRun]) -> None:
    """BUG (same ``_work_file`` digest read): the outside-symlink check in
    ``read_file`` comes too late; a link to a FIFO outside the data folder hangs."""
    errors = _survived(hazard_runs["outside_fifo"], "a symlink to an outside FIFO")
    assert any(e["origin"] == "link.txt" and "outside" in e["reason"] for e in errors)


def test_symlink_to_dev_zero_is_rejected_without_reading(
        hazard_runs: dict[str, BuildRun]) -> None:
    """BUG (same ``_work_file`` digest read): a link to /dev/zero is read until the
    process runs out of memory (MemoryError under the 2 GiB cap here; without a cap
    it takes the machine's RAM). Expected: rejected as pointing outside."""
    errors = _survived(hazard_runs["dev_zero"], "a symlink to /dev/zero")
    assert any(e["origin"] == "zero.txt" and "outside" in e["reason"] for e in errors)


def test_non_utf8_file_name_does_not_crash_build(hazard_runs: dict[str, BuildRun]) -> None:
    """BUG (indexer/build.py ``_write_manifest``): a file name that is not valid UTF-8
    (GBK names unzipped from Windows archives) reaches the manifest as surrogate
    escapes and ``write_text(json.dumps(...), encoding="utf-8")`` raises
    UnicodeEncodeError, so the whole build fails. Expected: the build finishes and
    the file is either indexed or reported with a reason."""
    run = hazard_runs["gbk_name"]
    errors = _survived(run, "a GBK file name")
    assert run.report is not None
    assert run.report["notices"] == 2 or len(errors) == 1, (run.report["notices"], errors)


def test_paragraph_mentioning_copyright_is_not_dropped_as_furniture() -> None:
    """BUG (indexer/boilerplate.py ``furniture``): the whole-line furniture patterns
    (``©|版权所有|Copyright|ICP备|…|主办单位：``) are matched with ``.search`` anywhere
    in a line of any length, so a body paragraph that merely *mentions* 版权所有 is
    dropped as site furniture and never indexed (seed 001: 53 → 52 paragraphs), and
    exact-mode counts silently lose it. Expected: only short lines are furniture."""
    from indexer.model import SourceDoc
    from indexer.parse import parse_notice

    lines = GOOD_SEED.read_text(encoding="utf-8").split("\n")
    lines[2] += "同时，清理机关电脑中未经授权的版权所有软件12套，整改到位。"
    notice = parse_notice(SourceDoc(origin="x.txt", text="\n".join(lines)))
    assert any("版权所有软件12套" in p.text for p in notice.paragraphs)


def test_notice_saved_as_one_line_is_indexed() -> None:
    """BUG (same ``furniture`` patterns): a notice saved without line breaks (seed 002
    joined into one 18,142-character line) ends with "分享到:©…版权所有", so the whole
    line counts as furniture and the build rejects the file as "only site furniture".
    Found by ``run_badinput`` (kind ``one_line``, 3 of 1,000 inputs). Expected: indexed."""
    from indexer.model import SourceDoc
    from indexer.parse import parse_notice

    text = "".join((SEEDS / "002_5c2e2c6e6d9d9ed6.txt").read_text(encoding="utf-8").split("\n"))
    notice = parse_notice(SourceDoc(origin="one-line.txt", text=text))
    assert any("开发区党工委迅速部署" in p.text for p in notice.paragraphs)


# ---------------------------------------------------------------- crash safety


def test_killed_builds_leave_the_previous_index_serving(tmp_path: Path) -> None:
    """SIGKILL a build (process group, workers included) the moment its new generation
    appears, when its manifest is written, and right after the swap: the index answers
    every probe exactly like the old one (or, after the swap, like a fresh build of
    the new data), and the next build cleans up and is not blocked."""
    summary = run_trials(tmp_path, trials=3, variants=0, procs=1,
                         strategies=("gen_dir", "manifest", "swapped"), commands=("build",),
                         in_process=True)
    assert [t.problems for t in summary.trials] == [[], [], []], "\n".join(summary.lines())
    assert summary.survived == 3


def test_update_never_writes_into_the_live_generation(tmp_path: Path) -> None:
    """BUG (indexer/build.py ``update`` + ``write_reuse``): ``update`` hard-links every
    file of the live generation into the new one (``copytree(copy_function=os.link)``)
    and then ``np.save(gen / "reuse.npy", …)`` truncates and rewrites that *shared
    inode*, so the live generation's reuse.npy changes under running readers before
    the swap. Killed mid-write, the live index is left with a truncated reuse.npy
    (``kill_builds`` trial: "index unusable after the kill"); completed, the previous
    generation (kept for readers) no longer loads. Expected: files of a published
    generation never change (write to a temporary name and ``os.replace``)."""
    import hashlib

    from analysis.layout import current_generation
    from indexer.build import update
    from search.store import Corpus

    old, new = make_data(tmp_path, variants=0, seed=9)
    index = tmp_path / "index"
    build(old, index, procs=1, quiet=True)
    live = current_generation(index)
    assert live is not None
    before = {p.relative_to(live).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
              for p in sorted(live.rglob("*")) if p.is_file()}
    sig_before = signature(index)
    update(new, index, procs=1, quiet=True)
    assert current_generation(index) != live and live.is_dir()  # kept as "previous"
    after = {p.relative_to(live).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
             for p in sorted(live.rglob("*")) if p.is_file()}
    changed = sorted(k for k in before if after.get(k) != before[k])
    assert changed == [], f"update rewrote files of the live generation: {changed}"
    Corpus(live)  # a server (re)loading the previous generation must still work
    assert sig_before != signature(index)


def test_two_builds_at_once_one_fails_clearly(tmp_path: Path) -> None:
    """Two ``python -m indexer build`` processes on one index: exactly one exits 2 with
    the bilingual "another build" message; the other finishes and the index serves."""
    for variants in (4, 16):  # if one build finished before the other started, go bigger
        work = tmp_path / f"v{variants}"
        old, _ = make_data(work, variants=variants, seed=3)
        index = work / "index"
        procs = [start_build(old, index, procs=1) for _ in range(2)]
        outputs = [p.communicate(timeout=300) for p in procs]
        results = [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]
        codes = sorted(rc for rc, _, _ in results)
        if codes != [0, 0]:
            break
    assert codes == [0, 2], results
    loser = next(err for rc, _, err in results if rc == 2)
    assert "另一个索引构建正在进行" in loser and "another build or update is running" in loser
    winner = json.loads(next(out for rc, out, _ in results if rc == 0))
    assert winner["notices"] == 5 + variants
    assert leftovers(index) == []
    assert signature(index)["整改"]["total"]["notices"] == 5 + variants


# ---------------------------------------------------------------- hot swap under load

QUERIES = ("整改", "巡视", "八项规定", "province:湖南", "形式主义 官僚主义", "党")


def _expected(index: Path) -> dict[str, Any]:
    from search.engine import SearchParams, search
    from search.store import Store

    corpus = Store(index).corpus()
    out = {}
    for q in QUERIES:
        r = search(corpus, SearchParams.from_args({"q": q}))
        out[q] = json.loads(json.dumps({"total": r["total"], "facets": r["facets"]},
                                       ensure_ascii=False))
    return out


def test_rebuild_swaps_in_under_load_without_a_bad_response(tmp_path: Path) -> None:
    """Threads hammer /api/search on a waitress server (127.0.0.1, in-process) while a
    rebuild from a changed data folder is swapped in: every response is a 200 whose
    totals *and* facets equal the old or the new full answer (never a mix), a thread
    never goes back to old answers once it saw new ones, and every thread gets the new
    answers without a restart. (How soon is not asserted: the store looks for a new
    generation once a second, and a loaded machine must never fail this test; the cap
    below only detects a server that never switches.)"""
    from app import create_app

    old, new = make_data(tmp_path, variants=0, seed=5)
    index, ref = tmp_path / "index", tmp_path / "ref"
    build(old, index, procs=1, quiet=True)
    build(new, ref, procs=1, quiet=True)
    want_old, want_new = _expected(index), _expected(ref)
    assert all(want_old[q] != want_new[q] for q in ("整改", "形式主义 官僚主义"))

    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    records: list[tuple[int, float, str, int, str]] = []  # thread, start, q, status, which
    stop = threading.Event()
    lock = threading.Lock()

    def hammer(base: str, n: int) -> None:
        port = int(base.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = n
        while not stop.is_set():
            q = QUERIES[i % len(QUERIES)]
            i += 1
            t0 = time.monotonic()
            try:
                conn.request("GET", "/api/search?" + _qs(q))
                resp = conn.getresponse()
                body, status = resp.read(), resp.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    records.append((n, t0, q, 0, f"transport error {exc!r}"))
                continue
            which = "?"
            if status == 200:
                data = json.loads(body)
                got = {"total": data["total"], "facets": data["facets"]}
                which = "old" if got == want_old[q] else "new" if got == want_new[q] else "mix"
            with lock:
                records.append((n, t0, q, status, which))
        conn.close()

    with waitress_in_process(app, threads=8) as base:
        threads = [threading.Thread(target=hammer, args=(base, n)) for n in range(4)]
        for th in threads:
            th.start()
        # the rebuild's interpreter start alone takes seconds: plenty of old answers first
        run = run_build(new, index, procs=1, timeout=HANG_CAP)
        deadline = time.monotonic() + HANG_CAP  # hang detector only
        while run.returncode == 0 and time.monotonic() < deadline:
            with lock:
                switched = {r[0] for r in records if r[4] == "new"}
            if len(switched) == 4:
                break
            time.sleep(0.2)
        with lock:
            n_switched = len(records)
        while time.monotonic() < deadline:  # a few answers more after every thread switched
            with lock:
                if len(records) >= n_switched + 20:
                    break
            time.sleep(0.1)
        stop.set()
        for th in threads:
            th.join(timeout=30)
    assert run.returncode == 0, run.stderr[-1500:]
    assert len(records) > 50
    bad = [r for r in records if r[3] != 200 or r[4] not in ("old", "new")]
    assert bad == [], bad[:10]
    assert any(r[4] == "old" for r in records) and any(r[4] == "new" for r in records)
    for n in range(4):
        seq = [r[4] for r in sorted(records) if r[0] == n]
        first_new = seq.index("new") if "new" in seq else len(seq)
        assert "old" not in seq[first_new:], f"thread {n} went back to old answers"
        assert seq and seq[-1] == "new", f"thread {n} never got the new answers"


def _qs(q: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": q})
