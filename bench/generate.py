"""Deterministic synthetic corpus of 巡视/巡察整改情况通报 for the benchmark.

Why synthetic: the repository ships five real notices and a benchmark needs
thousands. Why built *from* those five: the text statistics that decide search
cost (sentence length, vocabulary, how often 党 or 整改 occur, run-in headings)
should be those of real notices, so every body paragraph is a recombination of
real seed sentences, and every heading is a real seed heading renumbered.

Why files and not rows: the build has to do its real work — decoding (UTF-8 and
GBK), HTML extraction, JSON Lines batches, furniture stripping, heading
detection — so the corpus is written in the formats ``indexer.read`` accepts, and
the benchmark builds it with ``python -m indexer build`` like a user would.

Why deterministic per notice: notice ``i`` depends only on ``(seed, i)``, so a
200-notice corpus is (almost exactly) the first 200 notices of the 5,000-notice
one, and the "one new notice" of the update step is simply notice ``N``.

What ``.bench-manifest.jsonl`` (hidden, so the indexer skips it) records is the
metadata each notice was *written* with, so a test can check that the parser
reads back the intended province, kind and year.

Usage: ``python -m bench.generate --notices N --out DIR --seed S``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import sys
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from indexer.parse import closing_start, numbering, parse_notice, split_heading
from indexer.read import read_file
from indexer.regions import cities_of, counties_of, province_names, resolve_region

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "data" / "notices"
MANIFEST_NAME = ".bench-manifest.jsonl"
YEARS = tuple(range(2014, 2026))
JSONL_BATCH = 8  # notices per JSON Lines file
# Share of notices per format; the rest is UTF-8 .txt.
FORMAT_SHARES = (("html", 0.10), ("gbk", 0.10), ("jsonl", 0.05))
LEVEL_SHARES = (("provincial", 0.10), ("prefecture", 0.40), ("county", 0.50))
CN_DIGITS = "零一二三四五六七八九"
DEPARTMENTS = (
    "教育局", "卫生健康局", "自然资源和规划局", "住房和城乡建设局", "交通运输局", "农业农村局",
    "财政局", "审计局", "民政局", "人力资源和社会保障局", "市场监督管理局", "文化和旅游局",
    "生态环境局", "水利局", "应急管理局", "统计局",
)  # fmt: skip
STREETS = ("人民路", "建设路", "解放路", "中山路", "滨江路", "新华路", "和平路", "政府街")
PLACE = "\x01"  # stands for the notice's own place name inside seed sentences


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六, 21 → 二十一 (heading and inspector numbering)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def mainland_provinces() -> list[str]:
    """The 31 mainland provincial units (no 港澳台), in gazetteer code order."""
    return [p for p in province_names() if not p.endswith("特别行政区") and p != "台湾省"]


# ---------------------------------------------------------------- seed material


@dataclass
class SeedPool:
    """What real notices contribute: sentences, paragraph lengths, headings by rank."""

    sentences: list[str]
    para_lengths: list[int]  # sentences per real body paragraph (empirical distribution)
    headings: dict[int, list[str]]  # numbering rank → heading text without its number
    runin: list[str]  # rank-2+ headings ending in 。, short enough to carry run-in text


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。！？, never cutting inside “quotes”, 《titles》 or brackets."""
    out: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        if ch in "“‘《（(":
            depth += 1
        elif ch in "”’》）)":
            depth = max(0, depth - 1)
        elif ch in "。！？!?" and depth == 0:
            out.append(text[start:i + 1].strip())
            start = i + 1
    tail = text[start:].strip()
    if tail:
        out.append(tail + "。")
    return [s for s in out if s]


def _place_pattern(notices: list) -> re.Pattern[str]:
    """Names of the seeds' own places (and their stems), so a recombined sentence
    names the place of the notice it lands in rather than 双鸭山 in every province."""
    names: set[str] = set()
    for n in notices:
        for name in (n.city, n.county, n.former_region):
            if not name:
                continue
            names.add(name)
            stem = re.sub(r"(?:经济技术开发区|新区|市|区|县)$", "", name)
            if len(stem) >= 2:
                names.add(stem)
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def _generic(text: str, pattern: re.Pattern[str]) -> str:
    text = pattern.sub(PLACE, text)
    return re.sub(f"{PLACE}+", PLACE, text)


@cache
def seed_pool(seed_dir: Path = SEED_DIR) -> SeedPool:
    """Parse the seed notices with the project's own parser and cut them into parts."""
    notices = []
    for path in sorted(p for p in seed_dir.iterdir() if p.is_file()):
        docs, _ = read_file(path, seed_dir)
        notices.extend(parse_notice(d) for d in docs)
    if not notices:
        raise SystemExit(f"no seed notices found in {seed_dir.name}/")
    pattern = _place_pattern(notices)
    sentences: list[str] = []
    lengths: list[int] = []
    headings: dict[int, list[str]] = {1: [], 2: [], 3: [], 4: []}
    for n in notices:
        for p in n.paragraphs:
            text = _generic(p.text, pattern)
            if p.kind == "body":
                kept = [s for s in split_sentences(text)
                        if len(s) >= 8 and numbering(s) is None and closing_start([s]) == 1]
                sentences.extend(kept)
                if kept:
                    lengths.append(len(kept))
            elif p.kind == "heading" and (num := numbering(text)) is not None:
                rank, cut = num
                core = text[cut:].strip()
                if core and rank in headings:
                    headings[rank].append(core)
    runin = [h for r in (2, 3, 4) for h in headings[r] if h.endswith("。") and len(h) <= 40]
    return SeedPool(sorted(set(sentences)), lengths,
                    {r: sorted(set(v)) for r, v in headings.items()}, sorted(set(runin)))


# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    """Where a notice comes from, and how its text names it."""

    province: str
    city: str
    county: str
    level: str  # provincial | prefecture | county
    name: str  # the place as body text names it (湖南省 / 岳阳市 / 平江县)
    committee: str  # 中共平江县委: the issuer of a committee notice


@cache
def _resolves(issuer: str, province: str, city: str, county: str) -> bool:
    r = resolve_region(issuer)
    return r.province == province and r.county == county and (not city or r.city == city)


def _first_resolving(candidates: list[str], province: str, city: str, county: str) -> str:
    """The most natural spelling the project's gazetteer reads back as this place."""
    for c in candidates:
        if _resolves(c, province, city, county):
            return c
    return ""


def _committee_of_province(province: str) -> str:
    return f"中共{province}委员会" if province.endswith("自治区") else f"中共{province}委"


def _pick_place(rng: random.Random, province: str, level: str) -> Place | None:
    all_cities = cities_of(province)
    municipality = len(all_cities) == 1 and all_cities[0][0] == province
    if level == "provincial":
        return Place(province, "", "", level, province, _committee_of_province(province))
    if level == "prefecture" and not municipality:
        city = rng.choice(all_cities)[0]
        issuer = _first_resolving([f"中共{city}委", f"中共{city}委员会", f"中共{province}{city}委"],
                                  province, city, "")
        return Place(province, city, "", level, city, issuer) if issuer else None
    cities = [c for c, _ in all_cities]
    city = rng.choice([*cities, ""]) if not municipality else province
    counties = [c for c, _ in counties_of(province, city)]
    if not counties:
        return None
    county = rng.choice(counties)
    issuer = _first_resolving(
        [f"中共{county}委", f"中共{city}{county}委", f"中共{province}{city}{county}委"],
        province, "" if city == "" else city, county)
    if not issuer:
        return None
    return Place(province, city if not municipality else province, county, "county", county,
                 issuer)


def _department_issuer(place: Place, dept: str) -> str:
    """中共岳阳市教育局党组: a 巡察 notice is usually issued by the inspected department."""
    prefix = place.county or place.city
    parents = [prefix, f"{place.city}{prefix}" if place.county and place.city else prefix]
    return _first_resolving([f"中共{p}{dept}党组" for p in dict.fromkeys(parents)],
                            place.province, place.city, place.county)


def _local_committee(place: Place) -> str:
    """县委 / 区委 / 市委 / 旗委: who runs 巡察 inside a county-level unit."""
    for suffix, committee in (("区", "区委"), ("旗", "旗委"), ("市", "市委")):
        if place.county.endswith(suffix):
            return committee
    return "县委"


# ---------------------------------------------------------------- one notice


@dataclass
class GeneratedNotice:
    """A notice as written, plus the metadata the parser should read back."""

    index: int
    fmt: str  # txt | gbk | html | jsonl
    title: str
    issuer: str
    province: str
    city: str
    county: str
    level: str
    kind: str
    year: int
    published: str  # ISO date of the signature
    paragraphs: int  # paragraphs the parser should find (a run-in heading line is two)
    lines: list[str]  # body lines (title and furniture not included)
    head: list[str]  # lines printed above the title in a plain-text file (site, 来源 bar)
    tail: list[str]  # furniture after the signature
    site: str
    posted: str  # posting stamp of the web page


class _Writer:
    """Builds the body of one notice: heading ladder, recombined paragraphs, closing."""

    def __init__(self, rng: random.Random, pool: SeedPool, place_name: str) -> None:
        self.rng = rng
        self.pool = pool
        self.place = place_name
        self.lines: list[str] = []
        self.paragraphs = 0
        paren = rng.choice([("（", "）"), ("(", ")")])
        self.paren = paren
        self.dot = rng.choice([".", ".", "．", "、"])

    def fill(self, text: str) -> str:
        return text.replace(PLACE, self.place)

    def body(self) -> str:
        k = self.rng.choice(self.pool.para_lengths)
        return self.fill("".join(self.rng.choice(self.pool.sentences) for _ in range(k)))

    def number(self, rank: int, n: int) -> str:
        o, c = self.paren
        return {1: f"{cn_number(n)}、", 2: f"{o}{cn_number(n)}{c}", 3: f"{n}{self.dot}",
                4: f"{o}{n}{c}"}[rank]

    def add(self, line: str, paragraphs: int = 1) -> None:
        self.lines.append(line)
        self.paragraphs += paragraphs

    def heading(self, rank: int, n: int, run_in: bool) -> bool:
        """Add a heading; True when it carried run-in body text (its section has a body)."""
        prefix = self.number(rank, n)
        if run_in and self.pool.runin:
            line = prefix + self.fill(self.rng.choice(self.pool.runin))
            rest = self.body()
            split = split_heading(line + rest)
            if split is not None and split.rest == rest:
                self.add(line + rest, 2)
                return True
        for _ in range(8):
            line = prefix + self.fill(self.rng.choice(self.pool.headings[rank]))
            split = split_heading(line)
            if split is not None and not split.rest:
                self.add(line)
                return False
        self.add(prefix + "整改落实情况")
        return False

    def section(self, rank: int, n: int, budget: int) -> None:
        """A numbered section and its content, nested as deep as rank 4."""
        rng = self.rng
        start = self.paragraphs
        run_in = rank >= 2 and rng.random() < 0.3
        had_body = self.heading(rank, n, run_in)
        if rank < 4 and self.pool.headings.get(rank + 1) and rng.random() < (0.75 if rank == 1
                                                                             else 0.35):
            for j in range(1, rng.randint(2, 5)):
                if self.paragraphs - start >= budget:
                    break
                self.section(rank + 1, j, max(2, (budget - (self.paragraphs - start)) // 2))
            return
        for _ in range(rng.randint(0 if had_body else 1, 3)):
            self.add(self.body())


def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _choose(rng: random.Random, shares: tuple[tuple[str, float], ...], default: str) -> str:
    x = rng.random()
    for name, share in shares:
        if x < share:
            return name
        x -= share
    return default


def make_notice(index: int, seed: int, pool: SeedPool | None = None,
                fmt: str | None = None) -> GeneratedNotice:
    """Notice ``index`` of the corpus with ``seed``: a pure function of the two."""
    pool = pool or seed_pool()
    rng = random.Random(f"xunshi-bench:{seed}:{index}")
    provinces = mainland_provinces()
    # The first 31 notices visit every province once, so any N >= 31 covers all of them.
    province = provinces[index] if index < len(provinces) else rng.choice(provinces)
    place = None
    while place is None:
        level = _choose(rng, LEVEL_SHARES, "county")
        place = _pick_place(rng, province, level)
    fmt = fmt or _choose(rng, FORMAT_SHARES, "txt")
    year = rng.choice(YEARS)
    m1 = rng.randint(1, 5)
    m2 = m1 + rng.randint(1, 2)
    m3 = m2 + rng.randint(1, 2)
    m4 = min(12, m3 + rng.randint(2, 3))
    d1, d2, d3, d4 = (rng.randint(1, 28) for _ in range(4))
    comma = rng.choice(["，", ","])
    colon = rng.choice(["：", ":"])
    again = rng.random() < 0.05  # 巡视“回头看”
    autonomous = province.endswith("自治区")
    municipality = place.level != "provincial" and place.city == province
    # Who inspected whom: 中央 inspects provinces; provinces (or a municipality's 市委)
    # inspect prefectures and counties (巡视); 市委/县委 inspect below themselves (巡察).
    dept = ""
    if place.level == "provincial":
        kind, org, target_org = "巡视", "中央", (f"{province}党委" if autonomous
                                                else f"{province}委")
    elif rng.random() < (0.35 if place.level == "prefecture" else 0.6):
        kind = "巡察"
        if place.level == "county" and rng.random() < 0.5:
            org, target_org = "市委", f"{place.county}委"
        else:
            dept = rng.choice(DEPARTMENTS)
            org = "市委" if place.level == "prefecture" else _local_committee(place)
            target_org = f"{place.name}{dept}党组"
    else:
        kind = "巡视"
        org = "市委" if municipality else ("自治区党委" if autonomous else "省委")
        target_org = f"{place.name}委"
    issuer = _department_issuer(place, dept) if dept else place.committee
    if not issuer:  # a department spelling the gazetteer cannot place: fall back
        issuer, dept, kind = place.committee, "", "巡视"
        org = "中央" if place.level == "provincial" else (
            "市委" if municipality else ("自治区党委" if autonomous else "省委"))
        target_org = place.name + ("党委" if autonomous and place.level == "provincial" else "委")
    target = target_org if dept else place.name
    group = f"{org}第{cn_number(rng.randint(1, 16))}{kind}组"
    act = f"{kind}“回头看”" if again else kind
    term = "" if org == "中央" else f"{cn_number(rng.randint(10, 14))}届"
    round_ = rng.choice(["", "", f"{org}第{cn_number(rng.randint(1, 12))}轮",
                         f"{term}{org}第{cn_number(rng.randint(1, 12))}轮"])
    title = f"{issuer}关于{round_}{act}整改{rng.choice(['', '进展'])}情况的通报"
    preamble = (
        f"根据{org}统一部署{comma}{year}年{m1}月{d1}日至{m2}月{d2}日{comma}{group}对{target}"
        f"进行了{act}。{m3}月{d3}日{comma}{org}{kind}组向{target_org}反馈了{act}意见。"
        f"按照党务公开原则和{kind}工作有关要求{comma}现将{act}整改情况予以公布。")
    w = _Writer(rng, pool, place.name)
    w.add(preamble)
    if rng.random() < 0.6:
        w.add(w.body())
    closing: list[str] = []
    invite = f"欢迎广大干部群众对{kind}整改落实情况进行监督。如有意见建议{comma}请及时向我们反映。"
    phone = f"联系电话{colon}0{rng.randint(10, 999)}-{rng.randint(2000000, 8999999)}"
    street = f"{place.name}{rng.choice(STREETS)}{rng.randint(1, 200)}号"
    mailbox = f"邮政信箱{colon}{street}"
    email = f"电子邮箱{colon}xszg{rng.randint(100, 9999)}@163.com"
    if rng.random() < 0.5:
        closing.append(f"{invite}{phone}；{mailbox}。")
    else:
        closing += [invite, phone, mailbox] + ([email] if rng.random() < 0.5 else [])
    published = _iso(year, m4, d4)
    closing += [issuer, f"{year}年{m4}月{d4}日"]
    target_paragraphs = rng.randint(26, 86)  # ~60 on average, like the seeds' 53-95
    budget = target_paragraphs - w.paragraphs - len(closing)
    n = 1
    while w.paragraphs < target_paragraphs - len(closing) and n <= 19:
        w.section(1, n, max(3, budget // rng.randint(3, 6)))
        n += 1
    for line in closing:
        w.add(line)
    site = f"{place.province}纪委监委网站"
    posted = _iso(year, m4, min(28, d4 + rng.randint(0, 3)))
    head: list[str] = []
    if rng.random() < 0.3:
        clock = f"{rng.randint(8, 18)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}"
        head = [site, "巡视巡察", f"来源{colon}{site}　发布时间{colon}{posted} {clock}"]
    tail = ["分享到：", f"版权所有 © {site}"] if rng.random() < 0.2 else []
    return GeneratedNotice(
        index=index, fmt=fmt, title=title, issuer=issuer, province=place.province,
        city=place.city, county=place.county, level=place.level, kind=kind, year=year,
        published=published, paragraphs=w.paragraphs, lines=w.lines, head=head, tail=tail,
        site=site, posted=posted)


# ---------------------------------------------------------------- rendering


def render_text(g: GeneratedNotice, rng: random.Random) -> str:
    """A plain-text notice as a crawler or a researcher saves it."""
    title_lines = [g.title]
    cut = g.title.find("整改")
    if rng.random() < 0.05 and cut > g.title.find("关于") >= 0:
        title_lines = [g.title[:cut], g.title[cut:]]  # title wrapped in two lines
    indent = rng.choice(["", "　　", "  "])
    sep = "\n\n" if rng.random() < 0.3 else "\n"
    body = [indent + line for line in g.lines]
    return sep.join([*g.head, *title_lines, *body, *g.tail]) + "\n"


def render_html(g: GeneratedNotice) -> str:
    """A saved CMS article page: chrome around a TRS_Editor container (what read.py expects)."""
    esc = html.escape
    paras = "\n".join(f"<p style=\"text-indent:2em\">{esc(line)}</p>" for line in g.lines)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{esc(g.title)}_{esc(g.site)}</title>
<meta name="PubDate" content="{g.posted} 10:00">
<meta name="ContentSource" content="{esc(g.site)}">
<script>var _hmt = _hmt || [];</script><style>p {{ margin: 0 }}</style>
</head><body>
<div class="nav">首页 &gt; 巡视巡察 &gt; 正文</div>
<h1 class="article-title">{esc(g.title)}</h1>
<div class="info">来源：{esc(g.site)}　发布时间：{g.posted} 10:00:00</div>
<div class="TRS_Editor" id="zoom">
{paras}
</div>
<div class="footer">版权所有 © {esc(g.site)}　ICP备05000000号</div>
</body></html>
"""


def _jsonl_row(g: GeneratedNotice) -> str:
    row = {"url": f"https://www.example.org/xszg/{g.year}/{g.index:05d}.html",
           "title": g.title, "published": g.published, "source": g.site,
           "text": "\n".join(g.lines)}
    return json.dumps(row, ensure_ascii=False)


def _encode_gbk(text: str) -> bytes:
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:  # a rare seed character outside GBK: GB18030 is its superset
        return text.encode("gb18030")


def _manifest_row(g: GeneratedNotice, file: str, row: int | None) -> dict:
    data = asdict(g)
    for key in ("lines", "head", "tail"):
        data.pop(key)
    return data | {"file": file, "row": row}


def write_notice_file(g: GeneratedNotice, out: Path) -> tuple[str, bytes]:
    """(file name, bytes) of a single-notice file (txt, GBK txt or HTML)."""
    rng = random.Random(f"render:{g.index}:{g.title}")
    if g.fmt == "html":
        return f"{g.index:05d}.html", render_html(g).encode("utf-8")
    data = render_text(g, rng)
    if g.fmt == "gbk":
        return f"{g.index:05d}-gbk.txt", _encode_gbk(data)
    return f"{g.index:05d}.txt", data.encode("utf-8")


def generate(notices: int, out: Path, seed: int = 1, clean: bool = True) -> list[dict]:
    """Write ``notices`` notices into ``out``; returns the manifest rows (also written)."""
    out = Path(out)
    if clean and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    pool = seed_pool()
    manifest: list[dict] = []
    batch: list[GeneratedNotice] = []
    batches = 0

    def flush() -> None:
        nonlocal batch, batches
        if not batch:
            return
        name = f"batch-{batches:03d}.jsonl"
        (out / name).write_text("".join(_jsonl_row(g) + "\n" for g in batch), encoding="utf-8")
        manifest.extend(_manifest_row(g, name, r) for r, g in enumerate(batch, 1))
        batches += 1
        batch = []

    for i in range(notices):
        g = make_notice(i, seed, pool)
        if g.fmt == "jsonl":
            batch.append(g)
            if len(batch) >= JSONL_BATCH:
                flush()
            continue
        name, data = write_notice_file(g, out)
        (out / name).write_bytes(data)
        manifest.append(_manifest_row(g, name, None))
    flush()
    manifest.sort(key=lambda m: m["index"])
    (out / MANIFEST_NAME).write_text(
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest), encoding="utf-8")
    return manifest


def write_extra_notice(out: Path, index: int, seed: int = 1) -> tuple[Path, dict]:
    """One more plain-text notice (number ``index``) for the incremental-update step."""
    g = make_notice(index, seed, fmt="txt")
    name, data = write_notice_file(g, out)
    path = Path(out) / f"new-{name}"
    path.write_bytes(data)
    return path, _manifest_row(g, path.name, None)


def read_manifest(out: Path) -> list[dict]:
    text = (Path(out) / MANIFEST_NAME).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--out", required=True, help="output folder (replaced if present)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    manifest = generate(args.notices, Path(args.out), args.seed)
    files = len({m["file"] for m in manifest})
    lines = sum(m["paragraphs"] for m in manifest)
    print(f"{len(manifest)} notices in {files} files, ~{lines} paragraphs → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
