"""HTML pages: the notice's text lines and what the page says about itself.

Scripts, styles and attribute values never reach the text; an obvious CMS article
container is kept with the title and 来源/发布时间 lines found outside it.
"""

from __future__ import annotations

import itertools
import re

from bs4 import BeautifulSoup
from bs4.element import (
    CData,
    NavigableString,
    PreformattedString,
    Script,
    Stylesheet,
    Tag,
    TemplateString,
)

from indexer.decode import CJK_RE, clean_text, has_cjk

_DROP_TAGS = (
    "script", "style", "noscript", "iframe", "template", "svg", "head", "title",
    "object", "embed", "canvas", "math",
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl
    dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li
    main menu nav ol option p pre section select summary table tbody tfoot thead tr ul""".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_CONTAINER_RE = re.compile(
    r"content|article|trs_editor|custom_unionstyle|zoom|detail", re.IGNORECASE
)
# Link lists and page chrome often reuse those words (article-list, content-nav).
_NOT_CONTAINER_RE = re.compile(
    r"list|nav|menu|side|related|recommend|comment|footer|header|share", re.IGNORECASE
)
_MAX_CANDIDATES = 200  # bounds the work on pathological pages
_META_LINE_RE = re.compile(r"来源|发布时间|发布日期|发文日期")
_CJK_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# A source line break between two CJK characters is not a space (CSS Text 3
# segment-break rule); keeping it would split words like 整改 across a space.
_CJK_SEGMENT_BREAK = re.compile(rf"(?<=[{_CJK_WIDE}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK_WIDE}])")
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_SPACE_RUN = re.compile(r" {2,}")

_PAGE_META = {
    "title": ("articletitle", "og:title"),
    "published": ("pubdate", "publishdate", "article:published_time", "firstpublishedtime"),
    "source": ("contentsource", "source", "author"),
}


def _is_text_node(node: object) -> bool:
    if not isinstance(node, NavigableString):
        return False
    if isinstance(node, (Script, Stylesheet, TemplateString)):
        return False
    # Comments, doctypes, declarations, processing instructions are preformatted.
    return not isinstance(node, PreformattedString) or isinstance(node, CData)


def _html_lines(root: Tag, skip: Tag | None = None) -> list[str]:
    """Visible text of ``root`` as cleaned lines: block elements break lines, table
    cells are separated by a space. Iterative: broken pages nest thousands deep."""
    out: list[str] = []
    stack: list[tuple[object, bool, bool]] = [(root, False, False)]  # node, closing, in <pre>
    while stack:
        node, closing, pre = stack.pop()
        if closing:
            out.append("\n")
        elif isinstance(node, Tag):
            if node is skip:
                continue
            name = node.name
            if name == "br":
                out.append("\n")
                continue
            if name in _CELL_TAGS:
                out.append(" ")
            if name in _BLOCK_TAGS:
                out.append("\n")
                stack.append((node, True, pre))
            inner_pre = pre or name in ("pre", "textarea", "listing", "plaintext")
            stack.extend((child, False, inner_pre) for child in reversed(node.contents))
        elif _is_text_node(node):
            text = str(node)
            if not pre:
                text = _HTML_SPACE.sub(" ", _CJK_SEGMENT_BREAK.sub("", text))
            out.append(text)
    text = clean_text(_SPACE_RUN.sub(" ", "".join(out)))
    return text.split("\n") if text else []


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return _HTML_SPACE.sub(" ", value or "").strip()


def _harvest_page(soup: BeautifulSoup) -> dict[str, str]:
    """What the page says about itself in <head>: title, dates, source, canonical URL."""
    metas: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = (_attr(meta, "name") or _attr(meta, "property") or _attr(meta, "itemprop")).lower()
        content = _attr(meta, "content")
        if key and content and key not in metas:
            metas[key] = content
    page: dict[str, str] = {}
    for field, keys in _PAGE_META.items():
        value = next((metas[k] for k in keys if metas.get(k)), "")
        if value:
            page[field] = value
    if "title" not in page and soup.title is not None:
        title = _HTML_SPACE.sub(" ", soup.title.get_text()).strip()
        if title:
            page["title"] = title
    for link in soup.find_all("link"):
        rel = link.get("rel") or []
        rels = rel if isinstance(rel, list) else rel.split()
        if "canonical" in (r.lower() for r in rels) and (href := _attr(link, "href")):
            page["url"] = href
            break
    else:
        if metas.get("og:url"):
            page["url"] = metas["og:url"]
    return page


def _cjk_count(tag: Tag) -> int:
    text = tag.get_text()
    return len(text) - len(CJK_RE.sub("", text))


def _main_container(body: Tag) -> Tag | None:
    """The CMS article element (id/class like TRS_Editor, zoom, content) that holds
    most of the page's Chinese text; None when no such element is obvious."""
    total = _cjk_count(body)
    if not total:
        return None
    best: tuple[int, Tag] | None = None
    candidates = (
        tag
        for tag in body.find_all(True)
        if _CONTAINER_RE.search(names := f"{_attr(tag, 'id')} {_attr(tag, 'class')}")
        and not _NOT_CONTAINER_RE.search(names)
    )
    for tag in itertools.islice(candidates, _MAX_CANDIDATES):
        count = _cjk_count(tag)
        # Most specific qualifying element; ties go to the later (inner) element.
        if count * 2 >= total and (best is None or count <= best[0]):
            best = (count, tag)
    return best[1] if best else None


def _page_title_line(
    soup: BeautifulSoup, container: Tag, outside: list[str], page_titles: list[str]
) -> str:
    for h1 in soup.find_all("h1"):
        if h1 is not container and not any(p is container for p in h1.parents):
            line = " ".join(_html_lines(h1))
            if line:
                return line
    for line in outside:
        if len(line) >= 4 and has_cjk(line) and any(line in t for t in page_titles):
            return line
    return ""


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """HTML page → (text lines, page metadata).

    Scripts, styles, frames and attribute values never reach the text. When an
    obvious article container exists, only it is kept, preceded by the title line
    and the 来源/发布时间 lines found outside it (the parser needs those);
    otherwise the whole body is kept, furniture included.
    """
    soup = BeautifulSoup(html, "html.parser")
    page = _harvest_page(soup)
    page_titles = [soup.title.get_text()] if soup.title is not None else []
    if page.get("title"):
        page_titles.append(page["title"])
    for tag in soup.find_all(_DROP_TAGS):
        if not tag.decomposed:
            tag.decompose()
    body = soup.body or soup
    container = _main_container(body)
    if container is None:
        return "\n".join(_html_lines(body)), page
    inner = _html_lines(container)
    outside = _html_lines(body, skip=container)
    head: list[str] = []
    title = _page_title_line(soup, container, outside, page_titles)
    if title and title not in inner[:3]:
        head.append(title)
    known = {*head, *inner}
    for line in outside:
        if _META_LINE_RE.search(line) and len(line) <= 200 and line not in known:
            head.append(line)
            known.add(line)
    return "\n".join(head + inner), page


def looks_like_html(text: str) -> bool:
    start = text.lstrip()[:1024].lower()
    if start.startswith("<?xml"):  # XHTML saved with an XML declaration
        return "<html" in start
    return start.startswith(("<!doctype html", "<html"))
