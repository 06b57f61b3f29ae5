"""The title among the lines above the text: site names, channels, repeated or wrapped titles."""

from __future__ import annotations

import re

from indexer.boilerplate import cms_title
from indexer.dates import is_date_line, parse_date, signature_date
from indexer.parse.issuer import ORG_SUFFIX
from indexer.simplified import cut_matches, simplified

_TITLE_END_RE = re.compile(r"(?:通报|报告|公告|公示|情况)$")
_TAG_PREFIX_RE = re.compile(r"^(?:[【\[][^】\]]{1,12}[】\]]\s*|[•·●◆◇■□▪▫▶►▸★☆※→>＞*]+\s*)+")
# Site and column names glued before a title (…门户网站…政务公告中共…关于…的通报).
_SITE_WORDS_RE = re.compile(r"门户网站|网站|门户网|政务公告|通知公告|公告公示|工作动态|信息公开|"
                            r"政务公开|党务公开")
_TRAILING_DATE_RE = re.compile(
    r"\s*[（(]?\s*((?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[）)]?$")
CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE_RE = re.compile(rf"(?<=[{CJK}“”（）()])[\s\u00a0\u3000]+(?=[{CJK}“”（）()])")
_ORG_END_RE = re.compile(rf"{ORG_SUFFIX}$")


def split_title(line: str) -> tuple[str, str]:
    """(title, ISO date printed beside it) with tag prefixes and stray spaces removed.

    ``【巡察整改】中共X县委 关于…的通报 2026-02-13`` → (``中共X县委关于…的通报``,
    ``2026-02-13``): list pages print the posting date on the title line. Matching
    reads the simplified view; the title keeps the published characters.
    """
    text = line.strip()
    if span := cms_title(text):  # 【类型:…|标题:…】 above the text names the title
        text = text[span[0]:span[1]]
    view = simplified(text)
    if m := _TAG_PREFIX_RE.match(view):
        text, view = text[m.end():], view[m.end():]
    if cut := _site_prefix_end(view):
        text, view = text[cut:], view[cut:]
    date = ""
    if m := _TRAILING_DATE_RE.search(view):
        date = parse_date(m.group(1))
        text, view = text[:m.start()], view[:m.start()]
    return cut_matches(text, _CJK_SPACE_RE).strip(), date


def _site_prefix_end(view: str) -> int:
    """Where the title proper starts when a site and column name are glued before it.

    Only text before 关于 is considered: a 中共 after the start begins the issuer, else
    the title starts after the last site or column word. A title that starts with 中共
    has nothing glued before it.
    """
    head = view[:max(0, view.find("关于"))]
    if not head or head.startswith("中共"):
        return 0
    if (at := head.rfind("中共")) > 0:
        return at
    ends = [m.end() for m in _SITE_WORDS_RE.finditer(head)]
    return ends[-1] if ends else 0


def clean_title(line: str) -> str:
    """A title without tag prefixes (【巡察整改】), trailing dates or stray spaces."""
    return split_title(line)[0]


def looks_like_title(text: str) -> bool:
    t = simplified(clean_title(text))
    return 8 <= len(t) <= 120 and (
        bool(_TITLE_END_RE.search(t)) and ("关于" in t or "巡视" in t or "巡察" in t)
    ) and not re.search(r"[。；]", t)


def _joins(first: str, second: str) -> bool:
    """Whether two lead lines are one title wrapped in two (``…关于巡视`` / ``整改情况的通报``).

    Only a line that breaks off inside the title qualifies — one holding 关于 or ending
    on an organisation, or followed by a line starting 关于 — so a channel name such as
    ``巡视巡察`` is never glued onto the title below it.
    """
    first_t, second_t = simplified(clean_title(first)), simplified(clean_title(second))
    if looks_like_title(first) or not looks_like_title(first_t + second_t):
        return False
    return "关于" in first_t or second_t.startswith("关于") or bool(_ORG_END_RE.search(first_t))


def is_title_markup(line: str) -> bool:
    """CMS title markup whose 标题 reads as the notice's title (not a section's)."""
    return cms_title(line) is not None and looks_like_title(line)


def is_prose(line: str) -> bool:
    """A sentence (site names, channels and titles never end one), or a long clause.

    Commas inside brackets do not count: issuer names hold them (…（某区文物局，含…）党组).
    """
    unbracketed = re.sub(r"[（(][^（）()]*[）)]", "", line)
    return bool(re.search(r"[。；;]", line)
                or (re.search(r"[，,]", unbracketed) and len(line) > 25))


def find_title(lead: list[str]) -> tuple[str, str]:
    """(title, date printed on or under the title) among the lines above the text.

    The lead holds site names, channels and the title, perhaps repeated or wrapped;
    the longest title-like candidate wins. A date beside the title or alone on a
    line of the lead is the page's posting date.
    """
    title, date = "", ""
    i = 0
    while i < len(lead):
        candidate = lead[i]
        if is_date_line(candidate):
            date = date or signature_date(candidate)
        if i + 1 < len(lead) and _joins(candidate, lead[i + 1]):
            candidate = clean_title(candidate) + lead[i + 1]
            i += 1
        if looks_like_title(candidate):
            text, on_line = split_title(candidate)
            if len(text) > len(title):
                title = text
            date = date or on_line
        i += 1
    return title, date
