"""Date mentions in notice text, as ISO strings.

Notices write dates as ``2021年11月8日``, ``2022-07-01 10:07:39``, ``2025年02月17日``,
``11月11日`` (year implied by an earlier mention), or only a month (``2022年7月``).
A date without a year inherits it from the nearest preceding dated mention, as a
reader would ("2019年4月1日至5月31日 … 8月29日反馈" is all 2019). Month-only mentions
become reduced-precision ISO ``YYYY-MM``: we never invent a day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_NUM = r"\d{1,2}"
# One regex for every form; named groups tell which form matched.
DATE_RE = re.compile(
    r"(?P<iso>(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))(?![\d])"
    r"|(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?P<m>" + _NUM + r")\s*月"
    r"(?:\s*(?P<d>" + _NUM + r")\s*[日号])?"
    r"(?P<part>上旬|中旬|下旬|初|底|末)?"
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str  # YYYY-MM-DD, or YYYY-MM when no day is given; "" when no year is known
    year_given: bool


def _valid(y: int, m: int, d: int | None) -> bool:
    if not (1 <= m <= 12):
        return False
    return d is None or 1 <= d <= 31


def find_dates(text: str, year: int | None = None) -> list[DateMention]:
    """Every date mention in ``text``, left to right, years inherited forward.

    ``year`` seeds the inheritance (e.g. a year known from an earlier paragraph).
    """
    out: list[DateMention] = []
    current = year
    for m in DATE_RE.finditer(text):
        if m.group("iso"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
            given = True
        else:
            mo = int(m.group("m"))
            d = int(m.group("d")) if m.group("d") else None
            given = m.group("y") is not None
            y = int(m.group("y")) if given else current
        if not _valid(y or 2000, mo, d):
            continue
        if given:
            current = y
        if y is None:
            iso = ""
        elif d is None:
            iso = f"{y:04d}-{mo:02d}"
        else:
            iso = f"{y:04d}-{mo:02d}-{d:02d}"
        out.append(DateMention(m.start(), m.end(), iso, given))
    return out


def parse_date(text: str) -> str:
    """The first full or partial date in ``text`` as ISO, or "" (used for furniture fields)."""
    for mention in find_dates(text):
        if mention.iso:
            return mention.iso
    return ""


_ONLY_DATE_RE = re.compile(
    r"^\s*[（(]?\s*(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|[二〇○零一三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"\s*[）)]?\s*$"
)


def is_date_line(line: str) -> bool:
    """True for a line that is only a date, like a signature date ``2020年1月8日``."""
    return bool(_ONLY_DATE_RE.match(line))


def _cn_number(s: str) -> int:
    if all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total = 0
    if "十" in s:
        tens, _, ones = s.partition("十")
        total = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
        return total
    return _CN_DIGITS[s]


_CN_DATE_RE = re.compile(r"([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")


def signature_date(line: str) -> str:
    """ISO date of a signature line, including the 二〇二〇年一月八日 form."""
    m = _CN_DATE_RE.search(line)
    if m:
        y, mo, d = (_cn_number(g) for g in m.groups())
        if _valid(y, mo, d):
            return f"{y:04d}-{mo:02d}-{d:02d}"
        return ""
    return parse_date(line)
