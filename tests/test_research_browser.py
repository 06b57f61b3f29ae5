"""The research views in a real browser (Debian's chromium via Playwright): charts that
filter, KWIC alignment and sorting, the figures panel and table, reuse links — with no
console error and no CSP violation. Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LiveServer

from app import create_app
from indexer.build import build

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "data" / "notices"
EDITS = (("上城区", "拱墅区"), ("江干区", "下城区"), ("进一步", "更加"), ("2021年", "2022年"))


@pytest.fixture(scope="module")
def research_app(tmp_path_factory):
    """The seeds plus an edited copy of 上城区's notice (拱墅区), so text reuse exists."""
    data = tmp_path_factory.mktemp("research-data")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, data / f.name)
    text = (SEEDS / "003_da27469e34e73c65.txt").read_text(encoding="utf-8")
    for old, new in EDITS:
        text = text.replace(old, new)
    (data / "005_edited_copy.txt").write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("research-index")
    build(data, index, procs=1, quiet=True)
    return create_app({"INDEX_DIR": str(index), "TESTING": True})


@pytest.fixture(scope="module")
def url(research_app) -> Iterator[str]:
    server = LiveServer(research_app)
    yield server.url
    server.close()


@pytest.fixture(scope="module")
def api(research_app):
    client = research_app.test_client()

    def get(path: str, **args):
        resp = client.get(f"{path}?{urlencode(args, doseq=True)}")
        assert resp.status_code == 200, resp.get_data(as_text=True)
        return resp.get_json()
    return get


class BrowserThread:
    """Chromium driven from one worker thread.

    Playwright's sync API allows one instance per thread, and tests/test_browser.py keeps
    its session-wide instance open on the main thread; so this module starts its own in a
    worker thread and runs every test body there (see :func:`in_browser_thread`)."""

    def __init__(self, exe: str) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="research-browser")
        self.exe = exe
        self.pw = None
        self.browser = None

    def call(self, fn, *args, **kwargs):
        return self.pool.submit(fn, *args, **kwargs).result()

    def start(self) -> None:
        def _start() -> None:
            from playwright.sync_api import sync_playwright

            self.pw = sync_playwright().start()
            self.browser = self.pw.chromium.launch(executable_path=self.exe, headless=True,
                                                   args=CHROMIUM_ARGS)
        self.call(_start)

    def stop(self) -> None:
        def _stop() -> None:
            if self.browser is not None:
                self.browser.close()
            if self.pw is not None:
                self.pw.stop()
        try:
            self.call(_stop)
        finally:
            self.pool.shutdown(wait=True)


_THREAD: list[BrowserThread] = []


def in_browser_thread(fn):
    """Run a test body on the browser's thread (its fixtures are made there too)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return _THREAD[-1].call(fn, *args, **kwargs)
    return wrapper


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserThread]:
    exe = shutil.which("chromium") or str(CHROMIUM)
    if not Path(exe).exists():
        pytest.fail("Chromium is not installed (/usr/bin/chromium): run `make browser`.",
                    pytrace=False)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("Playwright for Python is missing: run `make install`.", pytrace=False)
    thread = BrowserThread(exe)
    thread.start()
    _THREAD.append(thread)
    yield thread
    _THREAD.remove(thread)
    thread.stop()


@pytest.fixture
def page(chromium):
    """A page that records console errors, CSP violations and script errors: none allowed."""
    problems: list[str] = []

    def make():
        context = chromium.browser.new_context(viewport={"width": 1280, "height": 900},
                                               locale="zh-CN")
        context.set_default_timeout(10_000)
        pg = context.new_page()

        def on_console(msg) -> None:
            if "Content Security Policy" in msg.text or msg.type == "error":
                problems.append(f"{msg.type}: {msg.text}")

        def on_dialog(dialog) -> None:
            problems.append(f"dialog: {dialog.message}")
            dialog.dismiss()

        pg.on("console", on_console)
        pg.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
        pg.on("dialog", on_dialog)
        return pg

    pg = chromium.call(make)
    yield pg
    chromium.call(lambda: pg.context.close())
    assert problems == [], problems


def totals(page) -> tuple[int, int]:
    el = page.locator(".totals").first
    return int(el.get_attribute("data-paragraphs")), int(el.get_attribute("data-notices"))


def shot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


@in_browser_thread
def test_search_charts_click_year_bar_narrows(page, url):
    from playwright.sync_api import expect

    page.goto(f"{url}/?{urlencode({'q': '整改'})}")
    charts = page.locator("details.charts")
    expect(charts).to_be_visible()
    assert charts.locator("svg.bars-svg").count() == 2
    expect(charts.locator(".chart-year .bars-paragraphs").first).to_be_visible()
    expect(charts.locator(".chart-year .bars-share").first).to_be_hidden()
    before = totals(page)
    bar = charts.locator(".chart-year a.bar-link").first
    year = bar.get_attribute("data-value")
    expected = (int(bar.get_attribute("data-paragraphs")), int(bar.get_attribute("data-notices")))
    assert bar.locator("rect.bar title").first.text_content().startswith(f"{year} 年")
    with page.expect_navigation():
        bar.click()
    assert parse_qs(urlsplit(page.url).query)["year"] == [year]
    after = totals(page)
    assert after == expected and after[0] < before[0]
    expect(page.locator(".chip[data-facet=year]")).to_contain_text(year)
    expect(page.locator(f'.chart-year a.bar-link.selected[data-value="{year}"]')).to_have_count(1)


@in_browser_thread
def test_chart_metric_toggle_and_province_bar(page, url):
    from playwright.sync_api import expect

    page.goto(f"{url}/?{urlencode({'q': '整改'})}")
    share_value = page.locator(".chart-province .bars-share .bar-value").first
    expect(share_value).to_be_hidden()
    page.locator("label[for=metric-share]").click()
    expect(share_value).to_be_visible()
    expect(share_value).to_have_text(re.compile(r"%$"))
    expect(page.locator(".chart-province .bars-paragraphs").first).to_be_hidden()
    assert parse_qs(urlsplit(page.url).query)["metric"] == ["share"]  # the link keeps it
    page.reload()
    expect(page.locator("input#metric-share")).to_be_checked()
    bar = page.locator(".chart-province a.bar-link").first
    province = bar.get_attribute("data-value")
    with page.expect_navigation():
        bar.click()
    assert parse_qs(urlsplit(page.url).query)["province"] == [province]
    expect(page.locator(".chip[data-facet=province]")).to_contain_text(province)


@in_browser_thread
def test_distribution_page(page, url, api):
    from playwright.sync_api import expect

    page.goto(f"{url}/distribution?{urlencode({'q': '整改'})}")
    expect(page.locator("h1")).to_contain_text("命中分布")
    assert page.locator("svg.bars-svg").count() == 2
    dist = api("/api/distribution", q="整改")
    rows = page.locator("table.dist-table[data-facet=year] tbody tr")
    expect(rows).to_have_count(len(dist["years"]))
    expect(page.locator(".chart-note")).not_to_contain_text("地图")  # no apology
    shot(page, "research-distribution.png", full_page=True)


@in_browser_thread
def test_kwic_aligned_and_resorted_by_left_context(page, url, api):
    from playwright.sync_api import expect

    page.goto(f"{url}/kwic?{urlencode({'q': '整改', 'width': 20})}")
    total = api("/api/kwic", q="整改")["total"]["lines"]
    expect(page.locator(".kwic-total")).to_have_attribute("data-lines", str(total))
    rows = page.locator("table.kwic tbody tr")
    expect(rows).to_have_count(min(100, total))
    # aligned: every keyword starts at the same x; left context ends right before it
    xs = page.eval_on_selector_all(
        "table.kwic td.kk mark", "els => els.map(e => e.getBoundingClientRect().left)")
    assert max(xs) - min(xs) < 1.0, xs[:5]
    gaps = page.eval_on_selector_all(
        "table.kwic tbody tr", """rows => rows.map(r => {
            const l = r.querySelector('td.kl .ctx').getBoundingClientRect();
            const k = r.querySelector('td.kk mark').getBoundingClientRect();
            return k.left - l.right; })""")
    assert max(gaps) < 12 and min(gaps) >= 0, gaps[:5]
    shot(page, "research-kwic.png")
    with page.expect_navigation():
        page.locator(".kwic-sorts a[data-sort=left]").click()
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["left"]
    expect(page.locator(".kwic-sorts .current")).to_have_attribute("data-sort", "left")
    lefts = page.locator("table.kwic td.kl .ctx").all_text_contents()
    assert lefts == sorted(lefts, key=lambda s: s[::-1])
    expected = [x["left"] for x in api("/api/kwic", q="整改", width=20, sort="left")["lines"]]
    assert lefts == expected
    # a line opens its paragraph, marked
    line = page.locator("table.kwic tbody tr").first
    pid = line.get_attribute("data-paragraph-id")
    with page.expect_navigation():
        line.locator("td.kk a").click()
    expect(page.locator(f"#p-{pid}")).to_have_class(re.compile(r"\btarget\b"))
    expect(page.locator(f"#p-{pid}")).to_be_in_viewport()


@in_browser_thread
def test_kwic_form_changes_width(page, url):
    from playwright.sync_api import expect

    page.goto(f"{url}/kwic?{urlencode({'q': '八项规定'})}")
    page.locator("input[name=width]").fill("5")
    with page.expect_navigation():
        page.locator("#research-form button[type=submit]").click()
    assert parse_qs(urlsplit(page.url).query)["width"] == ["5"]
    for text in page.locator("table.kwic td.kl .ctx").all_text_contents():
        assert len(text) <= 5
    expect(page.locator("table.kwic td.kk mark").first).to_have_text("八项规定")


@in_browser_thread
def test_notice_reader_figures_panel(page, url, api):
    from playwright.sync_api import expect

    nid = api("/api/search", county="上城区")["hits"][0]["notice_id"]
    page.goto(f"{url}/notice/{nid}")
    panel = page.locator("details.figures-panel")
    expect(panel).to_be_visible()
    opened = panel.locator("li.figure[data-label=cases_opened]")
    expect(opened).to_contain_text("立案")
    expect(opened).to_contain_text("12 件")
    money = panel.locator("li.figure[data-label=money_recovered] .fig-value").first
    expect(money).to_have_text("90.05 万元")
    expect(money).to_have_attribute("title", re.compile("900,500 元"))
    shot(page, "research-notice-figures.png")
    href = opened.locator("a").get_attribute("href")
    opened.locator("a").click()
    assert page.url.endswith(href)
    expect(page.locator(href)).to_be_in_viewport()
    expect(page.locator(href)).to_contain_text("立案12件")


@in_browser_thread
def test_notice_reader_reuse_links(page, url, api):
    from playwright.sync_api import expect

    copy_id = api("/api/search", county="拱墅区")["hits"][0]["notice_id"]
    orig_id = api("/api/search", county="上城区")["hits"][0]["notice_id"]
    page.goto(f"{url}/notice/{copy_id}")
    box = page.locator("details.reuse-links").first
    expect(box.locator("summary")).to_contain_text("另见于 1 篇其他通报")
    link = box.locator("li a").first
    expect(link).to_be_hidden()
    box.locator("summary").click()
    expect(link).to_be_visible()
    box.scroll_into_view_if_needed()
    shot(page, "research-notice-reuse.png")
    with page.expect_navigation():
        link.click()
    assert f"/notice/{orig_id}" in page.url
    target = page.locator(".para.target")
    expect(target).to_have_count(1)
    expect(target).to_be_in_viewport()
    expect(target.locator("details.reuse-links summary")).to_contain_text("另见于 1 篇")


@in_browser_thread
def test_search_reuse_control_and_badges(page, url, api):
    from playwright.sync_api import expect

    page.goto(f"{url}/?{urlencode({'q': '整改'})}")
    everything = totals(page)
    expect(page.locator(".hit .reuse-badge").first).to_be_visible()
    page.locator("input[name=reuse_min]").fill("2")
    with page.expect_navigation():
        page.locator("select[name=reuse]").select_option("only")  # applies at once
    args = parse_qs(urlsplit(page.url).query)
    assert args["reuse"] == ["only"] and args["reuse_min"] == ["2"]
    only = totals(page)
    expect(page.locator(".chip[data-facet=reuse]")).to_be_visible()
    assert page.locator(".hit").count() == page.locator(".hit .reuse-badge").count() > 0
    with page.expect_navigation():
        page.locator("select[name=reuse]").select_option("hide")
    hide = totals(page)
    assert page.locator(".hit .reuse-badge").count() == 0
    assert only[0] + hide[0] == everything[0]


@in_browser_thread
def test_reuse_page(page, url, api):
    from playwright.sync_api import expect

    page.goto(f"{url}/?{urlencode({'q': '整改', 'reuse_min': 2})}")
    with page.expect_navigation():
        page.locator(".research-nav a[data-view=reuse]").click()
    assert urlsplit(page.url).path == "/reuse"
    data = api("/api/reuse", q="整改", reuse_min=2)
    assert data["clusters"]
    items = page.locator("li.reuse-item")
    expect(items).to_have_count(len(data["clusters"]))
    expect(items.first.locator(".reuse-count")).to_have_text("2 篇通报")
    expect(items.first.locator(".spread-province .sl").first).to_have_text("浙江省")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    shot(page, "research-reuse.png")


@in_browser_thread
def test_figures_table_sorts_by_column(page, url):
    from playwright.sync_api import expect

    page.goto(f"{url}/figures")
    head = page.locator("th[data-sort=cases_opened]")
    expect(head).to_have_attribute("aria-sort", "none")
    with page.expect_navigation():
        head.locator("a").click()
    expect(page.locator("th[data-sort=cases_opened]")).to_have_attribute(
        "aria-sort", "descending")

    def column() -> list[float]:
        return [float(v) for v in page.eval_on_selector_all(
            "td[data-label=cases_opened][data-value]", "els => els.map(e => e.dataset.value)")]

    values = column()
    assert len(values) >= 2 and values == sorted(values, reverse=True)
    # notices that do not report it come last
    cells = page.locator("td[data-label=cases_opened]")
    n = cells.count()
    assert all(cells.nth(i).get_attribute("data-value") is None
               for i in range(len(values), n))
    shot(page, "research-figures.png")
    with page.expect_navigation():
        page.locator("th[data-sort=cases_opened] a").click()
    expect(page.locator("th[data-sort=cases_opened]")).to_have_attribute(
        "aria-sort", "ascending")
    assert column() == sorted(values)
    money = page.locator("td[data-label=money_recovered][data-value]").first
    expect(money.locator("a.cell-link")).to_have_text(re.compile(r"万元$"))
    expect(money).to_have_attribute("title", re.compile(r"元$"))


@in_browser_thread
def test_research_views_on_a_phone(chromium, url):
    context = chromium.browser.new_context(viewport={"width": 390, "height": 844},
                                           locale="zh-CN")
    try:
        page = context.new_page()
        for path in ("/kwic?q=整改", "/distribution?q=整改", "/reuse?q=整改"):
            page.goto(url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"horizontal scrolling on a phone: {path} ({width}px)"
        ARTIFACTS.mkdir(exist_ok=True)
        page.goto(f"{url}/?q=整改")
        charts = page.locator("details.charts")
        assert charts.get_attribute("open") is None  # folded on a phone, the hits come first
        charts.locator("summary").click()
        charts.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "research-charts-phone.png"))
    finally:
        context.close()
