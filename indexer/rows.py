"""Crawler rows: JSON Lines and CSV exports, one notice per row.

Columns ``text`` or ``html`` carry the notice; ``url``, ``title``, ``published``/``date``
and ``source`` are metadata the crawler supplies (see :class:`SourceDoc.given`). A bad
row becomes an :class:`InputError` and never costs the file's good rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from indexer.decode import clean_text, has_cjk
from indexer.model import InputError, SourceDoc
from indexer.webpage import extract_html

MAX_BYTES = 64 * 1024 * 1024  # a JSON Lines/CSV batch of many notices

_GIVEN_KEYS = {
    "url": ("url",),
    "title": ("title",),
    "published": ("published", "date"),
    "source": ("source",),
}


def _cell(row: dict[str, object], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    return (value if isinstance(value, str) else str(value)).strip()


def _row_doc(row: dict[object, object], origin: str, n: int, fmt: str) -> SourceDoc | InputError:
    row_origin = f"{origin}#row-{n}"
    # Header names are matched case-insensitively and without stray BOM/whitespace.
    norm: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(key, str):
            norm.setdefault(key.replace("\ufeff", "").strip().lower(), value)
    if "text" not in norm and "html" not in norm:
        return InputError(row_origin, f"row {n}: no text or html column")
    for key in ("text", "html"):
        if norm.get(key) is not None and not isinstance(norm[key], str):
            return InputError(row_origin, f"row {n}: {key} is not a string")
    page: dict[str, str] = {}
    text = clean_text(_cell(norm, "text"))
    if not text and _cell(norm, "html"):
        raw, page = extract_html(_cell(norm, "html"))
        text = clean_text(raw)
    if not text:
        return InputError(row_origin, f"row {n}: empty text")
    if not has_cjk(text):
        return InputError(row_origin, f"row {n}: no Chinese text (not a notice?)")
    given: dict[str, str] = {}
    for field, keys in _GIVEN_KEYS.items():
        value = next((v for k in keys if (v := _cell(norm, k))), "")
        if value:
            given[field] = value
    return SourceDoc(origin=row_origin, text=text, given=given, page=page, fmt=fmt)


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[object, object] | str]]:
    # Split on LF only: U+2028 and friends are legal inside JSON strings.
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, f"row {n}: invalid JSON: {exc.msg} (column {exc.colno})"
            continue
        yield n, obj if isinstance(obj, dict) else f"row {n}: not a JSON object"


def _csv_rows(text: str) -> Iterator[tuple[int, dict[object, object] | str]]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    n = 0
    try:
        for n, row in enumerate(reader, 1):
            yield n, row
    except csv.Error as exc:
        yield n + 1, f"row {n + 1}: CSV error near line {reader.line_num}: {exc}"


def read_rows(text: str, origin: str, fmt: str) -> tuple[list[SourceDoc], list[InputError]]:
    docs: list[SourceDoc] = []
    errors: list[InputError] = []
    rows = _jsonl_rows(text) if fmt == "jsonl" else _csv_rows(text)
    for n, row in rows:
        if isinstance(row, str):
            errors.append(InputError(f"{origin}#row-{n}", row))
            continue
        result = _row_doc(row, origin, n, fmt)
        (docs if isinstance(result, SourceDoc) else errors).append(result)  # type: ignore[arg-type]
    if not docs and not errors:
        errors.append(InputError(origin, "no data rows"))
    return docs, errors
