"""What the research features add to a build: figures extraction and text reuse.

The build does this work inside its worker processes, where it cannot be timed
apart from segmentation; here each step runs alone, on one core, over the same
parsed notices, so its share of the build can be stated.

    python -m bench.costs --notices 5000        # generates the benchmark corpus
    python -m bench.costs --corpus DIR          # or measures an existing folder
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from analysis.normalize import normalize
from indexer import reuse
from indexer.figures import extract_figures
from indexer.model import NotANotice, SourceDoc
from indexer.parse import parse_notice
from indexer.read import read_paths


def measure(corpus_dir: Path) -> dict[str, Any]:
    """Seconds for parsing, figure extraction, reuse signatures and reuse clustering."""
    t0 = time.perf_counter()
    notices = []
    for item in read_paths([corpus_dir], root=corpus_dir):
        if isinstance(item, SourceDoc):
            try:
                notices.append(parse_notice(item))
            except NotANotice:
                pass
    parse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    figures = sum(len(extract_figures(n)) for n in notices)
    figures_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    sigs, owners = [], []
    for i, n in enumerate(notices):
        for p in n.paragraphs:
            sigs.append(reuse.signature(normalize(p.text)) if p.kind != "heading"
                        else reuse.signature(""))
            owners.append(i)
    signatures_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    cluster = reuse.clusters(np.array(sigs, dtype=np.uint32).reshape(-1, reuse.PERMUTATIONS),
                             np.array(owners, dtype=np.int64))
    clusters_s = time.perf_counter() - t0
    return {"notices": len(notices), "paragraphs": len(sigs), "figures": figures,
            "reused_paragraphs": int((cluster >= 0).sum()),
            "clusters": len(np.unique(cluster[cluster >= 0])),
            "parse_s": parse_s, "figures_s": figures_s, "reuse_signatures_s": signatures_s,
            "reuse_clusters_s": clusters_s}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.costs", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notices", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", help="measure this folder instead of generating one")
    args = ap.parse_args(argv)
    if args.corpus:
        result = measure(Path(args.corpus))
    else:
        from bench.generate import generate

        with tempfile.TemporaryDirectory() as tmp:
            generate(args.notices, Path(tmp), args.seed)
            result = measure(Path(tmp))
    json.dump(result, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
