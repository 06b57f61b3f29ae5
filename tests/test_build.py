"""Building: stable ids, incremental update equal to a fresh build, one writer at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.layout import current_generation
from indexer.build import build, update
from indexer.generations import BuildError, build_lock
from search.engine import SearchParams, iter_hits, search
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"
PROBES = ["整改", "八项规定", "党", "巡视 OR 巡察", "整改 NOT 巡视", "", "province:湖南",
          "市委第五巡察组", "新增的整改段落内容"]


def _state(index: Path) -> dict:
    """Everything a researcher could observe: ids, totals and facets for the probes."""
    corpus = Store(index).corpus()
    out = {}
    for q in PROBES:
        for sort in ("relevance", "newest", "oldest"):
            params = SearchParams.from_args({"q": q, "sort": sort})
            result = search(corpus, params)
            grouped = search(corpus, SearchParams.from_args({"q": q, "sort": sort, "group": 1}))
            out[q, sort] = (
                [h["paragraph_id"] for h in iter_hits(corpus, params, with_text=False)],
                result["total"],
                result["facets"],
                [g["notice"]["id"] for g in grouped["groups"]],
            )
    return out


def test_building_twice_gives_identical_ids(tmp_path):
    build(SEEDS, tmp_path / "a", procs=1, quiet=True)
    build(SEEDS, tmp_path / "b", procs=2, quiet=True)
    a, b = Store(tmp_path / "a").corpus(), Store(tmp_path / "b").corpus()
    assert list(a.pids) == list(b.pids)
    assert len(set(a.pids)) == len(a.pids) > 300
    assert [n.id for n in a.notices] == [n.id for n in b.notices]


def test_ids_do_not_depend_on_other_files(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEEDS / "001_600e6c513e5b2d0c.txt", data)
    build(data, tmp_path / "one", procs=1, quiet=True)
    build(SEEDS, tmp_path / "all", procs=1, quiet=True)
    one, everything = Store(tmp_path / "one").corpus(), Store(tmp_path / "all").corpus()
    assert set(one.pids) <= set(everything.pids)


def _edit(text: str) -> str:
    """Change one body paragraph, leave the rest alone."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("整改情况:严格落实意识形态工作责任制"):
            lines[i] = "整改情况:新增的整改段落内容，" + line[len("整改情况:"):]
            return "\n".join(lines)
    raise AssertionError("edit target not found")


def test_update_matches_a_fresh_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    index = tmp_path / "index"
    build(data, index, procs=1, quiet=True)
    before = Store(index).corpus()
    old_ids = set(before.pids)

    # add a notice, edit one, delete one
    added = data / "new_notice.txt"
    added.write_text((SEEDS / "004_84e8a1ac491c1977.txt").read_text(encoding="utf-8")
                     .replace("大鹏新区", "坪山新区"), encoding="utf-8")
    edited = data / "001_600e6c513e5b2d0c.txt"
    edited.write_text(_edit(edited.read_text(encoding="utf-8")), encoding="utf-8")
    (data / "000_cd99b975c353ef7b.txt").unlink()

    report = update(data, index, procs=1, quiet=True)
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert report.unchanged == 0  # only changed files are re-read

    fresh = tmp_path / "fresh"
    build(data, fresh, procs=1, quiet=True)
    assert _state(index) == _state(fresh)

    after = Store(index).corpus()
    live_ids = {pid for i, pid in enumerate(after.pids) if after.alive[i]}
    # the edited notice keeps the ids of its unedited paragraphs
    edited_id = next(n.id for n in after.notices if n.source_file == edited.name)
    kept = {p for p in old_ids if p.startswith(edited_id)} & live_ids
    assert len(kept) == sum(1 for p in old_ids if p.startswith(edited_id)) - 1
    # nothing from the deleted notice is searchable any more
    assert not any("双鸭山" in t for i, t in enumerate(after.texts) if after.alive[i])


def test_update_without_changes_changes_nothing(tmp_path):
    index = tmp_path / "index"
    build(SEEDS, index, procs=1, quiet=True)
    before = _state(index)
    report = update(SEEDS, index, procs=1, quiet=True)
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert _state(index) == before


def test_second_concurrent_build_gets_a_clear_error(tmp_path):
    index = tmp_path / "index"
    build(SEEDS, index, procs=1, quiet=True)
    live = current_generation(index)
    with build_lock(index), pytest.raises(BuildError, match="another build"):
        build(SEEDS, index, procs=1, quiet=True)
    assert current_generation(index) == live


def test_build_reports_bad_files_and_keeps_good_ones(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    (data / "empty.txt").write_bytes(b"")
    (data / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (data / "not_a_notice.txt").write_text("今天天气很好，我们去公园散步。" * 5, encoding="utf-8")
    (data / "gbk.txt").write_bytes((SEEDS / "004_84e8a1ac491c1977.txt").read_text(
        encoding="utf-8").replace("大鹏新区", "光明新区").encode("gb18030"))
    report = build(data, tmp_path / "index", procs=2, quiet=True)
    rejected = {e["origin"]: e["reason"] for e in report.errors}
    assert set(rejected) == {"empty.txt", "binary.txt", "not_a_notice.txt"}
    assert "empty" in rejected["empty.txt"]
    assert "binary" in rejected["binary.txt"]
    assert "not a notice" in rejected["not_a_notice.txt"]
    assert report.notices == 6
    corpus = Store(tmp_path / "index").corpus()
    assert sorted(n.source_file for n in corpus.notices) == sorted(
        [p.name for p in SEEDS.glob("*.txt")] + ["gbk.txt"])


def test_duplicate_notice_under_two_names_is_indexed_once(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    shutil.copy(SEEDS / "002_5c2e2c6e6d9d9ed6.txt", data / "copy of 002.txt")
    report = build(data, tmp_path / "index", procs=1, quiet=True)
    assert report.notices == 5
    assert [d["origin"] for d in report.duplicates] == ["copy of 002.txt"]
