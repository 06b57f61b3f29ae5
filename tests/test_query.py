"""The query language: what parses to what, which mistakes get which message (and where),
and — for any query the parser accepts — hits equal to a literal scan of its tree."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.normalize import normalize
from search.engine import SearchParams, match
from search.query import (
    MAX_QUERY_CHARS,
    And,
    Field,
    FieldUse,
    MatchAll,
    Node,
    Not,
    QueryError,
    Slip,
    Term,
    parse_query,
)
from search.store import Store
from tests.test_exactness import QUERIES, _seed_paragraphs


def sexp(node: Node) -> str:
    """A tree as a normalized S-expression: ``(and (or 八项规定 四风) 整改)``; a term or
    value with a space, bracket or quote is written in JSON quotes; ``*`` is everything."""
    def atom(text: str) -> str:
        return json.dumps(text, ensure_ascii=False) if set(text) & set(' ()"') else text

    if isinstance(node, Term):
        return atom(node.text)
    if isinstance(node, Field):
        return f"{node.name}:{atom(node.value)}"
    if isinstance(node, MatchAll):
        return "*"
    if isinstance(node, Not):
        return f"(not {sexp(node.child)})"
    op = "and" if isinstance(node, And) else "or"
    return f"({op} {' '.join(sexp(c) for c in node.children)})"


# typed query -> normalized S-expression of its tree
PARSES = [
    # terms, phrases, operators
    ("八项规定", "八项规定"),
    ("八项规定 整改", "(and 八项规定 整改)"),
    ('"中央 八项规定"', '"中央 八项规定"'),
    ("党建 OR 党风", "(or 党建 党风)"),
    ("党建 || 党风", "(or 党建 党风)"),
    ("a AND b", "(and a b)"),
    ("a && b", "(and a b)"),
    ("整改 NOT 巡视", "(and 整改 (not 巡视))"),
    ("整改 -巡视", "(and 整改 (not 巡视))"),
    ("NOT 巡视", "(and * (not 巡视))"),
    ("八项规定 OR 四风 整改", "(or 八项规定 (and 四风 整改))"),
    ("整改 NOT 回头看 OR 专项", "(or (and 整改 (not 回头看)) 专项)"),
    ("八项规定　整改", "(and 八项规定 整改)"),  # ideographic space
    # groups, spaced and glued to a word
    ("(党建 OR 党风) 整改", "(and (or 党建 党风) 整改)"),
    ("( 党建 OR 党风 )", "(or 党建 党风)"),
    ("(八项规定 OR 四风)整改", "(and (or 八项规定 四风) 整改)"),
    ("整改(八项规定 OR 四风)", "(and 整改 (or 八项规定 四风))"),
    ("（八项规定 OR 四风）整改", "(and (or 八项规定 四风) 整改)"),
    ("整改（八项规定 OR 四风）", "(and 整改 (or 八项规定 四风))"),
    ("整改（八项规定 OR 四风）问责", "(and 整改 (or 八项规定 四风) 问责)"),
    ("(八项规定 OR 四风)(整改 OR 落实)", "(and (or 八项规定 四风) (or 整改 落实))"),
    ("(党建 OR(党风 廉政))", "(or 党建 (and 党风 廉政))"),
    ("(党建 OR 党风)OR(整改 落实)", "(or (or 党建 党风) (and 整改 落实))"),
    ("((党建 OR 党风)整改 OR 问责)巡视", "(and (or (and (or 党建 党风) 整改) 问责) 巡视)"),
    ("(((党建)) OR 党风)", '(or "((党建))" 党风)'),
    # brackets that open and close inside one word are part of it
    ("(一)", '"(一)"'),
    ("（一）", '"(一)"'),
    ("（已完成）", '"(已完成)"'),
    ("(15)", '"(15)"'),
    ("()", '"()"'),
    ("县(区)", '"县(区)"'),
    ("(一)整改", '"(一)整改"'),
    ("(八项规定)", '"(八项规定)"'),
    ("(-巡视)", '"(-巡视)"'),
    ("(一)(党建 OR 党风)", '(and "(一)" (or 党建 党风))'),
    ("((一) OR (二))整改", '(and (or "(一)" "(二)") 整改)'),
    ("（一） OR （二）", '(or "(一)" "(二)")'),
    ("section:(一) 党的领导", '(and section:"(一)" 党的领导)'),
    ("section:（一）", 'section:"(一)"'),
    # negation next to brackets
    ("-(党建 OR 党风)整改", "(and (not (or 党建 党风)) 整改)"),
    ("整改 -(党建 OR 党风)", "(and 整改 (not (or 党建 党风)))"),
    ("整改 -（党建 OR 党风）", "(and 整改 (not (or 党建 党风)))"),
    ("整改 NOT(党建 OR 党风)", "(and 整改 (not (or 党建 党风)))"),
    ("整改 NOT (党建 OR 党风)", "(and 整改 (not (or 党建 党风)))"),
    ("-(党建 OR 党风)", "(and * (not (or 党建 党风)))"),
    ("( -巡视 )", "(and * (not 巡视))"),
    ("(整改 -巡视)问责", "(and (and 整改 (not 巡视)) 问责)"),
    ("(整改 NOT 巡视)(问责 OR 处分)", "(and (and 整改 (not 巡视)) (or 问责 处分))"),
    ("整改 - 巡视", "(and 整改 - 巡视)"),  # a lone hyphen is text
    ("2019-2021", "2019-2021"),
    # quotes next to brackets
    ('("八项规定" OR 四风)整改', "(and (or 八项规定 四风) 整改)"),
    ('"中央 八项规定"(整改 OR 落实)', '(and "中央 八项规定" (or 整改 落实))'),
    ('(整改 OR 落实)"中央 八项规定"', '(and (or 整改 落实) "中央 八项规定")'),
    ('"八项规定"整改', "(and 八项规定 整改)"),
    ('"(一)"', '"(一)"'),
    ('"(党建 OR"', '"(党建 or"'),
    ('-"中央 八项规定"', '(and * (not "中央 八项规定"))'),
    ('整改 -"中央 八项规定"', '(and 整改 (not "中央 八项规定"))'),
    ('NOT"回头看"', "(and * (not 回头看))"),
    ('＂OR＂', "or"),
    # lower-case operator words are words (see test_lowercase_operators_are_recorded)
    ("八项规定 or 四风", "(and 八项规定 or 四风)"),
    ("八项规定 Or 四风", "(and 八项规定 or 四风)"),
    ("整改 not 回头看", "(and 整改 not 回头看)"),
    ('"OR"', "or"),
    # normalization of terms
    ("八項規定", "八项规定"),
    ("ＱＱ．ＣＯＭ", "qq.com"),
    ("“两个维护”", "“两个维护”"),
    ("http://x.cn", "http://x.cn"),  # unknown field names are literal text
    # fields
    ("province:湖南 整改", "(and province:湖南 整改)"),
    ("省:湖南", "province:湖南"),
    ('title:"巡视 整改"', 'title:"巡视 整改"'),
    ("year:2019-2021", "year:2019-2021"),
    ("year:２０１９", "year:2019"),
    ("-province:湖南", "(and * (not province:湖南))"),
    ("province:(湖南 OR 湖北)", "(or province:湖南 province:湖北)"),
    ("province:（湖南 OR 湖北）整改", "(and (or province:湖南 province:湖北) 整改)"),
    ("title:(巡视 整改)", "(and title:巡视 title:整改)"),
    ('title:("巡视 整改" OR 回头看)', '(or title:"巡视 整改" title:回头看)'),
    ("-province:(湖南 OR 湖北) 整改", "(and (not (or province:湖南 province:湖北)) 整改)"),
    ("province:(湖南 -岳阳)", "(and province:湖南 (not province:岳阳))"),
    ("", "*"),
    ("   ", "*"),
]


@pytest.mark.parametrize(("raw", "tree"), PARSES, ids=[r or "<empty>" for r, _ in PARSES])
def test_parses(raw, tree):
    assert sexp(parse_query(raw).root) == tree


def test_parse_table_is_large_and_distinct():
    assert len(PARSES) >= 80
    assert len({r for r, _ in PARSES}) == len(PARSES)


def test_terms_keep_what_was_typed():
    assert parse_query("八項規定").root == Term("八项规定", "八項規定")
    assert parse_query("（一）").root == Term("(一)", "(一)")
    assert parse_query("省:湖南").root == Field("province", "湖南", "湖南")


def test_positive_terms_for_highlighting():
    assert parse_query("八项规定 OR (整改 NOT 巡视) -党").terms == ["八项规定", "整改"]
    assert parse_query("(八项规定 OR 四风)整改 -(巡视)").terms == ["八项规定", "四风", "整改"]


# typed query -> (a fragment of the message, offset in the typed query)
MALFORMED = [
    ('"八项规定', "引号不成对", 0),
    ("(党建 OR", "左括号", 0),
    ("(党建 OR 党风", "左括号", 0),
    ("整改 (党建 OR", "左括号", 3),
    ("（党建 OR", "左括号", 0),
    ("((党建 OR 党风)", "左括号", 0),
    ("(一", "左括号", 0),
    ("(a (b) c", "左括号", 0),
    ("党建 OR 党风)", "右括号", 8),
    ("(党建 OR 党风))整改", "右括号", 10),
    ("党建 OR 党风）", "右括号", 8),
    ("1)", "右括号", 1),
    ("OR 党建", "OR", 0),
    ("党建 OR", "OR", 3),
    ("党建 OR OR 党风", "OR", 3),
    ("(OR 党建)", "OR", 1),
    ("NOT", "NOT", 0),
    ("整改 NOT", "NOT", 3),
    ("AND 党建", "AND", 0),
    ("( )", "缺少检索词", 2),
    ("()整改 ( )", "缺少检索词", 7),
    ('""', "不能为空", 0),
    ("year:19", "年份", 5),
    ("year:2022-2019", "颠倒", 5),
    ("province:", "缺少取值", 0),
    ("-province:", "缺少取值", 1),
    ("province:(湖南 OR title:x)", "括号内不能再写字段", 16),
    ("province:(湖南 OR city:(x))", "括号内不能再写字段", 16),
    ("x" * (MAX_QUERY_CHARS + 1), "过长", None),
    (" ".join(["词"] * 65), "过多", 128),
    ("( " * 17 + "党" + " )" * 17, "嵌套", 32),
    ("党\x00建", "控制字符", None),
]


@pytest.mark.parametrize(("raw", "fragment", "position"), MALFORMED,
                         ids=[r[:30] for r, _, _ in MALFORMED])
def test_malformed_queries_get_clear_messages_at_the_right_place(raw, fragment, position):
    with pytest.raises(QueryError) as info:
        parse_query(raw)
    assert fragment in str(info.value)
    assert info.value.position == position
    assert info.value.to_dict()["message"] == str(info.value)


@pytest.mark.parametrize(("raw", "fixed"), [
    ("year:2022-2019", "year:2019-2022"),
    ("整改 year:２０２２-２０１９ 问责", "整改 year:2019-2022 问责"),
    ('年:"2022-2019"', "年:2019-2022"),
    ("province:湖南 -year:(2021-2017 OR 2015)", "province:湖南 -year:(2017-2021 OR 2015)"),
])
def test_a_reversed_year_range_is_an_error_that_offers_the_fix(raw, fixed):
    with pytest.raises(QueryError) as info:
        parse_query(raw)
    assert info.value.fix == {"q": fixed}
    assert info.value.to_dict()["fix"] == {"q": fixed}
    parse_query(fixed)  # the fix itself parses


# typed query -> the lower-case operator words recorded, as (word, start, end)
SLIPS = [
    ("八项规定 or 四风", [("or", 5, 7)]),
    ("八项规定 and 四风", [("and", 5, 8)]),
    ("整改 not 回头看", [("not", 3, 6)]),
    ("not 回头看", [("not", 0, 3)]),
    ("八项规定 Or 四风", [("Or", 5, 7)]),
    ("八项规定 ｏｒ 四风", [("ｏｒ", 5, 7)]),
    ("(八项规定 or 四风)整改", [("or", 6, 8)]),
    ("(八项规定 OR 四风) or (整改 OR 落实)", [("or", 13, 15)]),
    ("a or b or c", [("or", 2, 4), ("or", 7, 9)]),
    ("a or b OR c", [("or", 2, 4)]),
    ("province:(湖南 or 湖北)", [("or", 13, 15)]),
    ("or 四风", []),  # nothing on the left: a word
    ("八项规定 or", []),
    ("a or or b", []),
    ('"or" 四风', []),
    ('八项规定 "or" 四风', []),
    ("八项规定 OR 四风", []),
    ("八项规定 -or 四风", []),
    ("color or", []),
]


@pytest.mark.parametrize(("raw", "slips"), SLIPS)
def test_lowercase_operators_are_recorded(raw, slips):
    parsed = parse_query(raw)
    assert parsed.slips == [Slip(w, s, e) for w, s, e in slips]
    for slip in parsed.slips:
        assert raw[slip.start:slip.end] == slip.word


def test_fields_are_recorded_where_they_were_typed():
    parsed = parse_query("整改 -省:Hunan title:x")
    assert parsed.fields == [FieldUse(Field("province", "hunan", "Hunan"), 4, 6, 11),
                             FieldUse(Field("title", "x", "x"), 12, 18, 19)]
    quoted = parse_query('province:"Hunan"')
    assert quoted.fields[0].value_start == 9 and quoted.fields[0].end == 16
    grouped = parse_query("province:(Hunan or 浙江)")
    assert [(u.node.raw, u.name_start, u.value_start, u.end) for u in grouped.fields] == [
        ("Hunan", None, 10, 15), ("浙江", None, 19, 21)]  # "or" is offered as OR instead
    assert grouped.replaced([(10, 15, "湖南省")]) == "province:(湖南省 or 浙江)"


# ---------------------------------------------------------------- exactness of any parse

def truth(node: Node, texts: dict[str, str]) -> set[str]:
    """Literal-scan evaluation of a tree over normalized paragraph texts."""
    if isinstance(node, Term):
        return {pid for pid, text in texts.items() if node.text in text}
    if isinstance(node, MatchAll):
        return set(texts)
    if isinstance(node, Not):
        return set(texts) - truth(node.child, texts)
    parts = [truth(c, texts) for c in node.children]
    return set.intersection(*parts) if isinstance(node, And) else set.union(*parts)


class _Texts(list):
    """The seed paragraphs, with a short repr for hypothesis' reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} seed paragraphs>"


@pytest.fixture(scope="module")
def seed_texts() -> dict[str, str]:
    return {pid: normalize(text) for pid, text in _seed_paragraphs().items()}


@pytest.fixture(scope="module")
def seed_corpus(index_dir):
    return Store(index_dir).corpus()


def _engine_pids(corpus, q: str) -> set[str]:
    hits = match(corpus, SearchParams(q=q)).hits
    return {corpus.pids[r] for r in np.flatnonzero(hits).tolist()}


# Words from the exactness list (brackets, width and script variants, absent strings),
# lower-case operator words, and words cut from the seed paragraphs.
_WORDS = [q for q in QUERIES if '"' not in q and " " not in q] + ["or", "and", "not", "Or"]
_SEPARATORS = st.sampled_from(["", "", " ", "  ", "\u3000"])


@st.composite
def _seed_words(draw, texts: list[str]) -> str:
    text = draw(st.sampled_from(texts))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    return text[start:start + draw(st.integers(1, 6))].replace('"', "")


def _queries(texts: list[str]) -> st.SearchStrategy[str]:
    word = st.one_of(st.sampled_from(_WORDS), _seed_words(texts)).filter(str.strip)
    leaf = st.one_of(word, word.map(lambda w: f'"{w}"'), word.map(lambda w: f"-{w}"))

    def joined(parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.tuples(parts, st.lists(_SEPARATORS, min_size=8, max_size=8)).map(
            lambda t: "".join(p + s for p, s in zip(t[0], t[1], strict=False)).strip())

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        op = st.sampled_from(["OR", "AND", "NOT", "-", "or", "(", ")", "（", "）"])
        return st.one_of(
            joined(st.lists(inner, min_size=2, max_size=3)),
            joined(st.tuples(inner, st.sampled_from(["OR", "AND", "||"]), inner).map(list)),
            st.tuples(st.sampled_from(["(", "（"]), inner, st.sampled_from([")", "）"]),
                      _SEPARATORS, inner).map(lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}{t[4]}"),
            st.tuples(st.sampled_from(["-(", "NOT(", "NOT (", "-（"]), inner).map(
                lambda t: f"{t[0]}{t[1]})"),
            joined(st.lists(st.one_of(inner, op), min_size=2, max_size=5)),
        )

    return st.recursive(leaf, grow, max_leaves=8)


_PROPERTY = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                            HealthCheck.function_scoped_fixture])


@_PROPERTY
@given(data=st.data())
def test_any_accepted_query_hits_exactly_its_literal_scan(seed_corpus, seed_texts, data):
    """Whatever the parser makes of a query (glued brackets, quotes, negations, slips),
    the engine's hit set is the literal scan of that tree — and writing the tree out
    again, every term quoted and every bracket spaced, parses to the same tree."""
    q = data.draw(_queries(_Texts(sorted(set(seed_texts.values())))), label="q")
    try:
        parsed = parse_query(q)
    except QueryError:
        return
    assert _engine_pids(seed_corpus, q) == truth(parsed.root, seed_texts), q
    assert sexp(parse_query(spelled_out(parsed.root)).root) == sexp(parsed.root), q


def spelled_out(node: Node) -> str:
    """A tree as an unambiguous query: quoted terms, spaced brackets, upper-case operators."""
    if isinstance(node, Term):
        return '"' + node.text + '"'
    if isinstance(node, MatchAll):
        return ""
    if isinstance(node, Not):
        return f"NOT ( {spelled_out(node.child)} )"
    if isinstance(node, And):
        return " ".join(f"( {spelled_out(c)} )" for c in node.children
                        if not isinstance(c, MatchAll))
    return " OR ".join(f"( {spelled_out(c)} )" for c in node.children)
