"""Tests for the read stage: encodings, cleanup, HTML, JSONL/CSV rows, batches, hostile files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from indexer import read
from indexer.model import InputError, SourceDoc
from indexer.read import decode_bytes, read_file, read_paths

SAMPLE = "中共汨罗市委关于巡视整改进展情况的通报\n一、组织整改落实情况\n"
SAMPLE_LINES = "中共汨罗市委关于巡视整改进展情况的通报\n一、组织整改落实情况"
NOTICES = Path(__file__).resolve().parent.parent / "data" / "notices"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
OUTSIDE = "symlink points outside the data folder; not followed"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def summary(items: list[SourceDoc | InputError]) -> list[tuple[str, ...]]:
    """Everything a batch produced, in order, as comparable tuples."""
    return [
        ("doc", x.origin, x.fmt, x.text)
        if isinstance(x, SourceDoc)
        else ("error", x.origin, x.reason)
        for x in items
    ]


# --- decode_bytes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(SAMPLE.encode("utf-8"), SAMPLE, id="utf-8"),
        pytest.param(SAMPLE.encode("utf-8-sig"), SAMPLE, id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + SAMPLE.encode("utf-16-le"), SAMPLE, id="utf-16le-bom"),
        pytest.param(b"\xfe\xff" + SAMPLE.encode("utf-16-be"), SAMPLE, id="utf-16be-bom"),
        pytest.param(SAMPLE.encode("utf-16-le"), SAMPLE, id="utf-16le-no-bom"),
        pytest.param(SAMPLE.encode("utf-16-be"), SAMPLE, id="utf-16be-no-bom"),
        pytest.param(SAMPLE.encode("utf-32"), SAMPLE, id="utf-32-bom"),
        pytest.param(SAMPLE.encode("gb18030"), SAMPLE, id="gb18030"),
        pytest.param(SAMPLE.encode("gbk"), SAMPLE, id="gbk"),
        pytest.param("整改•©\u00a0情况".encode("gb18030"), "整改•©\u00a0情况", id="gb18030-4byte"),
        # A crawler cut the file mid-character: the partial character is dropped.
        pytest.param(SAMPLE.encode("utf-8")[:-2], SAMPLE[:-2], id="truncated-utf-8"),
        pytest.param(SAMPLE.encode("gbk")[:-2], SAMPLE[:-2], id="truncated-gbk"),
        pytest.param(SAMPLE.encode("gbk") + b"\x00" * 64, SAMPLE, id="nul-padding"),
        pytest.param(
            b"\xff\xfe" + SAMPLE.encode("utf-16-le")[:-1], SAMPLE[:-1], id="truncated-utf-16"
        ),
    ],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b" \r\n\t\n", "empty file", id="whitespace"),
        pytest.param("\u3000\u00a0\n\ufeff\u200b\n".encode(), "empty file", id="cjk-whitespace"),
        pytest.param(b"\xef\xbb\xbf", "empty file", id="bom-only"),
        pytest.param(PNG, "binary data, not text", id="png"),
        pytest.param(b"\x00" * 64, "binary data, not text", id="all-nul"),
        pytest.param(bytes(range(256)) * 8, "binary data, not text", id="all-bytes"),
        pytest.param(b"\x01\x02\x03\x04\x05abc", "binary data, not text", id="controls"),
        pytest.param(
            "Café, naïve résumé".encode("latin-1"),
            "not valid UTF-8, UTF-16 or GB18030 text",
            id="latin-1",
        ),
        pytest.param(
            b"\xff\xfe\x00\xd8\x41\x00", "not valid UTF-8, UTF-16 or GB18030 text", id="bad-utf16"
        ),
    ],
)
def test_decode_bytes_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        decode_bytes(data)
    assert str(info.value) == reason


# --- plain text files: cleanup and rejection ----------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(SAMPLE.encode("gbk"), SAMPLE_LINES, id="gbk-file"),
        pytest.param("一、整改\r\n\r\n\r\n二、成效\r\n".encode(), "一、整改\n二、成效", id="crlf"),
        pytest.param("一、整改\r二、成效\r".encode(), "一、整改\n二、成效", id="cr"),
        pytest.param(
            (
                "\u3000\u3000一、整改\u3000\n\u00a0\u00a0\t二、成效\u00a0内部\u00a0空格 保留\t\n"
            ).encode(),
            "一、整改\n二、成效\u00a0内部\u00a0空格 保留",
            id="indents",
        ),
        pytest.param(
            "\n\n标题\n \n\u3000\n\t\n正文\n\n\n".encode(), "标题\n正文", id="blank-lines"
        ),
        pytest.param("\ufeff整\u200b改\ufeff情况\n".encode(), "整改情况", id="bom-and-zero-width"),
        pytest.param(
            "来源:市委巡察办 发布时间:2021-07-28\n分享到：\n©版权所有\n".encode(),
            "来源:市委巡察办 发布时间:2021-07-28\n分享到：\n©版权所有",
            id="boilerplate-kept",
        ),
        pytest.param(("长" * 100_000).encode(), "长" * 100_000, id="long-line"),
    ],
)
def test_text_file(tmp_path: Path, data: bytes, expected: str) -> None:
    path = write(tmp_path / "n.txt", data)
    assert read_file(path, root=tmp_path) == ([SourceDoc("n.txt", expected)], [])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"   \n\n\t  \n", "empty file", id="whitespace"),
        pytest.param(PNG, "binary data, not text", id="binary"),
        pytest.param(
            b"An English page about something else.\nNo hanzi here.\n",
            "no Chinese text (not a notice?)",
            id="latin-only",
        ),
        pytest.param(
            b"<html><body><p>English only</p></body></html>",
            "no Chinese text (not a notice?)",
            id="latin-html",
        ),
        pytest.param(
            "Café".encode("latin-1") + b" au lait",
            "not valid UTF-8, UTF-16 or GB18030 text",
            id="undecodable",
        ),
    ],
)
def test_text_file_rejected(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    assert read_file(path, root=tmp_path) == ([], [InputError("bad.txt", reason)])


def test_origin_without_root(tmp_path: Path) -> None:
    path = write(tmp_path / "a" / "n.txt", SAMPLE)
    docs, errors = read_file(path)
    assert (docs[0].origin, errors) == (path.as_posix(), [])


# --- HTML ----------------------------------------------------------------------

HTML_HEAD = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>中共某某区委关于巡察整改情况的通报_某某网</title>
<meta name="ArticleTitle" content=" 中共某某区委关于巡察整改情况的通报 ">
<meta name="PubDate" content="2021-07-28 09:13">
<meta name="ContentSource" content="区委巡察办">
<meta name="keywords" content="">
<link rel="canonical" href="https://www.example.gov.cn/xsxc/1.html">
<style>.x { content: "样式文字"; }</style>
<script>var s = "头部脚本";</script>
</head>"""

HTML_WHOLE = (
    HTML_HEAD
    + """
<body onload="init('加载属性')">
<div class="nav">当前位置：<a href="/" title="链接标题">首页</a> &gt; 巡视巡察</div>
<h1>中共某某区委关于巡察整改情况的通报</h1>
<div class="info">来源:x 发布时间:2021-07-28</div>
<div class="main">
<p>&nbsp;&nbsp;根据区委统一部署，
  区委第一巡察组进行了巡察。</p>
<p style="color:red" onclick="alert('点击属性')">一、整改&nbsp;情况<br>（一）关于问题</p>
<img src="a.png" onerror="alert('错误属性')" alt="图片说明">
<!-- 注释文字 -->
<table><tr><td>序号</td><td>问题</td></tr><tr><td>1</td><td>整改落实不到位</td></tr></table>
<script>document.write("正文脚本")</script>
<iframe src="x.html">框架文字</iframe><noscript>无脚本文字</noscript>
<svg><text>矢量文字</text></svg><template><p>模板文字</p></template>
</div>
<div class="share">分享到：微信</div><footer>©版权所有 某某网</footer>
</body></html>"""
)

ARTICLE = (
    "根据区委统一部署，区委第一巡察组于2021年3月至5月对区发改局党组进行了常规巡察，"
    "并于7月反馈了巡察意见。按照巡视巡察工作有关要求，现将巡察整改情况予以公布。"
)
HTML_CONTAINER = """<html><head>
<title>中共某某区委关于巡察整改情况的通报 - 某某网</title>
<meta property="og:title" content="巡察整改通报">
<meta name="publishdate" content="2021-08-30">
<meta name="author" content="区纪委">
<meta property="og:url" content="https://og.example.gov.cn/2.html">
</head><body>
<div class="crumb">您当前的位置：首页 &gt; 工作动态</div>
<div class="bt">中共某某区委关于巡察整改情况的通报</div>
<div class="info">发布日期：2021-08-30 <span>来源：区纪委</span></div>
<div class="article-content"><div id="zoom" class="TRS_Editor">
<p>　　ARTICLE</p><p>一、整改情况</p><p>区委高度重视，成立整改工作领导小组。</p>
</div></div>
<ul class="related"><li>相关新闻</li></ul>
</body></html>""".replace("ARTICLE", ARTICLE)


@pytest.mark.parametrize(
    ("name", "html", "text", "page"),
    [
        pytest.param(
            "page.html",
            HTML_WHOLE,
            "当前位置：首页 > 巡视巡察\n"
            "中共某某区委关于巡察整改情况的通报\n"
            "来源:x 发布时间:2021-07-28\n"
            "根据区委统一部署，区委第一巡察组进行了巡察。\n"
            "一、整改\u00a0情况\n"
            "（一）关于问题\n"
            "序号 问题\n"
            "1 整改落实不到位\n"
            "分享到：微信\n"
            "©版权所有 某某网",
            {
                "title": "中共某某区委关于巡察整改情况的通报",
                "published": "2021-07-28 09:13",
                "source": "区委巡察办",
                "url": "https://www.example.gov.cn/xsxc/1.html",
            },
            id="whole-body",
        ),
        pytest.param(
            "page.shtml",
            HTML_CONTAINER,
            "中共某某区委关于巡察整改情况的通报\n"
            "发布日期：2021-08-30 来源：区纪委\n"
            f"{ARTICLE}\n"
            "一、整改情况\n"
            "区委高度重视，成立整改工作领导小组。",
            {
                "title": "巡察整改通报",
                "published": "2021-08-30",
                "source": "区纪委",
                "url": "https://og.example.gov.cn/2.html",
            },
            id="container",
        ),
        pytest.param(
            "links.html",  # a big "article-list" sidebar is never taken for the article
            "<html><body><div class='TRS_Editor'><p>一、整改情况</p></div>"
            "<ul class='article-list'><li>关于开展专项巡察工作的通知</li>"
            "<li>关于公布巡察整改情况的通报</li></ul></body></html>",
            "一、整改情况\n关于开展专项巡察工作的通知\n关于公布巡察整改情况的通报",
            {},
            id="link-list-not-container",
        ),
        pytest.param(
            "saved.txt",  # sniffed as HTML from its content
            "\n  <!doctype html><html><body><p>一、整改</p><p>二、成效</p></body></html>",
            "一、整改\n二、成效",
            {},
            id="sniffed",
        ),
    ],
)
def test_html(tmp_path: Path, name: str, html: str, text: str, page: dict[str, str]) -> None:
    path = write(tmp_path / name, html)
    assert read_file(path, root=tmp_path) == (
        [SourceDoc(name, text, page=page, fmt="html")],
        [],
    )


def test_html_gbk_bytes(tmp_path: Path) -> None:
    html = '<html><head><meta charset="gbk"></head><body><p>一、整改情况</p></body></html>'
    path = write(tmp_path / "g.htm", html.encode("gbk"))
    assert read_file(path, root=tmp_path) == ([SourceDoc("g.htm", "一、整改情况", fmt="html")], [])


# --- JSON Lines / CSV ---------------------------------------------------------

JSONL_ROWS = [
    json.dumps(
        {
            "text": "中共某某县委关于巡察整改情况的通报\r\n\r\n\u3000\u3000一、整改情况",
            "url": " https://a.gov.cn/1 ",
            "title": "某某县通报",
            "date": "2021-07-28",
            "source": "",
            "extra": 1,
        },
        ensure_ascii=False,
    ),
    '{"text": "缺引号}',
    '{"url": "https://a.gov.cn/3"}',
    '{"text": "  \\u3000 "}',
    "",
    json.dumps(
        {
            "html": "<p>一、整改</p><script>var x='脚本';</script>",
            "published": "2021-01-01",
            "date": "2020-12-31",
        }
    ),
    '{"text": "English only"}',
    "[1, 2]",
    '{"text": "", "html": "<title>页面标题</title><p>二、成效\\u2028续</p>", "Title": "行标题"}',
]


def test_jsonl_good_and_bad_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "crawl.jsonl", "\n".join(JSONL_ROWS) + "\n")
    docs, errors = read_file(path, root=tmp_path)
    assert docs == [
        SourceDoc(
            "crawl.jsonl#row-1",
            "中共某某县委关于巡察整改情况的通报\n一、整改情况",
            given={"url": "https://a.gov.cn/1", "title": "某某县通报", "published": "2021-07-28"},
            fmt="jsonl",
        ),
        SourceDoc(
            "crawl.jsonl#row-6",
            "一、整改",
            given={"published": "2021-01-01"},
            fmt="jsonl",
        ),
        SourceDoc(
            "crawl.jsonl#row-9",
            "二、成效\n续",
            given={"title": "行标题"},
            page={"title": "页面标题"},
            fmt="jsonl",
        ),
    ]
    assert errors == [
        InputError(
            "crawl.jsonl#row-2", "row 2: invalid JSON: Unterminated string starting at (column 10)"
        ),
        InputError("crawl.jsonl#row-3", "row 3: no text or html column"),
        InputError("crawl.jsonl#row-4", "row 4: empty text"),
        InputError("crawl.jsonl#row-7", "row 7: no Chinese text (not a notice?)"),
        InputError("crawl.jsonl#row-8", "row 8: not a JSON object"),
    ]


def test_jsonl_every_row_bad(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.ndjson", '{oops\n{"url": "x"}\n')
    assert read_file(path, root=tmp_path) == (
        [],
        [
            InputError(
                "bad.ndjson#row-1",
                "row 1: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
            ),
            InputError("bad.ndjson#row-2", "row 2: no text or html column"),
        ],
    )


CSV_TEXT = (
    "text,url,title,published,source\r\n"
    '"第一行\n\n\u3000第二行",https://b.gov.cn/1, 标题一 ,2021-07-28,市纪委\r\n'
    ",https://b.gov.cn/2,,,\r\n"
    "三、整改成效,,,,\r\n"
)
CSV_DOCS = [
    SourceDoc(
        "rows.csv#row-1",
        "第一行\n第二行",
        given={
            "url": "https://b.gov.cn/1",
            "title": "标题一",
            "published": "2021-07-28",
            "source": "市纪委",
        },
        fmt="csv",
    ),
    SourceDoc("rows.csv#row-3", "三、整改成效", fmt="csv"),
]
CSV_ERRORS = [InputError("rows.csv#row-2", "row 2: empty text")]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(CSV_TEXT.encode("utf-8-sig"), id="utf-8-bom-header"),
        pytest.param(CSV_TEXT.encode("gbk"), id="gbk"),
        pytest.param(b"\xff\xfe" + CSV_TEXT.encode("utf-16-le"), id="utf-16"),
        pytest.param(CSV_TEXT.replace("text,", "\ufeff Text ,", 1).encode(), id="odd-header"),
    ],
)
def test_csv_rows(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "rows.csv", data)
    assert read_file(path, root=tmp_path) == (CSV_DOCS, CSV_ERRORS)


def test_csv_prefers_text_over_html_and_reports_missing_columns(tmp_path: Path) -> None:
    data = "text,html,date\n一、正文,<p>二、网页</p>,2021-01-01\n,<p>二、网页</p>,\n"
    path = write(tmp_path / "both.csv", data)
    assert read_file(path, root=tmp_path) == (
        [
            SourceDoc("both.csv#row-1", "一、正文", given={"published": "2021-01-01"}, fmt="csv"),
            SourceDoc("both.csv#row-2", "二、网页", fmt="csv"),
        ],
        [],
    )
    path = write(tmp_path / "nocol.csv", "url,title\nhttps://x,标题\n")
    assert read_file(path, root=tmp_path) == (
        [],
        [InputError("nocol.csv#row-1", "row 1: no text or html column")],
    )


# --- batches, symlinks, unreadable and oversized files -------------------------


def test_directory_batch_mixes_good_and_bad(tmp_path: Path) -> None:
    root = tmp_path / "data"
    write(root / "a.txt", SAMPLE)
    write(root / "b.html", "<html><body><p>二、整改</p><script>x()</script></body></html>")
    write(root / "c.png", PNG)
    write(root / "d.txt", b"")
    write(root / "e.jsonl", '{"text": "三、成效"}\n{"text": 5}\n')
    write(root / "sub" / "f.txt", SAMPLE.encode("gbk"))
    write(root / "sub" / "g.txt", "Latin only.\n")
    write(root / "sub" / "h.txt", "Caf\xe9 au lait".encode("latin-1"))
    write(root / ".hidden.txt", SAMPLE)
    write(root / ".git" / "x.txt", SAMPLE)
    write(root / "README.md", SAMPLE)
    write(root / "SOURCES.txt", SAMPLE)
    write(root / "sub" / "readme.txt", SAMPLE)
    items = list(read_paths([root, root / "missing.txt"], root=root))
    assert summary(items) == [
        ("doc", "a.txt", "text", SAMPLE_LINES),
        ("doc", "b.html", "html", "二、整改"),
        ("error", "c.png", "binary data, not text"),
        ("error", "d.txt", "empty file"),
        ("doc", "e.jsonl#row-1", "jsonl", "三、成效"),
        ("error", "e.jsonl#row-2", "row 2: text is not a string"),
        ("doc", "sub/f.txt", "text", SAMPLE_LINES),
        ("error", "sub/g.txt", "no Chinese text (not a notice?)"),
        ("error", "sub/h.txt", "not valid UTF-8, UTF-16 or GB18030 text"),
        ("error", "missing.txt", "no such file (or a broken symlink)"),
    ]


def test_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "data"
    outside = write(tmp_path / "secret" / "s.txt", SAMPLE)
    write(root / "real.txt", SAMPLE)
    (root / "in_link.txt").symlink_to(root / "real.txt")
    (root / "out_link.txt").symlink_to(outside)
    (root / "out_dir").symlink_to(outside.parent, target_is_directory=True)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    items = list(read_paths([root], root=root))
    assert summary(items) == [
        ("error", "dangling.txt", "no such file (or a broken symlink)"),
        ("doc", "in_link.txt", "text", SAMPLE_LINES),
        ("error", "out_dir", OUTSIDE),
        ("error", "out_link.txt", OUTSIDE),
        ("doc", "real.txt", "text", SAMPLE_LINES),
    ]
    # Without a root there is no boundary to enforce.
    docs, errors = read_file(root / "out_link.txt")
    assert (len(docs), errors) == (1, [])


def test_unreadable_file_via_monkeypatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "locked.txt", SAMPLE)
    write(tmp_path / "ok.txt", SAMPLE)
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert summary(list(read_paths([tmp_path], root=tmp_path))) == [
        ("error", "locked.txt", "permission denied"),
        ("doc", "ok.txt", "text", SAMPLE_LINES),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", SAMPLE)
    path.chmod(0)
    try:
        assert read_file(path, root=tmp_path) == (
            [],
            [InputError("locked.txt", "permission denied")],
        )
    finally:
        path.chmod(0o644)


def test_file_over_max_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_BYTES", 64)
    monkeypatch.setattr(read, "MAX_NOTICE_BYTES", 16)
    write(tmp_path / "big.txt", "整改" * 10)
    write(tmp_path / "rows.jsonl", '{"text": "整改整改整改"}\n')
    write(tmp_path / "rows_big.jsonl", '{"text": "%s"}\n' % ("整改" * 12))
    write(tmp_path / "small.txt", "整改")
    assert summary(list(read_paths([tmp_path], root=tmp_path))) == [
        ("error", "big.txt", "file too large for one notice: over 16 bytes (MAX_NOTICE_BYTES);"
                             " a dump of many notices should be split, or given as JSON Lines/CSV"),
        ("doc", "rows.jsonl#row-1", "jsonl", "整改整改整改"),
        ("error", "rows_big.jsonl", "file too large: over the 64-byte limit (MAX_BYTES)"),
        ("doc", "small.txt", "text", "整改"),
    ]


def test_undecodable_file_names_are_readable(tmp_path: Path) -> None:
    name = "巡察整改通报.txt".encode("gbk")
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write(SAMPLE.encode("utf-8"))
    (item,) = list(read_paths([tmp_path], root=tmp_path))
    assert item.origin == "巡察整改通报.txt"


def test_read_paths_never_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "n.txt", SAMPLE)

    def boom(data: bytes) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(read, "decode_bytes", boom)
    assert summary(list(read_paths([tmp_path], root=tmp_path))) == [
        ("error", "n.txt", "unexpected error: RuntimeError: boom"),
    ]


# --- the seed notices ---------------------------------------------------------


def test_seed_notices() -> None:
    items = list(read_paths([NOTICES], root=NOTICES.parent))
    files = sorted(p.name for p in NOTICES.glob("*.txt"))
    assert len(files) == 5
    assert [(x.origin, type(x)) for x in items] == [(f"notices/{f}", SourceDoc) for f in files]
    for doc in items:
        assert isinstance(doc, SourceDoc)
        assert (doc.fmt, doc.given, doc.page) == ("text", {}, {})
        lines = doc.text.split("\n")
        assert all(line and line == line.strip() for line in lines)
    assert items[0].text.split("\n")[0] == "双鸭山市"
