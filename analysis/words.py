"""jieba words: the ranking vocabulary of the index and of the queries.

jieba decides *how well* a paragraph matches (BM25F over its words) and what 分词 mode
looks for, never what exact mode matches: its segmentation of a string differs with
context, so it could lose hits. One function, used at build and query time alike,
with the project's domain dictionary (``userdict.txt``: 八项规定, 巡视整改, …) loaded.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import jieba

from analysis.normalize import normalize

USER_DICT = Path(__file__).with_name("userdict.txt")
_jieba_lock = threading.Lock()
_jieba_ready = False


def _ensure_jieba() -> None:
    """Load jieba's dictionary and ours once per process (jieba itself is lazy)."""
    global _jieba_ready
    if _jieba_ready:
        return
    with _jieba_lock:
        if not _jieba_ready:
            jieba.setLogLevel(60)
            jieba.initialize()
            jieba.load_userdict(str(USER_DICT))
            _jieba_ready = True


_WORDLIKE = re.compile(r"\w")


def words(text: str) -> list[str]:
    """jieba words of the *normalized* text (search mode), punctuation and spaces dropped."""
    return normalized_words(normalize(text))


def normalized_words(norm: str) -> list[str]:
    """:func:`words` of text that is already normalized (the build normalizes each
    paragraph once)."""
    _ensure_jieba()
    return [w for w in (t.strip() for t in jieba.cut_for_search(norm))
            if w and _WORDLIKE.search(w)]
