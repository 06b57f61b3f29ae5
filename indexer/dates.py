"""Date mentions in notice text, as ISO strings.

Notices write dates as ``2021年11月8日``, ``2022-07-01 10:07:39``, ``2025年02月17日``,
``11月11日`` (year implied by an earlier mention), or only a month (``2022年7月``,
``8月下旬``). A date without a year inherits it from the nearest preceding dated
mention, as a reader would ("2019年4月1日至5月31日 … 8月29日反馈" is all 2019).
Month-only mentions become reduced-precision ISO ``YYYY-MM``: we never invent a day.

A *status* date (``截至2025年6月30日``) says how far the rectification had got by
then; it is marked so the parser can keep it out of the inspection/feedback fields.

Scraping sometimes loses 年 and 月 (``2024717日至830日``). Such a date is restored only
when its digits allow one reading, and is marked ``rebuilt`` so that the parser keeps
it only where it agrees with the notice's other dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from analysis.numerals import chinese_integer
from analysis.vocab import date_basis

_NUM = r"\d{1,2}"
# One regex for every form; named groups tell which form matched. The ISO form must
# not be the tail of a longer number (a phone number "0335-3926091" is no date).
DATE_RE = re.compile(
    r"(?<![\d.\-/])(?P<iso>(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))(?!\d)"
    r"|(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?<![\d.])(?P<m>" + _NUM + r")\s*月"
    r"(?:\s*(?P<d>" + _NUM + r")\s*[日号])?"
    r"(?:上旬|中旬|下旬|初|底|末)?"  # 8月下旬, 9月底: kept at month precision
    # A bare day closing a range ("12月5日至6日") takes its year and month from the left.
    r"|(?<=[至到\-—~～])\s*(?P<od>" + _NUM + r")\s*[日号]"
    # A year alone ("2019年以来", "2023年，…") is no date, but later yearless dates are in it.
    r"|(?<!\d)(?P<by>(?:19|20)\d\d)\s*年(?!\s*\d)"
    # Damaged by scraping: 年 and/or 月 lost ("2024717日至830日", "20247月17日",
    # "2024年717日", "914日"). The digits are split into month and day only where a
    # single split is a valid date; see _rebuild.
    r"|(?<![\d.\-/])(?P<ry>(?:19|20)\d\d)(?:年)?(?P<rmd>\d{2,4})[日号]"
    r"|(?<![\d.\-/])(?P<gy>(?:19|20)\d\d)(?P<gm>\d{1,2})月(?P<gd>\d{1,2})[日号]"
    r"|(?<![\d.\-/年月第])(?P<xmd>\d{3,4})[日号](?!内|以内|之内|后|前|左右|余|天)"
)
# 截至/截止(到) before a date make it a status date rather than an event date. ("至"
# alone joins a range, "4月1日至5月31日", and says nothing of the kind.)
_STATUS_BEFORE_RE = re.compile(r"截[至止][到至]?\s*$")
# Words before a count of days (历时120日), which a damaged date must not be read in.
_DURATION_BEFORE = frozenset(
    {"历时", "共计", "累计", "为期", "用时", "长达", "超过", "持续", "期限"})


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str  # YYYY-MM-DD, or YYYY-MM when no day is given; "" when no year is known
    year_given: bool
    status: bool = False  # preceded by 截至/截止: a progress checkpoint, not an event
    rebuilt: bool = False  # 年/月 were lost and restored: check it against the other dates


def _rebuild(digits: str, year: int | None) -> tuple[int, int] | None:
    """(month, day) when ``digits`` (717, 0830, 1015) split into exactly one valid date.

    ``111`` may be 1月11日 or 11月1日, so it gives nothing: a damaged date is restored
    only when there is no choice to make.
    """
    splits = {(int(digits[:k]), int(digits[k:])) for k in (1, 2)
              if k < len(digits) and len(digits) - k <= 2}
    valid = [(m, d) for m, d in splits if _valid(year, m, d)]
    return valid[0] if len(valid) == 1 else None


def _valid(y: int | None, m: int, d: int | None) -> bool:
    """Month 1–12 and a day that exists in that month (Feb 29 only in leap years)."""
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    return 1 <= d <= calendar.monthrange(y if y is not None else 2000, m)[1]


def _is_status(text: str, start: int) -> bool:
    return _STATUS_BEFORE_RE.search(text[max(0, start - 5):start]) is not None


def find_dates(text: str, year: int | None = None) -> list[DateMention]:
    """Every date mention in ``text``, left to right, years inherited forward.

    ``year`` seeds the inheritance (e.g. a year known from an earlier paragraph).
    """
    out: list[DateMention] = []
    current = year
    for m in DATE_RE.finditer(text):
        if m.group("by"):
            current = int(m.group("by"))
            continue
        if m.group("od"):
            prev = out[-1] if out else None
            if prev is None or prev.end < m.start() - 2 or len(prev.iso) != 10:
                continue
            y, mo, d = int(prev.iso[:4]), int(prev.iso[5:7]), int(m.group("od"))
            if _valid(y, mo, d) and d > int(prev.iso[8:]):
                iso = f"{y:04d}-{mo:02d}-{d:02d}"
                out.append(DateMention(m.start("od"), m.end(), iso, False))
            continue
        rebuilt = False
        if m.group("iso"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
            given = True
        elif m.group("rmd") or m.group("xmd"):
            if m.group("xmd") and text[max(0, m.start() - 2):m.start()] in _DURATION_BEFORE:
                continue  # 历时120日: a number of days, not 1月20日
            given = m.group("ry") is not None
            y = int(m.group("ry")) if given else current
            current = y
            split = _rebuild(m.group("rmd") or m.group("xmd"), y)
            if split is None:  # a date was there, but which one cannot be told
                out.append(DateMention(m.start(), m.end(), "", given, _is_status(text, m.start()),
                                       rebuilt=True))
                continue
            (mo, d), rebuilt = split, True
        elif m.group("gm"):
            y, mo, d = int(m.group("gy")), int(m.group("gm")), int(m.group("gd"))
            given = rebuilt = True
        else:
            mo = int(m.group("m"))
            d = int(m.group("d")) if m.group("d") else None
            given = m.group("y") is not None
            y = int(m.group("y")) if given else current
        if not _valid(y, mo, d):
            continue
        if given:
            current = y
        if y is None:
            iso = ""
        elif d is None:
            iso = f"{y:04d}-{mo:02d}"
        else:
            iso = f"{y:04d}-{mo:02d}-{d:02d}"
        out.append(DateMention(m.start(), m.end(), iso, given, _is_status(text, m.start()),
                               rebuilt))
    return out


def parse_date(text: str) -> str:
    """The first date in ``text`` that states its year, as ISO, or "".

    Used for furniture fields and crawler columns, where a yearless "8月29日" has
    nothing to inherit from and must not become a date.
    """
    for mention in find_dates(text):
        if mention.year_given:
            return mention.iso
    return ""


_ONLY_DATE_RE = re.compile(
    r"^\s*[（(]?\s*(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|[二〇○零一三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)"
    r"\s*[）)]?\s*$"
)


def is_date_line(line: str) -> bool:
    """True for a line that is only a date, like a signature date ``2020年1月8日``.

    A date followed by a clock time is a page's posting stamp, not a signature, so
    it is not a date line (see :func:`indexer.boilerplate.furniture`).
    """
    return bool(_ONLY_DATE_RE.match(line))


_CN_DATE_RE = re.compile(
    r"([二〇○零一三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日")


def signature_date(line: str) -> str:
    """ISO date of a signature line, including the 二〇二〇年一月八日 form."""
    m = _CN_DATE_RE.search(line)
    if m:
        y, mo, d = (chinese_integer(g) for g in m.groups())
        if y is None or mo is None or d is None:  # malformed numeral such as 十十
            return ""
        return f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else ""
    return parse_date(line)


# Dates CMSs write into a page's URL path: /c/2023-01-29/, /art/2021/8/30/, /202206/23/,
# /2022/0623/, and a compact stamp before an id (/2022062385508.html, /t20220623_1.html).
_URL_DATE_RES = (
    re.compile(r"(?<!\d)((?:19|20)\d\d)([-/_])(\d{1,2})\2(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)()(\d{2})/(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)/()(\d{2})(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d\d)()(\d{2})(\d{2})"),
)


def url_date(url: str) -> str:
    """The date a page's URL path carries, as ISO, or "" (the host is never read).

    Used as a posting date only when nothing on the page gives one, and marked so.
    """
    path = re.sub(r"^[a-z]+://[^/]*", "", url.strip(), flags=re.IGNORECASE)
    for pattern in _URL_DATE_RES:
        for m in pattern.finditer(path):
            y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if _valid(y, mo, d):
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return ""


def notice_year(published_date: str, feedback_date: str, inspection_start: str
                ) -> tuple[int | None, str]:
    """(year, basis) of a notice: the year of :func:`analysis.vocab.date_basis`."""
    dated, basis = date_basis(published_date, feedback_date, inspection_start)
    return (int(dated[:4]) if dated else None), basis
