"""Text reuse: near-copies across notices are found; distinct notices are not merged."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from analysis.normalize import normalize
from indexer import reuse
from indexer.build import build, update
from search.engine import SearchParams, notice_view, reuse_view, search
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"
SOURCE = "003_da27469e34e73c65.txt"


def _edited_copy(text: str) -> str:
    """Another district 'copying' the notice: names, dates and a few words changed."""
    return (text.replace("上城区", "拱墅区").replace("江干区", "下城区")
            .replace("进一步", "更加").replace("2021年", "2022年"))


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("reuse-data")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, d)
    (d / "copy.txt").write_text(_edited_copy((SEEDS / SOURCE).read_text(encoding="utf-8")),
                                encoding="utf-8")
    return d


def test_signature_similarity_tracks_jaccard():
    a = normalize("区委把巡视整改作为重大政治任务来抓,始终站在讲政治、讲大局、讲党性的高度,"
                  "深刻认识整改工作的重要性")
    b = a.replace("区委", "县委")
    c = normalize("市委第五巡察组于2020年10月22日至12月15日进行了常规巡察,"
                  "2021年3月18日反馈了巡察意见。")
    sa, sb, sc = reuse.signature(a), reuse.signature(b), reuse.signature(c)
    assert (sa == sb).mean() >= reuse.THRESHOLD
    assert (sa == sc).mean() < 0.2
    assert (reuse.signature("太短") == 0xFFFFFFFF).all()


def test_seeds_alone_share_no_paragraphs(tmp_path):
    build(SEEDS, tmp_path / "ix", procs=1, quiet=True)
    corpus = Store(tmp_path / "ix").corpus()
    assert (corpus.row_cluster < 0).all()
    assert reuse_view(corpus, SearchParams.from_args({}))["clusters"] == []


def test_edited_copy_is_detected(tmp_path, data):
    build(data, tmp_path / "ix", procs=1, quiet=True)
    corpus = Store(tmp_path / "ix").corpus()
    source = next(n for n in corpus.notices if n.source_file == SOURCE).id
    copy = next(n for n in corpus.notices if n.source_file == "copy.txt").id
    view = notice_view(corpus, copy)
    long_body = [p for p in view["paragraphs"] if p["kind"] == "body" and len(p["text"]) > 60]
    linked = [p for p in long_body if p["reuse"] == 1]
    assert len(linked) >= 0.8 * len(long_body)
    for p in linked:
        assert [link["notice_id"] for link in p["reuse_links"]] == [source]
    # only the two versions of 003 are in clusters
    clustered = {corpus.notices[n].id
                 for n in np.unique(corpus.notice_row[corpus.row_cluster >= 0])}
    assert clustered == {source, copy}


def test_hide_and_only_partition_the_hits(tmp_path, data):
    build(data, tmp_path / "ix", procs=1, quiet=True)
    corpus = Store(tmp_path / "ix").corpus()
    args = {"q": "整改", "reuse_min": "2"}
    total = search(corpus, SearchParams.from_args(args))["total"]["paragraphs"]
    hidden = search(corpus, SearchParams.from_args(args | {"reuse": "hide"}))["total"]
    only = search(corpus, SearchParams.from_args(args | {"reuse": "only"}))["total"]
    assert only["paragraphs"] > 0 and hidden["paragraphs"] > 0
    assert hidden["paragraphs"] + only["paragraphs"] == total
    assert only["notices"] == 2
    assert reuse_view(corpus, SearchParams.from_args({}))["clusters"] == []  # k = 3 default
    clusters = reuse_view(corpus, SearchParams.from_args({"reuse_min": "2"}))["clusters"]
    assert clusters and all(c["notices"] == 2 for c in clusters)
    assert all(sum(c["provinces"].values()) == c["notices"] for c in clusters)


def test_update_finds_reuse_with_old_notices(tmp_path, data):
    base = tmp_path / "data"
    shutil.copytree(SEEDS, base)
    build(base, tmp_path / "ix", procs=1, quiet=True)
    shutil.copy(data / "copy.txt", base / "copy.txt")
    update(base, tmp_path / "ix", procs=1, quiet=True)
    corpus = Store(tmp_path / "ix").corpus()
    assert (corpus.row_cluster >= 0).sum() > 40
    build(base, tmp_path / "fresh", procs=1, quiet=True)
    fresh = Store(tmp_path / "fresh").corpus()
    assert (corpus.reuse_count > 1).sum() == (fresh.reuse_count > 1).sum()
