"""Build an index from ≥ 1,000 malformed, hostile and duplicate inputs and check the result.

    .venv/bin/python -m reliability.run_badinput [--n 1000] [--seed 0] [--big-mb 50]
                                                 [--no-hazards] [--skip KIND,...] [--keep DIR]

Why: the indexer's promise is that one bad file never costs the batch — the build
finishes, every rejected file is named with a reason, every good file is indexed
exactly once and the index answers afterwards. This script generates the corpus
(:mod:`reliability.badinput`, deterministic per ``--seed``, including one real
``--big-mb`` MB text file), runs ``python -m indexer build`` on it in a subprocess
(with a timeout and an address-space cap, because known bugs make some inputs hang
or eat memory) and prints: inputs tried, good notices indexed, rejections by
reason, duplicates, seconds, and every expectation that was not met.

Exit status 0 only when every expectation holds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from reliability import badinput
from reliability.harness import run_build


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m reliability.run_badinput", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="inputs to generate (at least)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--big-mb", type=float, default=50, help="size of the one huge text file")
    ap.add_argument("--no-hazards", action="store_true",
                    help="leave out inputs that hang or crash the build today (known bugs)")
    ap.add_argument("--skip", default="", help="comma-separated kinds to leave out")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before the build is "
                    "declared hung and killed")
    ap.add_argument("--mem-gb", type=float, default=8, help="address-space cap for the build")
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xunshi-badinput-"))
    try:
        t0 = time.monotonic()
        inputs = badinput.generate(root / "corpus", n=args.n, seed=args.seed,
                                   big_bytes=int(args.big_mb * 1_000_000),
                                   hazards=not args.no_hazards,
                                   skip=frozenset(filter(None, args.skip.split(","))))
        gen_s = time.monotonic() - t0
        hazards = sorted({i.kind for i in inputs.inputs if i.hazard})
        print(f"generated {len(inputs.inputs)} inputs ({len(inputs.kinds())} kinds) in "
              f"{gen_s:.1f} s under {inputs.root}; expecting {inputs.expected_notices} notices",
              file=sys.stderr)
        if hazards:
            print(f"includes known-bug inputs: {', '.join(hazards)}", file=sys.stderr)
        index = root / "index"
        run = run_build(inputs.data, index, procs=args.procs, timeout=args.timeout,
                        mem_bytes=int(args.mem_gb * 2**30))
        summary: dict[str, object] = {
            "inputs_tried": len(inputs.inputs), "kinds": len(inputs.kinds()),
            "seed": args.seed, "big_mb": args.big_mb, "hazards_included": hazards,
            "build_seconds": round(run.seconds, 1), "build_exit": run.returncode,
            "build_timed_out": run.timed_out,
        }
        report = run.report
        if run.timed_out or run.returncode != 0 or report is None:
            summary["ok"] = False
            summary["failure"] = ("build hung and was killed after "
                                  f"{args.timeout:.0f} s" if run.timed_out else
                                  f"build exited {run.returncode}")
            summary["stderr_tail"] = run.stderr[-3000:]
            _print(summary, args.json)
            return 1
        verdict = badinput.verify(inputs, report, index)
        summary.update({
            "ok": verdict.ok,
            "expected_notices": verdict.expected_notices,
            "good_indexed": verdict.indexed_notices,
            "good_found_by_marker": verdict.good_found,
            "rejected_total": sum(verdict.rejected.values()),
            "rejected_by_reason": dict(verdict.rejected.most_common()),
            "duplicates_reported": verdict.duplicates,
            "problems": verdict.problems,
        })
        _print(summary, args.json)
        return 0 if verdict.ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def _print(summary: dict[str, object], as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    for key, value in summary.items():
        if key == "rejected_by_reason":
            print("rejected by reason:")
            for reason, count in value.items():  # type: ignore[attr-defined]
                print(f"  {count:5d}  {reason}")
        elif key == "problems":
            print(f"problems: {len(value) or 'none'}")  # type: ignore[arg-type]
            for p in value:  # type: ignore[attr-defined]
                print(f"  - {p}")
        elif key == "stderr_tail":
            print("build stderr (tail):\n" + str(value))
        else:
            print(f"{key}: {value}")


if __name__ == "__main__":
    sys.exit(main())
