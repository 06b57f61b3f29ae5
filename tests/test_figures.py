"""Rectification figures: every figure of the five seeds, hand-written variants, numbers.

The seed tables were written by reading data/notices/*.txt sentence by sentence and
noting each count a researcher would cite (and each one that must *not* be cited), not
by copying the extractor's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.numerals import parse_chinese_number
from analysis.records import Figure
from analysis.vocab import FIGURE_LABELS, FIGURE_REASONS
from indexer.figures import extract_figures, figures_in_text, figures_summary
from indexer.model import Notice, Paragraph, SourceDoc
from indexer.parse import parse_notice

NOTICES = Path(__file__).resolve().parent.parent / "data" / "notices"
SEEDS = {path.name[:3]: path for path in sorted(NOTICES.glob("*.txt"))}
_PARSED: dict[str, Notice] = {}


def seed(key: str) -> Notice:
    if key not in _PARSED:
        path = SEEDS[key]
        _PARSED[key] = parse_notice(
            SourceDoc(origin=path.name, text=path.read_text(encoding="utf-8")))
    return _PARSED[key]


CHOSEN_REASONS = ("only", "agree", "tally", "first")


def rows(figures: list[Figure]) -> list[tuple[str, float, str, str]]:
    return [(f.label, f.value, f.unit, f.written) for f in figures]


# --------------------------------------------------------------------------- seeds

SEED_FIGURES: dict[str, list[tuple[str, float, str, str]]] = {
    # 双鸭山: every number is a problem statement, a fine (处罚共计550.58万元), a misused
    # sum (违规使用各类资金总计6.12亿元), a training (778名), a talk without a count
    # (进行了诫勉谈话), talks with 14名干部所在单位负责同志 (not the 14) or a count of
    # groups (对7个纪检组进行集体约谈), or 有23人…破格提拔 (not discipline): nothing.
    "000": [],
    # 汨罗: 查处案件81起处分81人 (kind of 处分 not told), and the 扫黑除恶 leads.
    # Not: 6批101人次…任前谈话 (pre-appointment talks), 处理…共21人 (处理 is no label),
    # 查封、冻结、扣押资产6700余万元 (seized, and approximate), 19次集中学习.
    "001": [
        ("discipline", 81, "人", "处分81人"),
        ("leads_received", 98, "件", "受理涉黑涉恶腐败和“保护伞”线索98件"),
    ],
    # 秦皇岛开发区: 31 problems twice, 22 completed (基本完成7个 is not "completed").
    # Not: 聚焦31个问题 (no 反馈), 给予党政纪处分和组织处理24人 (three kinds in one sum),
    # 约谈…主要领导8次 (times, not people), 对869名干部进行资格审查.
    "002": [
        ("problems_fed_back", 31, "个", "反馈的31个问题"),
        ("problems_fed_back", 31, "个", "反馈的31个具体问题"),
        ("problems_rectified", 22, "个", "已完成22个"),
        ("leads_received", 54, "件", "接到举报线索54件"),
        ("petitions", 11, "件", "承办的信访件11件"),
        ("discipline", 8, "人", "处分了8名违法犯罪被判刑罚的党员"),
        ("leads_received", 1, "条", "收到监督员提供问题线索1条"),
        ("petitions", 115, "件", "接收信访举报115件"),
        ("leads_received", 62, "个", "处置问题线索62个"),
        ("cases_opened", 13, "件", "立案 13件"),
    ],
    # 上城(原江干): the tally paragraph, then section-level counts.
    # Not: 对34个问题明确… (the 34 is not said to be fed back), 反馈的28个问题(…除外)
    # (a subset), 反馈的7个见人见事的具体问题, the breakdowns 党内警告6人 / 警告2人 /
    # 调离岗位1人 / 撤销党内职务处分1人, 已完成25个问题整改任务 (audit problems),
    # 约谈…4名区管干部及所在单位负责人, 累计化解各类信访积案182件.
    "003": [
        ("measures", 119, "项", "119项整改细化举措"),
        ("petitions", 1, "件", "移交的1件信访件"),
        ("petitions_closed", 1, "件", "已办结1件"),
        ("leads_received", 9, "件", "移交的9件问题线索"),
        ("leads_closed", 8, "件", "已办结8件"),
        ("cases_opened", 12, "件", "立案12件"),
        ("cases_closed", 9, "件", "了结9件"),
        ("party_discipline", 9, "人次", "党纪处分9人次"),
        ("government_discipline", 2, "人", "政务处分2人"),
        ("organizational_handling", 3, "人次", "组织处理3人次"),
        ("admonishment", 19, "人", "诫勉19人"),
        ("talks", 81, "人", "教育谈话81人"),
        ("rules_made", 29, "项", "建立完善制度29项"),
        ("money_recovered", 900500, "元", "清退款项90.05万元"),
        ("money_recovered", 29669200, "元", "挽回其他经济损失2966.92万元"),
        ("talks", 4, "人", "对4名干部进行了提醒谈话"),
        ("leads_received", 26, "件", "26件问题线索"),
        ("leads_closed", 25, "件", "已销号25件"),
        ("talks", 2, "人", "约谈2名经办人员"),
        ("money_recovered", 19600000, "元", "退回1960万元"),
        ("admonishment", 7, "人", "对7人给予诫勉处理"),
        ("admonishment", 1, "人", "诫勉处分1人"),
        ("measures", 99, "项", "99项整改措施"),
        ("rules_made", 29, "项", "出台各类机制29项"),
    ],
    # 大鹏新区: 18 problems (四个方面11类18个问题) twice.
    # Not: 牵头整改反馈问题5个 (the secretary's share), 占反馈问题总数的28%,
    # 召开5次党工委会议、7次专题会议, 出台了9份规范性文件, 查处违规违纪案件23宗23人
    # (查处 is not 立案), “1+18”整改措施体系, 共计6场次约800多人次参加.
    "004": [
        ("problems_fed_back", 18, "个", "反馈的四个方面11类18个问题"),
        ("rules_made", 65, "件", "完善制度65件"),
        ("petitions", 29, "件", "移交的29件利益诉求类信访件"),
        ("accountability", 14, "人", "问责追责14人"),
        ("money_recovered", 79260, "元", "挽回经济损失79260元"),
        ("problems_fed_back", 18, "个", "反馈的四个方面11类18个问题"),
        ("talks", 313, "人次", "谈话提醒313人次"),
    ],
}


@pytest.mark.parametrize("key", sorted(SEED_FIGURES))
def test_seed_figures(key: str):
    assert rows(extract_figures(seed(key))) == SEED_FIGURES[key]


SEED_SUMMARY: dict[str, dict[str, float]] = {
    "000": {},
    "001": {"discipline": 81, "leads_received": 98},
    # The 纪工委 tally sentence (接收信访举报115件，处置问题线索62个，立案 13件) wins over
    # 接到举报线索54件 and 信访件11件 elsewhere.
    "002": {"problems_fed_back": 31, "problems_rectified": 22, "leads_received": 62,
            "petitions": 115, "discipline": 8, "cases_opened": 13},
    # The tally paragraph wins (诫勉19人, not 对7人给予诫勉处理); money: 清退款项90.05万元
    # plus 挽回其他经济损失2966.92万元 ("其他": by its own words a different sum).
    "003": {"measures": 119, "petitions": 1, "petitions_closed": 1, "leads_received": 9,
            "leads_closed": 8, "cases_opened": 12, "cases_closed": 9, "party_discipline": 9,
            "government_discipline": 2, "organizational_handling": 3, "admonishment": 19,
            "talks": 81, "rules_made": 29, "money_recovered": 30569700},
    "004": {"problems_fed_back": 18, "rules_made": 65, "petitions": 29, "accountability": 14,
            "money_recovered": 79260, "talks": 313},
}


@pytest.mark.parametrize("key", sorted(SEED_SUMMARY))
def test_seed_summary(key: str):
    assert figures_summary(extract_figures(seed(key))) == SEED_SUMMARY[key]


def test_seed_003_provenance():
    """Each figure points at its paragraph, offset and sentence as displayed."""
    notice = seed("003")
    texts = {p.id: p.text for p in notice.paragraphs}
    figures = extract_figures(notice)
    for f in figures:
        text = texts[f.paragraph_id]
        assert text[f.start:f.start + len(f.written)] == f.written
        assert f.written in f.sentence and f.sentence in text
        assert f.label_zh == FIGURE_LABELS[f.label]
    by_written = {f.written: f for f in figures}
    assert by_written["党纪处分9人次"].sentence == (
        "在巡视整改工作中,对违规违纪的,立案12件、了结9件,给予党纪处分9人次"
        "(党内警告6人、严重警告2人、撤销党内职务1人);")
    assert by_written["移交的9件问题线索"].sentence == (
        "对巡视移交的9件问题线索,及时进行分类处置,目前已办结8件,办结率为88.8%。")
    tally = by_written["立案12件"].paragraph_id
    assert all(by_written[w].paragraph_id == tally for w in (
        "诫勉19人", "清退款项90.05万元", "移交的1件信访件", "已办结8件"))


# --------------------------------------------------------------------------- variants

VARIANTS: list[tuple[str, list[tuple[str, float, str, str]]]] = [
    # Chinese numerals
    ("巡视整改以来，立案十二件。", [("cases_opened", 12, "件", "立案十二件")]),
    ("共给予处分一百零五人。", [("discipline", 105, "人", "给予处分一百零五人")]),
    ("处分一百零五人。", [("discipline", 105, "人", "处分一百零五人")]),
    ("查处案件81起处分81人，共计处分5人次。",
     [("discipline", 81, "人", "处分81人"), ("discipline", 5, "人次", "处分5人次")]),
    ("对相关人员诫勉两人。", [("admonishment", 2, "人", "诫勉两人")]),
    ("挽回经济损失十二万元。", [("money_recovered", 120000, "元", "挽回经济损失十二万元")]),
    ("制定整改措施三十五条。", [("measures", 35, "条", "整改措施三十五条")]),
    # 万 / 亿 and plain 元
    ("追缴违纪资金1.2亿元。", [("money_recovered", 1.2e8, "元", "追缴违纪资金1.2亿元")]),
    ("挽回经济损失350万元。", [("money_recovered", 3.5e6, "元", "挽回经济损失350万元")]),
    ("清退违规发放津补贴共计12.5万元。",
     [("money_recovered", 125000, "元", "清退违规发放津补贴共计12.5万元")]),
    ("收缴违纪款1,234元。", [("money_recovered", 1234, "元", "收缴违纪款1,234元")]),
    # 人次 vs 人; 名 counts people
    ("给予党纪处分15人次。", [("party_discipline", 15, "人次", "党纪处分15人次")]),
    ("给予党纪处分15人。", [("party_discipline", 15, "人", "党纪处分15人")]),
    ("给予政务处分3名。", [("government_discipline", 3, "人", "政务处分3名")]),
    # filler between label and number; combined party + government discipline
    ("给予党纪政务处分共计15人。", [("discipline", 15, "人", "党纪政务处分共计15人")]),
    ("给予党纪处分和政务处分共6人。", [("discipline", 6, "人", "党纪处分和政务处分共6人")]),
    ("给予纪律处分累计7人次。", [("discipline", 7, "人次", "纪律处分累计7人次")]),
    ("立案 13件，给予组织处理3人次。",
     [("cases_opened", 13, "件", "立案 13件"),
      ("organizational_handling", 3, "人次", "组织处理3人次")]),
    ("诫勉谈话党员干部5人。", [("admonishment", 5, "人", "诫勉谈话党员干部5人")]),
    ("严肃问责追责14人。", [("accountability", 14, "人", "问责追责14人")]),
    # count first, sanction after
    ("对3名干部进行诫勉谈话。", [("admonishment", 3, "人", "对3名干部进行诫勉谈话")]),
    ("5名干部受到党纪处分。", [("party_discipline", 5, "人", "5名干部受到党纪处分")]),
    ("对2名相关责任人进行问责。", [("accountability", 2, "人", "对2名相关责任人进行问责")]),
    # pairs: received then closed, fed back then completed, opened then closed
    ("对巡视移交的9件问题线索，目前已办结8件。",
     [("leads_received", 9, "件", "移交的9件问题线索"), ("leads_closed", 8, "件", "已办结8件")]),
    ("巡视组移交问题线索12件，已全部办结12件。",
     [("leads_received", 12, "件", "移交问题线索12件"),
      ("leads_closed", 12, "件", "已全部办结12件")]),
    ("移交的3件信访件，已办结2件。",
     [("petitions", 3, "件", "移交的3件信访件"), ("petitions_closed", 2, "件", "已办结2件")]),
    ("反馈的31个具体问题，目前已完成22个、基本完成7个、未完成2个。",
     [("problems_fed_back", 31, "个", "反馈的31个具体问题"),
      ("problems_rectified", 22, "个", "已完成22个")]),
    ("巡视反馈问题12项，已完成整改10项。",
     [("problems_fed_back", 12, "项", "反馈问题12项"),
      ("problems_rectified", 10, "项", "已完成整改10项")]),
    ("反馈的10个问题已整改8个。",
     [("problems_fed_back", 10, "个", "反馈的10个问题"),
      ("problems_rectified", 8, "个", "已整改8个")]),
    ("反馈的10个问题，预计年底前完成8个。", [("problems_fed_back", 10, "个", "反馈的10个问题")]),
    ("已完成整改反馈问题20个。", [("problems_rectified", 20, "个", "已完成整改反馈问题20个")]),
    ("对巡察组反馈的四个方面11类18个问题，全部由班子成员牵头整改。",
     [("problems_fed_back", 18, "个", "反馈的四个方面11类18个问题")]),
    ("立案12件、结案10件。",
     [("cases_opened", 12, "件", "立案12件"), ("cases_closed", 10, "件", "结案10件")]),
    ("建立完善制度29项，建章立制15项。",
     [("rules_made", 29, "项", "建立完善制度29项"), ("rules_made", 15, "项", "建章立制15项")]),
    ("明确120项整改措施。", [("measures", 120, "项", "120项整改措施")]),
    # full-width digits and traditional characters: read normalized, shown as written
    ("立案１２件。", [("cases_opened", 12, "件", "立案１２件")]),
    ("給予黨紀處分９人次。", [("party_discipline", 9, "人次", "黨紀處分９人次")]),
    ("挽回經濟損失３５０萬元。", [("money_recovered", 3.5e6, "元", "挽回經濟損失３５０萬元")]),
    # dates and phone numbers next to labels are never figures
    ("2021年立案12件。", [("cases_opened", 12, "件", "立案12件")]),
    ("截至2021年6月30日，诫勉19人。", [("admonishment", 19, "人", "诫勉19人")]),
    ("举报电话12388，立案3件。", [("cases_opened", 3, "件", "立案3件")]),
    ("联系电话：0755-28333312；问责电话0469-4244416。", []),
    ("立案2021年3月启动。", []),
    # no label, or a label that does not govern the number
    ("先后主持召开5次党工委会议、7次专题会议。", []),
    ("2014年以来提拔的处级干部中，有23人在提任前一个职务时没有达到规定的任职时间。", []),
    ("对近3年来的干部考察文书档案进行梳理。", []),
    ("对14名干部所在单位负责同志进行了约谈提醒。", []),
    ("对7个纪检组进行集体约谈。", []),
    ("约谈主要领导8次。", []),
    ("已对6批101人次新提拔重用干部进行任前谈话。", []),
    ("处罚共计550.58万元。", []),
    ("挤占挪用专项治理资金5988万元。", []),
    ("聚焦31个问题，逐条进行对照检查。", []),
    # categories summed together, sanction sub-kinds, subsets, shares
    ("给予党政纪处分和组织处理24人。", []),
    ("其中撤销党内职务处分1人、党内严重警告处分2人。", []),
    ("对本轮巡视反馈的28个问题(区纪委牵头落实整改的除外)进行分解。", []),
    ("直接牵头整改反馈问题5个，占反馈问题总数的28%。", []),
    ("反馈的31个问题，基本完成7个。", [("problems_fed_back", 31, "个", "反馈的31个问题")]),
    # approximate numbers are not counts
    ("挽回经济损失300余万元。", []),
    ("教育谈话约80人。", []),
    ("给予党纪处分100人以上。", []),
    ("立案十余件。", []),
    # quoted problem statements are the inspectors' words, not results
    ("针对“仅立案3件、挽回经济损失5万元”的问题，加大查处力度。", []),
    # ordinals and deposits
    ("立案第3件。", []),
    ("退还投标保证金5万元。", []),
]


@pytest.mark.parametrize(("text", "expected"), VARIANTS, ids=[v[0][:16] for v in VARIANTS])
def test_variants(text: str, expected: list[tuple[str, float, str, str]]):
    assert rows(figures_in_text(text)) == expected


def test_written_offsets_follow_display_text():
    text = "全区：立案１２件，給予黨紀處分９人次。"
    for f in figures_in_text(text, "p1"):
        assert text[f.start:f.start + len(f.written)] == f.written
        assert f.paragraph_id == "p1"
        assert f.sentence == text  # ： ends no sentence


def test_sentence_ends_at_semicolon_or_full_stop():
    text = "一是加强监督。立案12件；诫勉19人，教育谈话81人。"
    got = {f.written: f.sentence for f in figures_in_text(text)}
    assert got == {"立案12件": "立案12件；", "诫勉19人": "诫勉19人，教育谈话81人。",
                   "教育谈话81人": "诫勉19人，教育谈话81人。"}


def test_extract_figures_walks_paragraphs_in_order():
    notice = Notice(id="n", source_file="x", paragraphs=[
        Paragraph(id="n-a", ordinal=1, kind="body", section_path=[], text="诫勉3人。"),
        Paragraph(id="n-b", ordinal=2, kind="heading", section_path=[], text="一、整改情况"),
        Paragraph(id="n-c", ordinal=3, kind="body", section_path=[], text="立案2件。"),
    ])
    assert [(f.paragraph_id, f.label) for f in extract_figures(notice)] == [
        ("n-a", "admonishment"), ("n-c", "cases_opened")]


# --------------------------------------------------------------------------- choice

def notice_of(*texts: str) -> Notice:
    """A notice of body paragraphs p0, p1, … (the places and numbers are invented)."""
    return Notice(id="n", source_file="x", paragraphs=[
        Paragraph(id=f"p{k}", ordinal=k + 1, kind="body", section_path=[], text=t)
        for k, t in enumerate(texts)])


def choices(*texts: str) -> list[tuple[str, bool, str]]:
    return [(f.written, f.chosen, f.reason) for f in extract_figures(notice_of(*texts))]


# (paragraphs, [(written, chosen, reason)] in document order, summary)
CHOICES: list[tuple[tuple[str, ...], list[tuple[str, bool, str]], dict[str, float]]] = [
    # rule 3: coordinate amounts of different money are added, each shown as a part
    (("清退违规发放津补贴12.6万元、追回违规报销费用3.4万元、挽回其他经济损失80万元。",),
     [("清退违规发放津补贴12.6万元", True, "only"), ("追回违规报销费用3.4万元", True, "only"),
      ("挽回其他经济损失80万元", True, "only")],
     {"money_recovered": 960000}),
    (("柳溪镇收缴违纪款0.35万元，退赔资金1.27万元。",),
     [("收缴违纪款0.35万元", True, "only"), ("退赔资金1.27万元", True, "only")],
     {"money_recovered": 16200}),
    # fen stay exact when added
    (("追回资金1234.56元，清退款项0.01元。",),
     [("追回资金1234.56元", True, "only"), ("清退款项0.01元", True, "only")],
     {"money_recovered": 1234.57}),
    # 挽回经济损失 without 其他 is the total the other verbs are ways of
    (("挽回经济损失350万元，追缴违纪资金200万元。",),
     [("挽回经济损失350万元", True, "only"), ("追缴违纪资金200万元", False, "in_total")],
     {"money_recovered": 3.5e6}),
    (("追缴违纪款项20万元、退赔资金10万元，共挽回经济损失30万元。",),
     [("追缴违纪款项20万元", False, "in_total"), ("退赔资金10万元", False, "in_total"),
      ("挽回经济损失30万元", True, "only")],
     {"money_recovered": 3e5}),
    # an amount after 累计/共计 sums up the sentence
    (("清退多发补贴2万元，累计追缴违规资金5万元。",),
     [("清退多发补贴2万元", False, "in_total"), ("追缴违规资金5万元", True, "only")],
     {"money_recovered": 5e4}),
    # rule 1: breakdowns (其中, 含, brackets) are parts, never added
    (("追回资金300万元，其中追回工程款100万元、追回补贴款200万元。",),
     [("追回资金300万元", True, "only"), ("追回工程款100万元", False, "part"),
      ("追回补贴款200万元", False, "part")],
     {"money_recovered": 3e6}),
    (("清退多发补贴5万元（含追回往年补贴2万元）。",),
     [("清退多发补贴5万元", True, "only"), ("追回往年补贴2万元", False, "part")],
     {"money_recovered": 5e4}),
    (("追回资金50万元。其中，追回工程款30万元。",),
     [("追回资金50万元", True, "only"), ("追回工程款30万元", False, "part")],
     {"money_recovered": 5e5}),
    (("立案20件，其中立案审查调查5件。",),
     [("立案20件", True, "only"), ("立案审查调查5件", False, "part")], {"cases_opened": 20}),
    # 其中 about another label's total is no breakdown of this one
    (("查处问题资金300万元，其中挽回经济损失50万元。",),
     [("挽回经济损失50万元", True, "only")], {"money_recovered": 5e5}),
    (("立案20件，其中给予党纪处分6人。",),
     [("立案20件", True, "only"), ("党纪处分6人", True, "only")],
     {"cases_opened": 20, "party_discipline": 6}),
    # money is never added across sentences: the earliest of equals, others listed
    (("清退款项8万元。追回资金6万元。",),
     [("清退款项8万元", True, "first"), ("追回资金6万元", False, "other")],
     {"money_recovered": 8e4}),
    # rule 2: the tally paragraph wins over a later, different population
    (("对巡察移交的9件问题线索，已办结8件；立案12件，诫勉5人。",
      "青石区纪委全年受理问题线索26件，已销号25件。"),
     [("移交的9件问题线索", True, "tally"), ("已办结8件", True, "tally"),
      ("立案12件", True, "only"), ("诫勉5人", True, "only"),
      ("受理问题线索26件", False, "other"), ("已销号25件", False, "other")],
     {"leads_received": 9, "leads_closed": 8, "cases_opened": 12, "admonishment": 5}),
    # the tally comes later: still the tally (诫勉19人, not the one case of 3)
    (("对3人给予诫勉处理。", "立案12件，诫勉19人，教育谈话40人。"),
     [("对3人给予诫勉处理", False, "other"), ("立案12件", True, "only"),
      ("诫勉19人", True, "tally"), ("教育谈话40人", True, "only")],
     {"admonishment": 19, "cases_opened": 12, "talks": 40}),
    # the tally sentence within one paragraph
    (("约谈2人。立案3件，约谈5人，问责1人。",),
     [("约谈2人", False, "other"), ("立案3件", True, "only"), ("约谈5人", True, "tally"),
      ("问责1人", True, "only")],
     {"talks": 5, "cases_opened": 3, "accountability": 1}),
    # nothing tells them apart: the first, and the reason says values differ
    (("对4名干部进行了提醒谈话。", "约谈2名经办人员。"),
     [("对4名干部进行了提醒谈话", True, "first"), ("约谈2名经办人员", False, "other")],
     {"talks": 4}),
    # counts of people are never added within a sentence either
    (("查处案件81起处分81人，共计处分5人次。",),
     [("处分81人", True, "first"), ("处分5人次", False, "other")], {"discipline": 81}),
    # the same value stated twice
    (("反馈问题12个。", "对反馈问题12个逐项整改，建立完善制度6项。"),
     [("反馈问题12个", False, "other"), ("反馈问题12个", True, "agree"),
      ("建立完善制度6项", True, "only")],
     {"problems_fed_back": 12, "rules_made": 6}),
]


@pytest.mark.parametrize(("texts", "expected", "summary"), CHOICES,
                         ids=[c[0][0][:14] for c in CHOICES])
def test_choice(texts: tuple[str, ...], expected: list[tuple[str, bool, str]],
                summary: dict[str, float]):
    assert choices(*texts) == expected
    assert figures_summary(extract_figures(notice_of(*texts))) == summary


@pytest.mark.parametrize("key", sorted(SEED_FIGURES))
def test_seed_choice_is_one_sentence_per_label(key: str):
    """Every label shows exactly one sentence; only money adds several mentions of it."""
    figures = extract_figures(seed(key))
    assert all(f.reason in FIGURE_REASONS for f in figures)
    for label in {f.label for f in figures}:
        shown = [f for f in figures if f.label == label and f.chosen]
        assert len({(f.paragraph_id, f.sentence) for f in shown}) == 1
        assert len(shown) == 1 or label == "money_recovered"
        assert len({f.reason for f in shown}) == 1 and shown[0].reason in CHOSEN_REASONS
        assert all(f.reason not in CHOSEN_REASONS for f in figures
                   if f.label == label and not f.chosen)


def test_seed_003_shows_the_tally_and_keeps_the_rest():
    """上城: the inspectors' 9 leads are shown, all 26 leads are kept as another mention."""
    figures = {f.written: f for f in extract_figures(seed("003"))}
    assert (figures["移交的9件问题线索"].chosen, figures["移交的9件问题线索"].reason) == (
        True, "tally")
    assert (figures["26件问题线索"].chosen, figures["26件问题线索"].reason) == (False, "other")
    assert [w for w, f in figures.items() if f.label == "money_recovered" and f.chosen] == [
        "清退款项90.05万元", "挽回其他经济损失2966.92万元"]


def test_figures_in_text_leaves_the_choice_to_the_notice():
    assert {(f.chosen, f.reason) for f in figures_in_text("立案3件，诫勉2人。")} == {(False, "")}


# --------------------------------------------------------------------------- numbers

NUMBERS: list[tuple[str, float | None]] = [
    ("3", 3), ("12", 12), ("90.05", 90.05), ("１２", 12), ("1,200", 1200),
    ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("一十五", 15),
    ("一百", 100), ("一百零五", 105), ("一百一十", 110), ("三百二十一", 321),
    ("一千零一", 1001), ("两", 2), ("两千", 2000), ("零", 0), ("〇", 0),
    ("一万二千三百四十五", 12345), ("三万五千", 35000), ("十二万", 120000),
    ("一亿二千万", 1.2e8), ("一亿零五百万", 1.05e8), ("壹佰贰拾", 120),
    ("2966.92万", 29669200), ("90.05万", 900500), ("1.2亿", 1.2e8), ("350万", 3.5e6),
    ("5千万", 5e7), ("3万亿", 3e12), ("3万5千", 35000), ("1亿2000万", 1.2e8),
    ("二〇二一", 2021), ("一二三", 123),
    ("", None), ("   ", None), ("万", None), ("百", None), ("abc", None), ("12件", None),
    ("一百二三", None), ("三五", None), ("1.2.3", None), ("3五", None),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS, ids=[repr(n[0]) for n in NUMBERS])
def test_parse_chinese_number(text: str, value: float | None):
    assert parse_chinese_number(text) == value


def test_money_is_exact_in_yuan():
    """Decimal arithmetic: 90.05万 is 900500, not 900499.99999999."""
    assert parse_chinese_number("90.05万") == 900500.0
    assert parse_chinese_number("0.07万") == 700.0
