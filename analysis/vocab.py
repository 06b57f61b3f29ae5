"""Domain vocabularies: the fixed values notices are described with, and their rules.

Each is defined once and read by the parser (what it may emit), the index (column
codes, bit positions) and search (filters, facets, sorting, URL aliases).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# 巡视 is carried out by the central and provincial Party committees, 巡察 by city
# and county committees over the bodies below them.
INSPECTION_KINDS = ("巡视", "巡察")

# Marks on a round of inspection: a follow-up visit (回头看), a special-topic (专项),
# an unannounced (机动) or a raised-level (提级) inspection. The order is the bit
# order of the flags column.
FLAGS = ("回头看", "专项", "机动", "提级")

# Administrative level of the inspected body, top down (also the facet's order).
LEVELS = ("central", "provincial", "prefecture", "county")
LEVEL_ALIASES = {
    "central": "central", "中央": "central", "中央级": "central",
    "provincial": "provincial", "province": "provincial", "省": "provincial", "省级": "provincial",
    "prefecture": "prefecture", "city": "prefecture", "市": "prefecture", "市级": "prefecture",
    "地级": "prefecture", "地市级": "prefecture",
    "county": "county", "县": "county", "县级": "county", "区县": "county", "县区": "county",
}

# What a paragraph is within its notice.
PARAGRAPH_KINDS = ("heading", "body", "closing")

# Rectification figures (indexer.figures): English key (stable: the index, exports and
# tests use it) -> canonical Chinese label.
FIGURE_LABELS: dict[str, str] = {
    "problems_fed_back": "反馈问题",  # 反馈的N个(具体)问题, 反馈问题N个/项, 四个方面11类18个问题
    "problems_rectified": "已完成整改问题",  # 反馈的31个问题，目前已完成22个
    "measures": "整改措施",  # 整改措施N项/条, N项整改(细化)举措
    "cases_opened": "立案",  # 立案(审查调查)N件/起
    "cases_closed": "结案",  # 结案N件; 了结/办结/审结 only right after 立案N件
    "discipline": "处分",  # 党纪政务处分, 党政纪处分, 纪律处分, bare 处分: kind not told
    "party_discipline": "党纪处分",
    "government_discipline": "政务处分",  # also 政纪处分, 行政处分
    "organizational_handling": "组织处理",
    "admonishment": "诫勉",  # 诫勉, 诫勉谈话, 诫勉处理/处分
    "talks": "谈话提醒",  # 谈话提醒, 提醒谈话, 约谈(提醒), 教育谈话
    "accountability": "问责",  # 问责(追责), 追责问责
    "money_recovered": "挽回经济损失",  # 清退, 追缴, 追回, 收缴, 退缴, 挽回, 退赔, 退回, 退还 … 元
    "rules_made": "建立完善制度",  # 建立完善制度N项, 完善制度N件, 出台机制N项, 建章立制N项
    "leads_received": "问题线索",  # 移交/受理/接收/处置 … 线索 N件, N件问题线索
    "leads_closed": "问题线索办结",  # … 线索 … 已办结/了结/销号 N件
    "petitions": "信访件",  # 移交的N件信访件, 信访件/信访举报 N件
    "petitions_closed": "信访件办结",  # … 信访件 … 已办结 N件
}

# Why a figure mention is (not) the one the figures table shows (the rule:
# indexer.figures' module docstring).
FIGURE_REASONS: dict[str, str] = {
    "only": "仅此一处",  # chosen: the label is stated in one sentence only
    "agree": "各处数值相同",  # chosen: every other mention gives the same value
    "tally": "取自汇总段落",  # chosen: values differ; the tally paragraph/sentence wins
    "first": "取最先出现的",  # chosen: values differ, nothing tells them apart
    "other": "表中取了另一处",  # not chosen: the table shows another sentence
    "part": "前一数字的分项",  # not chosen: a breakdown (其中/含/括号) of an earlier figure
    "in_total": "已含在同句合计中",  # not chosen: money whose sentence states the total
}


def canonical_level(value: str) -> str:
    """``县级`` / ``County`` → ``county``; an unknown value is returned as typed."""
    value = value.strip()
    return LEVEL_ALIASES.get(value.casefold(), value)


def date_basis(published: str, feedback: str, inspection: str) -> tuple[str, str]:
    """The date a notice is known by, and which date it is: published, else the
    feedback of the inspection findings, else the start of the inspection."""
    for value, basis in ((published, "published"), (feedback, "feedback"),
                         (inspection, "inspection")):
        if value:
            return value, basis
    return "", ""


def notice_date(meta: Mapping[str, Any]) -> str:
    """:func:`date_basis` of a notice's metadata (ISO ``YYYY-MM-DD`` or ``YYYY-MM``)."""
    return date_basis(meta.get("published_date") or "", meta.get("feedback_date") or "",
                      meta.get("inspection_start") or "")[0]


def date_number(iso: str) -> int:
    """``2016-11-09`` → 20161109, ``2016-11`` → 20161100 (sorts before its days); 0 if none."""
    digits = iso.replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0
