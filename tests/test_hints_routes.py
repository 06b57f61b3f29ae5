"""Hints and fixes over HTTP: the search page shows them above the results with one-click
links, the JSON carries them with absolute URLs, and a reversed year range is a 400 that
links to the swap — for URL parameters and the query syntax alike."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup


def _page(client, args: dict) -> tuple[int, BeautifulSoup]:
    resp = client.get("/?" + urlencode(args, doseq=True))
    return resp.status_code, BeautifulSoup(resp.get_data(as_text=True), "html.parser")


def _paragraphs(doc: BeautifulSoup) -> int:
    return int(doc.select_one(".totals")["data-paragraphs"])


def _args(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_lowercase_operator_hint_links_to_the_operator_version(client):
    status, doc = _page(client, {"q": "八项规定 or 四风", "sort": "newest"})
    assert status == 200 and _paragraphs(doc) == 0
    hint = doc.select_one(".results .hints .hint[data-kind=lowercase_operator]")
    assert "“or”" in hint.get_text() and "大写" in hint.get_text()
    link = hint.select_one("a.hint-fix")
    assert link.select_one("code").get_text() == "八项规定 OR 四风"
    assert _args(link["href"]) == {"q": ["八项规定 OR 四风"], "sort": ["newest"]}
    offered = int(link.select_one(".hint-count").get_text().split()[0])
    status, fixed = _page(client, _args(link["href"]))
    assert status == 200 and _paragraphs(fixed) == offered > 0
    assert fixed.select_one("input#q")["value"] == "八项规定 OR 四风"
    assert not fixed.select(".hints")


def test_hints_stand_above_the_results(client):
    _, doc = _page(client, {"q": "整改", "province": ["Hunan", "浙江省"]})
    results = doc.select_one("section.results")
    order = [el for el in results.find_all(True) if el.get("class") and (
        "hints" in el["class"] or "toolbar" in el["class"])]
    assert [el["class"][0] for el in order][:2] == ["hints", "toolbar"]


@pytest.mark.parametrize(("args", "field", "offered", "fixed"), [
    ({"province": "Hunan"}, "province", "湖南省", {"province": ["湖南省"]}),
    ({"q": "整改", "county": "汩罗市"}, "county", "汨罗市", {"q": ["整改"], "county": ["汨罗市"]}),
    ({"province": "岳阳"}, "province", "岳阳市", {"city": ["岳阳市"]}),
    ({"level": "countyy"}, "level", "县级", {"level": ["county"]}),
    ({"q": "整改 province:Hunan"}, "province", "湖南省", {"q": ["整改 province:湖南省"]}),
])
def test_filter_hint_offers_what_the_index_has(client, args, field, offered, fixed):
    status, doc = _page(client, args)
    assert status == 200
    hint = doc.select_one(f".hints .hint[data-kind=unmatched_filter][data-field={field}]")
    assert "索引中没有" in hint.get_text()
    link = hint.select_one("a.hint-fix")
    assert offered in link.get_text()
    assert _args(link["href"]) == fixed
    status, after = _page(client, _args(link["href"]))
    assert status == 200 and _paragraphs(after) > 0 and not after.select(".hints")


def test_a_real_place_no_notice_has_gets_the_hint_without_a_suggestion(client):
    _, doc = _page(client, {"province": "西藏"})
    hint = doc.select_one(".hints .hint[data-field=province]")
    assert "西藏自治区" in hint.get_text() and not hint.select("a.hint-fix")


def test_no_hints_without_a_slip(client):
    for args in ({"q": "整改"}, {"q": "(八项规定 OR 四风)整改"}, {"q": "量子计算机"},
                 {"province": "湖南"}):
        assert not _page(client, args)[1].select(".hints")


def test_hints_in_english(client):
    _, doc = _page(client, {"province": "Hunan", "lang": "en"})
    hint = doc.select_one(".hints .hint")
    assert "No notice in the index has" in hint.get_text()
    assert "Did you mean" in hint.get_text()
    assert "Hunan Sheng 湖南省" in hint.select_one("a.hint-fix").get_text()
    _, doc = _page(client, {"q": "八项规定 or 四风", "lang": "en"})
    assert "upper case" in doc.select_one(".hints .hint").get_text()


def test_a_research_view_keeps_its_view_in_the_hint_link(client):
    resp = client.get("/kwic?" + urlencode({"q": "整改", "province": "Hunan", "width": 10}))
    doc = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
    href = doc.select_one(".hints a.hint-fix")["href"]
    assert href.startswith("/kwic?")
    assert _args(href) == {"q": ["整改"], "province": ["湖南省"], "width": ["10"]}


def test_json_hints_carry_absolute_urls_to_the_corrected_request(client):
    args = {"q": "八项规定 or 四风", "per_page": 5, "page": 2, "province": "Hunan"}
    data = client.get("/api/search?" + urlencode(args)).get_json()
    assert [h["kind"] for h in data["hints"]] == ["lowercase_operator", "unmatched_filter"]
    both = {"q": "八项规定 OR 四风", "per_page": 5, "province": "湖南省"}
    for hint in data["hints"]:
        (suggestion,) = hint["suggestions"]
        url = urlsplit(suggestion["url"])
        assert url.scheme == "http" and url.path == "/api/search"
        expected = {k: str(v) for k, v in args.items() if k != "page"}
        for key, value in suggestion["changes"].items():
            expected[key] = value if isinstance(value, str) else value[0]
        assert {k: v[0] for k, v in parse_qs(url.query).items()} == expected
        followed = client.get(f"{url.path}?{url.query}").get_json()
        assert followed["total"]["paragraphs"] == suggestion["paragraphs"]
    fixed = client.get("/api/search?" + urlencode(both)).get_json()
    assert fixed["hints"] == [] and fixed["total"]["paragraphs"] > 0


@pytest.mark.parametrize(("args", "fix"), [
    ({"q": "整改", "year_from": 2022, "year_to": 2019}, {"year_from": 2019, "year_to": 2022}),
    ({"q": "整改 year:2022-2019"}, {"q": "整改 year:2019-2022"}),
])
def test_a_reversed_year_range_is_a_400_with_the_fix(client, args, fix):
    resp = client.get("/api/search?" + urlencode(args))
    assert resp.status_code == 400
    body = resp.get_json()
    assert "颠倒" in body["message"] and "reversed" in body["message_en"]
    assert body["fix"] == fix
    followed = client.get(body["fix_url"].removeprefix("http://localhost"))
    assert followed.status_code == 200 and followed.get_json()["total"]["paragraphs"] > 0
    status, doc = _page(client, args)
    assert status == 400
    link = doc.select_one("#query-error .error-fix a")
    assert {k: v[0] for k, v in _args(link["href"]).items()} == {
        "q": "整改", **{k: str(v) for k, v in fix.items()}}
    export = client.get("/export.csv?" + urlencode(args))
    assert export.status_code == 400
    assert urlsplit(export.get_json()["fix_url"]).path == "/export.csv"


@pytest.mark.parametrize(("q", "before", "marked"), [
    ("整改 (党建 OR", "整改 ", "("),
    ("（党建 OR 党风", "", "（"),
    ("党建 OR 党风)", "党建 OR 党风", ")"),
    ("整改 year:2022-2019", "整改 year:", "2"),
])
def test_the_error_box_marks_where_the_query_is_wrong(client, q, before, marked):
    status, doc = _page(client, {"q": q})
    assert status == 400
    code = doc.select_one("#query-error .query-at code")
    assert code.get_text() == q
    assert code.select_one("mark").get_text() == marked
    assert code.contents[0] == before if before else code.contents[0].name == "mark"


def test_glued_brackets_search_the_group(client):
    glued = client.get("/api/search?" + urlencode({"q": "(八项规定 OR 四风)整改"})).get_json()
    spaced = client.get("/api/search?" + urlencode({"q": "(八项规定 OR 四风) 整改"})).get_json()
    assert glued["total"] == spaced["total"] and glued["total"]["paragraphs"] > 0
    assert glued["query"]["terms"] == ["八项规定", "四风", "整改"]
