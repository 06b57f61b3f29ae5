"""Where an index keeps its files: one definition for the writer and every reader.

Layout of an index folder::

    INDEX/current                   symlink to the live generation (swapped with os.replace)
    INDEX/gen-<stamp>-<pid>/        one complete generation:
        whoosh/                     the Whoosh index, the generation's truth: one
                                    document per paragraph (analysis.schema); its
                                    segments, deletions, merges and write lock
        cache/                      derived from whoosh/ alone (indexer.cache):
            <segment id>/           per Whoosh segment, rows in Whoosh document order:
                pids|text|norm|vocab.pkl  string columns: paragraph ids, display and
                                      normalized text, the word ids' words
                meta.json             section paths, notice records, facet values
                <array>.npy           bigram and word postings, row columns, MinHash
            reuse.npy               near-copy cluster of every row of the generation
            state.json              the Whoosh generation and segments it was made for
        manifest.json               format, source files and notice hashes (what
                                    update compares), the last report
    INDEX/.build.lock               flock: one builder at a time, a second gets a clear error
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT_VERSION = 9  # bump when the files of a generation change shape
MANIFEST = "manifest.json"
CURRENT = "current"
WHOOSH_DIR = "whoosh"
CACHE_DIR = "cache"
CACHE_STATE = "state.json"
REUSE = "reuse.npy"
BUILD_LOCK = ".build.lock"
# Files of a segment's cache folder
STRING_COLUMNS = ("pids", "text", "norm", "vocab")  # <name>.pkl: one StringColumn each
ROW_ARRAYS = ("notice", "ordinal", "depth", "kind", "section")  # <name>.npy, per row
SEGMENT_META = "meta.json"  # section paths, notice records and their facet values


def current_generation(index_dir: Path) -> Path | None:
    """The live generation's folder, or None before the first build."""
    link = Path(index_dir) / CURRENT
    if not link.exists():
        return None
    return link.resolve()


def read_manifest(gen: Path) -> dict[str, Any]:
    return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))


def segment_cache(gen: Path, segment_id: str) -> Path:
    """The derived cache folder of one Whoosh segment."""
    return gen / CACHE_DIR / segment_id


@dataclass
class CacheState:
    """``cache/state.json``: which Whoosh generation and segments the cache was made for."""

    format: int
    toc: int  # Whoosh's generation number (its _MAIN_<n>.toc)
    segments: list[str] = field(default_factory=list)


def read_cache_state(gen: Path) -> CacheState | None:
    try:
        data = json.loads((gen / CACHE_DIR / CACHE_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return CacheState(**data)
