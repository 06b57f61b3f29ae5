"""Site furniture: lines a web page wraps around a notice.

Breadcrumbs, 来源/发布时间 bars, view counters, font-size switches, share and print
buttons, copyright and ICP lines, metadata tables and CMS leftovers are not part of
the notice, so they must never become searchable paragraphs — but some of them say
something true about the notice (its source and posting date), which we harvest.
:func:`furniture` answers both questions for one line.
"""

from __future__ import annotations

import re

from indexer.dates import parse_date

# Field labels that furniture bars glue together ("12:42:06来源:", "更新时间:2025-04-10浏览次数:").
_FIELD_LABELS = (
    "来源", "信息来源", "文章来源", "稿件来源", "发布时间", "发布日期", "发文日期", "发稿时间", "更新时间",
    "时间", "日期", "作者", "编辑", "责任编辑", "责编", "审核", "阅读量", "阅读次数", "浏览次数",
    "浏览量", "点击数", "点击量", "访问量", "字号", "字体", "索引号", "发布机构", "成文日期",
    "主题分类", "文号", "发文机关", "主题词", "分类", "体裁分类", "有效性", "生效日期",
)
_LABEL_RE = re.compile(
    r"(" + "|".join(sorted(map(re.escape, _FIELD_LABELS), key=len, reverse=True)) + r")\s*[:：]"
)
_SOURCE_RE = re.compile(r"(?:信息|文章|稿件)?来源\s*[:：]\s*(.+?)(?=\s{2,}|\s*(?:"
                        + "|".join(map(re.escape, _FIELD_LABELS)) + r")\s*[:：]|$)")
_DATE = r"(?:19|20)\d\d(?:[-/.]\d{1,2}[-/.]\d{1,2}|\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
_POSTED_RE = re.compile(
    r"(?:(?:发布时间|发布日期|发稿时间|更新时间|发文日期|日期|时间)\s*[:：]\s*|^)(" + _DATE + ")")
_WRITTEN_RE = re.compile(r"成文日期\s*[:：]\s*(\S+)")

_WHOLE_LINE_RES = [
    re.compile(p)
    for p in (
        r"^(?:您当前的位置|您现在的位置|当前位置|您的位置|现在位置|所在位置)",
        r"^首页\s*[>＞»/]",
        r"[>＞»]\s*(?:正文|巡视巡察|工作动态|通知公告)\s*$",
        r"^[【\[]?\s*字[号体]\s*[:：]?\s*[大中小]",
        r"[【\[]\s*(?:打印|关闭|返回顶部|打印本页|关闭窗口)",
        r"^(?:分享到|分享至|扫一扫|打印|关闭|返回|返回顶部|关闭窗口|打印本页|上一篇|下一篇|相关链接|附件)\s*[:：]?",
        r"(?:©|版权所有|Copyright|ICP备|ICP证|网站标识码|公网安备|技术支持\s*[:：]|主办单位\s*[:：]|承办单位\s*[:：])",
        r"^[【\[]\s*类型\s*[:：].*[|｜].*[】\]]$",  # CMS markup 【类型:…|标题:…】
        r"^(?:https?://|www\.)\S+$",  # a bare URL
        r"^(?:扫一扫在手机打开当前页|在手机上打开|手机版|微信扫一扫)",
    )
]


def furniture(line: str) -> dict[str, str] | None:
    """If ``line`` is site furniture, return what it tells (possibly ``{}``); else None.

    Keys: ``source`` (来源), ``posted`` (posting date, ISO), ``written`` (成文日期, ISO),
    ``url`` (a bare URL line).
    """
    text = line.strip()
    if not text:
        return {}
    harvested: dict[str, str] = {}
    labels = _LABEL_RE.findall(text)
    is_bar = False
    if labels:
        # A furniture bar is mostly "label: value" pairs; a sentence that happens to
        # contain "时间:" is not. Require a label at the very start, and little prose.
        starts_with_label = _LABEL_RE.match(text) is not None or bool(
            re.match(r"^(?:19|20)\d\d[-年]", text))
        no_sentence = not re.search(r"[。；]", text)
        is_bar = starts_with_label and no_sentence and len(text) <= 160
    if is_bar:
        if m := _SOURCE_RE.search(text):
            harvested["source"] = m.group(1).strip(" \u00a0|｜")
        if m := _POSTED_RE.search(text):
            if iso := parse_date(m.group(1)):
                harvested["posted"] = iso
        if m := _WRITTEN_RE.search(text):
            if iso := parse_date(m.group(1)):
                harvested["written"] = iso
        return harvested
    for pattern in _WHOLE_LINE_RES:
        if pattern.search(text):
            if re.match(r"^(?:https?://|www\.)\S+$", text):
                harvested["url"] = text
            return harvested
    return None
