"""Build and update the index: read → parse → analyse → write Whoosh → derive the cache.

The files of an index folder are described in :mod:`analysis.layout`; generations,
locking and swaps in :mod:`indexer.generations`; the per-file work of the worker
processes in :mod:`indexer.worker`; the derived arrays in :mod:`indexer.cache`.

A build writes a new generation: one Whoosh document per paragraph through
Whoosh's writer, committed as one segment, and that segment's cache assembled from
the same rows. ``update`` hard-links the live generation into a new one, deletes the
changed and removed notices and adds the new versions through Whoosh's writer (its
segments, deletions and merges), and derives the cache of the segments the commit
created. Both finish by pointing ``current`` at the new generation.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.writing import IndexWriter

from analysis.layout import MANIFEST, WHOOSH_DIR, current_generation, read_manifest
from analysis.records import AnalysedNotice
from analysis.schema import make_schema, notice_columns
from indexer import cache
from indexer.generations import (
    BuildError,
    build_lock,
    clean_debris,
    new_generation,
    swap,
    write_manifest,
)
from indexer.overrides import overrides_report, stale_sources
from indexer.read import origin_of
from indexer.worker import file_sha1, file_stamp, list_inputs, run_workers


@dataclass
class BuildReport:
    notices: int = 0
    paragraphs: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    generation: str = ""

    def summary(self) -> str:
        return (f"{self.notices} 篇通报 / notices, {self.paragraphs} 段 / paragraphs; "
                f"added {self.added}, updated {self.updated}, removed {self.removed}, "
                f"unchanged {self.unchanged}; {len(self.errors)} rejected, "
                f"{len(self.duplicates)} duplicates; {self.seconds:.1f} s")


def add_to_whoosh(writer: IndexWriter, a: AnalysedNotice) -> int:
    """One Whoosh document per paragraph; the notice's record on its first one."""
    columns = notice_columns(a.record)
    for i, row in enumerate(a.rows):
        writer.add_document(
            pid=row.pid, notice_id=a.record.id, text=row.text,
            section_path=list(row.section_path), ordinal=row.ordinal, depth=row.depth,
            kind=row.kind, words=row.words, section_words=row.section_words,
            title_words=a.title_words, **columns,
            **({"notice": a.record.to_json()} if i == 0 else {}))
    return len(a.rows)


def _progress_bar(total: int, label: str, quiet: bool) -> tuple[Callable[[int], None], Callable]:
    if quiet or total == 0:
        return (lambda n: None), (lambda: None)
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="file", file=sys.stderr, dynamic_ncols=True)
    return bar.update, bar.close


def _manifest_entry(a: AnalysedNotice) -> dict[str, str]:
    """What update needs to know about an indexed notice: is it still the same text?"""
    return {"hash": a.content_hash, "source_file": a.record.source_file}


def _collect(results: Iterable[tuple[str, str, list[int], list, list]], report: BuildReport,
             seen_hashes: dict[str, str], sink: Callable[[AnalysedNotice], None]
             ) -> dict[str, dict]:
    """Pass each good, first-seen notice to ``sink`` as it arrives; record errors and
    duplicates. Streaming lets the writer work while the workers segment the next files."""
    files: dict[str, dict] = {}
    ids_seen: set[str] = set()
    for origin, digest, stamp, notices, errors in results:
        report.errors.extend(errors)
        kept = []
        for a in notices:
            nid, h = a.record.id, a.content_hash
            if h in seen_hashes and seen_hashes[h] != nid:
                report.duplicates.append({"origin": a.record.source_file,
                                          "duplicate_of": seen_hashes[h]})
                continue
            if nid in ids_seen:
                report.duplicates.append({"origin": a.record.source_file,
                                          "duplicate_of": nid})
                continue
            seen_hashes[h] = nid
            ids_seen.add(nid)
            kept.append(nid)
            sink(a)
        files[origin] = {"sha1": digest, "stamp": stamp, "notices": kept}
    return files


def build(data_dir: Path, index_dir: Path, procs: int | None = None,
          quiet: bool = False) -> BuildReport:
    """Full rebuild of ``index_dir`` from every file below ``data_dir``."""
    start = time.monotonic()
    # Resolved paths: generations are compared with the resolved `current` target.
    data_dir, index_dir = Path(data_dir).resolve(), Path(index_dir).resolve()
    if not data_dir.is_dir():
        raise BuildError(f"数据目录不存在 / data folder not found: {data_dir}")
    procs = procs or min(2, os.cpu_count() or 1)
    with build_lock(index_dir):
        clean_debris(index_dir)
        report = BuildReport()
        files, list_errors = list_inputs(data_dir)
        report.errors.extend(list_errors)
        gen = new_generation(index_dir)
        (gen / WHOOSH_DIR).mkdir()
        ix = whoosh_index.create_in(str(gen / WHOOSH_DIR), make_schema())
        writer = ix.writer(limitmb=256)
        segment = cache.SegmentBuilder()
        kept: dict[str, dict[str, str]] = {}

        def sink(a: AnalysedNotice) -> None:
            report.paragraphs += add_to_whoosh(writer, a)
            segment.add(a)
            kept[a.record.id] = _manifest_entry(a)

        tick, close = _progress_bar(len(files), "解析索引 parse+index", quiet)
        try:
            file_info = _collect(run_workers(files, data_dir, procs, tick), report, {}, sink)
        except BaseException:
            writer.cancel()
            raise
        finally:
            close()
        if not quiet:
            print("合并写入 / committing the index …", file=sys.stderr)
        writer.commit(optimize=True)
        cache.complete(gen, ix, _built_segment(ix, segment))
        report.notices = report.added = len(kept)
        override_errors, override_state = overrides_report(
            data_dir, [(nid, v["source_file"]) for nid, v in kept.items()])
        report.errors.extend(override_errors)
        report.seconds = time.monotonic() - start
        report.generation = gen.name
        write_manifest(gen, {"files": file_info, "notices": kept, "overrides": override_state,
                             "report": asdict(report)})
        swap(index_dir, gen)
        clean_debris(index_dir)
        return report


def _built_segment(ix: Index, segment: cache.SegmentBuilder) -> dict[str, cache.SegmentData]:
    """The build's one segment, matched to the segment Whoosh committed: the rows went
    to the writer in this order, so they are its document numbers."""
    with ix.reader() as reader:
        segments = cache.segments_of(reader)
        if not segments:
            return {}
        (sid, seg_reader), = segments
        docs = seg_reader.doc_count_all()
        if docs != len(segment) or any(seg_reader.stored_fields(d)["pid"] != segment.pids[d]
                                       for d in {0, docs - 1}):
            raise RuntimeError(f"Whoosh segment {sid} does not hold the rows in the order "
                               "they were written; rebuild with `make build`")
    return {sid: segment.finish()}


def update(data_dir: Path, index_dir: Path, procs: int | None = None,
           quiet: bool = False) -> BuildReport:
    """Bring the index in line with ``data_dir``: add new, re-index changed, drop deleted."""
    data_dir, index_dir = Path(data_dir).resolve(), Path(index_dir).resolve()
    if current_generation(index_dir) is None:
        return build(data_dir, index_dir, procs=procs, quiet=quiet)
    start = time.monotonic()
    procs = procs or min(2, os.cpu_count() or 1)
    with build_lock(index_dir), ExitStack() as stack:
        clean_debris(index_dir)
        live = current_generation(index_dir)
        assert live is not None
        manifest = read_manifest(live)
        stack.enter_context(whoosh_write_lock(live))
        report = BuildReport()
        files, list_errors = list_inputs(data_dir)
        report.errors.extend(list_errors)
        old_files: dict[str, dict] = manifest["files"]
        changed_files = []
        overridden = stale_sources(data_dir, manifest)  # notices whose overrides changed
        for f in files:
            info = old_files.get(origin_of(f, data_dir))
            if info is None or origin_of(f, data_dir) in overridden or (
                    file_stamp(f) != info.get("stamp")
                    and file_sha1(f, data_dir) != info["sha1"]):
                changed_files.append(f)
        current_origins = {origin_of(f, data_dir) for f in files}
        # Files rejected before and not read again are still rejected: keep saying why.
        unread = current_origins - {origin_of(f, data_dir) for f in changed_files}
        report.errors.extend(e for e in manifest["report"]["errors"]
                             if e["origin"].split("#row-", 1)[0] in unread)
        tick, close = _progress_bar(len(changed_files), "解析 parse", quiet)
        seen = {v["hash"]: k for k, v in manifest["notices"].items()}
        analyzed_all: list[AnalysedNotice] = []
        try:
            new_file_info = _collect(run_workers(changed_files, data_dir, procs, tick),
                                     report, seen, analyzed_all.append)
        finally:
            close()
        old_notices: dict[str, dict] = manifest["notices"]
        # notices that disappear: from deleted files, or no longer in a changed file
        keep_ids = {nid for origin, info in old_files.items()
                    if origin in current_origins and origin not in new_file_info
                    for nid in info["notices"]}
        to_add, to_delete = [], set()
        for a in analyzed_all:
            nid = a.record.id
            old = old_notices.get(nid)
            if old and old["hash"] == a.content_hash:
                report.unchanged += 1
                keep_ids.add(nid)
                continue
            if old:
                to_delete.add(nid)
                report.updated += 1
            else:
                report.added += 1
            to_add.append(a)
            keep_ids.add(nid)
        for nid in old_notices:
            if nid not in keep_ids:
                to_delete.add(nid)
                report.removed += 1
        gen = new_generation(index_dir)
        ix = _linked_copy(live, gen)
        writer = ix.writer()
        try:
            for nid in sorted(to_delete):
                writer.delete_by_term("notice_id", nid)
            for a in to_add:
                add_to_whoosh(writer, a)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()  # Whoosh's own merge policy: small segments merge
        cache.complete(gen, ix)
        notices = {nid: v for nid, v in old_notices.items() if nid in keep_ids}
        for a in to_add:
            notices[a.record.id] = _manifest_entry(a)
        files_info = {o: i for o, i in old_files.items() if o in current_origins}
        files_info.update(new_file_info)
        report.notices = len(notices)
        report.paragraphs = ix.doc_count()
        override_errors, override_state = overrides_report(
            data_dir, [(nid, v["source_file"]) for nid, v in notices.items()])
        report.errors.extend(override_errors)
        report.seconds = time.monotonic() - start
        report.generation = gen.name
        write_manifest(gen, {"files": files_info, "notices": notices,
                             "overrides": override_state, "report": asdict(report)})
        swap(index_dir, gen)
        clean_debris(index_dir)
        return report


@contextmanager
def whoosh_write_lock(gen: Path) -> Iterator[None]:
    """Hold the Whoosh index's own write lock while a new generation is derived from it:
    a Whoosh writer open on the live index (another tool, a stuck process) would
    change what is being copied, so update refuses to start instead."""
    lock = whoosh_index.open_dir(str(gen / WHOOSH_DIR)).lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        raise BuildError(
            f"索引正被另一个写入程序锁定 / the Whoosh index {gen.name} is locked by another "
            "writer; wait for it to finish (or stop it) and run the update again")
    try:
        yield
    finally:
        lock.release()


def _linked_copy(live: Path, gen: Path) -> Index:
    """``gen`` as a copy of ``live`` made of hard links (Whoosh segments and cache files
    never change once written; Whoosh writes new segments and a new table of
    contents). Lock files belong to their folder and are not copied."""
    shutil.copytree(live, gen, dirs_exist_ok=True, copy_function=os.link,
                    ignore=shutil.ignore_patterns("*_LOCK", "*_WRITELOCK"))
    return whoosh_index.open_dir(str(gen / WHOOSH_DIR))


def regenerate_cache(index_dir: Path, quiet: bool = False) -> Path:
    """Derive the live generation's cache again from its Whoosh index alone, into a new
    generation that is swapped in like a build (``python -m indexer cache``)."""
    index_dir = Path(index_dir).resolve()
    with build_lock(index_dir):
        clean_debris(index_dir)
        live = current_generation(index_dir)
        if live is None:
            raise BuildError(f"没有可用的索引 / no index at {index_dir}: run a build first")
        gen = new_generation(index_dir)
        (gen / WHOOSH_DIR).mkdir()
        for name in os.listdir(live / WHOOSH_DIR):
            if not name.endswith("LOCK"):
                os.link(live / WHOOSH_DIR / name, gen / WHOOSH_DIR / name)
        if not quiet:
            print("从 Whoosh 索引重建缓存 / deriving the cache from the Whoosh index …",
                  file=sys.stderr)
        cache.complete(gen, whoosh_index.open_dir(str(gen / WHOOSH_DIR)))
        shutil.copy2(live / MANIFEST, gen / MANIFEST)
        swap(index_dir, gen)
        clean_debris(index_dir)
        return gen
