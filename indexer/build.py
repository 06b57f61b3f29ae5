"""Build and update the index: read → parse → normalize → write, then swap in atomically.

The files of an index folder are described in :mod:`analysis.layout`; generations,
locking and swaps in :mod:`indexer.generations`; the per-file work of the worker
processes in :mod:`indexer.worker`. A build
writes a new generation beside the live one and only then points ``current`` at
it, so a crash or a kill mid-build leaves the previous index serving; the next
build removes the debris. ``update`` hard-links the live generation's files into
a new one and appends a segment, so its cost is the changed notices, not the
corpus.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index

from analysis.columns import StringColumn
from analysis.layout import WHOOSH_DIR, current_generation, read_manifest
from analysis.postings import WordPostings, bigram_keys
from analysis.records import AnalysedNotice
from analysis.schema import make_schema
from indexer import reuse
from indexer.generations import (
    BuildError,
    build_lock,
    clean_debris,
    new_generation,
    swap,
    write_manifest,
)
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


# ---------------------------------------------------------------- writing

ROW_FIELDS = ("pid", "notice", "ordinal", "kind", "depth", "section", "text", "norm")


class SegmentBuilder:
    """Accumulates one segment's rows, notice metadata and postings as notices stream in.

    Rows are numbered in the order they reach the Whoosh writer, so a row number
    is also the Whoosh document number (builds commit one segment; updates append
    one with ``merge=False``).
    """

    def __init__(self) -> None:
        self.notices: list[dict[str, Any]] = []
        self.rows: dict[str, list] = {key: [] for key in ROW_FIELDS}
        self.sections: dict[tuple[str, ...], int] = {}
        self.vocab: dict[str, int] = {}
        self.word_rows = WordPostings(self.vocab)
        self.word_sections = WordPostings(self.vocab)
        self.word_titles = WordPostings(self.vocab)
        self.sigs: list[np.ndarray] = []

    def add(self, a: AnalysedNotice) -> None:
        n_idx = len(self.notices)
        self.notices.append(a.record)
        self.word_titles.add(n_idx, a.title_words)
        rows = self.rows
        for row in a.rows:
            sid = self.sections.get(row.section_path)
            if sid is None:
                sid = self.sections[row.section_path] = len(self.sections)
                self.word_sections.add(sid, row.section_words)
            self.word_rows.add(len(rows["pid"]), row.words)
            self.sigs.append(row.signature)
            for name in ROW_FIELDS:
                rows[name].append(n_idx if name == "notice" else sid if name == "section"
                                  else getattr(row, name))

    def __len__(self) -> int:
        return len(self.rows["pid"])

    def write(self, gen: Path, k: int, first_row: int) -> dict[str, int]:
        rows = self.rows
        stored = {
            "pid": rows["pid"],
            "notice": np.array(rows["notice"], dtype=np.int32),
            "ordinal": np.array(rows["ordinal"], dtype=np.int32),
            "depth": np.array(rows["depth"], dtype=np.int16),
            "section": np.array(rows["section"], dtype=np.int32),
            "kind": rows["kind"],
            # one string per column: unpickling 300k separate strings costs a second
            "text": StringColumn.from_strings(rows["text"]),
            "norm": StringColumn.from_strings(rows["norm"]),
        }
        with open(gen / f"seg-{k}.pkl", "wb") as fh:
            pickle.dump({"first_row": first_row,
                         "notices": [n.to_json() for n in self.notices], "rows": stored,
                         "vocab": self.vocab, "sections": list(self.sections)}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        (gen / f"seg-{k}-notice_ids.json").write_text(
            json.dumps([m.id for m in self.notices]), encoding="utf-8")
        arrays = {"notice": stored["notice"], "bigrams": bigram_keys(rows["norm"]),
                  "sigs": np.array(self.sigs, dtype=np.uint32).reshape(-1, reuse.PERMUTATIONS)}
        for name, wp in (("rows", self.word_rows), ("sections", self.word_sections),
                         ("titles", self.word_titles)):
            keys, tf, lengths = wp.finish()
            arrays[f"w{name}"], arrays[f"w{name}_tf"], arrays[f"w{name}_len"] = keys, tf, lengths
        for name, arr in arrays.items():
            _save_new(gen / f"seg-{k}-{name}.npy", arr)
        return {"k": k, "first_row": first_row, "rows": len(self)}


def _add_to_whoosh(writer, analysed: list[AnalysedNotice]) -> int:
    count = 0
    for a in analysed:
        m = a.record
        meta = {k: getattr(m, k) for k in STORED_META}
        for row in a.rows:
            writer.add_document(
                pid=row.pid, notice_id=m.id, ordinal=row.ordinal, kind=row.kind,
                words=row.words, title_words=a.title_words, section_words=row.section_words,
                text=row.text, section_path=list(row.section_path), meta=meta,
            )
            count += 1
    return count


STORED_META = ("title", "issuer", "province", "city", "county", "region_code", "level",
               "inspection_kind", "flags", "year", "published_date", "feedback_date",
               "inspection_start")


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
        segment = SegmentBuilder()

        kept: dict[str, dict[str, str]] = {}

        def sink(a: AnalysedNotice) -> None:
            report.paragraphs += _add_to_whoosh(writer, [a])
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
        seg_info = segment.write(gen, 0, 0)
        write_reuse(gen, [seg_info], set())
        report.notices = report.added = len(segment.notices)
        report.seconds = time.monotonic() - start
        report.generation = gen.name
        write_manifest(gen, {
            "segments": [seg_info],
            "deleted_rows": [], "files": file_info,
            "notices": kept,
            "report": asdict(report),
        })
        swap(index_dir, gen)
        clean_debris(index_dir)
        return report


def write_reuse(gen: Path, segments: list[dict], deleted_rows: set[int]) -> None:
    """Cluster near-copies across the whole generation (``reuse.npy``: cluster per row).

    Runs over every segment's signatures, so an update sees reuse between new and
    old notices; deleted rows take no part.
    """
    sigs, owners = [], []
    notice_base = 0
    for seg in segments:
        notice_of_row = np.load(gen / f"seg-{seg['k']}-notice.npy").astype(np.int64)
        sigs.append(np.load(gen / f"seg-{seg['k']}-sigs.npy"))
        owners.append(notice_of_row + notice_base)
        notice_base += int(notice_of_row.max()) + 1 if len(notice_of_row) else 0
    all_sigs = np.concatenate(sigs) if sigs else np.zeros((0, reuse.PERMUTATIONS), np.uint32)
    if deleted_rows:
        all_sigs = all_sigs.copy()
        all_sigs[sorted(deleted_rows)] = 0xFFFFFFFF
    cluster = reuse.clusters(all_sigs, np.concatenate(owners) if owners else np.zeros(0, int))
    _save_new(gen / "reuse.npy", cluster)


def _save_new(path: Path, array: np.ndarray) -> None:
    """Write ``path`` as a new file. An update hard-links the live generation's files
    into the new one; writing through such a link would change the live index."""
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


def update(data_dir: Path, index_dir: Path, procs: int | None = None,
           quiet: bool = False) -> BuildReport:
    """Bring the index in line with ``data_dir``: add new, re-index changed, drop deleted."""
    data_dir, index_dir = Path(data_dir).resolve(), Path(index_dir).resolve()
    if current_generation(index_dir) is None:
        return build(data_dir, index_dir, procs=procs, quiet=quiet)
    start = time.monotonic()
    procs = procs or min(2, os.cpu_count() or 1)
    with build_lock(index_dir):
        clean_debris(index_dir)
        live = current_generation(index_dir)
        assert live is not None
        manifest = read_manifest(live)
        report = BuildReport()
        files, list_errors = list_inputs(data_dir)
        report.errors.extend(list_errors)
        old_files: dict[str, dict] = manifest["files"]
        changed_files = []
        for f in files:
            info = old_files.get(origin_of(f, data_dir))
            if info is None or (file_stamp(f) != info.get("stamp")
                                and file_sha1(f, data_dir) != info["sha1"]):
                changed_files.append(f)
        current_origins = {origin_of(f, data_dir) for f in files}
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
        shutil.copytree(live, gen, dirs_exist_ok=True, copy_function=os.link)
        (gen / WHOOSH_DIR / "MAIN_WRITELOCK").unlink(missing_ok=True)
        ix = whoosh_index.open_dir(str(gen / WHOOSH_DIR))
        deleted_rows = set(manifest["deleted_rows"])
        segments = manifest["segments"]
        if to_delete:
            deleted_rows |= _rows_of_notices(gen, segments, to_delete)
        first_row = sum(s["rows"] for s in segments)
        writer = ix.writer()
        for nid in to_delete:
            writer.delete_by_term("notice_id", nid)
        added_rows = _add_to_whoosh(writer, to_add)
        writer.commit(merge=False)
        k = max(s["k"] for s in segments) + 1
        if to_add:
            segment = SegmentBuilder()
            for a in to_add:
                segment.add(a)
            assert len(segment) == added_rows
            segments = [*segments, segment.write(gen, k, first_row)]
        write_reuse(gen, segments, deleted_rows)
        notices = {nid: v for nid, v in old_notices.items() if nid in keep_ids}
        for a in to_add:
            notices[a.record.id] = _manifest_entry(a)
        files_info = {o: i for o, i in old_files.items() if o in current_origins}
        files_info.update(new_file_info)
        report.notices = len(notices)
        report.paragraphs = sum(s["rows"] for s in segments) - len(deleted_rows)
        report.seconds = time.monotonic() - start
        report.generation = gen.name
        write_manifest(gen, {"segments": segments, "deleted_rows": sorted(deleted_rows),
                              "files": files_info, "notices": notices,
                              "report": asdict(report)})
        swap(index_dir, gen)
        clean_debris(index_dir)
        return report


def _rows_of_notices(gen: Path, segments: list[dict], notice_ids: set[str]) -> set[int]:
    """Row numbers of the given notices (from the small per-segment files only)."""
    rows: set[int] = set()
    for seg in segments:
        ids = json.loads((gen / f"seg-{seg['k']}-notice_ids.json").read_text(encoding="utf-8"))
        wanted = np.array([i for i, nid in enumerate(ids) if nid in notice_ids], dtype=np.int64)
        if len(wanted):
            notice_of_row = np.load(gen / f"seg-{seg['k']}-notice.npy")
            rows.update((np.flatnonzero(np.isin(notice_of_row, wanted)) + seg["first_row"])
                        .tolist())
    return rows
