"""The work done per input file, in worker processes: read → parse → analyse.

Each worker reads one file, parses its notices and turns each into an
:class:`~analysis.records.AnalysedNotice` — every paragraph normalized once,
segmented by jieba once, its MinHash signature taken — so the single Whoosh writer
in the main process only adds documents.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from analysis.normalize import normalize
from analysis.records import AnalysedNotice, NoticeRecord, Row
from analysis.words import normalized_words
from indexer import reuse
from indexer.figures import extract_figures, figures_summary
from indexer.model import InputError, NotANotice, Notice
from indexer.overrides import apply_overrides, override_stamp, overrides_for
from indexer.parse import parse_notice
from indexer.read import list_files, origin_of, read_file, safe_to_read

_WORDS_MEMO: dict[str, str] = {}
_WORDS_MEMO_MAX = 200_000


def _joined_words(norm: str) -> str:
    """Space-joined jieba words of normalized text, memoized per worker: headings,
    closing lines and copied boilerplate recur across notices, and segmenting is the
    costliest step."""
    joined = _WORDS_MEMO.get(norm)
    if joined is None:
        if len(_WORDS_MEMO) >= _WORDS_MEMO_MAX:
            _WORDS_MEMO.clear()
        joined = _WORDS_MEMO[norm] = " ".join(normalized_words(norm))
    return joined


def analyse(notice: Notice) -> AnalysedNotice:
    """Everything the index needs from one parsed notice, each paragraph normalized
    and segmented once; runs in worker processes."""
    found = extract_figures(notice)
    rows = []
    for p in notice.paragraphs:
        norm = normalize(p.text)
        path = tuple(p.section_path)
        rows.append(Row(
            pid=p.id, ordinal=p.ordinal, kind=p.kind, depth=p.depth, section_path=path,
            text=p.text, norm=norm, words=_joined_words(norm),
            section_words=_joined_words(normalize(" ".join(path))),
            signature=reuse.row_signature(p.kind, norm)))
    # content identity: what a reader would call the same notice, and its corrections
    # (data/overrides.csv), so that changing either re-indexes it
    body = "\n".join(r.norm for r in rows) + override_stamp(notice)
    digest = hashlib.sha1(body.encode("utf-8")).hexdigest()
    return AnalysedNotice(record=NoticeRecord.of(notice, found, figures_summary(found)),
                          title_words=_joined_words(normalize(notice.title)), rows=rows,
                          content_hash=digest)


def file_sha1(path: Path, root: Path | None) -> str:
    """Content hash for update's change detection; "" for anything unsafe to open."""
    if not safe_to_read(path, root):
        return ""
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def file_stamp(path: Path) -> list[int]:
    """Size and modification time: an unchanged stamp lets update skip hashing the file."""
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


def work_file(args: tuple[str, str | None]) -> tuple[str, str, list[int], list[AnalysedNotice],
                                                       list[dict]]:
    """Read, parse and analyze one file: (origin, sha1, stamp, analyzed notices, errors)."""
    path_s, root_s = args
    path, root = Path(path_s), Path(root_s) if root_s else None
    stamp, digest = file_stamp(path), file_sha1(path, root)
    docs, errors = read_file(path, root)
    out, errs = [], [asdict(e) for e in errors]
    for doc in docs:
        try:
            out.append(analyse(apply_overrides(parse_notice(doc), overrides_for(root))))
        except NotANotice as exc:
            errs.append({"origin": doc.origin, "reason": f"not a notice: {exc}"})
        except Exception as exc:  # a parser bug must not lose the rest of the batch
            errs.append({"origin": doc.origin, "reason": f"parser failed: {exc!r}"})
    origin = origin_of(path, root)
    return origin, digest, stamp, out, errs


def list_inputs(data_dir: Path) -> tuple[list[Path], list[dict[str, str]]]:
    """Input files below ``data_dir`` in a stable order, plus read errors for the rest."""
    files: list[Path] = []
    errors: list[dict[str, str]] = []
    for item in list_files([data_dir], root=data_dir):
        if isinstance(item, InputError):
            errors.append(asdict(item))
        else:
            files.append(item)
    return files, errors


def run_workers(files: list[Path], root: Path, procs: int, progress: Callable[[int], None] | None
                 ) -> Iterator[tuple[str, str, list[int], list, list]]:
    args = [(str(f), str(root)) for f in files]
    if procs <= 1 or len(files) < 4:
        for a in args:
            yield work_file(a)
            if progress:
                progress(1)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(procs) as pool:
        for result in pool.imap(work_file, args, chunksize=4):
            yield result
            if progress:
                progress(1)
