"""The cluster backend answers exactly, on a real 3-node OpenSearch cluster.

Truth is independent of both engines: every file is read and parsed, each paragraph's
text normalized, and ``term in text`` decides (as in ``test_exactness``, whose query
list this reuses). Counts and facets are recounted from the hit set. Each corpus (the
seeds and a generated one) is loaded by ``indexer.opensearch_load`` into an index of
2 shards and 1 replica, so every terms aggregation merges buckets from two shards.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_exactness import FILTER_COMBOS, QUERIES, recount

from analysis.normalize import normalize
from bench.generate import generate
from indexer import opensearch_load
from indexer.build import build as embedded_build
from indexer.model import InputError
from indexer.parse import parse_notice
from indexer.read import list_files, read_file
from search.backends.opensearch import Generation, OpenSearchBackend
from search.backends.opensearch_index import ClusterError, connect
from search.engine import SearchParams
from search.engine import iter_hits as embedded_hits
from search.engine import search as embedded_search
from search.store import Store

pytestmark = pytest.mark.cluster

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"
GENERATED_NOTICES = 60


def literal_paragraphs(folder: Path) -> dict[str, tuple[str, str]]:
    """paragraph id -> (notice id, normalized text), straight from the reader and parser."""
    out: dict[str, tuple[str, str]] = {}
    for item in list_files([folder], root=folder):
        if isinstance(item, InputError):
            continue
        docs, _ = read_file(item, folder)
        for doc in docs:
            notice = parse_notice(doc)
            for p in notice.paragraphs:
                out[p.id] = (notice.id, normalize(p.text))
    return out


class Loaded:
    """One corpus on the cluster, its literal truth and the embedded engine beside it."""

    def __init__(self, name: str, folder: Path, client, index_dir: Path) -> None:
        self.name = name
        self.report = opensearch_load.build(folder, client, alias=f"test-{name}", quiet=True)
        self.backend = OpenSearchBackend(client, alias=f"test-{name}")
        self.truth = literal_paragraphs(folder)
        embedded_build(folder, index_dir, procs=1, quiet=True)
        self.corpus = Store(index_dir).corpus()

    def ids(self, q: str, **extra) -> set[str]:
        params = SearchParams.from_args({"q": q, **extra})
        return {h["paragraph_id"] for h in self.backend.iter_hits(params, with_text=False)}

    def having(self, term: str) -> set[str]:
        term = normalize(term)
        return {pid for pid, (_, text) in self.truth.items() if term in text}


@pytest.fixture(scope="module")
def client(opensearch_cluster):
    return connect(",".join(opensearch_cluster.urls))


@pytest.fixture(scope="module", params=["seed", "generated"])
def loaded(request, client, opensearch_cluster, tmp_path_factory) -> Loaded:
    if request.param == "seed":
        folder = SEEDS
    else:
        folder = tmp_path_factory.mktemp("generated")
        generate(GENERATED_NOTICES, folder, seed=7)
    loaded = Loaded(request.param, folder, client, tmp_path_factory.mktemp("embedded"))
    opensearch_cluster.say(f"opensearch: loaded {request.param} corpus, {loaded.report.summary()}")
    return loaded


def test_every_paragraph_loaded_on_two_shards_one_replica(loaded, client):
    gen = loaded.backend.generation()
    settings = client.indices.get_settings(index=gen.index)[gen.index]["settings"]["index"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("2", "1")
    assert loaded.ids("") == set(loaded.truth)
    assert gen.paragraphs == len(loaded.truth) == loaded.report.paragraphs
    assert gen.notices == len({nid for nid, _ in loaded.truth.values()})
    assert not loaded.report.errors and not loaded.report.duplicates


@pytest.mark.parametrize("q", QUERIES)
def test_exact_hits_equal_literal_scan(loaded, q):
    truth = loaded.having(q)
    quoted = '"' + q.replace('"', "") + '"'
    assert loaded.ids(quoted) == truth
    if not any(c in q for c in ' ()"') and not q.startswith("-") and ":" not in q:
        assert loaded.ids(q) == truth
    result = loaded.backend.search(SearchParams.from_args({"q": quoted}))
    assert result["total"] == {
        "paragraphs": len(truth), "notices": len({loaded.truth[p][0] for p in truth})}


@pytest.mark.parametrize(("q", "expected"), [
    ("八项规定 整改", lambda has: has("八项规定") & has("整改")),
    ("党建 OR 党风", lambda has: has("党建") | has("党风")),
    ("整改 NOT 巡视", lambda has: has("整改") - has("巡视")),
    ("整改 -巡视", lambda has: has("整改") - has("巡视")),
    ("(党建 OR 党风) 整改", lambda has: (has("党建") | has("党风")) & has("整改")),
    ('"如有意见建议"', lambda has: has("如有意见建议")),
    ("NOT 的", lambda has: set(has("")) - has("的")),
])
def test_boolean_queries_follow_set_logic(loaded, q, expected):
    assert loaded.ids(q) == expected(loaded.having)


@pytest.mark.parametrize("combo", FILTER_COMBOS, ids=lambda c: repr(c))
def test_facet_counts_equal_recount_from_hits(loaded, combo):
    result = loaded.backend.search(SearchParams.from_args(combo))
    for facet, values in result["facets"].items():
        others = {k: v for k, v in combo.items() if k != facet}
        hits = list(loaded.backend.iter_hits(SearchParams.from_args(others), with_text=False))
        got = {v["value"]: (v["count"], v["notices"]) for v in values if v["count"]}
        assert got == recount(hits, facet), facet
    hits = list(loaded.backend.iter_hits(SearchParams.from_args(combo), with_text=False))
    assert result["total"] == {"paragraphs": len(hits),
                               "notices": len({h["notice_id"] for h in hits})}


SAME_AS_EMBEDDED = [
    *FILTER_COMBOS,
    {"q": "title:整改 问题"}, {"q": "section:问题 整改"}, {"q": "year:2019-2021 整改"},
    {"q": "level:县级 问题"}, {"q": "kind:巡察"}, {"q": "kind:回头看"},
    {"q": "province:湖南 OR province:河北"}, {"q": "county:汨罗"}, {"q": "-province:湖南 整改"},
    {"q": "整改落实", "mode": "words"}, {"q": "巡视 OR 干部作风", "mode": "words"},
    {"q": "八项规定精神", "mode": "words"}, {"q": "\"巡视整改落实情况\" 问题", "mode": "words"},
    {"q": "整改", "year_from": "2019", "year_to": "2020"},
    {"q": "整改", "sort": "newest"}, {"q": "整改", "sort": "oldest", "page": "2"},
    {"q": "八项规定", "group": "1"}, {"q": "问题", "group": "1", "per_page": "2", "page": "2"},
]


@pytest.mark.parametrize("combo", SAME_AS_EMBEDDED, ids=lambda c: repr(c))
def test_same_answer_as_embedded_engine(loaded, combo):
    """Totals, facets, hit sets and snippets equal the embedded engine's; ranking may differ,
    so pages are compared where the order is defined by dates and reading order."""
    params = SearchParams.from_args(combo)
    got = loaded.backend.search(params)
    want = embedded_search(loaded.corpus, params)
    assert got["total"] == want["total"]
    assert got["facets"] == want["facets"]
    assert got["pages"] == want["pages"]
    ours = {h["paragraph_id"]: h for h in loaded.backend.iter_hits(params, with_text=False)}
    theirs = {h["paragraph_id"]: h for h in embedded_hits(loaded.corpus, params, with_text=False)}
    assert ours.keys() == theirs.keys()
    for pid, hit in ours.items():
        assert hit == {k: v for k, v in theirs[pid].items() if k != "reuse"}
    if params.sort != "relevance" or not got["query"]["terms"]:
        if params.group:
            assert ([(g["notice"]["id"], g["count"]) for g in got["groups"]]
                    == [(g["notice"]["id"], g["count"]) for g in want["groups"]])
        else:
            assert ([h["paragraph_id"] for h in got["hits"]]
                    == [h["paragraph_id"] for h in want["hits"]])


def test_facet_sized_below_its_values_is_an_error_not_a_short_count(loaded):
    gen = loaded.backend.generation()
    small = Generation(gen.index, gen.notices, gen.paragraphs,
                       gen.cardinality | {"province": 0, "year": 0})
    loaded.backend._generations = {gen.index: small}
    try:
        with pytest.raises(ClusterError):
            loaded.backend.search(SearchParams.from_args({"q": "整改"}))
    finally:
        loaded.backend._generations = {}


def test_past_the_bucket_limit_is_an_error_not_a_short_count(loaded, client):
    client.cluster.put_settings(body={"transient": {"search.max_buckets": 10}})
    try:
        with pytest.raises(ClusterError, match="max_buckets"):
            loaded.backend.search(SearchParams.from_args({"q": "整改"}))
    finally:
        client.cluster.put_settings(body={"transient": {"search.max_buckets": None}})
    assert loaded.backend.search(SearchParams.from_args({"q": "整改"}))["total"]["paragraphs"] \
        == len(loaded.having("整改"))


# ---------------------------------------------------------------- updates and rejections

def test_update_adds_changes_and_deletes_notices(client, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SEEDS, data)
    first = opensearch_load.build(data, client, alias="test-update", quiet=True)
    files = sorted(data.glob("*.txt"))
    files[0].unlink()
    with files[1].open("a", encoding="utf-8") as fh:
        fh.write("\n新增一段：整改台账已全部销号，群众满意度明显提升。\n")
    shutil.copy(files[2], data / "copy-of-a-notice.txt")  # same text: a duplicate
    (data / "empty.txt").write_text("", encoding="utf-8")  # rejected with a reason
    report = opensearch_load.update(data, client, alias="test-update", quiet=True)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 1, 3)
    assert len(report.duplicates) == 1 and any("empty.txt" in e["origin"]
                                               for e in report.errors)
    docs, _ = read_file(data / "copy-of-a-notice.txt", data)
    copy = parse_notice(docs[0]).id
    truth = {pid: v for pid, v in literal_paragraphs(data).items() if v[0] != copy}
    backend = OpenSearchBackend(client, alias="test-update")
    assert {h["paragraph_id"] for h in backend.iter_hits(SearchParams(), with_text=False)} \
        == set(truth)
    added = {h["paragraph_id"] for h in backend.iter_hits(
        SearchParams.from_args({"q": "群众满意度明显提升"}), with_text=False)}
    assert added == {pid for pid, (_, t) in truth.items() if "群众满意度明显提升" in t}
    assert len(added) == 1
    gens = sorted(client.indices.get(index="test-update-gen-*"))
    assert gens == sorted([first.generation, report.generation])
    assert list(client.indices.get_alias(name="test-update")) == [report.generation]


def test_overrides_apply_and_their_errors_are_reported_as_in_the_embedded_build(
        client, tmp_path):
    data = tmp_path / "data" / "notices"
    shutil.copytree(SEEDS, data)
    first = sorted(data.glob("*.txt"))[0].name
    (data.parent / "overrides.csv").write_text(  # beside the data folder
        "notice,field,value,note\n"
        f"{first},year,2015,corrected by hand\n"
        "no-such-file.txt,year,2016,\n"
        f"{first},no_such_field,1,\n", encoding="utf-8")
    report = opensearch_load.build(data, client, alias="test-overrides", quiet=True)
    embedded = embedded_build(data, tmp_path / "index", procs=1, quiet=True)
    assert sorted(e["reason"] for e in report.errors) \
        == sorted(e["reason"] for e in embedded.errors)
    assert len(report.errors) == 2
    params = SearchParams.from_args({"q": "", "year": ["2015"]})
    got = OpenSearchBackend(client, alias="test-overrides").search(params)
    want = embedded_search(Store(tmp_path / "index").corpus(), params)
    assert got["total"] == want["total"] and got["total"]["notices"] == 1
    assert got["facets"] == want["facets"]


def test_rejected_paragraph_is_reported_and_its_notice_left_out(client, monkeypatch):
    victim = sorted(literal_paragraphs(SEEDS))[7]

    def doc(analyzed, row):
        d = opensearch_load_doc(analyzed, row)
        if row.pid == victim:
            d["not_in_the_mapping"] = 1  # the strict mapping rejects this one document
        return d

    opensearch_load_doc = opensearch_load.paragraph_doc
    monkeypatch.setattr(opensearch_load, "paragraph_doc", doc)
    report = opensearch_load.build(SEEDS, client, alias="test-reject", quiet=True)
    assert len(report.errors) == 1
    assert victim in report.errors[0]["reason"] and "not loaded" in report.errors[0]["reason"]
    truth = literal_paragraphs(SEEDS)
    lost = truth[victim][0]
    backend = OpenSearchBackend(client, alias="test-reject")
    got = {h["paragraph_id"] for h in backend.iter_hits(SearchParams(), with_text=False)}
    assert got == {pid for pid, (nid, _) in truth.items() if nid != lost}
    assert report.notices == 4 and report.paragraphs == len(got)
    assert backend.generation().notices == 4
