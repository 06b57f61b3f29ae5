"""The web app through Flask's test client: every page and API endpoint, errors, exports,
security headers, language toggle, and that the page and the API agree."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from app import create_app
from web.render import SECURITY_HEADERS

SEARCH_KEYS = {"query", "total", "hints", "facets", "hits", "groups", "pages", "index",
               "took_ms"}
HIT_KEYS = {"paragraph_id", "notice_id", "ordinal", "kind", "section_path", "snippet", "title",
            "issuer", "province", "city", "county", "level", "inspection_kind", "notice_kind",
            "flags", "year", "date", "permalink", "reuse"}
FACET_NAMES = {"province", "city", "county", "year", "level", "kind", "flag"}
FACET_VALUE_KEYS = {"value", "count", "notices", "selected"}
PAGES_KEYS = {"page", "per_page", "last_page", "items", "has_next", "has_prev", "next", "prev"}
NOTICE_META_KEYS = {"id", "source_file", "title", "issuer", "province", "city", "county",
                    "region_code", "former_region", "level", "inspection_kind", "kind", "flags",
                    "inspector", "round", "inspection_start", "inspection_end", "feedback_date",
                    "published_date", "posted_date", "year", "year_basis", "source", "url",
                    "figures", "figure_summary", "region_source", "level_source",
                    "published_source", "overridden"}
# The export's columns and the headers a Chinese page gets for them (written out by hand).
EXPORT_COLUMNS = ["paragraph_id", "notice_id", "ordinal", "paragraph_kind", "title", "issuer",
                  "province", "city", "county", "level", "kind", "flags", "year", "date",
                  "section_path", "text", "reuse", "permalink"]
EXPORT_HEADER_ZH = ["段落编号", "通报编号", "段落序号", "段落类型", "标题", "发布机关", "省份",
                    "城市", "区县", "层级", "类型", "标记", "年份", "日期", "章节", "段落文字",
                    "另见于其他通报数", "链接"]
EXPORT_HEADER_EN = ["Paragraph ID", "Notice id", "Paragraph number", "Paragraph kind", "Title",
                    "Issuer", "Province", "City", "County / district", "Level", "Type", "Flags",
                    "Year", "Date", "Section", "Text", "Also in other notices", "Link"]


def soup(resp) -> BeautifulSoup:
    return BeautifulSoup(resp.get_data(as_text=True), "html.parser")


def api(client, **args):
    resp = client.get("/api/search?" + urlencode(args, doseq=True))
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_json()


def page_totals(resp) -> tuple[int, int]:
    el = soup(resp).select_one(".totals")
    assert el is not None, "no totals on the page"
    return int(el["data-paragraphs"]), int(el["data-notices"])


@pytest.fixture(scope="module")
def some_hit(client_m):
    return api(client_m, q="巡视")["hits"][0]


@pytest.fixture(scope="module")
def client_m(app):
    return app.test_client()


@pytest.fixture(scope="module")
def notice_id(client_m) -> str:
    """A notice with a title and several headings (for the reader tests)."""
    for hit in api(client_m, q="整改", per_page=100)["hits"]:
        if hit["title"]:
            return hit["notice_id"]
    raise AssertionError("no titled notice in the seed corpus")


# ---------------------------------------------------------------- pages render

@pytest.mark.parametrize("url", [
    "/", "/?q=巡视", "/?q=巡视&group=1", "/?q=整改&sort=newest", "/?q=整改&sort=oldest",
    "/?q=八项规定&mode=words", "/?province=湖南省", "/?q=整改&page=2", "/help", "/help/api",
    "/?q=整改&per_page=100", "/?q=整改&page=999",
])
def test_pages_render(client, url):
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp.content_type.startswith("text/html")
    doc = soup(resp)
    assert doc.html["lang"] == "zh-CN"
    assert doc.select_one("form.searchbox") is not None or "/help" in url


def test_empty_state_has_examples_and_help_link(client):
    doc = soup(client.get("/"))
    assert doc.select_one(".empty-state") is not None
    examples = doc.select(".examples a")
    assert len(examples) >= 4
    assert any(a["href"] == "/help" for a in doc.select("a"))
    assert doc.select(".hit") == []
    # the facets are still there for browsing
    assert doc.select(".facet[data-facet=province] .facet-link")


def test_example_queries_all_find_something(client):
    doc = soup(client.get("/"))
    for a in doc.select(".examples a"):
        resp = client.get(a["href"])
        assert resp.status_code == 200, a["href"]
        assert page_totals(resp)[0] > 0, a["href"]


def test_search_page_keeps_query_and_shows_cards(client):
    resp = client.get("/?q=八项规定")
    doc = soup(resp)
    assert doc.select_one("input#q")["value"] == "八项规定"
    cards = doc.select("article.hit")
    assert cards
    for card in cards:
        assert card.select_one(".snippet mark").get_text() == "八项规定"
        assert card.select_one("a.permalink")["href"].startswith("/p/")
        assert card.select_one(".hit-title a").get_text(strip=True)
    text = doc.get_text()
    assert re.search(r"\d+ 段 / \d+ 篇通报", text)
    # JSON twin and exports carry the same arguments
    assert doc.select_one("a.json-link")["href"] == "/api/search?" + urlencode({"q": "八项规定"})
    hrefs = [a["href"] for a in doc.select("a.export-link")]
    assert any(h.startswith("/export.csv?q=") for h in hrefs)
    assert any(h.startswith("/export.jsonl?q=") for h in hrefs)


def test_hit_card_shows_region_breadcrumb_and_issuer(client):
    doc = soup(client.get("/?q=" + "作风建设"))
    card = next(c for c in doc.select("article.hit") if c.select(".crumbs li"))
    assert "›" in card.select_one(".region").get_text()
    assert card.select_one("time")
    assert card.select(".crumbs li")


@pytest.mark.parametrize("args", [
    {"q": "巡视"}, {"q": "整改", "province": "湖南省"}, {"q": "整改 OR 反馈", "year": "2021"},
    {"q": "八项规定", "mode": "words"}, {"q": "", "kind": "巡察"},
    {"q": "整改", "year_from": "2017", "year_to": "2020"}, {"q": "问题", "group": "1"},
])
def test_page_totals_equal_api_totals(client, args):
    data = api(client, **args)
    resp = client.get("/?" + urlencode(args))
    assert resp.status_code == 200
    assert page_totals(resp) == (data["total"]["paragraphs"], data["total"]["notices"])


# ---------------------------------------------------------------- facets, chips, state

def test_facet_selection_narrows_totals_and_shows_chip(client):
    base = api(client, q="整改")
    prov = base["facets"]["province"][0]
    doc = soup(client.get("/?q=整改"))
    link = doc.select_one(f'.facet[data-facet=province] a.facet-link[data-value="{prov["value"]}"]')
    assert link["aria-checked"] == "false"
    assert f'{prov["count"]} 段 · {prov["notices"]} 篇' in link.get_text()
    resp = client.get(link["href"])
    assert resp.status_code == 200
    p, n = page_totals(resp)
    assert p == prov["count"] < base["total"]["paragraphs"]
    assert n == prov["notices"]
    doc2 = soup(resp)
    chip = doc2.select_one(".chip[data-facet=province]")
    assert prov["value"] in chip.get_text()
    ticked = doc2.select_one(f'a.facet-link[data-value="{prov["value"]}"]')
    assert ticked["aria-checked"] == "true"
    # removing the chip restores the unfiltered totals, keeping the query
    back = client.get(chip["href"])
    assert page_totals(back) == (base["total"]["paragraphs"], base["total"]["notices"])
    assert soup(back).select_one("input#q")["value"] == "整改"


def test_multi_select_is_or_within_a_facet(client):
    base = api(client, q="整改")
    a, b = base["facets"]["province"][:2]
    both = api(client, q="整改", province=[a["value"], b["value"]])
    assert both["total"]["paragraphs"] == a["count"] + b["count"]
    sel = {f["value"] for f in both["facets"]["province"] if f["selected"]}
    assert sel == {a["value"], b["value"]}
    # each ticked box on the page links to the state without it
    doc = soup(client.get("/?" + urlencode({"q": "整改", "province": [a["value"], b["value"]]},
                                           doseq=True)))
    link = doc.select_one(f'a.facet-link[data-value="{a["value"]}"]')
    assert parse_qs(urlsplit(link["href"]).query)["province"] == [b["value"]]
    assert len(doc.select(".chip[data-facet=province]")) == 2


def test_facets_across_fields_and_year_range_narrow(client):
    base = api(client, q="整改")
    narrowed = api(client, q="整改", year_from=2020, year_to=2021)
    assert 0 < narrowed["total"]["paragraphs"] < base["total"]["paragraphs"]
    assert {h["year"] for h in narrowed["hits"]} <= {2020, 2021}
    doc = soup(client.get("/?q=整改&year_from=2020&year_to=2021"))
    assert doc.select_one(".chip[data-facet=year_from]")
    assert doc.select_one(".chip[data-facet=year_to]")
    assert doc.select_one("form.year-range input[name=year_from]")["value"] == "2020"
    kind = api(client, q="整改", kind="巡察", year="2021")
    assert all(h["notice_kind"] == "巡察" and h["year"] == 2021 for h in kind["hits"])


def test_every_facet_value_shows_paragraph_and_notice_counts(client):
    data = api(client, q="整改")
    doc = soup(client.get("/?q=整改"))
    for name, values in data["facets"].items():
        links = doc.select(f".facet[data-facet={name}] a.facet-link")
        assert len(links) == len(values), name
        for link, v in zip(links, values, strict=True):
            assert link.select_one(".fc").get_text() == f'{v["count"]} 段 · {v["notices"]} 篇'


def test_sorts(client):
    newest = api(client, q="整改", sort="newest", per_page=100)["hits"]
    oldest = api(client, q="整改", sort="oldest", per_page=100)["hits"]
    assert [h["date"] for h in newest] == sorted((h["date"] for h in newest), reverse=True)
    assert [h["date"] for h in oldest] == sorted(h["date"] for h in oldest)
    doc = soup(client.get("/?q=整改&sort=newest"))
    assert doc.select_one(".sorts .current").get_text() == "最新"
    assert {a.get_text() for a in doc.select(".sorts a")} == {"相关度", "最早"}


def test_pagination_reaches_every_hit(client):
    first = api(client, q="整改", per_page=20)
    last_page = first["pages"]["last_page"]
    assert last_page > 2
    seen = []
    for page in range(1, last_page + 1):
        seen += [h["paragraph_id"] for h in api(client, q="整改", page=page)["hits"]]
    assert len(seen) == len(set(seen)) == first["total"]["paragraphs"]
    doc = soup(client.get("/?q=整改&page=2"))
    nav = doc.select_one("nav.pagination")
    rels = {a.get("rel")[0] for a in nav.select("a[rel]")}
    assert rels == {"first", "prev", "next", "last"}
    assert nav.select_one("a[rel=last]")["href"].endswith(f"page={last_page}")
    assert nav.select_one("[aria-current=page]").get_text() == "2"


def test_group_by_notice(client):
    data = api(client, q="整改", group=1)
    assert data["hits"] == [] and data["groups"]
    assert set(data["groups"][0]) == {"notice", "count", "hits"}
    doc = soup(client.get("/?q=整改&group=1"))
    groups = doc.select("article.group")
    assert len(groups) == len(data["groups"])
    assert doc.select_one("a.group-toggle")["aria-checked"] == "true"
    more = doc.select_one(".group-all a")
    assert more is not None and "notice%3A" in more["href"]
    assert page_totals(client.get(more["href"]))[1] == 1


def test_words_mode_is_labelled_broader(client):
    doc = soup(client.get("/?q=八项规定&mode=words"))
    assert doc.select_one("input[name=mode][value=words]").has_attr("checked")
    assert "更宽" in doc.select_one(".mode-switch").get_text()
    assert doc.select_one(".notice-words")


def test_search_within_results(client):
    resp = client.get("/?" + urlencode({"q": "整改", "province": "湖南省", "within": "作风"}))
    assert resp.status_code == 302
    loc = urlsplit(resp.headers["Location"])
    args = parse_qs(loc.query)
    assert args["q"] == ["整改 作风"] and args["province"] == ["湖南省"]
    assert "within" not in args
    narrowed = client.get(resp.headers["Location"])
    before = api(client, q="整改", province="湖南省")["total"]["paragraphs"]
    assert page_totals(narrowed)[0] < before
    # an OR query is parenthesized so the new term narrows all of it
    resp = client.get("/?" + urlencode({"q": "四风 OR 作风", "within": "整改"}))
    assert parse_qs(urlsplit(resp.headers["Location"]).query)["q"] == ["(四风 OR 作风) 整改"]
    # the within box is on the page and carries the filters
    doc = soup(client.get("/?q=整改&province=湖南省"))
    form = doc.select_one("form.within")
    hidden = {(i["name"], i["value"]) for i in form.select("input[type=hidden]")}
    assert {("q", "整改"), ("province", "湖南省")} <= hidden
    assert form.select_one("input[name=within]")


# ---------------------------------------------------------------- JSON API

def test_api_search_schema(client):
    data = api(client, q="巡视")
    assert set(data) == SEARCH_KEYS
    assert set(data["total"]) == {"paragraphs", "notices"}
    assert set(data["facets"]) == FACET_NAMES
    assert set(data["pages"]) == PAGES_KEYS
    assert data["hits"]
    for hit in data["hits"]:
        assert set(hit) == HIT_KEYS
        assert hit["permalink"] == f"/p/{hit['paragraph_id']}"
    for values in data["facets"].values():
        for v in values:
            assert set(v) == FACET_VALUE_KEYS
    assert data["query"]["q"] == "巡视" and data["query"]["terms"] == ["巡视"]


def test_api_accepts_all_page_parameters(client):
    data = api(client, q="整改", province=["湖南省", "浙江省"], year=["2020", "2021"],
               level="county", kind="巡视", year_from=2019, year_to=2022, sort="newest",
               page=1, per_page=100, mode="exact")
    assert data["total"]["paragraphs"] > 0
    assert data["query"]["per_page"] == 100 and data["query"]["sort"] == "newest"
    assert {h["province"] for h in data["hits"]} <= {"湖南省", "浙江省"}
    assert api(client, q="整改", flag="回头看")["total"]["notices"] == 1


def test_json_aliases_match_api(client, some_hit):
    assert client.get("/search.json?q=巡视").get_json()["total"] == api(client, q="巡视")["total"]
    nid, pid = some_hit["notice_id"], some_hit["paragraph_id"]
    assert client.get(f"/notice/{nid}.json").get_json() == \
        client.get(f"/api/notice/{nid}").get_json()
    assert client.get(f"/p/{pid}.json").get_json() == \
        client.get(f"/api/paragraph/{pid}").get_json()
    assert client.get("/api").get_json()["endpoints"]["search"].startswith("/api/search")


def test_api_notice_and_paragraph(client, some_hit):
    nid, pid = some_hit["notice_id"], some_hit["paragraph_id"]
    data = client.get(f"/api/notice/{nid}?q=巡视").get_json()
    assert set(data) == {"notice", "paragraphs", "toc", "terms"}
    assert set(data["notice"]) == NOTICE_META_KEYS
    assert data["terms"] == ["巡视"]
    assert any("<mark>巡视</mark>" in p["html"] for p in data["paragraphs"])
    para = client.get(f"/api/paragraph/{pid}").get_json()
    assert para["paragraph_id"] == pid and para["notice_id"] == nid
    assert para["text"] and set(para["notice"]) == NOTICE_META_KEYS


# ---------------------------------------------------------------- errors

BAD_ARGS = [
    pytest.param({"q": '"八项规定'}, "引号", id="unbalanced-quote"),
    pytest.param({"q": "(八项规定 OR 整改"}, "括号", id="unbalanced-open-paren"),
    pytest.param({"q": "八项规定 整改)"}, "括号", id="unbalanced-close-paren"),
    pytest.param({"q": "OR"}, "OR", id="lone-or"),
    pytest.param({"q": "整改 OR"}, "OR", id="dangling-or"),
    pytest.param({"q": "整改", "per_page": "0"}, "per_page", id="per_page-0"),
    pytest.param({"q": "整改", "per_page": "101"}, "per_page", id="per_page-101"),
    pytest.param({"q": "整改", "page": "abc"}, "page", id="page-abc"),
    pytest.param({"q": "整改", "sort": "bogus"}, "排序", id="sort-bogus"),
    pytest.param({"q": "整改", "mode": "fuzzy"}, "模式", id="mode-bogus"),
    pytest.param({"q": "整" * 1001}, "过长", id="query-too-long"),
    pytest.param({"q": "year:20x"}, "年份", id="bad-year-field"),
    pytest.param({"q": "整改", "year": "1800"}, "year", id="year-out-of-range"),
]


@pytest.mark.parametrize(("args", "needle"), BAD_ARGS)
def test_bad_query_html_400_keeps_query(client, args, needle):
    resp = client.get("/?" + urlencode(args))
    assert resp.status_code == 400
    doc = soup(resp)
    box = doc.select_one(".error-box")
    assert box is not None and needle in box.get_text()
    assert doc.select_one("input#q")["value"] == args["q"]
    assert doc.select_one("input#q")["aria-invalid"] == "true"
    assert "Traceback" not in resp.get_data(as_text=True)


@pytest.mark.parametrize(("args", "needle"), BAD_ARGS)
def test_bad_query_api_400_json(client, args, needle):
    for path in ("/api/search", "/export.csv", "/export.jsonl"):
        resp = client.get(path + "?" + urlencode(args))
        assert resp.status_code == 400, path
        data = resp.get_json()
        assert {"error", "message", "message_en"} <= set(data)
        assert data["error"] in ("query", "params")
        assert needle in data["message"] or needle in data["message_en"]


def test_bad_query_message_in_english_when_toggled(client):
    resp = client.get("/?" + urlencode({"q": '"八项规定', "lang": "en"}))
    assert resp.status_code == 400
    box = soup(resp).select_one(".error-box")
    assert "Unbalanced quote" in box.select_one(".msg").get_text()
    assert "引号" in box.select_one(".msg-alt").get_text()


def test_bad_parameter_is_dropped_from_the_correction_form(client):
    resp = client.get("/?" + urlencode({"q": "整改", "per_page": "0", "sort": "bogus",
                                        "province": "湖南省"}))
    assert resp.status_code == 400
    hidden = {i["name"]: i["value"] for i in soup(resp).select("form.searchbox input[type=hidden]")}
    assert hidden == {"province": "湖南省"}
    assert soup(resp).select_one("input#q")["value"] == "整改"


def test_bad_query_keeps_filters_in_form(client):
    resp = client.get("/?" + urlencode({"q": "(整改", "province": "湖南省", "sort": "newest"}))
    assert resp.status_code == 400
    hidden = {(i["name"], i["value"])
              for i in soup(resp).select("form.searchbox input[type=hidden]")}
    assert {("province", "湖南省"), ("sort", "newest")} <= hidden


@pytest.mark.parametrize("url", ["/notice/nosuchnotice", "/p/nosuchparagraph", "/nowhere",
                                 "/notice/nosuchnotice?q=巡视", "/help/nothing"])
def test_404_html_with_search_box(client, url):
    resp = client.get(url)
    assert resp.status_code == 404
    assert resp.content_type.startswith("text/html")
    doc = soup(resp)
    assert doc.select_one("form.searchbox input[name=q]") is not None
    assert "未找到" in doc.get_text()


@pytest.mark.parametrize("url", ["/api/notice/nosuchnotice", "/api/paragraph/nosuchparagraph",
                                 "/notice/nosuchnotice.json", "/p/nosuchparagraph.json",
                                 "/api/nowhere"])
def test_404_json(client, url):
    resp = client.get(url)
    assert resp.status_code == 404
    data = resp.get_json()
    assert data["error"] == "not_found" and data["message"] and data["message_en"]


@pytest.mark.parametrize("url", ["/?q=%FF%FE", "/api/search?q=%C3%28", "/?q=%E6%95",
                                 "/notice/%FF"])
def test_invalid_utf8_is_400(client, url):
    resp = client.get(url)
    assert resp.status_code == 400
    assert "Traceback" not in resp.get_data(as_text=True)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_non_get_is_405(client, method):
    for url in ("/", "/api/search", "/export.csv"):
        resp = getattr(client, method)(url)
        assert resp.status_code == 405, (method, url)
    assert client.head("/?q=巡视").status_code == 200


def test_missing_index_is_503(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    resp = client.get("/?q=巡视")
    assert resp.status_code == 503
    assert "make build" in resp.get_data(as_text=True)
    resp = client.get("/api/search?q=巡视")
    assert resp.status_code == 503 and resp.get_json()["error"] == "index_missing"
    assert client.get("/help").status_code == 200  # pages that need no index still work


def test_unreadable_index_is_503(tmp_path, caplog):
    (tmp_path / "current").symlink_to("gen-gone")  # a dangling generation, then a broken one
    (tmp_path / "gen-broken").mkdir()
    client = create_app({"INDEX_DIR": str(tmp_path), "TESTING": True}).test_client()
    assert client.get("/?q=巡视").status_code == 503
    (tmp_path / "current").unlink()
    (tmp_path / "current").symlink_to("gen-broken")
    resp = client.get("/?q=巡视")
    assert resp.status_code == 503 and "make build" in resp.get_data(as_text=True)
    assert "Traceback" not in resp.get_data(as_text=True)
    resp = client.get("/api/search?q=巡视")
    assert resp.status_code == 503 and resp.get_json()["error"] == "index_unavailable"
    assert "could not be loaded" in caplog.text


def test_unexpected_error_is_500_without_trace(index_dir, caplog, monkeypatch):
    import web.views as app_module

    def boom(*args, **kwargs):
        raise ZeroDivisionError("secret internal detail")

    monkeypatch.setattr(app_module, "search", boom)
    monkeypatch.setattr(app_module, "notice_view", boom)
    app = create_app({"INDEX_DIR": str(index_dir), "WARM_UP": False})
    client = app.test_client()
    for url in ("/?q=巡视", "/api/search?q=巡视", "/notice/x"):
        resp = client.get(url)
        assert resp.status_code == 500
        body = resp.get_data(as_text=True)
        assert "secret internal detail" not in body and "Traceback" not in body
        assert resp.headers["X-Frame-Options"] == "DENY"
    assert "secret internal detail" in caplog.text  # logged for the operator
    assert not app.debug


# ---------------------------------------------------------------- notice reader & permalinks

def test_permalink_redirects_to_reader(client, some_hit):
    pid, nid = some_hit["paragraph_id"], some_hit["notice_id"]
    resp = client.get(f"/p/{pid}")
    assert resp.status_code == 302
    assert resp.headers["Location"] == f"/notice/{nid}?p={pid}#p-{pid}"
    resp = client.get(f"/p/{pid}?q=巡视")
    loc = urlsplit(resp.headers["Location"])
    assert loc.path == f"/notice/{nid}" and loc.fragment == f"p-{pid}"
    assert parse_qs(loc.query) == {"q": ["巡视"], "p": [pid]}


def test_notice_reader(client, notice_id):
    data = client.get(f"/api/notice/{notice_id}").get_json()
    target = data["paragraphs"][5]["id"]
    resp = client.get(f"/notice/{notice_id}?q=整改&p={target}")
    assert resp.status_code == 200
    doc = soup(resp)
    meta = doc.select_one(".meta-panel")
    labels = [dt.get_text() for dt in meta.select("dt")]
    for label in ("标题", "发布机关", "省份", "城市", "区县", "区划代码", "原行政区", "层级",
                  "类型", "标记", "巡视（巡察）组", "轮次", "巡视开始", "巡视结束", "反馈日期",
                  "发布日期", "网页发布日期", "年份", "年份依据", "来源", "原文网址", "源文件"):
        assert label in labels
    assert doc.select_one("h1").get_text() == data["notice"]["title"]
    # every paragraph has its anchor and ¶ link; the targeted one is marked
    paras = doc.select(".notice-body .para")
    assert len(paras) == len(data["paragraphs"])
    for el, p in zip(paras, data["paragraphs"], strict=True):
        assert el["id"] == f"p-{p['id']}"
        number = el.select_one("a.pnum")  # the visible paragraph number is the permalink
        assert number["href"] == f"/p/{p['id']}" and number.get_text() == str(p["ordinal"])
        assert el.select_one("button.cite-btn")["data-cite"].endswith(f"/p/{p['id']}.")
    assert doc.select(".para.target") == [doc.select_one(f"#p-{target}")]
    # table of contents from the headings, indented by level
    toc = doc.select(".toc-list li")
    assert len(toc) == len(data["toc"]) > 0
    for li, h in zip(toc, data["toc"], strict=True):
        assert f"toc-l{min(h['level'], 4)}" in li["class"]
        assert li.select_one("a")["href"] == f"#p-{h['id']}"
    # the search terms are marked
    assert doc.select(".notice-body mark") and all(m.get_text() == "整改"
                                                   for m in doc.select(".notice-body mark"))
    assert doc.select_one(".back a")["href"] == "/?q=%E6%95%B4%E6%94%B9"
    assert doc.select_one("a.json-link")["href"].startswith(f"/api/notice/{notice_id}")


def test_notice_citation(client, notice_id):
    data = client.get(f"/api/notice/{notice_id}").get_json()
    n = data["notice"]
    para = next(p for p in data["paragraphs"] if p["section_path"] and p["kind"] == "body")
    doc = soup(client.get(f"/notice/{notice_id}"))
    cite = doc.select_one(f"#p-{para['id']} .cite-btn")["data-cite"]
    date = n["published_date"] or n["feedback_date"] or n["inspection_start"]
    for part in (n["issuer"], n["title"], date, " > ".join(para["section_path"]),
                 f"http://localhost/p/{para['id']}"):
        assert part in cite
    # the no-JS fallback: a readonly box with the notice citation
    box = doc.select_one("textarea.cite-box")
    assert box.has_attr("readonly") and n["issuer"] in box.get_text()
    assert doc.select_one("#cite-fallback textarea").has_attr("readonly")


def test_notice_with_malformed_q_still_renders(client, notice_id):
    resp = client.get(f"/notice/{notice_id}?q=%22broken")
    assert resp.status_code == 200
    assert soup(resp).select_one(".warn")
    assert client.get(f"/api/notice/{notice_id}?q=%22broken").status_code == 400


# ---------------------------------------------------------------- exports

@pytest.mark.parametrize("args", [{"q": "整改"}, {"q": ""}, {"q": "巡视", "province": "浙江省"},
                                  {"q": "不存在的词组"}, {"q": "整改", "group": "1", "page": "3"}])
def test_export_csv(client, args):
    total = api(client, **{k: v for k, v in args.items() if k not in ("group", "page")})
    resp = client.get("/export.csv?" + urlencode(args))
    assert resp.status_code == 200
    assert resp.content_type == "text/csv; charset=utf-8"
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="xunshi-hits-')
    # the file name says which query and which day: xunshi-hits-<q>-<YYYY-MM-DD>.csv
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    q_part = re.sub(r"[^\w\u3400-\u9fff-]+", "_", args["q"]).strip("_")
    assert re.fullmatch(rf"xunshi-hits-{re.escape(q_part) + '-' if q_part else ''}"
                        r"\d{4}-\d{2}-\d{2}\.csv", name), name
    raw = resp.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADER_ZH
    assert len(rows) - 1 == total["total"]["paragraphs"]
    for row in rows[1:]:
        rec = dict(zip(EXPORT_COLUMNS, row, strict=True))
        assert rec["permalink"] == f"http://localhost/p/{rec['paragraph_id']}"
        assert rec["text"]


def test_export_jsonl(client):
    total = api(client, q="整改")["total"]["paragraphs"]
    resp = client.get("/export.jsonl?q=整改")
    assert resp.status_code == 200
    assert '.jsonl"; filename*=' in resp.headers["Content-Disposition"]
    lines = resp.get_data(as_text=True).splitlines()
    assert len(lines) == total
    recs = [json.loads(line) for line in lines]
    assert len({r["paragraph_id"] for r in recs}) == total
    for r in recs:
        assert r["text"] and r["permalink"] == f"http://localhost/p/{r['paragraph_id']}"
        assert "snippet" not in r


def test_export_csv_values(client):
    raw = list(csv.reader(io.StringIO(
        client.get("/export.csv?q=作风建设").get_data().decode("utf-8-sig"))))
    rows = [dict(zip(EXPORT_COLUMNS, r, strict=True)) for r in raw[1:]]
    hits = {h["paragraph_id"]: h for h in api(client, q="作风建设", per_page=100)["hits"]}
    assert set(hits) == {r["paragraph_id"] for r in rows}
    kinds = {"heading": "标题段", "body": "正文段", "closing": "落款"}
    levels = {"central": "中央", "provincial": "省级", "prefecture": "市级", "county": "县级"}
    for r in rows:
        h = hits[r["paragraph_id"]]
        assert r["section_path"] == " > ".join(h["section_path"])
        assert r["kind"] == h["notice_kind"] and r["flags"] == ";".join(h["flags"])
        assert r["year"] == str(h["year"]) and r["date"] == h["date"]
        assert r["ordinal"] == str(h["ordinal"]) and r["paragraph_kind"] == kinds[h["kind"]]
        assert r["reuse"] == str(h["reuse"]) and r["level"] == levels[h["level"]]


def test_export_csv_in_english(client):
    resp = client.get("/export.csv?q=作风建设&lang=en")
    rows = list(csv.reader(io.StringIO(resp.get_data().decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADER_EN
    rec = dict(zip(EXPORT_COLUMNS, rows[1], strict=True))
    assert rec["paragraph_kind"] in ("heading", "body", "closing")
    assert rec["level"] in ("Central", "Provincial", "Prefecture", "County")
    assert rec["kind"].startswith("Inspection (xun")


@pytest.mark.parametrize("url", ["/api/search?q=整改", "/api/notice/x", "/api", "/search.json",
                                 "/api/kwic?q=整改", "/export.csv?q=整改", "/api/openapi.json"])
def test_json_api_charset_and_cors(client, url):
    resp = client.get(url)
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    if "json" in resp.content_type:
        assert resp.content_type == "application/json; charset=utf-8"
    assert "Access-Control-Allow-Origin" not in client.get("/?q=整改").headers


def test_next_and_prev_urls_walk_every_page(client):
    url, seen, pages = "/api/search?" + urlencode({"q": "整改", "province": "浙江省"}), [], 0
    while url:
        data = client.get(url).get_json()
        seen += [h["paragraph_id"] for h in data["hits"]]
        pages += 1
        nxt = data["pages"]["next"]
        if nxt:
            assert nxt.startswith("http://localhost/api/search?")
            back = client.get(nxt.removeprefix("http://localhost")).get_json()["pages"]["prev"]
            assert parse_qs(urlsplit(back).query) == parse_qs(urlsplit(
                "http://x" + url).query) | {"page": [str(data["pages"]["page"])]}
        url = nxt.removeprefix("http://localhost") if nxt else None
    assert pages == data["pages"]["last_page"] > 1
    assert len(seen) == len(set(seen)) == data["total"]["paragraphs"]
    assert data["pages"]["next"] is None


# ---------------------------------------------------------------- security

SECURITY_URLS = ["/", "/?q=巡视", "/?q=%22bad", "/help", "/help/api", "/api/search?q=巡视",
                 "/api/search?per_page=0", "/api/notice/none", "/notice/none", "/p/none",
                 "/export.csv?q=巡视", "/export.jsonl?q=巡视", "/static/style.css",
                 "/static/app.js", "/nowhere", "/?q=%FF", "/api",
                 # the research views and their twins
                 "/distribution?q=巡视", "/api/distribution?q=巡视", "/distribution.csv?q=巡视",
                 "/kwic?q=巡视", "/api/kwic?q=巡视", "/kwic.csv?q=巡视", "/kwic", "/api/kwic",
                 "/figures", "/api/figures", "/figures.csv", "/reuse", "/api/reuse"]


@pytest.mark.parametrize("url", SECURITY_URLS)
def test_security_headers_everywhere(client, url):
    resp = client.get(url)
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, (url, name)
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_security_headers_on_redirect_405_and_notice(client, some_hit):
    for resp in (client.get(f"/p/{some_hit['paragraph_id']}"), client.post("/"),
                 client.get(f"/notice/{some_hit['notice_id']}")):
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        csp = SECURITY_HEADERS["Content-Security-Policy"]
        assert resp.headers["Content-Security-Policy"] == csp


@pytest.mark.parametrize("url", ["/", "/?q=巡视", "/?q=整改&group=1", "/help", "/?q=%22x",
                                 "/notice/none", "/distribution?q=巡视", "/kwic?q=巡视",
                                 "/figures", "/reuse"])
def test_no_inline_script_or_style(client, url):
    doc = soup(client.get(url))
    assert all(s.has_attr("src") for s in doc.select("script"))
    assert doc.select("style") == []
    assert doc.select("[style]") == []
    assert not [el for el in doc.find_all(True)
                if any(a.lower().startswith("on") for a in el.attrs)]


def test_query_is_escaped(client):
    payload = '<script>alert(1)</script><img src=x onerror=alert(1)>"'
    resp = client.get("/?" + urlencode({"q": payload}))
    body = resp.get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    resp = client.get("/?" + urlencode({"q": "<b>x</b>巡视"}))
    assert "<b>x</b>" not in resp.get_data(as_text=True)


def test_static_assets_are_local(client):
    body = client.get("/?q=巡视").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', body)
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


# ---------------------------------------------------------------- language

def test_lang_toggle_changes_labels_and_sets_cookie(client):
    zh = soup(client.get("/?q=巡视"))
    assert zh.html["lang"] == "zh-CN"
    assert zh.select_one(".searchbox button").get_text() == "检索"
    toggle = zh.select_one("a.lang-toggle")
    assert toggle.get_text() == "English"
    resp = client.get(toggle["href"])
    assert "lang=en" in resp.headers["Set-Cookie"]
    en = soup(resp)
    assert en.html["lang"] == "en"
    assert en.select_one(".searchbox button").get_text() == "Search"
    assert re.search(r"\d+ paragraphs / \d+ notices", en.select_one(".totals").get_text())
    assert en.select_one(".sorts .current").get_text() == "Relevance"
    # the cookie keeps English on the next page, without the parameter
    again = soup(client.get("/help"))
    assert again.html["lang"] == "en" and "Glossary" in again.get_text()
    back = client.get("/?lang=zh")
    assert soup(back).html["lang"] == "zh-CN"
    assert soup(client.get("/")).select_one(".searchbox button").get_text() == "检索"


def test_help_page_content(client):
    doc = soup(client.get("/help"))
    text = doc.get_text()
    for needle in ("OR", "NOT", "(一)", "province:", "city:", "county:", "year:2019-2021",
                   "kind:", "level:", "title:", "section:", "notice:", "分词", "繁体", "回头看",
                   "巡察", "反馈", "整改", "专项", "机动", "提级"):
        assert needle in text, needle
    assert doc.select_one('a[href="/help/api"]')
    api_doc = client.get("/help/api").get_data(as_text=True)
    assert "/api/search" in api_doc and "/export.csv" in api_doc


def test_api_doc_file_exists():
    assert (Path(__file__).resolve().parent.parent / "docs" / "api.md").is_file()


def test_stats_page_and_json(client):
    data = client.get("/api/stats").get_json()
    assert data == client.get("/stats.json").get_json()
    index = api(client)["index"]  # the same totals the search reports
    assert (data["notices"], data["paragraphs"]) == (index["notices"], index["paragraphs"])
    # an independent recount from the notices themselves (the seeds: 2 lack a title)
    titled = {h["notice_id"] for h in api(client, q="整改", per_page=100)["hits"] if h["title"]}
    title = next(f for f in data["fields"] if f["field"] == "title")
    assert title["count"] == len(titled) == data["notices"] - len(title["missing"])
    page = soup(client.get("/stats"))
    assert int(page.select_one(".stats-index")["data-notices"]) == data["notices"]
    row = page.select_one('tr[data-field="title"]')
    assert row["data-missing"] == str(len(title["missing"]))
    links = {a["href"] for a in row.select("details.missing a")}
    assert links == {f"/notice/{nid}" for nid in title["missing"]}
    assert page.select_one('a[href="/api/stats"]')


def test_reader_says_where_region_level_and_date_came_from(client, notice_id):
    n = client.get(f"/api/notice/{notice_id}").get_json()["notice"]
    doc = soup(client.get(f"/notice/{notice_id}"))
    shown = {el.find_parent("div")["class"][1]: el["data-source"]
             for el in doc.select(".meta-list .evidence")}
    expected = {f"meta-{f}": n[src] for f, src in (
        ("province", "region_source"), ("city", "region_source"), ("county", "region_source"),
        ("level", "level_source"), ("published_date", "published_source")) if n[f] and n[src]}
    assert shown == expected and shown
    assert doc.select(".meta-list .overridden") == []  # the seeds carry no override


def test_reader_marks_an_overridden_field(tmp_path):
    from indexer.build import build

    data = tmp_path / "data" / "notices"
    data.mkdir(parents=True)
    seed = sorted((Path(__file__).resolve().parent.parent / "data" / "notices").iterdir())[1]
    (data / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "data" / "overrides.csv").write_text(
        f"notice,field,value,note\n{seed.name},inspector,省委第九巡视组,checked by hand\n",
        encoding="utf-8")
    build(data, tmp_path / "index", quiet=True)
    client = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True}).test_client()
    nid = client.get("/api/search").get_json()["hits"][0]["notice_id"]
    doc = soup(client.get(f"/notice/{nid}"))
    mark = doc.select_one(".meta-inspector .overridden")
    assert mark is not None and mark["title"] == "checked by hand"
    assert "省委第九巡视组" in doc.select_one(".meta-inspector dd").get_text()
