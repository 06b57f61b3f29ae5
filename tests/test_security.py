"""XSS, injection and path traversal: hostile data and hostile requests in a real browser.

A corpus is built whose notice text, titles, metadata fields (来源, URL, <meta>
tags) and file names carry script payloads; Chromium (Debian's, via Playwright)
then opens the search page, notice pages, permalinks, error pages and help pages
with payloads in the query string and in facet values. On every page: no dialog,
no ``window.__xss``, no injected element (payloads carry ``data-xss``), no inline
script, no ``on*`` attribute, no ``javascript:`` link, no CSP violation in the
console, the page renders to its footer, and payload text is shown literally.

Also: CSP / X-Content-Type-Options / Referrer-Policy on every kind of response,
CSV exports neutralize spreadsheet formulas, and notice/paragraph ids or static
paths can never reach a file (../, encoded, double-encoded, NUL) — 404/400 only.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from indexer.build import build
from reliability import hostile
from reliability.harness import raw_http, waitress_in_process
from search.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "notices"

MARK = "XSSMARK"
PAYLOADS = [
    f'<script>window.__xss="s1"</script>{MARK}',
    f"{MARK}<img src=x onerror=\"window.__xss='i1'\" data-xss=1>",
    f"\"><svg onload=\"window.__xss='v1'\" data-xss=1>{MARK}",
    f"'><iframe srcdoc=\"<script>parent.__xss='f1'</script>\" data-xss=1></iframe>{MARK}",
    f'{MARK}</textarea><script>window.__xss="t1"</script><b data-xss=1>',
    f'{MARK}</title><script>window.__xss="t2"</script>',
    f"{MARK}<mark onmouseover=\"window.__xss='m1'\" data-xss=1>巡视</mark>",
    f"{MARK}\" onclick=\"window.__xss='c1'\" data-xss=\"1",
    f"{MARK}<a href=\"javascript:window.__xss='a1'\" data-xss=1>整改</a>",
    f"{MARK}<style>body{{display:none!important}}</style>",
    f"{MARK}{{{{7*7}}}}${{7*7}}<%= 7*7 %>",
    f'{MARK}&lt;script&gt;window.__xss="e1"&lt;/script&gt;',
    f'{MARK}<base href="http://evil.example/" data-xss=1>',
    f"{MARK}<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss='r1'\">",
    f'{MARK}<form action="http://evil.example"><input name=q data-xss=1></form>',
    f"{MARK}\u202e<bdo dir=rtl data-xss=1>",
]
FORMULAS = ['=HYPERLINK("http://evil.example","XSSMARK点击")', "+cmd|' /C calc'!A0 XSSMARK",
            "@SUM(1+1) XSSMARK", "-2+3 XSSMARK"]
EVIL_NAME = "\"><img src=x onerror=window.__xss='n1' data-xss=1>.txt"


def _payload_notice(seed: str, extra_head: list[str]) -> str:
    lines = (SEEDS / seed).read_text(encoding="utf-8").split("\n")
    body = [f"{i + 1}.{p}" if i % 2 else p for i, p in enumerate(PAYLOADS)]
    return "\n".join(extra_head + lines[:8] + body + FORMULAS + lines[8:])


def _make_corpus(data: Path) -> None:
    data.mkdir(parents=True)
    (data / EVIL_NAME).write_text(_payload_notice("001_600e6c513e5b2d0c.txt", [
        "来源：<script>window.__xss='src1'</script> 发布时间：2020-01-08",
    ]), encoding="utf-8")
    row = {
        "url": "javascript:window.__xss='u1'",
        "title": f"中共某某县委关于巡察整改情况的通报<img src=x onerror=\"window.__xss='ti1'\" "
                 f"data-xss=1>{MARK}",
        "source": "<script>window.__xss='so1'</script>",
        "published": "2021-05-06<script>window.__xss='pd1'</script>",
        "text": _payload_notice("004_84e8a1ac491c1977.txt", []),
    }
    (data / "rows.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    seed = (SEEDS / "002_5c2e2c6e6d9d9ed6.txt").read_text(encoding="utf-8").split("\n")
    paras = "".join(f"<p>{_esc(line)}</p>" for line in seed[:12] + PAYLOADS + seed[12:])
    (data / "page.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{_esc(PAYLOADS[5])}</title>"
        f"<meta property='og:title' content=\"{_esc(PAYLOADS[1])}\">"
        f"<meta name='author' content=\"{_esc(PAYLOADS[0])}\">"
        "<link rel='canonical' href=\"javascript:window.__xss='cn1'\">"
        "<script>window.__xss='real-script'</script></head>"
        f"<body onload=\"window.__xss='body1'\"><div class='TRS_Editor'>{paras}</div>"
        "</body></html>", encoding="utf-8")


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=True)


@pytest.fixture(scope="module")
def xss_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    _make_corpus(root / "data")
    report = build(root / "data", root / "index", procs=1, quiet=True)
    assert report.notices == 3, report.errors
    return root / "index"


@pytest.fixture(scope="module")
def xss_app(xss_index: Path) -> Any:
    from app import create_app

    return create_app({"INDEX_DIR": str(xss_index), "TESTING": True})


@pytest.fixture(scope="module")
def server(xss_app: Any) -> Iterator[str]:
    with waitress_in_process(xss_app, threads=4) as base:
        yield base


def _ids(index: Path) -> tuple[list[str], list[str]]:
    corpus = Store(index).corpus()
    notices = [n.id for n in corpus.notices]
    pids = [pid for pid, text in zip(corpus.pids, corpus.texts, strict=True) if MARK in text]
    return notices, pids


def _urls(index: Path) -> list[tuple[str, bool]]:
    """(URL, whether every payload must be visible as text on the page)."""
    notices, pids = _ids(index)
    p0, p1 = PAYLOADS[0], PAYLOADS[1]
    facets = [(k, p) for k in ("province", "city", "county", "level", "kind", "flag")
              for p in (p1, PAYLOADS[2])]
    urls = [
        ("/?" + urlencode({"q": MARK}), False),
        ("/?" + urlencode({"q": MARK, "group": "1"}), False),
        ("/?" + urlencode({"q": MARK, "lang": "en", "sort": "newest"}), False),
        ("/?" + urlencode([("q", "整改"), *facets]), False),
        ("/?" + urlencode({"q": p0 + '"'}), False),  # unbalanced quote → 400 page
        ("/?" + urlencode({"q": "整改", "year": p1}), False),  # bad parameter → 400 page
        ("/?" + urlencode({"q": "整改", "within": p1}), False),
        ("/help", False), ("/help/api", False),
        ("/notice/" + quote(p1, safe=""), False),
        ("/p/" + quote(PAYLOADS[2], safe="") + "?q=" + quote(p0), False),
        (f"/p/{pids[0]}?" + urlencode({"q": p0}), False),
        ("/api/search?" + urlencode({"q": p0}), False),
    ]
    for p in PAYLOADS[:8]:
        urls.append(("/?" + urlencode({"q": p}), False))
    for nid in notices:
        urls.append((f"/notice/{nid}", True))
        urls.append((f"/notice/{nid}?" + urlencode({"q": MARK, "p": p1}), True))
        urls.append((f"/notice/{nid}?" + urlencode({"q": p0}), True))
    return urls


_PAGE_CHECK = """() => {
  const bad = [];
  if (window.__xss !== undefined) bad.push('window.__xss = ' + window.__xss);
  if (document.querySelector('[data-xss]')) bad.push('injected element ' +
      document.querySelector('[data-xss]').outerHTML.slice(0, 120));
  for (const s of document.scripts) {
    if (!s.src || !s.src.startsWith(location.origin + '/static/')) bad.push('script ' +
        (s.src || s.textContent.slice(0, 80)));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push('event attribute ' + a.name + ' on ' + el.tagName);
      if (['href', 'src', 'action', 'formaction'].includes(a.name) &&
          /^\\s*(javascript|data|vbscript):/i.test(a.value) && a.value !== 'data:,')
        bad.push(a.name + '=' + a.value.slice(0, 60));
    }
  }
  // (the app's own markup may use svg icons; injected ones carry data-xss/on* and are
  // caught above)
  for (const tag of ['iframe', 'object', 'embed', 'base', 'form[action^="http"]',
                     'meta[http-equiv]', 'body style', 'main style']) {
    if (document.querySelector(tag)) bad.push('element ' + tag);
  }
  const rendered = !!document.querySelector('main') && !!document.querySelector('footer.site');
  if (!rendered) bad.push('page did not render to its footer');
  if (getComputedStyle(document.body).display === 'none') bad.push('body hidden');
  return bad;
}"""


def test_payloads_never_execute_or_break_pages(browser: Any, server: str,
                                               xss_index: Path) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    failures: list[str] = []
    checked = 0
    for url, literal in _urls(xss_index):
        console.clear()
        resp = page.goto(server + url, wait_until="load")
        assert resp is not None
        if resp.status >= 500:
            failures.append(f"{url}: status {resp.status}")
            continue
        if "json" in (resp.headers.get("content-type") or ""):
            checked += 1
            continue  # rendered as text by the browser; headers are tested below
        page.wait_for_timeout(50)  # let onload/onerror handlers (if any) fire
        for problem in page.evaluate(_PAGE_CHECK):
            failures.append(f"{url}: {problem}")
        csp = [m for m in console if "Content Security Policy" in m]
        failures.extend(f"{url}: CSP had to block something: {m[:160]}" for m in csp)
        if literal:
            text = page.inner_text("main")
            missing = [p for p in PAYLOADS if p.replace("\u202e", "") not in text.replace(
                "\u202e", "")]
            failures.extend(f"{url}: payload not shown literally: {p[:60]}" for p in missing)
            if "{{7*7}}" in text and "49$" in text:
                failures.append(f"{url}: template expression evaluated")
        checked += 1
    page.close()
    assert dialogs == []
    assert failures == [], "\n".join(failures[:40])
    assert checked >= 30


def test_metadata_payloads_are_text_not_links(xss_app: Any, xss_index: Path) -> None:
    """A javascript: URL from crawler metadata or a canonical link is never an href,
    and metadata payloads come back escaped in HTML and intact in JSON."""
    client = xss_app.test_client()
    notices, _ = _ids(xss_index)
    for nid in notices:
        html = client.get(f"/notice/{nid}").get_data(as_text=True)
        assert not re.search(r"<a\b[^<>]*href=[\"']?\s*javascript:", html, re.I)
        assert "<script>window.__xss" not in html  # only ever as &lt;script&gt;
        data = client.get(f"/api/notice/{nid}").get_json()
        assert data["notice"]["id"] == nid
    rows = client.get("/api/search?" + urlencode({"q": MARK, "per_page": "100"})).get_json()
    titles = {h["title"] for h in rows["hits"]}
    assert any("<img src=x" in t for t in titles)  # stored as typed, escaped on output
    files = {n.source_file for n in Store(xss_index).corpus().notices}
    assert EVIL_NAME in files


def test_csv_export_neutralizes_formulas(xss_app: Any) -> None:
    client = xss_app.test_client()
    resp = client.get("/export.csv?" + urlencode({"q": MARK}))
    assert resp.status_code == 200
    assert "attachment" in resp.headers.get("Content-Disposition", "")
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [c for row in rows[1:] for c in row]
    assert any("HYPERLINK" in c for c in cells)
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []


HEADER_URLS = ["/", "/?q=整改", "/?q=%22", "/help", "/help/api", "/api", "/api/search?q=整改",
               "/api/search?q=%22", "/api/notice/nope", "/api/paragraph/nope", "/notice/nope",
               "/p/nope", "/export.csv?q=整改", "/export.jsonl?q=整改", "/static/app.js",
               "/static/style.css", "/no-such-page", "/api/search?q=%FF"]


@pytest.mark.parametrize("url", HEADER_URLS)
def test_security_headers_on_every_response(xss_app: Any, url: str) -> None:
    resp = xss_app.test_client().get(url)
    assert resp.status_code < 500
    csp = resp.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp or "default-src 'none'" in csp, csp
    assert "unsafe-inline" not in csp.split("script-src")[-1].split(";")[0]
    assert "object-src 'none'" in csp and "base-uri" in csp and "frame-ancestors" in csp
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    assert resp.headers.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                                   "strict-origin-when-cross-origin",
                                                   "strict-origin")


def test_security_headers_on_405(xss_app: Any) -> None:
    resp = xss_app.test_client().post("/api/search")
    assert resp.status_code == 405
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    assert "Content-Security-Policy" in resp.headers


@pytest.mark.parametrize("url", hostile.TRAVERSAL)
def test_ids_and_static_paths_cannot_reach_files(xss_app: Any, url: str) -> None:
    resp = xss_app.test_client().get(url)
    assert resp.status_code in (400, 404), (url, resp.status_code)
    assert not hostile.LEAK_RE.search(resp.data), url


def test_traversal_on_the_wire(server: str) -> None:
    """The same requests as raw bytes to waitress (no client-side normalization)."""
    port = int(server.rsplit(":", 1)[1])
    for url in [*hostile.TRAVERSAL, "/static/../../../../etc/passwd",
                "/notice/../../../../etc/passwd", "/p/..\\..\\app.py"]:
        status, body = raw_http(port, f"GET {url} HTTP/1.1".encode())
        assert status in (400, 404), (url, status)
        assert not hostile.LEAK_RE.search(body), url
