"""Where an index keeps its files: one definition for the writer and every reader.

Layout of an index folder::

    INDEX/current                 symlink to the live generation (swapped with os.replace)
    INDEX/gen-<stamp>-<pid>/      one complete generation:
        whoosh/                   the Whoosh index (one document per paragraph)
        seg-<k>.pkl               rows and notice metadata added by build/update k
        seg-<k>-notice_ids.json   the notices of segment k, for update's deletions
        seg-<k>-<array>.npy       arrays of segment k: bigram postings (exact matching),
                                  word postings (ranking), notice of each row, MinHash
                                  signatures (text reuse)
        reuse.npy                 near-copy cluster of every row
        manifest.json             format, files, notices, segments, deleted rows, report
    INDEX/.build.lock             flock: one writer at a time, a second gets a clear error
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FORMAT_VERSION = 8  # bump when the files of a generation change shape
MANIFEST = "manifest.json"
CURRENT = "current"
WHOOSH_DIR = "whoosh"
BUILD_LOCK = ".build.lock"


def current_generation(index_dir: Path) -> Path | None:
    """The live generation's folder, or None before the first build."""
    link = Path(index_dir) / CURRENT
    if not link.exists():
        return None
    return link.resolve()


def read_manifest(gen: Path) -> dict[str, Any]:
    return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
