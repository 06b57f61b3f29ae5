"""The benchmark, end to end on a tiny corpus, so it cannot silently rot.

``bench/run`` is not part of ``make test`` (it takes many minutes), so this test
runs the same harness with tiny settings and checks the *structure* of what it
produces: every engine and every query is in the table, every recall/precision
is a number in [0, 1], this project's answers equal the literal truth exactly,
and the generated files parse into the notices the generator meant to write.
It never asserts on time: timings on a shared machine are not a test.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is a top-level folder, not an installed package
    sys.path.insert(0, str(ROOT))

from analysis.normalize import normalize  # noqa: E402
from bench import generate, harness  # noqa: E402
from bench.engines import LiteralScan, Rows  # noqa: E402
from bench.queries import QUERY_MIX, query_mix  # noqa: E402
from bench.response import notice_values  # noqa: E402
from indexer.parse import parse_notice  # noqa: E402
from indexer.read import read_file  # noqa: E402

TINY = 12


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench-out")
    printed: list[str] = []
    rc = harness.main(["--notices", str(TINY), "--reps", "1", "--cold-runs", "1",
                       "--http-seconds", "2", "--http-max-requests", "40", "--out", str(out),
                       "--workdir", str(out / "work")], printer=printed.append)
    assert rc == 0
    json_files = sorted(out.glob(f"results-*-n{TINY}.json"))
    md_files = sorted(out.glob(f"results-*-n{TINY}.md"))
    assert len(json_files) == 1 and len(md_files) == 1
    return {"out": out, "table": "\n".join(printed),
            "results": json.loads(json_files[0].read_text(encoding="utf-8")),
            "markdown": md_files[0].read_text(encoding="utf-8")}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    a = generate.generate(TINY, tmp_path / "a", seed=7)
    b = generate.generate(TINY, tmp_path / "b", seed=7)
    assert a == b
    files_a = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files_a == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files_a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_generated_files_parse_into_the_intended_notices(tmp_path: Path) -> None:
    manifest = generate.generate(40, tmp_path, seed=1)
    assert {m["fmt"] for m in manifest} == {"txt", "gbk", "html", "jsonl"}
    assert len({m["province"] for m in manifest}) == 31  # the first 31 visit every province
    assert {m["level"] for m in manifest} == {"provincial", "prefecture", "county"}
    assert {m["kind"] for m in manifest} == {"巡视", "巡察"}
    agree: Counter[str] = Counter()
    for m in manifest:
        path = tmp_path / m["file"]
        if m["fmt"] == "gbk":
            with pytest.raises(UnicodeDecodeError):
                path.read_bytes().decode("utf-8")
        docs, errors = read_file(path, tmp_path)
        assert not errors
        notice = parse_notice(docs[m["row"] - 1] if m["row"] else docs[0])
        assert notice.province == m["province"], m["file"]
        assert len(notice.paragraphs) == m["paragraphs"], m["file"]
        for field, ours in (("city", "city"), ("county", "county"), ("level", "level"),
                            ("kind", "inspection_kind"), ("year", "year")):
            agree[field] += getattr(notice, ours) == m[field]
    for field, count in agree.items():  # the parser's business; only a collapse fails here
        assert count >= 0.9 * len(manifest), field


def test_query_mix_renders_for_every_engine() -> None:
    for q in QUERY_MIX:
        assert q.q() and q.whoosh() and q.fts5()
        assert q.predicate()("") is False or not q.must


def test_literal_scan_is_the_predicate() -> None:
    """The fast term-at-a-time scan must mean exactly what ``BenchQuery.predicate`` says."""
    texts = ["党建工作扎实", "整改落实中央八项规定精神", "形式主义、官僚主义问题", "整改“回头看”",
             "违规选人用人", "干部选拔违规", "欢迎广大干部群众对巡视整改落实情况进行监督。",
             "坚持目标不变、标准不变、力度不变", "ＰＡＲＴＹ黨建", "石墨烯产业", "平江县整改"]
    n = len(texts)
    provinces = ["湖南省", "江苏省"] * n
    years = [2020, 2021, 2022] * n
    metas = [{"province": provinces[i], "city": "", "county": "", "year": years[i],
              "level": "county", "kind": "巡视", "flags": []} for i in range(n)]
    rows = Rows(pids=[f"p{i}" for i in range(n)], texts=texts,
                norms=[normalize(t) for t in texts], notice=list(range(n)),
                province=provinces[:n], year=years[:n],
                date=[f"{years[i]}-01-01" for i in range(n)],
                notices=[notice_values(m) for m in metas])
    manifest = [{"province": rows.province[i], "year": rows.year[i], "county": "平江县"}
                for i in range(n)]
    scan = LiteralScan(rows)
    for q in query_mix(manifest):
        hit = q.predicate()
        expected = {rows.pids[i] for i in range(n) if hit(rows.norms[i])
                    and (not q.province or rows.province[i] == q.province)
                    and (q.year is None or rows.year[i] == q.year)}
        assert scan.hit_set(q) == expected, q.name
        assert scan.run(q).total == len(expected)


def test_harness_reports_every_engine_and_query(bench_run: dict[str, Any]) -> None:
    res = bench_run["results"]
    queries = res["search"]["queries"]
    assert [q["n"] for q in queries] == list(range(1, len(QUERY_MIX) + 1))
    assert [q["name"] for q in queries] == [q.name for q in QUERY_MIX]
    assert set(res["search"]["summary"]) == set(harness.ENGINES)
    for q in queries:
        assert set(q["engines"]) == set(harness.ENGINES)
        for name, cell in q["engines"].items():
            assert 0.0 <= cell["recall"] <= 1.0, (q["name"], name)
            assert 0.0 <= cell["precision"] <= 1.0, (q["name"], name)
            assert len(cell["samples_ms"]) == 1 or cell["error"]
    for s in res["search"]["summary"].values():
        for key in ("recall", "precision", "recall_micro", "precision_micro"):
            assert 0.0 <= s[key] <= 1.0
    table, md = bench_run["table"], bench_run["markdown"]
    for name in harness.ENGINES:
        assert name in table and name in md
    for q in queries:
        assert f"{q['name']}: " in table and f"{q['name']}: " in md


def test_this_project_equals_the_literal_truth(bench_run: dict[str, Any]) -> None:
    for q in bench_run["results"]["search"]["queries"]:
        for name in ("xunshi", "xunshi-nocache", "literal-scan"):
            cell = q["engines"][name]
            assert not cell["error"], (q["name"], name, cell["error"])
            assert (cell["recall"], cell["precision"]) == (1.0, 1.0), (q["name"], name)
            assert cell["hits"] == q["truth_hits"]
        assert q["engines"]["xunshi"]["total"] == q["truth_hits"]


def test_fts5_short_terms_are_reported_not_hidden(bench_run: dict[str, Any]) -> None:
    """Trigram FTS5 cannot match 1-2 character terms: that shows as recall 0."""
    for q, row in zip(QUERY_MIX, bench_run["results"]["search"]["queries"], strict=True):
        positive = [t for g in q.must for t in g]
        if row["truth_hits"] and all(len(t) < 3 for t in positive):
            assert row["engines"]["fts5-trigram"]["recall"] == 0.0, q.name


def test_other_steps_report(bench_run: dict[str, Any]) -> None:
    res = bench_run["results"]
    assert res["build"]["paragraphs"] == res["corpus"]["paragraphs"] > 0
    assert res["corpus"]["parse"]["indexed"] == TINY
    assert res["corpus"]["parse"]["agreement"]["province"] == 1.0
    assert res["floor"]["seconds"] > 0
    costs = res["research_costs"]
    assert costs["notices"] == TINY and costs["paragraphs"] == res["corpus"]["paragraphs"]
    assert costs["figures"] > 0 and costs["figures_s"] > 0 and costs["reuse_signatures_s"] > 0
    assert "figures:" in bench_run["table"] and "reuse: signatures" in bench_run["table"]
    assert res["cold"]["status"] == "ok"
    assert res["update"]["status"] == "ok" and res["update"]["added"] == 1
    assert res["http"]["status"] == "ok" or res["http"]["status"].startswith(
        ("skipped", "failed"))
    if res["http"]["status"] == "ok":
        assert res["http"]["requests"] <= 40
    names = {t["target"] for t in res["targets"]}
    assert {"search p95 uncached", "search p95 cached", "build wall / jieba floor",
            "update one notice"} <= names
    assert all(t["met"] in ("yes", "NO", "n/a") for t in res["targets"])
    machine = res["machine"]
    assert machine["cores"] >= 1 and machine["python"]
    text = json.dumps(res, ensure_ascii=False)
    assert str(bench_run["out"]) not in text  # machine paths never reach the results
    assert str(ROOT) not in text
    assert not (bench_run["out"] / "work").exists()  # the work folder is cleaned up
