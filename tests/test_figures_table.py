"""The /figures data you can check: cells traced to their sentences, totals, columns, tidy rows.

The truth is recounted from the notices themselves — parsed again and read paragraph by
paragraph with :func:`figures_in_text`, a query answered by a literal scan of the
normalized paragraphs — never taken from the table being tested. Besides the seeds the
corpus holds two invented notices (places and numbers made up) with the shapes the rule
is about: a label stated twice, coordinate money in one sentence, a breakdown, a total,
and 人 next to 人次.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from analysis.normalize import normalize
from analysis.numerals import add_values
from analysis.vocab import FIGURE_LABELS, FIGURE_REASONS
from app import create_app
from indexer.build import build
from indexer.figures import extract_figures, figures_in_text
from indexer.model import Notice, SourceDoc
from indexer.parse import parse_notice
from search.engine import ParamError, SearchParams
from search.figures import (
    MENTION_COLUMNS,
    figures_rows,
    figures_table,
    iter_mentions,
    notice_cells,
    parse_cols,
)
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"

QINGSHI = """中共青石县审计局党组关于县委巡察整改情况的通报

根据县委巡察工作统一部署，2023年3月10日至5月10日，县委第二巡察组对县审计局党组进行了巡察。2023年6月20日，巡察组向县审计局党组反馈了巡察意见。现将巡察整改情况予以公布。

一、整改工作总体情况

县审计局党组对巡察反馈的14个问题逐项整改。对巡察移交的7件问题线索，已办结6件。立案4件，给予党纪处分3人次，诫勉2人，谈话提醒11人；建立完善制度9项；清退违规发放津补贴12.6万元、追回违规报销费用3.4万元、挽回其他经济损失80万元。

二、具体整改情况

（一）关于财务管理不规范的问题。全局共受理问题线索15件，已销号13件。对2名干部进行了提醒谈话。追回资金20万元，其中追回工程款8万元。

欢迎广大干部群众对巡察整改落实情况进行监督。

中共青石县审计局党组
2023年9月1日
"""

LIUXI = """中共柳溪市水务局党组关于市委巡察整改情况的通报

按照市委统一部署，2022年4月至6月，市委第五巡察组对市水务局党组开展了巡察，并于2022年7月15日反馈了巡察意见。现将整改情况公布如下。

一、整改成效

市水务局党组对照巡察反馈意见，立案6件，给予党纪处分5人，政务处分2人，组织处理4人次。追缴违纪款项20万元、退赔资金10万元，共挽回经济损失30万元。建立完善制度12项。

二、下一步打算

持续巩固巡察整改成果，把整改工作与日常监督结合起来，推动全面从严治党向纵深发展。

中共柳溪市水务局党组
2022年10月8日
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("figures-data")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, data / f.name)
    (data / "qingshi.txt").write_text(QINGSHI, encoding="utf-8")
    (data / "liuxi.txt").write_text(LIUXI, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def index(tmp_path_factory, data_dir: Path) -> Path:
    index = tmp_path_factory.mktemp("figures-index")
    build(data_dir, index, procs=1, quiet=True)
    return index


@pytest.fixture(scope="module")
def corpus(index: Path):
    return Store(index).corpus()


@pytest.fixture(scope="module")
def notices(data_dir: Path) -> list[Notice]:
    """The corpus parsed again, independently of the index."""
    return [parse_notice(SourceDoc(origin=f.name, text=f.read_text(encoding="utf-8")))
            for f in sorted(data_dir.glob("*.txt"))]


def matching(notices: list[Notice], term: str) -> list[Notice]:
    """Literal scan: the notices with a paragraph containing ``term`` (normalized)."""
    needle = normalize(term)
    return [n for n in notices if any(needle in normalize(p.text) for p in n.paragraphs)]


def by_title(rows: list[dict], word: str) -> dict:
    return next(r for r in rows if word in r["title"])


QUERIES = ["", "立案", "巡察", "挽回", "不存在的词"]


# ---------------------------------------------------------------- tidy rows

@pytest.mark.parametrize("q", QUERIES)
def test_tidy_rows_equal_the_mentions(corpus, notices: list[Notice], q: str):
    """One row per mention, recounted with figures_in_text over the parsed paragraphs."""
    got = list(iter_mentions(corpus, SearchParams.from_args({"q": q})))
    assert all(tuple(r) == MENTION_COLUMNS for r in got)
    expected = Counter(
        (n.id, n.title, f.label, FIGURE_LABELS[f.label], f.value, f.unit, f.written, f.sentence,
         p.id, f.start, f"/p/{p.id}")
        for n in (matching(notices, q) if q else notices)
        for p in n.paragraphs for f in figures_in_text(p.text, p.id))
    assert Counter((r["notice_id"], r["title"], r["label"], r["label_zh"], r["value"], r["unit"],
                    r["written"], r["sentence"], r["paragraph_id"], r["start"], r["permalink"])
                   for r in got) == expected
    assert len(got) == sum(expected.values())


def test_tidy_rows_say_chosen_and_why(corpus, notices: list[Notice]):
    """The chosen flags are the notice's own choice, and each notice's chosen rows of a
    label add up to the table's cell."""
    rows = list(iter_mentions(corpus, SearchParams()))
    truth = {(n.id, f.paragraph_id, f.start, f.label): (f.chosen, f.reason)
             for n in notices for f in extract_figures(n)}
    assert {(r["notice_id"], r["paragraph_id"], r["start"], r["label"]): (r["chosen"], r["reason"])
            for r in rows} == truth
    assert all(r["reason_zh"] == FIGURE_REASONS[r["reason"]] for r in rows)
    table = {r["id"]: r for r in figures_rows(corpus, SearchParams())}
    sums: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        if r["chosen"]:
            sums.setdefault((r["notice_id"], r["label"]), []).append(r["value"])
    assert {k: add_values(v) for k, v in sums.items()} == {
        (nid, label): v for nid, row in table.items() for label, v in row["figures"].items()}


def test_tidy_rows_follow_the_picked_columns(corpus):
    rows = list(iter_mentions(corpus, SearchParams(), cols=["money_recovered", "talks"]))
    assert rows and {r["label"] for r in rows} == {"money_recovered", "talks"}


# ---------------------------------------------------------------- cells

def test_every_chosen_cell_is_traced_to_its_sentence(corpus, index: Path):
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    rows = figures_rows(corpus, SearchParams())
    checked = 0
    for row in rows:
        for cell in row["cells"].values():
            text = corpus.texts[corpus.row_of_pid[cell["paragraph_id"]]]
            assert cell["sentence"] in text
            assert cell["permalink"] == f"/p/{cell['paragraph_id']}"
            assert cell["reason"] in ("only", "agree", "tally", "first")
            assert cell["value"] == add_values(p["value"] for p in cell["parts"])
            for part in cell["parts"]:
                assert part["written"] in cell["sentence"]
                assert text[part["start"]:part["start"] + len(part["written"])] == part["written"]
            resp = client.get(cell["permalink"])
            assert resp.status_code == 302
            target = urlsplit(resp.headers["Location"])
            assert target.path == row["permalink"]
            assert target.fragment == f"p-{cell['paragraph_id']}"
            checked += 1
    assert checked > 30


def test_cells_show_parts_others_and_reason(corpus):
    rows = figures_rows(corpus, SearchParams())
    qingshi = by_title(rows, "青石县")["cells"]
    money = qingshi["money_recovered"]
    assert money["value"] == 960_000 and money["unit"] == "元" and money["reason"] == "tally"
    assert [p["written"] for p in money["parts"]] == [
        "清退违规发放津补贴12.6万元", "追回违规报销费用3.4万元", "挽回其他经济损失80万元"]
    assert money["others"] == 2  # 追回资金20万元 (another sentence), 追回工程款8万元 (its part)
    assert (qingshi["leads_received"]["value"], qingshi["leads_received"]["reason"],
            qingshi["leads_received"]["others"]) == (7, "tally", 1)
    assert qingshi["talks"]["parts"] == [
        {"value": 11, "written": "谈话提醒11人", "start": qingshi["talks"]["parts"][0]["start"]}]
    assert (qingshi["cases_opened"]["reason"], qingshi["cases_opened"]["others"]) == ("only", 0)
    liuxi = by_title(rows, "柳溪市")["cells"]["money_recovered"]
    assert (liuxi["value"], [p["written"] for p in liuxi["parts"]], liuxi["others"]) == (
        300_000, ["挽回经济损失30万元"], 2)
    shangcheng = next(r for r in rows if r["county"] == "上城区")["cells"]["leads_received"]
    assert (shangcheng["value"], shangcheng["reason"], shangcheng["others"]) == (9, "tally", 1)


def test_notice_cells_count_every_other_mention(corpus):
    for record in corpus.notices:
        meta = record.to_json()
        cells = notice_cells(meta)
        for label, cell in cells.items():
            mentions = [f for f in meta["figures"] if f["label"] == label]
            assert len(cell["parts"]) + cell["others"] == len(mentions)
        assert set(cells) == {f["label"] for f in meta["figures"]}


# ---------------------------------------------------------------- totals

@pytest.mark.parametrize("q", QUERIES)
def test_totals_equal_a_recount(corpus, notices: list[Notice], q: str):
    table = figures_table(corpus, SearchParams.from_args({"q": q}))
    shown = matching(notices, q) if q else notices
    recount: dict[str, dict[str, list[float]]] = {}
    for n in shown:
        chosen: dict[str, list] = {}
        for f in extract_figures(n):
            if f.chosen:
                chosen.setdefault(f.label, []).append(f)
        for label, fs in chosen.items():
            recount.setdefault(label, {}).setdefault(fs[0].unit, []).append(
                add_values(f.value for f in fs))
    assert [lab["key"] for lab in table["labels"]] == [k for k in FIGURE_LABELS if k in recount]
    assert table["total"]["notices"] == len(shown)
    assert {label: {s["unit"]: (s["value"], s["notices"]) for s in t["sums"]}
            for label, t in table["totals"].items()} == {
        label: {u: (add_values(vs), len(vs)) for u, vs in units.items()}
        for label, units in recount.items()}
    for label, t in table["totals"].items():
        assert t["notices"] == sum(len(vs) for vs in recount[label].values())


def test_totals_keep_units_apart(corpus):
    """党纪处分9人次 (上城) and 党纪处分5人 (柳溪) are two sums, never 14."""
    sums = figures_table(corpus, SearchParams())["totals"]["party_discipline"]["sums"]
    assert {s["unit"]: (s["value"], s["notices"]) for s in sums} == {
        "人次": (12, 2), "人": (5, 1)}


# ---------------------------------------------------------------- columns

def test_cols_pick_and_order_the_columns(corpus):
    cols = ["money_recovered", "cases_opened"]
    table = figures_table(corpus, SearchParams(), cols=cols)
    assert [lab["key"] for lab in table["labels"]] == cols and table["cols"] == cols
    assert list(table["totals"]) == cols
    for row in table["rows"]:
        assert list(row["cells"]) == [k for k in cols if k in row["cells"]]
        assert set(row["figures"]) == set(row["cells"])
    full = figures_table(corpus, SearchParams())
    assert [c["key"] for c in table["columns"]] == [c["key"] for c in full["columns"]]
    shown = [c["key"] for c in table["columns"] if c["shown"]]
    assert shown == sorted(cols, key=list(FIGURE_LABELS).index)
    assert all(c["shown"] for c in full["columns"])
    assert {c["key"]: c["notices"] for c in table["columns"]} == {
        k: t["notices"] for k, t in full["totals"].items()}


def test_a_picked_column_nobody_reports_stays_in_place(corpus):
    table = figures_table(corpus, SearchParams.from_args({"q": "不存在的词"}), cols=["talks"])
    assert [lab["key"] for lab in table["labels"]] == ["talks"]
    assert table["totals"] == {"talks": {"notices": 0, "sums": []}}
    assert table["columns"] == [{"key": "talks", "label_zh": FIGURE_LABELS["talks"], "notices": 0,
                                 "shown": True}]


@pytest.mark.parametrize(("raw", "cols"), [
    ("", []), ("talks", ["talks"]), ("money_recovered, talks,", ["money_recovered", "talks"]),
    ("talks,talks", ["talks"]),
])
def test_parse_cols(raw: str, cols: list[str]):
    assert parse_cols(raw) == cols


@pytest.mark.parametrize("raw", ["bogus", "talks,bogus", "立案", "title"])
def test_parse_cols_rejects_unknown_labels(raw: str):
    with pytest.raises(ParamError) as err:
        parse_cols(raw)
    bad = next(c for c in raw.split(",") if c not in FIGURE_LABELS)
    assert bad in str(err.value) and err.value.params == {"name": ", ".join(
        c for c in dict.fromkeys(raw.split(",")) if c not in FIGURE_LABELS)}


def test_sort_by_a_column_still_orders_the_rows(corpus):
    rows = figures_table(corpus, SearchParams(), sort="money_recovered", desc=True)["rows"]
    values = [r["figures"].get("money_recovered") for r in rows]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True) and values[:len(present)] == present
