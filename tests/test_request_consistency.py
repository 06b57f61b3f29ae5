"""One request, one index generation, one search: what a page counts is what it shows.

The search page used to run the query twice (once for the hits, once more for the
charts) and to take the live corpus twice, so a rebuild swapped in between could mix
two generations on one page. Here the swap happens *inside* a request, between the
search and the charts, and both must still come from the generation the request began
with; the next request sees the new one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import search.engine
import web.views
from app import create_app
from indexer.build import build

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"


@pytest.fixture
def two_generations(tmp_path: Path):
    """An index of two seed notices, and a data folder of all five for the rebuild."""
    small = tmp_path / "small"
    small.mkdir()
    for f in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(f, small / f.name)
    index = tmp_path / "index"
    build(small, index, quiet=True)
    return index, SEEDS


def counting(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(args[0])  # the corpus
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


@pytest.mark.parametrize("url", ["/?q=整改", "/?q=整改&province=湖南省", "/api/search?q=整改",
                                 "/distribution?q=整改", "/export.csv?q=整改"])
def test_one_search_per_request(client, monkeypatch, url):
    matches = counting(monkeypatch, search.engine, "match")
    resp = client.get(url)
    resp.get_data()  # exports stream
    assert resp.status_code == 200
    assert len(matches) == 1, f"{url} evaluated the query {len(matches)} times"


def test_a_swap_in_the_middle_of_a_request_is_not_seen(two_generations, monkeypatch):
    index, full = two_generations
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    store = app.extensions["xunshi_store"]
    store.check_interval = 0  # look for a new generation on every call, not once a second
    client = app.test_client()
    before = client.get("/api/search?q=整改").get_json()

    searched = counting(monkeypatch, web.views, "search")
    charted = []
    real_distribution = web.views.distribution

    def swap_then_chart(corpus, params, result=None):
        build(full, index, quiet=True)  # a rebuild lands between the search and the charts
        assert store.corpus() is not corpus  # the store now hands out the new generation
        charted.append(corpus)
        return real_distribution(corpus, params, result=result)

    monkeypatch.setattr(web.views, "distribution", swap_then_chart)
    resp = client.get("/?q=整改")
    assert resp.status_code == 200
    assert len(searched) == len(charted) == 1
    assert searched[0] is charted[0]
    assert searched[0].gen.name == before["index"]["generation"]
    html = resp.get_data(as_text=True)
    assert f'data-paragraphs="{before["total"]["paragraphs"]}"' in html

    after = client.get("/api/search?q=整改").get_json()
    assert after["index"]["generation"] != before["index"]["generation"]
    assert after["index"]["notices"] == 5 and before["index"]["notices"] == 2
