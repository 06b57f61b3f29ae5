"""Site furniture: lines a web page wraps around a notice.

Breadcrumbs, 来源/发布时间 bars, view counters, font-size switches, share and print
buttons, copyright and ICP lines, metadata tables and CMS leftovers are not part of
the notice, so they must never become searchable paragraphs — but some of them say
something true about the notice (its source, posting date, written date, title),
which we harvest. :func:`furniture` answers both questions for one line.
"""

from __future__ import annotations

import re

from indexer.dates import parse_date
from indexer.simplified import simplified

# Field labels that furniture bars glue together ("12:42:06来源:", "更新时间:2025-04-10浏览次数:").
_SOURCE_LABELS = ("来源", "信息来源", "文章来源", "稿件来源")
_POSTED_LABELS = ("发布时间", "发布日期", "发稿时间", "更新时间", "发文日期", "时间", "日期")
_WRITTEN_LABELS = ("成文日期",)
_TITLE_LABELS = ("标题", "文件名称", "名称")
_PUBLISHER_LABELS = ("发布机构", "发文机关")
_OTHER_LABELS = (
    "作者", "编辑", "责任编辑", "责编", "审核", "阅读量", "阅读次数", "浏览次数", "浏览量", "浏览",
    "点击数", "点击量", "访问量", "字号", "字体", "索引号", "主题分类", "文号", "发文字号",
    "主题词", "分类", "体裁分类", "有效性", "生效日期", "失效日期", "类型", "栏目",
)
_ALL_LABELS = (_SOURCE_LABELS + _POSTED_LABELS + _WRITTEN_LABELS + _TITLE_LABELS
               + _PUBLISHER_LABELS + _OTHER_LABELS)
# Longest label first, so 成文日期 is read as itself and not as 日期.
_LABEL_RE = re.compile(
    r"(" + "|".join(sorted(map(re.escape, _ALL_LABELS), key=len, reverse=True)) + r")\s*[:：]"
)
_DATE = r"(?:19|20)\d\d(?:[-/.]\d{1,2}[-/.]\d{1,2}|\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
# A posting stamp alone on a line: a date *with a clock time* (signatures have none).
_STAMP_RE = re.compile(rf"^({_DATE})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?$")
_VALUE_END_RE = re.compile(r"\s{2,}|[|｜【\[]")

_WHOLE_LINE_RES = [
    re.compile(p)
    for p in (
        r"[>＞»]\s*(?:正文|巡视巡察|工作动态|通知公告)\s*$",
        r"^[【\[]?\s*字[号体]\s*[:：]?\s*[大中小]",
        r"[【\[]\s*(?:打印|关闭|返回顶部|打印本页|关闭窗口)",
        r"^(?:分享到|分享至|扫一扫|打印|关闭|返回|返回顶部|关闭窗口|打印本页|上一篇|下一篇|相关链接|"
        r"附件)\s*[:：]?",
        r"(?:©|版权所有|Copyright|ICP备|ICP证|网站标识码|公网安备|技术支持\s*[:：]|主办单位\s*[:：]|"
        r"承办单位\s*[:：])",
        r"^(?:扫一扫在手机打开当前页|在手机上打开|手机版|微信扫一扫)",
    )
]
# Breadcrumbs: 当前位置：首页 > 巡视巡察 > 中共…的通报. What follows the match is the trail.
_BREADCRUMB_RE = re.compile(
    r"^(?:(?:您当前的位置|您现在的位置|当前位置|您的位置|现在位置|所在位置)\s*[:：]?\s*"
    r"|(?=首页\s*[>＞»/]))")
MAX_FURNITURE_CHARS = 120
_CMS_RE = re.compile(r"^[【\[]\s*类型\s*[:：].*[|｜].*[】\]]$")  # 【类型:…|标题:…】
_URL_RE = re.compile(r"^(?:https?://|www\.)\S+$")


def _fields(view: str) -> list[tuple[str, int, int]]:
    """``label: value`` pairs of a furniture bar as (label, value start, value end), values
    cut at the next label and trimmed."""
    found = list(_LABEL_RE.finditer(view))
    pairs = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        start, end = m.end(), nxt.start() if nxt else len(view)
        while start < end and view[start].isspace():
            start += 1
        while end > start and view[end - 1].isspace():
            end -= 1
        pairs.append((m.group(1), start, end))
    return pairs


def _harvest(line: str, view: str, pairs: list[tuple[str, int, int]], lead: str = ""
             ) -> dict[str, str]:
    """What a bar's fields say about the notice; ``lead`` is text before the first label.

    Values are read on the view and returned as published (a traditional 來源 stays so).
    """
    out: dict[str, str] = {}
    if iso := parse_date(lead):
        out["posted"] = iso
    for label, start, end in pairs:
        value = view[start:end]
        cut = _VALUE_END_RE.search(value)
        short = line[start:start + (cut.start() if cut else len(value))].strip(" \u00a0")
        if label in _SOURCE_LABELS and short:
            out.setdefault("source", short)
        elif label in _POSTED_LABELS and (iso := parse_date(value)):
            out.setdefault("posted", iso)
        elif label in _WRITTEN_LABELS and (iso := parse_date(value)):
            out.setdefault("written", iso)
        elif label in _TITLE_LABELS and value:
            out.setdefault("title", line[start:end].strip(" \u00a0【】[]|｜"))
        elif label in _PUBLISHER_LABELS and short:
            out.setdefault("publisher", short)
    return out


def cms_title(line: str) -> tuple[int, int] | None:
    """Span of the 标题 value when ``line`` is CMS title markup (【类型:…|标题:…】), else None.

    Such lines are not furniture: above the text they give the title, inside it they
    head a section, so the parser decides what they are.
    """
    view = simplified(line)
    if not _CMS_RE.match(view):
        return None
    inner = view.replace("|", " ").replace("｜", " ")  # same length: spans stay valid
    for label, start, end in _fields(inner):
        if label in _TITLE_LABELS and start < end:
            while end > start and view[end - 1] in "】] ":
                end -= 1
            return start, end
    return None


def furniture(line: str) -> dict[str, str] | None:
    """If ``line`` is site furniture, return what it tells (possibly ``{}``); else None.

    Keys: ``source`` (来源), ``posted`` (posting date, ISO), ``written`` (成文日期,
    ISO), ``title`` (标题 of a metadata table), ``publisher`` (发布机构), ``url`` (a
    bare URL line), ``crumb`` (the last step of a breadcrumb, which may be the title).
    Matching runs on the simplified view, so a traditional 來源 bar is furniture too.
    """
    text = line.strip()
    if not text:
        return {}
    view = simplified(text)
    if m := _STAMP_RE.match(view):
        return {"posted": parse_date(m.group(1))}
    if _URL_RE.match(text):
        return {"url": text}
    if _CMS_RE.match(view):
        return None
    first = _LABEL_RE.search(view)
    if first is not None:
        # A furniture bar is "label: value" pairs, perhaps bracketed or after a posting
        # date ("2025年02月17日 17:21 来源：…", "(编辑:某某 日期:2016年04月30日 浏览: )");
        # a sentence that happens to contain "时间:" is not: it has sentence punctuation
        # or prose before the label.
        lead = view[:first.start()]
        lead_ok = not lead.strip(" ([（【") or re.fullmatch(
            rf"\s*{_DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*", lead) is not None
        if lead_ok and not re.search(r"[。；]", view) and len(view) <= 200:
            return _harvest(text, view, _fields(view), lead)
    # Furniture is short; a paragraph that mentions 版权所有 or ICP in a sentence is
    # text (dropping it would change counts), and so is a notice saved as one line.
    if len(view) <= MAX_FURNITURE_CHARS and not re.search(r"[。；]", view):
        if crumbs := _BREADCRUMB_RE.match(view):
            last = re.split(r"[>＞»]", text[crumbs.end():])[-1].strip()
            return {"crumb": last} if last else {}
        for pattern in _WHOLE_LINE_RES:
            if pattern.search(view):
                return {}
    return None
