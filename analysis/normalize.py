"""The one text normalization used wherever text is compared.

Indexing, query parsing, highlighting and the tests all call :func:`normalize`
(or :func:`normalize_with_map`, which returns the same string plus offsets), so a
hit, a count and a ``<mark>`` can never disagree about what "contains" means.

The function is NFKC, then casefold, then OpenCC traditional→simplified (t2s),
applied *unit by unit* (a unit is a base character plus its combining marks).
Working per unit makes normalization a homomorphism — ``normalize(a + b) ==
normalize(a) + normalize(b)`` at unit boundaries — which is exactly what literal
substring search needs: if a query occurs in a paragraph, its normalized form
occurs in the normalized paragraph. OpenCC's phrase-level conversion is context
dependent and would break that guarantee, so each character is converted alone.
Display text is never altered; the offset map takes a normalized span back to
the characters the reader sees.
"""

from __future__ import annotations

import threading
import unicodedata

import opencc

_T2S = opencc.OpenCC("t2s")
_T2S_LOCK = threading.Lock()  # the C converter is shared by the server's threads


def _normalize_unit(unit: str) -> str:
    folded = unicodedata.normalize("NFKC", unit).casefold()
    # NFKC can emit several characters (e.g. "㈠" -> "(一)"); convert each alone.
    with _T2S_LOCK:
        return "".join(_T2S.convert(ch) if ord(ch) > 0x2E7F else ch for ch in folded)


class _Table(dict):
    """``str.translate`` table filled lazily: C-speed for every character seen before."""

    def __missing__(self, key: int) -> str:
        value = _normalize_unit(chr(key))
        self[key] = value
        return value


_TABLE = _Table()


_COMBINING = frozenset(
    chr(c) for c in range(0x300, 0x110000) if unicodedata.combining(chr(c)))


def _has_combining(text: str) -> bool:
    """C-speed test for the rare slow path (``isdisjoint`` walks the string in C)."""
    return not _COMBINING.isdisjoint(text)


def same_offsets(text: str, norm: str) -> bool:
    """True when ``norm`` (= normalize(text)) lines up character for character with ``text``.

    Expansion (㈠ → (一)) changes the length; contraction needs combining marks.
    """
    return len(text) == len(norm) and not _has_combining(text)


def normalize(text: str) -> str:
    """Return the comparison form of ``text`` (NFKC + casefold + per-character t2s)."""
    if text.isascii():
        return text.casefold()
    if not _has_combining(text):
        return text.translate(_TABLE)
    return normalize_with_map(text)[0]


def _units(text: str) -> list[tuple[int, int]]:
    """Split into (start, end) units: a base character followed by its combining marks."""
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if spans and unicodedata.combining(ch):
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def normalize_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """Normalize and return ``(normalized, starts, ends)``.

    ``starts[i]``/``ends[i]`` are the display-text offsets of the unit that produced
    normalized character ``i``, so a normalized match ``[i, j)`` is displayed as
    ``text[starts[i]:ends[j - 1]]``.
    """
    fast = not _has_combining(text)
    if fast:
        norm = text.translate(_TABLE)
        if len(norm) == len(text):  # one character each: offsets are the identity
            return norm, list(range(len(text))), list(range(1, len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    spans = [(i, i + 1) for i in range(len(text))] if fast else _units(text)
    for start, end in spans:
        piece = text[start:end]
        norm = _TABLE[ord(piece)] if end - start == 1 else _normalize_unit(piece)
        out.append(norm)
        starts.extend([start] * len(norm))
        ends.extend([end] * len(norm))
    return "".join(out), starts, ends


def find_all(haystack: str, needle: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``needle``."""
    if not needle:
        return []
    hits: list[int] = []
    i = haystack.find(needle)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits
