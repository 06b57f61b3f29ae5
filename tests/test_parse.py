"""The parser on small hand-written notices: one per numbering style and per trap.

Each case asserts whole outputs: the metadata fields it is about, and the complete
list of paragraphs as (kind, level, section_path, text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.model import NotANotice, Notice, SourceDoc
from indexer.parse import parse_notice

Row = tuple[str, int, list[str], str]

TITLE = "中共某某县财政局党组关于巡察整改情况的通报"
PREAMBLE = ("根据县委统一部署，县委第二巡察组于2021年3月1日至4月30日对县财政局党组进行了巡察，"
            "5月20日反馈了巡察意见。")


def parse(text: str, origin: str = "sample.txt", **kw: Any) -> Notice:
    return parse_notice(SourceDoc(origin=origin, text=text, **kw))


def rows(notice: Notice) -> list[Row]:
    return [(p.kind, p.depth, p.section_path, p.text) for p in notice.paragraphs]


def H(level: int, text: str, *path: str) -> Row:
    return ("heading", level, list(path), text)


def B(text: str, *path: str) -> Row:
    return ("body", 0, list(path), text)


def C(text: str) -> Row:
    return ("closing", 0, [], text)


def doc(*lines: str) -> str:
    """A notice with the standard title and preamble above ``lines``."""
    return "\n".join([TITLE, PREAMBLE, *lines])


@dataclass
class Case:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    paras: list[Row] | None = None
    given: dict[str, str] = field(default_factory=dict)
    page: dict[str, str] = field(default_factory=dict)


def check(case: Case) -> None:
    notice = parse(case.text, given=case.given, page=case.page)
    metadata = notice.metadata()
    assert {k: metadata[k] for k in case.meta} == case.meta
    if case.paras is not None:
        assert rows(notice) == case.paras


# --- numbering styles --------------------------------------------------------------

ONE = "一、整改工作开展情况"
# A long run-in heading (over 50 characters): a summary sentence before 一是… measures.
LONG_PROBLEM = ("（2）针对干部队伍中存在的担当作为不够、推动落实不力、纪律观念淡薄、"
                "工作作风漂浮的问题，局党组坚决加强干部管理和纪律教育。")

NUMBERING = {
    "ladder-fullwidth": Case(
        doc("一、整改落实情况",
            "（一）关于党的建设方面",
            "1.关于“学习不深入”的问题",
            "（1）中心组学习流于形式的问题",
            "整改情况：已制定学习计划，全年开展集中学习12次。"),
        paras=[
            B(PREAMBLE),
            H(1, "一、整改落实情况"),
            H(2, "（一）关于党的建设方面", "一、整改落实情况"),
            H(3, "1.关于“学习不深入”的问题", "一、整改落实情况", "（一）关于党的建设方面"),
            H(4, "（1）中心组学习流于形式的问题",
              "一、整改落实情况", "（一）关于党的建设方面", "1.关于“学习不深入”的问题"),
            B("整改情况：已制定学习计划，全年开展集中学习12次。",
              "一、整改落实情况", "（一）关于党的建设方面", "1.关于“学习不深入”的问题",
              "（1）中心组学习流于形式的问题"),
        ],
    ),
    "ladder-halfwidth": Case(
        doc("一、整改落实情况",
            "(一)关于党的建设方面",
            "1、关于“学习不深入”的问题",
            "(1)中心组学习不规范",
            "整改情况:已完成。",
            "2．关于“制度不健全”的问题",
            "(2)制度执行不严格",
            "整改情况:已完成。"),
        paras=[
            B(PREAMBLE),
            H(1, "一、整改落实情况"),
            H(2, "(一)关于党的建设方面", "一、整改落实情况"),
            H(3, "1、关于“学习不深入”的问题", "一、整改落实情况", "(一)关于党的建设方面"),
            H(4, "(1)中心组学习不规范",
              "一、整改落实情况", "(一)关于党的建设方面", "1、关于“学习不深入”的问题"),
            B("整改情况:已完成。", "一、整改落实情况", "(一)关于党的建设方面",
              "1、关于“学习不深入”的问题", "(1)中心组学习不规范"),
            H(3, "2．关于“制度不健全”的问题", "一、整改落实情况", "(一)关于党的建设方面"),
            H(4, "(2)制度执行不严格",
              "一、整改落实情况", "(一)关于党的建设方面", "2．关于“制度不健全”的问题"),
            B("整改情况:已完成。", "一、整改落实情况", "(一)关于党的建设方面",
              "2．关于“制度不健全”的问题", "(2)制度执行不严格"),
        ],
    ),
    "arabic-dot-comma-fullwidth-dot": Case(
        doc(ONE, "1.学习不深入的问题", "2、制度不健全的问题", "3．监督不到位的问题"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            H(2, "1.学习不深入的问题", ONE),
            H(2, "2、制度不健全的问题", ONE),
            H(2, "3．监督不到位的问题", ONE),
        ],
    ),
    "question-n": Case(
        doc("一、巡察反馈问题整改情况",
            "问题1：理论学习不深入。",
            "整改情况：已建立学习制度，开展专题学习8次。",
            "问题2：财务管理不规范。",
            "整改情况：已完成财务制度修订。"),
        paras=[
            B(PREAMBLE),
            H(1, "一、巡察反馈问题整改情况"),
            H(2, "问题1：理论学习不深入。", "一、巡察反馈问题整改情况"),
            B("整改情况：已建立学习制度，开展专题学习8次。",
              "一、巡察反馈问题整改情况", "问题1：理论学习不深入。"),
            H(2, "问题2：财务管理不规范。", "一、巡察反馈问题整改情况"),
            B("整改情况：已完成财务制度修订。",
              "一、巡察反馈问题整改情况", "问题2：财务管理不规范。"),
        ],
    ),
    "lost-opening-bracket": Case(
        doc(ONE, "一)党的建设方面", "1)学习不深入的问题", "二)作风建设方面", "1)文山会海的问题"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            H(2, "一)党的建设方面", ONE),
            H(3, "1)学习不深入的问题", ONE, "一)党的建设方面"),
            H(2, "二)作风建设方面", ONE),
            H(3, "1)文山会海的问题", ONE, "二)作风建设方面"),
        ],
    ),
    "starts-at-second-level": Case(
        doc("（一）党的建设方面",
            "1.关于“学习不深入”的问题",
            "整改情况：开展专题学习8次。",
            "（二）作风建设方面",
            "1.关于“文山会海”的问题",
            "整改情况：发文数量同比减少三成。"),
        paras=[
            B(PREAMBLE),
            H(1, "（一）党的建设方面"),
            H(2, "1.关于“学习不深入”的问题", "（一）党的建设方面"),
            B("整改情况：开展专题学习8次。", "（一）党的建设方面", "1.关于“学习不深入”的问题"),
            H(1, "（二）作风建设方面"),
            H(2, "1.关于“文山会海”的问题", "（二）作风建设方面"),
            B("整改情况：发文数量同比减少三成。", "（二）作风建设方面", "1.关于“文山会海”的问题"),
        ],
    ),
    "run-in-heading": Case(
        doc(ONE,
            "（一）提高思想认识,主动认领问题。巡察意见反馈会后,局党组立即召开专题会议研究部署。",
            "（二）强化组织领导,压实整改责任。成立整改工作领导小组,由党组书记任组长。"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            H(2, "（一）提高思想认识,主动认领问题。", ONE),
            B("巡察意见反馈会后,局党组立即召开专题会议研究部署。",
              ONE, "（一）提高思想认识,主动认领问题。"),
            H(2, "（二）强化组织领导,压实整改责任。", ONE),
            B("成立整改工作领导小组,由党组书记任组长。", ONE, "（二）强化组织领导,压实整改责任。"),
        ],
    ),
    "quoted-problem-heading": Case(
        doc(ONE,
            "1.关于“学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神不够到位，"
            "理论学习中心组学习流于形式”的问题",
            "整改情况：已制定学习计划。",
            "2.关于“选人用人不规范”的问题。",
            "整改情况：已完成。"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            H(2, "1.关于“学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神不够到位，"
                 "理论学习中心组学习流于形式”的问题", ONE),
            B("整改情况：已制定学习计划。", ONE,
              "1.关于“学习贯彻习近平新时代中国特色社会主义思想和党的十九大精神不够到位，"
              "理论学习中心组学习流于形式”的问题"),
            H(2, "2.关于“选人用人不规范”的问题。", ONE),
            B("整改情况：已完成。", ONE, "2.关于“选人用人不规范”的问题。"),
        ],
    ),
    "yishi-runs-are-body": Case(
        doc(ONE,
            "一是提高政治站位，把整改作为重要政治任务。二是加强组织领导，成立领导小组。",
            "二是另起一行的情况也是正文。",
            "（二）一是健全制度。二是狠抓落实。"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            B("一是提高政治站位，把整改作为重要政治任务。二是加强组织领导，成立领导小组。", ONE),
            B("二是另起一行的情况也是正文。", ONE),
            B("（二）一是健全制度。二是狠抓落实。", ONE),
        ],
    ),
    "numbered-problem-then-yishi-on-one-line": Case(
        doc(ONE,
            "（1）关于“学习不深入”的问题。一是建立学习制度；二是开展专题学习8次。",
            LONG_PROBLEM + "一是开展谈话提醒。"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            H(2, "（1）关于“学习不深入”的问题。", ONE),
            B("一是建立学习制度；二是开展专题学习8次。", ONE, "（1）关于“学习不深入”的问题。"),
            H(2, LONG_PROBLEM, ONE),
            B("一是开展谈话提醒。", ONE, LONG_PROBLEM),
        ],
    ),
    "label-lines-belong-to-problem": Case(
        doc(ONE,
            "1.关于“制度不健全”的问题",
            "整改情况：",
            "修订完善财务管理制度5项。",
            "完成情况：已完成"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            H(2, "1.关于“制度不健全”的问题", ONE),
            B("整改情况：", ONE, "1.关于“制度不健全”的问题"),
            B("修订完善财务管理制度5项。", ONE, "1.关于“制度不健全”的问题"),
            B("完成情况：已完成", ONE, "1.关于“制度不健全”的问题"),
        ],
    ),
    "numbered-action-sentences-are-body": Case(
        doc(ONE,
            "1.针对理论学习不深入问题，局党组按照县委要求，制定了年度学习计划，开展集中学习12次。"
            "中心组成员撰写心得体会30篇。",
            "2.针对财务管理不规范问题，局党组修订了财务管理制度，对近三年的账目进行了全面清理。"
            "共清退违规发放的补贴2万元。"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            B("1.针对理论学习不深入问题，局党组按照县委要求，制定了年度学习计划，开展集中学习12次。"
              "中心组成员撰写心得体会30篇。", ONE),
            B("2.针对财务管理不规范问题，局党组修订了财务管理制度，对近三年的账目进行了全面清理。"
              "共清退违规发放的补贴2万元。", ONE),
        ],
    ),
    "status-marked-problem-heading": Case(
        doc(ONE, "(1)针对巡察组指出的“财务管理不规范”问题。(已完成)", "整改措施及成效:已完成。"),
        paras=[
            B(PREAMBLE), H(1, ONE),
            H(2, "(1)针对巡察组指出的“财务管理不规范”问题。(已完成)", ONE),
            B("整改措施及成效:已完成。", ONE, "(1)针对巡察组指出的“财务管理不规范”问题。(已完成)"),
        ],
    ),
}


@pytest.mark.parametrize("case", NUMBERING.values(), ids=NUMBERING.keys())
def test_numbering_styles(case: Case):
    check(case)


# --- titles --------------------------------------------------------------------------

BODY = [B(PREAMBLE), H(1, ONE), B("局党组召开专题会议研究部署整改工作。", ONE)]
TAIL = "\n".join([PREAMBLE, ONE, "局党组召开专题会议研究部署整改工作。"])

TITLES = {
    # no title: the issuer is the unit the opening says was inspected (县财政局党组)
    "missing": Case(TAIL, {"title": "", "issuer": "县财政局党组"}, BODY),
    "repeated-breadcrumb-table-heading": Case(
        "当前位置：首页 > 巡察工作 > 中共某某县财政局党组关于巡察整改情况的通报\n"
        "标题：中共某某县财政局党组关于巡察整改情况的通报\n"
        "索引号：11430100/2021-00123 发布机构：中共某某县财政局党组 成文日期：2021-08-30\n"
        "中共某某县财政局党组关于巡察整改情况的通报\n" + TAIL,
        {"title": TITLE, "issuer": "中共某某县财政局党组", "published_date": "2021-08-30"},
        BODY,
    ),
    "repeated-twice-in-text": Case(
        TITLE + "\n" + TITLE + "\n" + TAIL, {"title": TITLE}, BODY),
    "wrapped-after-guanyu": Case(
        "中共某某县财政局党组关于巡察\n整改情况的通报\n" + TAIL, {"title": TITLE}, BODY),
    "wrapped-before-guanyu": Case(
        "中共某某县财政局党组\n关于巡察整改情况的通报\n" + TAIL,
        {"title": TITLE, "issuer": "中共某某县财政局党组"}, BODY),
    "channel-name-not-glued": Case(
        "巡视巡察\n" + TITLE + "\n" + TAIL, {"title": TITLE}, BODY),
    "stray-space": Case(
        "中共某某县财政局党组 关于巡察整改情况的通报\n" + TAIL,
        {"title": TITLE, "issuer": "中共某某县财政局党组"}, BODY),
    "date-on-title-line": Case(
        TITLE + " 2026-02-13\n" + TAIL,
        # the page's posting date: the published date when no signature gives one
        {"title": TITLE, "published_date": "2026-02-13", "posted_date": "",
         "year": 2026, "year_basis": "published"},
        BODY,
    ),
    "date-on-title-line-and-signature": Case(
        TITLE + "（2021-09-02）\n" + TAIL + "\n中共某某县财政局党组\n2021年8月30日",
        {"title": TITLE, "published_date": "2021-08-30", "posted_date": "2021-09-02"},
    ),
    "date-line-under-title": Case(
        TITLE + "\n（2021年9月2日）\n" + TAIL,
        {"title": TITLE, "published_date": "2021-09-02", "posted_date": ""}, BODY),
    "tag-prefix": Case(
        "【巡察整改】" + TITLE + "\n" + TAIL,
        {"title": TITLE, "issuer": "中共某某县财政局党组"}, BODY),
    "genre-baogao": Case(
        "中共某某县财政局党组关于巡察整改情况的报告\n" + TAIL,
        {"title": "中共某某县财政局党组关于巡察整改情况的报告",
         "issuer": "中共某某县财政局党组"}, BODY),
    "crawler-title-wins": Case(
        TAIL, {"title": "中共某某县财政局党组关于巡察整改进展情况的通报"},
        BODY, given={"title": "【公告】中共某某县财政局党组关于巡察整改进展情况的通报"}),
    "page-title-when-text-has-none": Case(
        TAIL, {"title": TITLE}, BODY, page={"title": TITLE + "_某某县纪委监委网站"}),
}


@pytest.mark.parametrize("case", TITLES.values(), ids=TITLES.keys())
def test_title_traps(case: Case):
    check(case)


# --- dates ---------------------------------------------------------------------------

DATES = {
    "cn-full": Case(
        TITLE + "\n根据县委统一部署，2021年9月6日至10月29日，县委第三巡察组对县财政局党组"
        "进行了巡察。2021年11月8日，县委巡察组向县财政局党组反馈了巡察意见。\n"
        + ONE + "\n局党组召开专题会议。",
        {"inspection_start": "2021-09-06", "inspection_end": "2021-10-29",
         "feedback_date": "2021-11-08", "published_date": "", "year": 2021,
         "year_basis": "feedback"},
    ),
    "iso-datetime-furniture": Case(
        TITLE + "\n发布时间：2022-07-01 10:07:39\n" + TAIL,
        {"published_date": "2022-07-01", "posted_date": "", "year": 2022,
         "year_basis": "published"},
        BODY,
    ),
    "cn-datetime-stamp-and-signature": Case(
        TITLE + "\n2025年02月17日 17:21\n" + TAIL + "\n中共某某县财政局党组\n2025年2月14日",
        {"published_date": "2025-02-14", "posted_date": "2025-02-17", "year": 2025},
        [*BODY, C("中共某某县财政局党组"), C("2025年2月14日")],
    ),
    "no-year-inherits": Case(
        TITLE + "\n根据省委统一部署，2019年4月1日至5月31日，省委第八巡视组对某某县进行了巡视。"
        "8月29日，省委巡视组向县委反馈了巡视意见。\n" + ONE + "\n县委召开专题会议。",
        {"inspection_start": "2019-04-01", "inspection_end": "2019-05-31",
         "feedback_date": "2019-08-29"},
    ),
    "month-only": Case(
        TITLE + "\n根据县委统一部署，2022年7月至2022年8月，县委第二巡察组对县财政局党组进行了巡察。"
        "2022年10月，县委巡察组向县财政局党组反馈了巡察意见。\n" + ONE + "\n局党组召开专题会议。",
        {"inspection_start": "2022-07", "inspection_end": "2022-08", "feedback_date": "2022-10"},
    ),
    "month-parts-year-from-before": Case(
        TITLE + "\n2023年，根据县委统一部署，县委第二巡察组于8月下旬至9月底对县财政局党组"
        "进行了巡察，11月11日反馈了巡察意见。\n" + ONE + "\n局党组召开专题会议。",
        {"inspection_start": "2023-08", "inspection_end": "2023-09",
         "feedback_date": "2023-11-11", "year": 2023, "year_basis": "feedback"},
    ),
    "glued-fields": Case(
        TITLE + "\n发布时间：2022-07-01 12:42:06来源：某某县纪委监委\n"
        "更新时间:2025-04-10浏览次数:\n" + TAIL,
        {"posted_date": "", "published_date": "2022-07-01", "source": "某某县纪委监委"},
        BODY,
    ),
    "status-dates-are-not-metadata": Case(
        TITLE + "\n根据县委统一部署，县委第二巡察组于2025年3月1日至4月30日对县财政局党组"
        "进行了巡察。截至2025年6月30日，反馈的12个问题已完成整改10个。\n" + ONE
        + "\n局党组于2025年5月20日召开专题会议，2016年7月1日实现了24小时供水。",
        {"inspection_start": "2025-03-01", "inspection_end": "2025-04-30", "feedback_date": "",
         "published_date": "", "year": 2025, "year_basis": "inspection"},
    ),
    "crawler-published-wins": Case(
        TAIL + "\n中共某某县财政局党组\n2021年8月30日",
        {"published_date": "2021-09-01", "year": 2021, "year_basis": "published"},
        given={"published": "2021-09-01 08:00"},
    ),
}


@pytest.mark.parametrize("case", DATES.values(), ids=DATES.keys())
def test_date_traps(case: Case):
    check(case)


# --- issuers, regions, kinds, flags ------------------------------------------------------

ISSUERS = {
    "weiyuanhui-from-signature": Case(
        "根据市委统一部署，市委第一巡察组于2017年5月15日至6月30日对大鹏新区党工委开展了巡察，"
        "9月5日反馈了巡察意见。\n" + ONE + "\n新区党工委召开专题会议研究部署整改工作。\n"
        "中共深圳市大鹏新区工作委员会\n2017年12月21日",
        {"title": "", "issuer": "中共深圳市大鹏新区工作委员会", "province": "广东省",
         "city": "深圳市", "county": "大鹏新区", "level": "county", "published_date": "2017-12-21"},
    ),
    "dangzu": Case(
        "中共岳阳市司法局党组关于巡察整改情况的通报\n" + TAIL,
        {"issuer": "中共岳阳市司法局党组", "province": "湖南省", "city": "岳阳市", "county": "",
         "level": "prefecture"},
    ),
    "dangwei": Case(
        "中共某某县公安局党委关于巡察整改情况的通报\n" + TAIL, {"issuer": "中共某某县公安局党委"}),
    "gongwei": Case(
        "中共某某县直属机关工委关于巡察整改情况的通报\n" + TAIL,
        {"issuer": "中共某某县直属机关工委"}),
    "abbreviation-names-no-place": Case(
        "根据市委统一部署，2021年4月至5月，市委第三巡察组对市市场监管局党组开展了巡察。"
        "7月6日，市委巡察组向市市场监管局党组反馈了巡察意见。\n" + ONE + "\n局党组召开专题会议。",
        # no place, but a 市委 team inspects prefecture-level bodies (issue 10 §1.2)
        {"issuer": "市市场监管局党组", "province": "", "city": "", "county": "",
         "region_source": "", "level": "prefecture", "level_source": "inspector",
         "inspector": "市委第三巡察组", "feedback_date": "2021-07-06"},
    ),
    "yixiajiancheng-central": Case(
        "根据中央统一部署，2020年5月至7月，中央第三巡视组对自然资源部党组进行了常规巡视。"
        "2020年9月5日，中央巡视组向自然资源部党组（以下简称部党组）反馈了巡视意见。\n"
        "一、部党组高度重视巡视整改工作\n部党组召开专题会议研究部署整改工作。",
        {"issuer": "自然资源部党组", "province": "", "level": "central", "inspection_kind": "巡视",
         "inspector": "中央第三巡视组", "inspection_start": "2020-05", "inspection_end": "2020-07",
         "feedback_date": "2020-09-05"},
    ),
    "central-team-provincial-issuer": Case(
        "中共湖南省委关于巡视整改进展情况的通报\n根据中央统一部署，中央第三巡视组于2021年5月10日至"
        "7月10日对湖南省进行了巡视。\n" + ONE + "\n省委召开专题会议。",
        {"issuer": "中共湖南省委", "province": "湖南省", "city": "", "level": "provincial",
         "inspector": "中央第三巡视组"},
    ),
    "first-person-without-signature": Case(
        "根据县委统一部署，县委第二巡察组于2021年4月6日至5月28日对我局党组进行了巡察，"
        "并于7月6日向我局党组反馈了巡察意见。\n" + ONE + "\n我单位召开专题会议研究部署整改工作。",
        {"issuer": "", "province": "", "feedback_date": "2021-07-06"},
    ),
    "first-person-with-signature": Case(
        "根据县委统一部署，县委第二巡察组于2021年4月6日至5月28日对我局党组进行了巡察，"
        "并于7月6日向我局党组反馈了巡察意见。\n" + ONE + "\n我单位召开专题会议研究部署整改工作。\n"
        "中共汨罗市教育局党组\n2021年10月8日",
        {"issuer": "中共汨罗市教育局党组", "province": "湖南省", "city": "岳阳市",
         "county": "汨罗市", "published_date": "2021-10-08"},
    ),
    "place-named-only-in-issuer": Case(
        "中共浏阳市委关于巡视整改进展情况的通报\n根据省委统一部署，2019年4月1日至5月31日，"
        "省委第八巡视组对我市进行了巡视。8月29日，省委巡视组向市委反馈了巡视意见。\n"
        + ONE + "\n市委召开专题会议研究部署整改工作。",
        {"issuer": "中共浏阳市委", "province": "湖南省", "city": "长沙市", "county": "浏阳市",
         "region_code": "430181", "level": "county"},
    ),
    "feedback-target-when-no-title-or-signature": Case(
        "根据省委统一部署，2019年4月1日至5月31日，省委第八巡视组对汨罗市进行了巡视。"
        "8月29日，省委巡视组向汨罗市委反馈了巡视意见。\n" + ONE + "\n市委召开专题会议。",
        {"issuer": "汨罗市委", "province": "湖南省", "city": "岳阳市", "county": "汨罗市"},
    ),
    "publisher-from-metadata-table": Case(
        "发布机构：中共某某县财政局党组\n" + TAIL, {"issuer": "中共某某县财政局党组"}),
    "former-region": Case(
        "中共杭州市上城区委关于巡视整改进展情况(原江干区部分)的通报\n"
        + PREAMBLE.replace("县", "区") + "\n" + ONE + "\n区委召开专题会议。",
        {"county": "上城区", "former_region": "江干区"},
    ),
    "yuanze-is-not-a-former-region": Case(
        "中共汨罗市委关于巡视整改进展情况的通报\n根据省委统一部署，省委第八巡视组于2019年4月1日至"
        "5月31日对汨罗市进行了巡视，原则上汨罗市各部门均须整改。\n" + ONE + "\n市委召开专题会议。",
        {"county": "汨罗市", "former_region": ""},
    ),
}

KINDS = {
    "huitoukan": Case(
        "中共某某市委关于巡视“回头看”整改情况的通报\n根据省委统一部署，2016年8月22日至9月29日，"
        "省委第十六巡视组对某某市进行了巡视“回头看”。\n" + ONE + "\n市委召开专题会议。",
        {"inspection_kind": "巡视", "flags": ["回头看"], "inspector": "省委第十六巡视组"},
    ),
    "zhuanxiang": Case(
        "根据县委统一部署，县委第一专项巡察组于2022年3月1日至4月15日对县医保局党组开展了专项巡察。"
        "\n" + ONE + "\n局党组召开专题会议。",
        {"inspection_kind": "巡察", "flags": ["专项"], "inspector": "县委第一专项巡察组"},
    ),
    "jidong": Case(
        "根据县委统一部署，县委第三巡察组于2022年3月1日至3月31日对县住建局党组开展了机动巡察。"
        "\n" + ONE + "\n局党组召开专题会议。",
        {"inspection_kind": "巡察", "flags": ["机动"], "inspector": "县委第三巡察组"},
    ),
    "tiji": Case(
        "根据市委统一部署，市委第二巡察组于2022年3月1日至4月30日对某某村党支部开展了提级巡察。"
        "\n" + ONE + "\n村党支部召开专题会议。",
        {"inspection_kind": "巡察", "flags": ["提级"], "inspector": "市委第二巡察组"},
    ),
    "round-with-session": Case(
        "中共某某市委关于十四届省委第十一轮巡视整改进展情况的通报\n" + TAIL.replace("巡察", "巡视"),
        {"inspection_kind": "巡视", "round": "十四届省委第十一轮"},
    ),
    "round-without-session": Case(
        "根据县委第三轮巡察工作安排，县委第二巡察组于2021年3月1日至4月30日对县财政局党组进行了巡察。"
        "\n" + ONE + "\n局党组召开专题会议。",
        {"inspection_kind": "巡察", "round": "县委第三轮"},
    ),
    "kind-from-title-when-no-team": Case(
        "中共某某县财政局党组关于巡察整改情况的通报\n根据县委统一部署，县里对县财政局党组进行了"
        "常规巡察并反馈了意见。\n" + ONE + "\n局党组召开专题会议。",
        {"inspection_kind": "巡察", "inspector": ""},
    ),
    "generic-team-name": Case(
        "根据县委统一部署，县委巡察组对县财政局党组进行了常规巡察并反馈了意见。\n" + ONE
        + "\n局党组召开专题会议研究部署整改工作。",
        {"inspection_kind": "巡察", "inspector": "县委巡察组"},
    ),
    "numbered-team-preferred-to-generic": Case(
        "根据省委统一部署，省委巡视组于2021年5月10日进驻某某市，省委第三巡视组对某某市开展了巡视。\n"
        + ONE + "\n市委召开专题会议研究部署整改工作。",
        {"inspection_kind": "巡视", "inspector": "省委第三巡视组"},
    ),
    "year-from-inspection-only": Case(
        "根据县委统一部署，县委第二巡察组于2021年3月1日至4月30日对县财政局党组进行了巡察。\n"
        + ONE + "\n局党组召开专题会议研究部署整改工作。",
        {"feedback_date": "", "published_date": "", "year": 2021, "year_basis": "inspection"},
    ),
}


@pytest.mark.parametrize("case", ISSUERS.values(), ids=ISSUERS.keys())
def test_issuer_traps(case: Case):
    check(case)


@pytest.mark.parametrize("case", KINDS.values(), ids=KINDS.keys())
def test_kind_flags_round_year(case: Case):
    check(case)


# --- characters ----------------------------------------------------------------------

CHARACTERS = {
    "mixed-width": Case(
        doc("一、整改落实情况",
            "(一)关于党的建设方面",
            "1.关于“学习不深入”的问题",
            "整改情况：已完成。",
            "（二）关于作风建设方面",
            "2．关于“文山会海”的问题",
            "整改情况:已完成。"),
        paras=[
            B(PREAMBLE),
            H(1, "一、整改落实情况"),
            H(2, "(一)关于党的建设方面", "一、整改落实情况"),
            H(3, "1.关于“学习不深入”的问题", "一、整改落实情况", "(一)关于党的建设方面"),
            B("整改情况：已完成。",
              "一、整改落实情况", "(一)关于党的建设方面", "1.关于“学习不深入”的问题"),
            H(2, "（二）关于作风建设方面", "一、整改落实情况"),
            H(3, "2．关于“文山会海”的问题", "一、整改落实情况", "（二）关于作风建设方面"),
            B("整改情况:已完成。",
              "一、整改落实情况", "（二）关于作风建设方面", "2．关于“文山会海”的问题"),
        ],
    ),
    "indents-two-space-and-ideographic": Case(
        "  " + TITLE + "\n\u3000\u3000" + PREAMBLE + "\n  " + ONE
        + "\n\u3000\u3000（一）加强组织领导\n\u3000\u3000局党组召开专题会议。 \n",
        {"title": TITLE},
        [B(PREAMBLE), H(1, ONE), H(2, "（一）加强组织领导", ONE),
         B("局党组召开专题会议。", ONE, "（一）加强组织领导")],
    ),
    "cms-markup-line": Case(
        "【类型:巡察整改|标题:" + TITLE + "】\n" + TAIL, {"title": TITLE}, BODY),
    "bare-url-line": Case(
        TITLE + "\nhttp://www.example.gov.cn/art/2021/8/30/art_1.html\n" + TAIL,
        {"url": "http://www.example.gov.cn/art/2021/8/30/art_1.html"},
        BODY,
    ),
    "stray-space-inside-body-kept": Case(
        TITLE + "\n" + PREAMBLE + "\n" + ONE + "\n局党组全面落实要求, 旗帜鲜明讲政治。",
        paras=[B(PREAMBLE), H(1, ONE), B("局党组全面落实要求, 旗帜鲜明讲政治。", ONE)],
    ),
}


@pytest.mark.parametrize("case", CHARACTERS.values(), ids=CHARACTERS.keys())
def test_character_traps(case: Case):
    check(case)


# --- traditional script (issue 10 §1.4) -------------------------------------------------
# Rules match on the simplified view; titles, names and paragraphs stay as published.

T_TITLE = "中共某某縣財政局黨組關於巡察整改情況的通報"
T_PREAMBLE = ("根據縣委統一部署，縣委第二巡察組於2021年3月1日至4月30日對縣財政局黨組進行了巡察，"
              "5月20日向縣財政局黨組反饋了巡察意見。")
T_ONE = "一、整改落實情況"

TRADITIONAL = {
    "title-headings-dates": Case(
        "\n".join([T_TITLE, T_PREAMBLE, T_ONE, "（一）關於“學習不深入”的問題",
                   "整改情況：已制定學習計劃。", "1.關於財務管理不規範的問題。整改情況：已完成。"]),
        {"title": T_TITLE, "issuer": "中共某某縣財政局黨組", "inspection_kind": "巡察",
         "inspector": "縣委第二巡察組", "inspection_start": "2021-03-01",
         "inspection_end": "2021-04-30", "feedback_date": "2021-05-20"},
        [B(T_PREAMBLE), H(1, T_ONE), H(2, "（一）關於“學習不深入”的問題", T_ONE),
         B("整改情況：已制定學習計劃。", T_ONE, "（一）關於“學習不深入”的問題"),
         H(3, "1.關於財務管理不規範的問題。", T_ONE, "（一）關於“學習不深入”的問題"),
         B("整改情況：已完成。",
           T_ONE, "（一）關於“學習不深入”的問題", "1.關於財務管理不規範的問題。")],
    ),
    "furniture-signature-region": Case(
        "\n".join(["來源：汨羅市紀委監委 發佈時間：2021-09-02 10:07:39", T_PREAMBLE, T_ONE,
                   "局黨組召開專題會議研究部署整改工作。",
                   "歡迎廣大幹部群眾對巡察整改落實情況進行監督。", "中共汨羅市教育局黨組",
                   "2021年8月30日"]),
        {"source": "汨羅市紀委監委", "issuer": "中共汨羅市教育局黨組", "province": "湖南省",
         "city": "岳阳市", "county": "汨罗市", "region_source": "issuer", "level": "county",
         "published_date": "2021-08-30", "published_source": "signature",
         "posted_date": "2021-09-02"},
        [B(T_PREAMBLE), H(1, T_ONE), B("局黨組召開專題會議研究部署整改工作。", T_ONE),
         C("歡迎廣大幹部群眾對巡察整改落實情況進行監督。"), C("中共汨羅市教育局黨組"),
         C("2021年8月30日")],
    ),
    "round-flags-huitoukan": Case(
        "中共某某市委關於十四屆省委第十一輪巡視“回頭看”整改情況的通報\n"
        "根據省委統一部署，2016年8月22日至9月29日，省委第十六巡視組對某某市進行了巡視“回頭看”。\n"
        + T_ONE + "\n市委召開專題會議。",
        {"inspection_kind": "巡视", "flags": ["回头看"], "round": "十四屆省委第十一輪",
         "inspector": "省委第十六巡視組", "inspection_end": "2016-09-29"},
    ),
}


@pytest.mark.parametrize("case", TRADITIONAL.values(), ids=TRADITIONAL.keys())
def test_traditional_script(case: Case):
    check(case)


def test_traditional_without_xunshi_is_not_a_notice():
    with pytest.raises(NotANotice):
        parse("中共某某縣審計局關於審計整改情況的通報\n根據縣委統一部署，縣審計局於2021年3月1日"
              "至4月30日對縣財政局進行了審計，發現問題12個，現已全部整改到位。")


# --- furniture and closing blocks ----------------------------------------------------

FURNITURE_PAGE = "\n".join([
    "您当前的位置：首页 > 巡视巡察 > 整改通报",
    TITLE,
    "来源：某某县纪委监委  发布时间：2021-09-02 10:07:39  阅读量：2965",
    "字号：大 中 小",
    PREAMBLE,
    ONE,
    "局党组召开专题会议研究部署整改工作。",
    "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。",
    "联系电话：0731-1234567",
    "邮政信箱：某某县财政局办公室",
    "电子邮箱：czj@example.com",
    "中共某某县财政局党组",
    "2021年8月30日",
    "分享到：",
    "【打印】【关闭】",
    "扫一扫在手机打开当前页",
    "©2021 中共某某县纪律检查委员会 版权所有 湘ICP备12345678号",
])

STRUCTURE = {
    "furniture-dropped-and-harvested-closing-kept": Case(
        FURNITURE_PAGE,
        {"title": TITLE, "source": "某某县纪委监委", "published_date": "2021-08-30",
         "posted_date": "2021-09-02", "issuer": "中共某某县财政局党组"},
        [*BODY,
         C("欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。"),
         C("联系电话：0731-1234567"),
         C("邮政信箱：某某县财政局办公室"),
         C("电子邮箱：czj@example.com"),
         C("中共某某县财政局党组"),
         C("2021年8月30日")],
    ),
    "signature-on-one-line": Case(
        TAIL + "\n中共某某县财政局党组 2021年8月30日",
        {"published_date": "2021-08-30"},
        [*BODY, C("中共某某县财政局党组 2021年8月30日")],
    ),
    "signature-date-in-chinese-numerals": Case(
        TAIL + "\n中共某某县财政局党组\n二〇二一年八月三十日",
        {"published_date": "2021-08-30"},
        [*BODY, C("中共某某县财政局党组"), C("二〇二一年八月三十日")],
    ),
    "last-heading-ending-like-an-org-is-not-a-signature": Case(
        TAIL + "\n（二）强化县纪委",
        {"issuer": "县财政局党组", "published_date": ""},  # from the opening, not the heading
        [*BODY, H(2, "（二）强化县纪委", ONE)],
    ),
    "body-mentioning-phone-is-not-closing": Case(
        TAIL + "\n局党组公布了举报电话，联系电话：0731-1234567，接受群众监督。",
        {"published_date": ""},
        [*BODY, B("局党组公布了举报电话，联系电话：0731-1234567，接受群众监督。", ONE)],
    ),
}


@pytest.mark.parametrize("case", STRUCTURE.values(), ids=STRUCTURE.keys())
def test_structure_traps(case: Case):
    check(case)


# --- robustness -------------------------------------------------------------------

_SEED_LINES = sorted({
    line for path in Path(__file__).resolve().parent.parent.glob("data/notices/*.txt")
    for line in path.read_text(encoding="utf-8").split("\n")
})
_ODD_LINES = ["", "  ", "\u3000", "\ufeff", "分享到：", "1.", "一、", "（一）", "一是", "问题1：",
              "2021年", "发布时间：", "来源：", "【】", "。", "欢迎广大", "2021年8月30日",
              "中共某某县委"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SEED_LINES + _ODD_LINES), max_size=12),
       st.sampled_from(["\n", "\r\n"]))
def test_any_mix_of_lines_parses_or_is_rejected(lines: list[str], newline: str):
    """Never a crash; every paragraph is trimmed, non-empty text taken from the input."""
    text = newline.join(lines)
    try:
        notice = parse(text)
    except NotANotice:
        return
    for p in notice.paragraphs:
        assert p.text and p.text == p.text.strip()
        assert p.text in text


# --- not a notice --------------------------------------------------------------------

NOT_NOTICES = {
    "empty": "",
    "only-furniture": "\n".join([
        "当前位置：首页 > 巡视巡察",
        "来源：某某县纪委监委 发布时间：2021-07-28 09:13:53",
        "分享到：",
        "©2021 中共某某县纪律检查委员会 版权所有 湘ICP备12345678号",
    ]),
    "never-mentions-xunshi-xuncha": "\n".join([
        "中共某某县审计局关于审计整改情况的通报",
        "根据县委统一部署，县审计局于2021年3月1日至4月30日对县财政局进行了审计，发现问题12个，"
        "现已全部整改到位。",
        "一、整改工作开展情况",
        "局党组召开专题会议研究部署整改工作，逐项制定整改措施。",
    ]),
    "title-only": "巡察整改情况通报\n已整改。",
    "too-short": "县委巡察组反馈的问题已整改。\n详见附件。",
}


@pytest.mark.parametrize("text", NOT_NOTICES.values(), ids=NOT_NOTICES.keys())
def test_not_a_notice(text: str):
    with pytest.raises(NotANotice):
        parse(text)


# --- ids -----------------------------------------------------------------------------

ID_TEXT = doc(ONE, "局党组召开专题会议研究部署整改工作。", "局党组逐项制定整改措施。",
              "整改情况：已完成。", "整改情况：已完成。")


def test_editing_one_paragraph_keeps_the_other_ids():
    before = parse(ID_TEXT).paragraphs
    after = parse(ID_TEXT.replace("逐项制定整改措施", "逐项制定并落实整改措施")).paragraphs
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a.id != b.id]
    assert changed == [3]
    assert [p.text for p in before][3] == "局党组逐项制定整改措施。"


def test_repeated_identical_paragraphs_get_distinct_ids():
    paragraphs = parse(ID_TEXT).paragraphs
    repeated = [p for p in paragraphs if p.text == "整改情况：已完成。"]
    assert len(repeated) == 2
    assert repeated[0].id != repeated[1].id
    assert len({p.id for p in paragraphs}) == len(paragraphs)


def test_ids_are_short_and_url_safe():
    notice = parse(ID_TEXT)
    assert re.fullmatch(r"[a-z2-7]{10}", notice.id)
    for p in notice.paragraphs:
        assert re.fullmatch(rf"{notice.id}-[a-z2-7]{{8}}(?:-\d+)?", p.id)
        assert quote(p.id, safe="") == p.id
        assert len(p.id) <= 24


def test_ids_are_deterministic():
    assert parse(ID_TEXT).to_dict() == parse(ID_TEXT).to_dict()


def test_notice_id_follows_identity_not_content():
    """A file keeps its id when edited; another file, or a crawler URL, gets its own."""
    base = parse(ID_TEXT, origin="a.txt").id
    assert parse(ID_TEXT + "\n局党组持续抓好整改。", origin="a.txt").id == base
    assert parse(ID_TEXT, origin="b.txt").id != base
    url = {"url": "https://example.gov.cn/a.html"}
    assert parse(ID_TEXT, origin="a.txt", given=url).id == parse(
        ID_TEXT, origin="elsewhere.jsonl#row-9", given=url).id


def test_rows_without_url_are_identified_by_their_text():
    """Two rows of a JSONL file: the id follows the text, not the row number."""
    assert parse(ID_TEXT, origin="x.jsonl#row-1").id == parse(ID_TEXT, origin="y.jsonl#row-7").id
    assert parse(ID_TEXT, origin="x.jsonl#row-1").id != parse(
        ID_TEXT + "\n局党组持续抓好整改。", origin="x.jsonl#row-1").id
