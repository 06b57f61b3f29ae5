"""Exact mode returns exactly the paragraphs a literal scan finds — no more, no fewer.

The truth here is independent of the engine: the seed files are parsed, each
paragraph's display text is normalized, and ``term in text`` decides. The engine
answers through ``search.engine`` (the path the app and CLI use).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from analysis.normalize import normalize
from indexer.build import build
from indexer.model import SourceDoc
from indexer.parse import parse_notice
from search.engine import SearchParams, iter_hits, search
from search.highlight import mark_all
from search.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "data" / "notices"

# 1- and 2-character words, phrases, jieba-boundary crossers, digits/latin,
# punctuation, width and script variants, and strings absent from the corpus.
QUERIES = [
    "党", "整", "区", "的", "案", "巡", "万", "、", "%",
    "党建", "违规", "整改", "巡视", "巡察", "干部", "问题", "党风", "纪委",
    "八项规定", "巡视整改", "形式主义", "官僚主义", "民主生活会", "一岗双责", "主体责任",
    "三会一课", "问题线索", "党风廉政建设", "全面从严治党", "意识形态工作", "选人用人",
    "整改措施及成效", "中央八项规定精神", "不忘初心、牢记使命",
    "视整改", "项规定精", "规定精神", "治党主", "会一课", "改落实", "风廉政",
    "2019年", "90.05万元", "qq.com", "163.com", "2016年11月9日", "0755", "LED", "led", "G240",
    "1+5", "6.12亿元", "100%", "88.8%", "sysdfzfjds@163.com",
    "“两个维护”", "“三会一课”", "“一岗双责”", "《干部任用条例》", "(已完成)", "（已完成）",
    "整改情况:", "整改情况：",
    "（一）", "(一)", "ＱＱ．ＣＯＭ", "２０１９年", "Ｇ２４０",
    "八項規定", "巡視整改", "黨風廉政建設", "選人用人", "幹部", "問題線索",
    "量子计算机", "区块链金融", "xyz123", "巡视整改落实情况报告书", "火星",
    # every bigram present in some paragraph, the string itself in none or few:
    # bigram candidates alone would be false positives
    "党建设", "整改革", "工作风", "建设计", "政治理", "干部门", "会议事", "建立健全面",
]


def _seed_paragraphs() -> dict[str, str]:
    out = {}
    for f in sorted(SEEDS.glob("*.txt")):
        notice = parse_notice(SourceDoc(origin=f.name, text=f.read_text(encoding="utf-8")))
        for p in notice.paragraphs:
            out[p.id] = p.text
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    index = tmp_path_factory.mktemp("exact-index")
    build(SEEDS, index, procs=1, quiet=True)
    return Store(index).corpus()


@pytest.fixture(scope="module")
def truth_texts() -> dict[str, str]:
    return {pid: normalize(text) for pid, text in _seed_paragraphs().items()}


def _engine_ids(corpus, q: str, **extra) -> set[str]:
    params = SearchParams.from_args({"q": q, **extra})
    return {h["paragraph_id"] for h in iter_hits(corpus, params, with_text=False)}


def test_query_set_is_large_enough():
    assert len(QUERIES) >= 60
    assert len(set(QUERIES)) == len(QUERIES)


@pytest.mark.parametrize("q", QUERIES)
def test_exact_hits_equal_literal_scan(corpus, truth_texts, q):
    term = normalize(q)
    truth = {pid for pid, text in truth_texts.items() if term in text}
    quoted = '"' + q.replace('"', "") + '"'
    assert _engine_ids(corpus, quoted) == truth
    if not re.search(r"[\s()\"]", q) and not q.startswith("-") and ":" not in q:
        assert _engine_ids(corpus, q) == truth
    result = search(corpus, SearchParams.from_args({"q": quoted}))
    assert result["total"]["paragraphs"] == len(truth)
    notices = {pid.split("-")[0] for pid in truth}
    assert result["total"]["notices"] == len(notices)


def test_queries_exercise_both_present_and_absent(corpus, truth_texts):
    counts = [sum(normalize(q) in t for t in truth_texts.values()) for q in QUERIES]
    assert sum(c == 0 for c in counts) >= 5  # absent strings really are absent
    assert sum(c > 0 for c in counts) >= 55


@pytest.mark.parametrize(("q", "op"), [
    ("八项规定 整改", lambda a, b: a & b),
    ("党建 OR 党风", lambda a, b: a | b),
    ("整改 NOT 巡视", lambda a, b: a - b),
    ("整改 -巡视", lambda a, b: a - b),
    ("(党建 OR 党风) 整改", None),
])
def test_boolean_queries_follow_set_logic(corpus, truth_texts, q, op):
    def has(term: str) -> set[str]:
        return {pid for pid, t in truth_texts.items() if normalize(term) in t}

    if op is None:
        expected = (has("党建") | has("党风")) & has("整改")
    else:
        words = [w.lstrip("-") for w in q.split() if w not in ("OR", "NOT")]
        expected = op(has(words[0]), has(words[1]))
    assert _engine_ids(corpus, q) == expected


def test_quoted_phrase_with_space_and_operator_words(corpus, truth_texts):
    phrase = "如有意见建议"
    truth = {pid for pid, t in truth_texts.items() if phrase in t}
    assert _engine_ids(corpus, f'"{phrase}"') == truth
    assert _engine_ids(corpus, '"OR"') == {pid for pid, t in truth_texts.items() if "or" in t}


# ---------------------------------------------------------------- facets

FILTER_COMBOS = [
    {"q": "整改"},
    {"q": "整改", "province": ["湖南省", "浙江省"]},
    {"q": "党", "year": ["2021"]},
    {"q": "党", "year": ["2021"], "kind": ["巡察"]},
    {"q": "问题", "level": ["county"], "year": ["2017", "2021"]},
    {"q": "", "province": ["广东省"]},
    {"q": "巡视 OR 巡察", "flag": ["回头看"]},
]


def recount(hits: list[dict], facet: str) -> dict[str, tuple[int, int]]:
    """value -> (paragraphs, notices) among ``hits``: the independent facet truth."""
    if facet == "flag":
        para = Counter(f for h in hits for f in h["flags"])
        notes = Counter(f for fl in {h["notice_id"]: tuple(h["flags"]) for h in hits}.values()
                        for f in fl)
    else:
        key = {"kind": "inspection_kind"}.get(facet, facet)
        para = Counter(str(h[key]) for h in hits if h[key])
        notes = Counter(str(v) for v in {h["notice_id"]: h[key] for h in hits if h[key]}
                        .values())
    return {k: (para[k], notes[k]) for k in para}


@pytest.mark.parametrize("combo", FILTER_COMBOS, ids=lambda c: repr(c))
def test_facet_counts_equal_counts_from_hit_lists(corpus, combo):
    result = search(corpus, SearchParams.from_args(combo))
    for facet, values in result["facets"].items():
        # Hits with this facet's own selection removed: the list facet counts describe.
        others = {k: v for k, v in combo.items() if k != facet}
        hits = list(iter_hits(corpus, SearchParams.from_args(others), with_text=False))
        got = {v["value"]: (v["count"], v["notices"]) for v in values if v["count"]}
        assert got == recount(hits, facet), facet
    expected_total = len(list(iter_hits(corpus, SearchParams.from_args(combo), with_text=False)))
    assert result["total"]["paragraphs"] == expected_total


def test_facet_selection_is_or_within_and_across(corpus):
    one = search(corpus, SearchParams.from_args({"q": "整改", "province": ["湖南省"]}))
    two = search(corpus, SearchParams.from_args({"q": "整改", "province": ["湖南省", "浙江省"]}))
    zhe = search(corpus, SearchParams.from_args({"q": "整改", "province": ["浙江省"]}))
    assert two["total"]["paragraphs"] == one["total"]["paragraphs"] + zhe["total"]["paragraphs"]
    both = search(corpus, SearchParams.from_args(
        {"q": "整改", "province": ["湖南省"], "year": ["2021"]}))
    assert both["total"]["paragraphs"] == 0  # 汨罗's notice is published in 2020


def test_short_region_names_in_filters(corpus):
    full = _engine_ids(corpus, "整改", province=["湖南省"])
    assert full and _engine_ids(corpus, "整改 province:湖南") == full
    assert _engine_ids(corpus, "整改", province=["湖南"]) == full
    assert _engine_ids(corpus, "整改 county:汨罗") == full


# ---------------------------------------------------------------- highlights

def _occurrences(display: str, term: str) -> list[tuple[int, int]]:
    """Independent truth: display spans whose normalization is exactly the term."""
    spans = []
    for i in range(len(display)):
        for j in range(i + 1, min(len(display), i + len(term) + 4) + 1):
            if normalize(display[i:j]) == term:
                spans.append((i, j))
                break
    return spans


def _marked_spans(markup: str) -> tuple[str, list[tuple[int, int]]]:
    plain, spans, pos = [], [], 0
    for part in re.split(r"(<mark>.*?</mark>)", markup):
        if part.startswith("<mark>"):
            text = html.unescape(part[6:-7])
            spans.append((pos, pos + len(text)))
        else:
            text = html.unescape(part)
        plain.append(text)
        pos += len(text)
    return "".join(plain), spans


@pytest.mark.parametrize(
    "q", ["八项规定", "八項規定", "（一）", "整改", "qq.com", "党", "“三会一课”"])
def test_marks_are_exactly_the_occurrences(corpus, q):
    term = normalize(q)
    hits = list(iter_hits(corpus, SearchParams.from_args({"q": f'"{q}"'})))
    assert hits
    for hit in hits:
        plain, spans = _marked_spans(mark_all(hit["text"], [term]))
        assert plain == hit["text"]
        assert spans == _occurrences(hit["text"], term)
        snip_plain, snip_spans = _marked_spans(hit["snippet"])
        assert snip_spans, hit["paragraph_id"]
        for s, e in snip_spans:
            assert normalize(snip_plain[s:e]) == term


def test_snippet_markup_is_sanitized(corpus):
    hits = list(iter_hits(corpus, SearchParams.from_args({"q": "整改"}), with_text=False))
    for hit in hits:
        assert re.sub(r"</?mark>", "", hit["snippet"]).count("<") == 0


def test_word_mode_cache_is_not_changed_by_filters(corpus):
    """Filters combine masks in place; a cached word-mode mask must not be one of them."""
    plain = search(corpus, SearchParams.from_args({"q": "整改", "mode": "words"}))["total"]
    search(corpus, SearchParams.from_args({"q": "整改", "mode": "words", "year_from": "2021"}))
    again = search(corpus, SearchParams.from_args({"q": "整改", "mode": "words"}))["total"]
    assert again == plain
