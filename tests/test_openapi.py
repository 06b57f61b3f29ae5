"""The OpenAPI document describes the running app: a valid OpenAPI 3.1 document, every
API and export route in it, and real requests and responses validated against it with
openapi-core. /help/api renders the same document as HTML."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_spec_validator import validate

ALIASES = {"/search.json", "/notice/<nid>.json", "/p/<pid>.json", "/stats.json", "/api",
           "/api/openapi.json"}


@pytest.fixture(scope="module")
def doc(app):
    return app.test_client().get("/api/openapi.json").get_json()


@pytest.fixture(scope="module")
def spec(doc):
    return OpenAPI.from_dict(doc)


@pytest.fixture(scope="module")
def ids(app):
    hit = app.test_client().get("/api/search?q=整改").get_json()["hits"][0]
    return hit["notice_id"], hit["paragraph_id"]


def test_document_is_valid_openapi(doc):
    validate(doc)
    assert doc["openapi"].startswith("3.1")


def test_every_api_and_export_route_is_documented(app, doc):
    documented = {p.replace("{notice_id}", "<nid>").replace("{paragraph_id}", "<pid>")
                  for p in doc["paths"]}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("api", "export") and rule.rule not in ALIASES:
            routes.add(rule.rule.replace("<any(bib, ris, 'csl.json', txt):fmt>", "{format}"))
    assert routes == documented


def requests(ids):
    nid, pid = ids
    return [
        "/api/search?" + urlencode({"q": "整改", "province": ["浙江省", "湖南省"], "page": 2,
                                    "per_page": 5, "sort": "newest"}, doseq=True),
        "/api/search?" + urlencode({"q": "八项规定", "mode": "words", "group": "1"}),
        "/api/search?" + urlencode({"q": "", "kind": "巡察", "year_from": 2017, "year_to": 2021}),
        "/api/search?" + urlencode({"q": '"八项规定'}),  # 400
        "/api/search?" + urlencode({"q": "整改", "per_page": 0}),  # 400, outside the document
        f"/api/notice/{nid}?" + urlencode({"q": "整改"}), "/api/notice/nosuch",
        f"/api/paragraph/{pid}", "/api/paragraph/nosuch",
        "/api/distribution?" + urlencode({"q": "整改"}),
        "/api/kwic?" + urlencode({"q": "整改", "width": 10, "sort": "left", "per_page": 20}),
        "/api/kwic?" + urlencode({"q": "整改", "width": 999}),  # 400, outside the document
        "/api/figures?" + urlencode({"q": "立案", "sort": "cases_opened", "desc": "0"}),
        "/api/reuse?" + urlencode({"q": "整改", "limit": 5}),
        "/export.csv?" + urlencode({"q": "作风建设", "lang": "en"}),
        "/export.jsonl?" + urlencode({"q": "作风建设"}),
        "/distribution.csv?q=整改", "/kwic.csv?q=整改", "/figures.csv",
        f"/notice/{nid}/cite.bib", f"/p/{pid}/cite.ris", f"/p/{pid}/cite.csl.json", "/api/stats",
        "/notice/nosuch/cite.txt",
    ]


def test_requests_and_responses_match_the_document(client, spec, ids):
    statuses = set()
    for url in requests(ids):
        resp = client.get(url)
        statuses.add(resp.status_code)
        request = WerkzeugOpenAPIRequest(resp.request)
        if "per_page=0" in url or "width=999" in url:  # the document rules these out, too
            with pytest.raises(OpenAPIError):
                spec.validate_request(request)
        else:
            spec.validate_request(request)
        try:
            spec.validate_response(request, WerkzeugOpenAPIResponse(resp))
        except OpenAPIError as exc:
            raise AssertionError(f"{url}: {exc!r} {exc.__cause__!r}") from exc
    assert statuses == {200, 400, 404}


def test_help_api_renders_the_document(client, doc):
    page = BeautifulSoup(client.get("/help/api").get_data(as_text=True), "html.parser")
    assert {s["data-path"] for s in page.select("section.endpoint")} == set(doc["paths"])
    search = page.select_one('section.endpoint[data-path="/api/search"]')
    params = {tr["data-param"] for tr in search.select("tr[data-param]")}
    assert {"q", "province", "mode", "reuse_min", "page", "per_page"} <= params
    text = page.get_text()
    assert "```" not in text and "| ---" not in text and page.select("pre") == []
    english = BeautifulSoup(client.get("/help/api?lang=en").get_data(as_text=True),
                            "html.parser")
    assert "Search: exact totals" in english.get_text()
