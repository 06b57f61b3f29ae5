"""Hints (search/hints.py): each natural slip gets a hint whose correction is offered,
never applied; the corrected request finds what the hint says it finds."""

from __future__ import annotations

from typing import Any

import pytest

from analysis.normalize import normalize
from search.engine import ParamError, SearchParams, search
from search.query import parse_query
from search.store import Store
from tests.test_exactness import _seed_paragraphs
from tests.test_query import truth


@pytest.fixture(scope="module")
def corpus(index_dir):
    return Store(index_dir).corpus()


def _search(corpus, args: dict[str, Any]) -> dict[str, Any]:
    return search(corpus, SearchParams.from_args(args))


def _applied(args: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return {**args, **changes}


def _summary(hints: list[dict[str, Any]]) -> list[tuple]:
    out = []
    for h in hints:
        offered = [s.get("value", s["changes"].get("q")) for s in h["suggestions"]]
        if h["kind"] == "lowercase_operator":
            out.append((h["kind"], h["words"], offered))
        else:
            out.append((h["kind"], h["field"], h["value"], h["source"],
                        [(s["field"], s["value"]) for s in h["suggestions"]]))
    return out


# request -> the hints it gets, summarized
HINTED = [
    ({"q": "八项规定 or 四风"}, [("lowercase_operator", ["or"], ["八项规定 OR 四风"])]),
    ({"q": "八项规定 ｏｒ 四风 or 作风"},
     [("lowercase_operator", ["ｏｒ", "or"], ["八项规定 OR 四风 OR 作风"])]),
    ({"q": "整改 and 问责 not 回头看"},
     [("lowercase_operator", ["and", "not"], ["整改 AND 问责 NOT 回头看"])]),
    ({"q": "(八项规定 or 四风)整改"}, [("lowercase_operator", ["or"], ["(八项规定 OR 四风)整改"])]),
    # region filters: pinyin, homophones, misspellings, another level
    ({"province": "Hunan"}, [("unmatched_filter", "province", "Hunan", "filter",
                              [("province", "湖南省")])]),
    ({"province": "hunan sheng"}, [("unmatched_filter", "province", "hunan sheng", "filter",
                                    [("province", "湖南省")])]),
    ({"province": "Zhejiang Province"}, [("unmatched_filter", "province", "Zhejiang Province",
                                          "filter", [("province", "浙江省")])]),
    ({"province": "胡南"}, [("unmatched_filter", "province", "胡南", "filter",
                            [("province", "湖南省")])]),
    ({"county": "汩罗市"}, [("unmatched_filter", "county", "汩罗市", "filter",
                            [("county", "汨罗市")])]),
    ({"county": "上成区"}, [("unmatched_filter", "county", "上成区", "filter",
                            [("county", "上城区")])]),
    ({"county": "Dapeng"}, [("unmatched_filter", "county", "Dapeng", "filter",
                             [("county", "大鹏新区")])]),
    ({"city": "Yueyang"}, [("unmatched_filter", "city", "Yueyang", "filter",
                            [("city", "岳阳市")])]),
    ({"province": "岳阳"}, [("unmatched_filter", "province", "岳阳", "filter",
                            [("city", "岳阳市")])]),
    ({"q": "整改", "province": ["浙江省", "Hunan"]},
     [("unmatched_filter", "province", "Hunan", "filter", [("province", "湖南省")])]),
    # real places and codes that no notice in this index has: said, nothing offered
    ({"province": "西藏"}, [("unmatched_filter", "province", "西藏自治区", "filter", [])]),
    ({"county": "下城区"}, [("unmatched_filter", "county", "下城区", "filter", [])]),
    ({"level": "central"}, [("unmatched_filter", "level", "central", "filter", [])]),
    ({"year": "1990"}, [("unmatched_filter", "year", "1990", "filter", [])]),
    # levels, kinds and flags outside the vocabulary
    ({"level": "countyy"}, [("unmatched_filter", "level", "countyy", "filter",
                             [("level", "county")])]),
    ({"level": "县极"}, [("unmatched_filter", "level", "县极", "filter",
                          [("level", "county")])]),
    ({"level": "乡镇"}, [("unmatched_filter", "level", "乡镇", "filter",
                          [("level", "county"), ("level", "prefecture")])]),
    ({"kind": "巡查"}, [("unmatched_filter", "kind", "巡查", "filter", [("kind", "巡察")])]),
    ({"kind": "xunshi"}, [("unmatched_filter", "kind", "xunshi", "filter",
                           [("kind", "巡视")])]),
    ({"kind": "回头"}, [("unmatched_filter", "kind", "回头", "filter", [("flag", "回头看")])]),
    # the same values typed as fields of the query
    ({"q": "整改 province:Hunan"}, [("unmatched_filter", "province", "Hunan", "q",
                                    [("province", "湖南省")])]),
    ({"q": "整改 省:岳阳"}, [("unmatched_filter", "province", "岳阳", "q", [("city", "岳阳市")])]),
    ({"q": "province:(Hunan OR 浙江)"}, [("unmatched_filter", "province", "Hunan", "q",
                                         [("province", "湖南省")])]),
    ({"q": "kind:回头 整改"}, [("unmatched_filter", "kind", "回头", "q", [("flag", "回头看")])]),
    ({"q": "level:countyy"}, [("unmatched_filter", "level", "countyy", "q",
                               [("level", "county")])]),
    ({"q": "year:1990 整改"}, [("unmatched_filter", "year", "1990", "q", [])]),
    ({"q": "notice:nosuchid"}, [("unmatched_filter", "notice", "nosuchid", "q", [])]),
    # both at once
    ({"q": "八项规定 or 四风", "province": "Hunan"},
     [("lowercase_operator", ["or"], ["八项规定 OR 四风"]),
      ("unmatched_filter", "province", "Hunan", "filter", [("province", "湖南省")])]),
]


@pytest.mark.parametrize(("args", "expected"), HINTED, ids=[repr(a) for a, _ in HINTED])
def test_slips_get_hints(corpus, args, expected):
    assert _summary(_search(corpus, args)["hints"]) == expected


# requests without a slip: no hint, even when nothing is found
CLEAN = [
    {"q": "整改"}, {"q": "八项规定 OR 四风"}, {"q": "(八项规定 OR 四风)整改"},
    {"q": '"or"'}, {"q": "or 四风"}, {"q": "量子计算机"}, {"q": "title:量子计算机"},
    {"q": "section:量子计算机"}, {"province": "湖南省"}, {"province": "湖南"},
    {"province": "湖南", "year": "2021"},  # both exist; no notice has both: an answer
    {"q": "整改 county:汨罗"}, {"level": "县级"}, {"kind": "回头看"}, {"year": "2021"},
    {"q": "province:浙江 OR province:湖南"},
]


@pytest.mark.parametrize("args", CLEAN, ids=repr)
def test_no_hint_without_a_slip(corpus, args):
    assert _search(corpus, args)["hints"] == []


def test_a_hint_offers_and_never_applies(corpus):
    result = _search(corpus, {"q": "整改", "province": "Hunan"})
    assert result["total"] == {"paragraphs": 0, "notices": 0}
    assert result["query"]["province"] == ["Hunan"]
    assert not result["hits"]
    lowercase = _search(corpus, {"q": "八项规定 or 四风"})
    assert lowercase["query"]["q"] == "八项规定 or 四风"
    assert lowercase["query"]["terms"] == ["八项规定", "or", "四风"]


@pytest.mark.parametrize(("args", "expected"), HINTED, ids=[repr(a) for a, _ in HINTED])
def test_each_suggestion_finds_what_it_says(corpus, args, expected):
    """Applied, a suggestion's changes find its ``paragraphs`` (some, unless another slip
    remains) and leave no hint about the value it replaced."""
    result = _search(corpus, args)
    for hint in result["hints"]:
        for suggestion in hint["suggestions"]:
            fixed = _search(corpus, _applied(args, suggestion["changes"]))
            assert fixed["total"]["paragraphs"] == suggestion["paragraphs"]
            assert suggestion["paragraphs"] > 0 or len(result["hints"]) > 1
            assert not any(h["kind"] == hint["kind"] and h.get("value") == hint.get("value")
                           for h in fixed["hints"])


def test_the_operator_version_counts_its_literal_scan(corpus):
    texts = {pid: normalize(text) for pid, text in _seed_paragraphs().items()}
    hint = _search(corpus, {"q": "八项规定 or 四风"})["hints"][0]
    suggestion = hint["suggestions"][0]
    expected = truth(parse_query(suggestion["changes"]["q"]).root, texts)
    assert suggestion["paragraphs"] == len(expected) > 0
    assert len(truth(parse_query("八项规定 or 四风").root, texts)) < len(expected)


def test_hints_keep_the_other_filters(corpus):
    args = {"q": "整改", "province": ["Hunan", "浙江省"], "city": ["杭州市"], "year": "2021"}
    (hint,) = _search(corpus, args)["hints"]
    assert hint["suggestions"][0]["changes"] == {"province": ["湖南省", "浙江省"]}
    moved = _search(corpus, {"province": ["岳阳", "湖南省"]})["hints"][0]["suggestions"][0]
    assert moved["changes"] == {"province": ["湖南省"], "city": ["岳阳市"]}


def test_a_reversed_year_range_is_refused_with_the_fix():
    with pytest.raises(ParamError) as info:
        SearchParams.from_args({"year_from": "2022", "year_to": "2019"})
    assert info.value.fix == {"year_from": 2019, "year_to": 2022}
    assert "颠倒" in str(info.value)
    assert SearchParams.from_args({"year_from": "2019", "year_to": "2019"}).year_to == 2019
