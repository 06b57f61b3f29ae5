"""The research views through Flask's test client: distribution charts, KWIC, rectification
figures and text reuse — each page, its JSON twin, its CSV export, its 400s and headers."""

from __future__ import annotations

import csv
import io
import itertools
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from analysis.vocab import FIGURE_LABELS
from app import create_app
from indexer.build import build
from web.render import SECURITY_HEADERS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "notices"
SHANGCHENG = "003_da27469e34e73c65.txt"
EDITS = (("上城区", "拱墅区"), ("江干区", "下城区"), ("进一步", "更加"), ("2021年", "2022年"))

DIST_KEYS = {"query", "total", "years", "provinces"}
BAR_KEYS = {"value", "paragraphs", "notices", "notices_in_index", "share"}
KWIC_KEYS = {"query", "term", "width", "sort", "total", "lines", "pages"}
KWIC_LINE_KEYS = {"left", "keyword", "right", "position", "paragraph_id", "notice_id", "title",
                  "issuer", "province", "city", "county", "year", "permalink"}
KWIC_PAGES_KEYS = {"page", "per_page", "last_page", "has_next", "has_prev", "next", "prev"}
FIGURES_KEYS = {"query", "sort", "desc", "cols", "labels", "columns", "rows", "totals", "total"}
FIGURE_ROW_KEYS = {"id", "title", "issuer", "province", "city", "county", "level", "kind",
                   "year", "figures", "cells", "permalink"}
REUSE_KEYS = {"query", "clusters", "total"}
CLUSTER_KEYS = {"cluster", "notices", "paragraphs", "text", "paragraph_id", "permalink",
                "provinces", "years"}
QUERY_KEYS = {"q", "province", "city", "county", "year", "level", "kind", "flag", "year_from",
              "year_to", "sort", "page", "per_page", "group", "mode", "reuse", "reuse_min"}
ERROR_KEYS = {"error", "message", "message_en"}
KWIC_CSV_HEADER = ["left", "keyword", "right", "notice_id", "paragraph_id", "title", "issuer",
                   "province", "city", "county", "year", "position", "permalink"]
FIGURES_CSV_HEADER = ["id", "title", "issuer", "province", "city", "county", "level", "kind",
                      "year", *FIGURE_LABELS, "permalink"]
DIST_CSV_HEADER = ["dimension", "value", "paragraphs", "notices", "notices_in_index", "share"]


def soup(resp) -> BeautifulSoup:
    return BeautifulSoup(resp.get_data(as_text=True), "html.parser")


def get_json(client, path: str, **args):
    resp = client.get(f"{path}?{urlencode(args, doseq=True)}")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.content_type == "application/json; charset=utf-8"
    return resp.get_json()


# The CSV headers a Chinese page gets, written out by hand (English ones: test_exports.py).
ZH_HEADERS = {
    "左侧语境": "left", "关键词": "keyword", "右侧语境": "right", "通报编号": "notice_id",
    "段落编号": "paragraph_id", "标题": "title", "发布机关": "issuer", "省份": "province",
    "城市": "city", "区县": "county", "年份": "year", "位置（字）": "position", "链接": "permalink",
    "层级": "level", "类型": "kind", "维度": "dimension", "取值": "value",
    "命中段数": "paragraphs", "命中通报数": "notices", "索引中通报数": "notices_in_index",
    "占比": "share", **{name: key for key, name in FIGURE_LABELS.items()},
}


def csv_rows(resp) -> list[list[str]]:
    """The rows of a CSV export, its Chinese header turned back into the column keys."""
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.content_type == "text/csv; charset=utf-8"
    assert resp.headers["Content-Disposition"].startswith("attachment; filename=")
    raw = resp.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    keys = [ZH_HEADERS[h] for h in rows[0]]
    if keys[0] == "notice_id":  # the figures table, one row per notice, keyed by "id"
        keys[0] = "id"
    return [keys, *rows[1:]]


def edited_copy(text: str) -> str:
    for old, new in EDITS:
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def reuse_client(tmp_path_factory):
    """The seeds plus an edited copy of 上城区's notice: 拱墅区 reuses most of its text."""
    data = tmp_path_factory.mktemp("reuse-data")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, data / f.name)
    text = (SEEDS / SHANGCHENG).read_text(encoding="utf-8")
    (data / "005_edited_copy.txt").write_text(edited_copy(text), encoding="utf-8")
    index = tmp_path_factory.mktemp("reuse-index")
    build(data, index, procs=1, quiet=True)
    return create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()


def notice_id_of(client, county: str) -> str:
    hits = get_json(client, "/api/search", county=county)["hits"]
    assert hits, county
    return hits[0]["notice_id"]


# ---------------------------------------------------------------- pages and JSON twins

PAGES = [
    "/distribution?q=整改", "/distribution", "/distribution?q=整改&province=浙江省&metric=share",
    "/kwic?q=八项规定", "/kwic?q=整改&width=10&sort=left&per_page=50&page=2",
    "/kwic?q=整改&province=湖南省&sort=right", "/figures", "/figures?q=立案&sort=cases_opened",
    "/figures?sort=year&desc=0", "/reuse", "/reuse?q=整改&limit=5", "/distribution?q=不存在的词组",
    "/kwic?q=不存在的词组",
]


@pytest.mark.parametrize("url", PAGES)
def test_research_pages_render(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    assert resp.content_type.startswith("text/html")
    doc = soup(resp)
    assert doc.html["lang"] == "zh-CN"
    assert doc.select_one("form.research-form input#q") is not None
    nav = doc.select(".research-nav .rn")
    # the seeds repeat no passage, so the repeated-passages tab shows only on its own page
    views = ["results", "distribution", "kwic", "figures"] + (["reuse"] if "/reuse" in url else [])
    assert [n["data-view"] for n in nav] == views
    assert len(doc.select(".research-nav .rn.current")) == 1
    # the search page's filter sidebar and match-mode switch stay in every view
    assert doc.select_one(".sidebar details.facets form.year-range") is not None
    if "不存在" not in url:
        assert doc.select(".sidebar .facet[data-facet=province] a.facet-link")
    assert doc.select_one("form.research-form input[name=mode][value=words]") is not None
    # every view links its JSON twin and its own permalink
    json_link = doc.select_one("a.json-link")
    assert json_link and json_link["href"].startswith("/api/")
    assert client.get(json_link["href"]).status_code == 200
    perma = doc.select_one("a.permalink-link")
    assert perma and client.get(perma["href"]).status_code == 200


def test_distribution_json_schema(client):
    data = get_json(client, "/api/distribution", q="整改")
    assert set(data) == DIST_KEYS
    assert set(data["query"]) == QUERY_KEYS
    assert set(data["total"]) == {"paragraphs", "notices"}
    for key in ("years", "provinces"):
        assert data[key]
        for bar in data[key]:
            assert set(bar) == BAR_KEYS
            assert 0 < bar["share"] <= 1
    years = [b["value"] for b in data["years"]]
    assert years == sorted(years)


def test_kwic_json_schema(client):
    data = get_json(client, "/api/kwic", q="八项规定")
    assert set(data) == KWIC_KEYS
    assert set(data["query"]) == QUERY_KEYS
    assert set(data["total"]) == {"lines"}
    assert set(data["pages"]) == KWIC_PAGES_KEYS
    assert data["term"] == "八项规定" and data["width"] == 30 and data["sort"] == "position"
    assert data["lines"]
    for line in data["lines"]:
        assert set(line) == KWIC_LINE_KEYS
        assert line["keyword"] == "八项规定"
        assert line["permalink"] == f"/p/{line['paragraph_id']}"
        assert len(line["left"]) <= 30 and len(line["right"]) <= 30


def test_figures_json_schema(client):
    data = get_json(client, "/api/figures", sort="cases_opened")
    assert set(data) == FIGURES_KEYS
    assert set(data["query"]) == QUERY_KEYS
    assert set(data["total"]) == {"notices", "with_figures"}
    assert data["sort"] == "cases_opened" and data["desc"] is True
    for lab in data["labels"]:
        assert set(lab) == {"key", "label_zh"} and FIGURE_LABELS[lab["key"]] == lab["label_zh"]
    for row in data["rows"]:
        assert set(row) == FIGURE_ROW_KEYS
        assert row["permalink"] == f"/notice/{row['id']}"
        assert set(row["figures"]) <= set(FIGURE_LABELS)
    assert get_json(client, "/api/figures", sort="year", desc="0")["desc"] is False


def test_reuse_json_schema(reuse_client):
    data = get_json(reuse_client, "/api/reuse", reuse_min=2)
    assert set(data) == REUSE_KEYS
    assert set(data["query"]) == QUERY_KEYS
    assert set(data["total"]) == {"clusters", "paragraphs"}
    assert data["clusters"]
    for c in data["clusters"]:
        assert set(c) == CLUSTER_KEYS
        assert c["notices"] >= 2 and sum(c["provinces"].values()) == c["notices"]
        assert sum(c["years"].values()) == c["notices"]
        assert c["permalink"] == f"/p/{c['paragraph_id']}"
    assert len(get_json(reuse_client, "/api/reuse", limit=3, reuse_min=2)["clusters"]) == 3


def test_reuse_json_without_reuse_is_empty(client):
    data = get_json(client, "/api/reuse")
    assert data["clusters"] == [] and data["total"] == {"clusters": 0, "paragraphs": 0}
    doc = soup(client.get("/reuse"))
    assert doc.select(".reuse-item") == [] and doc.select_one(".no-hits")


def test_api_index_lists_research_endpoints(client):
    endpoints = client.get("/api").get_json()["endpoints"]
    for name in ("distribution", "kwic", "figures", "reuse", "kwic_csv", "figures_csv",
                 "distribution_csv"):
        assert name in endpoints


# ---------------------------------------------------------------- errors

BAD = [
    pytest.param("/kwic", {}, "检索词", id="kwic-without-q"),
    pytest.param("/kwic", {"q": "-整改"}, "检索词", id="kwic-only-negated"),
    pytest.param("/kwic", {"q": "整改", "sort": "bogus"}, "sort", id="kwic-bad-sort"),
    pytest.param("/kwic", {"q": "整改", "width": "0"}, "width", id="kwic-width-0"),
    pytest.param("/kwic", {"q": "整改", "width": "201"}, "width", id="kwic-width-201"),
    pytest.param("/kwic", {"q": "整改", "width": "abc"}, "width", id="kwic-width-abc"),
    pytest.param("/kwic", {"q": "整改", "per_page": "501"}, "per_page", id="kwic-per-page-501"),
    pytest.param("/kwic", {"q": "(整改"}, "括号", id="kwic-bad-query"),
    pytest.param("/figures", {"q": "整改", "sort": "bogus"}, "sort", id="figures-bad-sort"),
    pytest.param("/figures", {"q": "整改", "desc": "maybe"}, "desc", id="figures-bad-desc"),
    pytest.param("/distribution", {"q": "整改", "metric": "bogus"}, "metric",
                 id="distribution-bad-metric"),
    pytest.param("/distribution", {"q": "整改", "reuse": "bogus"}, "reuse", id="dist-reuse"),
    pytest.param("/reuse", {"q": "整改", "reuse": "bogus"}, "reuse", id="reuse-bogus"),
    pytest.param("/reuse", {"q": "整改", "reuse_min": "1"}, "reuse_min", id="reuse-min-1"),
    pytest.param("/reuse", {"q": "整改", "limit": "0"}, "limit", id="reuse-limit-0"),
    pytest.param("/", {"q": "整改", "reuse": "bogus"}, "reuse", id="search-reuse-bogus"),
    pytest.param("/", {"q": "整改", "metric": "bogus"}, "metric", id="search-bad-metric"),
]
JSON_TWIN = {"/kwic": "/api/kwic", "/figures": "/api/figures", "/distribution":
             "/api/distribution", "/reuse": "/api/reuse", "/": "/api/search"}
CSV_TWIN = {"/kwic": "/kwic.csv", "/figures": "/figures.csv", "/distribution": "/distribution.csv",
            "/": "/export.csv"}


@pytest.mark.parametrize(("path", "args", "needle"), BAD)
def test_bad_args_html_400_keeps_query(client, path, args, needle):
    resp = client.get(f"{path}?{urlencode(args)}")
    assert resp.status_code == 400
    assert resp.content_type.startswith("text/html")
    doc = soup(resp)
    box = doc.select_one(".error-box")
    assert box is not None
    text = box.get_text()
    assert needle in text or needle in {"检索词": "term"}.get(needle, needle), text
    q = doc.select_one("input#q")
    assert q["value"] == args.get("q", "") and q["aria-invalid"] == "true"
    assert "Traceback" not in resp.get_data(as_text=True)
    for name, value in args.items():  # the bad value is not resubmitted by the form
        if name != "q" and name != "reuse_min":
            hidden = {(i["name"], i["value"]) for i in doc.select("form input[type=hidden]")}
            assert (name, value) not in hidden


@pytest.mark.parametrize(("path", "args", "needle"), BAD)
def test_bad_args_json_400(client, path, args, needle):
    if path == "/" and "metric" in args:
        return  # the chart metric is a page setting: the search API has no charts
    for twin in (JSON_TWIN[path], CSV_TWIN.get(path)):
        if twin is None:
            continue
        resp = client.get(f"{twin}?{urlencode(args)}")
        assert resp.status_code == 400, twin
        data = resp.get_json()
        assert ERROR_KEYS <= set(data), twin
        assert data["error"] in ("query", "params")
        assert needle in data["message"] or needle in data["message_en"] or (
            needle == "检索词" and "term" in data["message_en"])


def test_bad_args_english_message(client):
    resp = client.get("/kwic?" + urlencode({"q": "整改", "width": "0", "lang": "en"}))
    assert resp.status_code == 400
    box = soup(resp).select_one(".error-box")
    assert "between 1 and 200" in box.select_one(".msg").get_text()
    assert "width" in box.select_one(".msg-alt").get_text()


# ---------------------------------------------------------------- KWIC

@pytest.mark.parametrize("q", ["整改", "八项规定", "党", "巡视 OR 巡察"])
def test_kwic_csv_has_every_line(client, q):
    total = get_json(client, "/api/kwic", q=q)["total"]["lines"]
    for sort in ("position", "left", "right"):
        rows = csv_rows(client.get("/kwic.csv?" + urlencode({"q": q, "sort": sort})))
        assert rows[0] == KWIC_CSV_HEADER
        assert len(rows) - 1 == total, sort
    assert total > 0


def test_kwic_csv_values_and_width(client):
    rows = csv_rows(client.get("/kwic.csv?" + urlencode({"q": "八项规定", "width": 5})))
    recs = [dict(zip(KWIC_CSV_HEADER, r, strict=True)) for r in rows[1:]]
    lines = get_json(client, "/api/kwic", q="八项规定", width=5)["lines"]
    assert [(r["paragraph_id"], r["position"]) for r in recs] == [
        (x["paragraph_id"], str(x["position"])) for x in lines]
    for r in recs:
        assert r["keyword"] == "八项规定"
        assert len(r["left"]) <= 5 and len(r["right"]) <= 6  # +1 for a neutralizing quote
        assert r["permalink"] == f"http://localhost/p/{r['paragraph_id']}"


def test_kwic_page_shows_total_and_aligned_lines(client):
    total = get_json(client, "/api/kwic", q="整改")["total"]["lines"]
    doc = soup(client.get("/kwic?q=整改&per_page=50"))
    assert int(doc.select_one(".kwic-total")["data-lines"]) == total
    assert f"共 {total} 处" in doc.select_one(".kwic-total").get_text()
    rows = doc.select("table.kwic tbody tr")
    assert len(rows) == min(50, total)
    for row in rows:
        assert row.select_one(".kk mark").get_text() == "整改"
        href = row.select_one(".kk a")["href"]
        assert href.startswith(f"/p/{row['data-paragraph-id']}")
        assert parse_qs(urlsplit(href).query)["q"] == ["整改"]
    assert [r.select_one(".kn").get_text() for r in rows[:3]] == ["1", "2", "3"]
    # pagination reaches every line
    last = -(-total // 50)
    seen = 0
    for page in range(1, last + 1):
        seen += len(soup(client.get(f"/kwic?q=整改&per_page=50&page={page}")).select(
            "table.kwic tbody tr"))
    assert seen == total
    nav = doc.select_one(".pagination")
    assert nav is not None and "per_page=50" in nav.select_one("a[rel=next]")["href"]


def test_kwic_page_sorted_by_left_context(client):
    doc = soup(client.get("/kwic?q=整改&sort=left&per_page=500"))
    lefts = [td.get_text() for td in doc.select("table.kwic td.kl")]
    assert lefts == sorted(lefts, key=lambda s: s[::-1])
    assert doc.select_one(".kwic-sorts .current")["data-sort"] == "left"
    # the form keeps the settings; the filters ride along as hidden fields
    doc = soup(client.get("/kwic?" + urlencode({"q": "整改", "sort": "right", "width": 12,
                                                "province": "浙江省"})))
    form = doc.select_one("form.research-form")
    assert form.select_one("input[name=width]")["value"] == "12"
    assert form.select_one("select[name=sort] option[selected]")["value"] == "right"
    assert ("province", "浙江省") in {(i["name"], i["value"])
                                    for i in form.select("input[type=hidden]")}
    assert {td.select_one("a").get_text().split()[0] for td in doc.select("td.ks")} <= {
        "上城区", "杭州市", "浙江省"}


def test_kwic_filters_match_search_args(client):
    args = {"q": "整改", "province": "湖南省", "year_from": 2019}
    kw = get_json(client, "/api/kwic", **args)
    assert {x["province"] for x in get_json(client, "/api/kwic", per_page=500, **args)[
        "lines"]} == {"湖南省"}
    assert 0 < kw["total"]["lines"] < get_json(client, "/api/kwic", q="整改")["total"]["lines"]


# ---------------------------------------------------------------- distribution

@pytest.mark.parametrize("args", [{"q": "整改"}, {"q": "党", "kind": "巡察"}, {"q": ""},
                                  {"q": "整改", "province": "浙江省", "year": "2021"},
                                  {"q": "问责", "mode": "words"}])
def test_chart_data_sums_equal_facet_counts(client, args):
    facets = get_json(client, "/api/search", **args)["facets"]
    dist = get_json(client, "/api/distribution", **args)
    for facet, key in (("year", "years"), ("province", "provinces")):
        bars = dist[key]
        assert sum(b["paragraphs"] for b in bars) == sum(v["count"] for v in facets[facet])
        assert sum(b["notices"] for b in bars) == sum(v["notices"] for v in facets[facet])
        assert {b["value"] for b in bars} == {v["value"] for v in facets[facet]}
    # the charts on the search page draw exactly those numbers
    if not args["q"] and len(args) == 1:
        return  # the empty search page shows examples, not charts
    doc = soup(client.get("/?" + urlencode(args)))
    for facet in ("year", "province"):
        links = doc.select(f".chart-{facet} a.bar-link")
        assert sum(int(a["data-paragraphs"]) for a in links) == sum(
            v["count"] for v in facets[facet])
        assert sum(int(a["data-notices"]) for a in links) == sum(
            v["notices"] for v in facets[facet])


def test_search_page_charts_are_svg_with_tooltips_and_links(client):
    doc = soup(client.get("/?q=整改"))
    charts = doc.select_one("details.charts")
    assert charts is not None
    assert len(charts.select("svg.bars-svg")) == 2
    assert {r["value"] for r in charts.select("input.metric-radio")} == {
        "paragraphs", "notices", "share"}
    assert charts.select_one("input.metric-radio[checked]")["value"] == "paragraphs"
    for link in charts.select("a.bar-link"):
        facet = link.find_parent("figure")["data-facet"]
        assert parse_qs(urlsplit(link["href"]).query)[facet] == [link["data-value"]]
        assert parse_qs(urlsplit(link["href"]).query)["q"] == ["整改"]
        bars = link.select("rect.bar")
        assert len(bars) == 3
        for rect in bars:
            title = rect.select_one("title").get_text()
            assert link["data-value"] in title and "%" in title
    assert "地图" not in charts.get_text()  # no apology for what is not drawn
    assert soup(client.get("/?q=整改&metric=share")).select_one(
        "input.metric-radio[checked]")["value"] == "share"
    assert soup(client.get("/?q=不存在的词组")).select_one("details.charts") is None
    assert soup(client.get("/")).select_one("details.charts") is None


def test_year_chart_has_every_year_in_range_with_zeros(client):
    years = [b["value"] for b in get_json(client, "/api/distribution", q="整改")["years"]]
    assert years == ["2016", "2017", "2020", "2021"]  # the seeds: no notice of 2018-2019
    chart = soup(client.get("/?q=整改")).select_one(".chart-year svg")
    drawn = [g["data-value"] for g in chart.select("[data-value]")]
    assert drawn == ["2016", "2017", "2018", "2019", "2020", "2021"]
    for value in ("2018", "2019"):
        empty = chart.select_one(f'g.bar-empty[data-value="{value}"]')
        assert empty is not None and empty["data-paragraphs"] == "0"
    xs = [float(r["x"]) for r in chart.select("rect.hover-zone")]
    steps = {round(b - a, 1) for a, b in itertools.pairwise(xs)}
    assert len(steps) == 1  # evenly spaced years: the gap 2017-2020 is three steps wide
    ranged = soup(client.get("/?q=整改&year_from=2015&year_to=2022")).select_one(".chart-year svg")
    assert [g["data-value"] for g in ranged.select("[data-value]")] == [
        str(y) for y in range(2015, 2023)]


def test_year_bar_link_narrows_the_search(client):
    doc = soup(client.get("/?q=整改"))
    link = doc.select_one(".chart-year a.bar-link")
    narrowed = soup(client.get(link["href"]))
    el = narrowed.select_one(".totals")
    assert int(el["data-paragraphs"]) == int(link["data-paragraphs"])
    assert int(el["data-notices"]) == int(link["data-notices"])
    value = link["data-value"]
    assert narrowed.select_one(f".chart-year a.bar-link.selected[data-value='{value}']")


def test_distribution_page_table_and_csv(client):
    dist = get_json(client, "/api/distribution", q="整改")
    doc = soup(client.get("/distribution?q=整改"))
    assert len(doc.select("svg.bars-svg")) == 2
    for facet, key in (("year", "years"), ("province", "provinces")):
        rows = doc.select(f"table.dist-table[data-facet={facet}] tbody tr")
        assert [r["data-value"] for r in rows] == [b["value"] for b in dist[key]]
        for row, bar in zip(rows, dist[key], strict=True):
            cells = [td.get_text() for td in row.select("td")]
            assert cells[:3] == [str(bar["paragraphs"]), str(bar["notices"]),
                                 str(bar["notices_in_index"])]
    assert "地图" not in doc.get_text()
    rows = csv_rows(client.get("/distribution.csv?q=整改"))
    assert rows[0] == DIST_CSV_HEADER
    assert len(rows) - 1 == len(dist["years"]) + len(dist["provinces"])
    assert [r[1] for r in rows[1:]] == [b["value"] for b in dist["years"] + dist["provinces"]]
    assert {r[0] for r in rows[1:]} == {"年份", "省份"}


# ---------------------------------------------------------------- figures

def test_figures_csv_one_row_per_notice(client):
    for args in ({}, {"q": "立案"}, {"q": "整改", "province": "浙江省"}):
        data = get_json(client, "/api/figures", **args)
        rows = csv_rows(client.get("/figures.csv?" + urlencode(args)))
        assert rows[0] == FIGURES_CSV_HEADER
        assert len(rows) - 1 == data["total"]["notices"]
    rows = csv_rows(client.get("/figures.csv"))
    rec = next(dict(zip(FIGURES_CSV_HEADER, r, strict=True)) for r in rows[1:]
               if r[FIGURES_CSV_HEADER.index("county")] == "上城区")
    assert rec["cases_opened"] == "12" and rec["money_recovered"] == "30569700"
    assert rec["petitions"] == "1" and rec["problems_fed_back"] == ""
    assert rec["permalink"] == f"http://localhost/notice/{rec['id']}"


def test_figures_table_sorts_by_column(client):
    doc = soup(client.get("/figures?sort=cases_opened"))
    head = doc.select_one("th[data-sort=cases_opened]")
    assert head["aria-sort"] == "descending" and "sorted" in head["class"]
    values = [float(td["data-value"]) for td in doc.select("td[data-label=cases_opened]")
              if td.has_attr("data-value")]
    assert len(values) >= 2 and values == sorted(values, reverse=True)
    # clicking the sorted header again reverses it
    href = head.select_one("a")["href"]
    assert parse_qs(urlsplit(href).query)["desc"] == ["0"]
    doc = soup(client.get(href))
    values = [float(td["data-value"]) for td in doc.select("td[data-label=cases_opened]")
              if td.has_attr("data-value")]
    assert values == sorted(values)
    assert doc.select_one("th[data-sort=cases_opened]")["aria-sort"] == "ascending"
    # another header starts descending
    other = doc.select_one("th[data-sort=talks] a")["href"]
    assert parse_qs(urlsplit(other).query)["sort"] == ["talks"]
    assert "desc" not in parse_qs(urlsplit(other).query)


def test_figures_table_money_in_wan_yuan_with_exact_title(client):
    doc = soup(client.get("/figures?sort=money_recovered"))
    cells = doc.select("td[data-label=money_recovered][data-value]")
    assert cells
    top = cells[0]
    assert top.select_one("a.cell-link").get_text(strip=True) == "3,056.97 万元"
    assert "30,569,700 元" in top["title"]
    small = [c for c in cells if float(c["data-value"]) < 10_000]
    for c in small:
        assert c.get_text(strip=True).endswith(" 元") and "万" not in c.get_text()


def test_notice_reader_figures_panel(client):
    nid = notice_id_of(client, "上城区")
    notice = get_json(client, f"/api/notice/{nid}")["notice"]
    doc = soup(client.get(f"/notice/{nid}"))
    panel = doc.select_one("details.figures-panel")
    assert panel is not None
    items = panel.select("li.figure")
    assert len(items) == len(notice["figures"])
    pids = {p["id"] for p in get_json(client, f"/api/notice/{nid}")["paragraphs"]}
    for li, fig in zip(items, notice["figures"], strict=True):
        assert li["data-label"] == fig["label"]
        assert li.select_one(".fig-label").get_text() == fig["label_zh"]
        assert fig["written"] in li.select_one(".fig-written").get_text()
        href = li.select_one("a")["href"]
        assert href == f"#p-{fig['paragraph_id']}" and fig["paragraph_id"] in pids
        assert doc.select_one(f"#p-{fig['paragraph_id']}") is not None
    opened = panel.select_one("li.figure[data-label=cases_opened]")
    assert "立案" in opened.get_text() and "12 件" in opened.get_text()
    money = [li for li in items if li["data-label"] == "money_recovered"]
    assert {"90.05 万元", "2,966.92 万元"} <= {li.select_one(".fig-value").get_text()
                                              for li in money}
    assert all("元" in li.select_one(".fig-value")["title"] for li in money)
    # a notice without figures has no panel
    nid0 = next(r["id"] for r in get_json(client, "/api/figures")["rows"] if not r["figures"])
    assert soup(client.get(f"/notice/{nid0}")).select_one(".figures-panel") is None


def test_figures_page_in_english(client):
    doc = soup(client.get("/figures?lang=en"))
    assert doc.html["lang"] == "en"
    assert doc.select_one("th[data-sort=cases_opened]").get_text(strip=True) == "Cases opened"
    assert "Rectification figures" in doc.select_one("h1").get_text()


# ---------------------------------------------------------------- reuse

def test_reuse_filter_partitions_totals(reuse_client):
    for args in ({"q": "整改"}, {"q": ""}, {"q": "巡视", "province": "浙江省"}):
        everything = get_json(reuse_client, "/api/search", **args)["total"]
        hide = get_json(reuse_client, "/api/search", reuse="hide", reuse_min=2, **args)["total"]
        only = get_json(reuse_client, "/api/search", reuse="only", reuse_min=2, **args)["total"]
        assert hide["paragraphs"] + only["paragraphs"] == everything["paragraphs"]
        assert only["paragraphs"] > 0 and hide["paragraphs"] > 0
        # the default threshold (3 notices) finds no boilerplate among two copies
        assert get_json(reuse_client, "/api/search", reuse="only", **args)["total"][
            "paragraphs"] == 0
    # the page agrees, keeps the control's state and shows a chip
    doc = soup(reuse_client.get("/?q=整改&reuse=only&reuse_min=2"))
    totals = doc.select_one(".totals")
    only = get_json(reuse_client, "/api/search", q="整改", reuse="only", reuse_min=2)["total"]
    assert int(totals["data-paragraphs"]) == only["paragraphs"]
    form = doc.select_one("form.reuse-filter")
    assert form.select_one("select[name=reuse] option[selected]")["value"] == "only"
    assert form.select_one("input[name=reuse_min]")["value"] == "2"
    assert doc.select_one(".chip[data-facet=reuse]") is not None
    for badge in doc.select(".hit .reuse-badge"):
        assert int(badge["data-reuse"]) >= 1
    assert len(doc.select(".hit .reuse-badge")) == len(doc.select(".hit"))
    # every link of the page keeps the reuse filter
    for a in doc.select(".sorts a, .per-page a, .research-nav a.rn"):
        qs = parse_qs(urlsplit(a["href"]).query)
        assert qs.get("reuse") == ["only"] and qs.get("reuse_min") == ["2"], a["href"]


def test_hit_cards_show_reuse_badge(reuse_client):
    data = get_json(reuse_client, "/api/search", q="整改", per_page=100)
    reused = {h["paragraph_id"]: h["reuse"] for h in data["hits"] if h["reuse"] > 0}
    assert reused
    doc = soup(reuse_client.get("/?q=整改&per_page=100"))
    for card in doc.select("article.hit"):
        pid = card.select_one("a.permalink")["href"].removeprefix("/p/")
        badge = card.select_one(".reuse-badge")
        if pid in reused:
            assert badge is not None and int(badge["data-reuse"]) == reused[pid]
            assert "另见于 1 篇其他通报" in badge["title"]
        else:
            assert badge is None


def test_notice_reader_reuse_links(reuse_client):
    copy_id = notice_id_of(reuse_client, "拱墅区")
    orig_id = notice_id_of(reuse_client, "上城区")
    data = get_json(reuse_client, f"/api/notice/{copy_id}")
    reused = [p for p in data["paragraphs"] if p["reuse"] > 0]
    assert reused
    doc = soup(reuse_client.get(f"/notice/{copy_id}"))
    boxes = doc.select("details.reuse-links")
    assert len(boxes) == len(reused)
    for box, para in zip(boxes, reused, strict=True):
        assert box.find_parent(class_="para")["id"] == f"p-{para['id']}"
        assert "另见于 1 篇其他通报" in box.select_one("summary").get_text()
        links = box.select("li a")
        assert [a["href"] for a in links] == [link["permalink"] for link in para["reuse_links"]]
        assert all(link["notice_id"] == orig_id for link in para["reuse_links"])
    en = soup(reuse_client.get(f"/notice/{copy_id}?lang=en"))
    assert "also in 1 other notice" in en.select_one("details.reuse-links summary").get_text()


def test_reuse_page_lists_clusters(reuse_client):
    # the copy makes texts found in 2 notices; the default threshold is 3
    assert get_json(reuse_client, "/api/reuse", q="整改")["clusters"] == []
    data = get_json(reuse_client, "/api/reuse", q="整改", reuse_min=2)
    doc = soup(reuse_client.get("/reuse?q=整改&reuse_min=2"))
    items = doc.select("li.reuse-item")
    assert len(items) == len(data["clusters"]) > 0
    for li, c in zip(items, data["clusters"], strict=True):
        assert int(li["data-notices"]) == c["notices"]
        assert li.select_one("a.permalink")["href"].startswith(f"/p/{c['paragraph_id']}")
        provinces = [s.get_text() for s in li.select(".spread-province .sl")]
        assert provinces == list(c["provinces"])
        years = [s.get_text() for s in li.select(".spread-year .sl")]
        assert years == list(c["years"])
        assert c["text"][:40] in li.get_text()
    total = doc.select_one(".reuse-total")
    assert int(total["data-clusters"]) == data["total"]["clusters"]


# ---------------------------------------------------------------- navigation, help, headers

def test_search_toolbar_links_every_view_with_the_current_args(client):
    doc = soup(client.get("/?" + urlencode({"q": "整改", "province": "浙江省", "sort": "newest",
                                            "per_page": 50, "page": 2})))
    nav = {a["data-view"]: a["href"] for a in doc.select(".results .research-nav a.rn")}
    assert set(nav) == {"distribution", "kwic", "figures"}  # the seeds repeat no passage
    assert doc.select_one(".results .research-nav .current")["data-view"] == "results"
    for view, href in nav.items():
        parts = urlsplit(href)
        assert parts.path == f"/{view}"
        # the query and filters travel; the search page's own sort and paging do not
        assert parse_qs(parts.query) == {"q": ["整改"], "province": ["浙江省"]}
    back = soup(client.get(nav["kwic"])).select_one(".research-nav a.rn[data-view=results]")
    assert parse_qs(urlsplit(back["href"]).query) == {"q": ["整改"], "province": ["浙江省"]}


def test_help_and_api_doc_describe_the_research_views(client):
    doc = soup(client.get("/help"))
    for anchor in ("charts", "kwic", "figures", "reuse"):
        assert doc.select_one(f"section#{anchor}") is not None, anchor
        assert doc.select_one(f'.help-toc a[href="#{anchor}"]') is not None
    text = doc.get_text()
    for needle in ("/kwic", "/api/kwic", "/kwic.csv", "/distribution", "/figures.csv",
                   "/api/reuse", "reuse_min", "万元"):
        assert needle in text, needle
    api_doc = client.get("/help/api").get_data(as_text=True)
    for needle in ("/api/distribution", "/distribution.csv", "/api/kwic", "/kwic.csv",
                   "/api/figures", "/figures.csv", "/api/reuse", "reuse_min", "width"):
        assert needle in api_doc, needle


RESEARCH_URLS = ["/distribution?q=整改", "/kwic?q=整改", "/figures", "/reuse", "/api/distribution",
                 "/api/kwic?q=整改", "/api/figures", "/api/reuse", "/distribution.csv?q=整改",
                 "/kwic.csv?q=整改", "/figures.csv", "/kwic", "/api/kwic", "/kwic.csv",
                 "/figures?sort=bogus", "/api/figures?sort=bogus"]


@pytest.mark.parametrize("url", RESEARCH_URLS)
def test_security_headers_on_research_routes(client, url):
    resp = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, (url, name)


@pytest.mark.parametrize("url", ["/?q=整改", "/distribution?q=整改", "/kwic?q=整改", "/figures",
                                 "/reuse", "/kwic", "/figures?sort=bogus"])
def test_research_pages_have_no_inline_script_or_style(client, url):
    doc = soup(client.get(url))
    assert all(s.has_attr("src") for s in doc.select("script"))
    assert doc.select("style") == [] and doc.select("[style]") == []
    assert not [el for el in doc.find_all(True)
                if any(a.lower().startswith("on") for a in el.attrs)]
    assert not re.search(r'(src|href)="(https?:)?//', str(doc))


def test_research_views_escape_the_query(client):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    for path in ("/distribution", "/kwic", "/figures", "/reuse"):
        body = client.get(f"{path}?{urlencode({'q': payload})}").get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body, path


def test_research_views_in_english(client):
    doc = soup(client.get("/kwic?q=整改&lang=en"))
    assert doc.html["lang"] == "en"
    assert re.search(r"\d+ occurrences", doc.select_one(".kwic-total").get_text())
    assert [a.get_text() for a in doc.select(".research-nav .rn")] == [
        "Results", "Distribution", "KWIC", "Figures"]
    doc = soup(client.get("/distribution?q=整改&lang=en"))
    assert "choropleth" not in doc.get_text() and "By year" in doc.get_text()
