"""Generations of an index folder: one builder at a time, atomic swaps, no debris.

A build or update writes a new generation beside the live one (:mod:`analysis.layout`)
and only then points ``current`` at it, so a crash or a kill mid-build leaves the
previous index serving; the next build removes the debris. The previous generation
is kept for readers still on it.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.layout import BUILD_LOCK, CURRENT, FORMAT_VERSION, MANIFEST, current_generation


class BuildError(RuntimeError):
    """A build that could not run at all (lock held, no input, bad folder)."""


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    lock_path = index_dir / BUILD_LOCK
    fh = open(lock_path, "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        holder = fh.read().strip() or "?"
        fh.close()
        raise BuildError(
            f"另一个索引构建正在进行 / another build or update is running on {index_dir} "
            f"(process {holder}); wait for it to finish and try again") from None
    fh.seek(0)
    fh.truncate()
    fh.write(str(os.getpid()))
    fh.flush()
    try:
        yield
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def new_generation(index_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    gen = index_dir / f"gen-{stamp}-{os.getpid()}"
    gen.mkdir(parents=True)
    return gen


def swap(index_dir: Path, gen: Path) -> None:
    """Point ``current`` at ``gen`` atomically (rename of a symlink is atomic)."""
    tmp = index_dir / f".current-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(gen.name)
    os.replace(tmp, index_dir / CURRENT)


def clean_debris(index_dir: Path) -> None:
    """Remove generations left by crashed builds and all but the previous one."""
    live = current_generation(index_dir)
    gens = sorted(p.resolve() for p in index_dir.glob("gen-*") if p.is_dir())
    keep = {live}
    older = [g for g in gens if g != live and live and g.name < live.name]
    if older:
        keep.add(older[-1])  # the previous generation, for readers still on it
    for g in gens:
        if g not in keep:
            shutil.rmtree(g, ignore_errors=True)
    for tmp in index_dir.glob(".current-*"):
        tmp.unlink(missing_ok=True)


def write_manifest(gen: Path, data: dict[str, Any]) -> None:
    data = {"version": FORMAT_VERSION, "created": datetime.now(UTC).isoformat()} | data
    tmp = gen / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, gen / MANIFEST)
