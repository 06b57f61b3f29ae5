"""A hint in a real browser: the lower-case ``or`` finds nothing, the page says why, and
one click on the suggestion lands on the operator version with more hits."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from conftest import ARTIFACTS, LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_url(app) -> Iterator[str]:
    server = LiveServer(app)
    yield server.url
    server.close()


def _paragraphs(page) -> int:
    return int(page.locator(".totals").get_attribute("data-paragraphs"))


def test_clicking_the_suggestion_searches_the_operator_version(browser, live_url):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live_url}/?{urlencode({'q': '八项规定 or 四风'})}")
        before = _paragraphs(page)
        hint = page.locator(".hints .hint[data-kind=lowercase_operator]")
        expect(hint).to_be_visible()
        expect(hint).to_contain_text("“or”")
        link = hint.locator("a.hint-fix")
        offered = int(link.locator(".hint-count").inner_text().split()[0])
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "hint-lowercase-or.png"))
        with page.expect_navigation():
            link.click()
        assert page.locator("input#q").input_value() == "八项规定 OR 四风"
        assert _paragraphs(page) == offered > before
        expect(page.locator(".hit").first).to_be_visible()
        expect(page.locator(".hints")).to_have_count(0)
    finally:
        context.close()
