"""Read stage: bytes on disk → :class:`SourceDoc` (plain text lines) + :class:`InputError`.

Notices arrive however a crawler or a researcher saved them: UTF-8 or GBK text,
UTF-16 from Windows tools, whole HTML pages, JSON Lines or CSV exports. This
module turns each into plain text — one paragraph per line, no blank lines — and
turns every problem into an :class:`InputError` a researcher can act on, so one
bad file never stops a batch. It does not interpret the text: furniture lines
(来源、发布时间、分享到 …) are kept because the parser harvests them.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

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

from indexer.model import InputError, SourceDoc

MAX_BYTES = 64 * 1024 * 1024  # a JSON Lines/CSV batch of many notices
MAX_NOTICE_BYTES = 8 * 1024 * 1024  # one notice: the longest real ones are ~200 KB

HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})

# ---------------------------------------------------------------------------
# Character classes

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# "Ordinary" text characters: what a notice is made of. Used to judge whether a
# guessed decoding (BOM-less UTF-16, GB18030) produced text rather than noise.
_ORDINARY_RE = re.compile(
    r"[\t\n\r\f\v\x20-\x7e\u00a0-\u00ff"
    r"\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u27bf"
    r"\u3000-\u303f\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_ZERO_WIDTH = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"}
# Control characters left inside a line after splitting (tab is kept: it may be
# meaningful inside a line; it is stripped at line ends like any whitespace).
_CONTROLS = {c: None for c in (*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0))}
_BAD_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0/C1 minus \t\n\v\f\r
_BAD_C0_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_SAMPLE = 200_000  # characters/bytes examined by the statistical checks
_BINARY_CONTROL_SHARE = 0.05

_UNDECODABLE = "not valid UTF-8, UTF-16 or GB18030 text"
_BINARY = "binary data, not text"
_EMPTY = "empty file"


# ---------------------------------------------------------------------------
# Decoding


def _decode_tolerant(data: bytes, encoding: str) -> str:
    """Strict decode, except that a character cut off at the very end is dropped.

    Crawlers truncate files at byte limits, which can split the last character;
    everything before it is still good text.
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        cut_off = exc.reason in ("unexpected end of data", "incomplete multibyte sequence")
        if cut_off and exc.end == len(data) and exc.start >= len(data) - 4:
            return data[: exc.start].decode(encoding)  # raises if the rest is bad too
        raise


def _text_score(text: str) -> float:
    """Share of characters that are ordinary notice characters (CJK, ASCII, punctuation)."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return (len(sample) - len(_ORDINARY_RE.sub("", sample))) / len(sample)


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return (len(sample) - len(_BAD_CONTROL_RE.sub("", sample))) / len(sample)


def _common_hanzi_share(text: str) -> float:
    """Share of CJK characters that are GB2312 level-1 (the 3,755 most common hanzi).

    Real Chinese prose is almost entirely level-1; bytes that merely happen to be
    valid GB18030 (Latin-1 text, binary data) spread evenly over the ~21,000 GBK
    hanzi, so only ~17% land there. This is what makes a GB18030 guess safe.
    """
    cjk = _CJK_RE.findall(text[:_SAMPLE])
    if not cjk:
        return 1.0  # pure ASCII/punctuation: the score test decides
    common = 0
    for ch in cjk:
        encoded = ch.encode("gb18030")
        if len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7 and encoded[1] >= 0xA1:
            common += 1
    return common / len(cjk)


def _is_texty(text: str) -> bool:
    return "\x00" not in text and _control_share(text) == 0 and _text_score(text) >= 0.95


def _guess_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: NUL bytes are the high byte of ASCII characters (newlines,
    digits). Try both byte orders; keep the one that decodes to ordinary text."""
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = _decode_tolerant(data[: len(data) - len(data) % 2], encoding)
        except UnicodeDecodeError:
            continue
        if _is_texty(text):
            score = _text_score(text)
            if best is None or score > best[0]:
                best = (score, text)
    return best[1] if best else None


def _checked(text: str) -> str:
    if _control_share(text) > _BINARY_CONTROL_SHARE:
        raise ValueError(_BINARY)
    if not text.translate(_ZERO_WIDTH).strip():
        raise ValueError(_EMPTY)
    return text


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_bytes(data: bytes) -> str:
    """Decode a notice's bytes to text, or raise ``ValueError`` saying why not.

    Order: byte-order marks; NUL bytes (BOM-less UTF-16, else binary); strict
    UTF-8; strict GB18030 (covers GBK/GB2312) accepted only when it reads as
    Chinese prose. A character cut off at the very end (truncated download) is
    dropped rather than failing the file. The BOM is not part of the result.
    """
    if not data:
        raise ValueError(_EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding.startswith("utf-16"):
                body = body[: len(body) - len(body) % 2]
            elif encoding.startswith("utf-32"):
                body = body[: len(body) - len(body) % 4]
            try:
                return _checked(_decode_tolerant(body, encoding))
            except UnicodeDecodeError:
                raise ValueError(_UNDECODABLE) from None
    if b"\x00" in data:
        text = _guess_utf16(data)
        if text is not None:
            return _checked(text)
        # Not UTF-16. Tolerate NUL padding at the end (preallocated downloads) and
        # the odd stray NUL; anything more is binary.
        data = data.rstrip(b"\x00")
        if not data or data.count(b"\x00") * 1000 > len(data):
            raise ValueError(_BINARY)
        data = data.replace(b"\x00", b"")
    try:
        return _checked(_decode_tolerant(data, "utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = _decode_tolerant(data, "gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _text_score(text) >= 0.9 and _common_hanzi_share(text) >= 0.5:
        return _checked(text)
    head = data[:_SAMPLE]  # only C0 bytes: 0x80-0x9F are ordinary in GBK and cp1252
    if len(head) - len(_BAD_C0_BYTES.sub(b"", head)) > _BINARY_CONTROL_SHARE * len(head):
        raise ValueError(_BINARY)
    raise ValueError(_UNDECODABLE)


# ---------------------------------------------------------------------------
# Text cleanup


def clean_text(text: str) -> str:
    """Canonical line form every doc gets: LF line ends, each line stripped of
    surrounding whitespace (incl. U+3000 and NBSP indents), zero-width and control
    characters dropped, no blank lines. Blank lines carry no meaning in these
    notices; the inside of a line is otherwise left exactly as written."""
    lines = (line.translate(_ZERO_WIDTH).translate(_CONTROLS).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


# ---------------------------------------------------------------------------
# HTML

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
    return len(text) - len(_CJK_RE.sub("", text))


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
        if len(line) >= 4 and _has_cjk(line) and any(line in t for t in page_titles):
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


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:1024].lower()
    if start.startswith("<?xml"):  # XHTML saved with an XML declaration
        return "<html" in start
    return start.startswith(("<!doctype html", "<html"))


# ---------------------------------------------------------------------------
# Rows (JSON Lines / CSV)

_GIVEN_KEYS = {
    "url": ("url",),
    "title": ("title",),
    "published": ("published", "date"),
    "source": ("source",),
}


def _cell(row: dict[str, object], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    return (value if isinstance(value, str) else str(value)).strip()


def _row_doc(row: dict[object, object], origin: str, n: int, fmt: str) -> SourceDoc | InputError:
    row_origin = f"{origin}#row-{n}"
    # Header names are matched case-insensitively and without stray BOM/whitespace.
    norm: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(key, str):
            norm.setdefault(key.replace("\ufeff", "").strip().lower(), value)
    if "text" not in norm and "html" not in norm:
        return InputError(row_origin, f"row {n}: no text or html column")
    for key in ("text", "html"):
        if norm.get(key) is not None and not isinstance(norm[key], str):
            return InputError(row_origin, f"row {n}: {key} is not a string")
    page: dict[str, str] = {}
    text = clean_text(_cell(norm, "text"))
    if not text and _cell(norm, "html"):
        raw, page = extract_html(_cell(norm, "html"))
        text = clean_text(raw)
    if not text:
        return InputError(row_origin, f"row {n}: empty text")
    if not _has_cjk(text):
        return InputError(row_origin, f"row {n}: no Chinese text (not a notice?)")
    given: dict[str, str] = {}
    for field, keys in _GIVEN_KEYS.items():
        value = next((v for k in keys if (v := _cell(norm, k))), "")
        if value:
            given[field] = value
    return SourceDoc(origin=row_origin, text=text, given=given, page=page, fmt=fmt)


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[object, object] | str]]:
    # Split on LF only: U+2028 and friends are legal inside JSON strings.
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, f"row {n}: invalid JSON: {exc.msg} (column {exc.colno})"
            continue
        yield n, obj if isinstance(obj, dict) else f"row {n}: not a JSON object"


def _csv_rows(text: str) -> Iterator[tuple[int, dict[object, object] | str]]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    n = 0
    try:
        for n, row in enumerate(reader, 1):
            yield n, row
    except csv.Error as exc:
        yield n + 1, f"row {n + 1}: CSV error near line {reader.line_num}: {exc}"


def _read_rows(text: str, origin: str, fmt: str) -> tuple[list[SourceDoc], list[InputError]]:
    docs: list[SourceDoc] = []
    errors: list[InputError] = []
    rows = _jsonl_rows(text) if fmt == "jsonl" else _csv_rows(text)
    for n, row in rows:
        if isinstance(row, str):
            errors.append(InputError(f"{origin}#row-{n}", row))
            continue
        result = _row_doc(row, origin, n, fmt)
        (docs if isinstance(result, SourceDoc) else errors).append(result)  # type: ignore[arg-type]
    if not docs and not errors:
        errors.append(InputError(origin, "no data rows"))
    return docs, errors


# ---------------------------------------------------------------------------
# Files


def display_name(name: str) -> str:
    """A file name as readable text, even when its bytes are not UTF-8.

    Names from Chinese Windows archives are often GBK bytes, which Python keeps as
    lone surrogates that cannot be written to JSON or a web page; decode them as
    GB18030 when that works, else replace what cannot be read.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")


def _origin(path: Path, root: Path | None) -> str:
    if root is not None:
        for p, r in ((path, root), (Path(os.path.abspath(path)), Path(os.path.abspath(root)))):
            try:
                return display_name(p.relative_to(r).as_posix())
            except ValueError:
                pass
    return display_name(path.as_posix())


def origin_of(path: Path, root: Path | None) -> str:
    """The name a file's notices are recorded under (what ``read_file`` reports)."""
    return _origin(Path(path), root)


def safe_to_read(path: Path, root: Path | None) -> bool:
    """A regular file that does not lead outside ``root``: safe to open and hash
    (a FIFO would block, /dev/zero would never end)."""
    try:
        return not _escapes_root(path, root) and stat.S_ISREG(Path(path).stat().st_mode)
    except OSError:
        return False


def _escapes_root(path: Path, root: Path | None) -> bool:
    """True when ``path`` reaches outside ``root`` through a symlink."""
    if root is None:
        return False
    real = Path(os.path.realpath(path))
    if real == Path(os.path.abspath(path)):
        return False  # no symlink involved: an explicitly named file is fine
    return not real.is_relative_to(os.path.realpath(root))


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such file (or a broken symlink)"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {exc.strerror or exc}"


def _read_file(
    path: Path, root: Path | None, origin: str
) -> tuple[list[SourceDoc], list[InputError]]:
    if _escapes_root(path, root):
        return [], [InputError(origin, "symlink points outside the data folder; not followed")]
    try:
        info = path.stat()
    except OSError as exc:
        return [], [InputError(origin, _os_reason(exc))]
    if not stat.S_ISREG(info.st_mode):
        kind = "is a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return [], [InputError(origin, kind)]
    batch = path.suffix.lower() in JSONL_SUFFIXES | CSV_SUFFIXES
    limit = MAX_BYTES if batch else MAX_NOTICE_BYTES
    too_big = (f"file too large: over the {limit:,}-byte limit (MAX_BYTES)" if batch else
               f"file too large for one notice: over {limit:,} bytes (MAX_NOTICE_BYTES); "
               "a dump of many notices should be split, or given as JSON Lines/CSV")
    if info.st_size > limit:
        return [], [InputError(origin, too_big)]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [InputError(origin, _os_reason(exc))]
    if len(data) > limit:  # grew since stat
        return [], [InputError(origin, too_big)]
    try:
        text = decode_bytes(data)
    except ValueError as exc:
        return [], [InputError(origin, str(exc))]

    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _read_rows(text, origin, "jsonl")
    if suffix in CSV_SUFFIXES:
        return _read_rows(text, origin, "csv")
    page: dict[str, str] = {}
    fmt = "text"
    if suffix in HTML_SUFFIXES or _looks_like_html(text):
        text, page = extract_html(text)
        fmt = "html"
    text = clean_text(text)
    if not text:
        return [], [InputError(origin, "no text content")]
    if not _has_cjk(text):
        return [], [InputError(origin, "no Chinese text (not a notice?)")]
    return [SourceDoc(origin=origin, text=text, page=page, fmt=fmt)], []


def read_file(path: Path, root: Path | None = None) -> tuple[list[SourceDoc], list[InputError]]:
    """Read one file into docs (several for JSON Lines/CSV rows) and errors.

    ``origin`` is the path relative to ``root`` (POSIX style) when given. Never
    raises: a file that cannot be used becomes an :class:`InputError`, and a bad
    row does not cost the file's good rows.
    """
    path = Path(path)
    origin = _origin(path, root)
    try:
        return _read_file(path, root, origin)
    except Exception as exc:  # a reader bug must not stop the batch
        return [], [InputError(origin, f"unexpected error: {type(exc).__name__}: {exc}")]


def _skipped(name: str) -> bool:
    lower = name.lower()
    return name.startswith(".") or lower.startswith(("readme", "sources"))


def _expand(path: Path, root: Path | None, seen: set[str]) -> Iterator[Path | InputError]:
    """Files under ``path`` in sorted order; directory problems as errors."""
    stack: list[Path] = [path]
    while stack:
        current = stack.pop()
        if not current.is_dir():
            yield current
            continue
        if _escapes_root(current, root):
            yield InputError(
                _origin(current, root), "symlink points outside the data folder; not followed"
            )
            continue
        real = os.path.realpath(current)
        if real in seen:  # a symlink loop, or a folder reached twice
            continue
        seen.add(real)
        try:
            entries = sorted(current.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            yield InputError(_origin(current, root), _os_reason(exc))
            continue
        stack.extend(reversed([e for e in entries if not _skipped(e.name)]))


def list_files(paths: Iterable[Path], root: Path | None = None) -> Iterator[Path | InputError]:
    """The files :func:`read_paths` would read, without reading them (the builder
    reads them in worker processes); folder problems come back as errors."""
    seen: set[str] = set()
    for given in paths:
        yield from _expand(Path(given), root, seen)


def read_paths(paths: Iterable[Path], root: Path | None = None) -> Iterator[SourceDoc | InputError]:
    """Yield docs and errors for files and (recursively) folders, in sorted order.

    Hidden entries and README*/SOURCES* files inside folders are skipped. Never
    raises: every problem becomes an :class:`InputError` and the batch goes on.
    """
    seen: set[str] = set()
    for given in paths:
        given = Path(given)
        try:
            items = list(_expand(given, root, seen))
        except Exception as exc:
            yield InputError(_origin(given, root), f"cannot list: {type(exc).__name__}: {exc}")
            continue
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            docs, errors = read_file(item, root)
            yield from docs
            yield from errors
