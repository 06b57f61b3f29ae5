"""Who issued a notice, and what kind of body that is.

The issuer is read, in order of trust, from the title (``中共X县财政局党组关于…``), the
signature, whom the inspectors reported back to (向X反馈), the page's 发布机构 line, and
last what the opening sentence implies: a body it defines with ``（以下简称…）``, the
unit it says was inspected, or a body it opens with (``某某市委高度重视…``). Names
keep everything inside them, brackets included (``中共某区文化和旅游局（某区文物局）
党组``); only a ``（以下简称…）`` is dropped.
"""

from __future__ import annotations

import re

from indexer.simplified import cut_matches, simplified

# What the name of an issuing body ends with.
ORG_SUFFIX = (r"(?:委员会|党委|党组|工委|党工委|纪委|[市县区州旗盟]委|省委|部|厅|局|办|办公室|"
              r"政府|公司|集团|大学|学院|医院|支部|总支|分局|中心|领导小组|管委会|委)")
# A name: characters that never occur in one, or a bracketed part (which may hold them).
_NAME = r"(?:[^\s，。,；;：:“”（）()]|[（(][^（）()\n]{1,40}[）)])"
ORG_NAME = rf"{_NAME}{{2,60}}?{ORG_SUFFIX}"  # 中共某区文化和旅游局（某区文物局，含…）党组
CENTRAL_RE = re.compile(r"^(?:中共)?(?:中央|国务院|全国|国家|中国|中华全国)")
_ISSUER_FROM_TITLE_RE = re.compile(rf"^({ORG_NAME})\s*关于")
_FEEDBACK_TARGET_RE = re.compile(
    r"向(.{2,20}?(?:委|党组|党委|工委))(?:[（(]以下简称[^）)]*[）)])?(?:领导班子|班子)?"
    r"(?:反馈|进行了反馈|作了反馈)")
# 交通运输部党组（以下简称部党组）: a body the opening names and then abbreviates.
_DEFINED_RE = re.compile(
    rf"(?:^|[对向和与，,。；;])((?:中共)?[^\s，。,；;：:“”（）()对向]{{2,30}}?{ORG_SUFFIX})"
    r"[（(]以下简称")
# 市委巡察组对某某县财政局党组进行了巡察: the inspected unit, when it is a body.
_INSPECTED_RE = re.compile(
    rf"对((?:中共)?[^\s，。,；;：:“”（）()]{{2,30}}?{ORG_SUFFIX})(?:[（(]以下简称[^）)]*[）)])?"
    r"(?:领导班子|班子)?(?:进行了|开展了|开展|进行)")
# 某某市委高度重视…: the body a notice without title or signature opens with.
_OPENS_WITH_RE = re.compile(
    rf"^((?:中共)?[^\s，。,；;：:“”（）()]{{2,30}}?{ORG_SUFFIX})"
    r"(?=高度重视|始终|坚持|认真|把|将|召开|严格|深入|全面|迅速|立即|针对|按照)")
_PARENS_RE = re.compile(r"[（(]以下简称[^）)]*[）)]")
_FIRST_PERSON_RE = re.compile(r"^(?:我|本)(?:局|委|院|单位|部|厅|办|市|县|区|镇|校|公司|中心)")
MIN_OPENING_NAME = 4  # 市委高度重视… names no one; 某某市委 or 县财政局党组 does


def _slice(text: str, pattern: re.Pattern[str], at_start: bool = False) -> str:
    """Group 1 of the first match on the view of ``text``, as published."""
    view = simplified(text)
    m = pattern.match(view) if at_start else pattern.search(view)
    return text[m.start(1):m.end(1)] if m else ""


def find_issuer(title: str, signature_org: str, opening: str, publisher: str) -> str:
    """Who issued the notice, as published (see the module docstring for the order).

    First-person names (我局, 本单位) say nothing about who "I" am, so they are skipped.
    """
    first = re.split(r"(?<=[。；;])", opening, maxsplit=1)[0]
    starts = _slice(first, _OPENS_WITH_RE, at_start=True)
    candidates = [
        _slice(title, _ISSUER_FROM_TITLE_RE, at_start=True),
        signature_org,
        _slice(opening, _FEEDBACK_TARGET_RE),
        publisher,
        _slice(opening, _DEFINED_RE),
        _slice(first, _INSPECTED_RE),
        starts if len(starts.removeprefix("中共")) >= MIN_OPENING_NAME else "",
    ]
    for candidate in candidates:
        candidate = cut_matches(candidate or "", _PARENS_RE).strip()
        if candidate and not _FIRST_PERSON_RE.match(simplified(candidate)):
            return candidate
    return ""


# Division words a name may hold, longest first at each position (自治区 before 区).
_DIVISION_RE = re.compile(r"自治区|地区|省|市|州|盟|县|区|旗")
_TIERS = {"自治区": "provincial", "省": "provincial", "地区": "prefecture", "市": "prefecture",
          "州": "prefecture", "盟": "prefecture", "县": "county", "区": "county", "旗": "county"}
# Words that contain a division character without naming a division.
_NOT_DIVISION_RE = re.compile(r"市场|城市|都市|超市|区域|社区|校区|辖区|园区|景区|片区|小区|省份")


def issuer_tier(issuer: str) -> str:
    """provincial | prefecture | county from the last division word of the issuer's name.

    ``中共某某县财政局党组`` → county, ``某某市交通运输局`` → prefecture, ``中共某某省委`` →
    provincial; "" when the name holds no division word (``自然资源部党组``). This reads
    only the *form* of the name, for when its place is not in the gazetteer.
    """
    view = _NOT_DIVISION_RE.sub(lambda m: "□" * len(m.group()), simplified(issuer))
    words = _DIVISION_RE.findall(view)
    return _TIERS[words[-1]] if words else ""
