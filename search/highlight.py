"""Highlights: ``<mark>`` every literal occurrence of every positive term.

Occurrences are found in the *normalized* text (the same test as matching) and
mapped back to display offsets with :func:`analysis.normalize.normalize_with_map`,
so a traditional-script or full-width query marks the characters the reader sees.
We never guess from jieba tokens. The result is escaped text plus ``<mark>`` tags,
passed through bleach with ``mark`` as the only allowed tag.
"""

from __future__ import annotations

import html
import threading

import bleach

from analysis.normalize import find_all, normalize_with_map

SNIPPET_CHARS = 160
ALLOWED_TAGS = frozenset({"mark"})


def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Merged display-text spans ``[start, end)`` of every occurrence of every term."""
    if not terms or not text:
        return []
    norm, starts, ends = normalize_with_map(text)
    found: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        for i in find_all(norm, term):
            found.append((starts[i], ends[i + len(term) - 1]))
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s < merged[-1][1]:  # overlapping, not merely adjacent
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


_local = threading.local()


def sanitize(markup: str) -> str:
    """Only ``<mark>`` survives; everything else is escaped.

    One ``Cleaner`` per thread: building one per call dominated the cost of a page
    of snippets, and a Cleaner is not meant to be shared between threads.
    """
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes={}, strip=False)
    return cleaner.clean(markup)


def _render(text: str, marks: list[tuple[int, int]], lo: int, hi: int) -> str:
    out: list[str] = []
    pos = lo
    for s, e in marks:
        s, e = max(s, lo), min(e, hi)
        if e <= s:
            continue
        out.append(html.escape(text[pos:s], quote=False))
        out.append("<mark>" + html.escape(text[s:e], quote=False) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:hi], quote=False))
    return "".join(out)


def mark_all(text: str, terms: list[str]) -> str:
    """The whole paragraph with every occurrence marked (notice reader)."""
    return sanitize(_render(text, spans(text, terms), 0, len(text)))


_SEP = "\ue000\ue001\ue002"  # private-use characters: never in a notice's text


def sanitize_many(markups: list[str]) -> list[str]:
    """``sanitize`` for a page of snippets in one bleach pass.

    bleach's html5lib parser costs about a millisecond per call whatever the length,
    which made sanitizing twenty snippets most of a query's time. Each snippet is
    balanced markup, so cleaning them joined and splitting again gives the same
    parts; if the separator ever occurred in the text, fall back to one by one.
    """
    if not markups:
        return []
    parts = sanitize(_SEP.join(markups)).split(_SEP)
    if len(parts) != len(markups):
        return [sanitize(m) for m in markups]
    return parts


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window of about ``width`` characters around the first occurrence, marked."""
    return sanitize(snippet_markup(text, terms, width))


def snippet_markup(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """The unsanitized snippet: escaped text and ``<mark>`` tags.

    The window starts a little before the first match so the reader sees its
    context; ellipses show where text was cut.
    """
    marks = spans(text, terms)
    if len(text) <= width:
        lo, hi = 0, len(text)
    else:
        first = marks[0][0] if marks else 0
        lo = max(0, min(first - width // 4, len(text) - width))
        hi = min(len(text), lo + width)
        for s, e in marks:  # never cut a mark in half: widen to whole occurrences
            if s < hi < e:
                hi = e
            if s < lo < e:
                lo = s
    body = _render(text, marks, lo, hi)
    if lo > 0:
        body = "…" + body
    if hi < len(text):
        body += "…"
    return body
