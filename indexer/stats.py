"""Metadata coverage: for each field, how many notices have it, and which do not.

Researchers publish counts, so they must be able to say "province is known for N of M
notices" and see the M − N. :func:`index_coverage` answers that for an opened index
(``python -m indexer stats``, and the web app's ``/stats`` page and its JSON twin);
:func:`coverage` is the same computation over any notice records.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from indexer.model import Notice

if TYPE_CHECKING:
    from search.store import Corpus

# Fields that are not metadata a notice may lack: identity, content, and the record of
# where other fields came from (reported separately, as evidence).
_NOT_COVERED = {"id", "source_file", "paragraphs", "overridden"}
EVIDENCE_FIELDS = ("region_source", "level_source", "published_source", "year_basis")
FIELDS = tuple(f.name for f in fields(Notice)
               if f.name not in _NOT_COVERED and f.name not in EVIDENCE_FIELDS)


def _has(value: Any) -> bool:
    return value not in (None, "", [], {})


def coverage(notices: Iterable[Mapping[str, Any]], paragraphs: int,
             report: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Coverage of ``notices`` (metadata records as the index stores them).

    Returns a JSON-ready dict::

        {"notices": M, "paragraphs": P,
         "fields": [{"field": "province", "count": N, "share": N / M,
                     "missing": [notice ids lacking it, sorted]}, …],   # model order
         "evidence": {"region_source": {"issuer": 40, "source": 3, "": 2}, …},
         "overridden": {"province": 1, …},        # notices with the field overridden
         "rejected": [{"origin": …, "reason": …}, …],   # from ``report``
         "duplicates": [{"origin": …, "duplicate_of": …}, …]}

    ``share`` is 0.0 for an empty index. ``report`` is the last build's or update's
    report (the manifest's ``report``).
    """
    records = list(notices)
    total = len(records)
    out_fields = []
    for name in FIELDS:
        missing = sorted(m["id"] for m in records if not _has(m.get(name)))
        count = total - len(missing)
        out_fields.append({"field": name, "count": count,
                           "share": count / total if total else 0.0, "missing": missing})
    overridden: Counter[str] = Counter(f for m in records for f in m.get("overridden") or {})
    report = report or {}
    return {
        "notices": total,
        "paragraphs": paragraphs,
        "fields": out_fields,
        "evidence": {name: dict(sorted(Counter(m.get(name, "") for m in records).items()))
                     for name in EVIDENCE_FIELDS},
        "overridden": dict(sorted(overridden.items())),
        "rejected": list(report.get("errors", [])),
        "duplicates": list(report.get("duplicates", [])),
    }


def index_coverage(corpus: Corpus) -> dict[str, Any]:
    """:func:`coverage` of the live notices of an opened index, plus which generation.

    For the web app's ``/stats`` (and its JSON twin) and ``python -m indexer stats``:
    pass the request's corpus. Adds ``"generation"`` (folder name) and ``"built"``
    (when the generation was written, ISO 8601) to the dict :func:`coverage` returns.
    """
    live = [m.to_json() for i, m in enumerate(corpus.notices) if corpus.notice_alive[i]]
    result = coverage(live, int(corpus.alive.sum()), corpus.manifest.get("report"))
    return {"generation": corpus.gen.name, "built": corpus.manifest.get("created", "")} | result


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    cols = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - cols)


def format_table(stats: Mapping[str, Any], max_ids: int = 8) -> str:
    """The coverage as a plain-text table (Chinese first, then English)."""
    lines = [f"索引 index: {stats.get('generation', '')}  {stats.get('built', '')}".rstrip(),
             f"通报 notices: {stats['notices']}    段落 paragraphs: {stats['paragraphs']}", "",
             _pad("字段 field", 20) + _pad("  有值 have", 14) + _pad("占比 share", 11)
             + " 缺少的通报 notices lacking it"]
    for f in stats["fields"]:
        missing = f["missing"][:max_ids]
        more = len(f["missing"]) - len(missing)
        ids = " ".join(missing) + (f" … +{more}" if more else "")
        lines.append(f"{f['field']:<20}{f['count']:>6} / {stats['notices']:<5}"
                     f"{f['share']:>8.1%}   {ids}".rstrip())
    lines.append("")
    for name, counts in stats["evidence"].items():
        shown = ", ".join(f"{k or '(none)'} {v}" for k, v in counts.items())
        lines.append(f"依据 evidence {name}: {shown}")
    if stats["overridden"]:
        shown = ", ".join(f"{k} {v}" for k, v in stats["overridden"].items())
        lines.append(f"人工更正 overridden: {shown}")
    lines.append("")
    lines.append(f"被拒文件 rejected: {len(stats['rejected'])}")
    lines += [f"  {e['origin']}: {e['reason']}" for e in stats["rejected"]]
    if stats["duplicates"]:
        lines.append(f"重复 duplicates: {len(stats['duplicates'])}")
        lines += [f"  {d['origin']} = {d['duplicate_of']}" for d in stats["duplicates"]]
    return "\n".join(lines)
