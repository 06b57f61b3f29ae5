"""Load notices into an OpenSearch cluster: the cluster analogue of ``indexer.build``.

The same reader, parser and analysis as the embedded build (its worker pool and
duplicate handling are reused, not re-implemented), so both backends hold the same
notices and paragraphs. Generations work as on disk:

- ``build`` writes a new index ``<alias>-gen-<stamp>`` and only when it is complete
  (every paragraph acknowledged, counted back, replicas allocated) points the alias at
  it, in one ``_aliases`` request — atomic for readers.
- ``update`` clones the live generation (the clone API hard-links segments, like the
  embedded update's hard-linked files), deletes changed and removed notices in the
  clone, adds new and changed ones, and swaps the alias the same way.
- A finished generation is write-blocked: what readers see never changes under them.

A paragraph the cluster rejects is reported with its id and reason, and its whole
notice is taken out (a notice is either complete or absent, never silently short).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import NotFoundError

from analysis.records import AnalysedNotice
from indexer.build import BuildReport, _collect
from indexer.generations import BuildError
from indexer.overrides import overrides_report
from indexer.worker import list_inputs, run_workers
from search.backends.opensearch_index import (
    DEFAULT_ALIAS,
    FACET_FIELDS,
    LAYOUT_VERSION,
    check_complete,
    connect,
    index_body,
    paragraph_doc,
)

BULK_DOCS = 500


def _analyzed(data_dir: Path, procs: int | None, quiet: bool, report: BuildReport,
              seen_hashes: dict[str, str]) -> list[AnalysedNotice]:
    """Every good, first-seen notice below ``data_dir``, analyzed as the embedded build does."""
    files, list_errors = list_inputs(data_dir)
    report.errors.extend(list_errors)
    out: list[AnalysedNotice] = []
    bar = _bar(len(files), "解析 parse", "file", quiet)
    try:
        _collect(run_workers(files, data_dir, procs or 2, bar.update if bar else None),
                 report, seen_hashes, out.append)
    finally:
        if bar:
            bar.close()
    return out


def _bar(total: int, label: str, unit: str, quiet: bool):
    if quiet or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit=unit, file=sys.stderr, dynamic_ncols=True)


def _actions(index: str, notices: list[AnalysedNotice]) -> Iterator[dict[str, Any]]:
    for a in notices:
        for row in a.rows:
            yield {"_op_type": "index", "_index": index, "_id": row.pid,
                   "_source": paragraph_doc(a, row)}


def _bulk(client: OpenSearch, index: str, notices: list[AnalysedNotice], report: BuildReport,
          quiet: bool) -> list[AnalysedNotice]:
    """Send every paragraph; return the notices the cluster took whole.

    Each rejected paragraph is reported by id with the cluster's reason; its notice's
    other paragraphs are deleted again, and the notice is listed among the errors.
    """
    total = sum(len(a.rows) for a in notices)
    bar = _bar(total, "载入集群 load", "para", quiet)
    failed: dict[str, str] = {}  # pid -> reason
    try:
        for ok, item in helpers.streaming_bulk(
                client, _actions(index, notices), chunk_size=BULK_DOCS, max_retries=3,
                raise_on_error=False, raise_on_exception=False):
            result = next(iter(item.values()))
            if not ok:
                failed[str(result.get("_id"))] = str(result.get("error") or result)
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
    if not failed:
        return notices
    kept, dropped = [], []
    for a in notices:
        bad = [pid for pid in (r.pid for r in a.rows) if pid in failed]
        if not bad:
            kept.append(a)
            continue
        dropped.append(a.record.id)
        report.errors.append({
            "origin": a.record.source_file,
            "reason": f"cluster rejected paragraph {bad[0]}: {failed[bad[0]]}"
                      + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else "")
                      + "; the notice was not loaded"})
    _delete_notices(client, index, dropped)
    return kept


def _paragraph_ids(client: OpenSearch, index: str, notice_ids: list[str]) -> list[str]:
    """Every paragraph id of the given notices (``search_after`` pages, checked complete)."""
    pids: list[str] = []
    for i in range(0, len(notice_ids), 1000):
        body: dict[str, Any] = {"query": {"terms": {"notice_id": notice_ids[i:i + 1000]}},
                                "sort": [{"pid": "asc"}], "size": 5000, "_source": False}
        while True:
            hits = check_complete(client.search(
                index=index, body=body,
                params={"allow_partial_search_results": "false"}))["hits"]["hits"]
            pids.extend(h["_id"] for h in hits)
            if len(hits) < body["size"]:
                break
            body["search_after"] = hits[-1]["sort"]
    return pids


def _delete_notices(client: OpenSearch, index: str, notice_ids: Iterable[str]) -> int:
    """Delete the notices' paragraphs by id (``_delete_by_query`` is a module the
    distribution used here does not ship); returns how many were deleted."""
    client.indices.refresh(index=index)  # find paragraphs loaded a moment ago too
    pids = _paragraph_ids(client, index, sorted(set(notice_ids)))
    deleted = 0
    for ok, item in helpers.streaming_bulk(
            client, ({"_op_type": "delete", "_index": index, "_id": pid} for pid in pids),
            chunk_size=BULK_DOCS, max_retries=3, raise_on_error=False,
            raise_on_exception=False):
        if not ok:
            raise BuildError(f"could not delete paragraph from {index}: {item}")
        deleted += 1
    client.indices.refresh(index=index)
    return deleted


def _report_overrides(data_dir: Path, notices: list[AnalysedNotice], report: BuildReport
                      ) -> None:
    """Unusable rows of ``overrides.csv``, and rows naming no loaded notice, as errors
    (the overrides themselves were applied while parsing, as in the embedded build)."""
    errors, _ = overrides_report(
        data_dir, [(a.record.id, a.record.source_file) for a in notices])
    report.errors.extend(errors)


def _composite(client: OpenSearch, index: str, sources: dict[str, str]
               ) -> Iterator[dict[str, Any]]:
    """Every bucket of a composite aggregation over ``sources`` (name -> field), paged:
    exact at any size, unlike a sized terms aggregation."""
    comp: dict[str, Any] = {"size": 5000, "sources": [{name: {"terms": {"field": field}}}
                                                      for name, field in sources.items()]}
    while True:
        resp = check_complete(client.search(
            index=index, body={"size": 0, "aggs": {"c": {"composite": comp}}},
            params={"allow_partial_search_results": "false"}))
        agg = resp["aggregations"]["c"]
        yield from agg["buckets"]
        if not agg["buckets"] or agg.get("after_key") is None:
            return
        comp["after"] = agg["after_key"]


def _distinct(client: OpenSearch, index: str, field: str) -> int:
    return sum(1 for _ in _composite(client, index, {"v": field}))


def _finish(client: OpenSearch, index: str, expected: int, report: BuildReport) -> None:
    """Make a loaded generation ready to serve: visible, counted back, sized, read-only."""
    client.indices.refresh(index=index)
    count = check_complete(client.count(index=index))["count"]
    if count != expected:
        raise BuildError(f"{index} holds {count} paragraphs, {expected} were loaded: "
                         "not swapping it in")
    notices = _distinct(client, index, "notice_id")
    if notices != report.notices:
        raise BuildError(f"{index} holds {notices} notices, {report.notices} were loaded")
    # Facet and notice-count aggregations are sized from these (see the searcher).
    meta = {"layout": LAYOUT_VERSION, "paragraphs": count, "notices": notices,
            "cardinality": {name: _distinct(client, index, field)
                            for name, field in FACET_FIELDS.items()}}
    client.indices.put_mapping(index=index, body={"_meta": meta})
    client.indices.put_settings(index=index, body={"index": {
        "max_result_window": max(10_000, count), "blocks.write": True}})
    health = client.cluster.health(index=index, params={
        "wait_for_status": "green", "timeout": "120s", "request_timeout": 130})
    if health["status"] != "green":
        raise BuildError(f"{index} did not reach green (replicas unallocated): {health}")


def _generations(client: OpenSearch, alias: str) -> list[str]:
    return sorted(client.indices.get(index=f"{alias}-gen-*", params={"expand_wildcards": "all"}))


def live_index(client: OpenSearch, alias: str) -> str | None:
    try:
        return next(iter(client.indices.get_alias(name=alias)), None)
    except NotFoundError:
        return None


def _swap(client: OpenSearch, alias: str, index: str) -> None:
    """Point ``alias`` at ``index`` in one request, then drop all but the previous one."""
    old = live_index(client, alias)
    actions: list[dict[str, Any]] = [{"add": {"index": index, "alias": alias}}]
    if old:
        actions.insert(0, {"remove": {"index": old, "alias": alias}})
    client.indices.update_aliases(body={"actions": actions})
    for gen in _generations(client, alias):
        if gen not in (index, old):
            client.indices.delete(index=gen)


def _complete(client: OpenSearch, alias: str, index: str, report: BuildReport, start: float,
              fill: Callable[[], None]) -> BuildReport:
    """Fill a new generation, check it and swap it in; on any failure drop it, so the
    live generation keeps serving."""
    try:
        fill()
        _finish(client, index, report.paragraphs, report)
    except BaseException:
        client.indices.delete(index=index, params={"ignore_unavailable": "true"})
        raise
    _swap(client, alias, index)
    report.generation = index
    report.seconds = time.monotonic() - start
    return report


def _new_name(alias: str) -> str:
    return f"{alias}-gen-{datetime.now(UTC).strftime('%Y%m%dt%H%M%S%f')}"


def build(data_dir: Path, client: OpenSearch, alias: str = DEFAULT_ALIAS, shards: int = 2,
          replicas: int = 1, procs: int | None = None, quiet: bool = False) -> BuildReport:
    """Full load of every notice below ``data_dir`` into a new generation behind ``alias``."""
    start = time.monotonic()
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise BuildError(f"数据目录不存在 / data folder not found: {data_dir}")
    report = BuildReport()
    notices = _analyzed(data_dir, procs, quiet, report, {})
    index = _new_name(alias)
    client.indices.create(index=index, body=index_body(shards, replicas),
                          params={"wait_for_active_shards": "all"})

    def fill() -> None:
        kept = _bulk(client, index, notices, report, quiet)
        report.notices = report.added = len(kept)
        report.paragraphs = sum(len(a.rows) for a in kept)
        _report_overrides(data_dir, kept, report)

    return _complete(client, alias, index, report, start, fill)


def _live_notices(client: OpenSearch, index: str) -> dict[str, tuple[str, int]]:
    """notice id -> (content hash, paragraphs) of a generation, exactly."""
    return {b["key"]["id"]: (b["key"]["hash"], b["doc_count"])
            for b in _composite(client, index, {"id": "notice_id", "hash": "notice_hash"})}


def update(data_dir: Path, client: OpenSearch, alias: str = DEFAULT_ALIAS,
           procs: int | None = None, quiet: bool = False) -> BuildReport:
    """Bring the cluster in line with ``data_dir``: add new, re-load changed, drop deleted.

    Every file is re-read (the cluster keeps no file stamps); only changed notices are
    written, into a clone of the live generation that is swapped in when complete.
    """
    start = time.monotonic()
    live = live_index(client, alias)
    if live is None:
        return build(data_dir, client, alias, procs=procs, quiet=quiet)
    data_dir = Path(data_dir).resolve()
    report = BuildReport()
    old = _live_notices(client, live)
    seen = {h: nid for nid, (h, _) in old.items()}
    analyzed = _analyzed(data_dir, procs, quiet, report, seen)
    to_add = [a for a in analyzed if old.get(a.record.id, ("",))[0] != a.content_hash]
    report.unchanged = len(analyzed) - len(to_add)
    present = {a.record.id for a in analyzed}
    gone = {nid for nid in old if nid not in present}
    report.removed = len(gone)
    to_delete = gone | {a.record.id for a in to_add if a.record.id in old}
    index = _new_name(alias)
    client.indices.clone(index=live, target=index, params={"wait_for_active_shards": "all"})

    def fill() -> None:
        client.indices.put_settings(index=index, body={"index": {"blocks.write": False}})
        deleted = _delete_notices(client, index, to_delete)
        expected_deleted = sum(old[nid][1] for nid in to_delete)
        if deleted != expected_deleted:
            raise BuildError(f"deleted {deleted} paragraphs of changed or removed notices, "
                             f"expected {expected_deleted}")
        # A changed notice the cluster rejects is reported and absent, never half-loaded.
        kept = _bulk(client, index, to_add, report, quiet)
        report.updated = sum(a.record.id in old for a in kept)
        report.added = len(kept) - report.updated
        report.notices = len(old) - len(to_delete) + len(kept)
        report.paragraphs = (sum(n for _, n in old.values()) - deleted
                             + sum(len(a.rows) for a in kept))
        rejected = {a.record.id for a in to_add} - {a.record.id for a in kept}
        _report_overrides(data_dir, [a for a in analyzed if a.record.id not in rejected],
                          report)

    return _complete(client, alias, index, report, start, fill)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer.opensearch_load",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "update"))
    parser.add_argument("--data", default="data/notices")
    parser.add_argument("--url", default=None,
                        help="node URLs, comma-separated (default $XUNSHI_OPENSEARCH_URL)")
    parser.add_argument("--alias", default=DEFAULT_ALIAS)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--procs", type=int, default=None)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    client = connect(args.url)
    try:
        if args.command == "build":
            report = build(Path(args.data), client, args.alias, args.shards, args.replicas,
                           args.procs, args.quiet)
        else:
            report = update(Path(args.data), client, args.alias, args.procs, args.quiet)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for err in report.errors:
        print(f"rejected: {err['origin']}: {err['reason']}", file=sys.stderr)
    for dup in report.duplicates:
        print(f"duplicate: {dup['origin']} repeats notice {dup['duplicate_of']} (not indexed)",
              file=sys.stderr)
    print(f"{report.summary()}; generation {report.generation}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
