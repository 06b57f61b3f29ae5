"""Chinese numerals: one reader for every number a notice writes out.

Dates (二〇二〇年十二月三十一日), counts (立案十二件) and amounts (2966.92万元) mix
Arabic digits, Chinese numerals and the 万/亿 multipliers; the parser's dates and the
figures extraction read them with the same function.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3,
             "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
             "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ZEROS = frozenset({"零", "〇", "○"})
_TOKEN_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|.", re.S)


def parse_chinese_number(text: str) -> float | None:
    """The value of a written number: ``十二`` 12, ``一百零五`` 105, ``2966.92万`` 29669200,
    ``1.2亿`` 1.2e8, ``两`` 2, ``１２`` 12, ``1,200`` 1200, ``二〇二一`` 2021.

    Arabic digits, Chinese numerals and the 万/亿 multipliers may be mixed (``3万5千``).
    Decimal arithmetic keeps ``90.05万`` at exactly 900500. Returns None for anything
    that is not one number: empty text, stray characters, a bare multiplier (``万``),
    digits run together without a unit in between (``一百二三``), a 十 that follows
    another unit without a digit (``十十``) and two-digit runs such as ``三五``
    (Chinese for "three or five", an estimate).
    """
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))", "", s)  # thousands separators
    if not s:
        return None
    tokens = _TOKEN_RE.findall(s)
    has_unit = any(t in CN_SMALL_UNITS or t in CN_BIG_UNITS for t in tokens)
    if not has_unit:
        if len(tokens) == 1 and tokens[0][0].isdigit():
            return float(Decimal(tokens[0]))
        if all(t in CN_DIGITS for t in tokens):
            if len(tokens) == 1:
                return float(CN_DIGITS[tokens[0]])
            if len(tokens) == 2 and not _ZEROS & set(tokens):
                return None  # 三五: "three or five"
            return float(int("".join(str(CN_DIGITS[t]) for t in tokens)))  # 二〇二一
        return None
    total = section = Decimal(0)
    number: Decimal | None = None
    for tok in tokens:
        if tok[0].isdigit() or tok in CN_DIGITS:
            if tok in _ZEROS:
                continue  # a placeholder inside 一百零五
            if number is not None:
                return None  # 一百二三: two digits without a unit between
            number = Decimal(tok) if tok[0].isdigit() else Decimal(CN_DIGITS[tok])
        elif tok in CN_SMALL_UNITS:
            if number is None:
                if CN_SMALL_UNITS[tok] != 10 or section:
                    return None  # 百/千 need a digit; 十 alone means 一十, at the start only
                number = Decimal(1)
            section += number * CN_SMALL_UNITS[tok]
            number = None
        elif tok in CN_BIG_UNITS:
            section += number if number is not None else 0
            number = None
            if section == 0:
                return None  # 万 with nothing before it
            if CN_BIG_UNITS[tok] == 10**8:
                total, section = (total + section) * 10**8, Decimal(0)
            else:
                section *= 10**4
        else:
            return None
    return float(total + section + (number or 0))


def add_values(values: Iterable[float]) -> float:
    """A sum that keeps money exact to the fen (90.05万 + 0.01 is not 900500.0100000001)."""
    return float(sum((Decimal(repr(v)) for v in values), Decimal(0)))


def chinese_integer(text: str) -> int | None:
    """:func:`parse_chinese_number` for whole numbers only (years, months, days)."""
    value = parse_chinese_number(text)
    return int(value) if value is not None and value.is_integer() else None
