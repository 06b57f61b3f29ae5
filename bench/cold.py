"""Cold start: a fresh process opens the index and answers one query.

Run by the harness as a subprocess (``python -m bench.cold --index DIR --q 整改``);
the harness times process creation to the moment this prints its answer, which
is what a user of a freshly started server (or of the CLI) waits for. The
breakdown printed here (imports, opening the Store, the first query) says where
that time goes; it is measured from this module's first line, so it excludes the
interpreter's own start-up, which the harness's wall time includes.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402  (imports are part of what is being timed)
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cold")
    parser.add_argument("--index", required=True)
    parser.add_argument("--q", default="整改")
    args = parser.parse_args(argv)
    from search.engine import SearchParams, search
    from search.store import Store

    t_import = time.perf_counter()
    corpus = Store(Path(args.index)).corpus()
    t_open = time.perf_counter()
    result = search(corpus, SearchParams.from_args({"q": args.q}))
    t_query = time.perf_counter()
    print(json.dumps({"import_s": t_import - T0, "open_s": t_open - t_import,
                      "query_s": t_query - t_open, "total": result["total"]["paragraphs"]}),
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
