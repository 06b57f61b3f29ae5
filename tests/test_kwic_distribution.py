"""KWIC lines are exactly the literal occurrences; chart data sums to the facets."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.normalize import normalize
from indexer.build import build
from indexer.model import SourceDoc
from indexer.parse import parse_notice
from search.distribution import distribution
from search.engine import SearchParams, search
from search.kwic import kwic, lines
from search.query import QueryError
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    index = tmp_path_factory.mktemp("kwic-index")
    build(SEEDS, index, procs=1, quiet=True)
    return Store(index).corpus()


def _occurrences(term: str) -> int:
    """Independent count: every start position of the term in each normalized paragraph."""
    total = 0
    for f in SEEDS.glob("*.txt"):
        for p in parse_notice(SourceDoc(origin=f.name, text=f.read_text("utf-8"))).paragraphs:
            norm = normalize(p.text)
            total += sum(1 for i in range(len(norm)) if norm.startswith(term, i))
    return total


@pytest.mark.parametrize(
    "q", ["整改", "八项规定", "八項規定", "党", "（一）", "巡视 OR 巡察", "不存在的词"])
def test_line_count_equals_literal_occurrences(corpus, q):
    term = normalize(q.split()[0])
    result = kwic(corpus, SearchParams.from_args({"q": q}), per_page=10_000)
    assert result["total"]["lines"] == _occurrences(term)
    for line in result["lines"]:
        assert normalize(line["keyword"]) == term
        assert line["permalink"] == f"/p/{line['paragraph_id']}"


def test_context_width_and_alignment(corpus):
    result = kwic(corpus, SearchParams.from_args({"q": "八项规定"}), width=5)
    for line in result["lines"]:
        assert len(line["left"]) <= 5 and len(line["right"]) <= 5
        text = corpus.texts[corpus.row_of_pid[line["paragraph_id"]]]
        s = line["position"]
        assert text[s:s + len(line["keyword"])] == line["keyword"]
        assert text[:s].endswith(line["left"])


def test_sorting_by_left_and_right(corpus):
    params = SearchParams.from_args({"q": "整改"})
    right = kwic(corpus, params, sort="right", per_page=10_000)["lines"]
    assert [x["right"] for x in right] == sorted(x["right"] for x in right)
    left = kwic(corpus, params, sort="left", per_page=10_000)["lines"]
    assert [x["left"][::-1] for x in left] == sorted(x["left"][::-1] for x in left)


def test_filters_apply(corpus):
    everything = kwic(corpus, SearchParams.from_args({"q": "整改"}))["total"]["lines"]
    hunan = kwic(corpus, SearchParams.from_args({"q": "整改", "province": ["湖南省"]}))
    assert 0 < hunan["total"]["lines"] < everything
    assert {x["province"] for x in list(lines(corpus, SearchParams.from_args(
        {"q": "整改", "province": ["湖南省"]})))} == {"湖南省"}


def test_kwic_needs_a_term(corpus):
    with pytest.raises(QueryError):
        kwic(corpus, SearchParams.from_args({"q": ""}))
    with pytest.raises(QueryError):
        kwic(corpus, SearchParams.from_args({"q": "整改"}), sort="sideways")


@pytest.mark.parametrize("args", [{"q": "整改"}, {"q": "党", "kind": ["巡察"]}, {"q": ""}])
def test_distribution_sums_to_facets(corpus, args):
    params = SearchParams.from_args(args)
    dist = distribution(corpus, params)
    facets = search(corpus, params)["facets"]
    for facet in ("year", "province"):
        bars = dist[facet + "s"]
        assert {b["value"]: (b["paragraphs"], b["notices"]) for b in bars} == {
            v["value"]: (v["count"], v["notices"]) for v in facets[facet]}
        for b in bars:
            assert 0 < b["notices"] <= b["notices_in_index"]
            assert b["share"] == round(b["notices"] / b["notices_in_index"], 4)
    assert sum(b["paragraphs"] for b in dist["provinces"]) == dist["total"]["paragraphs"]


# ---------------------------------------------------------------- figures table

def test_figures_table_lists_exactly_the_notices_with_hits(corpus):
    from search.figures import figures_table

    params = SearchParams.from_args({"q": "立案"})
    table = figures_table(corpus, params, sort="cases_opened")
    hits = search(corpus, params)
    assert table["total"]["notices"] == hits["total"]["notices"]
    values = [r["figures"].get("cases_opened") for r in table["rows"]]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True)
    assert values[:len(present)] == present  # notices without the figure come last
    hangzhou = next(r for r in table["rows"] if r["county"] == "上城区")
    assert hangzhou["figures"]["cases_opened"] == 12
    assert hangzhou["figures"]["party_discipline"] == 9


def test_figures_are_in_the_notice_metadata(corpus):
    from search.engine import notice_view

    nid = next(n.id for n in corpus.notices if n.county == "上城区")
    view = notice_view(corpus, nid)
    written = {(f["label"], f["written"]) for f in view["notice"]["figures"]}
    assert ("money_recovered", "清退款项90.05万元") in written
    assert view["notice"]["figure_summary"]["money_recovered"] == 30_569_700
    pids = {p["id"] for p in view["paragraphs"]}
    assert all(f["paragraph_id"] in pids for f in view["notice"]["figures"])
