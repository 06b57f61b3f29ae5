"""Search from the command line: ``python -m search QUERY [filters] [--all] [--json]``.

Uses :func:`search.engine.search` / :func:`search.engine.iter_hits`, the same
path as the web app, so a count printed here is the count the page shows.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from search.engine import SearchParams, iter_hits, search
from search.query import QueryError
from search.store import IndexMissing, Store

_TAG_RE = re.compile(r"</?mark>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search", description=__doc__)
    parser.add_argument("query", nargs="?", default="")
    parser.add_argument("--index", default="var/index")
    for name in ("province", "city", "county", "year", "level", "kind", "flag"):
        parser.add_argument(f"--{name}", action="append", default=[])
    parser.add_argument("--year-from", dest="year_from")
    parser.add_argument("--year-to", dest="year_to")
    parser.add_argument("--sort", default="relevance", choices=["relevance", "newest", "oldest"])
    parser.add_argument("--mode", default="exact", choices=["exact", "words"])
    parser.add_argument("--page", default="1")
    parser.add_argument("--per-page", dest="per_page", default="20")
    parser.add_argument("--group", action="store_true", help="group hits by notice")
    parser.add_argument("--all", action="store_true", help="every hit, one JSON line each")
    parser.add_argument("--json", action="store_true", help="totals, facets and hits as JSON")
    args = parser.parse_args(argv)
    raw = {k: v for k, v in vars(args).items() if v not in (None, [], False)}
    raw["q"] = args.query
    raw["group"] = "1" if args.group else ""
    try:
        params = SearchParams.from_args(raw)
        corpus = Store(Path(args.index)).corpus()
        if args.all:
            for hit in iter_hits(corpus, params, with_text=False):
                print(json.dumps(hit, ensure_ascii=False))
            return 0
        result = search(corpus, params)
    except QueryError as exc:
        print(f"查询错误 / query error: {exc}", file=sys.stderr)
        return 2
    except IndexMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    total = result["total"]
    print(f"{total['paragraphs']} 段 / paragraphs in {total['notices']} 篇 / notices")
    for hit in result["hits"]:
        where = "".join(x for x in (hit["province"], hit["city"], hit["county"]) if x)
        print(f"- [{hit['paragraph_id']}] {where} {hit['year'] or ''} "
              f"{' > '.join(hit['section_path'])}\n  {_TAG_RE.sub('**', hit['snippet'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
