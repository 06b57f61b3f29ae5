"""Read stage: bytes on disk → :class:`SourceDoc` (plain text lines) + :class:`InputError`.

Notices arrive however a crawler or a researcher saved them: UTF-8 or GBK text,
UTF-16 from Windows tools, whole HTML pages, JSON Lines or CSV exports. This
module turns each into plain text — one paragraph per line, no blank lines — and
turns every problem into an :class:`InputError` a researcher can act on, so one
bad file never stops a batch. It does not interpret the text: furniture lines
(来源、发布时间、分享到 …) are kept because the parser harvests them.

This module handles files and folders; its parts are :mod:`indexer.decode` (bytes to
text), :mod:`indexer.webpage` (HTML pages) and :mod:`indexer.rows` (JSON Lines/CSV).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.decode import clean_text, decode_bytes, has_cjk
from indexer.model import InputError, SourceDoc
from indexer.rows import MAX_BYTES, read_rows
from indexer.webpage import extract_html, looks_like_html

MAX_NOTICE_BYTES = 8 * 1024 * 1024  # one notice: the longest real ones are ~200 KB

HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})

def display_name(name: str) -> str:
    """A file name as readable text, even when its bytes are not UTF-8.

    Names from Chinese Windows archives are often GBK bytes, which Python keeps as
    lone surrogates that cannot be written to JSON or a web page; decode them as
    GB18030 when that works, else replace what cannot be read.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")


def _origin(path: Path, root: Path | None) -> str:
    if root is not None:
        for p, r in ((path, root), (Path(os.path.abspath(path)), Path(os.path.abspath(root)))):
            try:
                return display_name(p.relative_to(r).as_posix())
            except ValueError:
                pass
    return display_name(path.as_posix())


def origin_of(path: Path, root: Path | None) -> str:
    """The name a file's notices are recorded under (what ``read_file`` reports)."""
    return _origin(Path(path), root)


def safe_to_read(path: Path, root: Path | None) -> bool:
    """A regular file that does not lead outside ``root``: safe to open and hash
    (a FIFO would block, /dev/zero would never end)."""
    try:
        return not _escapes_root(path, root) and stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False


def _escapes_root(path: Path, root: Path | None) -> bool:
    """True when ``path`` reaches outside ``root`` through a symlink."""
    if root is None:
        return False
    real = Path(os.path.realpath(path))
    if real == Path(os.path.abspath(path)):
        return False  # no symlink involved: an explicitly named file is fine
    return not real.is_relative_to(os.path.realpath(root))


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file (or a broken symlink)"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {exc.strerror or exc}"


def _read_file(
    path: Path, root: Path | None, origin: str
) -> tuple[list[SourceDoc], list[InputError]]:
    if _escapes_root(path, root):
        return [], [InputError(origin, "symlink points outside the data folder; not followed")]
    try:
        info = path.stat()
    except OSError as exc:
        return [], [InputError(origin, _os_reason(exc))]
    if not stat.S_ISREG(info.st_mode):
        kind = "is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return [], [InputError(origin, kind)]
    batch = path.suffix.lower() in JSONL_SUFFIXES | CSV_SUFFIXES
    limit = MAX_BYTES if batch else MAX_NOTICE_BYTES
    too_big = (f"file too large: over the {limit:,}-byte limit (MAX_BYTES)" if batch else
               f"file too large for one notice: over {limit:,} bytes (MAX_NOTICE_BYTES); "
               "a dump of many notices should be split, or given as JSON Lines/CSV")
    if info.st_size > limit:
        return [], [InputError(origin, too_big)]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [InputError(origin, _os_reason(exc))]
    if len(data) > limit:  # grew since stat
        return [], [InputError(origin, too_big)]
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        return [], [InputError(origin, str(exc))]

    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return read_rows(text, origin, "jsonl")
    if suffix in CSV_SUFFIXES:
        return read_rows(text, origin, "csv")
    page: dict[str, str] = {}
    fmt = "text"
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        text, page = extract_html(text)
        fmt = "html"
    text = clean_text(text)
    if not text:
        return [], [InputError(origin, "no text content")]
    if not has_cjk(text):
        return [], [InputError(origin, "no Chinese text (not a notice?)")]
    return [SourceDoc(origin=origin, text=text, page=page, fmt=fmt)], []


def read_file(path: Path, root: Path | None = None) -> tuple[list[SourceDoc], list[InputError]]:
    """Read one file into docs (several for JSON Lines/CSV rows) and errors.

    ``origin`` is the path relative to ``root`` (POSIX style) when given. Never
    raises: a file that cannot be used becomes an :class:`InputError`, and a bad
    row does not cost the file's good rows.
    """
    path = Path(path)
    origin = _origin(path, root)
    try:
        return _read_file(path, root, origin)
    except Exception as exc:  # a reader bug must not stop the batch
        return [], [InputError(origin, f"unexpected error: {type(exc).__name__}: {exc}")]


def _skipped(name: str) -> bool:
    lower = name.lower()
    return name.startswith(".") or lower.startswith(("readme", "sources"))


def _expand(path: Path, root: Path | None, seen: set[str]) -> Iterator[Path | InputError]:
    """Files under ``path`` in sorted order; directory problems as errors."""
    stack: list[Path] = [path]
    while stack:
        current = stack.pop()
        if not current.is_dir():
            yield current
            continue
        if _escapes_root(current, root):
            yield InputError(
                _origin(current, root), "symlink points outside the data folder; not followed"
            )
            continue
        real = os.path.realpath(current)
        if real in seen:  # a symlink loop, or a folder reached twice
            continue
        seen.add(real)
        try:
            entries = sorted(current.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            yield InputError(_origin(current, root), _os_reason(exc))
            continue
        stack.extend(reversed([e for e in entries if not _skipped(e.name)]))


def list_files(paths: Iterable[Path], root: Path | None = None) -> Iterator[Path | InputError]:
    """The files :func:`read_paths` would read, without reading them (the builder
    reads them in worker processes); folder problems come back as errors."""
    seen: set[str] = set()
    for given in paths:
        yield from _expand(Path(given), root, seen)


def read_paths(paths: Iterable[Path], root: Path | None = None) -> Iterator[SourceDoc | InputError]:
    """Yield docs and errors for files and (recursively) folders, in sorted order.

    Hidden entries and README*/SOURCES* files inside folders are skipped. Never
    raises: every problem becomes an :class:`InputError` and the batch goes on.
    """
    seen: set[str] = set()
    for given in paths:
        given = Path(given)
        try:
            items = list(_expand(given, root, seen))
        except Exception as exc:
            yield InputError(_origin(given, root), f"cannot list: {type(exc).__name__}: {exc}")
            continue
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            docs, errors = read_file(item, root)
            yield from docs
            yield from errors
