"""Date mentions: every shape the notices use, as hand-written samples."""

from __future__ import annotations

import pytest

from indexer.dates import find_dates, is_date_line, parse_date, signature_date, url_date


def mentions(text: str, year: int | None = None) -> list[tuple[str, str, bool, bool]]:
    """(matched text, iso, year_given, status) for every mention, left to right."""
    return [(text[m.start:m.end], m.iso, m.year_given, m.status) for m in find_dates(text, year)]


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        pytest.param("2021年11月8日", None, [("2021年11月8日", "2021-11-08", True, False)],
                     id="cn-full"),
        pytest.param("2022-07-01 10:07:39", None, [("2022-07-01", "2022-07-01", True, False)],
                     id="iso-with-time"),
        pytest.param("2025年02月17日 17:21", None, [("2025年02月17日", "2025-02-17", True, False)],
                     id="cn-zero-padded-with-time"),
        pytest.param("2021/7/23", None, [("2021/7/23", "2021-07-23", True, False)], id="slashes"),
        pytest.param("2020.1.8", None, [("2020.1.8", "2020-01-08", True, False)], id="dots"),
        pytest.param("11月11日", None, [("11月11日", "", False, False)], id="no-year-unknown"),
        pytest.param("11月11日", 2024, [("11月11日", "2024-11-11", False, False)],
                     id="no-year-seeded"),
        pytest.param(
            "2019年4月1日至5月31日，省委巡视组进行了巡视。8月29日反馈",
            None,
            [("2019年4月1日", "2019-04-01", True, False),
             ("5月31日", "2019-05-31", False, False),
             ("8月29日", "2019-08-29", False, False)],
            id="year-inherited-forward",
        ),
        pytest.param(
            "2016年12月5日，2017年1月6日至9日",
            None,
            [("2016年12月5日", "2016-12-05", True, False),
             ("2017年1月6日", "2017-01-06", True, False),
             ("9日", "2017-01-09", False, False)],
            id="later-year-wins-and-bare-day-closes-range",
        ),
        pytest.param("2022年7月至2022年8月", None,
                     [("2022年7月", "2022-07", True, False), ("2022年8月", "2022-08", True, False)],
                     id="month-only-range"),
        pytest.param("8月下旬至9月底", 2023,
                     [("8月下旬", "2023-08", False, False), ("9月底", "2023-09", False, False)],
                     id="month-parts"),
        pytest.param("截至2025年6月30日，已完成整改", None,
                     [("2025年6月30日", "2025-06-30", True, True)], id="status-jiezhi"),
        pytest.param("截止2021年5月底", None, [("2021年5月底", "2021-05", True, True)],
                     id="status-jiezhi-variant"),
        pytest.param("2021年2月30日", None, [], id="impossible-day"),
        pytest.param("2021年13月1日", None, [], id="impossible-month"),
        pytest.param("2020年2月29日", None, [("2020年2月29日", "2020-02-29", True, False)],
                     id="leap-day"),
        pytest.param("联系电话：0335-3926091（8:30-17:30）", None, [], id="phone-not-date"),
        pytest.param("违规使用资金6.12亿元，共计202起", None, [], id="amounts-not-dates"),
        pytest.param("12:42:06来源:", None, [], id="clock-time-only"),
        pytest.param("更新时间:2025-04-10浏览次数:", None,
                     [("2025-04-10", "2025-04-10", True, False)], id="glued-field"),
    ],
)
def test_find_dates(text: str, year: int | None, expected: list[tuple[str, str, bool, bool]]):
    assert mentions(text, year) == expected


def restored(text: str, year: int | None = None) -> list[tuple[str, str, bool]]:
    """(matched text, iso, rebuilt) for every mention."""
    return [(text[m.start:m.end], m.iso, m.rebuilt) for m in find_dates(text, year)]


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        pytest.param("2024717日至830日", None,
                     [("2024717日", "2024-07-17", True), ("830日", "2024-08-30", True)],
                     id="year-month-lost-range"),
        pytest.param("914日反馈", 2024, [("914日", "2024-09-14", True)], id="month-lost-yearless"),
        pytest.param("2024年717日", None, [("2024年717日", "2024-07-17", True)],
                     id="month-lost"),
        pytest.param("20247月17日", None, [("20247月17日", "2024-07-17", True)], id="year-lost"),
        pytest.param("20241015日", None, [("20241015日", "2024-10-15", True)],
                     id="two-digit-month"),
        pytest.param("2023年1112日", None, [("2023年1112日", "2023-11-12", True)],
                     id="only-one-split-is-valid"),
        # 1月11日 or 11月1日: a date was there, but which one cannot be told
        pytest.param("2024111日", None, [("2024111日", "", True)], id="ambiguous"),
        pytest.param("2024年230日", None, [("2024年230日", "", True)],
                     id="no-valid-split"),  # 2月30日 and 23月0日 do not exist
        pytest.param("历时120日完成整改", None, [], id="count-of-days"),
        pytest.param("120日内完成整改", None, [], id="within-days"),
        pytest.param("第101号文件", None, [], id="numbered-document"),
        pytest.param("2021年11月8日", None, [("2021年11月8日", "2021-11-08", False)],
                     id="intact-date-not-rebuilt"),
    ],
)
def test_damaged_dates(text: str, year: int | None, expected: list[tuple[str, str, bool]]):
    """Issue 10 §1.5: 年/月 lost in scraping are restored only when there is no choice."""
    assert restored(text, year) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("发布时间:2021-07-28 09:13:53", "2021-07-28", id="iso"),
        pytest.param("2025年02月17日 17:21", "2025-02-17", id="cn"),
        pytest.param("8月29日", "", id="yearless-is-not-a-date"),
        pytest.param("2022年7月", "2022-07", id="month-only"),
        pytest.param("暂无", "", id="none"),
    ],
)
def test_parse_date(text: str, expected: str):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("2020年1月8日", "2020-01-08", id="cn"),
        pytest.param("2017年12月21日", "2017-12-21", id="cn-two-digit"),
        pytest.param("二〇二〇年一月八日", "2020-01-08", id="cn-numerals"),
        pytest.param("二〇二一年十二月三十一日", "2021-12-31", id="cn-numerals-tens"),
        pytest.param("二○二一年十月二十日", "2021-10-20", id="cn-numerals-circle-zero"),
        pytest.param("二〇二一年二月三十日", "", id="cn-numerals-impossible"),
        pytest.param("2021-08-30", "2021-08-30", id="iso"),
        pytest.param("中共某某县委 2021年8月30日", "2021-08-30", id="org-and-date"),
    ],
)
def test_signature_date(line: str, expected: str):
    assert signature_date(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("2020年1月8日", True, id="cn"),
        pytest.param("2021年 8月 30日", True, id="cn-spaced"),
        pytest.param("（2021年8月30日）", True, id="parenthesised"),
        pytest.param("2021-08-30", True, id="iso"),
        pytest.param("二〇二〇年一月八日", True, id="cn-numerals"),
        pytest.param("2022-07-01 10:07:39", False, id="posting-stamp-has-time"),
        pytest.param("2021年8月", False, id="month-only"),
        pytest.param("8月30日", False, id="no-year"),
        pytest.param("截至2025年6月30日", False, id="status-phrase"),
        pytest.param("2021年8月30日召开专题会议", False, id="sentence"),
    ],
)
def test_is_date_line(line: str, expected: bool):
    assert is_date_line(line) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://www.example.gov.cn/c/2023-01-29/5521.html", "2023-01-29",
                     id="dashed"),
        pytest.param("http://www.example.gov.cn/2022062385508.html", "2022-06-23",
                     id="compact-before-id"),
        pytest.param("http://www.example.gov.cn/art/2021/8/30/art_1.html", "2021-08-30",
                     id="slashed"),
        pytest.param("http://www.example.gov.cn/202206/23/abc.html", "2022-06-23",
                     id="month-folder"),
        pytest.param("http://www.example.gov.cn/xxgk/2022/0623/1.html", "2022-06-23",
                     id="year-folder"),
        pytest.param("http://www.example.gov.cn/t20220623_12345.html", "2022-06-23", id="t-stamp"),
        pytest.param("http://2019.example.gov.cn/index.html", "", id="host-not-read"),
        pytest.param("http://www.example.gov.cn/20231234.html", "", id="impossible"),
        pytest.param("http://www.example.gov.cn/1234567.html", "", id="plain-id"),
        pytest.param("", "", id="empty"),
    ],
)
def test_url_date(url: str, expected: str):
    assert url_date(url) == expected
