"""Layout in real Chromium at a laptop's and a phone's size: the first hit is on the first
screen, the reader's numbers and hit navigation work, and screenshots of the search page,
the reader and /figures are saved to tests/artifacts/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from conftest import ARTIFACTS, LiveServer

pytestmark = pytest.mark.browser

SIZES = {"laptop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def live(app) -> Iterator[str]:
    server = LiveServer(app)
    yield server.url
    server.close()


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.size_name = f"{request.param}-{width}x{height}"
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.size_name}.png"))


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"horizontal scrolling ({width}px)"


def test_first_hit_is_on_the_first_screen(sized, live):
    sized.goto(f"{live}/?{urlencode({'q': '整改'})}")
    height = sized.viewport_size["height"]
    box = sized.locator(".hit").first.bounding_box()
    title = sized.locator(".hit .hit-title").first.bounding_box()
    snippet = sized.locator(".hit .snippet").first.bounding_box()
    # the first hit's title and the start of its snippet are on the first screen
    assert 0 <= box["y"] and title["y"] + title["height"] <= height, box
    assert snippet["y"] + 40 <= height, snippet
    if sized.size_name.startswith("phone"):
        assert sized.locator("details.facets").get_attribute("open") is None
        assert sized.locator("details.charts").get_attribute("open") is None
    else:  # the charts stand beside the list, not above it
        charts = sized.locator("details.charts").bounding_box()
        assert charts["x"] >= box["x"] + box["width"] and charts["y"] < height
    no_sideways_scroll(sized)
    shot(sized, "search")


def test_reader_shows_paragraph_numbers_and_walks_the_hits(sized, live, client):
    groups = client.get("/api/search?" + urlencode({"q": "问责", "group": 1})).get_json()["groups"]
    nid = max(groups, key=lambda g: g["count"])["notice"]["id"]
    sized.goto(f"{live}/notice/{nid}?{urlencode({'q': '问责'})}")
    first = sized.locator(".notice-body .para").first
    number = first.locator(".pnum")
    assert number.is_visible() and number.inner_text() == first.get_attribute("data-ordinal")
    hits = sized.locator(".para.has-hit")
    count = hits.count()
    assert count >= 2
    assert sized.locator(".hit-nav").get_attribute("data-count") == str(count)
    shot(sized, "notice")
    ids = [hits.nth(i).get_attribute("id") for i in range(count)]
    sized.keyboard.press("n")
    current = sized.locator(".para.current-hit")
    assert current.get_attribute("id") == ids[0] and current.is_visible()
    assert sized.evaluate("location.hash") == f"#{ids[0]}"
    sized.keyboard.press("j")
    assert sized.locator(".para.current-hit").get_attribute("id") == ids[1]
    assert sized.locator(".hit-pos").inner_text().startswith("第 2 /")
    sized.keyboard.press("p")
    assert sized.locator(".para.current-hit").get_attribute("id") == ids[0]
    sized.locator(".hit-prev").click()  # from the first hit back to the last
    assert sized.locator(".para.current-hit").get_attribute("id") == ids[-1]
    assert sized.locator(".para.current-hit").is_visible()
    no_sideways_scroll(sized)


def test_figures_page(sized, live):
    sized.goto(f"{live}/figures")
    assert sized.locator(".figures-table tbody tr").count() > 0
    no_sideways_scroll(sized)
    shot(sized, "figures")


def test_english_search_page(sized, live):
    sized.goto(f"{live}/?{urlencode({'q': '整改', 'lang': 'en'})}")
    assert sized.locator(".hit").first.bounding_box()["y"] < sized.viewport_size["height"]
    no_sideways_scroll(sized)
    shot(sized, "search-en")
