"""The query language: what parses to what, and which mistakes get which message."""

from __future__ import annotations

import pytest

from search.query import (
    MAX_QUERY_CHARS,
    And,
    Field,
    MatchAll,
    Not,
    Or,
    QueryError,
    Term,
    parse_query,
)


def T(text: str, raw: str | None = None) -> Term:
    return Term(text, raw if raw is not None else text)


@pytest.mark.parametrize(("raw", "root"), [
    ("八项规定", T("八项规定")),
    ("八项规定 整改", And((T("八项规定"), T("整改")))),
    ('"中央 八项规定"', T("中央 八项规定")),
    ("党建 OR 党风", Or((T("党建"), T("党风")))),
    ("整改 NOT 巡视", And((T("整改"), Not(T("巡视"))))),
    ("整改 -巡视", And((T("整改"), Not(T("巡视"))))),
    ("(党建 OR 党风) 整改", And((Or((T("党建"), T("党风"))), T("整改")))),
    ("( 党建 OR 党风 )", Or((T("党建"), T("党风")))),
    ("(一)", T("(一)")),
    ("()", T("()")),  # balanced inside one word: literal
    ("（一）", T("(一)", "(一)")),
    ("县(区)", T("县(区)")),
    ("八項規定", T("八项规定", "八項規定")),
    ("ＱＱ．ＣＯＭ", T("qq.com", "QQ.COM")),
    ("“两个维护”", T("“两个维护”")),
    ('"OR"', T("or", "OR")),
    ("a AND b", And((T("a"), T("b")))),
    ("province:湖南 整改", And((Field("province", "湖南", "湖南"), T("整改")))),
    ("省:湖南", Field("province", "湖南", "湖南")),
    ('title:"巡视 整改"', Field("title", "巡视 整改", "巡视 整改")),
    ("year:2019-2021", Field("year", "2019-2021", "2019-2021")),
    ("-province:湖南", And((MatchAll(), Not(Field("province", "湖南", "湖南"))))),
    ("NOT 巡视", And((MatchAll(), Not(T("巡视"))))),
    ("http://x.cn", T("http://x.cn")),  # unknown field names are literal text
    ("", MatchAll()),
    ("   ", MatchAll()),
])
def test_parses(raw, root):
    assert parse_query(raw).root == root


def test_positive_terms_for_highlighting():
    assert parse_query("八项规定 OR (整改 NOT 巡视) -党").terms == ["八项规定", "整改"]


@pytest.mark.parametrize(("raw", "fragment"), [
    ('"八项规定', "引号不成对"),
    ("(党建 OR 党风", "缺少右括号"),
    ("党建 OR 党风)", "多了一个右括号"),
    ("OR 党建", "OR"),
    ("党建 OR", "OR"),
    ("党建 OR OR 党风", "OR"),
    ("NOT", "NOT"),
    ("整改 NOT", "NOT"),
    ("AND 党建", "AND"),
    ("( )", "缺少检索词"),
    ('""', "不能为空"),
    ("year:19", "年份"),
    ("province:", "缺少取值"),
    ("x" * (MAX_QUERY_CHARS + 1), "过长"),
    (" ".join(["词"] * 65), "过多"),
    ("( " * 17 + "党" + " )" * 17, "嵌套"),
    ("党\x00建", "控制字符"),
])
def test_malformed_queries_get_clear_messages(raw, fragment):
    with pytest.raises(QueryError) as info:
        parse_query(raw)
    assert fragment in str(info.value)
    assert info.value.to_dict()["message"] == str(info.value)
