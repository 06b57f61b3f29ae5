"""The derived cache is a function of the Whoosh index: the build's cache equals what
:func:`indexer.cache.derive` reads back, byte for byte, after a build and after an update
that deletes, adds and merges through Whoosh's writer; and update goes through
Whoosh's own write lock."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from analysis.layout import (
    CACHE_DIR,
    WHOOSH_DIR,
    current_generation,
    read_cache_state,
    segment_cache,
)
from indexer import cache
from indexer.build import build, update
from indexer.generations import BuildError
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"


def _assert_cache_is_derived(gen: Path, tmp: Path) -> list[str]:
    """Every segment's cache equals a fresh derivation from Whoosh; returns segment ids."""
    ix = whoosh_index.open_dir(str(gen / WHOOSH_DIR))
    with ix.reader() as reader:
        segments = cache.segments_of(reader)
        for sid, seg_reader in segments:
            fresh = tmp / sid
            cache.write_segment(fresh, cache.derive(seg_reader))
            kept = segment_cache(gen, sid)
            names = sorted(p.name for p in kept.iterdir())
            assert names == sorted(p.name for p in fresh.iterdir())
            different = [n for n in names if not filecmp.cmp(kept / n, fresh / n, shallow=False)]
            assert different == [], (sid, different)
    state = read_cache_state(gen)
    assert state is not None
    assert (state.toc, state.segments) == (ix.latest_generation(), [s for s, _ in segments])
    return [s for s, _ in segments]


def test_build_and_update_caches_equal_what_whoosh_gives_back(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    index = tmp_path / "index"
    build(data, index, procs=1, quiet=True)
    first = _assert_cache_is_derived(current_generation(index), tmp_path / "built")
    assert len(first) == 1

    (data / "000_cd99b975c353ef7b.txt").unlink()  # a deletion in the built segment
    (data / "new.txt").write_text((SEEDS / "004_84e8a1ac491c1977.txt").read_text(
        encoding="utf-8").replace("大鹏新区", "坪山新区"), encoding="utf-8")
    update(data, index, procs=1, quiet=True)
    second = _assert_cache_is_derived(current_generation(index), tmp_path / "updated")
    assert first[0] in second and len(second) == 2  # the built segment's cache is kept

    # Whoosh's merges (here: optimize) replace segments; complete() derives the merged
    # one, drops the caches of those merged away, and deletions are purged.
    gen = tmp_path / "optimized"
    shutil.copytree(current_generation(index), gen, copy_function=os.link)
    ix = whoosh_index.open_dir(str(gen / WHOOSH_DIR))
    ix.optimize()
    cache.complete(gen, ix)
    merged = _assert_cache_is_derived(gen, tmp_path / "merged")
    assert len(merged) == 1 and merged[0] not in second
    assert sorted(p.name for p in (gen / CACHE_DIR).iterdir() if p.is_dir()) == merged


def test_update_refuses_while_another_writer_holds_the_whoosh_lock(tmp_path):
    index = tmp_path / "index"
    build(SEEDS, index, procs=1, quiet=True)
    live = current_generation(index)
    writer = whoosh_index.open_dir(str(live / WHOOSH_DIR)).writer()
    try:
        with pytest.raises(BuildError) as caught:
            update(SEEDS, index, procs=1, quiet=True)
    finally:
        writer.cancel()
    assert "索引正被另一个写入程序锁定" in str(caught.value)
    assert "locked by another writer" in str(caught.value)
    assert current_generation(index) == live
    update(SEEDS, index, procs=1, quiet=True)  # released: the next update runs


def test_paragraph_ids_resolve_through_whoosh(tmp_path):
    """Permalinks: every live paragraph id resolves to its row, a deleted or unknown one
    (even one that is not valid UTF-8) to nothing."""
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    index = tmp_path / "index"
    build(data, index, procs=1, quiet=True)
    gone = {p for p in Store(index).corpus().pids if p.startswith(
        next(n.id for n in Store(index).corpus().notices
             if n.source_file == "000_cd99b975c353ef7b.txt"))}
    (data / "000_cd99b975c353ef7b.txt").unlink()
    update(data, index, procs=1, quiet=True)
    corpus = Store(index).corpus()
    live = [(row, pid) for row, pid in enumerate(corpus.pids) if corpus.alive[row]]
    assert all(corpus.row_of_pid.get(pid) == row for row, pid in live)
    assert gone and not any(pid in corpus.row_of_pid for pid in gone)
    for bad in ("", "nope", "\ud800", "x" * 5000):
        assert corpus.row_of_pid.get(bad) is None
