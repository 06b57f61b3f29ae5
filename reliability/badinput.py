"""A deterministic corpus of malformed, hostile and duplicate inputs for ``indexer build``.

Why: researchers feed the indexer whatever a crawler or a colleague saved — GBK and
UTF-16 files, whole HTML pages, truncated downloads, binary junk, copies under a
second name, symlinks into other folders. The promise is that a build always
finishes, names every file it rejected with a reason, indexes every good file
exactly once, and answers queries afterwards. This module writes such a corpus and
records, per input, what a correct build must do with it; :func:`verify` then
checks a build report and the resulting index against those expectations.

Good inputs are variants of the seed notices in ``data/notices`` (other regions,
shifted years, swapped paragraphs, a unique marker ``QX00042`` per notice) saved
in every format the reader supports. The marker is how :func:`verify` finds each
good notice again through :mod:`search.engine`. Text that must never become
searchable (script bodies, event attributes, files reached through symlinks that
leave the data folder) carries a ``POISONQ`` marker instead.

"Unreadable" inputs: tests run as root, so ``chmod 000`` does not make a file
unreadable. We use a FIFO (a read would block forever), a dangling symlink, a
symlink loop and an empty directory named like a file instead.

Usage (library)::

    inputs = generate(Path("/tmp/bad"), n=1000, seed=0)
    report = build(inputs.data, Path("/tmp/bad-index"))
    verdict = verify(inputs, asdict(report), Path("/tmp/bad-index"))
"""

from __future__ import annotations

import codecs
import csv
import gzip
import html
import io
import json
import os
import random
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import indexer.read as reader

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "notices"
POISON = "POISONQ"  # must never be searchable (normalized: "poisonq")

# Known bugs (see reliability/README.md): inputs of these kinds hang or crash a whole
# build today. They are generated only when ``hazards=True``; tests and scripts run
# builds that include them in a subprocess with a timeout and a memory cap.
HAZARDS = {
    "fifo": "a FIFO in the data folder blocks the build forever (indexer/build.py "
            "_work_file reads the bytes for the SHA-1 before read_file checks the file type)",
    "outside_fifo": "a symlink to a FIFO outside the data folder blocks the build forever "
                    "(same _work_file digest read happens before the outside-symlink check)",
    "dev_zero": "a symlink to /dev/zero makes the build read until MemoryError "
                "(same _work_file digest read)",
    "bad_name_bytes": "a file name that is not valid UTF-8 (GBK names from Windows zips) "
                      "crashes the build with UnicodeEncodeError in _write_manifest",
}

_REGION_SUBS: list[tuple[str, list[str]]] = [
    ("双鸭山", ["鹤岗", "鸡西", "七台河", "佳木斯", "伊春"]),
    ("汨罗", ["临湘", "湘阴", "平江"]),
    ("秦皇岛", ["唐山", "沧州", "廊坊"]),
    ("上城区", ["拱墅区", "西湖区", "滨江区"]),
    ("大鹏新区", ["坪山新区", "光明新区", "龙华新区"]),
]
_YEAR_RE = re.compile(r"(?<!\d)(20[0-2]\d)(?=年|-)")
_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,3}[.．、])")


@dataclass
class Input:
    """One thing placed in the data folder and what a correct build does with it."""

    path: str  # origin as the reader names it: POSIX path under the data folder
    kind: str
    expect: str  # good | bad | duplicate | skipped | any
    reasons: tuple[str, ...] = ()  # bad: the reported reason contains one of these
    markers: tuple[str, ...] = ()  # good/duplicate: one unique marker per notice held
    origins: tuple[str, ...] = ()  # good: source_file of each marker's notice
    bad_rows: int = 0  # rows of a good JSONL/CSV file that must be reported
    group: str = ""  # duplicate group (all members share markers)
    hazard: str = ""  # non-empty: a known bug makes this input hang or crash a build


@dataclass
class InputSet:
    """The generated corpus: where it is and what each input must produce."""

    root: Path
    data: Path
    outside: Path
    seed: int
    inputs: list[Input] = field(default_factory=list)

    @property
    def expected_notices(self) -> int:
        """Notices a correct build indexes (duplicate groups count once)."""
        good = sum(len(i.markers) for i in self.inputs if i.expect == "good")
        groups = {i.group: len(i.markers) for i in self.inputs if i.expect == "duplicate"}
        return good + sum(groups.values())

    def kinds(self) -> Counter[str]:
        return Counter(i.kind for i in self.inputs)


# ---------------------------------------------------------------- seed variants


class Seeds:
    """Seed notices and a way to make distinct, still-parseable variants of them."""

    def __init__(self, folder: Path = SEEDS, max_lines: int | None = None):
        self.texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
        if max_lines:  # shorter notices keep the quick test inside its time budget
            self.texts = ["\n".join(t.split("\n")[:max_lines]) for t in self.texts]
        if not self.texts:
            raise FileNotFoundError(f"no seed notices in {folder}")

    def variant(self, rng: random.Random, marker: str) -> str:
        """A seed notice with another region, shifted years, two body paragraphs
        swapped and ``（核查编号<marker>号）`` in its first prose paragraph, so no two
        variants are duplicates and each can be found again by its marker."""
        text = rng.choice(self.texts)
        for old, news in _REGION_SUBS:
            if old in text:
                text = text.replace(old, rng.choice(news))
        shift = rng.randint(-3, 3)
        text = _YEAR_RE.sub(lambda m: str(int(m.group(1)) + shift), text)
        lines = [ln for ln in text.split("\n")]
        prose = [i for i, ln in enumerate(lines) if len(ln) >= 40 and not _HEADING_RE.match(ln)]
        first = prose[0]
        lines[first] = lines[first].rstrip("。") + f"（核查编号{marker}号）。"
        pairs = [i for i in prose[1:] if i + 1 in prose]
        if pairs:
            i = rng.choice(pairs)
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        return "\n".join(lines)


def _marker(n: int) -> str:
    return f"QX{n:05d}"


def _poison(n: int) -> str:
    return f"{POISON}{n:05d}"


def _html_page(text: str, rng: random.Random, n: int, charset: str = "utf-8",
               deep: int = 0) -> str:
    """A saved CMS page around ``text``: furniture, scripts, frames and event
    attributes carrying poison markers, the notice in a ``TRS_Editor`` div."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    title = html.escape(lines[0][:60])
    p = _poison(n)
    paras = "\n".join(f"<p style=\"text-indent:2em\">{html.escape(ln)}</p>" for ln in lines)
    inner = (f'<div class="TRS_Editor" onmouseover="alert(\'{p}\')">\n{paras}\n'
             f'<img src="x" onerror="alert(\'{p}\')"><a href="javascript:alert(\'{p}\')"></a>'
             f"</div>")
    if deep:
        inner = "<div>" * deep + inner + "</div>" * deep
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset=\"{charset}\">"
        f"<title>{title}_纪检监察网</title>"
        f"<script>var x='{p}';document.write('<p>{p}</p>');</script>"
        f"<style>.a::after{{content:'{p}'}}</style></head>\n"
        f"<body onload=\"alert('{p}')\"><div class=\"nav\">首页 &gt; 工作动态 &gt; 巡视巡察</div>\n"
        f"<iframe src=\"javascript:alert('{p}')\">{p}</iframe>\n{inner}\n"
        f"<noscript>{p}</noscript><script>{p}()</script>\n"
        f"<div class=\"footer\">版权所有 © 纪检监察网 ICP备{rng.randint(10000, 99999)}号</div>"
        f"</body></html>\n"
    )


def _mixed_eol(text: str, rng: random.Random) -> str:
    out = []
    for line in text.split("\n"):
        out.append(line + rng.choice(["\n", "\r\n", "\r"]))
    return "".join(out)


def _encode_gbk(text: str) -> bytes:
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")


def _cut_mid_char(data: bytes, at: int) -> bytes:
    """``data`` cut inside a multi-byte UTF-8 character at or after ``at``."""
    i = at
    while i < len(data) and not 0x80 <= data[i] <= 0xBF:
        i += 1
    return data[:i]


# ---------------------------------------------------------------- good formats

_ODD_NAMES: list[Callable[[int], str]] = [
    lambda n: f"通报 {n} （副本）.txt",
    lambda n: f"with space {n}.txt",
    lambda n: f"  leading spaces {n}.txt",
    lambda n: f"trailing {n}.txt  ",
    lambda n: f"emoji😀{n}.txt",
    lambda n: f"-dash-{n}.txt",
    lambda n: f"quote'\"{n}.txt",
    lambda n: f"<img src=x onerror=alert({n})>.txt",
    lambda n: f"percent%2e%2e%2f{n}.txt",
    lambda n: f"semi;amp&{n}#frag.txt",
    lambda n: f"newline\n{n}.txt",
    lambda n: f"tab\t{n}.txt",
    lambda n: f"back\\slash{n}.txt",
    lambda n: "长" * 70 + f"{n}.txt",
    lambda n: f"UPPER{n}.TXT",
    lambda n: f"noext{n}",
    lambda n: unicodedata.normalize("NFD", f"nfd-é{n}.txt"),
    lambda n: f"rtl\u202e{n}txt.exe",
    lambda n: f"sub dir/深层 目录/{n}.txt",
    lambda n: f"a/b/c/d/e/f/g/{n}.txt",
]


class _Writer:
    """Writes inputs into ``data`` and records their expectations."""

    def __init__(self, root: Path, seed: int, max_bytes: int, max_lines: int | None = None):
        self.root = root
        self.data = root / "data"
        self.outside = root / "outside"
        self.rng = random.Random(seed)
        self.seeds = Seeds(max_lines=max_lines)
        self.max_bytes = max_bytes
        self.n = 0
        self.inputs: list[Input] = []

    # ---- helpers

    def next(self) -> int:
        self.n += 1
        return self.n

    def put(self, rel: str, data: bytes) -> Path:
        path = self.data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def good_name(self, n: int, ext: str = ".txt") -> str:
        if ext == ".txt" and self.rng.random() < 0.25:
            return self.rng.choice(_ODD_NAMES)(n)
        return f"g{n:05d}{ext}"

    def good(self, kind: str, rel: str, data: bytes, markers: tuple[str, ...],
             origins: tuple[str, ...] | None = None, bad_rows: int = 0) -> None:
        self.put(rel, data)
        self.inputs.append(Input(rel, kind, "good", markers=markers,
                                 origins=origins or (rel,) * len(markers), bad_rows=bad_rows))

    def bad(self, kind: str, rel: str, data: bytes, *reasons: str) -> None:
        self.put(rel, data)
        self.inputs.append(Input(rel, kind, "bad", reasons=reasons))

    # ---- good inputs (one notice per file unless stated)

    def text_variant(self, kind: str) -> None:
        n = self.next()
        m = _marker(n)
        text = self.seeds.variant(self.rng, m)
        ext = ".txt"
        if kind == "utf8":
            data = text.encode()
        elif kind == "utf8_bom":
            data = codecs.BOM_UTF8 + text.encode()
        elif kind == "gbk":
            data = _encode_gbk(text)
        elif kind == "gb18030":
            data = text.encode("gb18030")
        elif kind == "utf16le_bom":
            data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
        elif kind == "utf16be_bom":
            data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        elif kind == "utf16le_nobom":
            data = text.encode("utf-16-le")
        elif kind == "utf32":
            data = text.encode("utf-32")
        elif kind == "crlf":
            data = text.replace("\n", "\r\n").encode()
        elif kind == "cr":
            data = text.replace("\n", "\r").encode()
        elif kind == "mixed_eol":
            data = _mixed_eol(text, self.rng).encode()
        elif kind == "nul_padded":
            data = text.encode() + b"\x00" * self.rng.randint(1, 4096)
        elif kind == "truncated_tail":
            raw = text.encode()
            data = _cut_mid_char(raw, int(len(raw) * self.rng.uniform(0.6, 0.9)))
        elif kind == "zero_width":
            data = "\n".join("\u3000\u3000" + ln.replace("整改", "整\u200b改", 1) + " \u00a0"
                             for ln in text.split("\n")).encode()
        elif kind == "no_headings":
            data = "\n".join(ln for ln in text.split("\n") if not _HEADING_RE.match(ln)).encode()
        elif kind == "one_line":
            data = "".join(text.split("\n")).encode()
        elif kind == "html":
            data = _html_page(text, self.rng, n).encode()
            ext = self.rng.choice([".html", ".htm", ".shtml"])
        elif kind == "html_gbk":
            data = _encode_gbk(_html_page(text, self.rng, n, charset="gbk"))
            ext = ".html"
        elif kind == "html_in_txt":
            data = _html_page(text, self.rng, n).encode()
        elif kind == "deep_html":
            data = _html_page(text, self.rng, n, deep=3000).encode()
            ext = ".html"
        else:
            raise ValueError(kind)
        rel = self.good_name(n, ext)
        self.good(kind, rel, data, (m,))

    def rows_file(self, kind: str) -> None:
        """JSON Lines / CSV crawler output: several notices per file, given metadata."""
        n = self.next()
        count = self.rng.randint(2, 3)
        rows, markers = [], []
        for _ in range(count):
            k = self.next()
            m = _marker(k)
            text = self.seeds.variant(self.rng, m)
            rng = self.rng
            published = f"20{rng.randint(15, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            row: dict[str, Any] = {"url": f"https://jjjc.example.gov.cn/xszg/{m}.html",
                                   "title": text.split("\n")[0][:40],
                                   "published": published, "source": "纪检监察网"}
            if kind == "csv_html":
                row["html"] = _html_page(text, self.rng, k)
            else:
                row["text"] = text
            rows.append(row)
            markers.append(m)
        bad_rows = 0
        if kind in ("jsonl", "jsonl_mixed"):
            lines = [(json.dumps(r, ensure_ascii=self.rng.random() < 0.3), True) for r in rows]
            if kind == "jsonl_mixed":
                lines.insert(1, ('{"text": "巡视整改', False))  # truncated JSON row
                lines.append(('["not", "an", "object"]', False))
                lines.append((json.dumps({"url": "u", "text": "English only, no notice."}), False))
                bad_rows = 3
            data = ("\n".join(line for line, _ in lines) + "\n").encode()
            rel = f"rows{n:05d}.jsonl"
            origins = [f"{rel}#row-{no}" for no, (_, good) in enumerate(lines, 1) if good]
        else:
            buf = io.StringIO()
            cols = ["url", "title", "published", "source", "html" if kind == "csv_html" else "text"]
            w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\r\n")
            w.writeheader()
            w.writerows(rows)
            data = buf.getvalue().encode("utf-8-sig" if self.rng.random() < 0.5 else "utf-8")
            rel = f"rows{n:05d}.csv"
            origins = [f"{rel}#row-{i}" for i in range(1, count + 1)]
        self.good(kind, rel, data, tuple(markers), tuple(origins), bad_rows=bad_rows)

    def dir_named_txt(self) -> None:
        """A folder named like a file: it is a folder, so its contents are read."""
        n = self.next()
        m = _marker(n)
        rel = f"folder{n:05d}.txt/inner.txt"
        self.good("dir_named_txt", rel, self.seeds.variant(self.rng, m).encode(), (m,))

    def huge(self, size: int) -> None:
        """One notice-like text file of ``size`` bytes: rejected when over
        ``indexer.read.MAX_NOTICE_BYTES``, otherwise it is a (very long) notice."""
        n = self.next()
        m = _marker(n)
        base = self.seeds.variant(self.rng, m).split("\n")
        body = [ln for ln in base if len(ln) >= 40]
        parts = ["\n".join(base)]
        total = len(parts[0].encode())
        i = 0
        while total < size:
            line = f"\n第{i}段：{body[i % len(body)]}"
            parts.append(line)
            total += len(line.encode())
            i += 1
        data = "".join(parts).encode()[:size]
        data = data[: len(data.decode("utf-8", "ignore").encode())]  # whole characters
        rel = f"huge-{len(data) // 1_000_000}MB-{n:05d}.txt"
        if len(data) > self.max_bytes:
            self.bad("huge", rel, data, "too large")
        else:
            self.good("huge", rel, data, (m,))

    # ---- bad inputs

    def bad_kind(self, kind: str) -> None:
        n = self.next()
        rng = self.rng
        rel = f"bad{n:05d}-{kind}.txt"
        notice = self.seeds.variant(rng, _poison(n))
        if kind == "empty":
            self.bad(kind, rel, b"", "empty")
        elif kind == "blank":
            self.bad(kind, rel, "\n \u3000\u200b\r\n\t\ufeff \n".encode(), "empty")
        elif kind == "bom_only":
            self.bad(kind, rel, codecs.BOM_UTF8, "empty")
        elif kind == "utf16_bom_only":
            self.bad(kind, rel, codecs.BOM_UTF16_LE, "empty")
        elif kind == "random_bytes":
            self.bad(kind, rel.replace(".txt", ".bin"), rng.randbytes(rng.randint(64, 20000)),
                     "binary", "not valid")
        elif kind == "png":
            self.bad(kind, rel.replace(".txt", ".png"),
                     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4000), "binary")
        elif kind == "elf":
            self.bad(kind, rel, b"\x7fELF\x02\x01\x01" + bytes(400) + rng.randbytes(3000),
                     "binary")
        elif kind == "gzip":
            self.bad(kind, rel.replace(".txt", ".txt.gz"), gzip.compress(notice.encode(), mtime=0),
                     "binary", "not valid")
        elif kind == "pdf":
            self.bad(kind, rel.replace(".txt", ".pdf"),
                     b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
                     + gzip.compress(notice.encode(), mtime=0) + b"\nendstream\n",
                     "binary", "not valid")
        elif kind == "controls":
            chars = list(notice)
            for i in range(0, len(chars), 8):
                chars[i] = chr(rng.randint(1, 8))
            self.bad(kind, rel, "".join(chars).encode(), "binary")
        elif kind == "invalid_utf8_mid":
            raw = notice.encode()
            at = len(raw) // 2
            self.bad(kind, rel, raw[:at] + b"\xff\xfe\xfa\xff" + raw[at:], "not valid")
        elif kind == "truncated_short":
            self.bad(kind, rel, _cut_mid_char(notice.encode(), 14), "not a notice")
        elif kind == "cp1252":
            text = ("Rapport sur la rectification: élèves, façade, œuvre, naïve, “quotes” — "
                    "Größe, Straße, Müller. ") * 40
            self.bad(kind, rel, text.encode("cp1252"), "not valid", "no chinese")
        elif kind == "english_utf8":
            self.bad(kind, rel, (b"Inspection rectification report. Nothing here is Chinese.\n"
                                 * 50), "no chinese")
        elif kind == "english_utf16":
            self.bad(kind, rel, codecs.BOM_UTF16_LE + ("Plain English text, no notice.\r\n" * 40)
                     .encode("utf-16-le"), "no chinese")
        elif kind == "no_notice":
            text = ("今天天气晴朗，我们在公园里散步，"
                    "看到许多人在湖边钓鱼，孩子们在草地上放风筝。\n") * 30
            self.bad(kind, rel, text.encode(), "not a notice")
        elif kind == "boilerplate_only":
            text = ("您当前的位置：首页 > 工作动态 > 巡视巡察\n"
                    "来源：市纪委监委 发布时间：2021-07-28 09:13:53 阅读量：2965\n"
                    "【字号：大 中 小】【打印】【关闭】\n分享到：\n"
                    "版权所有 © 中共某某市纪委 ICP备12345678号\n上一篇：\n下一篇：\n")
            self.bad(kind, rel, text.encode(), "not a notice")
        elif kind == "title_only":
            self.bad(kind, rel, "中共某某县委关于巡察整改情况的通报\n".encode(), "not a notice")
        elif kind == "too_short":
            self.bad(kind, rel, "巡视整改已完成。".encode(), "not a notice")
        elif kind == "html_script_only":
            p = _poison(n)
            page = (f"<!DOCTYPE html><html><head><title>x</title></head><body>"
                    f"<script>var t='巡视整改情况的通报{p}';</script><style>p{{}}</style>"
                    f"<iframe>巡视整改{p}</iframe><div title='巡视整改情况{p}' "
                    f"onclick=\"alert('巡视{p}')\"></div></body></html>")
            self.bad(kind, rel.replace(".txt", ".html"), page.encode(), "no text", "no chinese",
                     "not a notice")
        elif kind == "html_empty":
            self.bad(kind, rel.replace(".txt", ".html"), b"<html><body></body></html>",
                     "no text", "no chinese")
        elif kind == "jsonl_all_bad":
            self.bad(kind, rel.replace(".txt", ".jsonl"),
                     b'{"text": "unterminated\n{bad json}\n[1, 2\n', "invalid json")
        elif kind == "jsonl_no_text":
            self.bad(kind, rel.replace(".txt", ".jsonl"),
                     json.dumps({"title": "巡视整改", "url": "x"}, ensure_ascii=False).encode()
                     + b"\n", "no text or html")
        elif kind == "jsonl_not_object":
            self.bad(kind, rel.replace(".txt", ".jsonl"), b'[1, 2, 3]\n"string"\n42\n',
                     "not a json object")
        elif kind == "csv_no_text":
            self.bad(kind, rel.replace(".txt", ".csv"),
                     "url,title\nhttp://x,巡视整改\n".encode(), "no text or html")
        elif kind == "csv_bad_quote":
            self.bad(kind, rel.replace(".txt", ".csv"),
                     'url,text\nhttp://x,"巡视整改 unterminated\n'.encode(), "csv", "not a notice",
                     "too little")
        elif kind == "dangling_inside":
            link = self.data / rel
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(f"missing-target-{n}.txt")
            self.inputs.append(Input(rel, kind, "bad", reasons=("no such file",)))
        elif kind == "dangling_outside":
            link = self.data / rel
            link.symlink_to(self.outside / f"nonexistent-{n}.txt")
            self.inputs.append(Input(rel, kind, "bad", reasons=("outside",)))
        elif kind == "symlink_loop":
            a, b = f"loop{n:05d}-a.txt", f"loop{n:05d}-b.txt"
            (self.data / a).symlink_to(b)
            (self.data / b).symlink_to(a)
            for rel_ in (a, b):
                self.inputs.append(Input(rel_, kind, "bad",
                                         reasons=("cannot read", "symbolic links", "no such")))
        elif kind == "outside_file":
            target = self.outside / f"notice-{n}.txt"
            target.write_text(notice, encoding="utf-8")
            (self.data / rel).symlink_to(target)
            self.inputs.append(Input(rel, kind, "bad", reasons=("outside",)))
        elif kind == "outside_passwd":
            (self.data / rel).symlink_to("/etc/passwd")
            self.inputs.append(Input(rel, kind, "bad", reasons=("outside",)))
        elif kind == "outside_dir":
            target = self.outside / f"dir-{n}"
            target.mkdir()
            (target / "notice.txt").write_text(notice, encoding="utf-8")
            rel = f"bad{n:05d}-outside-dir"
            (self.data / rel).symlink_to(target)
            self.inputs.append(Input(rel, kind, "bad", reasons=("outside",)))
        elif kind == "fifo":
            os.mkfifo(self.data / rel)
            self.inputs.append(Input(rel, kind, "bad", reasons=("not a regular file",),
                                     hazard=HAZARDS[kind]))
        elif kind == "outside_fifo":
            target = self.outside / f"fifo-{n}"
            os.mkfifo(target)
            (self.data / rel).symlink_to(target)
            self.inputs.append(Input(rel, kind, "bad", reasons=("outside",),
                                     hazard=HAZARDS[kind]))
        elif kind == "dev_zero":
            (self.data / rel).symlink_to("/dev/zero")
            self.inputs.append(Input(rel, kind, "bad", reasons=("outside",),
                                     hazard=HAZARDS[kind]))
        else:
            raise ValueError(kind)

    # ---- skipped and special

    def skipped(self, kind: str) -> None:
        n = self.next()
        m = _poison(n)
        if kind == "hidden":
            rel = f".hidden-{n:05d}.txt"
            self.put(rel, self.seeds.variant(self.rng, m).encode())
        elif kind == "readme":
            rel = f"sub{n:05d}/README.txt"
            self.put(rel, self.seeds.variant(self.rng, m).encode())
        elif kind == "empty_dir_txt":
            rel = f"empty-folder-{n:05d}.txt"
            (self.data / rel).mkdir()
        else:
            raise ValueError(kind)
        self.inputs.append(Input(rel, kind, "skipped"))

    def bad_name_bytes(self) -> None:
        """A GBK-encoded file name (not valid UTF-8), as unzipped from a Windows archive."""
        n = self.next()
        m = _marker(n)
        name = "公告".encode("gbk") + f" gbk-name-{n:05d}.txt".encode()
        with open(os.path.join(os.fsencode(self.data), name), "wb") as fh:
            fh.write(self.seeds.variant(self.rng, m).encode())
        self.inputs.append(Input(os.fsdecode(name), "bad_name_bytes", "any", markers=(m,),
                                 hazard=HAZARDS["bad_name_bytes"]))

    def duplicate_group(self, kind: str) -> None:
        """The same notice under two names: indexed once, the other one reported."""
        n = self.next()
        m = _marker(n)
        text = self.seeds.variant(self.rng, m)
        group = f"dup{n:05d}"
        first = f"{group}-original.txt"
        self.put(first, text.encode())
        members = [first]
        if kind == "dup_copy":
            second = f"{group} copy (1).txt"
            self.put(second, text.encode())
        elif kind == "dup_reencoded":
            second = f"{group}-gbk.txt"
            self.put(second, _encode_gbk(text))
        elif kind == "dup_crlf":
            second = f"{group}-crlf.txt"
            self.put(second, codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode())
        elif kind == "dup_symlink":
            second = f"{group}-link.txt"
            (self.data / second).symlink_to(first)
        elif kind == "dup_three":
            second = f"{group}-again.txt"
            self.put(second, text.encode("utf-16"))
            members.append(f"{group}-zz-third.txt")
            self.put(members[-1], text.encode())
        else:
            raise ValueError(kind)
        members.insert(1, second)
        for rel in members:
            self.inputs.append(Input(rel, kind, "duplicate", markers=(m,), group=group))


GOOD_TEXT_KINDS = (
    "utf8", "utf8_bom", "gbk", "gb18030", "utf16le_bom", "utf16be_bom", "utf16le_nobom",
    "utf32", "crlf", "cr", "mixed_eol", "nul_padded", "truncated_tail", "zero_width",
    "no_headings", "one_line", "html", "html_gbk", "html_in_txt", "deep_html",
)
ROW_KINDS = ("jsonl", "jsonl_mixed", "csv", "csv_html")
BAD_KINDS = (
    "empty", "blank", "bom_only", "utf16_bom_only", "random_bytes", "png", "elf", "gzip", "pdf",
    "controls", "invalid_utf8_mid", "truncated_short", "cp1252", "english_utf8", "english_utf16",
    "no_notice", "boilerplate_only", "title_only", "too_short", "html_script_only", "html_empty",
    "jsonl_all_bad", "jsonl_no_text", "jsonl_not_object", "csv_no_text", "csv_bad_quote",
    "dangling_inside", "dangling_outside", "symlink_loop", "outside_file", "outside_passwd",
    "outside_dir",
)
HAZARD_KINDS = ("fifo", "outside_fifo", "dev_zero")
SKIP_KINDS = ("hidden", "readme", "empty_dir_txt")
DUP_KINDS = ("dup_copy", "dup_reencoded", "dup_crlf", "dup_symlink", "dup_three")
# Repeating these is pointless (or slow): they appear once per corpus.
ONCE = {"deep_html", "symlink_loop", "outside_passwd", *HAZARD_KINDS}


def all_kinds() -> list[str]:
    """Every kind the generator knows (used by tests to assert full coverage)."""
    return [*GOOD_TEXT_KINDS, *ROW_KINDS, "dir_named_txt", "huge", *BAD_KINDS, *HAZARD_KINDS,
            "bad_name_bytes", *SKIP_KINDS, *DUP_KINDS]


def generate(root: Path, n: int = 1000, seed: int = 0, big_bytes: int = 50_000_000,
             hazards: bool = True, max_bytes: int | None = None,
             skip: frozenset[str] = frozenset(), max_lines: int | None = None) -> InputSet:
    """Write at least ``n`` inputs under ``root/data`` (symlink targets under
    ``root/outside``) and return their expectations. Deterministic for a seed.

    Every kind appears at least once (``huge`` only when ``big_bytes`` > 0, hazard
    kinds only with ``hazards``); the rest is a seeded mix of roughly 45% good,
    40% bad and 15% duplicates. ``max_bytes`` defaults to the reader's current
    ``MAX_BYTES`` and decides whether the huge file is expected to be rejected.
    ``max_lines`` shortens the seed notices (quick tests).
    """
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    w = _Writer(root, seed, reader.MAX_NOTICE_BYTES if max_bytes is None else max_bytes,
                max_lines)
    w.data.mkdir(parents=True)
    w.outside.mkdir(parents=True)

    def make(kind: str) -> None:
        if kind in skip:
            return
        if kind in GOOD_TEXT_KINDS:
            w.text_variant(kind)
        elif kind in ROW_KINDS:
            w.rows_file(kind)
        elif kind == "dir_named_txt":
            w.dir_named_txt()
        elif kind == "huge":
            if big_bytes > 0:
                w.huge(big_bytes)
        elif kind in BAD_KINDS or kind in HAZARD_KINDS:
            if kind in HAZARD_KINDS and not hazards:
                return
            w.bad_kind(kind)
        elif kind == "bad_name_bytes":
            if hazards:
                w.bad_name_bytes()
        elif kind in SKIP_KINDS:
            w.skipped(kind)
        elif kind in DUP_KINDS:
            w.duplicate_group(kind)
        else:
            raise ValueError(kind)

    for kind in all_kinds():
        make(kind)
    good_pool = [k for k in (*GOOD_TEXT_KINDS, *ROW_KINDS, "dir_named_txt") if k not in ONCE]
    bad_pool = [k for k in BAD_KINDS if k not in ONCE]
    guard = 0
    while len(w.inputs) < n and guard < 100 * n:
        guard += 1
        r = w.rng.random()
        pool = good_pool if r < 0.45 else bad_pool if r < 0.85 else list(DUP_KINDS)
        make(w.rng.choice(pool))
    return InputSet(root=root, data=w.data, outside=w.outside, seed=seed, inputs=w.inputs)


# ---------------------------------------------------------------- verification


@dataclass
class Verdict:
    """What a build did with an :class:`InputSet`, and every way it fell short."""

    tried: int = 0
    expected_notices: int = 0
    indexed_notices: int = 0
    good_found: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


_DIGITS = re.compile(r"\d+")


def reason_class(reason: str) -> str:
    """A reason with its numbers and details folded, for counting rejections by cause."""
    head = reason.split(" (")[0]
    if head.startswith("row "):
        head = "row N: " + head.split(": ", 1)[-1]
    head = head.split(": never")[0].split(": only")[0].split(": no paragraphs")[0]
    head = head.split(": too little")[0]
    return _DIGITS.sub("N", head)[:70]


def _hit_sources(corpus: Any, q: str) -> tuple[int, list[str]]:
    from search.engine import SearchParams, iter_hits

    params = SearchParams.from_args({"q": f'"{q}"'})
    sources = sorted({corpus.notices[corpus.notice_by_id[h["notice_id"]]].source_file
                      for h in iter_hits(corpus, params, with_text=False)})
    return len(sources), sources


def verify(inputs: InputSet, report: dict[str, Any], index: Path) -> Verdict:
    """Check a build report and the built index against the inputs' expectations.

    ``report`` is ``dataclasses.asdict(BuildReport)`` (what ``indexer build --json``
    prints). Problems are collected, not raised, so one run lists all of them.
    """
    from search.store import Store

    v = Verdict(tried=len(inputs.inputs), expected_notices=inputs.expected_notices)
    errors: list[dict[str, str]] = report.get("errors", [])
    dups: list[dict[str, str]] = report.get("duplicates", [])
    v.duplicates = len(dups)
    for e in errors:
        v.rejected[reason_class(e["reason"])] += 1
    corpus = Store(index).corpus()
    v.indexed_notices = int(corpus.notice_alive.sum())
    explained: set[int] = set()

    def errors_for(path: str) -> list[int]:
        return [i for i, e in enumerate(errors)
                if e["origin"] == path or e["origin"].startswith(path + "#")
                or e["origin"].startswith(path + "/")]

    any_indexed = 0
    for inp in inputs.inputs:
        if inp.expect == "good":
            for marker, origin in zip(inp.markers, inp.origins, strict=True):
                count, sources = _hit_sources(corpus, marker)
                if count == 1 and sources[0] == origin:
                    v.good_found += 1
                else:
                    v.problems.append(f"good {inp.kind} {origin!r}: marker {marker} found in "
                                      f"{sources or 'no notice'}")
            if inp.bad_rows:
                found = errors_for(inp.path)
                explained.update(found)
                if len(found) != inp.bad_rows:
                    v.problems.append(f"{inp.kind} {inp.path!r}: {len(found)} rows reported, "
                                      f"expected {inp.bad_rows}")
        elif inp.expect == "bad":
            found = errors_for(inp.path)
            explained.update(found)
            reasons = [errors[i]["reason"] for i in found]
            if not found:
                v.problems.append(f"bad {inp.kind} {inp.path!r}: not reported")
            elif not any(r.lower() in reason.lower() for r in inp.reasons for reason in reasons):
                v.problems.append(f"bad {inp.kind} {inp.path!r}: reason {reasons} lacks any of "
                                  f"{list(inp.reasons)}")
        elif inp.expect == "any":
            count, _ = _hit_sources(corpus, inp.markers[0])
            if count == 1:
                any_indexed += 1
            elif count > 1:
                v.problems.append(f"{inp.kind}: marker {inp.markers[0]} in {count} notices")
    v.good_found += any_indexed
    # anything unattributed may be the 'any' inputs' report; count them as explained
    any_inputs = [i for i in inputs.inputs if i.expect == "any"]
    groups: dict[str, list[Input]] = {}
    for inp in inputs.inputs:
        if inp.expect == "duplicate":
            groups.setdefault(inp.group, []).append(inp)
    dup_origins = Counter(d["origin"] for d in dups)
    for group, members in groups.items():
        paths = {m.path for m in members}
        count, sources = _hit_sources(corpus, members[0].markers[0])
        if count != 1 or sources[0] not in paths:
            v.problems.append(f"duplicate group {group}: indexed as {sources}")
            continue
        v.good_found += 1
        reported = {p for p in paths if dup_origins[p]}
        if reported != paths - {sources[0]}:
            v.problems.append(f"duplicate group {group}: indexed {sources[0]!r}, reported "
                              f"{sorted(reported)}, expected {sorted(paths - {sources[0]})}")
    known_paths = {i.path for i in inputs.inputs}
    for d in dups:
        if d["origin"] not in known_paths:
            v.problems.append(f"unexpected duplicate report: {d}")
    for i, e in enumerate(errors):
        if i not in explained:
            if any_inputs:
                any_inputs.pop()
                continue
            v.problems.append(f"unexplained rejection: {e['origin']!r}: {e['reason']}")
    count, sources = _hit_sources(corpus, POISON)
    if count:
        v.problems.append(f"{POISON} text is searchable (script/attribute/outside file): {sources}")
    if any(POISON.lower() in t for t in corpus.norms):
        v.problems.append(f"{POISON} text reached the index")
    if v.indexed_notices != v.expected_notices + any_indexed:
        v.problems.append(f"index holds {v.indexed_notices} notices, expected "
                          f"{v.expected_notices} (+{any_indexed} with odd names)")
    if report.get("notices") not in (None, v.indexed_notices):
        v.problems.append(f"report says {report.get('notices')} notices, index has "
                          f"{v.indexed_notices}")
    return v
