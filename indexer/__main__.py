"""Command line for the pipeline stages: ``python -m indexer parse|build|update|cache|stats``.

Each subcommand is a thin front over the same functions the app and tests use.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analysis.layout import current_generation
from indexer.build import build, regenerate_cache, update
from indexer.generations import BuildError
from indexer.model import NotANotice
from indexer.parse import parse_notice
from indexer.read import read_paths

DEFAULT_DATA = Path("data/notices")
DEFAULT_INDEX = Path("var/index")


def _cmd_parse(args: argparse.Namespace) -> int:
    failed = 0
    # Ids derive from the path under the data folder, so parse the way build does.
    root = Path(args.root).resolve()
    paths = [Path(p).resolve() for p in args.files]
    if not all(p.is_relative_to(root) for p in paths):
        root = None
    for item in read_paths(paths, root=root):
        if not hasattr(item, "text"):
            print(f"error: {item.origin}: {item.reason}", file=sys.stderr)
            failed += 1
            continue
        try:
            notice = parse_notice(item)
        except NotANotice as exc:
            print(f"error: {item.origin}: not a notice: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            print(json.dumps(notice.to_dict(), ensure_ascii=False))
        else:
            print(f"{notice.id}\t{notice.source_file}\t{notice.province}{notice.city}"
                  f"{notice.county}\t{notice.year}\t{notice.title or notice.issuer}\t"
                  f"{len(notice.paragraphs)} paragraphs")
    return 1 if failed else 0


def _print_report(report, as_json: bool) -> None:
    if as_json:
        from dataclasses import asdict

        print(json.dumps(asdict(report), ensure_ascii=False, indent=1))
        return
    for err in report.errors:
        print(f"rejected: {err['origin']}: {err['reason']}", file=sys.stderr)
    for dup in report.duplicates:
        print(f"duplicate: {dup['origin']} repeats notice {dup['duplicate_of']} (not indexed)",
              file=sys.stderr)
    print(report.summary())


def _cmd_build(args: argparse.Namespace) -> int:
    index = Path(args.index)
    if args.if_missing and current_generation(index) is not None:
        print(f"index present at {index}; not rebuilding (use `make build` to rebuild)")
        return 0
    try:
        fn = update if args.command == "update" else build
        report = fn(Path(args.data), index, procs=args.procs, quiet=args.quiet)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_report(report, args.json)
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    try:
        gen = regenerate_cache(Path(args.index), quiet=args.quiet)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"缓存已从 Whoosh 索引重建 / cache derived from the Whoosh index: {gen.name}")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from indexer.stats import format_table, index_coverage
    from search.store import IndexMissing, Store

    try:
        stats = index_coverage(Store(Path(args.index)).corpus())
    except IndexMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(stats, ensure_ascii=False, indent=1) if args.json else format_table(stats))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse notice files and print them")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON object per notice")
    p.add_argument("--root", default=str(DEFAULT_DATA),
                   help="data folder the ids are relative to (as in build)")
    p.set_defaults(func=_cmd_parse)
    for name, help_text in (("build", "build the index from scratch (atomic swap)"),
                            ("update", "add new, re-index changed, remove deleted notices")):
        b = sub.add_parser(name, help=help_text)
        b.add_argument("--data", default=str(DEFAULT_DATA))
        b.add_argument("--index", default=str(DEFAULT_INDEX))
        b.add_argument("--procs", type=int, default=None, help="worker processes (default 2)")
        b.add_argument("--quiet", action="store_true", help="no progress bar")
        b.add_argument("--json", action="store_true", help="print the report as JSON")
        b.add_argument("--if-missing", action="store_true", help="only build if no index yet")
        b.set_defaults(func=_cmd_build)
    c = sub.add_parser("cache", help="derive the numpy cache again from the Whoosh index alone "
                                     "(a new generation, swapped in)")
    c.add_argument("--index", default=str(DEFAULT_INDEX))
    c.add_argument("--quiet", action="store_true")
    c.set_defaults(func=_cmd_cache)
    s = sub.add_parser("stats", help="metadata coverage of the index, and the last rejected files")
    s.add_argument("--index", default=str(DEFAULT_INDEX))
    s.add_argument("--json", action="store_true", help="the same as JSON")
    s.set_defaults(func=_cmd_stats)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
