"""Golden answers: the search path's responses on a generated corpus, frozen in a file.

Refactoring the index (how it is stored, loaded and ranked) must not change a single
number a researcher sees. This module generates a small deterministic corpus with
the benchmark's generator, builds it like a user would, and runs the benchmark's
query mix plus word-mode, group-by-notice, filter and sort variants, the notice
reader, permalinks, KWIC, reuse, figures and distribution through the one search
path. What it records — totals, facets, the first 50 hits with ids, BM25F scores
(6 significant digits) and snippets, and the views' content — goes to
``tests/golden/search.json``; ``tests/test_golden.py`` compares.

When a change is *meant* to alter answers (a parser fix, a new metadata rule),
regenerate the file in a commit of its own that says why the answers changed::

    python -m tests.golden --write
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from bench.generate import generate
from bench.queries import query_mix
from indexer.build import build
from search.distribution import distribution
from search.engine import (
    SearchParams,
    iter_hits,
    notice_view,
    paragraph_view,
    reuse_view,
    search,
)
from search.figures import figures_table
from search.kwic import kwic
from search.query import parse_query
from search.rank import scores
from search.store import Corpus, Store

GOLDEN = Path(__file__).with_name("golden") / "search.json"
NOTICES = 60
SEED = 11
HITS = 50

# Beyond the benchmark mix: word mode, grouping, every filter and sort, query fields.
VARIANTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("words 八项规定", {"q": "八项规定", "mode": "words"}),
    ("words 巡视整改", {"q": "巡视整改", "mode": "words"}),
    ("words AND", {"q": "形式主义 官僚主义", "mode": "words"}),
    ("words OR", {"q": "党风廉政建设 OR 选人用人", "mode": "words"}),
    ("words NOT", {"q": "整改 NOT 回头看", "mode": "words"}),
    ("words newest", {"q": "问题线索", "mode": "words", "sort": "newest"}),
    ("group relevance", {"q": "整改", "group": "1"}),
    ("group newest", {"q": "八项规定", "group": "1", "sort": "newest"}),
    ("group words", {"q": "民主生活会", "group": "1", "mode": "words"}),
    ("group page 2", {"q": "整改", "group": "1", "page": "2", "per_page": "10"}),
    ("kind 巡察", {"q": "整改", "kind": ["巡察"]}),
    ("kind 巡视 + flag", {"q": "", "kind": ["巡视"], "flag": ["回头看"], "sort": "newest"}),
    ("kind=回头看 as flag", {"q": "整改", "kind": ["回头看"]}),
    ("level county", {"q": "问题", "level": ["county"]}),
    ("level 市级", {"q": "问题", "level": ["市级"]}),
    ("year range", {"q": "整改", "year_from": "2017", "year_to": "2020", "sort": "oldest"}),
    ("two years", {"q": "党建", "year": ["2016", "2021"]}),
    ("oldest", {"q": "形式主义", "sort": "oldest"}),
    ("empty query newest", {"q": "", "sort": "newest"}),
    ("empty query oldest", {"q": "", "sort": "oldest"}),
    ("query kind:", {"q": "kind:巡察 整改"}),
    ("query level:", {"q": "level:县级 整改"}),
    ("query year:", {"q": "year:2019-2021 八项规定"}),
    ("query title:", {"q": "title:整改 问责"}),
    ("query section:", {"q": "section:八项规定 整改"}),
    ("query NOT field", {"q": "整改 -kind:巡视"}),
    ("traditional", {"q": "巡視整改"}),
    ("full width", {"q": "（一）"}),
    ("reuse hide", {"q": "监督", "reuse": "hide"}),
    ("reuse only", {"q": "监督", "reuse": "only"}),
)


def build_corpus(work: Path) -> tuple[Path, list[dict]]:
    """Generate the corpus into ``work/data`` and build ``work/index``."""
    manifest = generate(NOTICES, work / "data", SEED)
    build(work / "data", work / "index", quiet=True)
    return work / "index", manifest


def _requests(corpus: Corpus, manifest: list[dict]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for q in query_mix(manifest):
        args = q.params() | {"per_page": str(HITS)}
        if q.name == "deep page":
            args["page"] = "4"
        out.append((f"mix {q.name}: {q.q()} {q.filters_label()}".strip(), args))
    out.extend(VARIANTS)
    first = search(corpus, SearchParams.from_args({"q": "", "sort": "oldest", "per_page": 1}))
    nid = first["hits"][0]["notice_id"]
    out.append(("query notice:", {"q": f"notice:{nid} 整改"}))
    province = first["hits"][0]["province"]
    out.append(("province short form", {"q": "整改", "province": [province[:2]]}))
    return out


def _score_page(corpus: Corpus, args: dict[str, Any], hits: list[dict]) -> list[float | None]:
    """BM25F scores of the page's hits (None when the order is not by relevance)."""
    params = SearchParams.from_args(args)
    terms = parse_query(params.q).terms
    if params.sort != "relevance" or not terms:
        return [None] * len(hits)
    rows = np.array([corpus.row_of_pid[h["paragraph_id"]] for h in hits], dtype=np.int64)
    return [float(f"{s:.6g}") for s in scores(corpus, rows, terms).tolist()]


def _facets(result: dict[str, Any]) -> dict[str, list]:
    return {name: [[v["value"], v["count"], v["notices"], v["selected"]] for v in values]
            for name, values in result["facets"].items()}


def _answer(corpus: Corpus, args: dict[str, Any]) -> dict[str, Any]:
    result = search(corpus, SearchParams.from_args(args))
    out: dict[str, Any] = {"args": args, "total": result["total"], "pages": result["pages"],
                           "facets": _facets(result)}
    if result["groups"]:
        out["groups"] = [[g["notice"]["id"], g["count"],
                          [[h["paragraph_id"], h["snippet"]] for h in g["hits"]]]
                         for g in result["groups"]]
    else:
        hits = result["hits"][:HITS]
        out["hits"] = [[h["paragraph_id"], s, h["snippet"]]
                       for h, s in zip(hits, _score_page(corpus, args, hits), strict=True)]
    return out


def _views(corpus: Corpus) -> dict[str, Any]:
    """The reader, permalinks, exports and the research views on a few requests."""
    everything = list(iter_hits(corpus, SearchParams.from_args({"q": "", "sort": "oldest"})))
    nids = list(dict.fromkeys(h["notice_id"] for h in everything))
    views: dict[str, Any] = {"export 整改 newest": [
        [h["paragraph_id"], h["notice_id"], h["date"], h["section_path"], h["text"]]
        for h in iter_hits(corpus, SearchParams.from_args({"q": "整改", "sort": "newest"}))][:80]}
    for nid in (nids[0], nids[len(nids) // 2]):
        view = notice_view(corpus, nid, "整改 OR 巡视")
        assert view is not None
        views[f"notice {nid}"] = {
            "title": view["notice"]["title"], "terms": view["terms"],
            "toc": [[t["id"], t["depth"], t["text"]] for t in view["toc"]],
            "paragraphs": [[p["id"], p["ordinal"], p["kind"], p["depth"], p["section_path"],
                            p["html"], p["reuse"], [r["paragraph_id"] for r in p["reuse_links"]]]
                           for p in view["paragraphs"]]}
    for h in everything[::97][:6]:
        view = paragraph_view(corpus, h["paragraph_id"])
        assert view is not None
        views[f"paragraph {h['paragraph_id']}"] = [view["notice_id"], view["ordinal"],
                                                   view["section_path"], view["text"],
                                                   view["reuse"]]
    k = kwic(corpus, SearchParams.from_args({"q": "八项规定"}), width=12, sort="right",
             per_page=40)
    views["kwic 八项规定"] = [k["total"], [[ln["left"], ln["keyword"], ln["right"],
                                           ln["paragraph_id"]] for ln in k["lines"]]]
    r = reuse_view(corpus, SearchParams.from_args({"q": ""}), limit=15)
    views["reuse"] = [r["total"], [[c["notices"], c["paragraphs"], c["paragraph_id"],
                                    c["provinces"], c["years"]] for c in r["clusters"]]]
    f = figures_table(corpus, SearchParams.from_args({"q": "整改"}), sort="cases_opened")
    views["figures 整改"] = [f["total"], [[row["id"], row["figures"]] for row in f["rows"]]]
    d = distribution(corpus, SearchParams.from_args({"q": "形式主义"}))
    views["distribution 形式主义"] = [d["years"], d["provinces"]]
    return views


def answers(index: Path, manifest: list[dict]) -> dict[str, Any]:
    """Everything the golden file holds, computed from the index at ``index``."""
    corpus = Store(index).corpus()
    return {"corpus": {"notices": NOTICES, "seed": SEED},
            "searches": {name: _answer(corpus, args)
                         for name, args in _requests(corpus, manifest)},
            "views": _views(corpus)}


def _dump(obj: Any, depth: int) -> str:
    if isinstance(obj, dict) and obj:
        pad = " " * (depth + 1)
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(obj[k], depth + 1)}"
                 for k in sorted(obj)]
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"
    if isinstance(obj, list) and any(isinstance(x, list | dict) for x in obj):
        pad = " " * (depth + 1)
        return ("[\n" + ",\n".join(pad + _dump(x, depth + 1) if isinstance(x, dict)
                                    else pad + json.dumps(x, ensure_ascii=False, sort_keys=True)
                                    for x in obj)
                + "\n" + " " * depth + "]")
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def dumps(data: dict[str, Any]) -> str:
    """Stable JSON with one hit (facet value, paragraph, line) per line: readable diffs."""
    return _dump(data, 0) + "\n"


def compute() -> str:
    """The golden file's text for the current code."""
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        index, manifest = build_corpus(Path(tmp))
        return dumps(answers(index, manifest))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"rewrite {GOLDEN.name}")
    args = parser.parse_args(argv)
    text = compute()
    data = json.loads(text)
    if args.write:
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN} ({len(data['searches'])} searches, {len(data['views'])} views)")
        return 0
    old = json.loads(GOLDEN.read_text(encoding="utf-8"))
    differing = [k for k in data["searches"] if data["searches"][k] != old["searches"].get(k)]
    differing += [k for k in data["views"] if data["views"][k] != old["views"].get(k)]
    print("\n".join(differing) or "identical")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
