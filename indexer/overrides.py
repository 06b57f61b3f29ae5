"""Corrections researchers make to parsed metadata: ``data/overrides.csv``.

No parser is right on every notice, so a researcher can correct any metadata field.
The file sits beside the data folder (``overrides_path``) and has four columns::

    notice,field,value,note
    k3v7q2m5xa,province,湖北省,the issuer is 咸宁市; the text names no province
    001_600e6c513e5b2d0c.txt,published_date,2020-01-09,signature misprinted
    batch.jsonl#row-7,flags,专项、回头看,
    k3v7q2m5xa,inspector,,no team is named; the parsed one was a quotation

``notice`` is a notice id (as in ``/notice/<id>``) or its source file (the name the
build reports, with ``#row-N`` for a row of a JSON Lines/CSV file); ``field`` is a
metadata field of :class:`~indexer.model.Notice`; an empty ``value`` clears the
field; ``note`` says why, and is shown with the value. Overrides are applied by the
build and by ``update`` (:func:`apply_overrides`, a pure function), and the notice
records each overridden field with its note in ``Notice.overridden``. Rows that
cannot be used (unknown field, a value of the wrong form, a notice that does not
exist) are reported with the build's rejected files, each with its reason.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from analysis.vocab import FLAGS, INSPECTION_KINDS, LEVELS
from indexer.dates import notice_year
from indexer.model import InputError, Notice
from indexer.regions import canonical_province, expand_region_value

OVERRIDES_FILE = "overrides.csv"
COLUMNS = ("notice", "field", "value", "note")
_ISO_RE = re.compile(r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")


def overrides_path(data_dir: Path) -> Path:
    """Where the overrides for a data folder live: beside it (data/notices → data/)."""
    return Path(data_dir).resolve().parent / OVERRIDES_FILE


@dataclass(frozen=True)
class Override:
    notice: str  # notice id or source file
    field: str
    value: Any  # already in the field's type
    note: str
    row: int  # line number in the CSV, for messages


# ---------------------------------------------------------------- values


def _text(value: str) -> str:
    return value


def _region(field: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if field == "province":
            if (name := canonical_province(value)) is None:
                raise ValueError(f"{value!r} is not a province; write it as 湖南省 or 湖南")
            return name
        names = expand_region_value(field, value)
        if len(names) > 1:
            raise ValueError(f"{value!r} may mean {'、'.join(names[:5])}: write the full name")
        if not names:
            raise ValueError(f"{value!r} is no known {field}; write its full official name")
        return names[0]
    return parse


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
        return value
    return parse


def _flags(value: str) -> list[str]:
    flags = [f for f in re.split(r"[、,，;；|\s]+", value) if f]
    if unknown := [f for f in flags if f not in FLAGS]:
        raise ValueError(f"unknown flag {unknown[0]!r}; flags are {'、'.join(FLAGS)}")
    return [f for f in FLAGS if f in flags]  # canonical order, no repeats


def _date(value: str) -> str:
    if not _ISO_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY)")
    return value


def _year(value: str) -> int:
    if not re.fullmatch(r"(?:19|20)\d\d", value):
        raise ValueError(f"{value!r} is not a year")
    return int(value)


def _code(value: str) -> str:
    if not re.fullmatch(r"\d{6}", value):
        raise ValueError(f"{value!r} is not a six-digit GB/T 2260 code")
    return value


# What URLs and CSV headers call a field (kind=巡察) may name it here too.
FIELD_ALIASES = {"kind": "inspection_kind"}
_DATE_FIELDS = ("inspection_start", "inspection_end", "feedback_date", "published_date",
                "posted_date")
# Every field a researcher may correct, and how its value is read. Ids, the source file,
# the paragraphs and the provenance fields (derived from what is overridden) are not.
_PARSERS: dict[str, Callable[[str], Any]] = {
    "title": _text, "issuer": _text, "inspector": _text, "round": _text, "source": _text,
    "url": _text, "former_region": _text,
    "province": _region("province"), "city": _region("city"), "county": _region("county"),
    "region_code": _code, "level": _one_of(LEVELS), "flags": _flags, "year": _year,
    "inspection_kind": _one_of(INSPECTION_KINDS),
    **dict.fromkeys(_DATE_FIELDS, _date),
}


def overridable_fields() -> list[str]:
    """The Notice fields an override may set, in the model's order."""
    return [f.name for f in fields(Notice) if f.name in _PARSERS]


def _empty(field: str) -> Any:
    return [] if field == "flags" else None if field == "year" else ""


# ---------------------------------------------------------------- reading the file


def read_overrides(text: str, origin: str = OVERRIDES_FILE
                   ) -> tuple[list[Override], list[InputError]]:
    """Parse the CSV text: usable rows, and an error with its reason for every other."""
    rows: list[Override] = []
    errors: list[InputError] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if missing := [c for c in COLUMNS[:3] if c not in header]:
        return [], [InputError(origin, f"needs the columns {','.join(COLUMNS)}; "
                                       f"missing {', '.join(missing)}")]
    reader.fieldnames = header
    allowed = overridable_fields()
    seen: dict[tuple[str, str], int] = {}
    for row in reader:
        n = reader.line_num
        cell = {k: (v or "").strip() for k, v in row.items() if k}
        where = f"{origin}#line-{n}"
        key, field, value = cell.get("notice", ""), cell.get("field", ""), cell.get("value", "")
        field = FIELD_ALIASES.get(field, field)
        if not key and not field:
            continue  # a blank line
        if not key:
            errors.append(InputError(where, "no notice id or source file"))
            continue
        if field not in allowed:
            errors.append(InputError(where, f"{field!r} cannot be overridden; fields are "
                                            f"{', '.join(allowed)}"))
            continue
        if (key, field) in seen:
            errors.append(InputError(where, f"repeats line {seen[key, field]} "
                                            f"({key}, {field}); only the first is used"))
            continue
        try:
            parsed = _PARSERS[field](value) if value else _empty(field)
        except ValueError as exc:
            errors.append(InputError(where, f"{field}: {exc}"))
            continue
        seen[key, field] = n
        rows.append(Override(key, field, parsed, cell.get("note", ""), n))
    return rows, errors


def load_overrides(path: Path) -> tuple[list[Override], list[InputError]]:
    """:func:`read_overrides` of the file at ``path``; no file means no overrides."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [InputError(str(path), f"cannot read: {exc.strerror or exc}")]
    try:
        return read_overrides(data.decode("utf-8"), Path(path).name)
    except UnicodeDecodeError:
        return [], [InputError(Path(path).name, "not UTF-8 text; save it as UTF-8 CSV")]


_LOADED: dict[Path, tuple[tuple[int, int], list[Override]]] = {}


def overrides_for(data_dir: Path | None) -> list[Override]:
    """The usable overrides for ``data_dir``, read again only when the file changes.

    Build workers call this for every file they parse; problems with rows are reported
    by the build itself (:func:`overrides_report`), not here.
    """
    if data_dir is None:
        return []
    path = overrides_path(data_dir)
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        return []
    cached = _LOADED.get(path)
    if cached is None or cached[0] != stamp:
        cached = _LOADED[path] = (stamp, load_overrides(path)[0])
    return cached[1]


def override_stamp(notice: Notice) -> str:
    """The overridden values of a notice as text ("" when none), so that a build's
    content hash of the notice changes when its overrides do."""
    if not notice.overridden:
        return ""
    values = {f: getattr(notice, f) for f in sorted(notice.overridden)}
    return "\n" + json.dumps([values, notice.overridden], ensure_ascii=False, sort_keys=True)


def overrides_digest(rows: Iterable[Override]) -> str:
    """What the overrides say, for noticing that they changed between builds."""
    text = "\n".join(f"{o.notice}\t{o.field}\t{o.value}\t{o.note}" for o in rows)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- applying them


_REGION_FIELDS = ("province", "city", "county", "region_code")
_YEAR_INPUTS = ("published_date", "feedback_date", "inspection_start")


def applies_to(override: Override, notice: Notice) -> bool:
    return override.notice in (notice.id, notice.source_file)


def apply_overrides(notice: Notice, overrides: Iterable[Override]) -> Notice:
    """``notice`` with every override naming it applied, and recorded in ``overridden``.

    Evidence fields follow: an overridden region or level has source ``override``, as
    has an overridden published date; the year is worked out again from overridden
    dates (by the same rule as the parser) unless the year itself is overridden.
    """
    mine = [o for o in overrides if applies_to(o, notice)]
    if not mine:
        return notice
    changes: dict[str, Any] = {o.field: o.value for o in mine}
    overridden = dict(notice.overridden) | {o.field: o.note for o in mine}
    if any(f in changes for f in _REGION_FIELDS):
        changes["region_source"] = "override"
    if "level" in changes:
        changes["level_source"] = "override"
    if "published_date" in changes:
        changes["published_source"] = "override"
    if "year" in changes:
        changes["year_basis"] = "override"
    elif any(f in changes for f in _YEAR_INPUTS):
        dates = {f: changes.get(f, getattr(notice, f)) for f in _YEAR_INPUTS}
        changes["year"], changes["year_basis"] = notice_year(**dates)
    return replace(notice, **changes, overridden=overridden)


def unmatched(overrides: Iterable[Override], notices: Iterable[tuple[str, str]]
              ) -> list[InputError]:
    """An error for each override that names no notice; ``notices`` are (id, source file)."""
    known = {key for pair in notices for key in pair}
    return [InputError(f"{OVERRIDES_FILE}#line-{o.row}",
                       f"no notice has the id or source file {o.notice!r}")
            for o in overrides if o.notice not in known]


def overrides_report(data_dir: Path, notices: Iterable[tuple[str, str]]
                     ) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """For a finished build or update: the errors to report (unusable rows, rows naming
    no notice) and what the manifest keeps to notice the next edit of the file.

    ``notices`` are the index's (id, source file) pairs.
    """
    rows, errors = load_overrides(overrides_path(data_dir))
    errors += unmatched(rows, notices)
    state = {"digest": overrides_digest(rows), "notices": sorted({o.notice for o in rows})}
    return [{"origin": e.origin, "reason": e.reason} for e in errors], state


def stale_sources(data_dir: Path, manifest: dict[str, Any]) -> set[str]:
    """Source files ``update`` must read again because the overrides changed since the
    build that wrote ``manifest``: those of every notice the old or new rows name."""
    rows = overrides_for(data_dir)
    state = manifest.get("overrides") or {"digest": overrides_digest([]), "notices": []}
    if state["digest"] == overrides_digest(rows):
        return set()
    notices = manifest["notices"]
    keys = set(state["notices"]) | {o.notice for o in rows}
    sources = {notices[k]["source_file"] if k in notices else k for k in keys}
    return {s.split("#row-", 1)[0] for s in sources}
