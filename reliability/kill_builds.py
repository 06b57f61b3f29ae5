"""Kill index builds with SIGKILL at random and at chosen points; check nothing breaks.

    .venv/bin/python -m reliability.kill_builds [--trials 20] [--seed 0] [--variants 24]

Why: ``indexer build`` and ``update`` write a new generation beside the live one and
swap the ``current`` symlink only at the end, so a crash, an OOM kill or a power
cut at any moment must leave the previous index serving exactly the same results,
and the next build must clean up after it. Each trial here:

1. starts a build (or an update) of a *changed* data folder on a live index, in its
   own process group (workers included);
2. kills the group with SIGKILL — after a random delay, or the moment the new
   generation folder appears, its Whoosh segment is being written, its manifest
   appears, or ``current`` has been swapped (cleanup pending);
3. checks that the index still opens and answers every probe query exactly like
   the old index (killed before the swap) or exactly like a fresh build of the
   changed data (killed after it) — never an error, never a mix;
4. runs a normal build of the original data: it must not be blocked by a stale
   lock, must leave no generations beyond ``current`` + the previous one and no
   ``.current-*`` temporary links, and must serve the original results again.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reliability.badinput import Seeds
from reliability.harness import (
    SEEDS,
    generations,
    kill_group,
    leftovers,
    run_build,
    signature,
    start_build,
)

STRATEGIES = ("random", "gen_dir", "whoosh", "manifest", "swapped")


@dataclass
class Trial:
    n: int
    command: str
    strategy: str
    delay: float  # seconds after start when the kill was sent
    phase: str = ""  # what the killed build had got to
    served: str = ""  # old | new | broken
    ok: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass
class KillSummary:
    trials: list[Trial] = field(default_factory=list)
    build_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def survived(self) -> int:
        return sum(t.ok for t in self.trials)

    def lines(self) -> list[str]:
        out = [f"trials: {len(self.trials)}, survived: {self.survived}, "
               f"full build of the changed data: {self.build_seconds:.1f} s, "
               f"total {self.seconds:.0f} s",
               "served after the kill: " + ", ".join(
                   f"{k} {v}" for k, v in Counter(t.served for t in self.trials).items()),
               "phase at the kill: " + ", ".join(
                   f"{k} {v}" for k, v in Counter(t.phase for t in self.trials).items())]
        for t in self.trials:
            out.append(f"  #{t.n:02d} {t.command:6s} {t.strategy:8s} kill at {t.delay:5.2f} s  "
                       f"{t.phase:32s} served {t.served:6s} {'ok' if t.ok else 'FAILED'}")
            out.extend(f"       - {p}" for p in t.problems)
        return out


def make_data(root: Path, variants: int, seed: int, max_lines: int | None = None
              ) -> tuple[Path, Path]:
    """Two data folders: ``old`` (seeds + variants) and ``new`` (two notices added,
    one edited, one removed), so every probe can tell the two indexes apart."""
    rng = random.Random(seed)
    seeds = Seeds(max_lines=max_lines)
    old, new = root / "data-old", root / "data-new"
    for d in (old, new):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, old / p.name)
    for i in range(variants):
        (old / f"v{i:03d}.txt").write_text(seeds.variant(rng, f"KB{i:05d}"), encoding="utf-8")
    shutil.copytree(old, new, dirs_exist_ok=True)
    for i in range(variants, variants + 2):
        (new / f"v{i:03d}.txt").write_text(seeds.variant(rng, f"KB{i:05d}"), encoding="utf-8")
    edited = new / "001_600e6c513e5b2d0c.txt"
    heading = "一、组织整改落实情况"
    added = "新增段落：整改工作形式主义官僚主义问题专项治理（改动）。"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace(heading, f"{heading}\n{added}", 1), encoding="utf-8")
    if variants:
        (new / "v000.txt").unlink()
    return old, new


def _live_files(index: Path) -> tuple[set[str], int | None]:
    """Whoosh file names and the manifest inode of the live generation: an update
    hard-links both into its new generation, so "new" means not among these."""
    try:
        live = (index / "current").resolve(strict=True)
        return ({p.name for p in (live / "whoosh").iterdir()},
                (live / "manifest.json").stat().st_ino)
    except OSError:
        return set(), None


def _progress(gen: Path, live: tuple[set[str], int | None]) -> str:
    """How far a (killed or running) build got with its new generation ``gen``."""
    try:
        manifest = gen / "manifest.json"
        if manifest.exists() and manifest.stat().st_ino != live[1]:
            return "manifest"
        whoosh = gen / "whoosh"
        if whoosh.is_dir() and any(p.suffix == ".seg" and p.name not in live[0]
                                   for p in whoosh.iterdir()):
            return "whoosh"
    except OSError:
        pass
    return "gen_dir"


_PHASES = {
    "gen_dir": "new generation incomplete",
    "whoosh": "whoosh segment written",
    "manifest": "manifest written, not swapped",
}


def _scan(index: Path, before: set[str], live: tuple[set[str], int | None]) -> str:
    """What the killed build had got to."""
    fresh = [index / g for g in generations(index) if g not in before]
    link = os.readlink(index / "current") if (index / "current").is_symlink() else ""
    if not fresh:
        return "before the new generation"
    gen = fresh[-1]
    if link == gen.name:
        return "swapped (cleanup pending/done)"
    return _PHASES[_progress(gen, live)]


def _wait_for(proc: subprocess.Popen[str], index: Path, before: set[str], strategy: str,
              live: tuple[set[str], int | None], deadline: float) -> None:
    """Poll (≈1 ms) until the build reaches the point ``strategy`` kills at."""
    link0 = os.readlink(index / "current") if (index / "current").is_symlink() else ""
    order = ("gen_dir", "whoosh", "manifest")
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if strategy == "swapped":
                if os.readlink(index / "current") != link0:
                    return
            else:
                fresh = [g for g in generations(index) if g not in before]
                if fresh and order.index(_progress(index / fresh[-1], live)) >= order.index(
                        strategy):
                    return
        except OSError:
            pass  # a folder vanished between listing and looking: look again
        time.sleep(0.001)


def _build_now(data: Path, index: Path, procs: int, in_process: bool) -> float:
    """A build that must succeed; in-process skips the interpreter start (quick tests)."""
    t0 = time.monotonic()
    if in_process:
        from indexer.build import build

        build(data, index, procs=procs, quiet=True)
    else:
        run = run_build(data, index, procs=procs)
        if run.returncode != 0:
            raise RuntimeError(f"build of {data} failed: {run.stderr[-2000:]}")
    return time.monotonic() - t0


def run_trials(work: Path, trials: int = 20, seed: int = 0, variants: int = 24,
               procs: int = 2, max_lines: int | None = None,
               strategies: tuple[str, ...] = STRATEGIES,
               commands: tuple[str, ...] = ("build", "update"), in_process: bool = False,
               log: bool = False) -> KillSummary:
    """Run ``trials`` kill trials in ``work`` and return what happened in each.

    The killed builds are always subprocesses; ``in_process`` runs the builds that
    must succeed (initial, reference, clean-up) in this process to save time."""
    t_start = time.monotonic()
    rng = random.Random(seed)
    old, new = make_data(work, variants, seed, max_lines)
    index, ref = work / "index", work / "ref-new"
    for path in (index, ref):
        if path.exists():
            shutil.rmtree(path)
    _build_now(old, index, procs, in_process)
    _build_now(new, ref, procs, in_process)
    sig_old, sig_new = signature(index), signature(ref)
    if sig_old == sig_new:
        raise RuntimeError("old and new data give the same results; the test would be blind")
    # how long a killed build would run to completion (interpreter start included)
    span = (max(run_build(new, work / "timing", procs=procs).seconds, 0.5)
            if "random" in strategies else 30.0)
    summary = KillSummary(build_seconds=span)
    for n in range(1, trials + 1):
        strategy = strategies[(n - 1) % len(strategies)]
        command = commands[(n - 1) % len(commands)]
        before = set(generations(index))
        live = _live_files(index)
        t0 = time.monotonic()
        proc = start_build(new, index, procs=procs, command=command)
        if strategy == "random":
            time.sleep(rng.uniform(0.0, span * 1.05))
        else:
            _wait_for(proc, index, before, strategy, live, t0 + span * 3 + 10)
        delay = time.monotonic() - t0
        finished_first = proc.poll() is not None
        kill_group(proc)
        proc.communicate()
        trial = Trial(n, command, strategy, delay)
        trial.phase = _scan(index, before, live)
        if finished_first:
            trial.phase = "finished before the kill"
        try:
            sig = signature(index)
            trial.served = "old" if sig == sig_old else "new" if sig == sig_new else "mixed"
        except Exception as exc:  # the promise is that this never happens
            trial.served = "broken"
            trial.problems.append(f"index unusable after the kill: {type(exc).__name__}: {exc}")
        if trial.served == "mixed":
            trial.problems.append("results match neither the old nor the new index")
        if trial.phase.startswith("swapped") or trial.phase.startswith("finished"):
            if trial.served != "new":
                trial.problems.append(f"current was swapped but {trial.served} results served")
        elif trial.served != "old":
            trial.problems.append(f"killed before the swap but {trial.served} results served")
        # the next build must run (no stale lock), clean up and serve the old data again
        try:
            _build_now(old, index, procs, in_process)
        except Exception as exc:
            trial.problems.append(f"next build failed: {type(exc).__name__}: {exc}")
        else:
            trial.problems.extend(leftovers(index))
            if signature(index) != sig_old:
                trial.problems.append("rebuild of the old data does not serve the old results")
        trial.ok = not trial.problems
        summary.trials.append(trial)
        if log:
            print(summary.lines()[-1 - len(trial.problems)], file=sys.stderr, flush=True)
    summary.seconds = time.monotonic() - t_start
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reliability.kill_builds", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variants", type=int, default=24,
                    help="extra notices besides the seeds (a longer build, more kill points)")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xunshi-kill-"))
    try:
        summary = run_trials(work, args.trials, args.seed, args.variants, args.procs, log=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(summary.lines()))
    return 0 if summary.survived == len(summary.trials) else 1


if __name__ == "__main__":
    sys.exit(main())
