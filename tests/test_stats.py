"""Coverage (python -m indexer stats): equal to a recount from the parsed notices."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from indexer.__main__ import main
from indexer.build import build, update
from indexer.model import SourceDoc
from indexer.parse import parse_notice
from indexer.stats import coverage, index_coverage
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"
# A notice with little metadata: no title, no place, no dates beyond the inspection.
SPARSE = ("根据县委统一部署，县委第二巡察组于2022年3月1日至4月30日对县财政局党组进行了巡察。\n"
          "一、整改工作开展情况\n局党组召开专题会议研究部署整改工作，逐项制定整改措施。\n")
# The fields a researcher filters and counts by, written out here rather than taken
# from the code under test.
COVERED = ["title", "issuer", "province", "city", "county", "region_code", "former_region",
           "level", "inspection_kind", "flags", "inspector", "round", "inspection_start",
           "inspection_end", "feedback_date", "published_date", "posted_date", "year", "source",
           "url"]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("stats")
    data = tmp / "data" / "notices"
    shutil.copytree(SEEDS, data)
    (data / "sparse.txt").write_text(SPARSE, encoding="utf-8")
    (data / "empty.txt").write_bytes(b"")
    audit = "中共某某县审计局关于审计整改情况的通报\n" + "审计发现问题已整改。" * 5
    (data / "audit.txt").write_text(audit, encoding="utf-8")  # never says 巡视/巡察
    (tmp / "data" / "overrides.csv").write_text(
        "notice,field,value,note\n000_cd99b975c353ef7b.txt,url,https://example.org/000,found\n",
        encoding="utf-8")
    build(data, tmp / "index", procs=1, quiet=True)
    return data, tmp / "index"


def _recount(data: Path) -> dict:
    """Coverage worked out by hand from parse_notice on each good file."""
    notices = []
    for name in [*sorted(p.name for p in SEEDS.glob("*.txt")), "sparse.txt"]:
        text = (data / name).read_text(encoding="utf-8")
        meta = parse_notice(SourceDoc(origin=name, text=text)).metadata()
        if name.startswith("000_"):
            meta["url"] = "https://example.org/000"  # the override
        notices.append(meta)
    fields = {}
    for name in COVERED:
        lacking = sorted(m["id"] for m in notices if m[name] in ("", None, []))
        fields[name] = (len(notices) - len(lacking), lacking)
    return {"notices": len(notices), "fields": fields}


def test_coverage_equals_a_recount(corpus_dir: tuple[Path, Path]):
    data, index = corpus_dir
    stats = index_coverage(Store(index).corpus())
    truth = _recount(data)
    assert stats["notices"] == truth["notices"] == 6
    assert {f["field"]: (f["count"], f["missing"]) for f in stats["fields"]} == truth["fields"]
    for f in stats["fields"]:
        assert f["share"] == pytest.approx(f["count"] / 6)
    assert stats["paragraphs"] == sum(
        len(parse_notice(SourceDoc(origin=p.name, text=p.read_text(encoding="utf-8"))).paragraphs)
        for p in data.glob("*.txt") if p.name not in ("empty.txt", "audit.txt"))
    assert sorted(e["origin"] for e in stats["rejected"]) == ["audit.txt", "empty.txt"]
    assert all(e["reason"] for e in stats["rejected"])
    assert stats["overridden"] == {"url": 1}
    assert stats["evidence"]["region_source"] == {"": 1, "issuer": 5}
    assert stats["generation"].startswith("gen-") and stats["built"]


def test_cli_json_is_the_same_function(corpus_dir, capsys: pytest.CaptureFixture[str]):
    _, index = corpus_dir
    assert main(["stats", "--index", str(index), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == index_coverage(Store(index).corpus())


def test_cli_table(corpus_dir, capsys: pytest.CaptureFixture[str]):
    _, index = corpus_dir
    assert main(["stats", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    sparse_id = parse_notice(SourceDoc(origin="sparse.txt", text=SPARSE)).id
    province = next(line for line in out.splitlines() if line.startswith("province "))
    assert province.split()[1:5] == ["5", "/", "6", "83.3%"] and sparse_id in province
    assert "被拒文件 rejected: 2" in out and "empty.txt: empty file" in out


def test_cli_without_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["stats", "--index", str(tmp_path / "none")]) == 2
    assert "no index" in capsys.readouterr().err


def test_empty_coverage():
    stats = coverage([], 0)
    assert stats["notices"] == 0 and all(f["share"] == 0.0 and f["missing"] == []
                                         for f in stats["fields"])
    assert stats["rejected"] == [] and stats["duplicates"] == []


def test_rejected_files_stay_reported_after_an_update(tmp_path: Path):
    """An update reads only changed files; those rejected before are still listed."""
    data = tmp_path / "notices"
    shutil.copytree(SEEDS, data)
    (data / "empty.txt").write_bytes(b"")
    (data / "rows.jsonl").write_text('{"text": "x"}\n{"title": "no text"}\n', encoding="utf-8")
    build(data, tmp_path / "index", procs=1, quiet=True)
    seed = data / "004_84e8a1ac491c1977.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n新区党工委将持续抓好整改。", "utf-8")
    update(data, tmp_path / "index", procs=1, quiet=True)
    stats = index_coverage(Store(tmp_path / "index").corpus())
    assert sorted(e["origin"] for e in stats["rejected"]) == [
        "empty.txt", "rows.jsonl#row-1", "rows.jsonl#row-2"]
    (data / "empty.txt").unlink()
    update(data, tmp_path / "index", procs=1, quiet=True)
    stats = index_coverage(Store(tmp_path / "index").corpus())
    assert sorted(e["origin"] for e in stats["rejected"]) == ["rows.jsonl#row-1",
                                                              "rows.jsonl#row-2"]
