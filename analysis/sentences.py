"""Sentences and clauses: where a run-in heading ends, and what a date or a figure is read in.

Two units, each defined once:

- a **sentence** ends at 。！？ (or !?) outside “quotes” and 《titles》: a run-in
  heading is the first sentence of its paragraph;
- a **clause** also ends at ；(;): the span a date is tied to an event in
  (巡视组进驻 …；反馈 …) and the context shown with a rectification figure.
"""

from __future__ import annotations

import re

SENTENCE_ENDS = "。！？!?"
CLAUSE_ENDS = SENTENCE_ENDS + "；;"
_OPENING, _CLOSING = "“‘《", "”’》"
_CLAUSE_RE = re.compile(rf"[^{CLAUSE_ENDS}]+[{CLAUSE_ENDS}]?")


def first_sentence_end(text: str) -> int:
    """Index just past the first sentence end outside “quotes” and 《titles》, or -1."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth = max(0, depth - 1)
        elif ch in SENTENCE_ENDS and depth == 0:
            return i + 1
    return -1


def clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pairs; a clause ends at one of :data:`CLAUSE_ENDS` or the text's end."""
    return [(m.start(), m.group()) for m in _CLAUSE_RE.finditer(text)]


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause around ``text[start:end]``: its ending punctuation
    included, surrounding white space left out."""
    left = max(text.rfind(ch, 0, start) for ch in CLAUSE_ENDS) + 1
    rights = [i for i in (text.find(ch, end) for ch in CLAUSE_ENDS) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right
