"""The real app in a real browser: waitress on a free port, Debian's chromium via Playwright.

Run ``make browser`` first if chromium is missing (``make test`` does it); these tests
fail, not skip, without it. Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from conftest import ARTIFACTS, LiveServer

from app import create_app
from indexer.build import build

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_NOTICE = f"""中共测试县委关于巡视整改情况的通报{SCRIPT}
根据省委统一部署，2020年4月1日至5月30日，省委第九巡视组对测试县进行了巡视。2020年7月2日，省委巡视组向测试县委反馈了巡视意见。现将巡视整改情况予以公布。
一、整改工作总体情况
县委高度重视巡视整改工作，在检查中发现有人在网页中插入{SCRIPT}这样的代码，已经全部清理。
二、具体问题整改情况
（一）关于网络安全问题
针对网站存在{IMG}漏洞的问题，县委网信办已完成整改，并开展专项检查。
中共测试县委
2020年12月1日
"""


@pytest.fixture(scope="session")
def live_url(app) -> Iterator[str]:
    server = LiveServer(app)
    yield server.url
    server.close()


@pytest.fixture(scope="session")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A one-notice index whose text carries script and onerror payloads."""
    data = tmp_path_factory.mktemp("hostile-data")
    (data / "hostile.txt").write_text(HOSTILE_NOTICE, encoding="utf-8")
    index = tmp_path_factory.mktemp("hostile-index")
    report = build(data, index, quiet=True)
    assert report.notices == 1 and not report.errors, report.errors
    server = LiveServer(create_app({"INDEX_DIR": str(index)}))
    yield server.url
    server.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    pg = context.new_page()
    pg.dialogs = []  # every alert/confirm/prompt that fires (there must be none)

    def on_dialog(dialog) -> None:
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def totals(page) -> tuple[int, int]:
    el = page.locator(".totals")
    return int(el.get_attribute("data-paragraphs")), int(el.get_attribute("data-notices"))


def test_search_phrase_is_highlighted(page, live_url):
    from playwright.sync_api import expect

    page.goto(f"{live_url}/?{urlencode({'q': '八项规定'})}")
    marks = page.locator(".hit .snippet mark")
    expect(marks.first).to_be_visible()
    assert marks.count() >= 1
    assert set(marks.all_text_contents()) == {"八项规定"}
    assert page.locator("input#q").input_value() == "八项规定"
    expect(page.locator(".totals")).to_contain_text("段 / ")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"))


def test_facet_click_narrows_and_shows_chip(page, live_url):
    from playwright.sync_api import expect

    page.goto(f"{live_url}/?{urlencode({'q': '整改'})}")
    before = totals(page)
    link = page.locator(".facet[data-facet=province] a.facet-link").first
    value = link.get_attribute("data-value")
    with page.expect_navigation():
        link.click()
    after = totals(page)
    assert after[0] < before[0] and after[1] < before[1]
    chip = page.locator(".chip[data-facet=province]")
    expect(chip).to_be_visible()
    expect(chip).to_contain_text(value)
    expect(page.locator(f'a.facet-link[data-value="{value}"]')).to_have_attribute(
        "aria-checked", "true")
    assert f"province={quote(value)}" in page.url
    with page.expect_navigation():
        chip.click()
    assert totals(page) == before


def test_permalink_scrolls_to_marked_paragraph(page, live_url, app):
    from playwright.sync_api import expect

    client = app.test_client()
    facets = client.get("/api/search").get_json()["facets"]["province"]
    biggest = max(facets, key=lambda f: f["count"])["value"]  # one notice per province here
    hits = client.get("/api/search?" + urlencode({"province": biggest})).get_json()["hits"]
    nid = hits[0]["notice_id"]
    paras = client.get(f"/api/notice/{nid}").get_json()["paragraphs"]
    assert len(paras) > 60
    pid = paras[int(len(paras) * 0.8)]["id"]  # far below the first screen
    page.goto(f"{live_url}/p/{pid}")
    assert page.url.endswith(f"/notice/{nid}?p={pid}#p-{pid}")
    target = page.locator(f"#p-{pid}")
    expect(target).to_have_class(re.compile(r"\btarget\b"))
    expect(target).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == f"p-{pid}"
    assert page.evaluate("window.scrollY") > 500
    assert page.locator(".para.target").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "notice.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "notice-top.png"))


def test_notice_reader_marks_terms_and_copies_citation(page, live_url, browser):
    from playwright.sync_api import expect

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto(f"{live_url}/?{urlencode({'q': '作风建设'})}")
    with page.expect_navigation():
        page.locator(".hit .hit-title a").first.click()
    expect(page.locator(".notice-body mark").first).to_be_visible()
    assert set(page.locator(".notice-body mark").all_text_contents()) == {"作风建设"}
    para = page.locator(".para.target")
    expect(para).to_be_in_viewport()
    pid = para.get_attribute("id").removeprefix("p-")
    para.hover()
    button = para.locator(".cite-btn")
    button.click()
    status = para.locator(".cite-ok")
    expect(status).not_to_be_empty()
    expect(status).to_be_in_viewport()  # the confirmation is where the click was
    b, st = button.bounding_box(), status.bounding_box()
    assert abs(st["y"] - b["y"]) < 40 and 0 <= st["x"] - (b["x"] + b["width"]) < 200, (b, st)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"{live_url}/p/{pid}.")
    assert page.locator("h1").inner_text() in copied


def test_hostile_text_and_query_run_no_script(page, hostile_url):
    from playwright.sync_api import expect

    for query in (SCRIPT, f'"{IMG}"'):
        page.goto(f"{hostile_url}/?{urlencode({'q': query})}")
        assert page.locator("input#q").input_value() == query
        assert totals(page)[0] >= 1
        snippet = page.locator(".hit .snippet").first
        payload = query.strip('"')
        expect(snippet).to_contain_text(payload)
        expect(snippet.locator("mark").first).to_have_text(payload)
        assert page.locator(".results img, .results script").count() == 0
        with page.expect_navigation():
            page.locator(".hit .hit-title a").first.click()
        body = page.locator(".notice-body")
        expect(body).to_contain_text(SCRIPT)
        expect(body).to_contain_text(IMG)
        assert body.locator("img, script").count() == 0
    # a payload only in the query (nothing matches) is shown as text in the box, too
    page.goto(f"{hostile_url}/?{urlencode({'q': IMG + ' 不存在'})}")
    assert page.locator("input#q").input_value() == IMG + " 不存在"
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.dialogs == []


def test_english_toggle(page, live_url):
    from playwright.sync_api import expect

    page.goto(f"{live_url}/?{urlencode({'q': '巡视'})}")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator(".searchbox button")).to_have_text("检索")
    with page.expect_navigation():
        page.locator("a.lang-toggle").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".searchbox button")).to_have_text("Search")
    expect(page.locator(".totals")).to_contain_text("paragraphs")
    assert page.locator("input#q").input_value() == "巡视"
    page.goto(f"{live_url}/help")  # the cookie keeps the choice
    expect(page.locator("h1")).to_have_text("Query syntax & help")
    with page.expect_navigation():
        page.locator("a.lang-toggle").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_mode_switch_reruns_search_in_word_mode(page, live_url):
    from playwright.sync_api import expect

    page.goto(f"{live_url}/?{urlencode({'q': '巡视整改'})}")
    exact = totals(page)
    with page.expect_navigation():
        page.locator("input[type=radio][name=mode][value=words]").check()
    assert "mode=words" in page.url
    expect(page.locator(".notice-words")).to_be_visible()
    assert totals(page)[0] >= exact[0]
    assert page.locator("input#q").input_value() == "巡视整改"


def test_phone_layout_collapses_sidebar(browser, live_url):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{live_url}/?{urlencode({'q': '整改'})}")
        expect(page.locator("details.facets")).not_to_have_attribute("open", "")
        expect(page.locator(".hit").first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"horizontal scrolling on a phone ({width}px)"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-phone.png"))
    finally:
        context.close()
