"""The parser's view of a line: Han characters normalized, everything else as published.

A notice in traditional characters (``巡視``, ``整改情況``) must be parsed exactly like
its simplified twin, while every paragraph, title and issuer is shown as published.
So each extraction rule matches on :func:`simplified` and slices what it returns from
the original text: the view has the same length as the text, character for character,
which makes an offset in one an offset in the other.

Only Han characters go through :func:`~analysis.normalize.normalize` (which converts
them with OpenCC t2s, one character at a time, and folds compatibility ideographs).
Punctuation, digits and Latin letters keep their published form: the rules already
accept full- and half-width punctuation, which real notices mix, and NFKC would turn
the heading numbers ① or ㈠ into plain digits or expand them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from analysis.normalize import normalize


def _view_char(code: int) -> str:
    ch = chr(code)
    if unicodedata.category(ch) != "Lo" or not unicodedata.name(ch, "").startswith("CJK"):
        return ch
    folded = normalize(ch)
    return folded if len(folded) == 1 else ch


class _Table(dict):
    """``str.translate`` table filled on first sight of each character."""

    def __missing__(self, key: int) -> str:
        value = self[key] = _view_char(key)
        return value


_TABLE = _Table()


@lru_cache(maxsize=2048)  # about one notice's lines, which its rules ask for again and again
def simplified(text: str) -> str:
    """``text`` with each Han character in its normalized (simplified) form; same length."""
    return text if text.isascii() else text.translate(_TABLE)


def cut_matches(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` without the parts whose view matches ``pattern``: ``pattern.sub("", …)``
    decided on the view and applied to the published text."""
    view = simplified(text)
    kept, at = [], 0
    for m in pattern.finditer(view):
        kept.append(text[at:m.start()])
        at = m.end()
    kept.append(text[at:])
    return "".join(kept)
