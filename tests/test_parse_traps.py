"""Metadata on real-world notice shapes (issue 10 §1): one hand-written sample per trap.

Every sample is invented (real division names, so the gazetteer can resolve them; the
units and sentences are made up). Each case asserts the whole set of fields it is about,
including the evidence recorded for region and level.
"""

from __future__ import annotations

from typing import Any

import pytest

from indexer.model import SourceDoc
from indexer.parse import parse_notice

ONE = "一、整改工作开展情况"
WORK = "局党组召开专题会议研究部署整改工作，逐项制定整改措施。"


def notice(*lines: str, **kw: Any) -> dict[str, Any]:
    return parse_notice(SourceDoc(origin="sample.txt", text="\n".join(lines), **kw)).metadata()


def check(case: tuple[list[str], dict[str, Any]]) -> None:
    lines, expected = case
    meta = notice(*lines)
    assert {k: meta[k] for k in expected} == expected


NO_REGION = {"province": "", "city": "", "county": "", "region_source": ""}

# --- 1. the region from evidence beyond the issuer -----------------------------------------

REGION = {
    "issuer-beats-source-line": (
        ["来源：浙江省纪委省监委网站", "中共汨罗市委关于巡察整改情况的通报",
         "根据省委统一部署，省委第八巡视组于2021年3月1日至4月30日对汨罗市进行了巡视。", ONE, WORK],
        {"province": "湖南省", "city": "岳阳市", "county": "汨罗市", "region_source": "issuer",
         "level": "county", "level_source": "issuer"},
    ),
    "source-line-glued-to-time": (
        ["2021-02-23 12:42:06来源:岳阳市住房和城乡建设局",
         "中共市住房和城乡建设局党组关于巡察整改情况的通报",
         "根据市委统一部署，市委第二巡察组于2021年3月1日至4月30日对市住房和城乡建设局党组"
         "进行了巡察。", ONE, WORK],
        {"issuer": "中共市住房和城乡建设局党组", "province": "湖南省", "city": "岳阳市",
         "county": "", "region_source": "source", "level": "prefecture",
         "level_source": "inspector", "source": "岳阳市住房和城乡建设局"},
    ),
    "publisher-line": (
        ["发布机构：株洲市交通运输局", "根据市委统一部署，市委第一巡察组对市交通运输局党组开展了"
         "常规巡察，并反馈了巡察意见。", ONE, WORK],
        {"issuer": "株洲市交通运输局", "province": "湖南省", "city": "株洲市",
         "region_source": "issuer", "level": "prefecture", "level_source": "issuer"},
    ),
    "own-rules-of-the-city": (
        ["中共市交通运输局党组关于巡察整改情况的通报",
         "根据《中共常德市委巡察工作实施办法》，市委巡察组对市交通运输局党组开展了常规巡察。",
         ONE, WORK],
        {"province": "湖南省", "city": "常德市", "county": "", "region_source": "document",
         "level": "prefecture", "level_source": "document"},
    ),
    "own-rules-of-the-district": (
        ["根据区委统一部署，区委第三巡察组对区交通运输局党组进行了巡察。", ONE,
         "局党组修订了《雨花区交通运输局财务制度》，规范了公务接待审批。"],
        {"province": "湖南省", "city": "长沙市", "county": "雨花区",
         "region_source": "document", "level": "county", "level_source": "document"},
    ),
    "documents-of-two-provinces-say-nothing": (
        ["根据县委统一部署，县委第二巡察组对县教育局党组进行了巡察。", ONE,
         "局党组学习了《中共岳阳市委巡察工作实施办法》和《杭州市教育局财务管理办法》。"],
        {**NO_REGION, "level": "county", "level_source": "inspector"},
    ),
    "inspector-names-the-place": (
        ["中共市财政局党组关于巡察整改情况的通报",
         "根据市委统一部署，长沙市委第三巡察组于2022年4月6日至5月30日对市财政局党组进行了巡察。",
         ONE, WORK],
        {"province": "湖南省", "city": "长沙市", "county": "", "region_source": "inspector",
         "inspector": "长沙市委第三巡察组", "level": "prefecture", "level_source": "inspector"},
    ),
    "consistent-mentions-in-the-opening": (
        ["根据县委统一部署，县委第二巡察组对县财政局党组进行了巡察。局党组围绕浏阳市经济社会发展"
         "大局，把巡察整改作为服务浏阳市高质量发展的重要举措。", ONE, WORK],
        {"province": "湖南省", "city": "长沙市", "county": "浏阳市", "region_source": "mentions",
         "level": "county", "level_source": "inspector"},
    ),
    "mentions-of-two-provinces-say-nothing": (
        ["根据县委统一部署，县委第二巡察组对县财政局党组进行了巡察。局党组学习浙江省和江苏省"
         "的经验做法。", ONE, WORK],
        {**NO_REGION, "level": "county"},
    ),
    "helped-places-are-not-the-region": (
        ["根据县委统一部署，县委第二巡察组对县农业农村局党组进行了巡察。局党组持续对口帮扶凤凰县"
         "发展特色产业，支持岳阳市开展产业协作。", ONE, WORK],
        {**NO_REGION, "level": "county", "level_source": "inspector"},
    ),
    "helped-place-and-the-real-one": (
        ["来源：衡阳市纪委监委", "根据市委统一部署，市委第二巡察组对市农业农村局党组进行了巡察。"
         "局党组持续对口支援凤凰县。", ONE, WORK],
        {"province": "湖南省", "city": "衡阳市", "county": "", "region_source": "source"},
    ),
    "inspected-unit-named-in-the-opening": (
        ["根据省委统一部署，省委第八巡视组对汨罗市进行了巡视。", ONE, WORK],
        {"province": "湖南省", "city": "岳阳市", "county": "汨罗市",
         "region_source": "inspected", "level": "county", "level_source": "inspected"},
    ),
}


@pytest.mark.parametrize("case", REGION.values(), ids=REGION.keys())
def test_region_evidence(case):
    check(case)


# --- 2. the level from the inspecting body ---------------------------------------------------

LEVEL = {
    "county-team": (
        ["根据县委统一部署，县委第四巡察组对县住建局党组开展了巡察。", ONE, WORK],
        {**NO_REGION, "level": "county", "level_source": "inspector"},
    ),
    "district-team": (
        ["区委第一巡察组于2022年3月1日至4月20日对区民政局党组进行了巡察。", ONE, WORK],
        {"level": "county", "level_source": "inspector"},
    ),
    "banner-team": (
        ["旗委第二巡察组对旗林草局党组进行了巡察。", ONE, WORK],
        {"level": "county", "level_source": "inspector"},
    ),
    "city-team-city-body": (
        ["市委第二巡察组对市商务局党组进行了巡察。", ONE, WORK],
        {"level": "prefecture", "level_source": "inspector"},
    ),
    "prefecture-team-prefecture-body": (
        ["州委第一巡察组对州民宗委党组进行了巡察。", ONE, WORK],
        {"level": "prefecture", "level_source": "inspector"},
    ),
    "city-team-district-issuer": (
        ["中共某某区财政局党组关于市委巡察整改情况的通报",
         "市委第五巡察组对区财政局党组开展了提级巡察。", ONE, WORK],
        {"issuer": "中共某某区财政局党组", "level": "county", "level_source": "inspector"},
    ),
    "provincial-team-provincial-body": (
        ["中共某某省交通运输厅党组关于巡视整改情况的通报",
         "省委第六巡视组对省交通运输厅党组进行了巡视。", ONE, WORK],
        {"level": "provincial", "level_source": "inspector"},
    ),
    "provincial-team-city-issuer": (
        ["中共某某市委关于巡视整改情况的通报", "省委第六巡视组对某某市进行了巡视。", ONE, WORK],
        {"level": "prefecture", "level_source": "inspector"},
    ),
    "autonomous-region-team": (
        ["中共某某自治区民政厅党组关于巡视整改情况的通报",
         "自治区党委第三巡视组对自治区民政厅党组进行了巡视。", ONE, WORK],
        {"level": "provincial", "level_source": "inspector"},
    ),
    "central-team-provincial-issuer": (
        ["中共某某省委关于巡视整改进展情况的通报", "中央第七巡视组对某某省进行了巡视。", ONE, WORK],
        {"level": "provincial", "level_source": "inspector"},
    ),
    "central-team-ministry": (
        ["中共某某部党组关于巡视整改进展情况的通报", "中央第七巡视组对某某部党组进行了巡视。",
         ONE, WORK],
        {"level": "central", "level_source": "inspector"},
    ),
    "central-enterprise-issuer": (
        ["中国某某集团有限公司党组关于巡视整改进展情况的通报",
         "中央第七巡视组对中国某某集团有限公司党组进行了巡视。", ONE, WORK],
        {"level": "central", "level_source": "issuer"},
    ),
    "ordered-by-county-no-team-named": (
        ["根据县委统一部署，今年对县审计局党组开展了巡察，并反馈了意见。", ONE, WORK],
        {"inspector": "", "level": "county", "level_source": "inspector"},
    ),
    "nothing-says-the-level": (
        ["根据有关部署，巡察组对县审计局党组开展了巡察，并反馈了意见。", ONE, WORK],
        {**NO_REGION, "inspector": "", "level": "", "level_source": ""},
    ),
}


@pytest.mark.parametrize("case", LEVEL.values(), ids=LEVEL.keys())
def test_level_from_the_inspecting_body(case):
    check(case)


# --- 3. issuers and titles with furniture --------------------------------------------------

OPENING = "根据县委统一部署，县委第二巡察组于2021年3月1日至4月30日对县文旅局党组进行了巡察。"
BRACKETED = "中共某某区文化和旅游局（某某区文物局，含区博物馆）党组"
FURNITURE = {
    "brackets-inside-the-issuer": (
        [BRACKETED + "关于巡察整改情况的通报", OPENING, ONE, WORK],
        {"title": BRACKETED + "关于巡察整改情况的通报", "issuer": BRACKETED},
    ),
    "brackets-inside-the-signature": (
        [OPENING, ONE, WORK, BRACKETED, "2021年8月30日"],
        {"title": "", "issuer": BRACKETED, "published_date": "2021-08-30",
         "published_source": "signature"},
    ),
    "title-only-in-a-breadcrumb": (
        ["当前位置：首页 > 巡察工作 > 中共某某县财政局党组关于巡察整改情况的通报",
         OPENING, ONE, WORK],
        {"title": "中共某某县财政局党组关于巡察整改情况的通报", "issuer": "中共某某县财政局党组"},
    ),
    "breadcrumb-ending-in-a-column-is-no-title": (
        ["当前位置：首页 > 巡视巡察", OPENING, ONE, WORK],
        {"title": "", "issuer": "县文旅局党组"},
    ),
    "bullet-before-the-title": (
        ["• 中共某某县财政局党组关于巡察整改情况的通报", OPENING, ONE, WORK],
        {"title": "中共某某县财政局党组关于巡察整改情况的通报", "issuer": "中共某某县财政局党组"},
    ),
    "site-and-column-glued-to-the-title": (
        ["某某市人民政府门户网站某某市交通运输局政务公告中共某某市交通运输局党组关于巡察整改情况的"
         "通报", OPENING, ONE, WORK],
        {"title": "中共某某市交通运输局党组关于巡察整改情况的通报",
         "issuer": "中共某某市交通运输局党组"},
    ),
    "column-glued-without-zhonggong": (
        ["某某县人民政府网站通知公告某某县财政局党组关于巡察整改情况的通报", OPENING, ONE, WORK],
        {"title": "某某县财政局党组关于巡察整改情况的通报", "issuer": "某某县财政局党组"},
    ),
    "no-title-body-defined-in-the-opening": (
        ["2020年5月至7月，中央第三巡视组对交通运输部党组（以下简称部党组）进行了常规巡视。"
         "9月10日，中央巡视组向部党组反馈了巡视意见。", ONE, "部党组召开专题会议研究部署整改。"],
        {"title": "", "issuer": "交通运输部党组", "level": "central",
         "level_source": "inspector", "feedback_date": "2020-09-10"},
    ),
    "no-title-opening-starts-with-the-body": (
        ["中共岳阳市委高度重视省委第二巡视组反馈意见的整改落实，把巡视整改作为重大政治任务。",
         ONE, "市委召开常委会议研究部署整改工作。"],
        {"title": "", "issuer": "中共岳阳市委", "province": "湖南省", "city": "岳阳市",
         "region_source": "issuer", "level": "prefecture"},
    ),
    "bare-abbreviation-is-no-issuer": (
        ["市委高度重视巡察整改工作，把整改作为重大政治任务。", ONE, "市委召开常委会议研究部署。"],
        {"title": "", "issuer": ""},
    ),
}


@pytest.mark.parametrize("case", FURNITURE.values(), ids=FURNITURE.keys())
def test_issuers_and_titles_with_furniture(case):
    check(case)


# --- 5. dates damaged in scraping ---------------------------------------------------------

DAMAGED = {
    "range-and-feedback-restored": (
        ["根据县委统一部署，县委第二巡察组于2024717日至830日对县财政局党组进行了巡察，914日反馈了"
         "巡察意见。", ONE, WORK],
        {"inspection_start": "2024-07-17", "inspection_end": "2024-08-30",
         "feedback_date": "2024-09-14", "year": 2024, "year_basis": "feedback"},
    ),
    "ambiguous-start-stays-empty": (
        ["根据县委统一部署，县委第二巡察组于2024111日至1215日对县财政局党组进行了巡察。",
         ONE, WORK],
        {"inspection_start": "", "inspection_end": "2024-12-15"},
    ),
    "restored-dates-that-disagree-are-dropped": (
        ["根据县委统一部署，县委第二巡察组于2024717日至630日对县财政局党组进行了巡察。",
         ONE, WORK],
        {"inspection_start": "", "inspection_end": "", "year": None},
    ),
    "restored-date-after-the-signature-is-dropped": (
        ["根据县委统一部署，县委第二巡察组于2024717日至830日对县财政局党组进行了巡察。",
         ONE, WORK, "中共某某县财政局党组", "2024年8月1日"],
        {"inspection_start": "2024-07-17", "inspection_end": "", "published_date": "2024-08-01"},
    ),
    "restored-feedback-before-the-inspection-is-dropped": (
        ["根据县委统一部署，县委第二巡察组于2024年7月17日至8月30日对县财政局党组进行了巡察，"
         "612日反馈了巡察意见。", ONE, WORK],
        {"inspection_start": "2024-07-17", "inspection_end": "2024-08-30", "feedback_date": ""},
    ),
}


@pytest.mark.parametrize("case", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_dates_rebuilt_only_when_unambiguous_and_consistent(case):
    check(case)


# --- 8. posting dates in page headers and in the URL --------------------------------------

HEADER = "(编辑:某某 日期:2016年04月30日 浏览: 加入收藏 )"
PLAIN = ["根据县委统一部署，县委第二巡察组对县财政局党组进行了巡察，并反馈了巡察意见。", ONE, WORK]


@pytest.mark.parametrize(
    ("lines", "given", "expected"),
    [
        pytest.param(
            ["中共某某县财政局党组关于巡察整改情况的通报", HEADER, *PLAIN], {},
            {"published_date": "2016-04-30", "published_source": "page", "posted_date": "",
             "year": 2016, "year_basis": "published"}, id="page-header"),
        pytest.param(
            PLAIN, {"url": "https://www.example.gov.cn/xcgz/c/2023-01-29/5521.html"},
            {"published_date": "2023-01-29", "published_source": "url", "year": 2023,
             "url": "https://www.example.gov.cn/xcgz/c/2023-01-29/5521.html"}, id="url-dashed"),
        pytest.param(
            PLAIN, {"url": "http://www.example.gov.cn/xxgk/2022062385508.html"},
            {"published_date": "2022-06-23", "published_source": "url"}, id="url-compact"),
        pytest.param(
            [*PLAIN, "中共某某县财政局党组", "2023年1月20日"],
            {"url": "https://www.example.gov.cn/c/2023-01-29/5521.html"},
            {"published_date": "2023-01-20", "published_source": "signature", "posted_date": ""},
            id="signature-wins-over-url"),
        pytest.param(
            [HEADER, *PLAIN], {"url": "https://www.example.gov.cn/c/2023-01-29/5521.html"},
            {"published_date": "2016-04-30", "published_source": "page"},
            id="page-header-wins-over-url"),
        pytest.param(
            PLAIN, {"url": "https://www.example.gov.cn/c/5521.html"},
            {"published_date": "", "published_source": "", "year": None}, id="url-without-date"),
    ],
)
def test_posting_dates(lines: list[str], given: dict[str, str], expected: dict[str, Any]):
    meta = notice(*lines, given=given)
    assert {k: meta[k] for k in expected} == expected
    text = parse_notice(SourceDoc(origin="s.txt", text="\n".join(lines), given=given)).paragraphs
    assert not any("编辑" in p.text for p in text)  # the header is furniture, not a paragraph


# --- 6. inspector forms ----------------------------------------------------------------------

INSPECTORS = {
    "session-and-number-after": (
        ["八届市委巡察四组于2023年4月10日至5月31日对市水利局党组进行了巡察。", ONE, WORK],
        {"inspector": "八届市委巡察四组", "inspection_kind": "巡察",
         "inspection_start": "2023-04-10", "inspection_end": "2023-05-31",
         "level": "prefecture"},
    ),
    "escalated-team": (
        ["市委第一提级巡察组于2023年3月对某某村党支部开展了提级巡察。", ONE, WORK],
        {"inspector": "市委第一提级巡察组", "inspection_kind": "巡察", "flags": ["提级"],
         "inspection_start": "2023-03"},
    ),
    "named-special-team": (
        ["县委乡村振兴专项巡察组于2022年6月1日至6月30日对县农业农村局党组开展了专项巡察。",
         ONE, WORK],
        {"inspector": "县委乡村振兴专项巡察组", "flags": ["专项"], "level": "county"},
    ),
    "round-of-several-teams": (
        ["根据区委统一部署，2023年3月6日至4月28日，区委组建4个巡察组，对12个区直单位党组织"
         "开展了常规巡察。6月15日，各巡察组分别反馈了巡察意见。", ONE, WORK],
        {"inspector": "", "inspection_kind": "巡察", "level": "county", "level_source": "inspector",
         "inspection_start": "2023-03-06", "inspection_end": "2023-04-28",
         "feedback_date": "2023-06-15"},
    ),
    "round-report-of-many-units": (
        ["中共某某县委巡察工作领导小组办公室关于十三届县委第五轮巡察整改情况的通报",
         "县委第一巡察组对县教育局党组、县卫健局党组，县委第二巡察组对县水利局党组开展了常规"
         "巡察。", ONE, "各被巡察党组织召开专题会议研究部署整改工作。"],
        {"issuer": "中共某某县委巡察工作领导小组办公室", "inspector": "", "inspection_kind": "巡察",
         "round": "十三届县委第五轮", "level": "county", "level_source": "inspector"},
    ),
    "team-with-its-place": (
        ["根据市委统一部署，岳阳市委第三巡察组对市司法局党组进行了巡察。", ONE, WORK],
        {"inspector": "岳阳市委第三巡察组", "province": "湖南省", "city": "岳阳市",
         "region_source": "inspector"},
    ),
    "team-with-province-and-party": (
        ["根据省委统一部署，中共湖南省委第八巡视组对省林业局党组进行了巡视。", ONE, WORK],
        {"inspector": "中共湖南省委第八巡视组", "inspection_kind": "巡视", "province": "湖南省",
         "region_source": "inspector"},
    ),
    "words-before-the-team-are-not-its-place": (
        ["根据统一部署市委第二巡察组对市统计局党组进行了巡察。", ONE, WORK],
        {"inspector": "市委第二巡察组"},
    ),
}


@pytest.mark.parametrize("case", INSPECTORS.values(), ids=INSPECTORS.keys())
def test_inspector_forms(case):
    check(case)


# --- 7. flags describe this inspection only -------------------------------------------------

FLAGS = {
    "rectification-review-in-the-opening-is-no-flag": (
        ["根据县委统一部署，县委第二巡察组对县财政局党组进行了巡察。局党组开展巡察整改落实情况"
         "“回头看”，确保问题整改到位。", ONE, WORK],
        {"flags": []},
    ),
    "review-in-a-later-paragraph": (
        ["根据县委统一部署，县委第二巡察组对县财政局党组进行了巡察。",
         "局党组开展了贯彻落实情况“回头看”。", ONE, WORK],
        {"flags": []},
    ),
    "huitoukan-inspection": (
        ["根据省委统一部署，省委第三巡视组对某某市开展了巡视“回头看”。", ONE, WORK],
        {"flags": ["回头看"]},
    ),
    "huitoukan-before-the-word": (
        ["根据县委统一部署，县委第一巡察组对某某镇党委开展了“回头看”巡察。", ONE, WORK],
        {"flags": ["回头看"]},
    ),
    "special-inspection-in-the-opening": (
        ["根据县委统一部署，县委第三巡察组对县医保局党组开展了医保基金管理专项巡察。", ONE, WORK],
        {"flags": ["专项"]},
    ),
    "special-inspection-only-in-the-body": (
        ["根据县委统一部署，县委第三巡察组对县医保局党组进行了常规巡察。", ONE,
         "局党组配合县纪委开展了专项巡察发现问题的整改，逐项销号。"],
        {"flags": []},
    ),
    "flag-in-the-title": (
        ["中共某某县委关于巡视“回头看”整改情况的通报", "根据省委统一部署，省委巡视组对某某县"
         "进行了巡视。", ONE, WORK],
        {"flags": ["回头看"]},
    ),
    "mobile-team": (
        ["县委机动巡察组对县市场监管局党组进行了巡察。", ONE, WORK],
        {"flags": ["机动"], "inspector": "县委机动巡察组"},
    ),
}


@pytest.mark.parametrize("case", FLAGS.values(), ids=FLAGS.keys())
def test_flags_describe_this_inspection(case):
    check(case)


# --- 9. headings: long problem statements, CMS title markup -------------------------------

def rows(*lines: str) -> list[tuple[str, int, list[str], str]]:
    doc = parse_notice(SourceDoc(origin="s.txt", text="\n".join(lines)))
    return [(p.kind, p.depth, p.section_path, p.text) for p in doc.paragraphs]


OPEN = "根据县委统一部署，县委第二巡察组对县财政局党组进行了巡察，并反馈了巡察意见。"
TWO = "二、反馈问题整改情况"
RUNS_ON = "1.履行全面从严治党主体责任不到位。对下属单位监督管理缺位，个别干部违规违纪的问题。"
LABELLED = "（2）选人用人工作不规范。部分干部任职程序倒置，干部档案审核把关不严的问题。"
LONG = ("（3）关于落实意识形态工作责任制不到位，对所属媒体平台和宣传阵地管理不严，对网络舆情"
        "研判处置不够及时，部分单位意识形态工作责任清单制定不具体、考核评价流于形式、问题整改"
        "不彻底的问题。")
SOLVED = "局党组成立领导小组，专题研究解决了干部作风方面存在的问题。"
PROMPT = "整改情况：修订干部选任工作规程，对12名干部档案进行专项审核。"

HEADINGS = {
    "statement-running-on-to-the-problem": (
        [OPEN, TWO, RUNS_ON, "局党组开展专项整治。"],
        [("body", 0, [], OPEN), ("heading", 1, [], TWO), ("heading", 2, [TWO], RUNS_ON),
         ("body", 0, [TWO, RUNS_ON], "局党组开展专项整治。")],
    ),
    "statement-then-a-label-on-the-same-line": (
        [OPEN, TWO, LABELLED + PROMPT],
        [("body", 0, [], OPEN), ("heading", 1, [], TWO), ("heading", 2, [TWO], LABELLED),
         ("body", 0, [TWO, LABELLED], PROMPT)],
    ),
    "long-single-sentence-problem-then-a-label": (
        [OPEN, TWO, LONG + PROMPT],
        [("body", 0, [], OPEN), ("heading", 1, [], TWO), ("heading", 2, [TWO], LONG),
         ("body", 0, [TWO, LONG], PROMPT)],
    ),
    "measures-ending-in-wenti-stay-body": (
        [OPEN, TWO, "1.强化组织领导。" + SOLVED],
        [("body", 0, [], OPEN), ("heading", 1, [], TWO),
         ("heading", 2, [TWO], "1.强化组织领导。"), ("body", 0, [TWO, "1.强化组织领导。"], SOLVED)],
    ),
    "cms-markup-numbered": (
        [OPEN, "【类型:问题清单|标题:一、关于党的领导弱化的问题】", "1.理论学习不深入的问题",
         "整改情况：已完成。"],
        [("body", 0, [], OPEN), ("heading", 1, [], "一、关于党的领导弱化的问题"),
         ("heading", 2, ["一、关于党的领导弱化的问题"], "1.理论学习不深入的问题"),
         ("body", 0, ["一、关于党的领导弱化的问题", "1.理论学习不深入的问题"],
          "整改情况：已完成。")],
    ),
    "cms-markup-unnumbered-heads-everything-below": (
        [OPEN, "【类型:专栏|标题:整改落实情况】", "一、组织领导", "局党组召开专题会议。"],
        [("body", 0, [], OPEN), ("heading", 1, [], "整改落实情况"),
         ("heading", 2, ["整改落实情况"], "一、组织领导"),
         ("body", 0, ["整改落实情况", "一、组织领导"], "局党组召开专题会议。")],
    ),
}


@pytest.mark.parametrize(("lines", "expected"), HEADINGS.values(), ids=HEADINGS.keys())
def test_headings_on_real_shapes(lines: list[str], expected: list[tuple]):
    assert rows(*lines) == expected
